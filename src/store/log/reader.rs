//! The batch reader: reads the log on one thread and parses its lines, in
//! batches, on others; hands the parsed lines back in file order.

mod batch;

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use xxhash_rust::xxh3::Xxh3;

use super::fingerprint::{self, FileId, Fingerprint, Sampler};
use super::line::{ParsedLine, Review};
use crate::store::error::{StoreError, io};
use batch::{Batch, RawBatch, Spares};
/// Bytes at the start of the log that were replayed before: skipped (only
/// hashed, or only sampled) if they are unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Prefix {
    /// Length in bytes (at the end of a line).
    pub len: u64,
    /// [`xxh3_128`](xxhash_rust::xxh3) of those bytes.
    pub hash: u128,
}

/// Where a read of the log starts, and what it checks on the way.
#[derive(Debug, Clone, Default)]
pub(crate) struct Start {
    /// Skip this prefix: the file must begin with it (else nothing is
    /// passed on and [`ReadEnd::PrefixChanged`] is returned).
    pub skip: Option<Prefix>,
    /// With `skip`: trust the prefix without hashing it if this
    /// fingerprint of it still matches ([`fingerprint::matches`]) and the
    /// file is no more than the given number of bytes longer than it.
    pub quick: Option<(Fingerprint, u64)>,
    /// Without `skip`: also hash the first this many bytes
    /// ([`ReadEnd::Done::at_mark`]).
    pub mark: Option<u64>,
}

/// The full hash and the fingerprint of the complete lines read, for a
/// new snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Seal {
    /// xxh3-128 of every byte up to the last newline.
    pub hash: u128,
    /// Sampled blocks of the same bytes.
    pub fingerprint: Fingerprint,
}

/// What one read of the log found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ReadEnd {
    /// Read to the end.
    Done {
        /// Lines read after the skipped prefix (blank and torn ones too).
        lines: usize,
        /// Bytes up to the file's last newline.
        len: u64,
        /// The hash and fingerprint of those bytes; `None` if the prefix
        /// was trusted by its fingerprint and not hashed.
        seal: Option<Seal>,
        /// The hash of the first [`Start::mark`] bytes (`None` without a
        /// mark or if the file ended before it).
        at_mark: Option<u128>,
        /// True if the prefix was trusted by its fingerprint.
        quick: bool,
    },
    /// The file no longer starts with the prefix: nothing was passed on.
    PrefixChanged,
}

/// The full hash and the sampled blocks of the bytes read so far, and the
/// hash at the mark once passed.
#[derive(Clone)]
struct Digest {
    hasher: Xxh3,
    sampler: Sampler,
    mark: Option<u64>,
    at_mark: Option<u128>,
    offset: u64,
}

impl Digest {
    fn new(file: FileId, len: u64, mark: Option<u64>) -> Digest {
        let mut d = Digest {
            hasher: Xxh3::new(),
            sampler: Sampler::new(file, len, rand::random()),
            mark,
            at_mark: None,
            offset: 0,
        };
        d.pass_mark();
        d
    }

    fn pass_mark(&mut self) {
        if self.mark == Some(self.offset) {
            self.at_mark = Some(self.hasher.digest128());
        }
    }

    fn update(&mut self, bytes: &[u8]) {
        let end = self.offset + bytes.len() as u64;
        match self.mark {
            Some(m) if m > self.offset && m < end => {
                let (a, b) = bytes.split_at(usize::try_from(m - self.offset).unwrap_or(0));
                self.hasher.update(a);
                self.at_mark = Some(self.hasher.digest128());
                self.hasher.update(b);
            }
            _ => self.hasher.update(bytes),
        }
        self.sampler.feed(bytes);
        self.offset = end;
        self.pass_mark();
    }

    fn seal(self) -> Seal {
        Seal {
            hash: self.hasher.digest128(),
            fingerprint: self.sampler.finish(),
        }
    }
}

/// A line that parsed, as [`for_each_parsed`] passes it on: its texts
/// are read from the batch only if asked for.
pub(crate) struct Line<'a> {
    fields: &'a batch::Fields,
    buf: &'a batch::Buf,
}

impl<'a> Line<'a> {
    /// What the line says of its review.
    #[inline]
    pub(crate) fn review(&self) -> Review {
        self.fields.review()
    }

    /// The whole line.
    pub(crate) fn parsed(&self) -> ParsedLine<'a> {
        self.fields.get(self.buf)
    }
}

const BATCH_BYTES: usize = 256 * 1024;

/// The lines whose values `warm` is given at once, just before they are
/// applied: enough for the processor to overlap their cache misses, few
/// enough that what it brings in is still in the cache when they are.
const WARM_AHEAD: usize = 256;

/// Appends the next `n` bytes of `file` to `buf` (fewer if the file ends
/// first); returns how many were read. The bytes are read into the
/// vector's spare room: nothing is zeroed first.
pub(super) fn read_more(file: &mut File, buf: &mut Vec<u8>, n: usize) -> std::io::Result<usize> {
    buf.reserve(n);
    (&mut *file).take(n as u64).read_to_end(buf)
}

/// The reader thread: checks and skips the prefix `start` names (trusting
/// its fingerprint if it may, else hashing it), then sends the rest in
/// batches of whole lines (the last one may be torn).
fn read_batches(
    mut file: File,
    start: Start,
    raw_tx: &std::sync::mpsc::SyncSender<RawBatch>,
    tickets: &std::sync::mpsc::Receiver<()>,
    spares: &Spares,
) -> std::io::Result<ReadEnd> {
    let meta = file.metadata()?;
    let mut digest = Some(Digest::new(FileId::of(&meta), meta.len(), start.mark));
    let mut offset: u64 = 0;
    let mut quick = false;
    if let Some(p) = start.skip {
        if meta.len() < p.len {
            return Ok(ReadEnd::PrefixChanged);
        }
        if let Some((fp, max_tail)) = &start.quick
            && meta.len() - p.len <= *max_tail
            && fingerprint::matches(&mut file, fp, p.len)?
        {
            digest = None;
            quick = true;
            offset = p.len;
        }
        file.seek(SeekFrom::Start(offset))?;
        if let Some(d) = &mut digest {
            let mut chunk = Vec::with_capacity(1 << 20);
            while offset < p.len {
                let want = usize::try_from(p.len - offset)
                    .unwrap_or(usize::MAX)
                    .min(1 << 20);
                chunk.clear();
                let got = read_more(&mut file, &mut chunk, want)?;
                if got == 0 {
                    return Ok(ReadEnd::PrefixChanged);
                }
                d.update(&chunk);
                offset += got as u64;
            }
            if d.hasher.digest128() != p.hash {
                return Ok(ReadEnd::PrefixChanged);
            }
        }
    }
    let mut carry: Vec<u8> = Vec::new();
    for seq in 0.. {
        if tickets.recv().is_err() {
            // Nobody is taking batches any more.
            break;
        }
        let mut buf = spares.buf();
        buf.extend_from_slice(&carry);
        carry.clear();
        let have = buf.len();
        let want = BATCH_BYTES.max(have + 4096);
        let got = read_more(&mut file, &mut buf, want - have)?;
        let eof = have + got < want;
        let complete = memchr::memrchr(b'\n', &buf).map_or(0, |i| i + 1);
        if !eof && complete == 0 {
            // One line longer than a batch, so far longer than a line may
            // be: skipped to its end, hashed but not kept.
            let (len, rest) = skip_line(&mut file, buf, &mut digest)?;
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
            carry.extend_from_slice(buf.get(complete..).unwrap_or_default());
            buf.truncate(complete);
        }
        if let Some(d) = &mut digest {
            d.update(&buf[..complete]);
        }
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
    let at_mark = digest.as_ref().and_then(|d| d.at_mark);
    Ok(ReadEnd::Done {
        lines: 0,
        len: offset,
        seal: digest.map(Digest::seal),
        at_mark,
        quick,
    })
}

/// Reads on to the end of a line that `head` (no newline in it) began,
/// holding no more than one chunk. Returns the line's length with its
/// newline, and the bytes after the newline (`None` if the file ended
/// first: a torn line). Only a line that ended goes into `digest`.
fn skip_line(
    file: &mut File,
    mut head: Vec<u8>,
    digest: &mut Option<Digest>,
) -> std::io::Result<(u64, Option<Vec<u8>>)> {
    let mut h = digest.clone();
    let mut update = |b: &[u8]| {
        if let Some(d) = &mut h {
            d.update(b);
        }
    };
    update(&head);
    let mut len = head.len() as u64;
    let chunk = &mut head;
    loop {
        chunk.clear();
        let got = read_more(file, chunk, 64 * 1024)?;
        if got == 0 {
            return Ok((len, None));
        }
        let read = &chunk[..];
        if let Some(i) = memchr::memchr(b'\n', read) {
            update(&read[..=i]);
            *digest = h;
            return Ok((len + i as u64 + 1, Some(read[i + 1..].to_vec())));
        }
        update(read);
        len += got as u64;
    }
}

/// Reads the log on one thread and parses its lines in batches on others
/// (up to four); meanwhile makes the states with `prepare` (`None` stops
/// everything). Then, batch by batch in file order, calls `look(a,
/// keys)` on this thread with the (deck, card) ids of the batch's lines
/// that parse, in one slice (it gives one value for each), and on a thread
/// of its own `warm(b, values)` with the values of the next lines (at most
/// [`WARM_AHEAD`]) just before they are applied, and `f(b, line, parsed,
/// had_newline)` for every non-blank line, a line that parses as a
/// [`Line`] with what `look` gave for it: the two run at once, one batch
/// apart (the replay interns the cards of a batch in one and applies its
/// lines in the other). `line` counts
/// from 1 at the first line after the prefix `start.skip`. If that is
/// given, the file must start with exactly those bytes: they are hashed or
/// sampled ([`Start`]), not parsed (else nothing is passed to `look` or `f`
/// and [`ReadEnd::PrefixChanged`] is returned). A missing file is an empty
/// log.
pub(crate) fn for_each_parsed<A, B: Send, T: Send>(
    path: &Path,
    start: Start,
    prepare: impl FnOnce() -> Option<(A, B)>,
    mut look: impl FnMut(&mut A, &[(&str, &str)]) -> Vec<T>,
    mut warm: impl FnMut(&B, &[T]) + Send,
    mut f: impl FnMut(&mut B, usize, Result<(Line<'_>, T), String>, bool) + Send,
) -> Result<(Option<(A, B)>, ReadEnd), StoreError> {
    let file = match super::open::open_regular(path, false) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let state = prepare();
            return Ok((
                state,
                match start.skip {
                    Some(p) if p.len > 0 => ReadEnd::PrefixChanged,
                    _ => {
                        let empty = Xxh3::new().digest128();
                        ReadEnd::Done {
                            lines: 0,
                            len: 0,
                            seal: Some(Seal {
                                hash: empty,
                                fingerprint: Fingerprint::default(),
                            }),
                            at_mark: (start.mark == Some(0)).then_some(empty),
                            quick: false,
                        }
                    }
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
    // The reader takes a ticket for each batch it reads, and gets it back
    // once that batch is handed on in file order: at most this many are
    // read and not yet handed on, however long a parser holding the next
    // one is kept off the cores while the others run ahead.
    let in_flight = parsers + 6;
    let (ticket_tx, ticket_rx) = std::sync::mpsc::sync_channel::<()>(in_flight);
    for _ in 0..in_flight {
        let _ = ticket_tx.send(());
    }
    let spares = Spares::default();
    let spares = &spares;
    let mut n = 0;
    let end = std::thread::scope(|scope| {
        let reader = scope.spawn(move || read_batches(file, start, &raw_tx, &ticket_rx, spares));
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
                    if done_tx.send((seq, raw.parse(spares))).is_err() {
                        return;
                    }
                }
            });
        }
        drop(done_tx);
        // Runs while the reader hashes the prefix and the parsers parse.
        let Some((mut a, mut b)) = prepare() else {
            drop(done_rx);
            drop(ticket_tx);
            // The reader stops at its next send; what it read is unused.
            let _ = reader.join();
            return Ok::<_, StoreError>((None, ReadEnd::PrefixChanged));
        };
        let (looked_tx, looked_rx) = std::sync::mpsc::sync_channel::<(Batch, Vec<T>)>(2);
        let apply = scope.spawn(move || {
            let mut n = 0;
            for (batch, looked) in looked_rx {
                let mut looked = looked.into_iter();
                // Lines left before the next `warm`.
                let mut cold = 0;
                for r in &batch.records {
                    n += 1;
                    if r.blank {
                        continue;
                    }
                    if cold == 0 && r.parsed.is_ok() {
                        let ahead = looked.as_slice();
                        cold = ahead.len().min(WARM_AHEAD);
                        warm(&b, ahead.get(..cold).unwrap_or_default());
                    }
                    // `look` gave one value for each line that parses, in order.
                    let seen = r.parsed.is_ok().then(|| looked.next()).flatten();
                    cold = cold.saturating_sub(usize::from(seen.is_some()));
                    let parsed = match (&r.parsed, seen) {
                        (Ok(fields), Some(seen)) => Ok((
                            Line {
                                fields,
                                buf: &batch.buf,
                            },
                            seen,
                        )),
                        (Ok(_), None) => continue,
                        (Err(e), _) => Err(e.clone()),
                    };
                    f(&mut b, n, parsed, r.had_newline);
                }
                batch.recycle(spares);
            }
            (b, n)
        });
        let mut waiting: std::collections::BTreeMap<usize, Batch> =
            std::collections::BTreeMap::new();
        let mut next = 0;
        for (seq, batch) in done_rx {
            waiting.insert(seq, batch);
            while let Some(batch) = waiting.remove(&next) {
                next += 1;
                let _ = ticket_tx.send(());
                let mut keys = Vec::with_capacity(batch.records.len());
                keys.extend(
                    batch
                        .records
                        .iter()
                        .filter(|r| !r.blank)
                        .filter_map(|r| r.parsed.as_ref().ok())
                        .map(|fields| fields.key(&batch.buf)),
                );
                let looked = look(&mut a, &keys);
                // The keys borrow the batch, which goes on.
                drop(keys);
                if looked_tx.send((batch, looked)).is_err() {
                    break;
                }
            }
        }
        drop(looked_tx);
        drop(ticket_tx);
        // A panic on the thread that applies the lines is a bug: pass it on.
        let (b, lines) = apply
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        n = lines;
        let state = (a, b);
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
            ReadEnd::Done {
                len,
                seal,
                at_mark,
                quick,
                ..
            } => ReadEnd::Done {
                lines: n,
                len,
                seal,
                at_mark,
                quick,
            },
            ReadEnd::PrefixChanged => ReadEnd::PrefixChanged,
        },
    ))
}
