//! Styles used across the screens, in one place, and drawing without
//! colour ([`without_colors`]).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};

/// Takes the colours out of every cell of `area` (foreground, background,
/// underline colour), keeping bold, reversed and underlined, so that the
/// selection and the banners stay visible. Run after a screen is drawn
/// when colours are off (`NO_COLOR`, `colors = false`): it covers every
/// style of every widget, here or in ratatui.
pub fn without_colors(area: Rect, buf: &mut Buffer) {
    let area = area.intersection(buf.area);
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            if let Some(cell) = buf.cell_mut((x, y)) {
                cell.set_fg(Color::Reset).set_bg(Color::Reset);
                cell.underline_color = Color::Reset;
            }
        }
    }
}

/// Inline and fenced code.
pub fn code() -> Style {
    Style::new().fg(Color::Cyan)
}

/// Titles and headers.
pub fn title() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

/// Secondary text: hints, labels.
pub fn dim() -> Style {
    Style::new().fg(Color::DarkGray)
}

/// The selected row.
pub fn selected() -> Style {
    Style::new().add_modifier(Modifier::REVERSED)
}

/// The red error banner.
pub fn error() -> Style {
    Style::new()
        .fg(Color::White)
        .bg(Color::Red)
        .add_modifier(Modifier::BOLD)
}

/// A calm notice.
pub fn notice() -> Style {
    Style::new().fg(Color::Yellow)
}

/// Key names in hints and the legend.
pub fn key() -> Style {
    Style::new().fg(Color::Green).add_modifier(Modifier::BOLD)
}

/// The progress gauge.
pub fn gauge() -> Style {
    Style::new().fg(Color::Green)
}

/// A cloze card's answer on its back.
pub fn cloze_answer() -> Style {
    Style::new()
        .fg(Color::Yellow)
        .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
}

/// The "answer" rule and the explanation header.
pub fn rule() -> Style {
    Style::new().fg(Color::Blue)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::widgets::Widget;

    #[test]
    fn without_colors_keeps_the_modifiers() {
        let area = Rect::new(0, 0, 6, 2);
        let mut buf = Buffer::empty(area);
        ratatui::text::Line::styled("banner", error()).render(area, &mut buf);
        without_colors(area, &mut buf);
        let cell = &buf[(0, 0)];
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset));
        assert!(cell.modifier.contains(Modifier::BOLD));
        assert_eq!(cell.symbol(), "b");
    }
}
