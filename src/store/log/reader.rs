//! The batch reader: reads the log on one thread and parses its lines, in
//! batches, on others; hands the parsed lines back in file order.

use std::borrow::Cow;
use std::fs::File;
use std::io::Read;
use std::path::Path;

use chrono::NaiveDate;
use xxhash_rust::xxh3::Xxh3;

use super::Kind;
use super::fastline::parse_fast;
use super::line::{LineId, ParsedLine, Target};
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

    fn get<'a>(&'a self, buf: &'a [u8]) -> ParsedLine<'a> {
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
struct Record {
    had_newline: bool,
    blank: bool,
    parsed: Result<Fields, String>,
}

/// Lines read and parsed together, with the buffer their spans point into.
struct Batch {
    buf: Vec<u8>,
    records: Vec<Record>,
}

/// Bytes at the start of the log that were replayed before: skipped (only
/// hashed) if they are unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Prefix {
    /// Length in bytes (at the end of a line).
    pub len: u64,
    /// [`xxh3_128`](xxhash_rust::xxh3) of those bytes.
    pub hash: u128,
}

/// What one read of the log found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ReadEnd {
    /// Read to the end: the lines after the prefix, and the [`Prefix`] of
    /// every complete line of the file (up to its last newline).
    Done {
        /// Lines read after the skipped prefix (blank and torn ones too).
        lines: usize,
        /// The file up to its last newline.
        complete: Prefix,
    },
    /// The file no longer starts with the prefix: nothing was passed on.
    PrefixChanged,
}

const BATCH_BYTES: usize = 256 * 1024;

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

/// Reads exactly `buf.len()` bytes unless the file ends first; returns how
/// many were read.
fn read_full(file: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match file.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}

/// The reader thread: checks and skips `skip`, then sends the rest in
/// batches of whole lines (the last one may be torn).
fn read_batches(
    mut file: File,
    skip: Option<Prefix>,
    raw_tx: &std::sync::mpsc::SyncSender<RawBatch>,
) -> std::io::Result<ReadEnd> {
    let mut hasher = Xxh3::new();
    let mut offset: u64 = 0;
    if let Some(p) = skip {
        if file.metadata()?.len() < p.len {
            return Ok(ReadEnd::PrefixChanged);
        }
        let mut chunk = vec![0u8; 1 << 20];
        while offset < p.len {
            let want = usize::try_from(p.len - offset)
                .unwrap_or(usize::MAX)
                .min(chunk.len());
            let got = read_full(&mut file, &mut chunk[..want])?;
            if got == 0 {
                return Ok(ReadEnd::PrefixChanged);
            }
            hasher.update(&chunk[..got]);
            offset += got as u64;
        }
        if hasher.digest128() != p.hash {
            return Ok(ReadEnd::PrefixChanged);
        }
    }
    let mut carry: Vec<u8> = Vec::new();
    for seq in 0.. {
        let mut buf = std::mem::take(&mut carry);
        let have = buf.len();
        let want = BATCH_BYTES.max(have + 4096);
        buf.resize(want, 0);
        let got = read_full(&mut file, &mut buf[have..])?;
        buf.truncate(have + got);
        let eof = have + got < want;
        let complete = memchr::memrchr(b'\n', &buf).map_or(0, |i| i + 1);
        if !eof && complete == 0 {
            // One line longer than a batch, so far longer than a line may
            // be: skipped to its end, hashed but not kept.
            let (len, rest) = skip_line(&mut file, buf, &mut hasher)?;
            let ended = rest.is_some();
            if ended {
                offset += len;
            }
            let long = RawBatch {
                seq,
                buf: Vec::new(),
                long: Some((len, ended)),
            };
            if raw_tx.send(long).is_err() || !ended {
                break;
            }
            carry = rest.unwrap_or_default();
            continue;
        }
        if !eof {
            carry = buf.split_off(complete);
        }
        hasher.update(&buf[..complete]);
        offset += complete as u64;
        let last = eof;
        let batch = RawBatch {
            seq,
            buf,
            long: None,
        };
        if !batch.buf.is_empty() && raw_tx.send(batch).is_err() {
            break;
        }
        if last {
            break;
        }
    }
    Ok(ReadEnd::Done {
        lines: 0,
        complete: Prefix {
            len: offset,
            hash: hasher.digest128(),
        },
    })
}

/// Reads on to the end of a line that `head` (no newline in it) began,
/// holding no more than one chunk. Returns the line's length with its
/// newline, and the bytes after the newline (`None` if the file ended
/// first: a torn line). Only a line that ended goes into `hasher`.
fn skip_line(
    file: &mut File,
    mut head: Vec<u8>,
    hasher: &mut Xxh3,
) -> std::io::Result<(u64, Option<Vec<u8>>)> {
    let mut h = hasher.clone();
    h.update(&head);
    let mut len = head.len() as u64;
    let chunk = &mut head;
    chunk.resize(64 * 1024, 0);
    loop {
        let got = read_full(file, chunk)?;
        if got == 0 {
            return Ok((len, None));
        }
        let read = &chunk[..got];
        if let Some(i) = memchr::memchr(b'\n', read) {
            h.update(&read[..=i]);
            *hasher = h;
            return Ok((len + i as u64 + 1, Some(read[i + 1..].to_vec())));
        }
        h.update(read);
        len += got as u64;
    }
}

/// Reads the log on one thread and parses its lines in batches on others
/// (up to four); on this thread, meanwhile, makes the state with `prepare`
/// (`None` stops everything), then calls `f(state, line, parsed,
/// had_newline)` for every non-blank line, in file order; `line` counts from 1 at
/// the first line after `skip`. If `skip` is given, the file must start
/// with exactly those bytes: they are hashed, not parsed (else nothing is
/// passed to `f` and [`ReadEnd::PrefixChanged`] is returned). A missing file
/// is an empty log.
pub(crate) fn for_each_parsed<S>(
    path: &Path,
    skip: Option<Prefix>,
    prepare: impl FnOnce() -> Option<S>,
    mut f: impl FnMut(&mut S, usize, Result<ParsedLine<'_>, String>, bool),
) -> Result<(Option<S>, ReadEnd), StoreError> {
    let file = match super::open::open_regular(path, false) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let state = prepare();
            return Ok((
                state,
                match skip {
                    Some(p) if p.len > 0 => ReadEnd::PrefixChanged,
                    _ => ReadEnd::Done {
                        lines: 0,
                        complete: Prefix {
                            len: 0,
                            hash: Xxh3::new().digest128(),
                        },
                    },
                },
            ));
        }
        Err(e) => return Err(io(path, "cannot open the review log")(e)),
    };
    // reader -> (raw batches) -> parsers -> (parsed) -> this thread, which
    // puts the batches back in file order and numbers the lines.
    let (raw_tx, raw_rx) = std::sync::mpsc::sync_channel::<RawBatch>(2);
    let raw_rx = std::sync::Mutex::new(raw_rx);
    let (done_tx, done_rx) = std::sync::mpsc::sync_channel::<(usize, Batch)>(4);
    let parsers = std::thread::available_parallelism()
        .map(std::num::NonZeroUsize::get)
        .unwrap_or(1)
        .clamp(1, 4);
    let mut n = 0;
    let end = std::thread::scope(|scope| {
        let reader = scope.spawn(move || read_batches(file, skip, &raw_tx));
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
        // Runs while the reader hashes the prefix and the parsers parse.
        let Some(mut state) = prepare() else {
            drop(done_rx);
            // The reader stops at its next send; what it read is unused.
            let _ = reader.join();
            return Ok::<_, StoreError>((None, ReadEnd::PrefixChanged));
        };
        let mut waiting: std::collections::BTreeMap<usize, Batch> =
            std::collections::BTreeMap::new();
        let mut next = 0;
        for (seq, batch) in done_rx {
            waiting.insert(seq, batch);
            while let Some(batch) = waiting.remove(&next) {
                next += 1;
                for r in &batch.records {
                    n += 1;
                    if r.blank {
                        continue;
                    }
                    let parsed = match &r.parsed {
                        Ok(fields) => Ok(fields.get(&batch.buf)),
                        Err(e) => Err(e.clone()),
                    };
                    f(&mut state, n, parsed, r.had_newline);
                }
            }
        }
        let end = reader
            .join()
            .unwrap_or_else(|_| Err(std::io::Error::other("the log reader thread failed")))
            .map_err(io(path, "cannot read the review log"))?;
        Ok((Some(state), end))
    })?;
    let (state, end) = end;
    Ok((
        state,
        match end {
            ReadEnd::Done { complete, .. } => ReadEnd::Done { lines: n, complete },
            ReadEnd::PrefixChanged => ReadEnd::PrefixChanged,
        },
    ))
}

/// Whole lines read but not parsed yet: the `seq`-th batch after the
/// prefix.
struct RawBatch {
    seq: usize,
    buf: Vec<u8>,
    /// Instead of lines: one line too long to keep, its length and whether
    /// it ended with a newline.
    long: Option<(u64, bool)>,
}

impl RawBatch {
    fn parse(self) -> Batch {
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
