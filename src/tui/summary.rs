//! The summary at the end of a session.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::app::App;
use super::home::{describe_next_due, plural};
use super::{help, theme};

/// The smallest window the summary works in (columns, rows).
pub const MIN_SIZE: (u16, u16) = (36, 10);

/// "42 s", "4 min 05 s", "1 h 02 min".
pub fn duration(ms: u64) -> String {
    let s = ms / 1000;
    match s {
        0..60 => format!("{s} s"),
        60..3600 => format!("{} min {:02} s", s / 60, s % 60),
        _ => format!("{} h {:02} min", s / 3600, (s % 3600) / 60),
    }
}

/// Draws the summary.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let inner = area.inner(ratatui::layout::Margin::new(1, 0));
    let [body, footer] = inner.layout(&Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(1),
    ]));
    let Some(session) = &app.session() else {
        return;
    };
    let stats = session.stats();
    let label = |s: &'static str| Span::styled(format!("{s:<18}"), theme::dim());
    let title = if session.is_finished() {
        "Session complete"
    } else {
        "Session ended"
    };
    let mut lines = vec![
        Line::styled(title, theme::title()),
        Line::default(),
        Line::from(vec![
            label("Cards reviewed"),
            Span::raw(format!(
                "{}  ({}, {}{})",
                stats.cards,
                plural(stats.answers, "answer"),
                plural(stats.drills, "re-ask"),
                if stats.preps > 0 {
                    format!(", {} for the interview", plural(stats.preps, "prep"))
                } else {
                    String::new()
                }
            )),
        ]),
        Line::from(vec![
            label("Graded 3 or more"),
            Span::raw(match stats.pass_percent() {
                Some(p) => format!(
                    "{p}%  ({} of {} first answers)",
                    stats.reviews_passed, stats.reviews
                ),
                None => "-".to_string(),
            }),
        ]),
        Line::from(vec![
            label("Time spent"),
            Span::raw(duration(stats.spent_ms)),
        ]),
        Line::from(vec![
            label("Next due"),
            Span::raw(describe_next_due(app.study())),
        ]),
    ];
    let left = session.remaining().count();
    if left > 0 {
        lines.push(Line::from(vec![
            label("Left unasked"),
            Span::raw(plural(left, "card")),
        ]));
    }
    if let Some(n) = app.notice() {
        lines.push(Line::default());
        lines.push(Line::styled(n, theme::notice()));
    }
    if let Some(e) = app.error() {
        lines.push(Line::default());
        lines.push(Line::styled(e, theme::error()));
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(body, buf);
    help::footer(app, footer, buf);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_well() {
        assert_eq!(duration(999), "0 s");
        assert_eq!(duration(42_000), "42 s");
        assert_eq!(duration(245_000), "4 min 05 s");
        assert_eq!(duration(3_720_000), "1 h 02 min");
    }
}
