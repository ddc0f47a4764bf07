//! Today's view of the cards: which are new, due or for later. Pure logic
//! over decks and replayed states.

use std::collections::VecDeque;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;

use crate::deck::{Deck, DeckIds};
use crate::sched::{Grade, Sm2State};
use crate::store::{CardHistory, Kind, LogEntry, Replay};

/// Where a card stands today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Never reviewed.
    New,
    /// Due today or overdue.
    Due,
    /// Scheduled after today.
    Later,
}

impl Status {
    /// The status of a state on `today`.
    pub fn of(state: &Sm2State, today: NaiveDate) -> Status {
        match state.due {
            None => Status::New,
            Some(d) if d <= today => Status::Due,
            Some(_) => Status::Later,
        }
    }

    /// Lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Due => "due",
            Status::Later => "later",
        }
    }
}

/// A card with its state today.
#[derive(Debug, Clone, Copy)]
pub struct CardView<'a> {
    /// The deck id.
    pub deck: &'a str,
    /// The card id.
    pub card: &'a str,
    /// Its replayed SM-2 state.
    pub state: Sm2State,
    /// Its status today.
    pub status: Status,
}

/// Counts of one deck's cards by status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Never reviewed.
    pub new: usize,
    /// Due today or overdue.
    pub due: usize,
    /// Scheduled after today.
    pub later: usize,
}

impl Counts {
    /// Adds one status.
    pub fn add(&mut self, s: Status) {
        match s {
            Status::New => self.new += 1,
            Status::Due => self.due += 1,
            Status::Later => self.later += 1,
        }
    }

    /// All cards.
    pub fn total(&self) -> usize {
        self.new + self.due + self.later
    }
}

/// Every card of `decks` with its state on `today`, in deck and file order.
pub fn card_views<'a>(
    decks: &'a [DeckIds],
    replay: &Replay,
    today: NaiveDate,
) -> Vec<CardView<'a>> {
    decks
        .iter()
        .flat_map(|deck| {
            let history = replay.cards.get(&deck.id);
            deck.cards.iter().map(move |card| {
                let state = history
                    .and_then(|m| m.get(card))
                    .map(|h| h.state)
                    .unwrap_or_default();
                CardView {
                    deck: &deck.id,
                    card,
                    state,
                    status: Status::of(&state, today),
                }
            })
        })
        .collect()
}

/// Counts per deck of `views`, in the order of `decks`.
pub fn deck_counts(decks: &[DeckIds], views: &[CardView<'_>]) -> Vec<Counts> {
    let mut counts = vec![Counts::default(); decks.len()];
    let mut i = 0;
    for v in views {
        while decks.get(i).is_some_and(|d| d.id != v.deck) {
            i += 1;
        }
        if let Some(c) = counts.get_mut(i) {
            c.add(v.status);
        }
    }
    counts
}

/// Log entries whose deck or card no longer exists: `(deck, card, lines)`,
/// sorted.
pub fn orphans(decks: &[Deck], replay: &Replay) -> Vec<(String, String, u32)> {
    orphans_of(
        decks.iter().map(|d| {
            (
                d.id.as_str(),
                d.cards.iter().map(|c| c.id.as_str()).collect(),
            )
        }),
        replay,
    )
}

/// [`orphans`] for decks given as `(deck id, card ids)`.
pub fn orphans_of<'a>(
    decks: impl IntoIterator<Item = (&'a str, std::collections::HashSet<&'a str>)>,
    replay: &Replay,
) -> Vec<(String, String, u32)> {
    let known: std::collections::HashMap<&str, std::collections::HashSet<&str>> =
        decks.into_iter().collect();
    let mut out = Vec::new();
    for (deck_id, cards) in &replay.cards {
        let deck = known.get(deck_id.as_str());
        for (card_id, h) in cards {
            if !deck.is_some_and(|ids| ids.contains(card_id.as_str())) {
                out.push((
                    deck_id.clone(),
                    card_id.clone(),
                    h.reviews + h.drills + h.crams,
                ));
            }
        }
    }
    out.sort();
    out
}

/// What a study session knows about one card: its SM-2 state and the two
/// facts the day's queue needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Known {
    /// The SM-2 state.
    pub state: Sm2State,
    /// The day of its first scheduled review (`None` for a new card).
    pub first_day: Option<NaiveDate>,
    /// `Some(day)` while a re-ask is owed for a grade below 4 on `day`.
    pub drill_due: Option<NaiveDate>,
}

impl Known {
    fn of(h: &CardHistory) -> Known {
        Known {
            state: h.state,
            first_day: h.first_day,
            drill_due: h.drill_due,
        }
    }
}

/// Which cards a session studies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every deck.
    All,
    /// One deck, by index.
    Deck(usize),
}

/// One card to ask: indices into the deck list, and the kind of line its
/// grade writes (`Review` for the day's scheduled answer, `Drill` for a
/// re-ask).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Item {
    /// Deck index.
    pub deck: usize,
    /// Card index within the deck.
    pub card: usize,
    /// `Kind::Review` or `Kind::Drill`.
    pub kind: Kind,
}

/// The state of every card for today, kept up to date while a session grades
/// (so counts, the new-card cap and "next due" stay right without a replay).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Study {
    /// The session's day (fixed at start, also past midnight).
    pub today: NaiveDate,
    /// New cards allowed per day, over all decks.
    pub new_per_day: usize,
    known: Vec<Vec<Known>>,
}

impl Study {
    /// The states of `decks` after `replay`, for `today`.
    pub fn new(decks: &[Deck], replay: &Replay, today: NaiveDate, new_per_day: usize) -> Study {
        let known = decks
            .iter()
            .map(|deck| {
                let history = replay.cards.get(&deck.id);
                deck.cards
                    .iter()
                    .map(|card| {
                        history
                            .and_then(|m| m.get(&card.id))
                            .map(Known::of)
                            .unwrap_or_default()
                    })
                    .collect()
            })
            .collect();
        Study {
            today,
            new_per_day,
            known,
        }
    }

    /// What is known of one card (the default for indices out of range).
    pub fn known(&self, deck: usize, card: usize) -> Known {
        self.known
            .get(deck)
            .and_then(|d| d.get(card))
            .copied()
            .unwrap_or_default()
    }

    fn known_mut(&mut self, deck: usize, card: usize) -> Option<&mut Known> {
        self.known.get_mut(deck).and_then(|d| d.get_mut(card))
    }

    /// Counts of one deck by status today.
    pub fn counts(&self, deck: usize) -> Counts {
        let mut c = Counts::default();
        for k in self.known.get(deck).into_iter().flatten() {
            c.add(Status::of(&k.state, self.today));
        }
        c
    }

    /// New cards started today, over all decks (they count against the cap).
    pub fn new_started_today(&self) -> usize {
        self.known
            .iter()
            .flatten()
            .filter(|k| k.first_day == Some(self.today))
            .count()
    }

    /// How many more new cards may be started today.
    pub fn new_left_today(&self) -> usize {
        self.new_per_day.saturating_sub(self.new_started_today())
    }

    /// Today's queue for `scope`: due cards, oldest due first; then new cards
    /// in deck order up to what is left of the daily cap; then re-asks still
    /// owed from an earlier session today.
    pub fn queue(&self, scope: Scope) -> Vec<Item> {
        let decks: Vec<usize> = match scope {
            Scope::All => (0..self.known.len()).collect(),
            Scope::Deck(d) if d < self.known.len() => vec![d],
            Scope::Deck(_) => Vec::new(),
        };
        let cards = || {
            decks.iter().flat_map(|&d| {
                self.known[d]
                    .iter()
                    .enumerate()
                    .map(move |(c, k)| (d, c, *k))
            })
        };
        let item = |deck, card, kind| Item { deck, card, kind };
        let mut due: Vec<(NaiveDate, Item)> = cards()
            .filter_map(|(d, c, k)| {
                k.state
                    .due
                    .filter(|&day| day <= self.today)
                    .map(|day| (day, item(d, c, Kind::Review)))
            })
            .collect();
        // Stable: equal days keep deck and file order.
        due.sort_by_key(|(day, _)| *day);
        let mut out: Vec<Item> = due.into_iter().map(|(_, i)| i).collect();
        out.extend(
            cards()
                .filter(|(_, _, k)| k.state.is_new())
                .take(self.new_left_today())
                .map(|(d, c, _)| item(d, c, Kind::Review)),
        );
        out.extend(
            cards()
                .filter(|(_, _, k)| k.drill_due == Some(self.today))
                .map(|(d, c, _)| item(d, c, Kind::Drill)),
        );
        out
    }

    /// The earliest day a reviewed card is due, and how many cards are due
    /// by then. Today if cards are still due today.
    pub fn next_due(&self) -> Option<(NaiveDate, usize)> {
        let first = self
            .known
            .iter()
            .flatten()
            .filter_map(|k| k.state.due)
            .min()?;
        let first = first.max(self.today);
        let n = self
            .known
            .iter()
            .flatten()
            .filter(|k| k.state.due.is_some_and(|d| d <= first))
            .count();
        Some((first, n))
    }
}

/// One answer given in a session, with what is needed to take it back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Answer {
    /// The card asked.
    pub item: Item,
    /// The grade given.
    pub grade: Grade,
    /// When (the `at` of its log line).
    pub at: DateTime<FixedOffset>,
    /// Milliseconds from showing the card to the grade.
    pub ms: u64,
    /// What was known of the card before.
    pub before: Known,
    /// True if the answer sent the card to the end of the queue again.
    pub reasked: bool,
}

impl Answer {
    /// The log line of this answer.
    pub fn entry(&self, decks: &[Deck]) -> Option<LogEntry> {
        let deck = decks.get(self.item.deck)?;
        let card = deck.cards.get(self.item.card)?;
        Some(LogEntry {
            at: self.at,
            deck: deck.id.clone(),
            card: card.id.clone(),
            grade: self.grade,
            kind: self.item.kind,
            ms: self.ms,
            undoes: None,
        })
    }
}

/// A study session: the queue of cards still to ask and the answers given.
///
/// A card graded below 4 goes to the end of the queue as a `Drill` item and
/// comes back until it gets 4 or more; drills never change the schedule.
/// Answers can be undone, last first, which restores queue and state exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// What is studied.
    pub scope: Scope,
    queue: VecDeque<Item>,
    answers: Vec<Answer>,
}

impl Session {
    /// A session over `items`, asked in order.
    pub fn new(scope: Scope, items: Vec<Item>) -> Session {
        Session {
            scope,
            queue: items.into(),
            answers: Vec::new(),
        }
    }

    /// The card to ask now, if any.
    pub fn current(&self) -> Option<Item> {
        self.queue.front().copied()
    }

    /// The cards still to ask, current first.
    pub fn remaining(&self) -> impl Iterator<Item = &Item> {
        self.queue.iter()
    }

    /// True when every card has been answered well enough.
    pub fn is_finished(&self) -> bool {
        self.queue.is_empty()
    }

    /// The answers given so far, in order.
    pub fn answers(&self) -> &[Answer] {
        &self.answers
    }

    /// `(answered, answered + still to ask)`: the session's position.
    pub fn progress(&self) -> (usize, usize) {
        (self.answers.len(), self.answers.len() + self.queue.len())
    }

    /// The answer the current card would get with `grade` at `at`, without
    /// recording it (the app writes it to the log first).
    pub fn prepare(
        &self,
        study: &Study,
        grade: Grade,
        at: DateTime<FixedOffset>,
        ms: u64,
    ) -> Option<Answer> {
        let item = self.current()?;
        let before = study.known(item.deck, item.card);
        // Below 4, a scheduled answer and a re-ask alike come back at the end.
        let reasked = grade.value() < 4;
        Some(Answer {
            item,
            grade,
            at,
            ms,
            before,
            reasked,
        })
    }

    /// Records an answer made by [`Session::prepare`] for the current card:
    /// updates `study` (scheduled reviews only change the schedule) and
    /// moves on. Returns false (and changes nothing) if `answer` is not for
    /// the current card.
    pub fn record(&mut self, study: &mut Study, answer: Answer) -> bool {
        if self.current() != Some(answer.item) {
            return false;
        }
        let today = study.today;
        if let Some(k) = study.known_mut(answer.item.deck, answer.item.card) {
            match answer.item.kind {
                Kind::Review => {
                    k.state = k.state.review(answer.grade, today);
                    k.first_day.get_or_insert(today);
                    k.drill_due = answer.reasked.then_some(today);
                }
                _ => {
                    if !answer.reasked && k.drill_due == Some(today) {
                        k.drill_due = None;
                    }
                }
            }
        }
        self.queue.pop_front();
        if answer.reasked {
            self.queue.push_back(Item {
                kind: Kind::Drill,
                ..answer.item
            });
        }
        self.answers.push(answer);
        true
    }

    /// The answer [`Session::undo`] would take back.
    pub fn last_answer(&self) -> Option<&Answer> {
        self.answers.last()
    }

    /// Takes back the last answer: its card is asked again now, the re-ask
    /// it caused is removed, and `study` gets the card's state back.
    pub fn undo(&mut self, study: &mut Study) -> Option<Answer> {
        let a = self.answers.pop()?;
        if a.reasked {
            self.queue.pop_back();
        }
        self.queue.push_front(a.item);
        if let Some(k) = study.known_mut(a.item.deck, a.item.card) {
            *k = a.before;
        }
        Some(a)
    }

    /// Totals for the summary screen.
    pub fn stats(&self) -> SessionStats {
        let mut cards: Vec<(usize, usize)> = self
            .answers
            .iter()
            .map(|a| (a.item.deck, a.item.card))
            .collect();
        cards.sort_unstable();
        cards.dedup();
        let first: Vec<&Answer> = self
            .answers
            .iter()
            .filter(|a| a.item.kind == Kind::Review)
            .collect();
        SessionStats {
            cards: cards.len(),
            answers: self.answers.len(),
            drills: self.answers.len() - first.len(),
            reviews: first.len(),
            reviews_passed: first.iter().filter(|a| a.grade.is_pass()).count(),
            ms: self.answers.iter().map(|a| a.ms).sum(),
        }
    }
}

/// What a session did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SessionStats {
    /// Distinct cards answered.
    pub cards: usize,
    /// All answers, re-asks included.
    pub answers: usize,
    /// Re-asks (drill answers).
    pub drills: usize,
    /// Scheduled answers (the first of the day for each card).
    pub reviews: usize,
    /// Scheduled answers graded 3 or more.
    pub reviews_passed: usize,
    /// Time spent on answers, in milliseconds.
    pub ms: u64,
}

impl SessionStats {
    /// Percentage of scheduled answers graded 3 or more (`None` if none).
    pub fn pass_percent(&self) -> Option<usize> {
        (self.reviews > 0).then(|| (self.reviews_passed * 100 + self.reviews / 2) / self.reviews)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::deck::{Card, DeckSource};

    fn deck(id: &str, cards: &[&str]) -> Deck {
        Deck {
            id: id.into(),
            name: id.into(),
            description: String::new(),
            tags: Vec::new(),
            cards: cards
                .iter()
                .map(|c| Card::new(c, &format!("front {c}"), &format!("back {c}")))
                .collect(),
            source: DeckSource::Bundled("t.toml"),
            id_pos: (1, 1),
            reverse: false,
        }
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    fn line(t: &str, deck: &str, card: &str, q: u8, kind: Kind) -> LogEntry {
        LogEntry {
            at: at(t),
            deck: deck.into(),
            card: card.into(),
            grade: Grade::new(q).unwrap(),
            kind,
            ms: 0,
            undoes: None,
        }
    }

    fn ids(decks: &[Deck], items: &[Item]) -> Vec<String> {
        items
            .iter()
            .map(|i| {
                let k = if i.kind == Kind::Drill { "!" } else { "" };
                format!("{}{k}", decks[i.deck].cards[i.card].id)
            })
            .collect()
    }

    #[test]
    fn queue_is_due_oldest_first_then_new_up_to_the_cap() {
        let decks = vec![
            deck("a", &["a1", "a2", "a3", "a4"]),
            deck("b", &["b1", "b2", "b3"]),
        ];
        // a2 due 11-20 (one review on 11-19), b1 due 11-10, a1 started today.
        let replay = Replay::from_entries(&[
            line("2026-11-19T10:00:00+00:00", "a", "a2", 5, Kind::Review),
            line("2026-11-09T10:00:00+00:00", "b", "b1", 5, Kind::Review),
            line("2026-11-25T08:00:00+00:00", "a", "a1", 5, Kind::Review),
        ]);
        let study = Study::new(&decks, &replay, day("2026-11-25"), 3);
        assert_eq!(study.new_started_today(), 1);
        assert_eq!(study.new_left_today(), 2);
        assert_eq!(
            ids(&decks, &study.queue(Scope::All)),
            ["b1", "a2", "a3", "a4"]
        );
        assert_eq!(
            ids(&decks, &study.queue(Scope::Deck(1))),
            ["b1", "b2", "b3"]
        );
        assert_eq!(study.queue(Scope::Deck(7)), Vec::new());
        let c = study.counts(0);
        assert_eq!((c.new, c.due, c.later), (2, 1, 1));
        assert_eq!(study.next_due(), Some((day("2026-11-25"), 2)));
    }

    #[test]
    fn a_failed_card_of_an_earlier_session_today_is_asked_again() {
        let decks = vec![deck("a", &["a1", "a2"])];
        let replay = Replay::from_entries(&[
            line("2026-11-25T08:00:00+00:00", "a", "a1", 2, Kind::Review),
            line("2026-11-25T08:01:00+00:00", "a", "a2", 1, Kind::Review),
            line("2026-11-25T08:02:00+00:00", "a", "a2", 4, Kind::Drill),
        ]);
        let study = Study::new(&decks, &replay, day("2026-11-25"), 20);
        assert_eq!(ids(&decks, &study.queue(Scope::All)), ["a1!"]);
        // The next day the debt is gone: the card is simply due.
        let study = Study::new(&decks, &replay, day("2026-11-26"), 20);
        assert_eq!(ids(&decks, &study.queue(Scope::All)), ["a1", "a2"]);
    }

    fn answer(s: &mut Session, study: &mut Study, q: u8) {
        let a = s
            .prepare(
                study,
                Grade::new(q).unwrap(),
                at("2026-11-25T09:00:00+00:00"),
                10,
            )
            .unwrap();
        assert!(s.record(study, a));
    }

    #[test]
    fn below_four_comes_back_at_the_end_until_four() {
        let decks = vec![deck("a", &["x", "y", "z"])];
        let mut study = Study::new(&decks, &Replay::default(), day("2026-11-25"), 20);
        let mut s = Session::new(Scope::All, study.queue(Scope::All));
        answer(&mut s, &mut study, 2); // x -> end
        answer(&mut s, &mut study, 5); // y
        assert_eq!(
            ids(&decks, &s.remaining().copied().collect::<Vec<_>>()),
            ["z", "x!"]
        );
        answer(&mut s, &mut study, 3); // z -> end (3 is a pass for SM-2, not for the day)
        answer(&mut s, &mut study, 1); // x again -> end
        assert_eq!(
            ids(&decks, &s.remaining().copied().collect::<Vec<_>>()),
            ["z!", "x!"]
        );
        let x_state = study.known(0, 0).state;
        answer(&mut s, &mut study, 4); // z done
        answer(&mut s, &mut study, 4); // x done
        assert!(s.is_finished());
        // Drills never change the schedule.
        assert_eq!(study.known(0, 0).state, x_state);
        assert_eq!(study.known(0, 0).drill_due, None);
        let kinds: Vec<Kind> = s.answers().iter().map(|a| a.item.kind).collect();
        use Kind::{Drill as D, Review as R};
        assert_eq!(kinds, [R, R, R, D, D, D]);
        let st = s.stats();
        assert_eq!(
            (
                st.cards,
                st.answers,
                st.drills,
                st.reviews,
                st.reviews_passed
            ),
            (3, 6, 3, 3, 2)
        );
        assert_eq!(st.pass_percent(), Some(67));
        assert_eq!(st.ms, 60);
    }

    #[test]
    fn undo_restores_queue_and_state_exactly() {
        let decks = vec![deck("a", &["x", "y"])];
        let mut study = Study::new(&decks, &Replay::default(), day("2026-11-25"), 20);
        let mut s = Session::new(Scope::All, study.queue(Scope::All));
        let (s0, st0) = (s.clone(), study.clone());
        answer(&mut s, &mut study, 1);
        let (s1, st1) = (s.clone(), study.clone());
        answer(&mut s, &mut study, 5);
        s.undo(&mut study).unwrap();
        assert_eq!((&s, &study), (&s1, &st1));
        s.undo(&mut study).unwrap();
        assert_eq!((&s, &study), (&s0, &st0));
        assert!(s.undo(&mut study).is_none());
        // The new-card cap gives back what an undone first review took.
        assert_eq!(study.new_started_today(), 0);
    }

    #[test]
    fn a_stale_answer_is_refused() {
        let decks = vec![deck("a", &["x", "y"])];
        let mut study = Study::new(&decks, &Replay::default(), day("2026-11-25"), 20);
        let mut s = Session::new(Scope::All, study.queue(Scope::All));
        let a = s
            .prepare(
                &study,
                Grade::new(5).unwrap(),
                at("2026-11-25T09:00:00+00:00"),
                0,
            )
            .unwrap();
        assert!(s.record(&mut study, a));
        assert!(!s.record(&mut study, a));
        assert_eq!(s.answers().len(), 1);
    }

    #[test]
    fn the_study_after_a_session_equals_the_replay_of_its_lines() {
        let decks = vec![deck("a", &["x", "y", "z"])];
        let mut study = Study::new(&decks, &Replay::default(), day("2026-11-25"), 20);
        let mut s = Session::new(Scope::All, study.queue(Scope::All));
        for q in [2, 5, 3, 4, 1, 5] {
            answer(&mut s, &mut study, q);
        }
        let entries: Vec<LogEntry> = s
            .answers()
            .iter()
            .map(|a| a.entry(&decks).unwrap())
            .collect();
        let replayed = Study::new(
            &decks,
            &Replay::from_entries(&entries),
            day("2026-11-25"),
            20,
        );
        assert_eq!(replayed, study);
    }
}
