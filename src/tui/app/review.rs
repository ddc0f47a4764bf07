//! Reviewing: grading the current card, undo, a write that failed and its
//! retry, the summary, and scrolling the card.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::deck::Deck;
use crate::sched::Grade;
use crate::session::Answer;
use crate::store::LogEntry;

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
                if let Some(p) = self.pending
                    && !self.discard_armed
                {
                    self.discard_armed = true;
                    let what = match p {
                        Pending::Grade(_) => "The last grade is NOT saved",
                        Pending::Undo(..) => "The undo is NOT saved",
                    };
                    self.error = Some(format!(
                        "{what}. Press r to retry, or q again to leave without it."
                    ));
                    return None;
                }
                self.pending = None;
                self.discard_armed = false;
                self.error = None;
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
            KeyCode::Char('r') => return self.retry(),
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
        // A grade typed after a failed write replaces the unsaved one but
        // keeps the time measured for it.
        let ms_since = match self.pending {
            Some(Pending::Grade(a)) => Some(a.spent_ms),
            Some(Pending::Undo(..)) => return None,
            None => None,
        };
        let ms = ms_since.unwrap_or_else(|| {
            let d = self.timer.elapsed().saturating_sub(self.shown_at);
            u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
        });
        let at = self.clock.now();
        let session = self.session.as_ref()?;
        let answer = session.prepare(&self.study, grade, at, ms)?;
        self.pending = Some(Pending::Grade(answer));
        self.write_pending()
    }

    pub(in crate::tui) fn retry(&mut self) -> Option<Cmd> {
        if self.pending.is_some() {
            self.write_pending()
        } else {
            None
        }
    }

    pub(in crate::tui) fn write_pending(&mut self) -> Option<Cmd> {
        let entry = self.pending.as_ref()?.entry(&self.decks)?;
        Some(Cmd::Append(entry))
    }

    pub(in crate::tui) fn undo(&mut self) -> Option<Cmd> {
        match self.pending {
            Some(Pending::Grade(_)) => {
                // Nothing was written: dropping the unsaved grade is the undo.
                self.pending = None;
                self.error = None;
                self.notice = Some("The unsaved grade was dropped.".to_string());
                return None;
            }
            Some(Pending::Undo(..)) => return self.write_pending(),
            None => {}
        }
        let Some(last) = self.session.as_ref().and_then(|s| s.last_answer()).copied() else {
            self.notice = Some("Nothing to undo in this session.".to_string());
            return None;
        };
        self.pending = Some(Pending::Undo(last, self.clock.now()));
        self.write_pending()
    }

    pub(in crate::tui) fn saved(&mut self, result: Result<(), String>) -> Option<Cmd> {
        let pending = self.pending?;
        if let Err(e) = result {
            self.error = Some(match pending {
                Pending::Grade(_) => format!(
                    "Could not save the grade: {e}. The card stays here: press r to retry (or grade again)."
                ),
                Pending::Undo(..) => {
                    format!("Could not save the undo: {e}. Press u or r to retry.")
                }
            });
            return None;
        }
        self.writes += 1;
        self.pending = None;
        self.error = None;
        self.discard_armed = false;
        let session = self.session.as_mut()?;
        match pending {
            Pending::Grade(answer) => {
                session.record(&mut self.study, answer);
                self.notice = None;
                if session.is_finished() {
                    self.screen = Screen::Summary;
                }
            }
            Pending::Undo(answer, _) => {
                session.undo(&mut self.study);
                self.notice = Some(format!("Undid grade {}.", answer.grade));
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
