//! The running run's workers: one gauge per worker, with its pid.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{LineGauge, Widget};

use crate::demo::RunState;

use super::layout::{Cols, Rows, safe_ratio};
use super::{BAR, DIM};

/// Gauges shown at most; more workers get one "… and N more" row.
const MAX_GAUGES: usize = 8;

/// Rows the gauges of `run` take: one per worker, at most [`MAX_GAUGES`]
/// and a row saying how many more.
pub(super) fn gauges_height(run: &RunState) -> u16 {
    let n = run.worker_states.len();
    let rows = if n > MAX_GAUGES { MAX_GAUGES + 1 } else { n };
    u16::try_from(rows).unwrap_or(u16::MAX)
}

/// `w0 4242 ━━━━━━━──── 54%`, one row per worker (as many as fit).
pub(super) fn worker_gauges(run: &RunState, r: Rect, buf: &mut Buffer) {
    let n = run.worker_states.len();
    let fit = usize::from(r.height).min(MAX_GAUGES + 1);
    let shown = if n > fit { fit.saturating_sub(1) } else { n };
    let mut rows = Rows::new(r);
    for (i, w) in run.worker_states.iter().enumerate().take(shown) {
        let Some(row) = rows.take(1) else { break };
        let label = match w.pid {
            Some(pid) => format!("w{i} pid {pid}"),
            None => format!("w{i}"),
        };
        let (label_r, rest) = Cols::new(row).split(16.min(row.width / 2));
        Line::styled(label, DIM).render(label_r, buf);
        LineGauge::default()
            .ratio(safe_ratio(w.ratio()))
            .filled_symbol("━")
            .unfilled_symbol("─")
            .filled_style(BAR)
            .unfilled_style(DIM)
            .render(rest, buf);
    }
    if shown < n
        && let Some(row) = rows.take(1)
    {
        Line::styled(
            format!("… and {}", crate::text::plural(n - shown, "more worker")),
            DIM,
        )
        .render(row, buf);
    }
}
