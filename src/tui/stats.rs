//! The stats screen (`s` on the home screen): the review heatmap, the
//! forecast, retention (and FSRS's predicted recall beside it), cards by
//! state, time and the hardest cards, as
//! panels laid out for the window. 80×24 shows every panel but the
//! histograms; a larger window gives each more room (two-column heatmap
//! cells, histograms, more rows); a smaller one drops panels, in reverse
//! order of importance, and says which. No text is ever cut: a line that
//! does not fit is replaced by a shorter version of itself, or left out.

mod heatmap;
mod panels;
mod recall;

use chrono::Datelike;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::app::{App, StatsView};
use super::{help, theme};
use crate::stats::Stats;

/// The smallest window the stats screen works in (columns, rows).
pub const MIN_SIZE: (u16, u16) = (40, 12);

/// Below this width the panels stack in one column.
const TWO_COLUMNS: u16 = 72;

/// The first of `variants` that fits in `width` columns, or nothing: text
/// is shortened by choosing a shorter wording, never cut.
pub(super) fn fit<'a>(variants: &[String], width: u16, style: Style) -> Line<'a> {
    variants
        .iter()
        .find(|v| Line::from(v.as_str()).width() <= usize::from(width))
        .map_or_else(Line::default, |v| Line::styled(v.clone(), style))
}

/// Draws the stats screen.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let inner = area.inner(Margin::new(1, 0));
    let [header, body, footer] = inner.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ]));
    let today = app.clock().today();
    let day = format!("{} {today}", weekday(today));
    Paragraph::new(Line::from(vec![
        Span::styled("Stats", theme::title()),
        Span::styled(format!("  {day}"), theme::dim()),
    ]))
    .render(header, buf);
    match &app.stats() {
        Some(StatsView::Ready(s)) => render_stats(app, s, body, buf),
        Some(StatsView::Failed(e)) => {
            Paragraph::new(vec![
                Line::styled("Could not compute the stats:", theme::error()),
                Line::raw(crate::text::sanitize(e)),
                Line::styled("r tries again", theme::dim()),
            ])
            .wrap(Wrap { trim: true })
            .render(body, buf);
        }
        Some(StatsView::Computing) | None => {
            let mid = body.centered_vertically(Constraint::Length(1));
            Paragraph::new(Line::styled("computing…", theme::dim()))
                .centered()
                .render(mid, buf);
        }
    }
    help::footer(app, footer, buf);
}

fn weekday(d: chrono::NaiveDate) -> &'static str {
    ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][d.weekday().num_days_from_monday() as usize]
}

/// The panels, most important first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Panel {
    Heatmap,
    Forecast,
    Retention,
    Recall,
    States,
    Time,
    Hardest,
}

impl Panel {
    fn name(self) -> &'static str {
        match self {
            Panel::Heatmap => "heatmap",
            Panel::Forecast => "forecast",
            Panel::Retention => "retention",
            Panel::Recall => "predicted recall",
            Panel::States => "cards",
            Panel::Time => "time",
            Panel::Hardest => "hardest cards",
        }
    }

    /// (least, most) rows it is drawn in.
    fn rows(self, s: &Stats) -> (u16, u16) {
        match self {
            Panel::Heatmap => (heatmap::HEIGHT, heatmap::HEIGHT),
            Panel::Forecast => (5, 12),
            Panel::Retention => (3, 3 + rows(s.retention.decks.len())),
            Panel::Recall => (1, 2),
            Panel::States => (2, panels::STATES_FULL),
            Panel::Time => (2, 6),
            Panel::Hardest => (2, 3 + rows(s.hardest.len())),
        }
    }

    fn render(self, app: &App, s: &Stats, area: Rect, buf: &mut Buffer) {
        match self {
            Panel::Heatmap => heatmap::render(s, area, buf),
            Panel::Forecast => panels::forecast(s, area, buf),
            Panel::Retention => panels::retention(s, area, buf),
            Panel::Recall => recall::render(s, area, buf),
            Panel::States => panels::states(s, area, buf),
            Panel::Time => panels::time(s, area, buf),
            Panel::Hardest => panels::hardest(app, s, area, buf),
        }
    }
}

fn rows(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

/// Heights for `panels` stacked in `height` rows (0 = left out): each gets
/// its least, in order, while they fit; then each grows towards its most,
/// in order. Between two drawn panels one row is left blank.
fn stack(panels: &[(u16, u16)], height: u16) -> Vec<u16> {
    let mut sizes = vec![0u16; panels.len()];
    let mut used = 0u16;
    for (i, (min, _)) in panels.iter().enumerate() {
        let gap = u16::from(used > 0);
        if used + gap + min <= height {
            sizes[i] = *min;
            used += gap + min;
        }
    }
    for (i, (min, want)) in panels.iter().enumerate() {
        if sizes[i] > 0 {
            let extra = want.saturating_sub(*min).min(height - used);
            sizes[i] += extra;
            used += extra;
        }
    }
    sizes
}

/// Places the panels of one column in `area`; returns the ones left out.
fn column(panels: &[Panel], s: &Stats, area: Rect) -> (Vec<(Panel, Rect)>, Vec<Panel>) {
    let wants: Vec<(u16, u16)> = panels.iter().map(|p| p.rows(s)).collect();
    let sizes = stack(&wants, area.height);
    let mut y = area.y;
    let mut placed = Vec::new();
    let mut hidden = Vec::new();
    for (p, h) in panels.iter().zip(sizes) {
        if h == 0 {
            hidden.push(*p);
            continue;
        }
        if y > area.y {
            y += 1;
        }
        placed.push((*p, Rect::new(area.x, y, area.width, h)));
        y += h;
    }
    (placed, hidden)
}

/// Where each panel goes in `body`, and the panels left out.
fn place(s: &Stats, body: Rect) -> (Vec<(Panel, Rect)>, Vec<Panel>) {
    if body.width < TWO_COLUMNS {
        return column(
            &[
                Panel::Heatmap,
                Panel::Forecast,
                Panel::Retention,
                Panel::Recall,
                Panel::States,
                Panel::Time,
                Panel::Hardest,
            ],
            s,
            body,
        );
    }
    let mut placed = Vec::new();
    let mut hidden = Vec::new();
    let mut rest = body;
    if body.height >= heatmap::HEIGHT + 1 + 5 {
        placed.push((
            Panel::Heatmap,
            Rect {
                height: heatmap::HEIGHT,
                ..body
            },
        ));
        rest.y += heatmap::HEIGHT + 1;
        rest.height -= heatmap::HEIGHT + 1;
    } else {
        hidden.push(Panel::Heatmap);
    }
    let left_w = (body.width * 2 / 5).max(32);
    let [left, _, right] = rest.layout(&Layout::horizontal([
        Constraint::Length(left_w),
        Constraint::Length(2),
        Constraint::Fill(1),
    ]));
    for (area, panels) in [
        (left, &[Panel::Forecast, Panel::Recall, Panel::Time][..]),
        (
            right,
            &[Panel::Retention, Panel::States, Panel::Hardest][..],
        ),
    ] {
        let (p, h) = column(panels, s, area);
        placed.extend(p);
        hidden.extend(h);
    }
    (placed, hidden)
}

fn render_stats(app: &App, s: &Stats, body: Rect, buf: &mut Buffer) {
    let (mut placed, mut hidden) = place(s, body);
    if !hidden.is_empty() {
        // One row for the note saying what is left out.
        let shorter = Rect {
            height: body.height.saturating_sub(1),
            ..body
        };
        (placed, hidden) = place(s, shorter);
        let names: Vec<&str> = hidden.iter().map(|p| p.name()).collect();
        let note = Rect {
            y: body.bottom().saturating_sub(1),
            height: 1.min(body.height),
            ..body
        };
        fit(
            &[
                format!("Not shown: {} (make the window larger)", names.join(", ")),
                format!("Not shown: {}", names.join(", ")),
                format!("{} panels not shown", hidden.len()),
                "more: larger window".to_string(),
            ],
            note.width,
            theme::dim(),
        )
        .render(note, buf);
    }
    for (p, area) in placed {
        p.render(app, s, area, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::Rate;

    fn text(buf: &Buffer) -> String {
        let a = buf.area;
        (a.y..a.bottom())
            .map(|y| {
                (a.x..a.right())
                    .map(|x| buf[(x, y)].symbol())
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn retention_cells_are_whole_at_every_width() {
        let today = "2026-11-25".parse().unwrap_or_default();
        let mut s = crate::stats::compute(&[], today, 365);
        s.retention.total.all_time.young = Rate {
            passed: 99_999,
            total: 123_456,
        };
        for w in 0..140 {
            let mut buf = Buffer::empty(Rect::new(0, 0, w, 6));
            panels::retention(&s, buf.area, &mut buf);
            let t = text(&buf);
            // The share is 81%: either "81% of 123456" or "81%", never cut.
            let cut = t.contains("81% of") && !t.contains("81% of 123456");
            assert!(!cut, "{w} columns:\n{t}");
            if w >= 80 {
                assert!(t.contains("81% of 123456"), "{w} columns:\n{t}");
            }
        }
    }

    #[test]
    fn stack_gives_minimums_in_order_then_grows() {
        assert_eq!(stack(&[(3, 5), (2, 4)], 10), vec![5, 4]);
        assert_eq!(stack(&[(3, 5), (2, 4)], 6), vec![3, 2]);
        assert_eq!(stack(&[(3, 5), (2, 4)], 8), vec![5, 2]);
        assert_eq!(stack(&[(10, 10), (2, 4)], 5), vec![0, 4]);
        assert_eq!(stack(&[(3, 3)], 0), vec![0]);
    }
}
