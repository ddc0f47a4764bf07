//! The pane's first and last lines: where the demo is (cores, run, time,
//! CPython), and the verdict or the error.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::demo::{DemoState, Status};

use super::{DIM, ERROR, secs};

/// The header line: status, cores, the current run, elapsed time, CPython.
pub(super) fn header(state: &DemoState, r: Rect, buf: &mut Buffer) {
    let cores = if state.cores > 0 {
        format!("{} cores · ", state.cores)
    } else {
        String::new()
    };
    let mut spans = vec![Span::raw(match state.status {
        Status::Starting => "starting…".to_string(),
        Status::Running => format!(
            "{cores}run {}/{} · {}",
            state.current.map_or(0, |c| c + 1),
            state.runs.len(),
            secs(state.elapsed_ms())
        ),
        Status::Finished => format!("{cores}done in {}", secs(state.elapsed_ms())),
        Status::Cancelled => format!("{cores}cancelled after {}", secs(state.elapsed_ms())),
        Status::Failed => format!("{cores}failed"),
    })];
    if let Some(p) = &state.python {
        spans.push(Span::raw(format!(
            " · CPython {} (GIL {})",
            p.version,
            if p.gil_enabled { "on" } else { "off" }
        )));
    } else if state.python_offered {
        spans.push(Span::styled(" · p: real CPython", DIM));
    }
    Line::from(spans).render(r, buf);
}

/// The footer's bold label and text, and its style.
pub(super) type FooterText = ((String, String), Style);

/// The footer: the error if the demo failed, else the verdict once known.
pub(super) fn footer_text(state: &DemoState) -> Option<FooterText> {
    if let Some(e) = &state.error {
        return Some((("failed: ".into(), e.clone()), ERROR));
    }
    state
        .verdict
        .as_ref()
        .map(|v| (("verdict: ".into(), v.clone()), Style::new()))
}

/// Lines `text` takes when wrapped at `width` (an estimate by characters).
pub(super) fn wrapped_lines(text: &(String, String), width: u16) -> u16 {
    let chars = text.0.chars().count() + text.1.chars().count();
    let w = usize::from(width.max(1));
    u16::try_from(chars.div_ceil(w).max(1)).unwrap_or(u16::MAX)
}
