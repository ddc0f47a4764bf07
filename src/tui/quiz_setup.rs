//! The quiz options form, opened with `c` on the home screen.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use super::theme;

/// The options being chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuizSetup {
    /// The focused field (0..FIELDS).
    pub field: usize,
    /// Quiz every deck (else the deck chosen on the home screen).
    pub all_decks: bool,
    /// Number of cards.
    pub count: usize,
    /// Seconds per card; 0 = untimed.
    pub seconds: u64,
    /// Typed answers.
    pub typed: bool,
}

impl Default for QuizSetup {
    fn default() -> Self {
        QuizSetup {
            field: 0,
            all_decks: false,
            count: 20,
            seconds: 0,
            typed: true,
        }
    }
}

const FIELDS: usize = 4;
const TIME_STEPS: [u64; 7] = [0, 10, 15, 20, 30, 45, 60];

/// What a key did to the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetupOut {
    /// Start the quiz with these options.
    Start,
    /// Leave the form.
    Cancel,
}

impl QuizSetup {
    /// Handles a key.
    pub fn key(&mut self, code: KeyCode) -> Option<SetupOut> {
        match code {
            KeyCode::Enter => return Some(SetupOut::Start),
            KeyCode::Esc | KeyCode::Char('q') => return Some(SetupOut::Cancel),
            KeyCode::Down | KeyCode::Char('j') | KeyCode::Tab => {
                self.field = (self.field + 1) % FIELDS
            }
            KeyCode::Up | KeyCode::Char('k') | KeyCode::BackTab => {
                self.field = (self.field + FIELDS - 1) % FIELDS
            }
            KeyCode::Right | KeyCode::Char('l' | '+' | ' ') => self.change(1),
            KeyCode::Left | KeyCode::Char('h' | '-') => self.change(-1),
            _ => {}
        }
        None
    }

    fn change(&mut self, by: i64) {
        match self.field {
            0 => self.all_decks = !self.all_decks,
            1 => {
                let step = if self.count >= 20 { 5 } else { 1 };
                let next = i64::try_from(self.count).unwrap_or(20) + by * step;
                self.count = usize::try_from(next.clamp(1, 500)).unwrap_or(20);
            }
            2 => {
                let i = TIME_STEPS
                    .iter()
                    .position(|&s| s == self.seconds)
                    .unwrap_or(0);
                let j = if by > 0 {
                    (i + 1).min(TIME_STEPS.len() - 1)
                } else {
                    i.saturating_sub(1)
                };
                self.seconds = TIME_STEPS[j];
            }
            _ => self.typed = !self.typed,
        }
    }

    /// Draws the form; `deck_name` is the deck chosen on the home screen.
    pub fn render(&self, deck_name: &str, area: Rect, buf: &mut Buffer) {
        let value = |i: usize| -> String {
            match i {
                0 if self.all_decks => "all decks".to_string(),
                0 => deck_name.to_string(),
                1 => format!("{} cards", self.count),
                2 if self.seconds == 0 => "untimed".to_string(),
                2 => format!("{} s per card", self.seconds),
                _ if self.typed => "typed answers".to_string(),
                _ => "self-graded".to_string(),
            }
        };
        let labels = ["Cards from", "How many", "Time", "Answers"];
        let mut lines = vec![
            Line::styled(
                "Quiz: cards are shuffled; the schedule is not changed.",
                theme::dim(),
            ),
            Line::default(),
        ];
        for (i, label) in labels.iter().enumerate() {
            let style = if i == self.field {
                theme::selected()
            } else {
                ratatui::style::Style::new()
            };
            lines.push(Line::from(vec![
                Span::styled(format!(" {label:<11}"), theme::title()),
                Span::styled(format!(" ‹ {} › ", value(i)), style),
            ]));
        }
        lines.push(Line::default());
        lines.push(Line::from(vec![
            Span::styled("↑↓", theme::key()),
            Span::styled(" choose  ", theme::dim()),
            Span::styled("←→", theme::key()),
            Span::styled(" change  ", theme::dim()),
            Span::styled("Enter", theme::key()),
            Span::styled(" start  ", theme::dim()),
            Span::styled("Esc", theme::key()),
            Span::styled(" back", theme::dim()),
        ]));
        Paragraph::new(lines)
            .block(Block::bordered().title(" New quiz "))
            .render(area, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_change_the_fields() {
        let mut s = QuizSetup::default();
        s.key(KeyCode::Right);
        assert!(s.all_decks);
        s.key(KeyCode::Down);
        s.key(KeyCode::Left);
        assert_eq!(s.count, 15);
        s.key(KeyCode::Down);
        s.key(KeyCode::Right);
        s.key(KeyCode::Right);
        assert_eq!(s.seconds, 15);
        s.key(KeyCode::Down);
        s.key(KeyCode::Char(' '));
        assert!(!s.typed);
        s.key(KeyCode::Down);
        assert_eq!(s.field, 0);
        assert_eq!(s.key(KeyCode::Enter), Some(SetupOut::Start));
        assert_eq!(s.key(KeyCode::Esc), Some(SetupOut::Cancel));
    }
}
