//! The live demo pane: one row per run (a gauge while it runs, then its
//! speedup as a bar with the ideal marked), the per-worker detail (gauges,
//! or the timeline of who computes / holds the GIL), the process ids and
//! CPU use of each finished run, and the verdict.
//!
//! The pane is as tall as its content needs ([`pane_height`]); the review
//! screen gives it that much when the window allows, and when it cannot, the
//! content scrolls ([`max_scroll`]) with a "more ↓" hint on the border. A
//! pure function of [`DemoState`] and the scroll offset; it never panics,
//! whatever the size.
//!
//! - `content.rs`: the parts in order with their heights, and drawing them
//! - `status.rs`: the header line and the verdict (or error) text
//! - `runs.rs`: one row per run (gauge, or speedup bar with the ideal)
//! - `detail.rs`: what goes below the runs: `timeline.rs` (who computes or
//!   holds the GIL), `gauges.rs` (the running run's workers), or the notes
//! - `procs.rs`: each finished run's process ids and CPU per wall-second
//! - `scroll.rs`: drawing a window of content taller than the pane
//! - `layout.rs`: rows, columns, safe ratios

mod content;
mod detail;
mod gauges;
mod layout;
mod procs;
mod runs;
mod scroll;
mod status;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_beside;
#[cfg(test)]
mod tests_two_pythons;
mod timeline;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Widget};

use crate::demo::{DemoId, DemoState};

use content::Plan;

/// Milliseconds per timeline cell: CPython's 5 ms switch interval spans
/// two and a half cells, so turns are visible.
pub const TIMELINE_MS_PER_CELL: f64 = 2.0;

const BAR: Style = Style::new().fg(Color::Cyan);
const IDEAL: Style = Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD);
const DIM: Style = Style::new().fg(Color::DarkGray);
const BOLD: Style = Style::new().add_modifier(Modifier::BOLD);
const ERROR: Style = Style::new().fg(Color::Red);

/// Whether a pane in `area` gets a border (it needs room for one).
fn bordered(area: Rect) -> bool {
    area.width >= 12 && area.height >= 4
}

/// The rows inside a pane drawn in `area`.
fn inner(area: Rect) -> Rect {
    if bordered(area) {
        area.inner(ratatui::layout::Margin::new(1, 1))
    } else {
        area
    }
}

/// Rows the pane needs, borders included, to show all of its content at
/// `width` columns without scrolling.
pub fn pane_height(state: &DemoState, width: u16) -> u16 {
    if width >= 12 {
        Plan::new(state, width - 2).total().saturating_add(2)
    } else {
        Plan::new(state, width).total()
    }
}

/// The furthest the content scrolls in a pane drawn in `area` (0 when it
/// all fits).
pub fn max_scroll(state: &DemoState, area: Rect) -> u16 {
    let inner = inner(area);
    Plan::new(state, inner.width)
        .total()
        .saturating_sub(inner.height)
}

/// Renders the pane for `state` into `area` of `buf`, its content scrolled
/// by `scroll` rows (clamped to [`max_scroll`]).
pub fn render_demo_pane(state: &DemoState, scroll: u16, area: Rect, buf: &mut Buffer) {
    let area = area.intersection(buf.area);
    if area.is_empty() {
        return;
    }
    if bordered(area) {
        Block::bordered()
            .title(Line::styled(
                format!(" demo: {} ", state.demo.map_or("", DemoId::name)),
                BOLD,
            ))
            .render(area, buf);
    }
    let inner = inner(area);
    if inner.is_empty() {
        return;
    }
    let plan = Plan::new(state, inner.width);
    if plan.total() <= inner.height {
        plan.draw(state, inner, buf);
        return;
    }
    let max = plan.total() - inner.height;
    let scroll = scroll.min(max);
    scroll::draw_window(state, &plan, scroll, inner, buf);
    scroll::hints(scroll, max, area, bordered(area), buf);
}

/// `ms` as seconds: `1.23 s`.
pub(super) fn secs(ms: f64) -> String {
    format!("{:.2} s", ms / 1e3)
}
