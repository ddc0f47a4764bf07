//! The review heatmap, as on GitHub: one cell per day, weeks as columns
//! (the last one holds today), weekdays as rows, shaded by the grades of
//! that day; month labels above, today marked below, streaks in the title.

use chrono::{Datelike, Days, NaiveDate};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::fit;
use crate::stats::Stats;
use crate::tui::theme;

/// Rows: title, months, seven weekdays, legend.
pub const HEIGHT: u16 = 10;
/// Columns of the weekday labels.
const LABEL_W: u16 = 4;
/// At most this many weeks (a year and a day or two).
const MAX_WEEKS: u16 = 53;
/// The shades, from no grade to the most.
const SHADES: [&str; 5] = ["·", "░", "▒", "▓", "█"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The shade of `n` grades when the busiest day had `max`: 0 for none,
/// then quarters of `max`.
pub fn level(n: u32, max: u32) -> usize {
    if n == 0 || max == 0 {
        return 0;
    }
    let q = u64::from(n) * 4;
    let m = u64::from(max);
    if q <= m {
        1
    } else if q <= 2 * m {
        2
    } else if q <= 3 * m {
        3
    } else {
        4
    }
}

fn shade_style(level: usize) -> Style {
    if level == 0 {
        theme::dim()
    } else {
        Style::new().fg(Color::Green)
    }
}

/// Draws the heatmap in `area` (at most [`HEIGHT`] rows are used).
pub fn render(s: &Stats, area: Rect, buf: &mut Buffer) {
    let h = &s.heatmap;
    let title = [
        format!(
            "Reviews · {} in {} · streak {} (longest {})",
            crate::text::plural(h.study_days, "study day"),
            h.grades.len(),
            h.current_streak,
            h.longest_streak
        ),
        format!(
            "Reviews · streak {} (longest {})",
            h.current_streak, h.longest_streak
        ),
        format!("Streak {} (longest {})", h.current_streak, h.longest_streak),
        "Reviews".to_string(),
    ];
    let row = |i: u16| Rect::new(area.x, area.y + i, area.width, 1).intersection(area);
    fit(&title, area.width, theme::title()).render(row(0), buf);
    if area.height < HEIGHT || area.width < LABEL_W + 1 {
        return;
    }
    let grid_w = area.width - LABEL_W;
    let cell_w: u16 = if grid_w >= 2 * MAX_WEEKS { 2 } else { 1 };
    let today = s.today;
    let window_days = u16::try_from(h.grades.len()).unwrap_or(u16::MAX);
    let offset = u16::try_from(today.weekday().num_days_from_monday()).unwrap_or(0);
    let needed = window_days.saturating_add(6 - offset).div_ceil(7).max(1);
    let weeks = (grid_w / cell_w).min(MAX_WEEKS).min(needed);
    let last_monday = today - Days::new(u64::from(offset));
    let week_start = |c: u16| last_monday.checked_sub_days(Days::new(7 * u64::from(weeks - 1 - c)));
    let max = h.grades.iter().copied().max().unwrap_or(0);
    let grades_on = |d: NaiveDate| -> Option<u32> {
        let i = usize::try_from((d - h.first_day).num_days()).ok()?;
        h.grades.get(i).copied()
    };
    let x0 = area.x + LABEL_W;
    // Month labels where a month begins, unless they would overlap.
    let mut free_from = x0;
    for c in 0..weeks {
        let Some(start) = week_start(c) else { continue };
        let end = start + Days::new(6);
        let begins = end.day() <= 7 || c == 0;
        let x = x0 + c * cell_w;
        if begins && x >= free_from && x + 3 <= area.right() {
            let m = MONTHS[end.month0() as usize];
            buf.set_string(x, area.y + 1, m, theme::dim());
            free_from = x + 4;
        }
    }
    for r in 0..7u16 {
        let y = area.y + 2 + r;
        if r % 2 == 0 && r < 6 {
            let label = ["Mon", "", "Wed", "", "Fri", ""][usize::from(r)];
            buf.set_string(area.x, y, label, theme::dim());
        }
        for c in 0..weeks {
            let Some(start) = week_start(c) else { continue };
            let d = start + Days::new(u64::from(r));
            let Some(n) = (d <= today).then(|| grades_on(d)).flatten() else {
                continue;
            };
            let lv = level(n, max);
            let mut style = shade_style(lv);
            if d == today {
                style = style.add_modifier(Modifier::REVERSED);
            }
            let text = SHADES[lv].repeat(usize::from(cell_w));
            buf.set_string(x0 + c * cell_w, y, text, style);
        }
    }
    // The legend, and a mark under today's column.
    let y = area.y + 9;
    let today_x = x0 + weeks.saturating_sub(1) * cell_w;
    let legend = Line::from(vec![
        Span::styled("less ", theme::dim()),
        Span::styled(SHADES[0], shade_style(0)),
        Span::styled(SHADES[1..].concat(), shade_style(1)),
        Span::styled(" more", theme::dim()),
    ]);
    let mark = if today_x > area.x + 6 {
        "today ▲"
    } else {
        "▲"
    };
    let mark_w = u16::try_from(mark.chars().count()).unwrap_or(1);
    let mark_x = (today_x + 1).saturating_sub(mark_w);
    let legend_w = u16::try_from(legend.width()).unwrap_or(u16::MAX);
    if area.x + legend_w < mark_x {
        legend.render(Rect::new(area.x, y, legend_w, 1), buf);
    }
    buf.set_string(mark_x.max(area.x), y, mark, theme::dim());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shades_split_the_busiest_day_in_quarters() {
        let lv: Vec<usize> = [0, 1, 2, 3, 4, 5, 8].iter().map(|n| level(*n, 8)).collect();
        assert_eq!(lv, [0, 1, 1, 2, 2, 3, 4]);
        assert_eq!(level(1, 1), 4);
        assert_eq!(level(3, 0), 0);
    }
}
