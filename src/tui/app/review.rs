//! Reviewing: grading the current card (its line goes to the writer and
//! the next card shows at once), undo, retrying a write that failed, the
//! summary, and scrolling the card.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::sched::Grade;

use super::super::layout;
use super::super::msg::Cmd;
use super::{App, Screen};

impl App {
    pub(in crate::tui) fn review_key(&mut self, key: KeyEvent) -> Option<Cmd> {
        match key.code {
            // Esc first stops a running demo; the next Esc ends the session.
            KeyCode::Esc if self.demo_running() => return self.stop_demo(),
            KeyCode::Char('d') if self.revealed => return self.start_demo(false),
            KeyCode::Char('p')
                if self.revealed && self.demo.as_ref().is_some_and(|d| d.python_offered) =>
            {
                return self.start_demo(true);
            }
            KeyCode::Char('q') | KeyCode::Esc => {
                // Lines still on their way are written after the session
                // ends; quitting the app waits for them.
                let stop = self.stop_demo();
                return Cmd::both(stop, self.end_session());
            }
            KeyCode::Char(' ') | KeyCode::Enter if !self.revealed => {
                self.revealed = true;
                return self.start_demo(false);
            }
            KeyCode::Char(c @ '0'..='5') if self.revealed => {
                let q = c.to_digit(10).and_then(|d| u8::try_from(d).ok());
                if let Some(grade) = q.and_then(Grade::new) {
                    return self.grade(grade);
                }
            }
            KeyCode::Char('r') => return self.retry_saving(),
            KeyCode::Char('u') => return self.undo(),
            // The demo pane scrolls with [ ] or Shift-↑ ↓ (the card with the rest).
            KeyCode::Char(']') => self.demo_scroll_by(1),
            KeyCode::Char('[') => self.demo_scroll_by(-1),
            KeyCode::Down if key.modifiers.contains(KeyModifiers::SHIFT) => self.demo_scroll_by(1),
            KeyCode::Up if key.modifiers.contains(KeyModifiers::SHIFT) => self.demo_scroll_by(-1),
            KeyCode::Char('j') | KeyCode::Down => self.scroll_by(1),
            KeyCode::Char('k') | KeyCode::Up => self.scroll_by(-1),
            KeyCode::PageDown | KeyCode::Char(' ') => self.scroll_by(self.page()),
            KeyCode::PageUp => self.scroll_by(-self.page()),
            KeyCode::Home => self.scroll = 0,
            KeyCode::End => self.scroll = self.max_scroll(),
            _ => {}
        }
        None
    }

    pub(in crate::tui) fn summary_key(&mut self, key: KeyEvent) -> Option<Cmd> {
        match key.code {
            KeyCode::Char('q') | KeyCode::Esc | KeyCode::Enter => {
                self.session = None;
                self.error = None;
                self.notice = None;
                self.screen = Screen::Home;
                return self.apply_deferred_reload();
            }
            KeyCode::Char('u') => return self.undo(),
            _ => {}
        }
        None
    }

    /// Leaves the review: to the summary if anything was answered.
    pub(in crate::tui) fn end_session(&mut self) -> Option<Cmd> {
        self.notice = None;
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
        let spent = self.timer.elapsed().saturating_sub(self.shown_at);
        let ms = u64::try_from(spent.as_millis()).unwrap_or(u64::MAX);
        let at = self.clock.now();
        let session = self.session.as_mut()?;
        let answer = session.prepare(&self.study, grade, at, ms)?;
        let entry = answer.entry(&self.decks)?;
        // The screen moves on now; the line follows on the writer thread.
        session.record(&mut self.study, answer);
        if session.is_finished() {
            self.screen = Screen::Summary;
        }
        self.notice = None;
        self.show_card();
        let stop = self.stop_demo();
        Cmd::both(stop, self.save(entry))
    }

    pub(in crate::tui) fn undo(&mut self) -> Option<Cmd> {
        let Some(last) = self.session.as_ref().and_then(|s| s.last_answer()).copied() else {
            self.notice = Some("Nothing to undo in this session.".to_string());
            return None;
        };
        // The undo line follows the grade's line on the writer, in order;
        // a grade the writer never had (queued behind a failed line) is
        // just dropped.
        let line = if self.unsave(last.id) {
            None
        } else {
            Some(last.undo_entry(&self.decks, self.clock.now())?)
        };
        let session = self.session.as_mut()?;
        session.undo(&mut self.study);
        self.notice = Some(format!("Undid grade {}.", last.grade));
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
        let next = i32::from(self.scroll) + by;
        self.scroll = u16::try_from(next.max(0)).unwrap_or(u16::MAX);
        self.clamp_scroll();
    }

    pub(in crate::tui) fn clamp_scroll(&mut self) {
        self.scroll = self.scroll.min(self.max_scroll());
        self.demo_scroll = self.demo_scroll.min(layout::demo_max_scroll(self));
    }

    /// Scrolls the demo pane's content by `by` rows, within its bounds.
    pub(in crate::tui) fn demo_scroll_by(&mut self, by: i32) {
        let next = i32::from(self.demo_scroll) + by;
        let max = layout::demo_max_scroll(self);
        self.demo_scroll = u16::try_from(next.max(0)).unwrap_or(u16::MAX).min(max);
    }
}
