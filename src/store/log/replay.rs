//! Replay: the log's lines, in time order per card, with undos applied,
//! turned into card histories. Pure: no I/O ([`super::replay_file`] feeds it
//! from the file).

use hashbrown::HashMap;

use chrono::NaiveDate;

use super::line::{LineId, ParsedLine, Review, Target};
use super::table::CardTable;
use super::{Kind, LogEntry};
use crate::sched::{Grade, Memory, Sm2State};
use crate::store::CardDay;
use crate::store::card_day::Step;
use crate::store::study::{DayCounts, StudyDays};

/// Whether a replay works out each card's FSRS memory
/// ([`CardHistory::memory`]), which only the commands that predict recall
/// (`stats`, `plan`, the app) read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Fsrs {
    /// Work it out: every graded line goes through the model.
    #[default]
    Track,
    /// Leave it out (every card's memory is `None`): about half of a whole
    /// replay's time saved.
    Skip,
}

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
    /// Drill (same-day re-ask) lines.
    pub drills: u32,
    /// Quiz lines.
    pub crams: u32,
    /// Interview preparation lines.
    pub preps: u32,
    /// The day of its latest prep line.
    pub last_prep: Option<NaiveDate>,
    /// What FSRS-6 makes of its graded lines (`None` before the first):
    /// [`crate::sched::memory`].
    pub memory: Option<Memory>,
    /// Lapses: scheduled reviews failed after the card was learned
    /// ([`crate::store::card_day::Scheduled::lapse`]).
    pub lapses: u32,
    /// Latest `at` of any line, as milliseconds since the epoch.
    pub last_at_ms: i64,
    /// The card's lines must be sorted or undone before its state is right.
    pub(crate) exact: bool,
}

impl CardHistory {
    /// Its grading lines that still count: scheduled reviews, drills, quiz
    /// and prep lines (undone ones and card actions not counted).
    pub fn graded_lines(&self) -> u32 {
        self.card
            .reviews
            .saturating_add(self.drills)
            .saturating_add(self.crams)
            .saturating_add(self.preps)
    }
}

/// The whole log, replayed.
#[derive(Debug, Clone, Default)]
pub struct Replay {
    /// (deck id, card id) -> history, by dense index. Includes cards that no
    /// longer exist.
    pub(crate) cards: CardTable,
    /// Study counts per deck (by the index of `cards`) and day.
    pub(crate) days: StudyDays,
    /// Malformed or torn lines (the first [`Replay::MAX_PROBLEMS`]).
    pub problems: Vec<LogProblem>,
    /// Count of all problem lines.
    pub problem_count: usize,
    /// Lines read, problems included.
    pub lines: usize,
    /// Whether this replay works FSRS out; with [`Fsrs::Skip`] every
    /// [`CardHistory::memory`] is `None`. Commands that never read a
    /// card's memory (`due`, `find`, `suspend`, `check`, `import`) replay
    /// without it, as working it out is half of a whole replay's time.
    pub(crate) fsrs: Fsrs,
}

impl Replay {
    /// At most this many problems are kept with their text.
    pub const MAX_PROBLEMS: usize = 100;

    /// An empty replay that works FSRS out or not, as `fsrs` says
    /// ([`Replay::default`] works it out).
    pub(crate) fn new(fsrs: Fsrs) -> Replay {
        Replay {
            fsrs,
            ..Replay::default()
        }
    }

    /// True if every card's FSRS memory was worked out.
    pub fn has_memory(&self) -> bool {
        self.fsrs == Fsrs::Track
    }

    /// The history of a card, if it has any.
    pub fn get(&self, deck: &str, card: &str) -> Option<&CardHistory> {
        self.cards.find(deck, card).and_then(|i| self.cards.get(i))
    }

    /// The history of each card of the deck `deck` (ids in the order
    /// given), found once (`CardTable::slots`): the way to look up a
    /// whole deck.
    pub fn deck_histories<'c>(
        &self,
        deck: &str,
        cards: impl ExactSizeIterator<Item = &'c str>,
    ) -> impl Iterator<Item = Option<&CardHistory>> {
        self.cards
            .slots(deck, cards)
            .into_iter()
            .map(|i| i.and_then(|i| self.cards.get(i)))
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
    /// streaming path), its card interned at index `i` of the deck at
    /// dense index `deck` in the table these histories were split from
    /// ([`CardTable::split_histories`]: the streaming replay interns on one
    /// thread and applies on another). Lines of one card must arrive in
    /// time order; an out-of-order line or an undo marks the card for an
    /// exact replay ([`Replay::replace_exact`]), and later lines of it are
    /// skipped here.
    pub(super) fn apply_interned(&mut self, i: usize, deck: u32, e: &Review) {
        let Some(h) = self.cards.history_mut(i) else {
            return;
        };
        if e.kind == Kind::Undo || e.at_ms < h.last_at_ms {
            h.exact = true;
        }
        h.last_at_ms = h.last_at_ms.max(e.at_ms);
        if h.exact {
            return;
        }
        let step = h.card.step(e.kind, e.grade, e.day);
        count(h, &step, e.grade, e.day, self.fsrs == Fsrs::Track);
        self.days
            .add(deck, e.day, &DayCounts::of(&step, e.spent_ms));
    }

    /// For each card index: true if [`Replay::apply_interned`] marked it for an
    /// exact replay.
    pub(super) fn needing_exact(&self) -> Vec<bool> {
        self.cards.iter().map(|(_, _, h)| h.exact).collect()
    }

    /// Replaces the history of each card (by index) by the exact replay of
    /// all its lines, and its study counts with it.
    ///
    /// `streamed`: how the card's counts so far were made, to take them
    /// back: `None` if nothing was counted for these cards yet; `Some(n)`
    /// if the lines numbered up to `n` were replayed exactly (by a snapshot
    /// of the first `n` lines, or nothing when `n` is 0) and the later ones
    /// streamed by [`Replay::apply_interned`], in file order, up to the first undo or
    /// out-of-order line.
    pub(super) fn replace_exact(
        &mut self,
        per_card: HashMap<usize, Vec<Event>>,
        streamed: Option<usize>,
    ) {
        let memory = self.has_memory();
        for (i, events) in per_card {
            let deck = self.cards.deck_of(i);
            if let Some(base) = streamed {
                let counted = streamed_events(&events, base);
                replay_kept(&counted, false, |e, step| {
                    self.days.sub(deck, e.day, &DayCounts::of(step, e.spent_ms));
                });
            }
            let (kept, last_at_ms) = kept_events(events);
            let mut h = replay_kept(&kept, memory, |e, step| {
                self.days.add(deck, e.day, &DayCounts::of(step, e.spent_ms));
            });
            h.last_at_ms = last_at_ms;
            if let Some(slot) = self.cards.get_mut(i) {
                *slot = h;
            }
        }
    }

    /// The study counts of every day of the deck `deck`, in no order
    /// (empty for a deck the log does not name).
    pub fn deck_days(&self, deck: &str) -> Vec<(NaiveDate, DayCounts)> {
        let Some(d) = self.cards.find_deck(deck) else {
            return Vec::new();
        };
        self.days
            .iter()
            .filter(|(di, _, _)| *di == d)
            .map(|(_, day, c)| (day, *c))
            .collect()
    }

    /// The study counts of every deck the log names, by deck id, each
    /// deck's days in no order.
    pub fn days_by_deck(&self) -> HashMap<&str, Vec<(NaiveDate, DayCounts)>> {
        let mut out: HashMap<&str, Vec<(NaiveDate, DayCounts)>> = HashMap::new();
        for (d, day, c) in self.days.iter() {
            out.entry(self.cards.deck_name(d))
                .or_default()
                .push((day, *c));
        }
        out
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
        r.replace_exact(per_card, None);
        r
    }

    /// The exact replay (every card sorted and undone, nothing streamed)
    /// of the lines of `text` that parse, for tests of the streamed one.
    #[cfg(test)]
    pub(crate) fn exact_from_text(text: &str) -> Replay {
        let mut r = Replay::default();
        let mut per_card: HashMap<usize, Vec<Event>> = HashMap::new();
        for (n, line) in text.lines().enumerate() {
            if let Ok(p) = super::line::parse_line(line.as_bytes()) {
                let k = r.cards.intern(&p.deck, &p.card);
                per_card
                    .entry(k)
                    .or_default()
                    .push(Event::from_parsed(&p, n + 1));
            }
        }
        r.replace_exact(per_card, None);
        r
    }
}

impl PartialEq for Replay {
    /// The same histories, study counts (by deck id), problems and lines.
    fn eq(&self, o: &Replay) -> bool {
        let days = |r: &Replay| -> HashMap<(String, NaiveDate), DayCounts> {
            r.days
                .iter()
                .filter(|(_, _, c)| !c.is_empty())
                .map(|(d, day, c)| ((r.cards.deck_name(d).to_string(), day), *c))
                .collect()
        };
        self.cards == o.cards
            && self.problems == o.problems
            && self.problem_count == o.problem_count
            && self.lines == o.lines
            && self.fsrs == o.fsrs
            && days(self) == days(o)
    }
}

impl Eq for Replay {}

/// Counts what the step of a line (graded `grade` on `day`) was (its
/// reviews and last grade are counted by [`CardDay::step`] itself), and lets
/// FSRS observe it if it is a grade and `memory` is on.
fn count(h: &mut CardHistory, step: &Step, grade: Grade, day: NaiveDate, memory: bool) {
    match step.kind {
        Kind::Review => {}
        Kind::Drill => h.drills += 1,
        Kind::Cram => h.crams += 1,
        Kind::Prep => {
            h.preps += 1;
            h.last_prep = Some(h.last_prep.map_or(day, |d| d.max(day)));
        }
        Kind::Undo | Kind::Suspend | Kind::Unsuspend | Kind::Bury => {}
    }
    if memory && step.kind.is_grade() {
        h.memory = Memory::after(h.memory, grade, day);
    }
    if step.review.is_some_and(|r| r.lapse) {
        h.lapses += 1;
    }
}

/// One line of one card, for the exact replay.
#[derive(Debug, Clone, Copy)]
pub(super) struct Event {
    at_ms: i64,
    day: NaiveDate,
    grade: Grade,
    kind: Kind,
    spent_ms: u32,
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
            spent_ms: u32::try_from(e.spent_ms).unwrap_or(u32::MAX),
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
            spent_ms: p.spent_ms,
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

/// One card's events sorted by time (stable), each undo removing the last
/// earlier line it names (undos dropped); and the latest `at` of them all
/// (undos included; 0 at least, as [`Replay::apply_interned`] starts from).
fn kept_events(mut events: Vec<Event>) -> (Vec<Event>, i64) {
    events.sort_by_key(|e| (e.at_ms, e.order));
    let mut kept: Vec<Event> = Vec::with_capacity(events.len());
    let mut last_at_ms = 0;
    for e in events {
        last_at_ms = e.at_ms.max(last_at_ms);
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
    (kept, last_at_ms)
}

/// The events of a card whose study counts are in the replay before its
/// exact replay (see [`Replay::replace_exact`]): the exact replay of its
/// lines numbered up to `base`, then its later lines in file order up to
/// the first undo or line older than one before it.
fn streamed_events(events: &[Event], base: usize) -> Vec<Event> {
    let (before, mut after): (Vec<Event>, Vec<Event>) =
        events.iter().partition(|e| e.order <= base);
    let (mut out, mut last_at_ms) = kept_events(before);
    after.sort_by_key(|e| e.order);
    for e in after {
        if e.kind == Kind::Undo || e.at_ms < last_at_ms {
            break;
        }
        last_at_ms = e.at_ms;
        out.push(e);
    }
    out
}

/// Records kept events in order from a new card, calling `on_step` with
/// each event and what it counted as (with FSRS if `memory`).
fn replay_kept(
    kept: &[Event],
    memory: bool,
    mut on_step: impl FnMut(&Event, &Step),
) -> CardHistory {
    let mut h = CardHistory::default();
    for e in kept {
        let step = h.card.step(e.kind, e.grade, e.day);
        count(&mut h, &step, e.grade, e.day, memory);
        on_step(e, &step);
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
            entry("2026-11-02T10:02:00+00:00", "a", 5, Kind::Prep),
            entry("2026-11-02T10:03:00+00:00", "a", 0, Kind::Bury),
        ]);
        let h = r.get("d", "a").unwrap();
        // Every grading line counts once (the bury is no grade), the prep
        // one too: `due` and `check --orphans` report this count.
        assert_eq!((h.graded_lines(), h.preps), (4, 1));
        assert_eq!(h.last_prep, Some("2026-11-02".parse().unwrap()));
        let h = r.get("d", "a").unwrap();
        assert_eq!(
            (
                h.card.state.n,
                h.card.state.interval,
                h.card.reviews,
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
        assert_eq!((a.card.reviews, a.drills), (1, 0));
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
        assert_eq!((a.card.reviews, a.drills), (0, 1));
    }
}
