//! The replay snapshot: `$DATA/cache/replay.bin`, the card states replayed
//! from the first N bytes of the log, so that a start replays only the lines
//! after them.
//!
//! The rule (a wrong snapshot must never win):
//!
//! - The snapshot records N (always the end of a line), the number of lines
//!   in those bytes, the 128-bit xxh3 hash of exactly those N bytes, and
//!   their `Fingerprint` (the log's device and inode, sampled blocks).
//! - At start-up, if the fingerprint still matches (and at most
//!   [`RESNAPSHOT_BYTES`] follow N), the N bytes are trusted unread; else
//!   they are read and hashed (not parsed), and only if the file is at
//!   least N bytes long and the hash is the same are the states used. The
//!   lines after N are replayed on top of them. A card whose new lines are
//!   older than its last replayed line, or that has an undo line, gets a
//!   full exact replay of all its lines, as without a snapshot (and that
//!   pass hashes the N bytes: a trusted prefix that changed means a full
//!   replay). What the fingerprint misses is in
//!   `store::log::fingerprint`; [`verify_log`] never trusts it.
//! - Anything else (a merge that inserted lines before N, a truncated,
//!   rewritten or replaced log, a snapshot of another version of concur or
//!   of a build whose grading rule differs, or whose own checksum fails)
//!   means a full replay, and a new snapshot.
//! - A snapshot made without FSRS ([`Fsrs::Skip`]) says so, and serves
//!   only replays that skip it too; one made with it serves both (the new
//!   lines are then replayed with FSRS, so that it stays whole).
//! - Decks do not enter the replay (it keeps cards that no longer exist), so
//!   a deck change never makes a snapshot wrong.
//!
//! A new snapshot is written after a full replay, after an exact pass, or
//! when the lines after N are more than [`RESNAPSHOT_BYTES`]. Deleting
//! `$DATA/cache` only costs time. The snapshot is in the frame of every
//! cache file ([`crate::bytes`]), streamed as it is written; a snapshot
//! larger than [`size_limit`] of the log is not even read.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::bytes::{FrameWriter, Reader, put_bool, put_str32, put_u32, put_u64};

use chrono::{Datelike, NaiveDate};
use xxhash_rust::xxh3::xxh3_64;

use super::log::fingerprint::{self, FileId, Fingerprint};
use super::log::reader::{Prefix, Seal};
use super::log::{Covered, Fsrs, LogProblem, Replay, Resume, replay_from};
use super::study::DayCounts;
use super::{CardDay, StoreError};
use crate::sched::Grade;

/// The byte that stands for "no grade" in a card's last grade.
const NO_GRADE: u8 = u8::MAX;

/// Bumped when the stored form changes (6: the file's identity and sampled
/// blocks in the header, and each card's FSRS memory state; 7: each deck id
/// once, the card ids in one block, cards by deck index; 8: whether FSRS
/// was worked out, in the header).
const FORMAT: u32 = 8;
const MAGIC: &[u8; 8] = b"concurRS";

/// A snapshot is rewritten once this many bytes were replayed after it.
pub const RESNAPSHOT_BYTES: u64 = 256 * 1024;

/// A fingerprint of the rule a grade follows ([`CardDay::record`] and SM-2):
/// a fixed history of grades replayed through it, hashed. Stored in the
/// snapshot, so that a build whose rule differs (a development build with
/// the same version number) never trusts states another rule made.
fn rule_fingerprint() -> u64 {
    use crate::store::Kind;
    let mut out = Vec::new();
    let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
    for card in 0u32..6 {
        let mut c = CardDay::default();
        for step in 0u32..24 {
            let q = u8::try_from((card * 7 + step * 3) % 6).unwrap_or(0);
            let kind = [
                Kind::Review,
                Kind::Drill,
                Kind::Review,
                Kind::Cram,
                Kind::Bury,
                Kind::Suspend,
                Kind::Review,
                Kind::Unsuspend,
            ][(step % 8) as usize];
            // Two lines a day: a review, then a drill, a quiz line or a
            // card action.
            let day = start + chrono::Days::new(u64::from(step / 2 * (card + 1)));
            let step = c.step(kind, Grade::new(q).unwrap_or(Grade::MIN), day);
            // The time a line counts (its cap) is part of the rule too.
            let counts = DayCounts::of(&step, u32::MAX);
            out.extend_from_slice(&[
                step.kind as u8,
                u8::from(step.review.is_some_and(|r| r.lapse)),
            ]);
            for v in [counts.young_total, counts.young_passed, counts.mature_total] {
                out.extend_from_slice(&v.to_le_bytes());
            }
            out.extend_from_slice(&counts.spent_ms.to_le_bytes());
            let s = &c.state;
            for v in [s.n, s.ef.hundredths(), s.interval] {
                out.extend_from_slice(&v.to_le_bytes());
            }
            for d in [s.due, c.first_day, c.drill_due, c.buried_until] {
                out.extend_from_slice(&day_code(d).to_le_bytes());
            }
            out.push(u8::from(c.suspended));
        }
    }
    xxh3_64(&out)
}

/// `$DATA/cache/replay.bin` ([`crate::data_dir::DataDir::replay_snapshot`]).
pub fn snapshot_path(cache: &Path) -> PathBuf {
    cache.join(crate::data_dir::REPLAY_SNAPSHOT)
}

/// Replays the log at `log`, starting from the snapshot in `cache` when it
/// is still right, and stores a new snapshot when that saves time later
/// (best effort: a snapshot that cannot be written is only a slower start).
///
/// The snapshot's prefix is trusted without reading it all when the log is
/// the same file (device, inode), at least as long, and the blocks the
/// snapshot sampled are unchanged (`store::log::fingerprint`);
/// otherwise all of it is hashed, as [`verify_log`] always does.
///
/// With [`Fsrs::Skip`] the replay may still work FSRS out (when the
/// snapshot has it); with [`Fsrs::Track`] it always does, and a snapshot
/// made without it is not used.
pub fn replay_cached(log: &Path, cache: &Path, fsrs: Fsrs) -> Result<Replay, StoreError> {
    let (replay, _) = written(replay_checked(log, cache, true, fsrs)?);
    Ok(replay)
}

/// [`replay_cached`], leaving the new snapshot, if one is due, to be
/// written by the caller ([`SnapshotWrite::write`]): on another thread,
/// say, while it uses the replay.
pub fn replay_cached_deferred(
    log: &Path,
    cache: &Path,
    fsrs: Fsrs,
) -> Result<(Replay, Option<SnapshotWrite>), StoreError> {
    replay_checked(log, cache, true, fsrs).map(|(r, _, w)| (r, w))
}

/// A snapshot due of a replay just made ([`replay_cached_deferred`]).
#[derive(Debug)]
pub struct SnapshotWrite {
    cache: PathBuf,
    covered: Covered,
    seal: Seal,
}

impl SnapshotWrite {
    /// Writes the snapshot of `replay`, the replay it was made with.
    /// Best effort: a snapshot that cannot be written is made again by
    /// the next start.
    pub fn write(self, replay: &Replay) {
        let _ = std::fs::create_dir_all(&self.cache);
        let path = snapshot_path(&self.cache);
        let _ = crate::atomic::write_atomically_with(&path, crate::atomic::Target::Cache, |w| {
            encode_to(w, replay, &self.covered, &self.seal)
        });
    }
}

/// What [`verify_log`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogCheck {
    /// There was no usable snapshot (none, damaged, or of another version):
    /// the whole log was replayed and a snapshot written.
    NoSnapshot,
    /// Every byte the snapshot covers was hashed and is unchanged.
    Verified {
        /// Bytes the snapshot covers.
        bytes: u64,
    },
    /// The log's first bytes differ from those the snapshot was made of:
    /// the whole log was replayed and the snapshot written again.
    Rebuilt {
        /// Bytes the old snapshot covered.
        bytes: u64,
    },
}

/// Hashes every byte of the log that the snapshot covers (never trusting
/// its fingerprint) and replays the log; a snapshot that no longer matches
/// is replaced. For `concur check --log`, which needs no FSRS.
pub fn verify_log(log: &Path, cache: &Path) -> Result<(Replay, LogCheck), StoreError> {
    Ok(written(replay_checked(log, cache, false, Fsrs::Skip)?))
}

/// A [`replay_checked`] whose new snapshot, if one is due, is written now.
fn written(
    (replay, check, write): (Replay, LogCheck, Option<SnapshotWrite>),
) -> (Replay, LogCheck) {
    if let Some(w) = write {
        w.write(&replay);
    }
    (replay, check)
}

/// [`replay_cached`], trusting a matching fingerprint only if `quick`; with
/// the snapshot to write, if one is due.
fn replay_checked(
    log: &Path,
    cache: &Path,
    quick: bool,
    fsrs: Fsrs,
) -> Result<(Replay, LogCheck, Option<SnapshotWrite>), StoreError> {
    crate::atomic::claim_cache_dir(cache);
    crate::atomic::remove_stale_temps(cache);
    let path = snapshot_path(cache);
    let log_len = std::fs::metadata(log).map_or(0, |m| m.len());
    let head = crate::bytes::frame_head(MAGIC, FORMAT);
    let bytes =
        crate::regular::read_cache_file(&path, &head, size_limit(log_len)).unwrap_or_default();
    let mut from = None;
    let mut result = None;
    // The checksum is checked once, here (it reads the whole file).
    let payload = crate::bytes::open_frame(&bytes, MAGIC, FORMAT);
    // A snapshot without FSRS cannot serve a replay that needs it.
    let usable = |h: &Header| h.memory || fsrs == Fsrs::Skip;
    if let Some((_, h)) = payload.and_then(open_payload).filter(|(_, h)| usable(h)) {
        from = Some(h.prefix.len);
        // The states are decoded while the prefix is read and hashed.
        let make = || decode_payload(payload?);
        let resume = Resume {
            prefix: h.prefix,
            quick: quick.then_some(h.fingerprint),
            make: &make,
        };
        result = replay_from(log, Some(resume), fsrs)?;
    }
    drop(bytes);
    let check = match (from, &result) {
        (None, _) => LogCheck::NoSnapshot,
        (Some(bytes), Some(_)) => LogCheck::Verified { bytes },
        (Some(bytes), None) => LogCheck::Rebuilt { bytes },
    };
    let used_snapshot = result.is_some();
    let (replay, covered) = match result {
        Some(done) => done,
        None => match replay_from(log, None, fsrs)? {
            Some(done) => done,
            None => return Ok((Replay::default(), check, None)),
        },
    };
    let grown = covered.len.saturating_sub(from.unwrap_or(0));
    let worth = !used_snapshot || covered.exact_pass || grown > RESNAPSHOT_BYTES;
    let write = match covered.seal.clone() {
        Some(seal) if worth && covered.len > 0 => Some(SnapshotWrite {
            cache: cache.to_path_buf(),
            covered,
            seal,
        }),
        _ => None,
    };
    Ok((replay, check, write))
}

/// The largest snapshot read for a log of `log_len` bytes: twice the log
/// and 4 MiB. Every card and every day's counts in a snapshot come from at
/// least one log line, which is longer than their encoding, and the
/// problems kept are at most [`Replay::MAX_PROBLEMS`]; a larger file is
/// damaged (or planted) and is not read.
pub fn size_limit(log_len: u64) -> u64 {
    log_len.saturating_mul(2).saturating_add(4 << 20)
}

fn day_code(d: Option<NaiveDate>) -> i32 {
    d.map_or(i32::MIN, |d| d.num_days_from_ce())
}

fn day_of(c: i32) -> Option<Option<NaiveDate>> {
    if c == i32::MIN {
        Some(None)
    } else {
        NaiveDate::from_num_days_from_ce_opt(c).map(Some)
    }
}

/// Writes the snapshot of `r` as far as `covered` goes (the replay of the
/// complete lines; a torn last line is left to the next start) to `w`, in
/// pieces of about [`PIECE`] bytes, in its frame (with its checksum at
/// the end): the whole snapshot is never in memory at once.
fn encode_to(w: &mut dyn Write, r: &Replay, covered: &Covered, seal: &Seal) -> std::io::Result<()> {
    let mut b = Vec::with_capacity(PIECE + 1024);
    let mut frame = FrameWriter::new(w, MAGIC, FORMAT)?;
    let w = &mut frame;
    use cards::flush;
    put_str32(&mut b, env!("CARGO_PKG_VERSION"));
    b.extend_from_slice(&rule_fingerprint().to_le_bytes());
    put_u64(&mut b, covered.len);
    b.extend_from_slice(&seal.hash.to_le_bytes());
    let fp = &seal.fingerprint;
    put_u64(&mut b, fp.file.dev);
    put_u64(&mut b, fp.file.ino);
    put_u32(&mut b, u32::try_from(fp.starts.len()).unwrap_or(0));
    for &start in &fp.starts {
        put_u64(&mut b, start);
    }
    b.extend_from_slice(&fp.hash.to_le_bytes());
    put_bool(&mut b, r.has_memory());
    put_u64(&mut b, covered.lines as u64);
    let problems: Vec<&LogProblem> = r
        .problems
        .iter()
        .filter(|p| p.line <= covered.lines)
        .collect();
    let count = r.problem_count - usize::from(covered.torn);
    put_u64(&mut b, count as u64);
    put_u64(&mut b, problems.len() as u64);
    for p in problems {
        put_u64(&mut b, p.line as u64);
        put_str32(&mut b, &p.message);
        flush(&mut b, w, PIECE)?;
    }
    cards::encode(&mut b, w, r, PIECE)?;
    flush(&mut b, w, 0)?;
    frame.finish()
}

/// Bytes gathered before a piece of the snapshot is written.
const PIECE: usize = 64 * 1024;

/// The snapshot of `r` as far as `covered` goes, in memory (for tests).
#[cfg(test)]
fn encode(r: &Replay, covered: &Covered, seal: &Seal) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing to a vector cannot fail.
    let _ = encode_to(&mut out, r, covered, seal);
    out
}

/// What a snapshot's header says of the log it was made of.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Header {
    /// The bytes it covers.
    prefix: Prefix,
    /// Their sampled blocks.
    fingerprint: Fingerprint,
    /// True if the states have their FSRS memory worked out.
    memory: bool,
}

/// A reader past the header of a snapshot's payload, and the header, if
/// this version wrote it.
fn open_payload(payload: &[u8]) -> Option<(Reader<'_>, Header)> {
    let mut rd = Reader::new(payload);
    if rd.str32()? != env!("CARGO_PKG_VERSION") || rd.u64()? != rule_fingerprint() {
        return None;
    }
    let len = rd.u64()?;
    let hash = rd.u128()?;
    let file = FileId {
        dev: rd.u64()?,
        ino: rd.u64()?,
    };
    let blocks = rd.u32()?;
    if blocks as usize > fingerprint::SPREAD + 2 {
        return None;
    }
    let starts = (0..blocks)
        .map(|_| rd.u64())
        .collect::<Option<Vec<u64>>>()?;
    let fingerprint = Fingerprint {
        file,
        starts,
        hash: rd.u128()?,
    };
    let memory = rd.bool()?;
    Some((
        rd,
        Header {
            prefix: Prefix { len, hash },
            fingerprint,
            memory,
        },
    ))
}

/// The snapshot in `bytes`, or `None` if it is not one this version wrote
/// intact (for tests).
#[cfg(test)]
fn decode(bytes: &[u8]) -> Option<(Header, Replay)> {
    let (rd, header) = open_payload(crate::bytes::open_frame(bytes, MAGIC, FORMAT)?)?;
    let states = decode_states(rd, header.memory)?;
    Some((header, states))
}

/// The states in a snapshot's payload (without its frame), if this version
/// wrote it: for start-up, once the frame's checksum was checked, and for
/// the fuzz targets, which could not get past the checksum.
pub fn decode_payload(payload: &[u8]) -> Option<Replay> {
    let (rd, header) = open_payload(payload)?;
    decode_states(rd, header.memory)
}

/// The states after the header of a snapshot's payload (whose FSRS memory
/// was worked out if `memory`).
fn decode_states(mut rd: Reader<'_>, memory: bool) -> Option<Replay> {
    let mut r = Replay {
        lines: usize::try_from(rd.u64()?).ok()?,
        problem_count: usize::try_from(rd.u64()?).ok()?,
        fsrs: if memory { Fsrs::Track } else { Fsrs::Skip },
        ..Replay::default()
    };
    let problems = rd.u64()?;
    for _ in 0..problems.min(Replay::MAX_PROBLEMS as u64 + 1) {
        let line = usize::try_from(rd.u64()?).ok()?;
        let message = rd.str32()?.to_string();
        r.problems.push(LogProblem { line, message });
    }
    if r.problems.len() as u64 != problems {
        return None;
    }
    cards::decode(&mut rd, &mut r)?;
    if !rd.at_end() || (!memory && r.iter().any(|(_, _, h)| h.memory.is_some())) {
        return None;
    }
    Some(r)
}

mod cards;
#[cfg(test)]
mod tests;
