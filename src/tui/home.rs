//! The home screen: every deck with its counts, the daily cap and what is
//! due next.

use chrono::{Datelike, NaiveDate};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, StatefulWidget, Table, TableState, Widget};

use super::app::App;
use super::text::wrap_card_text;
use super::{help, theme};
use crate::session::{Counts, Study};

/// The smallest window the home screen works in (columns, rows).
pub const MIN_SIZE: (u16, u16) = (36, 8);

/// The columns: the deck's name, then New, Due and Later, each as wide
/// as its header or its total, whichever is wider (the total is the
/// column's largest number).
fn widths(total: &Counts) -> [Constraint; 4] {
    let digits = |n: usize, least: u16| least.max(n.to_string().len() as u16);
    [
        Constraint::Min(10),
        Constraint::Length(digits(total.new, 5)),
        Constraint::Length(digits(total.due, 5)),
        Constraint::Length(digits(total.later, 8)),
    ]
}

fn count_cells(c: &Counts) -> [Cell<'static>; 3] {
    [
        Cell::from(Line::from(c.new.to_string()).right_aligned()),
        Cell::from(Line::from(c.due.to_string()).right_aligned()),
        Cell::from(Line::from(c.later.to_string()).right_aligned()),
    ]
}

/// "tomorrow (2026-11-26): 4 cards", "today: 3 cards", ...
pub fn describe_next_due(study: &Study) -> String {
    let Some((day, n)) = study.next_due() else {
        return "nothing scheduled yet".to_string();
    };
    let cards = plural(n, "card");
    let days = (day - study.today).num_days();
    match days {
        0 => format!("today: {cards}"),
        1 => format!("tomorrow ({day}): {cards}"),
        _ => format!("{} {day} (in {days} days): {cards}", weekday(day)),
    }
}

fn weekday(d: NaiveDate) -> &'static str {
    ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][d.weekday().num_days_from_monday() as usize]
}

pub use crate::text::plural;

/// Draws the home screen.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let inner = area.inner(ratatui::layout::Margin::new(1, 0));
    // Messages wrap to the window: a long path or error is never cut at the
    // edge.
    let width = inner.width;
    let mut messages: Vec<Line<'_>> = Vec::new();
    let mut say = |text: &str, style: ratatui::style::Style| {
        for mut line in wrap_card_text(text, width, style) {
            line.style = style;
            messages.push(line);
        }
    };
    for p in app.problems() {
        say(p, theme::notice());
    }
    if let Some(n) = &app.notice() {
        say(n, theme::notice());
    }
    if let Some(e) = &app.error() {
        say(e, theme::error());
    }
    if !app.reload_errors().is_empty() {
        say(
            "A deck file changed and has errors; its last good version is still used:",
            theme::error(),
        );
        for e in app.reload_errors().iter().take(3) {
            say(e, theme::error());
        }
        if app.reload_errors().len() > 3 {
            say(
                &format!(
                    "… and {} more (run `concur check`)",
                    app.reload_errors().len() - 3
                ),
                theme::error(),
            );
        }
    }
    // What does not fit says so instead of vanishing.
    let room = usize::from(inner.height.saturating_sub(2 + 2 + 2 + 1 + 1 + 1));
    if messages.len() > room {
        let hidden = messages.len() + 1 - room.max(1);
        messages.truncate(room.saturating_sub(1));
        messages.push(Line::styled(
            format!("… {}: make the window taller", plural(hidden, "more line")),
            theme::dim(),
        ));
    }
    let msg_h = u16::try_from(messages.len()).unwrap_or(u16::MAX);
    // The table takes what it needs (header + one row per deck) and scrolls
    // when the window is shorter; the rest sits right under it.
    let fixed = 2 + 2 + 1 + 1 + msg_h + 1;
    let rows_h = u16::try_from(app.decks().len() + 1).unwrap_or(u16::MAX);
    let table_h = rows_h.min(inner.height.saturating_sub(fixed)).max(2);
    let [
        header,
        table_area,
        total_area,
        cap_area,
        next_area,
        msg_area,
        _,
        footer,
    ] = inner.layout(&Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(table_h),
        Constraint::Length(2),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(msg_h),
        Constraint::Fill(1),
        Constraint::Length(1),
    ]));

    let today = app.study().today;
    let mut head = vec![Line::from(vec![
        Span::styled("concur", theme::title()),
        Span::styled(format!("  {} {today}", weekday(today)), theme::dim()),
    ])];
    // Interview mode counts down on the line under the title.
    if let Some(c) = app.countdown() {
        head.push(Line::styled(c, theme::title()));
    }
    Paragraph::new(head).render(header, buf);

    let mut total = Counts::default();
    let rows: Vec<Row<'_>> = app
        .decks()
        .iter()
        .enumerate()
        .map(|(i, deck)| {
            let c = app.study().counts(i);
            total.add_all(&c);
            let [n, d, l] = count_cells(&c);
            Row::new([Cell::from(deck.name.as_str()), n, d, l])
        })
        .collect();
    let head = Row::new([
        Cell::from("Deck"),
        Cell::from(Line::from("New").right_aligned()),
        Cell::from(Line::from("Due").right_aligned()),
        Cell::from(Line::from("Later").right_aligned()),
    ])
    .style(theme::dim());
    let table = Table::new(rows, widths(&total))
        .header(head)
        .row_highlight_style(theme::selected())
        .highlight_symbol("▶ ")
        .highlight_spacing(ratatui::widgets::HighlightSpacing::Always);
    let mut state = TableState::default().with_selected(
        (!app.decks().is_empty()).then_some(app.selected().min(app.decks().len() - 1)),
    );
    StatefulWidget::render(table, table_area, buf, &mut state);

    let [n, d, l] = count_cells(&total);
    let total_row = Row::new([
        Cell::from(format!(
            "Total: {} in {}{}",
            plural(total.total(), "card"),
            plural(app.decks().len(), "deck"),
            // Suspended and buried cards are in no other column.
            total
                .aside_words()
                .map(|w| format!(" · {w}"))
                .unwrap_or_default()
        )),
        n,
        d,
        l,
    ])
    .style(theme::title());
    Widget::render(
        Table::new([Row::new([""; 4]), total_row], widths(&total))
            .highlight_spacing(ratatui::widgets::HighlightSpacing::Always)
            .highlight_symbol("  "),
        total_area,
        buf,
    );

    let mut caps = vec![
        Span::styled("New cards per day: ", theme::dim()),
        Span::raw(format!(
            "{} · {} left today",
            app.study().new_per_day,
            app.study().new_left_today()
        )),
    ];
    if let (Some(cap), Some(left)) = (
        app.study().reviews_per_day,
        app.study().reviews_left_today(),
    ) {
        caps.push(Span::styled("   Reviews: ", theme::dim()));
        caps.push(Span::raw(format!("{cap} · {left} left")));
    }
    Paragraph::new(Line::from(caps)).render(cap_area, buf);
    Paragraph::new(Line::from(vec![
        Span::styled("Next due: ", theme::dim()),
        Span::raw(describe_next_due(app.study())),
    ]))
    .render(next_area, buf);
    Paragraph::new(messages).render(msg_area, buf);
    help::footer(app, footer, buf);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_column_is_as_wide_as_its_total() {
        let small = widths(&Counts::default());
        assert_eq!(small[2], Constraint::Length(5));
        // 100,000 due cards: six digits, not the last five of them.
        let big = Counts {
            due: 100_000,
            later: 123_456_789,
            ..Counts::default()
        };
        let w = widths(&big);
        assert_eq!(
            (w[1], w[2], w[3]),
            (
                Constraint::Length(5),
                Constraint::Length(6),
                Constraint::Length(9)
            )
        );
    }
}
