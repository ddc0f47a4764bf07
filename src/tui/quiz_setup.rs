//! The quiz options form, opened with `c` on the home screen: which decks,
//! which tag, how many cards (never more than those decks and tag have),
//! the time per card, typed or self-graded answers, and the shuffle seed.
//! The app fills in what the chosen decks offer ([`QuizSetup::offer`]).

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use super::keymap::{self, SetupAction};
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
    /// The tags the chosen decks have, sorted.
    pub tags: Vec<String>,
    /// The chosen tag (an index into `tags`); `None` is any tag.
    pub tag: Option<usize>,
    /// The shuffle seed; `None` picks one at random.
    pub seed: Option<u64>,
    /// How many cards the chosen decks and tag have.
    pub pool: usize,
}

/// The settings' defaults (`crate::config`), as the app starts with
/// before it takes up the settings file's.
impl Default for QuizSetup {
    fn default() -> Self {
        let s = crate::config::Settings::default();
        QuizSetup {
            field: 0,
            all_decks: false,
            count: usize::try_from(s.quiz_count.value).unwrap_or(20),
            seconds: s.quiz_time.value,
            typed: s.quiz_typed.value,
            tags: Vec::new(),
            tag: None,
            seed: None,
            pool: usize::MAX,
        }
    }
}

const FIELDS: usize = 6;
const LABELS: [&str; FIELDS] = ["Cards from", "Tag", "How many", "Time", "Answers", "Seed"];
/// The seed's field.
const SEED: usize = 5;
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
        let key = KeyEvent::new(code, KeyModifiers::NONE);
        keymap::dispatch(&[keymap::QUIZ_SETUP], &key, |a| self.action(a)).flatten()
    }

    /// Does what `action` asks; `None` if it does not apply now.
    fn action(&mut self, action: SetupAction) -> Option<Option<SetupOut>> {
        match action {
            SetupAction::Start => return Some(Some(SetupOut::Start)),
            SetupAction::Back => return Some(Some(SetupOut::Cancel)),
            SetupAction::Next => self.field = (self.field + 1) % FIELDS,
            SetupAction::Prev => self.field = (self.field + FIELDS - 1) % FIELDS,
            SetupAction::More => self.change(1),
            SetupAction::Less => self.change(-1),
            SetupAction::Digit(d) if self.field == SEED => {
                let next = self
                    .seed
                    .unwrap_or(0)
                    .checked_mul(10)
                    .and_then(|s| s.checked_add(u64::from(d)));
                self.seed = next.or(self.seed);
            }
            SetupAction::Erase if self.field == SEED => {
                self.seed = self.seed.map(|s| s / 10).filter(|&s| s > 0);
            }
            SetupAction::Digit(_) | SetupAction::Erase => return None,
        }
        Some(None)
    }

    /// What the chosen decks offer: their tags and, for the chosen tag, how
    /// many cards. Keeps the chosen tag if they still have it, and the
    /// count within the cards there are. `pool` counts the cards for a tag
    /// (`None`: any tag).
    pub fn offer(&mut self, tags: Vec<String>, pool: impl Fn(Option<&str>) -> usize) {
        let chosen = self.tag.and_then(|i| self.tags.get(i)).cloned();
        self.tag = chosen.and_then(|t| tags.iter().position(|x| *x == t));
        self.tags = tags;
        self.pool = pool(self.tag.and_then(|i| self.tags.get(i)).map(String::as_str));
        self.count = self.count.min(self.pool).max(1);
    }

    /// The chosen tag, if any.
    pub fn chosen_tag(&self) -> Option<&str> {
        self.tag.and_then(|i| self.tags.get(i)).map(String::as_str)
    }

    fn change(&mut self, by: i64) {
        match self.field {
            0 => self.all_decks = !self.all_decks,
            1 => {
                // Any tag, then each tag in turn.
                let n = self.tags.len() + 1;
                let at = self.tag.map_or(0, |i| i + 1);
                let next = if by > 0 {
                    (at + 1) % n
                } else {
                    (at + n - 1) % n
                };
                self.tag = next.checked_sub(1);
            }
            2 => {
                let step = if self.count >= 20 { 5 } else { 1 };
                let next = i64::try_from(self.count).unwrap_or(20) + by * step;
                let most = i64::try_from(self.pool.min(500)).unwrap_or(500).max(1);
                self.count = usize::try_from(next.clamp(1, most)).unwrap_or(1);
            }
            5 => {
                self.seed = match (self.seed, by > 0) {
                    (None, true) => Some(1),
                    (None, false) => None,
                    (Some(1), false) => None,
                    (Some(s), true) => Some(s.saturating_add(1)),
                    (Some(s), false) => Some(s - 1),
                };
            }
            3 => {
                // The next step up or down (the settings file may have
                // set a time between two steps).
                let j = if by > 0 {
                    TIME_STEPS
                        .iter()
                        .position(|&s| s > self.seconds)
                        .unwrap_or(TIME_STEPS.len() - 1)
                } else {
                    TIME_STEPS
                        .iter()
                        .rposition(|&s| s < self.seconds)
                        .unwrap_or(0)
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
                1 => self.chosen_tag().unwrap_or("any tag").to_string(),
                2 if self.pool == usize::MAX => crate::text::plural(self.count, "card"),
                2 => format!(
                    "{} of {}",
                    self.count,
                    crate::text::plural(self.pool, "card")
                ),
                3 if self.seconds == 0 => "untimed".to_string(),
                3 => format!("{} s per card", self.seconds),
                4 if self.typed => "typed answers".to_string(),
                4 => "self-graded".to_string(),
                _ => self
                    .seed
                    .map_or("random".to_string(), |s| format!("{s} (type digits)")),
            }
        };
        let labels = LABELS;
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
        let key = |a| keymap::first_key(keymap::QUIZ_SETUP, a);
        let pair = |a, b| format!("{}{}", key(a), key(b));
        lines.push(Line::from(vec![
            Span::styled(pair(SetupAction::Prev, SetupAction::Next), theme::key()),
            Span::styled(" choose  ", theme::dim()),
            Span::styled(pair(SetupAction::Less, SetupAction::More), theme::key()),
            Span::styled(" change  ", theme::dim()),
            Span::styled(key(SetupAction::Start), theme::key()),
            Span::styled(" start  ", theme::dim()),
            Span::styled(key(SetupAction::Back), theme::key()),
            Span::styled(" back", theme::dim()),
        ]));
        Paragraph::new(lines)
            .block(Block::bordered().title(" New quiz "))
            .render(area, buf);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_form_offers_tags_seed_and_the_cards_there_are() {
        let mut s = QuizSetup::default();
        s.offer(vec!["gil".into(), "io".into()], |t| {
            if t.is_some() { 4 } else { 12 }
        });
        s.field = 1;
        s.key(KeyCode::Right);
        s.offer(vec!["gil".into(), "io".into()], |t| {
            if t.is_some() { 4 } else { 12 }
        });
        s.field = 5;
        s.key(KeyCode::Char('7'));
        let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(60, 12)).unwrap();
        term.draw(|f| s.render("Python GIL", f.area(), f.buffer_mut()))
            .unwrap();
        insta::assert_snapshot!("quiz_setup_form", term.backend().to_string());
    }

    #[test]
    fn a_time_between_two_steps_moves_to_the_next_step() {
        let mut s = QuizSetup {
            field: 3,
            seconds: 25,
            ..QuizSetup::default()
        };
        s.key(KeyCode::Right);
        assert_eq!(s.seconds, 30);
        s.seconds = 25;
        s.key(KeyCode::Left);
        assert_eq!(s.seconds, 20);
        s.seconds = 3600;
        s.key(KeyCode::Right);
        assert_eq!(s.seconds, 60);
    }

    #[test]
    fn keys_change_the_fields() {
        let mut s = QuizSetup::default();
        s.offer(vec!["a".into(), "b".into()], |t| {
            if t.is_some() { 3 } else { 30 }
        });
        s.key(KeyCode::Right);
        assert!(s.all_decks);
        s.key(KeyCode::Down);
        s.key(KeyCode::Right);
        assert_eq!(s.chosen_tag(), Some("a"));
        s.key(KeyCode::Left);
        assert_eq!(s.chosen_tag(), None);
        s.key(KeyCode::Left);
        assert_eq!(s.chosen_tag(), Some("b"));
        s.key(KeyCode::Down);
        s.key(KeyCode::Left);
        assert_eq!(s.count, 15);
        s.key(KeyCode::Down);
        s.key(KeyCode::Right);
        s.key(KeyCode::Right);
        assert_eq!(s.seconds, 15);
        s.key(KeyCode::Down);
        s.key(KeyCode::Char(' '));
        assert!(s.typed);
        s.key(KeyCode::Down);
        s.key(KeyCode::Char('4'));
        s.key(KeyCode::Char('2'));
        assert_eq!(s.seed, Some(42));
        s.key(KeyCode::Backspace);
        s.key(KeyCode::Backspace);
        assert_eq!(s.seed, None);
        s.key(KeyCode::Right);
        assert_eq!(s.seed, Some(1));
        s.key(KeyCode::Down);
        assert_eq!(s.field, 0);
        assert_eq!(s.key(KeyCode::Enter), Some(SetupOut::Start));
        assert_eq!(s.key(KeyCode::Esc), Some(SetupOut::Cancel));
    }

    #[test]
    fn never_more_cards_than_the_decks_have() {
        let mut s = QuizSetup::default();
        s.offer(vec!["x".into()], |t| if t.is_some() { 2 } else { 7 });
        assert_eq!((s.count, s.pool), (7, 7));
        s.field = 2;
        s.key(KeyCode::Right);
        assert_eq!(s.count, 7);
        s.field = 1;
        s.key(KeyCode::Right);
        s.offer(vec!["x".into()], |t| if t.is_some() { 2 } else { 7 });
        assert_eq!((s.count, s.pool), (2, 2));
    }
}
