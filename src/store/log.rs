//! The review log: `reviews.jsonl`, one JSON object per grade.
//!
//! Lines are only ever appended, whole, under an exclusive lock, and flushed
//! to disk before [`append()`] returns. Card states are never stored: they are
//! the replay of this log through SM-2 ([`replay_file`]).
//!
//! - [`line`](mod@line): the line format (entry, kind, id, parse, format);
//! - [`append`](mod@append): appending one line;
//! - `reader`: the batch reader (lines parsed on several threads, the
//!   prefix a snapshot covers hashed instead of parsed);
//! - `fastline`: the allocation-free parse of the line shape concur writes;
//! - `table`: interned card keys and the flat table of histories;
//! - [`replay`]: the pure replay (card histories, undo).

pub mod append;
mod fastline;
pub(crate) mod fingerprint;
pub mod line;
pub(crate) mod open;
pub(crate) mod reader;
pub mod replay;
mod table;
#[cfg(test)]
mod testing;

use std::path::Path;

use hashbrown::HashMap;

pub use append::{append, append_all, append_waiting};
pub use line::{Kind, LineId, LogEntry, format_at};
pub use replay::{CardHistory, Fsrs, LogProblem, Replay};
pub(crate) use table::CardTable;

use crate::store::StoreError;
pub(crate) use fingerprint::Fingerprint;
use reader::{Prefix, ReadEnd, Seal, Start, for_each_parsed};
use replay::Event;

/// Reads and replays the whole log at `path` (a missing file is an empty
/// log), without any snapshot.
///
/// Malformed lines are reported with their numbers and skipped; the file is
/// never written. Uses one streaming pass (lines parsed on other threads),
/// plus a second pass over the lines of the few cards whose lines are out of
/// time order or undone.
pub fn replay_file(path: &Path) -> Result<Replay, StoreError> {
    match replay_from(path, None, Fsrs::Track)? {
        Some((r, _)) => Ok(r),
        // Without a prefix to check there is nothing that can change.
        None => Ok(Replay::default()),
    }
}

/// How a replay went, for deciding whether to store a new snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Covered {
    /// Bytes of every complete line of the file, as read.
    pub len: u64,
    /// Their hash and fingerprint, if a snapshot may be taken of this
    /// replay (`None` if the file changed while it was read, its last line
    /// has no newline, or its prefix was trusted by its fingerprint and
    /// never hashed).
    pub seal: Option<Seal>,
    /// Lines within `len`.
    pub lines: usize,
    /// True if the last line was torn (not in `len`, but in the replay's
    /// problems and line count).
    pub torn: bool,
    /// True if some cards needed the second, exact pass over the file.
    pub exact_pass: bool,
}

/// A replay of the start of the log to go on from.
pub(crate) struct Resume<'a> {
    /// The bytes it replayed: the file must still begin with them.
    pub prefix: Prefix,
    /// Their fingerprint: if it still matches, they are not hashed.
    pub quick: Option<Fingerprint>,
    /// Makes the replay while the prefix is read and hashed (`None` if it
    /// cannot).
    pub make: &'a dyn Fn() -> Option<Replay>,
}

/// Replays the log at `path` on top of `start` (the replay of a prefix,
/// which the file must still begin with, and which says whether FSRS is
/// worked out), or from nothing, with FSRS as `fsrs` says. `None` if the
/// file no longer begins with that prefix.
pub(crate) fn replay_from(
    path: &Path,
    start: Option<Resume<'_>>,
    fsrs: Fsrs,
) -> Result<Option<(Replay, Covered)>, StoreError> {
    let read_start = start.as_ref().map_or_else(Start::default, |s| Start {
        skip: Some(s.prefix),
        quick: s.quick.clone().map(|fp| (fp, QUICK_TAIL)),
        mark: None,
    });
    let prefix = start.as_ref().map(|s| s.prefix);
    let make = || match &start {
        Some(s) => (s.make)(),
        None => Some(Replay::new(fsrs)),
    };
    struct State {
        r: Replay,
        base: usize,
        torn: Option<(usize, String)>,
        // A last line without newline that still parses is replayed, but
        // lies outside the complete lines a snapshot may cover.
        unterminated: bool,
    }
    // The cards are interned on the reading thread and the lines applied
    // to their histories on another, at once: the table of ids goes one
    // way, the histories (and the rest) the other.
    let prepare = || {
        make().map(|mut r| {
            let mut ids = std::mem::take(&mut r.cards);
            r.cards = ids.split_histories();
            let state = State {
                base: r.lines,
                r,
                torn: None,
                unterminated: false,
            };
            (ids, state)
        })
    };
    let look = |ids: &mut CardTable, keys: &[(&str, &str)]| ids.intern_all(keys);
    // The histories a batch's lines go to, read once before its lines are
    // applied: each read is independent of the others, so the processor
    // has many of their cache misses under way at once, where applying
    // the lines one after another meets them one at a time (the cards of
    // a log in random order are all over a table too large for the cache).
    let warm = |st: &State, looked: &[(usize, u32)]| {
        let mut seen = 0i64;
        for &(i, _) in looked {
            if let Some(h) = st.r.cards.get(i) {
                seen ^= h.last_at_ms ^ i64::from(h.exact);
            }
        }
        std::hint::black_box(seen);
    };
    let apply = |st: &mut State,
                 n: usize,
                 parsed: Result<(reader::Line<'_>, (usize, u32)), String>,
                 had_newline: bool| {
        let line = st.base + n;
        match parsed {
            Ok((parsed, (i, deck))) => {
                st.unterminated |= !had_newline;
                st.r.apply_interned(i, deck, &parsed.review());
            }
            Err(msg) if !had_newline => {
                st.torn = Some((
                    line,
                    format!("incomplete last line (a write was cut off?), skipped: {msg}"),
                ));
            }
            Err(msg) => st.r.problem(line, format!("{msg}; line skipped")),
        }
    };
    let (state, end) = for_each_parsed(path, read_start, prepare, look, warm, apply)?;
    let Some((
        mut ids,
        State {
            mut r,
            base,
            torn,
            unterminated,
        },
    )) = state
    else {
        return Ok(None);
    };
    ids.join_histories(std::mem::take(&mut r.cards));
    r.cards = ids;
    let ReadEnd::Done {
        lines,
        len,
        seal,
        quick,
        ..
    } = end
    else {
        return Ok(None);
    };
    r.lines = base + lines;
    let had_torn = torn.is_some();
    if let Some((n, msg)) = torn {
        r.problem(n, msg);
    }
    let exact = r.needing_exact();
    let mut covered = Covered {
        len,
        seal: seal.filter(|_| !unterminated),
        lines: r.lines - usize::from(had_torn),
        torn: had_torn,
        exact_pass: false,
    };
    if !exact.contains(&true) {
        return Ok(Some((r, covered)));
    }
    covered.exact_pass = true;
    let first_lines = r.lines;
    let mut events: HashMap<usize, Vec<Event>> = HashMap::new();
    // The whole file is read again: a prefix trusted by its fingerprint is
    // hashed now, and a replay on top of one that changed is not used.
    let again_start = Start {
        mark: prefix.filter(|_| quick).map(|p| p.len),
        ..Start::default()
    };
    let (_, again) = for_each_parsed(
        path,
        again_start,
        || Some(((), ())),
        |_, keys| vec![(); keys.len()],
        |_, _| {},
        |_, n, parsed, _| {
            if n > first_lines {
                return;
            }
            if let Ok((line, ())) = parsed
                && let p = line.parsed()
                && let Some(i) = r.cards.find(&p.deck, &p.card)
                && exact.get(i) == Some(&true)
            {
                events.entry(i).or_default().push(Event::from_parsed(&p, n));
            }
        },
    )?;
    let ReadEnd::Done {
        lines: lines_again,
        len: len_again,
        seal: seal_again,
        at_mark,
        ..
    } = again
    else {
        return Ok(None);
    };
    if quick && at_mark != prefix.map(|p| p.hash) {
        return Ok(None);
    }
    r.replace_exact(events, Some(base));
    // A file that changed between the two passes still gives this replay,
    // but no snapshot may be taken of it.
    let same = lines_again == first_lines
        && len_again == len
        && (quick || seal_again.as_ref().map(|s| s.hash) == covered.seal.as_ref().map(|s| s.hash));
    covered.seal = if same && !unterminated {
        seal_again
    } else {
        None
    };
    Ok(Some((r, covered)))
}

/// A prefix is trusted by its fingerprint only if at most this many bytes
/// follow it: a start that will write a new snapshot (after
/// [`crate::store::snapshot::RESNAPSHOT_BYTES`]) hashes it instead, since
/// the new snapshot needs the hash of all its bytes.
const QUICK_TAIL: u64 = crate::store::snapshot::RESNAPSHOT_BYTES;

#[cfg(test)]
mod tests;
