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
pub use replay::{CardHistory, LogProblem, Replay};
pub(crate) use table::CardTable;

use crate::store::StoreError;
use reader::{Prefix, ReadEnd, for_each_parsed};
use replay::Event;

/// Reads and replays the whole log at `path` (a missing file is an empty
/// log), without any snapshot.
///
/// Malformed lines are reported with their numbers and skipped; the file is
/// never written. Uses one streaming pass (lines parsed on other threads),
/// plus a second pass over the lines of the few cards whose lines are out of
/// time order or undone.
pub fn replay_file(path: &Path) -> Result<Replay, StoreError> {
    match replay_from(path, None)? {
        Some((r, _)) => Ok(r),
        // Without a prefix to check there is nothing that can change.
        None => Ok(Replay::default()),
    }
}

/// How a replay went, for deciding whether to store a new snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Covered {
    /// Every complete line of the file, as read (length 0 when no
    /// snapshot may be taken of this replay).
    pub complete: Prefix,
    /// Lines within `complete`.
    pub lines: usize,
    /// True if the last line was torn (not in `complete`, but in the
    /// replay's problems and line count).
    pub torn: bool,
    /// True if some cards needed the second, exact pass over the file.
    pub exact_pass: bool,
}

/// Replays the log at `path` on top of `start`: the replay of the prefix
/// `start.0` (which the file must still begin with; `start.1` makes that
/// replay while the prefix is read and hashed, `None` if it cannot), or
/// from nothing. `None` if the file no longer begins with that prefix.
pub(crate) fn replay_from(
    path: &Path,
    start: Option<(Prefix, &dyn Fn() -> Option<Replay>)>,
) -> Result<Option<(Replay, Covered)>, StoreError> {
    let skip = start.as_ref().map(|(p, _)| *p);
    let make = || match &start {
        Some((_, make)) => make(),
        None => Some(Replay::default()),
    };
    struct State {
        r: Replay,
        base: usize,
        torn: Option<(usize, String)>,
        // A last line without newline that still parses is replayed, but
        // lies outside the complete lines a snapshot may cover.
        unterminated: bool,
    }
    let prepare = || {
        make().map(|r| State {
            base: r.lines,
            r,
            torn: None,
            unterminated: false,
        })
    };
    let (state, end) = for_each_parsed(path, skip, prepare, |st, n, parsed, had_newline| {
        let line = st.base + n;
        match parsed {
            Ok(p) => {
                st.unterminated |= !had_newline;
                st.r.apply(&p);
            }
            Err(msg) if !had_newline => {
                st.torn = Some((
                    line,
                    format!("incomplete last line (a write was cut off?), skipped: {msg}"),
                ));
            }
            Err(msg) => st.r.problem(line, format!("{msg}; line skipped")),
        }
    })?;
    let Some(State {
        mut r,
        base,
        torn,
        unterminated,
    }) = state
    else {
        return Ok(None);
    };
    let ReadEnd::Done { lines, complete } = end else {
        return Ok(None);
    };
    r.lines = base + lines;
    let had_torn = torn.is_some();
    if let Some((n, msg)) = torn {
        r.problem(n, msg);
    }
    let exact = r.needing_exact();
    let mut covered = Covered {
        complete: Prefix {
            len: if unterminated { 0 } else { complete.len },
            ..complete
        },
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
    let (_, again) = for_each_parsed(
        path,
        None,
        || Some(()),
        |_, n, parsed, _| {
            if n > first_lines {
                return;
            }
            if let Ok(p) = parsed
                && let Some(i) = r.cards.find(&p.deck, &p.card)
                && exact.get(i) == Some(&true)
            {
                events.entry(i).or_default().push(Event::from_parsed(&p, n));
            }
        },
    )?;
    r.replace_exact(events, Some(base));
    // A file that changed between the two passes still gives this replay,
    // but no snapshot may be taken of it.
    if again
        != (ReadEnd::Done {
            lines: first_lines,
            complete,
        })
    {
        covered.complete.len = 0;
    }
    Ok(Some((r, covered)))
}

#[cfg(test)]
mod tests;
