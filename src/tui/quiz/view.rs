//! Drawing the quiz: the card being asked, the typed answer and its
//! verdict, the countdown, and the score at the end.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Gauge, Paragraph, Widget, Wrap};

use crate::quiz::Verdict;
use crate::tui::keymap::{self, QUIZ, QuizAction};
use crate::tui::layout::rule;
use crate::tui::text::{card_back, wrap_atoms, wrap_card_text};
use crate::tui::theme;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::{Phase, Quiz, View};

/// The keys of the phase, wrapped to `width` (a narrow window shows them
/// on two lines rather than cutting off the last, usually Esc).
fn key_lines(keys: &[(String, &str)], width: u16) -> Vec<Line<'static>> {
    let atoms: Vec<Vec<Span<'static>>> = keys
        .iter()
        .map(|(k, what)| {
            vec![
                Span::styled(k.to_string(), Style::new().bold()),
                Span::raw(format!(" {what}")),
            ]
        })
        .collect();
    wrap_atoms(&atoms, 2, width)
        .into_iter()
        .map(Line::dark_gray)
        .collect()
}

impl Widget for &Quiz {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.width < 20 || area.height < 6 {
            Paragraph::new("window too small").render(area, buf);
            return;
        }
        let keys = key_lines(&self.keys(), area.width);
        let foot_height = u16::try_from(keys.len()).unwrap_or(1).clamp(1, 2);
        let [head, body, foot] = Layout::vertical([
            Constraint::Length(2),
            Constraint::Min(1),
            Constraint::Length(foot_height),
        ])
        .areas(area);
        Paragraph::new(keys).render(foot, buf);
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
        let dim = Style::new().fg(Color::DarkGray);
        // Every line is wrapped to the width here, so that the number of
        // lines is what the screen shows and scrolling can reach them all.
        let mut lines: Vec<Line<'static>> = wrap_card_text(&item.deck_name, width, dim);
        lines.extend(wrap_card_text(&item.card.front, width, theme::title()));
        lines.push(Line::default());
        let answer_and_why = |lines: &mut Vec<Line<'static>>| {
            lines.push(rule("Answer", width));
            lines.extend(card_back(&item.card, width, Style::new()));
            if let Some(explain) = &item.card.explain {
                lines.push(Line::default());
                lines.push(rule("Why", width));
                lines.extend(wrap_card_text(explain, width, Style::new()));
            }
        };
        match &self.phase {
            Phase::Asking { input } if self.is_typed() => {
                // The typed text wraps like the rest; the cursor ends it.
                let mut typed = wrap_plain(&format!("> {input}"), width, Style::new());
                if let Some(last) = typed.last_mut() {
                    last.push_span(Span::raw("█").dark_gray());
                }
                lines.extend(typed);
            }
            Phase::Asking { .. } => lines.extend(wrap_plain(
                &format!(
                    "Think of the answer, then press {}.",
                    keymap::first_key(QUIZ, QuizAction::Reveal)
                ),
                width,
                dim,
            )),
            Phase::Revealed => {
                answer_and_why(&mut lines);
                lines.push(Line::default());
                lines.extend(wrap_plain(
                    "Grade yourself: 0-2 wrong, 3-5 right (5 = perfect).",
                    width,
                    dim,
                ));
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
                let verdict_line =
                    Line::from(vec![Span::styled(word, style), Span::raw(why.clone())]);
                if verdict_line.width() <= usize::from(width) {
                    lines.push(verdict_line);
                } else {
                    lines.push(Line::from(Span::styled(word, style)));
                    lines.extend(wrap_plain(why.trim(), width, Style::new()));
                }
                lines.extend(wrap_card_text(
                    &format!(
                        "grade {grade} ({}): press {} to change it, {} for the next card",
                        grade.meaning(),
                        keymap::range(QUIZ, QuizAction::Grade(0), QuizAction::Grade(5)),
                        keymap::first_key(QUIZ, QuizAction::Check),
                    ),
                    width,
                    Style::new(),
                ));
                lines.push(Line::default());
                answer_and_why(&mut lines);
            }
            Phase::Score => {}
        }
        render_card(self, lines, body, buf);
    }
}

/// `text` wrapped to `width` as plain text (backticks are not code here);
/// a word longer than a line is cut.
fn wrap_plain(text: &str, width: u16, style: Style) -> Vec<Line<'static>> {
    let width = usize::from(width.max(1));
    let mut out = Vec::new();
    for para in text.lines() {
        let (mut line, mut used) = (String::new(), 0usize);
        for word in para.split(' ') {
            if used > 0 && used + 1 + word.width() > width {
                out.push(Line::styled(std::mem::take(&mut line), style));
                used = 0;
            }
            if used > 0 {
                line.push(' ');
                used += 1;
            }
            for c in word.chars() {
                let w = c.width().unwrap_or(0);
                if used > 0 && used + w > width {
                    out.push(Line::styled(std::mem::take(&mut line), style));
                    used = 0;
                }
                line.push(c);
                used += w;
            }
        }
        out.push(Line::styled(line, style));
    }
    out
}

/// The card's lines in a bordered box, scrolled by [`Quiz::scroll`], with
/// a hint on the bottom border saying how many lines are hidden above or
/// below and which keys scroll. Records the view for the scrolling keys.
fn render_card(q: &Quiz, lines: Vec<Line<'static>>, body: Rect, buf: &mut Buffer) {
    let page = body.height.saturating_sub(2);
    let total = u16::try_from(lines.len()).unwrap_or(u16::MAX);
    let max_scroll = total.saturating_sub(page);
    q.set_view(View { page, max_scroll });
    let scroll = q.scroll.min(max_scroll);
    let mut block = Block::bordered().title(" quiz ");
    if max_scroll > 0 {
        let below = max_scroll - scroll;
        let arrow = match (scroll > 0, below > 0) {
            (true, true) => "↑↓",
            (true, false) => "↑",
            _ => "↓",
        };
        let hidden = if below > 0 { below } else { scroll };
        let s = if hidden == 1 { "" } else { "s" };
        let keys = [
            QuizAction::Up,
            QuizAction::Down,
            QuizAction::PageUp,
            QuizAction::PageDown,
        ]
        .map(|a| keymap::first_key(QUIZ, a));
        let [up, down, page_up, page_down] = &keys;
        let hint = format!(" {arrow} {hidden} more line{s}: {up}{down} {page_up} {page_down} ");
        block = block.title_bottom(Line::from(hint).right_aligned().fg(Color::Yellow));
    }
    Paragraph::new(lines)
        .block(block)
        .scroll((scroll, 0))
        .render(body, buf);
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
