//! A card found with `/`, shown whole: where it is written, its state today
//! (status, successful reviews in a row, interval, E-Factor, next due and
//! the day it was first studied: what the day's study keeps of each card,
//! [`crate::store::CardDay`]), then its text, which scrolls when long. The
//! lines are a pure function of the app and the window ([`lines`]), so the
//! view draws them and `update` bounds the scroll with the same ones.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::app::App;
use super::layout::{height, rule, window};
use super::text::wrap_card_text;
use super::{help, theme};
use crate::store::CardDay;

/// The lines describing the state `known` of a card, on `today`.
fn state_lines(known: &CardDay, today: chrono::NaiveDate) -> Vec<Line<'static>> {
    let s = &known.state;
    let label = |t: &'static str| Span::styled(format!("{t:<18}"), theme::dim());
    let day = |d: Option<chrono::NaiveDate>| d.map_or_else(|| "-".to_string(), |d| d.to_string());
    let status = crate::session::CardStatus::of(known, today);
    vec![
        Line::from(vec![label("Status today"), Span::raw(status.as_str())]),
        Line::from(vec![
            label("Reviews"),
            Span::raw(format!(
                "{} scheduled; last grade {}",
                known.reviews,
                known
                    .last_grade
                    .map_or_else(|| "-".to_string(), |g| g.to_string())
            )),
        ]),
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

/// The body and the footer of the screen in `area`.
fn areas(area: Rect) -> [Rect; 2] {
    let inner = area.inner(ratatui::layout::Margin::new(1, 0));
    inner.layout(&Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(1),
    ]))
}

/// Every line of the card chosen in the find list, wrapped to `width`.
pub fn lines(app: &App, width: u16) -> Vec<Line<'static>> {
    let (Some(hit), Some((_, deck, card))) = (app.found_hit(), app.found_card()) else {
        return Vec::new();
    };
    let wrap = |text: &str, style| wrap_card_text(text, width, style);
    let mut lines = wrap(
        &format!("{}  ({} / {})", deck.name, deck.id, card.id),
        theme::title(),
    );
    lines.extend(wrap(
        &format!("{}:{}", deck.source, card.line),
        theme::dim(),
    ));
    lines.push(Line::default());
    lines.extend(state_lines(
        &app.study().known(hit.deck, hit.card),
        app.study().today,
    ));
    lines.push(Line::default());
    lines.extend(wrap(&card.front, theme::title()));
    lines.push(rule("answer", width));
    lines.extend(wrap(&card.back, ratatui::style::Style::new()));
    if let Some(explain) = &card.explain {
        lines.push(Line::default());
        lines.extend(wrap(explain, theme::dim()));
    }
    if !card.tags.is_empty() {
        lines.push(Line::default());
        lines.extend(wrap(
            &format!("Tags: {}", card.tags.join(", ")),
            theme::dim(),
        ));
    }
    lines
}

/// Rows of the body in the current window.
pub fn body_height(app: &App) -> u16 {
    areas(window(app))[0].height
}

/// The furthest the card can scroll in the current window.
pub fn max_scroll(app: &App) -> u16 {
    let [body, _] = areas(window(app));
    height(lines(app, body.width).len()).saturating_sub(body.height)
}

/// Draws the card chosen in the find list.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let [body, footer] = areas(area);
    let lines = lines(app, body.width);
    let max = height(lines.len()).saturating_sub(body.height);
    Paragraph::new(lines)
        .scroll((app.find_view().scroll().min(max), 0))
        .render(body, buf);
    if app.find_view().scroll() < max {
        let more = Rect::new(
            body.right().saturating_sub(6),
            body.bottom().saturating_sub(1),
            6,
            1,
        );
        Line::styled("more ↓", theme::dim()).render(more, buf);
    }
    help::footer(app, footer, buf);
}
