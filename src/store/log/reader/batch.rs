//! A batch of log lines: read on the reader thread, parsed on a parser
//! thread, each line's texts kept as spans of the batch's buffer.

use std::borrow::Cow;
use std::ops::Range;

use chrono::NaiveDate;

use super::super::Kind;
use super::super::fastline::{Fast, FastParser};
use super::super::line::{LineId, ParsedLine, Review, Target, parse_line};
use crate::sched::Grade;

/// A key text of a parsed line: a span of the batch buffer, or owned when
/// the JSON string had escapes.
enum Text {
    Span(Range<usize>),
    Owned(Box<str>),
}

impl Text {
    fn of(s: Cow<'_, str>, buf: &[u8]) -> Text {
        match s {
            Cow::Borrowed(b) => {
                let start = (b.as_ptr() as usize).wrapping_sub(buf.as_ptr() as usize);
                if start <= buf.len() && b.len() <= buf.len() - start {
                    Text::Span(start..start + b.len())
                } else {
                    Text::Owned(b.into())
                }
            }
            Cow::Owned(o) => Text::Owned(o.into_boxed_str()),
        }
    }

    fn get<'a>(&'a self, buf: &'a Buf) -> Cow<'a, str> {
        Cow::Borrowed(self.str(buf))
    }

    #[inline]
    fn str<'a>(&'a self, buf: &'a Buf) -> &'a str {
        match self {
            Text::Span(r) => buf.text(r.clone()),
            Text::Owned(s) => s,
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
    fn of_fast(f: Fast) -> Fields {
        Fields {
            deck: Text::Span(f.deck),
            card: Text::Span(f.card),
            grade: f.grade,
            kind: f.kind,
            at_ms: f.at_ms,
            day: f.day,
            spent_ms: f.spent_ms,
            id: f.id,
            undoes: None,
        }
    }

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

    /// The line's (deck, card) ids.
    #[inline]
    pub(super) fn key<'a>(&'a self, buf: &'a Buf) -> (&'a str, &'a str) {
        (self.deck.str(buf), self.card.str(buf))
    }

    /// What the line says of its review.
    #[inline]
    pub(super) fn review(&self) -> Review {
        Review {
            grade: self.grade,
            kind: self.kind,
            at_ms: self.at_ms,
            day: self.day,
            spent_ms: self.spent_ms,
        }
    }

    #[inline]
    pub(super) fn get<'a>(&'a self, buf: &'a Buf) -> ParsedLine<'a> {
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

/// The bytes of a batch: as text once checked as UTF-8 all at once (as a
/// log nearly always is: then no line's texts are checked again), else as
/// they are.
pub(super) enum Buf {
    Text(String),
    Bytes(Vec<u8>),
}

impl Buf {
    /// The text at `r` (empty if that is not text).
    #[inline]
    fn text(&self, r: Range<usize>) -> &str {
        match self {
            Buf::Text(t) => t.get(r),
            Buf::Bytes(v) => v.get(r).and_then(|s| std::str::from_utf8(s).ok()),
        }
        .unwrap_or_default()
    }
}

/// Lines read and parsed together, with the buffer their spans point into.
pub(super) struct Batch {
    pub(super) buf: Buf,
    pub(super) records: Vec<Record>,
}

impl Batch {
    /// Gives the batch's buffer and records, emptied, to `spares`.
    pub(super) fn recycle(self, spares: &Spares) {
        let Batch { buf, mut records } = self;
        records.clear();
        let mut bytes = match buf {
            Buf::Text(t) => t.into_bytes(),
            Buf::Bytes(b) => b,
        };
        bytes.clear();
        Spares::give(&spares.bufs, bytes);
        Spares::give(&spares.records, records);
    }
}

/// The buffers and record vectors of batches already applied, for the
/// next batches to reuse: a replay then touches the same few megabytes
/// over and over, where fresh ones each time cost the kernel a page fault
/// per page (the allocator gives large blocks back to it once freed).
#[derive(Default)]
pub(super) struct Spares {
    bufs: std::sync::Mutex<Vec<Vec<u8>>>,
    records: std::sync::Mutex<Vec<Vec<Record>>>,
}

impl Spares {
    /// At most this many of each are kept: more are never in flight.
    const KEEP: usize = 16;

    fn give<T>(pool: &std::sync::Mutex<Vec<Vec<T>>>, v: Vec<T>) {
        if let Ok(mut p) = pool.lock()
            && p.len() < Self::KEEP
        {
            p.push(v);
        }
    }

    fn take<T>(pool: &std::sync::Mutex<Vec<Vec<T>>>) -> Vec<T> {
        pool.lock()
            .ok()
            .and_then(|mut p| p.pop())
            .unwrap_or_default()
    }

    /// An empty buffer, with room from an earlier batch if there is one.
    pub(super) fn buf(&self) -> Vec<u8> {
        Self::take(&self.bufs)
    }

    /// An empty vector of records, with room from an earlier batch if
    /// there is one.
    fn records(&self) -> Vec<Record> {
        Self::take(&self.records)
    }
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
    /// The batch's lines parsed (into a vector of records from `spares`).
    pub(super) fn parse(self, spares: &Spares) -> Batch {
        let RawBatch { buf, long, .. } = self;
        if let Some((len, had_newline)) = long {
            let record = Record {
                had_newline,
                blank: false,
                parsed: Err(too_long(len)),
            };
            return Batch {
                buf: Buf::Bytes(buf),
                records: vec![record],
            };
        }
        let buf = match String::from_utf8(buf) {
            Ok(text) => Buf::Text(text),
            Err(e) => Buf::Bytes(e.into_bytes()),
        };
        let mut records = spares.records();
        match &buf {
            Buf::Text(text) => push_records(&mut records, text.as_bytes(), true),
            Buf::Bytes(bytes) => push_records(&mut records, bytes, false),
        }
        Batch { buf, records }
    }
}

/// Pushes the records of the lines in `bytes`; `all_text` if they are all
/// UTF-8.
/// Then a line of the shape concur writes is read once, by the fast
/// parse, which finds its end too; every other line is found by its
/// newline and goes to the serde parse. In a batch that is not all UTF-8,
/// each line is checked first: one that is not UTF-8 goes to the serde
/// parse, whose error it gets (the fast parse takes none).
fn push_records(records: &mut Vec<Record>, bytes: &[u8], all_text: bool) {
    records.reserve(bytes.len() / 96 + 1);
    let mut fast = FastParser::default();
    let mut start = 0;
    while start < bytes.len() {
        if all_text && let Some((fields, end, had_newline)) = fast_line(&mut fast, bytes, start) {
            records.push(Record {
                had_newline,
                blank: false,
                parsed: Ok(fields),
            });
            start = end + 1;
            continue;
        }
        let rest = bytes.get(start..).unwrap_or_default();
        let (len, had_newline) = match memchr::memchr(b'\n', rest) {
            Some(i) => (i, true),
            None => (rest.len(), false),
        };
        let line = rest.get(..len).unwrap_or_default();
        let blank = line.iter().all(u8::is_ascii_whitespace);
        let parsed = if blank {
            Err(String::new())
        } else if line.len() > MAX_LINE_BYTES {
            Err(too_long(line.len() as u64))
        } else {
            let took = (!all_text && std::str::from_utf8(line).is_ok())
                .then(|| fast_line(&mut fast, bytes, start))
                .flatten();
            match took {
                Some((fields, ..)) => Ok(fields),
                None => parse_line(line).map(|p| Fields::of(p, bytes)),
            }
        };
        records.push(Record {
            had_newline,
            blank,
            parsed,
        });
        start += len + 1;
    }
}

/// The line at `start` by the fast parse alone, if it takes it: its
/// fields, where it ends and whether a newline ends it.
#[inline(always)]
fn fast_line(fast: &mut FastParser, bytes: &[u8], start: usize) -> Option<(Fields, usize, bool)> {
    let f = fast.at(bytes, start)?;
    let end = f.end;
    let had_newline = match bytes.get(end) {
        None => false,
        Some(b'\n') => true,
        // More on the line: another shape.
        Some(_) => return None,
    };
    (end - start <= MAX_LINE_BYTES).then(|| (Fields::of_fast(f), end, had_newline))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::store::log::testing::arb_line;
    use proptest::prelude::*;

    /// A line as bytes: one near the written shape, maybe with a byte that
    /// is not UTF-8 put in, or a blank one.
    fn arb_bytes_line() -> impl Strategy<Value = Vec<u8>> {
        let bad = prop::sample::select(vec![0xffu8, 0xc3, 0x80, b'\r', b'\t']);
        prop_oneof![
            6 => arb_line().prop_map(String::into_bytes),
            2 => (arb_line(), any::<prop::sample::Index>(), bad).prop_map(|(l, i, b)| {
                let mut v = l.into_bytes();
                v.insert(i.index(v.len() + 1), b);
                v
            }),
            1 => prop::sample::select(vec![&b""[..], b" ", b"\t \r", b"{", b"}"]).prop_map(<[u8]>::to_vec),
        ]
    }

    /// Lines of the written shape, most with the date and offset of the
    /// line before, maybe with one byte changed (so that the fast parse's
    /// kept date and offset meet lines that differ from them anywhere).
    fn arb_run_line() -> impl Strategy<Value = Vec<u8>> {
        let at = prop::sample::select(vec![
            "2024-01-01T09:00:00.000+01:00",
            "2024-01-01T09:00:07.250+01:00",
            "2024-01-01T23:59:59.999+01:00",
            "2024-01-02T00:00:00.000+01:00",
            "2024-01-02T00:00:00.000-05:30",
            "2024-02-29T12:00:00.000-05:30",
        ]);
        let change = prop::option::weighted(
            0.3,
            (
                any::<prop::sample::Index>(),
                prop::sample::select(b"0123456789+-:.T\"x }\xff".to_vec()),
            ),
        );
        (at, 0u32..6, change).prop_map(|(at, grade, change)| {
            let line = format!(
                r#"{{"at":"{at}","deck":"deck-01","card":"card-0001","grade":{grade},"kind":"review","ms":4200}}"#
            );
            let mut v = line.into_bytes();
            if let Some((i, c)) = change {
                let i = i.index(v.len());
                v[i] = c;
            }
            v
        })
    }

    proptest! {
        #[test]
        fn runs_of_one_date_parse_as_the_serde_parse_does(
            lines in prop::collection::vec(arb_run_line(), 1..40),
        ) {
            let buf = lines.join(&b'\n');
            let batch = RawBatch { seq: 0, buf: buf.clone(), long: None }.parse(&Spares::default());
            prop_assert_eq!(batch.records.len(), lines.len());
            for (i, (r, line)) in batch.records.iter().zip(&lines).enumerate() {
                prop_assert!(!r.blank);
                let got = r.parsed.as_ref().map(|f| f.get(&batch.buf)).map_err(String::clone);
                prop_assert_eq!(got, parse_line(line), "line {}", i);
            }
        }

        #[test]
        fn a_batch_parses_each_line_as_the_serde_parse_does(
            lines in prop::collection::vec(arb_bytes_line(), 1..12),
            newline_at_end in any::<bool>(),
            earlier in prop::collection::vec(arb_bytes_line(), 0..12),
        ) {
            let mut buf = lines.join(&b'\n');
            if newline_at_end {
                buf.push(b'\n');
            }
            // Parsed into the buffer and records of an earlier batch, which
            // leave nothing of theirs behind.
            let spares = Spares::default();
            RawBatch { seq: 0, buf: earlier.join(&b'\n'), long: None }.parse(&spares).recycle(&spares);
            let mut reused = spares.buf();
            reused.extend_from_slice(&buf);
            let batch = RawBatch { seq: 1, buf: reused, long: None }.parse(&spares);
            // The lines up to each newline, and the bytes after the last.
            let mut want: Vec<&[u8]> = buf.split(|&c| c == b'\n').collect();
            if want.last().is_some_and(|l| l.is_empty()) {
                want.pop();
            }
            prop_assert_eq!(batch.records.len(), want.len());
            for (i, (r, line)) in batch.records.iter().zip(&want).enumerate() {
                prop_assert_eq!(r.had_newline, buf.ends_with(b"\n") || i + 1 < want.len());
                let blank = line.iter().all(u8::is_ascii_whitespace);
                prop_assert_eq!(r.blank, blank);
                if blank {
                    continue;
                }
                let got = r.parsed.as_ref().map(|f| f.get(&batch.buf)).map_err(String::clone);
                prop_assert_eq!(got, parse_line(line), "line {}", i);
            }
        }
    }
}
