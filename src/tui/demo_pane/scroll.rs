//! Content taller than the pane: drawn whole into a buffer of its own, then
//! the rows from the scroll offset copied into the pane, with "more ↓" and
//! "↑" hints (and the keys that scroll) on the pane's bottom border.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Widget;

use crate::demo::DemoState;

use super::IDEAL;
use super::content::Plan;
use crate::tui::keymap;

/// Draws rows `scroll..scroll + inner.height` of the content into `inner`.
pub(super) fn draw_window(
    state: &DemoState,
    plan: &Plan,
    scroll: u16,
    inner: Rect,
    buf: &mut Buffer,
) {
    let mut whole = Buffer::empty(Rect::new(0, 0, inner.width, plan.total()));
    plan.draw(state, whole.area, &mut whole);
    for y in 0..inner.height {
        for x in 0..inner.width {
            let Some(cell) = whole.cell((x, y.saturating_add(scroll))).cloned() else {
                continue;
            };
            if let Some(to) = buf.cell_mut((inner.x + x, inner.y + y)) {
                *to = cell;
            }
        }
    }
}

/// The scroll hints: `↑ [` at the bottom left when scrolled, `N more ↓ ]`
/// at the bottom right while rows are hidden below; on the bottom border,
/// or over the last row of a pane without one.
pub(super) fn hints(scroll: u16, max: u16, area: Rect, bordered: bool, buf: &mut Buffer) {
    let Some(y) = area.bottom().checked_sub(1) else {
        return;
    };
    let (x, width) = if bordered {
        (area.x + 1, area.width.saturating_sub(2))
    } else {
        (area.x, area.width)
    };
    let row = Rect::new(x, y, width, 1);
    let below = max.saturating_sub(scroll);
    if scroll > 0 {
        let up = keymap::first_key(keymap::DEMO_PANE, keymap::ReviewAction::DemoUp);
        Line::styled(format!(" ↑ {up} "), IDEAL).render(row, buf);
    }
    if below > 0 {
        let text = if width >= 20 {
            let down = keymap::first_key(keymap::DEMO_PANE, keymap::ReviewAction::DemoDown);
            format!(" {below} more ↓ {down} ")
        } else {
            " more ↓ ".to_string()
        };
        Line::styled(text, IDEAL).right_aligned().render(row, buf);
    }
}
