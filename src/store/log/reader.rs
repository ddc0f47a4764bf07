//! The batch reader: reads the log on one thread and parses its lines, in
//! batches, on others; hands the parsed lines back in file order.

use std::borrow::Cow;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use chrono::NaiveDate;

use super::Kind;
use super::line::{LineId, ParsedLine, Target, parse_line};
use crate::sched::Grade;
use crate::store::error::{StoreError, io};

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
struct Fields {
    deck: Text,
    card: Text,
    grade: Grade,
    kind: Kind,
    at_ms: i64,
    day: NaiveDate,
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
            id: p.id,
            undoes: p.undoes,
        }
    }

    fn get<'a>(&'a self, buf: &'a [u8]) -> ParsedLine<'a> {
        ParsedLine {
            deck: self.deck.get(buf),
            card: self.card.get(buf),
            grade: self.grade,
            kind: self.kind,
            at_ms: self.at_ms,
            day: self.day,
            id: self.id,
            undoes: self.undoes,
        }
    }
}

/// One line, parsed off the main thread.
struct Record {
    line: usize,
    had_newline: bool,
    blank: bool,
    parsed: Result<Fields, String>,
}

/// Lines read and parsed together, with the buffer their spans point into.
struct Batch {
    buf: Vec<u8>,
    records: Vec<Record>,
}

/// Reads the log on one thread and parses the JSON of its lines in batches
/// on others (up to four), and calls `f(line, parsed, had_newline)` for every
/// non-blank line, in file order, on this thread. Returns the number of lines
/// read. A missing file is an empty log.
pub(super) fn for_each_parsed(
    path: &Path,
    mut f: impl FnMut(usize, Result<ParsedLine<'_>, String>, bool),
) -> Result<usize, StoreError> {
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(io(path, "cannot open the review log")(e)),
    };
    const BATCH_BYTES: usize = 256 * 1024;
    // reader -> (raw batches) -> parsers -> (parsed, numbered) -> this thread,
    // which puts the batches back in file order.
    let (raw_tx, raw_rx) = std::sync::mpsc::sync_channel::<RawBatch>(4);
    let raw_rx = std::sync::Mutex::new(raw_rx);
    let (done_tx, done_rx) = std::sync::mpsc::sync_channel::<(usize, Batch)>(8);
    let parsers = std::thread::available_parallelism()
        .map(std::num::NonZeroUsize::get)
        .unwrap_or(1)
        .clamp(1, 4);
    std::thread::scope(|scope| {
        let reader = scope.spawn(move || -> Result<usize, std::io::Error> {
            let mut reader = BufReader::with_capacity(1 << 16, file);
            let mut n = 0;
            for seq in 0.. {
                let mut buf = Vec::with_capacity(BATCH_BYTES + 512);
                let mut bounds = Vec::new();
                while buf.len() < BATCH_BYTES {
                    let start = buf.len();
                    if reader.read_until(b'\n', &mut buf)? == 0 {
                        break;
                    }
                    bounds.push((start, buf.len()));
                }
                if bounds.is_empty() {
                    break;
                }
                let first_line = n + 1;
                n += bounds.len();
                let raw = RawBatch {
                    seq,
                    first_line,
                    buf,
                    bounds,
                };
                if raw_tx.send(raw).is_err() {
                    break;
                }
            }
            Ok(n)
        });
        for _ in 0..parsers {
            let done_tx = done_tx.clone();
            let raw_rx = &raw_rx;
            scope.spawn(move || {
                loop {
                    let job = match raw_rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => return,
                    };
                    let Ok(raw) = job else { return };
                    let seq = raw.seq;
                    if done_tx.send((seq, raw.parse())).is_err() {
                        return;
                    }
                }
            });
        }
        drop(done_tx);
        let mut waiting: std::collections::BTreeMap<usize, Batch> =
            std::collections::BTreeMap::new();
        let mut next = 0;
        for (seq, batch) in done_rx {
            waiting.insert(seq, batch);
            while let Some(batch) = waiting.remove(&next) {
                next += 1;
                for r in &batch.records {
                    if r.blank {
                        continue;
                    }
                    let parsed = match &r.parsed {
                        Ok(fields) => Ok(fields.get(&batch.buf)),
                        Err(e) => Err(e.clone()),
                    };
                    f(r.line, parsed, r.had_newline);
                }
            }
        }
        reader
            .join()
            .unwrap_or_else(|_| Err(std::io::Error::other("the log reader thread failed")))
            .map_err(io(path, "cannot read the review log"))
    })
}

/// Lines read but not parsed yet: the `seq`-th batch of the file.
struct RawBatch {
    seq: usize,
    first_line: usize,
    buf: Vec<u8>,
    bounds: Vec<(usize, usize)>,
}

impl RawBatch {
    fn parse(self) -> Batch {
        let RawBatch {
            first_line,
            buf,
            bounds,
            ..
        } = self;
        let records = bounds
            .into_iter()
            .enumerate()
            .map(|(i, (a, b))| {
                let had_newline = buf[b - 1] == b'\n';
                let line = &buf[a..b - usize::from(had_newline)];
                let blank = line.iter().all(u8::is_ascii_whitespace);
                let parsed = if blank {
                    Err(String::new())
                } else {
                    parse_line(line).map(|p| Fields::of(p, &buf))
                };
                Record {
                    line: first_line + i,
                    had_newline,
                    blank,
                    parsed,
                }
            })
            .collect();
        Batch { buf, records }
    }
}
