//! The review screen's geometry and content as a pure function of the app
//! state and the window size: where each part goes and the card's lines.
//! The view draws with it, and `update` uses it to scroll and page; neither
//! asks the other.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::app::App;
use super::text::{card_back, wrap_atoms, wrap_card_text};
use super::{demo_pane, keymap, theme};
use crate::sched::Grade;

/// The parts of the review screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    /// Deck name and position.
    pub header: Rect,
    /// The progress gauge.
    pub gauge: Rect,
    /// The card text (scrolls).
    pub body: Rect,
    /// The live demo of a revealed card that has one.
    pub demo: Option<Rect>,
    /// The error banner or a notice.
    pub banner: Rect,
    /// The grade legend (after the reveal).
    pub legend: Rect,
    /// Key hints.
    pub footer: Rect,
}

/// The least rows the card keeps beside a demo pane, in a tall window; a
/// short window keeps [`CARD_MIN_SHARE`] of its free rows, at least
/// [`CARD_MIN_SMALL`], and a card needing fewer rows keeps only those.
const CARD_MIN: u16 = 8;
/// See [`CARD_MIN`].
const CARD_MIN_SMALL: u16 = 3;
/// See [`CARD_MIN`]: two fifths of the rows between the header and the
/// legend.
const CARD_MIN_SHARE: (u16, u16) = (2, 5);
/// A pane under this many rows (borders included) is not worth drawing.
const DEMO_MIN: u16 = 5;

/// Rows for the demo pane below the card (0 = no pane): what its content
/// needs ([`demo_pane::pane_height`]), but no more than leaves the card its
/// minimum (see [`CARD_MIN`]); the pane's content scrolls beyond that.
pub fn demo_height(app: &App, area: Rect) -> u16 {
    let Some(state) = app.demo().filter(|_| app.revealed()) else {
        return 0;
    };
    let inner = area.inner(ratatui::layout::Margin::new(1, 0));
    let fixed = 3
        + height(banner_lines(app, inner.width).len())
        + height(legend_lines(app, inner.width).len());
    let free = area.height.saturating_sub(fixed);
    let share = u32::from(free) * u32::from(CARD_MIN_SHARE.0) / u32::from(CARD_MIN_SHARE.1);
    let share = u16::try_from(share).unwrap_or(u16::MAX);
    let card_lines = height(doc(app, text_width(inner)).len());
    let card_min = share.clamp(CARD_MIN_SMALL, CARD_MIN).min(card_lines);
    let h = demo_pane::pane_height(state, inner.width).min(free.saturating_sub(card_min));
    if h < DEMO_MIN { 0 } else { h }
}

/// The furthest the demo pane's content scrolls in the current window.
pub fn demo_max_scroll(app: &App) -> u16 {
    match (areas(app, window(app)).demo, app.demo()) {
        (Some(r), Some(state)) => demo_pane::max_scroll(state, r),
        _ => 0,
    }
}

pub fn banner_lines(app: &App, width: u16) -> Vec<Line<'static>> {
    if let Some(e) = app.error() {
        let mut lines = wrap_card_text(e, width, theme::error());
        lines.truncate(4);
        for l in &mut lines {
            l.style = theme::error();
        }
        lines
    } else if let Some(n) = app.notice() {
        // Wrapped, not cut: a question (the copy prompt of `e`) must be
        // read whole.
        let mut lines = wrap_card_text(n, width, theme::notice());
        lines.truncate(3);
        for l in &mut lines {
            l.style = theme::notice();
        }
        lines
    } else if let Some(n) = app
        .current_card()
        .and_then(|(d, c, _)| app.leech_lapses(&d.id, &c.id))
    {
        let mut lines = wrap_card_text(
            &format!("leech: consider rewriting this card ({n} lapses)"),
            width,
            theme::notice(),
        );
        for l in &mut lines {
            l.style = theme::notice();
        }
        lines
    } else {
        Vec::new()
    }
}

pub fn legend_lines(app: &App, width: u16) -> Vec<Line<'static>> {
    if !app.revealed() {
        return Vec::new();
    }
    let legend = |meanings: &[&str]| {
        let atoms: Vec<Vec<Span<'static>>> = meanings
            .iter()
            .enumerate()
            .map(|(q, m)| {
                vec![
                    Span::styled(q.to_string(), theme::key()),
                    Span::raw(format!(" {m}")),
                ]
            })
            .collect();
        wrap_atoms(&atoms, 3, width)
    };
    let full = legend(&Grade::MEANINGS);
    if full.len() <= 2 {
        return full;
    }
    // Narrow windows get the same legend in fewer words.
    legend(&SHORT_MEANINGS)
}

/// [`Grade::MEANINGS`] in fewer words, for narrow windows.
const SHORT_MEANINGS: [&str; 6] = [
    "blackout",
    "wrong, familiar",
    "wrong, seemed easy",
    "right, hard",
    "right, hesitant",
    "perfect",
];

pub fn height(lines: usize) -> u16 {
    u16::try_from(lines).unwrap_or(u16::MAX)
}

/// Splits `area` into the screen's parts.
pub fn areas(app: &App, area: Rect) -> Areas {
    let inner = area.inner(ratatui::layout::Margin::new(1, 0));
    let banner = height(banner_lines(app, inner.width).len());
    let legend = height(legend_lines(app, inner.width).len());
    let demo = demo_height(app, area);
    let [header, gauge, body, demo_area, banner, legend, footer] =
        inner.layout(&Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(demo),
            Constraint::Length(banner),
            Constraint::Length(legend),
            Constraint::Length(1),
        ]));
    Areas {
        header,
        gauge,
        body,
        demo: (demo > 0).then_some(demo_area),
        banner,
        legend,
        footer,
    }
}

/// The card as lines for a body `width` columns wide: the front, then after
/// the reveal the back and the explanation.
pub fn doc(app: &App, width: u16) -> Vec<Line<'static>> {
    let Some((_, card, _)) = app.current_card() else {
        return Vec::new();
    };
    let mut lines = wrap_card_text(&card.front, width, theme::title());
    lines.push(Line::default());
    if !app.revealed() {
        lines.push(Line::from(vec![
            Span::styled(
                keymap::keys_of(keymap::REVIEW, keymap::ReviewAction::Reveal, " or "),
                theme::key(),
            ),
            Span::styled(": show the answer", theme::dim()),
        ]));
        return lines;
    }
    lines.push(rule("Answer", width));
    lines.extend(card_back(card, width, Style::new()));
    if let Some(explain) = &card.explain {
        lines.push(Line::default());
        lines.push(rule("Why", width));
        lines.extend(wrap_card_text(explain, width, Style::new()));
    }
    lines
}

pub fn rule(label: &str, width: u16) -> Line<'static> {
    let head = format!("── {label} ");
    let rest = usize::from(width).saturating_sub(head.chars().count());
    Line::styled(format!("{head}{}", "─".repeat(rest)), theme::rule())
}

pub fn window(app: &App) -> Rect {
    Rect::new(0, 0, app.size().0, app.size().1)
}

/// Rows of card text visible in the current window.
pub fn body_height(app: &App) -> u16 {
    areas(app, window(app)).body.height
}

/// The furthest the card can scroll in the current window.
pub fn max_scroll(app: &App) -> u16 {
    let body = areas(app, window(app)).body;
    let lines = height(doc(app, text_width(body)).len());
    lines.saturating_sub(body.height)
}

/// The card text's width: the body less a column for the scrollbar.
pub fn text_width(body: Rect) -> u16 {
    body.width.saturating_sub(1).max(1)
}
