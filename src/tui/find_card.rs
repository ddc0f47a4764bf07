//! A card found with `/`, shown whole with where it is written and its
//! state today: status, successful reviews in a row, interval, E-Factor,
//! next due and the day it was first studied (what the day's study keeps
//! of each card, [`crate::store::CardDay`]).

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::app::App;
use super::text::wrap_card_text;
use super::{help, theme};
use crate::store::CardDay;

/// The lines describing the state `known` of a card, on `today`.
pub fn state_lines(known: &CardDay, today: chrono::NaiveDate) -> Vec<Line<'static>> {
    let s = &known.state;
    let label = |t: &'static str| Span::styled(format!("{t:<18}"), theme::dim());
    let day = |d: Option<chrono::NaiveDate>| d.map_or_else(|| "-".to_string(), |d| d.to_string());
    let status = crate::session::CardStatus::of(s, today);
    vec![
        Line::from(vec![label("Status today"), Span::raw(status.as_str())]),
        Line::from(vec![
            label("Reviews in a row"),
            Span::raw(format!("{} (graded 3 or more)", s.n)),
        ]),
        Line::from(vec![
            label("Interval"),
            Span::raw(crate::text::plural(s.interval, "day")),
        ]),
        Line::from(vec![label("E-Factor"), Span::raw(s.ef.to_string())]),
        Line::from(vec![label("Next due"), Span::raw(day(s.due))]),
        Line::from(vec![
            label("First studied"),
            Span::raw(day(known.first_day)),
        ]),
    ]
}

/// Draws the card chosen in the find list.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let inner = area.inner(ratatui::layout::Margin::new(1, 0));
    let [body, footer] = inner.layout(&Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(1),
    ]));
    let (Some(hit), Some((_, deck, card))) = (app.found_hit(), app.found_card()) else {
        return;
    };
    let width = body.width;
    let mut lines = vec![
        Line::from(vec![
            Span::styled(deck.name.clone(), theme::title()),
            Span::styled(format!("  {} / {}", deck.id, card.id), theme::dim()),
        ]),
        Line::styled(format!("{}:{}", deck.source, card.line), theme::dim()),
        Line::default(),
    ];
    lines.extend(wrap_card_text(&card.front, width, theme::title()));
    lines.push(Line::styled("── answer ──", theme::rule()));
    lines.extend(wrap_card_text(
        &card.back,
        width,
        ratatui::style::Style::new(),
    ));
    if let Some(explain) = &card.explain {
        lines.push(Line::default());
        lines.extend(wrap_card_text(explain, width, theme::dim()));
    }
    if !card.tags.is_empty() {
        lines.push(Line::default());
        lines.push(Line::styled(
            format!("Tags: {}", card.tags.join(", ")),
            theme::dim(),
        ));
    }
    lines.push(Line::default());
    let today = app.study().today;
    lines.extend(state_lines(&app.study().known(hit.deck, hit.card), today));
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(body, buf);
    help::footer(app, footer, buf);
}
