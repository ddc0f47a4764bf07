//! The quiz screen: a self-contained state machine with its own keys and
//! rendering. The app feeds it keys and the elapsed time, and performs what
//! it asks for (log a `cram` line, leave).

use std::cell::Cell;

use ratatui::crossterm::event::KeyEvent;

use crate::deck::Card;
use crate::quiz::{CardRef, QuizAnswer, Score, Verdict, check_answer, is_typeable};
use crate::sched::Grade;

use super::keymap::{self, QuizAction};

mod view;

/// Quiz settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuizOptions {
    /// Type the answers (short answers only; long ones are self-graded).
    pub typed: bool,
    /// Seconds per card; running out counts as wrong.
    pub time_limit: Option<u64>,
    /// The shuffle seed, shown so the same quiz can be run again.
    pub seed: Option<u64>,
}

/// One card of the quiz.
#[derive(Debug, Clone)]
pub struct QuizItem {
    /// Its ids.
    pub card_ref: CardRef,
    /// The name of its deck, shown above the question.
    pub deck_name: String,
    /// The card.
    pub card: Card,
}

/// Where the quiz is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phase {
    /// The front is shown; for typed cards the learner is typing.
    Asking {
        /// What has been typed so far.
        input: String,
    },
    /// A self-graded card with its back shown, waiting for 0–5.
    Revealed,
    /// A typed answer was checked (or time ran out): the verdict and a
    /// suggested grade the learner may change before Enter.
    Verdict {
        /// What was typed.
        typed: String,
        /// The verdict.
        verdict: Verdict,
        /// The expected answer closest to what was typed.
        expected: String,
        /// The grade that Enter will record.
        grade: Grade,
        /// Time ran out.
        timed_out: bool,
    },
    /// Every card answered.
    Score,
}

/// What the quiz asks the app to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuizOut {
    /// Log this answer as a `cram` line (before the next card is shown).
    Record(QuizAnswer),
    /// The quiz is over and scored: remember these weak cards.
    Finished(Vec<CardRef>),
    /// Leave the quiz.
    Leave,
}

/// The quiz state.
#[derive(Debug, Clone)]
pub struct Quiz {
    /// The cards, in order.
    pub items: Vec<QuizItem>,
    /// Settings.
    pub options: QuizOptions,
    /// Index of the current card.
    pub index: usize,
    /// Phase of the current card.
    pub phase: Phase,
    /// Answers so far.
    pub answers: Vec<QuizAnswer>,
    /// When the current card was shown (ms on the app's clock).
    shown_at: u64,
    /// When the current card was answered (typed answer checked, answer
    /// shown or time out): the time spent reading the verdict and grading
    /// is not the card's time.
    answered_at: Option<u64>,
    /// The latest time seen.
    now: u64,
    /// Lines of the card scrolled off the top (↑/↓, PgUp/PgDn).
    pub scroll: u16,
    /// The card's last drawn view, which bounds the scrolling.
    view: Cell<View>,
}

/// What the last frame could show of the current card.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct View {
    /// Lines shown at once.
    pub page: u16,
    /// The largest useful scroll: lines that do not fit.
    pub max_scroll: u16,
}

impl Quiz {
    /// Starts a quiz at time `now_ms`.
    pub fn new(items: Vec<QuizItem>, options: QuizOptions, now_ms: u64) -> Quiz {
        let phase = if items.is_empty() {
            Phase::Score
        } else {
            Phase::Asking {
                input: String::new(),
            }
        };
        Quiz {
            items,
            options,
            index: 0,
            phase,
            answers: Vec::new(),
            shown_at: now_ms,
            answered_at: None,
            now: now_ms,
            scroll: 0,
            view: Cell::new(View::default()),
        }
    }

    /// The scroll position after a scrolling action (a line, or a page),
    /// bounded by the last drawn view.
    fn scrolled(&self, action: QuizAction) -> Option<u16> {
        let View { page, max_scroll } = self.view.get();
        let page = page.saturating_sub(1).max(1);
        let to = match action {
            QuizAction::Up => self.scroll.saturating_sub(1),
            QuizAction::Down => self.scroll.saturating_add(1),
            QuizAction::PageUp => self.scroll.saturating_sub(page),
            QuizAction::PageDown => self.scroll.saturating_add(page),
            _ => return None,
        };
        Some(to.min(max_scroll))
    }

    /// Sets what the frame being drawn can show of the current card.
    fn set_view(&self, view: View) {
        self.view.set(view);
    }

    /// The card's last drawn view.
    pub fn view(&self) -> View {
        self.view.get()
    }

    /// The current card.
    pub fn current(&self) -> Option<&QuizItem> {
        self.items.get(self.index)
    }

    /// True if the current card takes a typed answer.
    pub fn is_typed(&self) -> bool {
        self.options.typed && self.current().is_some_and(|i| is_typeable(&i.card))
    }

    /// Milliseconds left on the current card, if timed (frozen once it
    /// is answered).
    pub fn remaining_ms(&self) -> Option<u64> {
        let limit = self.options.time_limit? * 1000;
        let at = self.answered_at.unwrap_or(self.now);
        Some(limit.saturating_sub(at.saturating_sub(self.shown_at)))
    }

    /// The current card is answered now (if it was not already).
    fn answered(&mut self, now_ms: u64) {
        self.answered_at.get_or_insert(now_ms);
    }

    /// The score so far (final once the phase is `Score`).
    pub fn score(&self) -> Score {
        Score::of(&self.answers)
    }

    /// The clock moved on: time out the card if its time is up.
    pub fn tick(&mut self, now_ms: u64) -> Option<QuizOut> {
        self.now = now_ms;
        if !matches!(self.phase, Phase::Asking { .. }) || self.remaining_ms() != Some(0) {
            return None;
        }
        let limit = self.options.time_limit.unwrap_or(0) * 1000;
        self.answered(self.shown_at.saturating_add(limit));
        let typed = match &self.phase {
            Phase::Asking { input } => input.clone(),
            _ => String::new(),
        };
        let expected = self
            .current()
            .map(|i| i.card.answer().to_string())
            .unwrap_or_default();
        self.phase = Phase::Verdict {
            typed,
            verdict: Verdict::Wrong,
            expected,
            grade: Grade::MIN,
            timed_out: true,
        };
        self.scroll = 0;
        None
    }

    /// Handles a key at time `now_ms`.
    pub fn key(&mut self, key: KeyEvent, now_ms: u64) -> Option<QuizOut> {
        if let Some(out) = self.tick(now_ms) {
            return Some(out);
        }
        keymap::dispatch(&[keymap::QUIZ], &key, |action| {
            self.action(action, &key, now_ms)
        })
        .flatten()
    }

    /// Does what `action` asks; `None` if it does not apply now (the key's
    /// next action is tried).
    fn action(
        &mut self,
        action: QuizAction,
        key: &KeyEvent,
        now_ms: u64,
    ) -> Option<Option<QuizOut>> {
        // Scrolling types nothing and grades nothing: it works while a card
        // is shown, in every phase.
        if self.phase != Phase::Score
            && let Some(to) = self.scrolled(action)
        {
            self.scroll = to;
            return Some(None);
        }
        let typing = self.is_typed();
        match (&mut self.phase, action) {
            (_, QuizAction::Leave) | (Phase::Score, QuizAction::Close) => {
                Some(Some(QuizOut::Leave))
            }
            (Phase::Score, QuizAction::Again) => {
                let weak = self.score().weak;
                let items: Vec<QuizItem> = weak
                    .iter()
                    .filter_map(|w| self.items.iter().find(|i| &i.card_ref == w).cloned())
                    .collect();
                *self = Quiz::new(items, self.options.clone(), now_ms);
                Some(None)
            }
            (Phase::Asking { input }, QuizAction::Type) if typing => {
                if let Some(c) = keymap::typed_char(key)
                    && input.chars().count() < 200
                {
                    input.push(c);
                }
                Some(None)
            }
            (Phase::Asking { input }, QuizAction::Erase) if typing => {
                input.pop();
                Some(None)
            }
            (Phase::Asking { input }, QuizAction::Check) if typing => {
                let typed = input.clone();
                let item = self.items.get(self.index)?;
                let (verdict, expected) = check_answer(&typed, &item.card);
                // Nothing typed is a blackout, not a wrong answer.
                let grade = if typed.trim().is_empty() {
                    Grade::MIN
                } else {
                    verdict.suggested_grade()
                };
                self.phase = Phase::Verdict {
                    typed,
                    verdict,
                    expected: expected.to_string(),
                    grade,
                    timed_out: false,
                };
                self.scroll = 0;
                self.answered(now_ms);
                Some(None)
            }
            (Phase::Asking { .. }, QuizAction::Reveal) if !typing => {
                self.phase = Phase::Revealed;
                self.scroll = 0;
                self.answered(now_ms);
                Some(None)
            }
            (Phase::Revealed, QuizAction::Grade(g)) => {
                Some(Grade::new(g).map(|g| self.record(g, false, now_ms)))
            }
            (Phase::Verdict { grade, .. }, QuizAction::Grade(g)) => {
                if let Some(g) = Grade::new(g) {
                    *grade = g;
                }
                Some(None)
            }
            (
                Phase::Verdict {
                    grade, timed_out, ..
                },
                QuizAction::Check,
            ) => {
                let (g, t) = (*grade, *timed_out);
                Some(Some(self.record(g, t, now_ms)))
            }
            _ => None,
        }
    }

    /// Records the current card's answer and moves on.
    fn record(&mut self, grade: Grade, timed_out: bool, now_ms: u64) -> QuizOut {
        let card = self
            .items
            .get(self.index)
            .map(|i| i.card_ref.clone())
            .unwrap_or(CardRef {
                deck: String::new(),
                card: String::new(),
            });
        let answered = self.answered_at.unwrap_or(now_ms);
        let answer = QuizAnswer {
            card,
            grade,
            spent_ms: answered.saturating_sub(self.shown_at),
            timed_out,
        };
        self.answers.push(answer.clone());
        self.index += 1;
        self.shown_at = now_ms;
        self.answered_at = None;
        self.scroll = 0;
        self.phase = if self.index < self.items.len() {
            Phase::Asking {
                input: String::new(),
            }
        } else {
            Phase::Score
        };
        QuizOut::Record(answer)
    }

    /// After the app has logged the last answer: the weak list to remember.
    pub fn finished(&self) -> Option<QuizOut> {
        (self.phase == Phase::Score && !self.answers.is_empty())
            .then(|| QuizOut::Finished(self.score().weak))
    }

    /// The keys of the current phase, for the key line under the card.
    pub fn keys(&self) -> Vec<(String, &'static str)> {
        use QuizAction as A;
        use keymap::{QUIZ, first_key};
        let leave = (first_key(QUIZ, A::Leave), "leave the quiz");
        let grades = keymap::range(QUIZ, A::Grade(0), A::Grade(5));
        match &self.phase {
            Phase::Asking { .. } if self.is_typed() => vec![
                ("type".to_string(), "your answer"),
                (first_key(QUIZ, A::Check), "check it"),
                leave,
            ],
            Phase::Asking { .. } => vec![
                (keymap::keys_of(QUIZ, A::Reveal, "/"), "show the answer"),
                leave,
            ],
            Phase::Revealed => vec![(grades, "grade yourself"), leave],
            Phase::Verdict { .. } => vec![
                (grades, "change the grade"),
                (first_key(QUIZ, A::Check), "next card"),
                leave,
            ],
            Phase::Score => vec![
                (first_key(QUIZ, A::Again), "quiz the weak cards again"),
                (keymap::either(QUIZ, A::Close, A::Leave), "leave"),
            ],
        }
    }
}

#[cfg(test)]
mod tests;
