//! What the screen shows of the writer: a quiet "saving…" mark in the
//! bottom-right corner while a log line waits (for the review log's lock,
//! held by another process, or a slow disk), and, while quitting waits for
//! the writer, a box saying what it waits for and how to leave without it.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Padding, Paragraph, Widget};

use super::app::App;
use super::keymap::{self, QuittingAction};
use super::msg::Wait;
use super::text::wrap_card_text;
use super::theme;
use crate::text::for_terminal;

/// The mark shown while a line waits for the log's lock.
pub const MARK: &str = "saving… (review log locked)";
/// The mark shown while a line waits for a slow disk.
pub const MARK_SLOW: &str = "saving…";

/// Draws the mark or the quitting box, if the writer has anything to show.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    if app.saving().is_quitting() && !app.saving().is_empty() {
        quitting(app, area, buf);
    } else if let Some(wait) = app.saving().waiting() {
        let mark = match wait {
            Wait::Lock => MARK,
            Wait::Disk => MARK_SLOW,
        };
        let w = u16::try_from(mark.chars().count() + 1)
            .unwrap_or(u16::MAX)
            .min(area.width);
        let corner = Rect {
            x: area.right().saturating_sub(w),
            y: area.bottom().saturating_sub(1),
            width: w,
            height: area.height.min(1),
        };
        Clear.render(corner, buf);
        Line::styled(mark, theme::dim())
            .right_aligned()
            .render(corner, buf);
    }
}

/// The lines of the quitting box, with their styles.
pub fn quitting_lines(app: &App) -> Vec<(String, Style)> {
    let s = app.saving();
    let mut lines = vec![(
        format!("Saving {} before quitting…", s.what()),
        theme::title(),
    )];
    if let Some(why) = s.failure() {
        let why = format!("Could not save: {}", for_terminal(why));
        lines.push((why, theme::error()));
        let retry = keymap::keys_of(keymap::QUITTING, QuittingAction::Retry, " or ");
        lines.push((format!("{retry} tries again."), theme::dim()));
    } else if let Some(wait) = s.waiting() {
        let what = match wait {
            Wait::Lock => "Waiting for the review log's lock (another program holds it).",
            Wait::Disk => "Waiting for the disk.",
        };
        lines.push((what.into(), theme::notice()));
    }
    let leave = keymap::keys_of(keymap::QUITTING, QuittingAction::Leave, " or ");
    let back = keymap::keys_of(keymap::QUITTING, QuittingAction::Back, " or ");
    lines.push((
        format!("{leave}: quit without saving (the lines are printed on exit) · {back}: back"),
        theme::dim(),
    ));
    lines
}

fn quitting(app: &App, area: Rect, buf: &mut Buffer) {
    let width = area.width.saturating_sub(4).min(64);
    let lines: Vec<Line<'static>> = quitting_lines(app)
        .iter()
        .flat_map(|(text, style)| wrap_card_text(text, width.saturating_sub(4), *style))
        .collect();
    let rows = u16::try_from(lines.len())
        .unwrap_or(u16::MAX)
        .saturating_add(2)
        .min(area.height);
    let popup = area
        .centered_horizontally(Constraint::Length(width))
        .centered_vertically(Constraint::Length(rows));
    Clear.render(popup, buf);
    Paragraph::new(lines)
        .block(
            Block::bordered()
                .border_style(theme::rule())
                .padding(Padding::horizontal(1)),
        )
        .render(popup, buf);
}
