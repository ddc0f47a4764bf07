//! The review screen: the card, its answer after the reveal, the grade
//! legend and the session's progress.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{
    LineGauge, Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState, StatefulWidget, Widget,
};

use super::app::App;
use super::layout::{areas, banner_lines, doc, height, legend_lines, text_width};
use super::{help, theme};
use crate::store::Kind;

/// The smallest window the review screen works in (columns, rows).
pub const MIN_SIZE: (u16, u16) = (40, 12);

/// Draws the review screen.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let a = areas(app, area);
    let (done, total) = app.session().as_ref().map_or((0, 0), |s| s.progress());
    let (deck_name, badge) = app.current_card().map_or((String::new(), ""), |(d, _, k)| {
        let badge = match k {
            Kind::Drill => "re-ask · ",
            Kind::Prep => "prep · ",
            _ => "",
        };
        (d.name.clone(), badge)
    });

    let position = format!("{badge}{} of {}", (done + 1).min(total), total);
    let [name_area, pos_area] = a.header.layout(&Layout::horizontal([
        Constraint::Min(1),
        Constraint::Length(height(position.chars().count() + 1)),
    ]));
    Paragraph::new(Line::styled(deck_name, theme::title())).render(name_area, buf);
    Paragraph::new(Line::styled(position, theme::dim()))
        .right_aligned()
        .render(pos_area, buf);

    #[allow(clippy::cast_precision_loss)]
    let ratio = if total == 0 {
        0.0
    } else {
        done as f64 / total as f64
    };
    LineGauge::default()
        .ratio(ratio.clamp(0.0, 1.0))
        .label(format!("{done}/{total} "))
        .filled_style(theme::gauge())
        .unfilled_style(theme::dim())
        .render(a.gauge, buf);

    let width = text_width(a.body);
    let lines = doc(app, width);
    let overflow = height(lines.len()) > a.body.height;
    let scroll = app
        .scroll()
        .min(height(lines.len()).saturating_sub(a.body.height));
    let text_area = Rect { width, ..a.body };
    Paragraph::new(lines.clone())
        .scroll((scroll, 0))
        .render(text_area, buf);
    if overflow {
        let mut state = ScrollbarState::new(lines.len().saturating_sub(usize::from(a.body.height)))
            .position(usize::from(scroll));
        Scrollbar::new(ScrollbarOrientation::VerticalRight).render(a.body, buf, &mut state);
    }

    if let (Some(demo_area), Some(demo)) = (a.demo, app.demo()) {
        super::demo_pane::render_demo_pane(demo, app.demo_scroll(), demo_area, buf);
    }

    Paragraph::new(banner_lines(app, a.banner.width)).render(a.banner, buf);
    Paragraph::new(legend_lines(app, a.legend.width)).render(a.legend, buf);
    help::footer(app, a.footer, buf);
}
