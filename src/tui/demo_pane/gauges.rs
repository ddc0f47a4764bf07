//! The running run's workers: one gauge per worker, with its pid.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{LineGauge, Widget};

use crate::demo::RunState;

use super::layout::{Cols, Rows, safe_ratio};
use super::{BAR, DIM};

/// `w0 4242 ━━━━━━━──── 54%`, one row per worker (as many as fit).
pub(super) fn worker_gauges(run: &RunState, r: Rect, buf: &mut Buffer) {
    let n = run.worker_states.len();
    let fit = usize::from(r.height);
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
        Line::styled(format!("… and {} more workers", n - shown), DIM).render(row, buf);
    }
}
