//! A run's timeline: per worker, the cells where it was on a CPU, as its
//! own clock stamps measured (under a GIL: computing, so holding it).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::demo::{RunState, RunStatus};

use super::layout::{Cols, Rows};
use super::{BAR, BOLD, DIM, TIMELINE_MS_PER_CELL};

/// A run's timeline: a title, then per worker the cells where it computed
/// (held the GIL), [`TIMELINE_MS_PER_CELL`] each; the latest window while it
/// runs, the start once it is done; and the share of the run it computed.
pub(super) fn timeline(run: &RunState, r: Rect, buf: &mut Buffer) {
    let mut rows = Rows::new(r);
    let end = run.timeline_end_ms();
    let cells_w = r.width.saturating_sub(4 + 5);
    let window = f64::from(cells_w) * TIMELINE_MS_PER_CELL;
    let start = if run.status == RunStatus::Running {
        (end - window).max(0.0)
    } else {
        0.0
    };
    if let Some(title) = rows.take(1) {
        let what = if run.mode.under_gil() {
            "who ran (holding the GIL)"
        } else {
            "who ran on a CPU"
        };
        Line::from(vec![
            Span::styled(format!("{}: {what}", run.mode), BOLD),
            Span::styled(
                format!(
                    ", {:.0}–{:.0} ms of {:.0} ms, {} ms per cell",
                    start,
                    (start + window).min(end.max(start)),
                    end,
                    TIMELINE_MS_PER_CELL
                ),
                DIM,
            ),
        ])
        .render(title, buf);
    }
    for (w, slices) in run.timeline.iter().enumerate() {
        let Some(row) = rows.take(1) else { break };
        let (label_r, rest) = Cols::new(row).split(4);
        Line::styled(format!("w{w}"), DIM).render(label_r, buf);
        let (cells_r, share_r) = Cols::new(rest).split(cells_w);
        for c in 0..cells_r.width {
            let t0 = start + f64::from(c) * TIMELINE_MS_PER_CELL;
            let t1 = t0 + TIMELINE_MS_PER_CELL;
            if t0 >= end {
                break;
            }
            let covered: f64 = slices
                .iter()
                .map(|&(a, b)| (b.min(t1) - a.max(t0)).max(0.0))
                .sum();
            let frac = covered / TIMELINE_MS_PER_CELL;
            let sym = if frac >= 0.75 {
                "█"
            } else if frac >= 0.25 {
                "▌"
            } else {
                "·"
            };
            let style = if frac >= 0.25 { BAR } else { DIM };
            if let Some(cell) = buf.cell_mut((cells_r.x + c, cells_r.y)) {
                cell.set_symbol(sym).set_style(style);
            }
        }
        let busy: f64 = slices.iter().map(|&(a, b)| (b - a).max(0.0)).sum();
        let share = if end > 0.0 { busy / end * 100.0 } else { 0.0 };
        Line::styled(format!(" {share:3.0}%"), DIM).render(share_r, buf);
    }
}
