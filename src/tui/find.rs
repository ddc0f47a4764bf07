//! The find list (`/`): the query as typed, then every matching card, best
//! first, with its deck and status; the chosen row is highlighted and kept
//! in view. The card shown from it is `find_card.rs`.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row, StatefulWidget, Table, TableState, Widget};

use super::app::App;
use super::{help, theme};
use crate::session::CardStatus;
use crate::text::{one_line, plural};

/// The smallest window the find screens work in (columns, rows).
pub const MIN_SIZE: (u16, u16) = (36, 8);

/// The status of card `card` of deck `deck` today.
pub fn status(app: &App, deck: usize, card: usize) -> CardStatus {
    CardStatus::of(&app.study().known(deck, card), app.study().today)
}

/// Draws the find list.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let inner = area.inner(ratatui::layout::Margin::new(1, 0));
    let [query, count, list, footer] = inner.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(2),
        Constraint::Min(1),
        Constraint::Length(1),
    ]));
    let view = app.find_view();
    Line::from(vec![
        Span::styled("Find: ", theme::title()),
        // Typed or pasted: control and bidi characters are shown escaped.
        Span::raw(crate::text::sanitize(view.query())),
        Span::styled("▏", theme::key()),
    ])
    .render(query, buf);
    let hits = view.hits();
    let said = if hits.is_empty() {
        "No card matches.".to_string()
    } else {
        format!(
            "{} {}",
            plural(hits.len(), "card"),
            if view.query().is_empty() {
                "(type to narrow them down)"
            } else if hits.len() == 1 {
                "matches"
            } else {
                "match"
            }
        )
    };
    Line::styled(said, theme::dim()).render(count, buf);
    let rows = hits.iter().map(|h| {
        let deck = app.decks().get(h.deck);
        let card = deck.and_then(|d| d.cards.get(h.card));
        Row::new([
            Cell::from(deck.map_or("", |d| d.id.as_str())),
            Cell::from(status(app, h.deck, h.card).as_str()),
            Cell::from(card.map_or(String::new(), |c| one_line(&c.front))),
        ])
    });
    let deck_w = hits
        .iter()
        .filter_map(|h| app.decks().get(h.deck))
        .map(|d| d.id.chars().count())
        .max()
        .unwrap_or(4)
        .clamp(4, 24);
    let status_w = hits
        .iter()
        .map(|h| status(app, h.deck, h.card).as_str().len())
        .max()
        .unwrap_or(0)
        .max("STATUS".len());
    let status_w = u16::try_from(status_w).unwrap_or(9);
    let table = Table::new(
        rows,
        [
            Constraint::Length(u16::try_from(deck_w).unwrap_or(24)),
            // As wide as the widest status shown ("suspended").
            Constraint::Length(status_w),
            Constraint::Min(10),
        ],
    )
    .header(Row::new(["DECK", "STATUS", "FRONT"]).style(theme::dim()))
    .row_highlight_style(theme::selected());
    let mut state =
        TableState::default().with_selected((!hits.is_empty()).then_some(view.selected()));
    StatefulWidget::render(table, list, buf, &mut state);
    help::footer(app, footer, buf);
}
