//! Drawing the quiz: the card being asked, the typed answer and its
//! verdict, the countdown, and the score at the end.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Gauge, Paragraph, Widget, Wrap};

use crate::quiz::Verdict;
use crate::tui::layout::rule;
use crate::tui::text::wrap_card_text;
use crate::tui::theme;

use super::{Phase, Quiz};

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
        let width = body.width.saturating_sub(2).max(1);
        let mut lines: Vec<Line<'static>> = vec![Line::from(item.deck_name.clone()).dark_gray()];
        lines.extend(wrap_card_text(&item.card.front, width, theme::title()));
        lines.push(Line::default());
        let answer_and_why = |lines: &mut Vec<Line<'static>>| {
            lines.push(rule("Answer", width));
            lines.extend(wrap_card_text(&item.card.back, width, Style::new()));
            if let Some(explain) = &item.card.explain {
                lines.push(Line::default());
                lines.push(rule("Why", width));
                lines.extend(wrap_card_text(explain, width, Style::new()));
            }
        };
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
                answer_and_why(&mut lines);
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
                lines.extend(wrap_card_text(&format!("> {typed}"), width, Style::new()));
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
                    _ => String::new(),
                };
                lines.push(Line::from(vec![Span::styled(word, style), Span::raw(why)]));
                lines.extend(wrap_card_text(
                    &format!(
                        "grade {grade} ({}): press 0-5 to change it, Enter for the next card",
                        grade.meaning()
                    ),
                    width,
                    Style::new(),
                ));
                lines.push(Line::default());
                answer_and_why(&mut lines);
            }
            Phase::Score => {}
        }
        Paragraph::new(lines)
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
