//! A study session: the queue of cards still to ask, the answers given, and
//! undo.

use std::collections::VecDeque;

use chrono::{DateTime, FixedOffset};

use crate::deck::Deck;
use crate::sched::Grade;
use crate::session::siblings::Notes;
use crate::session::{Item, Scope, Study};
use crate::store::{CardDay, Kind, LineId, LogEntry};

/// One answer given in a session, with what is needed to take it back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Answer {
    /// The card asked.
    pub item: Item,
    /// The grade given.
    pub grade: Grade,
    /// When (the `at` of its log line).
    pub at: DateTime<FixedOffset>,
    /// The `id` of its log line.
    pub id: LineId,
    /// Milliseconds from showing the card to the grade.
    pub spent_ms: u64,
    /// What was known of the card before.
    pub before: CardDay,
    /// True if the answer sent the card to the end of the queue again
    /// ([`Grade::needs_reask`]).
    pub reasked: bool,
}

impl Answer {
    /// The log line of this answer.
    pub fn entry(&self, decks: &[Deck]) -> Option<LogEntry> {
        let line = Line {
            item: self.item,
            grade: self.grade,
            at: self.at,
            id: self.id,
            spent_ms: self.spent_ms,
        };
        line.entry(decks)
    }

    /// The log line, written at `at`, that takes this answer back.
    pub fn undo_entry(&self, decks: &[Deck], at: DateTime<FixedOffset>) -> Option<LogEntry> {
        self.entry(decks).map(|e| e.undo(at))
    }
}

/// A log line of a card named by its indices in the deck list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line {
    /// The card, and the line's kind.
    pub item: Item,
    /// The grade (0 for a card action).
    pub grade: Grade,
    /// When.
    pub at: DateTime<FixedOffset>,
    /// The line's id.
    pub id: LineId,
    /// Milliseconds spent on the card.
    pub spent_ms: u64,
}

impl Line {
    /// The line, if its deck and card are in `decks`.
    pub fn entry(&self, decks: &[Deck]) -> Option<LogEntry> {
        let deck = decks.get(self.item.deck)?;
        let card = deck.cards.get(self.item.card)?;
        Some(LogEntry {
            id: Some(self.id),
            ..LogEntry::new(
                self.at,
                deck.id.clone(),
                card.id.clone(),
                self.grade,
                self.item.kind,
                self.spent_ms,
            )
        })
    }
}

/// A study session: the queue of cards still to ask and the answers given.
///
/// A card graded below 4 ([`Grade::needs_reask`]) goes to the end of the
/// queue as a `Drill` item and comes back until it gets 4 or more; drills
/// never change the schedule. A scheduled answer takes the card's siblings
/// still waiting in the queue out of it (they wait for tomorrow, see
/// [`crate::session::siblings`]); their re-asks stay.
/// Answers can be undone, last first, which restores queue and state exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// What is studied.
    pub scope: Scope,
    queue: VecDeque<Item>,
    answers: Vec<Answer>,
    dropped: Vec<Dropped>,
}

/// A sibling an answer took out of the queue, to put back if it is undone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Dropped {
    /// The index of the answer that took it out.
    answer: usize,
    /// Its place in the queue when it was taken out.
    at: usize,
    item: Item,
}

impl Session {
    /// A session over `items`, asked in order.
    pub fn new(scope: Scope, items: Vec<Item>) -> Session {
        Session {
            scope,
            queue: items.into(),
            answers: Vec::new(),
            dropped: Vec::new(),
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
    /// recording it (the app writes it to the log first). Its log line gets
    /// a fresh id.
    pub fn prepare(
        &self,
        study: &Study,
        grade: Grade,
        at: DateTime<FixedOffset>,
        spent_ms: u64,
    ) -> Option<Answer> {
        let item = self.current()?;
        let before = study.known(item.deck, item.card);
        Some(Answer {
            item,
            grade,
            at,
            id: LineId::random(),
            spent_ms,
            before,
            // A scheduled answer and a re-ask alike come back at the end.
            reasked: grade.needs_reask(),
        })
    }

    /// Records an answer made by [`Session::prepare`] for the current card:
    /// updates `study` by the same rule as the replay of its log line
    /// ([`CardDay::record`]) and moves on. Returns false (and changes
    /// nothing) if `answer` is not for the current card.
    pub fn record(&mut self, study: &mut Study, answer: Answer) -> bool {
        if self.current() != Some(answer.item) {
            return false;
        }
        let today = study.today;
        if let Some(k) = study.known_mut(answer.item.deck, answer.item.card) {
            k.record(answer.item.kind, answer.grade, today);
        }
        self.queue.pop_front();
        if answer.item.kind == Kind::Review {
            self.drop_siblings(study.notes(), answer.item);
        }
        if answer.reasked {
            self.queue.push_back(Item {
                kind: Kind::Drill,
                ..answer.item
            });
        }
        self.answers.push(answer);
        true
    }

    /// Takes the scheduled items of `of`'s siblings out of the queue,
    /// remembering where they were.
    fn drop_siblings(&mut self, notes: &Notes, of: Item) {
        let answer = self.answers.len();
        let mut at = 0;
        while let Some(&item) = self.queue.get(at) {
            if item.kind == Kind::Review && notes.are_siblings(of, item) {
                self.queue.remove(at);
                self.dropped.push(Dropped { answer, at, item });
            } else {
                at += 1;
            }
        }
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
        let answer = self.answers.len();
        while let Some(d) = self.dropped.pop_if(|d| d.answer == answer) {
            self.queue.insert(d.at, d.item);
        }
        self.queue.push_front(a.item);
        if let Some(k) = study.known_mut(a.item.deck, a.item.card) {
            *k = a.before;
        }
        Some(a)
    }

    /// Points the session at the cards' new places after the decks were
    /// loaded again: `deck` maps an old deck index to its new one, `card`
    /// an old `(deck, card)` to the new one; `None` for what is gone (its
    /// items and answers are dropped; the log keeps its lines). The order
    /// of the queue and of the answers stays.
    pub fn remap(
        &mut self,
        deck: impl Fn(usize) -> Option<usize>,
        card: impl Fn(usize, usize) -> Option<(usize, usize)>,
    ) {
        let moved =
            |item: Item| card(item.deck, item.card).map(|(deck, card)| Item { deck, card, ..item });
        self.queue = self.queue.iter().filter_map(|&i| moved(i)).collect();
        self.answers.retain_mut(|a| match moved(a.item) {
            Some(item) => {
                a.item = item;
                true
            }
            None => false,
        });
        if let Scope::Deck(d) = self.scope {
            // A scope whose deck is gone studies what is left of it.
            self.scope = deck(d).map_or(Scope::All, Scope::Deck);
        }
    }

    /// Takes the card `(deck, card)` out of the queue (it was suspended or
    /// buried): returns its item and where it was, for [`Session::put_back`].
    /// A card is queued once at most.
    pub fn take_card(&mut self, deck: usize, card: usize) -> Option<(usize, Item)> {
        let pos = self
            .queue
            .iter()
            .position(|i| i.deck == deck && i.card == card)?;
        self.queue.remove(pos).map(|item| (pos, item))
    }

    /// Puts back what [`Session::take_card`] took (an undo).
    pub fn put_back(&mut self, (pos, item): (usize, Item)) {
        self.queue.insert(pos.min(self.queue.len()), item);
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
            drills: self
                .answers
                .iter()
                .filter(|a| a.item.kind == Kind::Drill)
                .count(),
            preps: self
                .answers
                .iter()
                .filter(|a| a.item.kind == Kind::Prep)
                .count(),
            reviews: first.len(),
            reviews_passed: first.iter().filter(|a| a.grade.is_pass()).count(),
            spent_ms: self.answers.iter().map(|a| a.spent_ms).sum(),
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
    /// Interview prep answers.
    pub preps: usize,
    /// Scheduled answers (the first of the day for each card).
    pub reviews: usize,
    /// Scheduled answers graded 3 or more.
    pub reviews_passed: usize,
    /// Time spent on answers, in milliseconds.
    pub spent_ms: u64,
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
    use crate::session::testing::{at, day, deck, ids};
    use crate::store::Replay;

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
    fn remap_moves_items_and_answers_and_drops_what_is_gone() {
        let decks = vec![deck("a", &["x", "y", "z"])];
        let mut study = Study::new(&decks, &Replay::default(), day("2026-11-25"), 20);
        let mut s = Session::new(Scope::Deck(0), study.queue(Scope::All));
        answer(&mut s, &mut study, 2); // x -> end
        // The deck moved to index 1; y is gone; z and x swapped places.
        s.remap(
            |d| (d == 0).then_some(1),
            |d, c| match (d, c) {
                (0, 0) => Some((1, 2)),
                (0, 2) => Some((1, 0)),
                _ => None,
            },
        );
        let left: Vec<(usize, usize, Kind)> =
            s.remaining().map(|i| (i.deck, i.card, i.kind)).collect();
        assert_eq!(left, [(1, 0, Kind::Review), (1, 2, Kind::Drill)]);
        assert_eq!(s.answers()[0].item.card, 2);
        assert_eq!(s.scope, Scope::Deck(1));
        s.remap(|_| None, |_, _| None);
        assert!(s.is_finished() && s.answers().is_empty());
        assert_eq!(s.scope, Scope::All);
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
        assert_eq!(st.spent_ms, 60);
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

    #[test]
    fn undone_answers_replay_as_the_session_took_them_back() {
        // Past midnight every line has the same clamped `at`: undo lines
        // must still take back the right answer.
        let decks = vec![deck("a", &["x", "y"])];
        let mut study = Study::new(&decks, &Replay::default(), day("2026-11-25"), 20);
        let mut s = Session::new(Scope::All, study.queue(Scope::All));
        let late = at("2026-11-25T23:59:59.999+00:00");
        let mut lines = Vec::new();
        for (q, undo) in [(1, false), (5, false), (4, true), (2, false), (5, true)] {
            let a = s.prepare(&study, Grade::new(q).unwrap(), late, 0).unwrap();
            assert!(s.record(&mut study, a));
            lines.push(a.entry(&decks).unwrap());
            if undo {
                let a = s.undo(&mut study).unwrap();
                lines.push(a.undo_entry(&decks, late).unwrap());
            }
        }
        let replayed = Study::new(&decks, &Replay::from_entries(&lines), day("2026-11-25"), 20);
        assert_eq!(replayed, study);
    }
}
