//! A batch of log lines: read on the reader thread, parsed on a parser
//! thread, each line's texts kept as spans of the batch's buffer.

use std::borrow::Cow;

use chrono::NaiveDate;

use super::super::Kind;
use super::super::fastline::parse_fast;
use super::super::line::{LineId, ParsedLine, Target};
use crate::sched::Grade;

/// A key text of a parsed line: a span of the batch buffer, or owned when
/// the JSON string had escapes.
enum Text {
    Span(usize, usize),
    Owned(String),
}

impl Text {
    fn of(s: Cow<'_, str>, buf: &[u8]) -> Text {
        match s {
            Cow::Borrowed(b) => {
                let start = (b.as_ptr() as usize).wrapping_sub(buf.as_ptr() as usize);
                if start <= buf.len() && start + b.len() <= buf.len() {
                    Text::Span(start, start + b.len())
                } else {
                    Text::Owned(b.to_string())
                }
            }
            Cow::Owned(o) => Text::Owned(o),
        }
    }

    fn get<'a>(&'a self, buf: &'a [u8]) -> Cow<'a, str> {
        match self {
            Text::Span(a, b) => buf
                .get(*a..*b)
                .and_then(|s| std::str::from_utf8(s).ok())
                .map_or(Cow::Borrowed(""), Cow::Borrowed),
            Text::Owned(s) => Cow::Borrowed(s),
        }
    }
}

/// A [`ParsedLine`] whose texts point into its batch's buffer.
pub(super) struct Fields {
    deck: Text,
    card: Text,
    grade: Grade,
    kind: Kind,
    at_ms: i64,
    day: NaiveDate,
    spent_ms: u32,
    id: Option<LineId>,
    undoes: Option<Target>,
}

impl Fields {
    fn of(p: ParsedLine<'_>, buf: &[u8]) -> Fields {
        Fields {
            deck: Text::of(p.deck, buf),
            card: Text::of(p.card, buf),
            grade: p.grade,
            kind: p.kind,
            at_ms: p.at_ms,
            day: p.day,
            spent_ms: p.spent_ms,
            id: p.id,
            undoes: p.undoes,
        }
    }

    pub(super) fn get<'a>(&'a self, buf: &'a [u8]) -> ParsedLine<'a> {
        ParsedLine {
            deck: self.deck.get(buf),
            card: self.card.get(buf),
            grade: self.grade,
            kind: self.kind,
            at_ms: self.at_ms,
            day: self.day,
            spent_ms: self.spent_ms,
            id: self.id,
            undoes: self.undoes,
        }
    }
}

/// One line, parsed off the main thread.
pub(super) struct Record {
    pub(super) had_newline: bool,
    pub(super) blank: bool,
    pub(super) parsed: Result<Fields, String>,
}

/// Lines read and parsed together, with the buffer their spans point into.
pub(super) struct Batch {
    pub(super) buf: Vec<u8>,
    pub(super) records: Vec<Record>,
}

/// The longest line the log may hold. Longer lines are reported as
/// unreadable; the reader never holds more than a batch of one.
pub(crate) const MAX_LINE_BYTES: usize = 64 * 1024;

/// Why a line over [`MAX_LINE_BYTES`] is not read.
fn too_long(len: u64) -> String {
    format!(
        "unreadable: the line is {} KiB, longer than a log line may be ({} KiB)",
        len.div_ceil(1024),
        MAX_LINE_BYTES / 1024
    )
}

/// Whole lines read but not parsed yet: the `seq`-th batch after the
/// prefix.
pub(super) struct RawBatch {
    pub(super) seq: usize,
    pub(super) buf: Vec<u8>,
    /// Instead of lines: one line too long to keep, its length and whether
    /// it ended with a newline.
    pub(super) long: Option<(u64, bool)>,
}

impl RawBatch {
    pub(super) fn parse(self) -> Batch {
        let RawBatch { buf, long, .. } = self;
        if let Some((len, had_newline)) = long {
            let record = Record {
                had_newline,
                blank: false,
                parsed: Err(too_long(len)),
            };
            return Batch {
                buf,
                records: vec![record],
            };
        }
        let mut records = Vec::with_capacity(buf.len() / 96 + 1);
        let mut start = 0;
        while start < buf.len() {
            let (end, had_newline) = match memchr::memchr(b'\n', &buf[start..]) {
                Some(i) => (start + i, true),
                None => (buf.len(), false),
            };
            let line = &buf[start..end];
            let blank = line.iter().all(u8::is_ascii_whitespace);
            let parsed = if blank {
                Err(String::new())
            } else if line.len() > MAX_LINE_BYTES {
                Err(too_long(line.len() as u64))
            } else {
                parse_fast(line).map(|p| Fields::of(p, &buf))
            };
            records.push(Record {
                had_newline,
                blank,
                parsed,
            });
            start = end + 1;
        }
        Batch { buf, records }
    }
}
