//! Reviewing: grading the current card (its line goes to the writer and
//! the next card shows at once), undo, retrying a write that failed, the
//! summary, and scrolling the card.

use std::time::Duration;

use ratatui::crossterm::event::KeyEvent;

use crate::sched::Grade;
use crate::store::Kind;

use super::super::keymap::{self, ReviewAction, SummaryAction};
use super::super::layout;
use super::super::msg::Cmd;
use super::card_action::CardAction;
use super::{App, Screen};

/// The current card's view on the review screen, and the cards set aside
/// that `u` can take back.
#[derive(Debug, Clone, Default)]
pub(super) struct ReviewView {
    /// The back is shown.
    revealed: bool,
    /// Lines scrolled in the card.
    scroll: u16,
    /// When the card was shown (timer time).
    shown_at: Duration,
    /// Suspends and buries done, oldest first (each knows the answers
    /// given before it, so that `u` takes back the latest of all).
    pub(super) actions: Vec<CardAction>,
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
}

impl App {
    pub(in crate::tui) fn review_key(&mut self, key: KeyEvent) -> Option<Cmd> {
        let tables = [keymap::DEMO_PANE, keymap::REVIEW];
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
            A::Retry => return Some(self.retry_saving()),
            A::Undo => return Some(self.undo()),
            A::Edit => {
                let item = self.session.as_ref().and_then(|s| s.current())?;
                return Some(self.edit_card(item.deck, item.card));
            }
            A::Suspend => return Some(self.set_current_aside(Kind::Suspend)),
            A::Bury => return Some(self.set_current_aside(Kind::Bury)),
            A::DemoDown => self.demo_scroll_by(1),
            A::DemoUp => self.demo_scroll_by(-1),
            A::Down => self.scroll_by(1),
            A::Up => self.scroll_by(-1),
            A::PageDown => self.scroll_by(self.page()),
            A::PageUp => self.scroll_by(-self.page()),
            A::Top => self.review.scroll = 0,
            A::Bottom => self.review.scroll = self.max_scroll(),
            A::Find => self.open_find(),
            A::StopDemo | A::Demo | A::Python | A::Reveal | A::Grade(_) => return None,
        }
        Some(None)
    }

    /// `q` or Esc on the review screen: ends the session. Lines still on
    /// their way are written after it ends; quitting the app waits for them.
    fn end_key(&mut self) -> Option<Cmd> {
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
                    // The session changed what the plan knows.
                    let prep = self.request_prep();
                    Cmd::both(self.apply_deferred_reload(), prep)
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
        let spent = self
            .time
            .timer
            .elapsed()
            .saturating_sub(self.review.shown_at);
        let ms = u64::try_from(spent.as_millis()).unwrap_or(u64::MAX);
        let at = self.time.clock.now();
        let session = self.session.as_mut()?;
        let answer = session.prepare(&self.study, grade, at, ms)?;
        let entry = answer.entry(&self.decks)?;
        // The screen moves on now; the line follows on the writer thread.
        session.record(&mut self.study, answer);
        if session.is_finished() {
            self.screen = Screen::Summary;
        }
        self.prep_graded(answer.item, true);
        self.messages.notice = None;
        self.show_card();
        let stop = self.stop_demo();
        Cmd::both(stop, self.save(entry))
    }

    pub(in crate::tui) fn undo(&mut self) -> Option<Cmd> {
        if let Some(cmd) = self.undo_card_action() {
            return cmd;
        }
        let Some(last) = self.session.as_ref().and_then(|s| s.last_answer()).copied() else {
            self.messages.notice = Some("Nothing to undo in this session.".to_string());
            return None;
        };
        // The undo line follows the grade's line on the writer, in order;
        // a grade the writer never had (queued behind a failed line) is
        // just dropped.
        let line = if self.unsave(last.id) {
            None
        } else {
            Some(last.undo_entry(&self.decks, self.time.clock.now())?)
        };
        let session = self.session.as_mut()?;
        session.undo(&mut self.study);
        self.prep_graded(last.item, false);
        self.messages.notice = Some(format!("Undid grade {}.", last.grade));
        self.screen = Screen::Review;
        self.show_card();
        let stop = self.stop_demo();
        Cmd::both(stop, line.and_then(|l| self.save(l)))
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
