//! The panels under the heatmap: forecast (a bar chart), retention (a
//! table), cards by state (with histograms when there is room), time (a
//! sparkline) and the hardest cards (a table).

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::Line;
use ratatui::widgets::{Bar, BarChart, Cell, Row, Sparkline, Table, Widget};

use super::fit;
use crate::stats::{Bucket, FORECAST_DAYS, LEECH_LAPSES, Rate, Stats};
use crate::tui::app::App;
use crate::tui::theme;

/// Rows of the cards panel with its histograms (title, counts, a blank
/// row, the interval buckets).
pub const STATES_FULL: u16 = 3 + 9;

fn row(area: Rect, i: u16) -> Rect {
    Rect::new(area.x, area.y.saturating_add(i), area.width, 1).intersection(area)
}

fn n(x: usize) -> u16 {
    u16::try_from(x).unwrap_or(u16::MAX)
}

/// Cards due on each of the next 30 days, overdue apart.
pub fn forecast(s: &Stats, area: Rect, buf: &mut Buffer) {
    let f = &s.forecast;
    let max = f.days.iter().copied().max().unwrap_or(0);
    fit(
        &[
            format!(
                "Due · {} overdue · {} in {} · most {max}/day",
                f.overdue,
                f.total(),
                crate::text::plural(f.days.len(), "day")
            ),
            format!("Due · {} overdue · {} in 30 days", f.overdue, f.total()),
            format!("Due · {} overdue", f.overdue),
            "Due".to_string(),
        ],
        area.width,
        theme::title(),
    )
    .render(row(area, 0), buf);
    if area.height < 3 {
        return;
    }
    let days = n(FORECAST_DAYS);
    let slot = (area.width / days).clamp(1, 4);
    let (bar_w, gap) = if slot >= 2 { (slot - 1, 1) } else { (1, 0) };
    let chart_w = (days * slot).saturating_sub(gap).min(area.width);
    let chart = Rect::new(area.x, area.y + 1, chart_w, area.height - 2);
    let bars: Vec<Bar<'_>> = f
        .days
        .iter()
        .map(|d| {
            let bar = Bar::default().value(u64::from(*d));
            if bar_w < 2 { bar.text_value("") } else { bar }
        })
        .collect();
    BarChart::default()
        .data(ratatui::widgets::BarGroup::default().bars(&bars))
        .bar_width(bar_w)
        .bar_gap(gap)
        .max(u64::from(max.max(1)))
        .bar_style(Style::new().fg(Color::Cyan))
        .value_style(Style::new().fg(Color::Black).bg(Color::Cyan))
        .render(chart, buf);
    let axis = row(area, area.height - 1);
    let end = format!("+{}d", days - 1);
    let end_w = n(end.len());
    if chart_w >= 5 + 1 + end_w {
        buf.set_string(axis.x, axis.y, "today", theme::dim());
        buf.set_string(axis.x + chart_w - end_w, axis.y, &end, theme::dim());
    }
}

fn pct(r: Rate) -> String {
    r.share()
        .map_or_else(|| "–".to_string(), |s| format!("{:.0}%", s * 100.0))
}

fn pct_of(r: Rate) -> String {
    r.share().map_or_else(
        || "–".to_string(),
        |s| format!("{:.0}% of {}", s * 100.0, r.total),
    )
}

/// `text` in at most `width` columns: cut with an ellipsis when longer
/// (only for names from decks, never for labels).
fn ellipsize(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut s: String = text.chars().take(width.saturating_sub(1)).collect();
    s.push('…');
    s
}

/// Young and mature retention, last 30 days and all time, total first.
pub fn retention(s: &Stats, area: Rect, buf: &mut Buffer) {
    let rows = std::iter::once(&s.retention.total).chain(s.retention.decks.iter());
    let rates = |d: &crate::stats::DeckRetention| {
        [
            d.last_30_days.young,
            d.last_30_days.mature,
            d.all_time.young,
            d.all_time.mature,
        ]
    };
    // "100% of 1234": as wide as the widest cell, or percentages only.
    let widest = rows
        .flat_map(|d| rates(d).map(|r| pct_of(r).chars().count()))
        .max()
        .unwrap_or(0);
    let wide_w = n(widest.max("mature 30d".len()));
    let cols = 4;
    let wide = area.width >= cols * (wide_w + 1) + 12;
    let col_w: u16 = if wide { wide_w } else { 5 };
    let name_w = area.width.saturating_sub(cols * (col_w + 1));
    fit(
        &[
            "Retention: reviews graded 3+ (mature: interval ≥ 21 days)".to_string(),
            "Retention: graded 3+ · Y young · M mature (≥ 21d)".to_string(),
            "Retention: graded 3+ · Y young · M mature".to_string(),
            "Retention".to_string(),
        ],
        area.width,
        theme::title(),
    )
    .render(row(area, 0), buf);
    if area.height < 2 || name_w < 5 {
        return;
    }
    let heads: [&str; 4] = if wide {
        ["young 30d", "mature 30d", "young all", "mature all"]
    } else {
        ["Y30d", "M30d", "Yall", "Mall"]
    };
    let cell = |t: String| Cell::from(Line::from(t).right_aligned());
    let header = Row::new(
        std::iter::once(Cell::from(""))
            .chain(heads.iter().map(|h| cell((*h).to_string())))
            .collect::<Vec<_>>(),
    )
    .style(theme::dim());
    let show = |r: Rate| if wide { pct_of(r) } else { pct(r) };
    let mut body: Vec<Row<'_>> = Vec::new();
    let t = &s.retention.total;
    let room = usize::from(area.height.saturating_sub(2));
    let decks = &s.retention.decks;
    let list = std::iter::once(t).chain(decks.iter());
    let total_rows = decks.len() + 1;
    for (i, d) in list.enumerate() {
        if body.len() + 1 == room && i + 1 < total_rows {
            body.push(Row::new([Cell::from(Line::styled(
                ellipsize(
                    &format!("+{}", crate::text::plural(total_rows - i, "more deck")),
                    usize::from(name_w),
                ),
                theme::dim(),
            ))]));
            break;
        }
        if body.len() == room {
            break;
        }
        let name = crate::text::sanitize(&d.name);
        let r = Row::new([
            Cell::from(ellipsize(&name, usize::from(name_w))),
            cell(show(d.last_30_days.young)),
            cell(show(d.last_30_days.mature)),
            cell(show(d.all_time.young)),
            cell(show(d.all_time.mature)),
        ]);
        body.push(if i == 0 { r.style(theme::title()) } else { r });
    }
    let widths = [
        Constraint::Length(name_w),
        Constraint::Length(col_w),
        Constraint::Length(col_w),
        Constraint::Length(col_w),
        Constraint::Length(col_w),
    ];
    let table_area = Rect {
        y: area.y + 1,
        height: area.height - 1,
        ..area
    };
    Widget::render(
        Table::new(body, widths).header(header).column_spacing(1),
        table_area,
        buf,
    );
}

fn histogram<'a>(buckets: &'a [Bucket]) -> BarChart<'a> {
    let bars: Vec<Bar<'a>> = buckets
        .iter()
        .map(|b| Bar::with_label(b.label, u64::from(b.count)).text_value(b.count.to_string()))
        .collect();
    BarChart::horizontal(bars)
        .bar_gap(0)
        .bar_style(Style::new().fg(Color::Magenta))
        .value_style(theme::dim())
}

/// Cards by state; with room, histograms of intervals and E-Factors.
pub fn states(s: &Stats, area: Rect, buf: &mut Buffer) {
    let c = &s.cards;
    fit(
        &["Cards by state".to_string(), "Cards".to_string()],
        area.width,
        theme::title(),
    )
    .render(row(area, 0), buf);
    fit(
        &[
            format!(
                "new {} · learning {} · young {} · mature {}",
                c.new, c.learning, c.young, c.mature
            ),
            format!(
                "new {} · learn {} · young {} · mature {}",
                c.new, c.learning, c.young, c.mature
            ),
            format!("N {} L {} Y {} M {}", c.new, c.learning, c.young, c.mature),
        ],
        area.width,
        Style::new(),
    )
    .render(row(area, 1), buf);
    if area.height < STATES_FULL || area.width < 40 {
        return;
    }
    let hist = Rect {
        y: area.y + 3,
        height: area.height - 3,
        ..area
    };
    let [left, _, right] = hist.layout(&Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(2),
        Constraint::Fill(1),
    ]));
    histogram(&c.intervals).render(left, buf);
    histogram(&c.ease).render(right, buf);
    let mut label = |r: Rect, t: &str| {
        fit(&[t.to_string()], r.width, theme::dim())
            .render(row(r, r.height.saturating_sub(1)), buf);
    };
    if hist.height > 9 {
        label(left, "interval");
        label(right, "E-Factor");
    }
}

/// Minutes per day (a sparkline) and seconds per card.
pub fn time(s: &Stats, area: Rect, buf: &mut Buffer) {
    let t = &s.time;
    let recent: f64 = t.minutes_per_day.iter().rev().take(30).sum();
    let today = t.minutes_per_day.last().copied().unwrap_or(0.0);
    let per = t
        .average_seconds
        .map_or_else(|| "–".to_string(), |a| format!("{a:.1} s"));
    fit(
        &[
            format!("Time · today {today:.1} min · 30 days {recent:.0} min · {per}/card"),
            format!("Time · 30 days {recent:.0} min · {per}/card"),
            format!("Time · {per}/card"),
            "Time".to_string(),
        ],
        area.width,
        theme::title(),
    )
    .render(row(area, 0), buf);
    if area.height < 3 {
        fit(
            &[format!("{:.0} min in all", t.total_minutes)],
            area.width,
            Style::new(),
        )
        .render(row(area, 1), buf);
        return;
    }
    // One column per day, the most recent at the right.
    let width = usize::from(area.width);
    let days = &t.minutes_per_day;
    let shown = &days[days.len().saturating_sub(width)..];
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let data: Vec<u64> = shown.iter().map(|m| (m * 10.0).round() as u64).collect();
    let spark = Rect {
        y: area.y + 1,
        height: area.height - 2,
        ..area
    };
    Sparkline::default()
        .data(&data)
        .style(Style::new().fg(Color::Yellow))
        .render(spark, buf);
    let axis = row(area, area.height - 1);
    let label = format!(
        "minutes per day, last {}",
        crate::text::plural(shown.len(), "day")
    );
    fit(&[label, "min/day".to_string()], axis.width, theme::dim()).render(axis, buf);
}

/// The cards with the most lapses, leeches marked.
pub fn hardest(app: &App, s: &Stats, area: Rect, buf: &mut Buffer) {
    let leeches = s.leeches.len();
    let title = if leeches > 0 {
        vec![
            format!("Hardest · {leeches} leech(es): rewriting the card usually fixes it"),
            format!("Hardest · {leeches} leech(es): rewrite them"),
            format!("Hardest · {leeches} leech(es)"),
            "Hardest".to_string(),
        ]
    } else {
        vec![
            format!("Hardest cards (a leech has {LEECH_LAPSES}+ lapses)"),
            "Hardest cards".to_string(),
            "Hardest".to_string(),
        ]
    };
    fit(&title, area.width, theme::title()).render(row(area, 0), buf);
    if s.hardest.is_empty() {
        fit(&["No lapses yet.".to_string()], area.width, theme::dim()).render(row(area, 1), buf);
        return;
    }
    let front = |deck: &str, card: &str| -> String {
        app.decks()
            .iter()
            .find(|d| d.id == deck)
            .and_then(|d| d.card(card))
            .map_or_else(
                || crate::text::sanitize(&format!("{deck}/{card}")),
                |c| c.front.split_whitespace().collect::<Vec<_>>().join(" "),
            )
    };
    let text_w = usize::from(area.width.saturating_sub(4 + 1 + 6 + 1));
    let rows: Vec<Row<'_>> = s
        .hardest
        .iter()
        .take(usize::from(area.height.saturating_sub(1)))
        .map(|h| {
            Row::new([
                Cell::from(Line::from(h.lapses.to_string()).right_aligned()),
                Cell::from(ellipsize(&front(&h.deck, &h.card), text_w)),
                Cell::from(Line::styled(
                    if h.leech { "leech" } else { "" },
                    theme::notice(),
                )),
            ])
        })
        .collect();
    let table_area = Rect {
        y: area.y + 1,
        height: area.height - 1,
        ..area
    };
    Widget::render(
        Table::new(
            rows,
            [
                Constraint::Length(4),
                Constraint::Fill(1),
                Constraint::Length(6),
            ],
        )
        .column_spacing(1),
        table_area,
        buf,
    );
}
