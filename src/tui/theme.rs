//! Styles used across the screens, in one place.

use ratatui::style::{Color, Modifier, Style};

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

/// The "answer" rule and the explanation header.
pub fn rule() -> Style {
    Style::new().fg(Color::Blue)
}
