//! Replay: the log's lines, in time order per card, with undos applied,
//! turned into card histories. Pure: no I/O ([`super::replay_file`] feeds it
//! from the file).

use hashbrown::HashMap;

use chrono::NaiveDate;

use super::line::{LineId, ParsedLine, Target};
use super::table::CardTable;
use super::{Kind, LogEntry};
use crate::sched::{Grade, Sm2State};
use crate::store::CardDay;

/// A line of the log that could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogProblem {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// The replayed history of one card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CardHistory {
    /// Its state after every scheduled line: SM-2 state, first day, owed
    /// re-ask.
    pub card: CardDay,
    /// Scheduled reviews counted (a `review` line of a card that was not
    /// due that day counts as a drill).
    pub reviews: u32,
    /// Drill (same-day re-ask) lines.
    pub drills: u32,
    /// Quiz lines.
    pub crams: u32,
    /// Latest `at` of any line, as milliseconds since the epoch.
    pub last_at_ms: i64,
    /// The card's lines must be sorted or undone before its state is right.
    pub(crate) exact: bool,
}

/// The whole log, replayed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Replay {
    /// (deck id, card id) -> history, by dense index. Includes cards that no
    /// longer exist.
    pub(crate) cards: CardTable,
    /// Malformed or torn lines (the first [`Replay::MAX_PROBLEMS`]).
    pub problems: Vec<LogProblem>,
    /// Count of all problem lines.
    pub problem_count: usize,
    /// Lines read, problems included.
    pub lines: usize,
}

impl Replay {
    /// At most this many problems are kept with their text.
    pub const MAX_PROBLEMS: usize = 100;

    /// The history of a card, if it has any.
    pub fn get(&self, deck: &str, card: &str) -> Option<&CardHistory> {
        self.cards.find(deck, card).and_then(|i| self.cards.get(i))
    }

    /// The SM-2 state of a card (new if it has no history).
    pub fn state(&self, deck: &str, card: &str) -> Sm2State {
        self.get(deck, card)
            .map(|h| h.card.state)
            .unwrap_or_default()
    }

    /// Every card with history: (deck id, card id, history), in the order
    /// first seen.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str, &CardHistory)> {
        self.cards.iter()
    }

    /// Number of cards with history.
    pub fn card_count(&self) -> usize {
        self.cards.len()
    }

    /// Counts a line that could not be used.
    pub(super) fn problem(&mut self, line: usize, message: String) {
        self.problem_count += 1;
        if self.problems.len() < Self::MAX_PROBLEMS {
            self.problems.push(LogProblem { line, message });
        }
    }

    /// Adds one line on top of what has been replayed so far (the fast,
    /// streaming path). Lines of one card must arrive in time order; an
    /// out-of-order line or an undo marks the card for an exact replay
    /// ([`Replay::replace_exact`]), and later lines of it are skipped here.
    pub(super) fn apply(&mut self, e: &ParsedLine<'_>) {
        let h = self.cards.slot(&e.deck, &e.card);
        if e.kind == Kind::Undo || e.at_ms < h.last_at_ms {
            h.exact = true;
        }
        h.last_at_ms = h.last_at_ms.max(e.at_ms);
        if h.exact {
            return;
        }
        let kind = h.card.record(e.kind, e.grade, e.day);
        count(h, kind);
    }

    /// For each card index: true if [`Replay::apply`] marked it for an
    /// exact replay.
    pub(super) fn needing_exact(&self) -> Vec<bool> {
        self.cards.iter().map(|(_, _, h)| h.exact).collect()
    }

    /// Replaces the history of each card (by index) by the exact replay of
    /// all its lines.
    pub(super) fn replace_exact(&mut self, per_card: HashMap<usize, Vec<Event>>) {
        for (i, events) in per_card {
            if let Some(h) = self.cards.get_mut(i) {
                *h = exact_history(events);
            }
        }
    }

    /// Replays from a list of entries (any order), exactly: the entries of
    /// each card are sorted by time (ties keep list order) and undos cancel
    /// their target. [`super::replay_file`] gives the same result.
    pub fn from_entries(entries: &[LogEntry]) -> Replay {
        let mut r = Replay::default();
        let mut per_card: HashMap<usize, Vec<Event>> = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            r.lines += 1;
            let k = r.cards.intern(&e.deck, &e.card);
            per_card.entry(k).or_default().push(Event::from_entry(e, i));
        }
        r.replace_exact(per_card);
        r
    }
}

fn count(h: &mut CardHistory, kind: Kind) {
    match kind {
        Kind::Review => h.reviews += 1,
        Kind::Drill => h.drills += 1,
        Kind::Cram => h.crams += 1,
        Kind::Undo => {}
    }
}

/// One line of one card, for the exact replay.
#[derive(Debug, Clone, Copy)]
pub(super) struct Event {
    at_ms: i64,
    day: NaiveDate,
    grade: Grade,
    kind: Kind,
    id: Option<LineId>,
    undoes: Option<Target>,
    /// Position in the file or list: breaks ties of `at_ms`.
    order: usize,
}

impl Event {
    fn from_entry(e: &LogEntry, order: usize) -> Event {
        Event {
            at_ms: e.at.timestamp_millis(),
            day: e.day(),
            grade: e.grade,
            kind: e.kind,
            id: e.id,
            undoes: e.target(),
            order,
        }
    }

    /// The event of a parsed line at position `order`.
    pub(super) fn from_parsed(p: &ParsedLine<'_>, order: usize) -> Event {
        Event {
            at_ms: p.at_ms,
            day: p.day,
            grade: p.grade,
            kind: p.kind,
            id: p.id,
            undoes: p.undoes,
            order,
        }
    }

    /// True if this is the line `target` names.
    fn is(&self, target: Target) -> bool {
        match target {
            Target::Id(id) => self.id == Some(id),
            Target::AtMs(ms) => self.at_ms == ms,
        }
    }
}

/// Replays one card's events: sorted by time (stable), each undo removing
/// the last earlier line it names, then the rest recorded in order.
fn exact_history(mut events: Vec<Event>) -> CardHistory {
    events.sort_by_key(|e| (e.at_ms, e.order));
    let mut kept: Vec<Event> = Vec::with_capacity(events.len());
    let mut h = CardHistory::default();
    for e in events {
        h.last_at_ms = h.last_at_ms.max(e.at_ms);
        if e.kind == Kind::Undo {
            if let Some(target) = e.undoes
                && let Some(pos) = kept.iter().rposition(|k| k.is(target))
            {
                kept.remove(pos);
            }
        } else {
            kept.push(e);
        }
    }
    for e in kept {
        let kind = h.card.record(e.kind, e.grade, e.day);
        count(&mut h, kind);
    }
    h
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::store::log::testing::{at, entry};

    #[test]
    fn drill_and_cram_do_not_change_state() {
        let r = Replay::from_entries(&[
            entry("2026-11-01T10:00:00+00:00", "a", 2, Kind::Review),
            entry("2026-11-01T10:01:00+00:00", "a", 5, Kind::Drill),
            entry("2026-11-01T10:02:00+00:00", "a", 5, Kind::Cram),
        ]);
        let h = r.get("d", "a").unwrap();
        assert_eq!(
            (
                h.card.state.n,
                h.card.state.interval,
                h.reviews,
                h.drills,
                h.crams
            ),
            (0, 1, 1, 1, 1)
        );
        assert_eq!(h.card.state.ef.to_string(), "2.18");
    }

    #[test]
    fn lines_without_ids_are_undone_by_at_as_before() {
        // Two lines at the same `at`: the old rule takes back the later one.
        let t = "2026-11-25T23:59:59.999+01:00";
        let review = entry(t, "a", 1, Kind::Review);
        let drill = entry(t, "a", 5, Kind::Drill);
        let undo = review.undo(at(t));
        assert_eq!(undo.undoes_id, None);
        let r = Replay::from_entries(&[review, drill, undo]);
        let a = r.get("d", "a").unwrap();
        assert_eq!((a.reviews, a.drills), (1, 0));
        // With ids, the line named is the one taken back.
        let review = LogEntry::new(
            at(t),
            "d".into(),
            "a".into(),
            Grade::new(1).unwrap(),
            Kind::Review,
            0,
        );
        let drill = LogEntry::new(
            at(t),
            "d".into(),
            "a".into(),
            Grade::new(5).unwrap(),
            Kind::Drill,
            0,
        );
        let undo = review.undo(at(t));
        let r = Replay::from_entries(&[review, drill, undo]);
        let a = r.get("d", "a").unwrap();
        assert_eq!((a.reviews, a.drills), (0, 1));
    }
}
