//! The quiz screen: a self-contained state machine with its own keys and
//! rendering. The app feeds it keys and the elapsed time, and performs what
//! it asks for (log a `cram` line, leave).

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Gauge, Paragraph, Widget, Wrap};

use crate::deck::Card;
use crate::quiz::{CardRef, QuizAnswer, Score, Verdict, check_answer, is_typeable};
use crate::sched::Grade;

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
    /// The latest time seen.
    now: u64,
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
            now: now_ms,
        }
    }

    /// The current card.
    pub fn current(&self) -> Option<&QuizItem> {
        self.items.get(self.index)
    }

    /// True if the current card takes a typed answer.
    pub fn is_typed(&self) -> bool {
        self.options.typed && self.current().is_some_and(|i| is_typeable(&i.card))
    }

    /// Seconds left on the current card, if timed.
    pub fn remaining_ms(&self) -> Option<u64> {
        let limit = self.options.time_limit? * 1000;
        Some(limit.saturating_sub(self.now.saturating_sub(self.shown_at)))
    }

    /// The score so far (final once the phase is `Score`).
    pub fn score(&self) -> Score {
        Score::of(&self.answers)
    }

    /// The clock moved on: time out the card if its time is up.
    pub fn tick(&mut self, now_ms: u64) -> Option<QuizOut> {
        self.now = now_ms;
        if !matches!(self.phase, Phase::Asking { .. } | Phase::Revealed)
            || self.remaining_ms() != Some(0)
        {
            return None;
        }
        let typed = match &self.phase {
            Phase::Asking { input } => input.clone(),
            _ => String::new(),
        };
        let expected = self
            .current()
            .map(|i| i.card.back.clone())
            .unwrap_or_default();
        self.phase = Phase::Verdict {
            typed,
            verdict: Verdict::Wrong,
            expected,
            grade: Grade::MIN,
            timed_out: true,
        };
        None
    }

    /// Handles a key at time `now_ms`.
    pub fn key(&mut self, key: KeyEvent, now_ms: u64) -> Option<QuizOut> {
        if let Some(out) = self.tick(now_ms) {
            return Some(out);
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let typing = self.is_typed();
        match (&mut self.phase, key.code) {
            (_, KeyCode::Esc) => Some(QuizOut::Leave),
            (_, KeyCode::Char('c')) if ctrl => Some(QuizOut::Leave),
            (Phase::Score, KeyCode::Char('q')) => Some(QuizOut::Leave),
            (Phase::Score, KeyCode::Char('r')) => {
                let weak = self.score().weak;
                let items: Vec<QuizItem> = weak
                    .iter()
                    .filter_map(|w| self.items.iter().find(|i| &i.card_ref == w).cloned())
                    .collect();
                *self = Quiz::new(items, self.options.clone(), now_ms);
                None
            }
            (Phase::Asking { input }, code) if typing => {
                match code {
                    KeyCode::Enter => {
                        let typed = input.clone();
                        let item = self.items.get(self.index)?;
                        let (verdict, expected) = check_answer(&typed, &item.card);
                        self.phase = Phase::Verdict {
                            typed,
                            verdict,
                            expected: expected.to_string(),
                            grade: verdict.suggested_grade(),
                            timed_out: false,
                        };
                    }
                    KeyCode::Backspace => {
                        input.pop();
                    }
                    KeyCode::Char(c) if !ctrl && input.chars().count() < 200 => input.push(c),
                    _ => {}
                }
                None
            }
            (Phase::Asking { .. }, KeyCode::Char(' ') | KeyCode::Enter) => {
                self.phase = Phase::Revealed;
                None
            }
            (Phase::Revealed, KeyCode::Char(c)) => c
                .to_digit(10)
                .and_then(|d| u8::try_from(d).ok())
                .and_then(Grade::new)
                .map(|g| self.record(g, false, now_ms)),
            (Phase::Verdict { grade, .. }, KeyCode::Char(c)) => {
                if let Some(g) = c
                    .to_digit(10)
                    .and_then(|d| u8::try_from(d).ok())
                    .and_then(Grade::new)
                {
                    *grade = g;
                }
                None
            }
            (
                Phase::Verdict {
                    grade, timed_out, ..
                },
                KeyCode::Enter,
            ) => {
                let (g, t) = (*grade, *timed_out);
                Some(self.record(g, t, now_ms))
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
        let answer = QuizAnswer {
            card,
            grade,
            spent_ms: now_ms.saturating_sub(self.shown_at),
            timed_out,
        };
        self.answers.push(answer.clone());
        self.index += 1;
        self.shown_at = now_ms;
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

    /// The keys of the current phase, for the help line and overlay.
    pub fn keys(&self) -> &'static [(&'static str, &'static str)] {
        match &self.phase {
            Phase::Asking { .. } if self.is_typed() => &[
                ("type", "your answer"),
                ("Enter", "check it"),
                ("Esc", "leave the quiz"),
            ],
            Phase::Asking { .. } => &[
                ("Space/Enter", "show the answer"),
                ("Esc", "leave the quiz"),
            ],
            Phase::Revealed => &[("0-5", "grade yourself"), ("Esc", "leave the quiz")],
            Phase::Verdict { .. } => &[
                ("0-5", "change the grade"),
                ("Enter", "next card"),
                ("Esc", "leave the quiz"),
            ],
            Phase::Score => &[("r", "quiz the weak cards again"), ("q/Esc", "leave")],
        }
    }
}

fn key_line(keys: &[(&str, &str)]) -> Line<'static> {
    let mut spans = Vec::new();
    for (i, (k, what)) in keys.iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw("  "));
        }
        spans.push(Span::styled(k.to_string(), Style::new().bold()));
        spans.push(Span::raw(format!(" {what}")));
    }
    Line::from(spans).dark_gray()
}

impl Widget for &Quiz {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.width < 20 || area.height < 6 {
            Paragraph::new("window too small").render(area, buf);
            return;
        }
        let [head, body, foot] = Layout::vertical([
            Constraint::Length(2),
            Constraint::Min(1),
            Constraint::Length(1),
        ])
        .areas(area);
        key_line(self.keys()).render(foot, buf);
        if self.phase == Phase::Score {
            render_score(self, head, body, buf);
            return;
        }
        let total = self.items.len().max(1);
        let ratio = (self.index as f64 / total as f64).clamp(0.0, 1.0);
        let mut label = format!("quiz {}/{}", (self.index + 1).min(total), total);
        if let Some(ms) = self.remaining_ms() {
            label.push_str(&format!("  ·  {}s left", ms.div_ceil(1000)));
        }
        Gauge::default()
            .ratio(ratio)
            .label(label)
            .gauge_style(Style::new().fg(Color::Cyan))
            .render(Rect { height: 1, ..head }, buf);
        let Some(item) = self.current() else { return };
        let mut lines: Vec<Line<'_>> = vec![Line::from(item.card_ref.deck.clone()).dark_gray()];
        lines.extend(
            item.card
                .front
                .lines()
                .map(|l| Line::from(l.to_string()).bold()),
        );
        lines.push(Line::default());
        match &self.phase {
            Phase::Asking { input } if self.is_typed() => {
                lines.push(Line::from(vec![
                    Span::raw("> "),
                    Span::raw(input.clone()),
                    Span::raw("█").dark_gray(),
                ]));
            }
            Phase::Asking { .. } => {
                lines.push(Line::from("Think of the answer, then press Space.").dark_gray())
            }
            Phase::Revealed => {
                lines.extend(item.card.back.lines().map(|l| Line::from(l.to_string())));
                if let Some(explain) = &item.card.explain {
                    lines.push(Line::default());
                    lines.extend(
                        explain
                            .lines()
                            .map(|l| Line::from(l.to_string()).dark_gray()),
                    );
                }
                lines.push(Line::default());
                lines.push(
                    Line::from("Grade yourself: 0-2 wrong, 3-5 right (5 = perfect).").dark_gray(),
                );
            }
            Phase::Verdict {
                typed,
                verdict,
                expected,
                grade,
                timed_out,
            } => {
                lines.push(Line::from(format!("> {typed}")));
                let (word, style) = match verdict {
                    Verdict::Correct => (
                        "correct",
                        Style::new().fg(Color::Green).add_modifier(Modifier::BOLD),
                    ),
                    Verdict::Close => (
                        "close",
                        Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
                    ),
                    Verdict::Wrong => (
                        "wrong",
                        Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
                    ),
                };
                let why = match (verdict, timed_out) {
                    (_, true) => " (time ran out)".to_string(),
                    (Verdict::Close, _) => format!(" (a typo? expected: {expected})"),
                    (Verdict::Wrong, _) => format!(" (expected: {expected})"),
                    (Verdict::Correct, _) => String::new(),
                };
                lines.push(Line::from(vec![Span::styled(word, style), Span::raw(why)]));
                if *verdict != Verdict::Correct && *timed_out {
                    lines.push(Line::from(format!("expected: {expected}")));
                }
                lines.push(Line::from(format!(
                    "grade {grade} ({}): press 0-5 to change it, Enter for the next card",
                    grade.meaning()
                )));
            }
            Phase::Score => {}
        }
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().title(" quiz "))
            .render(body, buf);
    }
}

fn render_score(q: &Quiz, head: Rect, body: Rect, buf: &mut Buffer) {
    let s = q.score();
    Line::from(format!("Score: {}", s.line()))
        .bold()
        .render(head, buf);
    let mut lines =
        vec![Line::from("The schedule is unchanged: quiz answers are logged as cram.").dark_gray()];
    if s.weak.is_empty() {
        lines.push(Line::from("No weak cards. Well done."));
    } else {
        lines.push(Line::from(format!("Weak cards ({}):", s.weak.len())));
        for w in &s.weak {
            let front = q
                .items
                .iter()
                .find(|i| &i.card_ref == w)
                .map(|i| i.card.front.lines().next().unwrap_or("").to_string())
                .unwrap_or_default();
            lines.push(Line::from(format!("  {}/{}  {front}", w.deck, w.card)));
        }
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(Block::bordered().title(" quiz score "))
        .render(body, buf);
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    fn item(id: &str, front: &str, back: &str, accept: &[&str]) -> QuizItem {
        QuizItem {
            card_ref: CardRef {
                deck: "mt-vs-mp".into(),
                card: id.into(),
            },
            card: Card {
                accept: accept.iter().map(|s| s.to_string()).collect(),
                ..Card::new(id, front, back)
            },
        }
    }

    fn items() -> Vec<QuizItem> {
        vec![
            item(
                "cpu",
                "multiprocessing or multithreading is best for computations?",
                "multiprocessing",
                &["processes"],
            ),
            item(
                "io",
                "multiprocessing or multithreading is best for IO?",
                "multithreading",
                &["threads"],
            ),
            item(
                "long",
                "What is the GIL?",
                "A lock in CPython that lets only one thread execute Python bytecode at a time.",
                &[],
            ),
        ]
    }

    fn key(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    fn typed(q: &mut Quiz, s: &str, t: u64) {
        for c in s.chars() {
            q.key(key(KeyCode::Char(c)), t);
        }
    }

    fn screen(q: &Quiz) -> String {
        let mut term = Terminal::new(TestBackend::new(70, 14)).unwrap();
        term.draw(|f| f.render_widget(q, f.area())).unwrap();
        term.backend().to_string()
    }

    #[test]
    fn typed_quiz_with_close_answer_and_self_graded_long_card() {
        let mut q = Quiz::new(
            items(),
            QuizOptions {
                typed: true,
                time_limit: None,
                seed: None,
            },
            0,
        );
        assert!(q.is_typed());
        typed(&mut q, "Multi-Processing.", 100);
        assert_eq!(q.key(key(KeyCode::Enter), 2000), None);
        assert!(matches!(
            q.phase,
            Phase::Verdict {
                verdict: Verdict::Correct,
                grade,
                ..
            } if grade.value() == 5
        ));
        let out = q.key(key(KeyCode::Enter), 2500).unwrap();
        assert_eq!(
            out,
            QuizOut::Record(QuizAnswer {
                card: items()[0].card_ref.clone(),
                grade: Grade::new(5).unwrap(),
                spent_ms: 2500,
                timed_out: false
            })
        );
        typed(&mut q, "multithreding", 3000);
        q.key(key(KeyCode::Enter), 4000);
        insta::assert_snapshot!("quiz_close_verdict", screen(&q));
        assert!(matches!(
            q.phase,
            Phase::Verdict {
                verdict: Verdict::Close,
                grade,
                ..
            } if grade.value() == 3
        ));
        q.key(key(KeyCode::Char('4')), 4100);
        assert_eq!(
            q.key(key(KeyCode::Enter), 4200).map(
                |o| matches!(o, QuizOut::Record(QuizAnswer { grade, .. }) if grade.value() == 4)
            ),
            Some(true)
        );
        // The long answer is self-graded.
        assert!(!q.is_typed());
        q.key(key(KeyCode::Char(' ')), 5000);
        assert_eq!(q.phase, Phase::Revealed);
        q.key(key(KeyCode::Char('2')), 6000);
        assert_eq!(q.phase, Phase::Score);
        // Graded 5, 4 and 2: only the last is weak (below 4).
        assert_eq!(
            q.finished(),
            Some(QuizOut::Finished(vec![items()[2].card_ref.clone()]))
        );
        insta::assert_snapshot!("quiz_score", screen(&q));
        // r runs the weak cards again.
        q.key(key(KeyCode::Char('r')), 7000);
        assert_eq!(q.items.len(), 1);
        assert!(matches!(q.phase, Phase::Asking { .. }));
    }

    #[test]
    fn typed_card_snapshot_and_timeout() {
        let mut q = Quiz::new(
            items(),
            QuizOptions {
                typed: true,
                time_limit: Some(10),
                seed: None,
            },
            0,
        );
        typed(&mut q, "multi", 1000);
        q.tick(3_500);
        insta::assert_snapshot!("quiz_typed_card", screen(&q));
        q.tick(10_000);
        assert!(matches!(
            q.phase,
            Phase::Verdict {
                timed_out: true,
                grade,
                verdict: Verdict::Wrong,
                ..
            } if grade.value() == 0
        ));
        let out = q.key(key(KeyCode::Enter), 11_000).unwrap();
        assert!(matches!(
            out,
            QuizOut::Record(QuizAnswer {
                grade,
                timed_out: true,
                ..
            }) if grade.value() == 0
        ));
    }

    #[test]
    fn tiny_windows_do_not_panic() {
        let q = Quiz::new(
            items(),
            QuizOptions {
                typed: false,
                time_limit: None,
                seed: None,
            },
            0,
        );
        for (w, h) in [(0, 0), (1, 1), (19, 5), (20, 6), (200, 3)] {
            let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
            term.draw(|f| f.render_widget(&q, f.area())).unwrap();
        }
    }
}
