//! Reviewing: grading the current card, undo, a write that failed and its
//! retry, the summary, and scrolling the card.

use std::time::Duration;

use ratatui::crossterm::event::KeyEvent;

use crate::deck::Deck;
use crate::sched::Grade;
use crate::session::Answer;
use crate::store::LogEntry;

use super::super::keymap::{self, ReviewAction, SummaryAction};
use super::super::layout;
use super::super::msg::Cmd;
use super::{App, Screen};

/// A log write that must succeed before the screen moves on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pending {
    /// A grade for the current card.
    Grade(Answer),
    /// Taking back this answer; `at` is the undo line's time.
    Undo(Answer, chrono::DateTime<chrono::FixedOffset>),
}

impl Pending {
    /// The log line to write.
    pub fn entry(&self, decks: &[Deck]) -> Option<LogEntry> {
        match self {
            Pending::Grade(a) => a.entry(decks),
            Pending::Undo(a, at) => a.undo_entry(decks, *at),
        }
    }
}

/// The current card's view on the review screen.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct ReviewView {
    /// The back is shown.
    revealed: bool,
    /// Lines scrolled in the card.
    scroll: u16,
    /// When the card was shown (timer time).
    shown_at: Duration,
    /// A log write not yet known to have succeeded (kept while it fails).
    pending: Option<Pending>,
    /// `q` was pressed with an unsaved write; another `q` leaves without it.
    discard_armed: bool,
}

impl ReviewView {
    /// A card is shown at `at` (timer time): front only, at the top.
    pub(super) fn show(&mut self, at: Duration) {
        self.revealed = false;
        self.scroll = 0;
        self.shown_at = at;
    }

    /// The back is shown.
    pub fn revealed(&self) -> bool {
        self.revealed
    }

    /// Lines scrolled in the card.
    pub fn scroll(&self) -> u16 {
        self.scroll
    }

    /// The write not yet known to have succeeded.
    pub fn pending(&self) -> Option<Pending> {
        self.pending
    }
}

impl App {
    pub(in crate::tui) fn review_key(&mut self, key: KeyEvent) -> Option<Cmd> {
        let tables = [keymap::DEMO_PANE, keymap::REVIEW];
        // Any key but q and Esc disarms leaving without an unsaved grade.
        if !keymap::actions(&tables, &key).contains(&ReviewAction::End) {
            self.review.discard_armed = false;
        }
        keymap::dispatch(&tables, &key, |action| self.review_action(action)).flatten()
    }

    /// Does what `action` asks on the review screen; `None` if it does not
    /// apply now (the key's next action is tried).
    fn review_action(&mut self, action: ReviewAction) -> Option<Option<Cmd>> {
        use ReviewAction as A;
        match action {
            // Esc first stops a running demo; the next Esc ends the session.
            A::StopDemo if self.demo_running() => return Some(self.stop_demo()),
            A::Demo if self.review.revealed => return Some(self.start_demo(false)),
            A::Python if self.review.revealed && self.demo.python_offered() => {
                return Some(self.start_demo(true));
            }
            A::End => return Some(self.end_key()),
            A::Reveal if !self.review.revealed => {
                self.review.revealed = true;
                return Some(self.start_demo(false));
            }
            A::Grade(g) if self.review.revealed => {
                return Some(Grade::new(g).and_then(|g| self.grade(g)));
            }
            A::Retry => return Some(self.retry()),
            A::Undo => return Some(self.undo()),
            A::DemoDown => self.demo_scroll_by(1),
            A::DemoUp => self.demo_scroll_by(-1),
            A::Down => self.scroll_by(1),
            A::Up => self.scroll_by(-1),
            A::PageDown => self.scroll_by(self.page()),
            A::PageUp => self.scroll_by(-self.page()),
            A::Top => self.review.scroll = 0,
            A::Bottom => self.review.scroll = self.max_scroll(),
            A::StopDemo | A::Demo | A::Python | A::Reveal | A::Grade(_) => return None,
        }
        Some(None)
    }

    /// `q` or Esc on the review screen: ends the session, unless a write
    /// failed (the first press says so; the second leaves without it).
    fn end_key(&mut self) -> Option<Cmd> {
        if let Some(p) = self.review.pending
            && !self.review.discard_armed
        {
            self.review.discard_armed = true;
            let what = match p {
                Pending::Grade(_) => "The last grade is NOT saved",
                Pending::Undo(..) => "The undo is NOT saved",
            };
            self.messages.error = Some(format!(
                "{what}. Press r to retry, or q again to leave without it."
            ));
            return None;
        }
        self.review.pending = None;
        self.review.discard_armed = false;
        self.messages.error = None;
        let stop = self.stop_demo();
        Cmd::both(stop, self.end_session())
    }

    pub(in crate::tui) fn summary_key(&mut self, key: KeyEvent) -> Option<Cmd> {
        keymap::dispatch(&[keymap::SUMMARY], &key, |action| {
            Some(match action {
                SummaryAction::Back => {
                    self.session = None;
                    self.messages.error = None;
                    self.messages.notice = None;
                    self.screen = Screen::Home;
                    self.apply_deferred_reload()
                }
                SummaryAction::Undo => self.undo(),
            })
        })
        .flatten()
    }

    /// Leaves the review: to the summary if anything was answered.
    pub(in crate::tui) fn end_session(&mut self) -> Option<Cmd> {
        self.messages.notice = None;
        let answered = self
            .session
            .as_ref()
            .is_some_and(|s| !s.answers().is_empty());
        if answered {
            self.screen = Screen::Summary;
            None
        } else {
            self.session = None;
            self.screen = Screen::Home;
            self.apply_deferred_reload()
        }
    }

    pub(in crate::tui) fn grade(&mut self, grade: Grade) -> Option<Cmd> {
        // A grade typed after a failed write replaces the unsaved one but
        // keeps the time measured for it.
        let ms_since = match self.review.pending {
            Some(Pending::Grade(a)) => Some(a.spent_ms),
            Some(Pending::Undo(..)) => return None,
            None => None,
        };
        let ms = ms_since.unwrap_or_else(|| {
            let d = self
                .time
                .timer
                .elapsed()
                .saturating_sub(self.review.shown_at);
            u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
        });
        let at = self.time.clock.now();
        let session = self.session.as_ref()?;
        let answer = session.prepare(&self.study, grade, at, ms)?;
        self.review.pending = Some(Pending::Grade(answer));
        self.write_pending()
    }

    pub(in crate::tui) fn retry(&mut self) -> Option<Cmd> {
        if self.review.pending.is_some() {
            self.write_pending()
        } else {
            None
        }
    }

    pub(in crate::tui) fn write_pending(&mut self) -> Option<Cmd> {
        let entry = self.review.pending.as_ref()?.entry(&self.decks)?;
        Some(Cmd::Append(entry))
    }

    pub(in crate::tui) fn undo(&mut self) -> Option<Cmd> {
        match self.review.pending {
            Some(Pending::Grade(_)) => {
                // Nothing was written: dropping the unsaved grade is the undo.
                self.review.pending = None;
                self.messages.error = None;
                self.messages.notice = Some("The unsaved grade was dropped.".to_string());
                return None;
            }
            Some(Pending::Undo(..)) => return self.write_pending(),
            None => {}
        }
        let Some(last) = self.session.as_ref().and_then(|s| s.last_answer()).copied() else {
            self.messages.notice = Some("Nothing to undo in this session.".to_string());
            return None;
        };
        self.review.pending = Some(Pending::Undo(last, self.time.clock.now()));
        self.write_pending()
    }

    pub(in crate::tui) fn saved(&mut self, result: Result<(), String>) -> Option<Cmd> {
        let pending = self.review.pending?;
        if let Err(e) = result {
            self.messages.error = Some(match pending {
                Pending::Grade(_) => format!(
                    "Could not save the grade: {e}. The card stays here: press r to retry (or grade again)."
                ),
                Pending::Undo(..) => {
                    format!("Could not save the undo: {e}. Press u or r to retry.")
                }
            });
            return None;
        }
        self.reload.wrote();
        self.review.pending = None;
        self.messages.error = None;
        self.review.discard_armed = false;
        let session = self.session.as_mut()?;
        match pending {
            Pending::Grade(answer) => {
                session.record(&mut self.study, answer);
                self.messages.notice = None;
                if session.is_finished() {
                    self.screen = Screen::Summary;
                }
            }
            Pending::Undo(answer, _) => {
                session.undo(&mut self.study);
                self.messages.notice = Some(format!("Undid grade {}.", answer.grade));
                self.screen = Screen::Review;
            }
        }
        self.show_card();
        self.stop_demo()
    }

    pub(in crate::tui) fn page(&self) -> i32 {
        i32::from(layout::body_height(self).saturating_sub(1).max(1))
    }

    /// The furthest the current card can scroll.
    pub fn max_scroll(&self) -> u16 {
        layout::max_scroll(self)
    }

    pub(in crate::tui) fn scroll_by(&mut self, by: i32) {
        let next = i32::from(self.review.scroll) + by;
        self.review.scroll = u16::try_from(next.max(0)).unwrap_or(u16::MAX);
        self.clamp_scroll();
    }

    pub(in crate::tui) fn clamp_scroll(&mut self) {
        self.review.scroll = self.review.scroll.min(self.max_scroll());
        let max = layout::demo_max_scroll(self);
        self.demo.scroll_by(0, max);
    }

    /// Scrolls the demo pane's content by `by` rows, within its bounds.
    pub(in crate::tui) fn demo_scroll_by(&mut self, by: i32) {
        let max = layout::demo_max_scroll(self);
        self.demo.scroll_by(by, max);
    }
}
