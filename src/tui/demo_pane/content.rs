//! The pane's content as a plan: its parts in order, each with the rows it
//! needs at a given width, computed before anything is drawn, so the pane
//! can be given exactly that height (or scroll when it cannot).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::demo::DemoState;
use crate::text::sanitize;
use crate::tui::text::wrap_atoms;

use super::BOLD;
use super::detail::{detail, detail_height};
use super::layout::Rows;
use super::procs::proc_lines;
use super::runs::run_row;
use super::status::{header, summary_lines, text_lines};

/// The tallest content a pane plans for (a bound on the off-screen buffer
/// a scrolled pane draws into); anything below is never shown.
const MAX_ROWS: u16 = 2_000;

/// What the pane shows at one width, top to bottom: the header line, each
/// verdict's status and one-line summary (or the error), one row per run,
/// the detail (timelines, worker gauges or notes), each finished run's
/// processes and CPU use, and each verdict's whole text.
pub(super) struct Plan {
    width: u16,
    summary: Vec<Line<'static>>,
    runs: u16,
    detail: u16,
    procs: Vec<Line<'static>>,
    footer: Vec<Line<'static>>,
}

impl Plan {
    /// The plan for `state` at `width` columns.
    pub(super) fn new(state: &DemoState, width: u16) -> Self {
        Plan {
            width,
            summary: summary_lines(state, width),
            runs: clamp_rows(state.runs.len() + part_labels(state)),
            detail: detail_height(state, width),
            procs: proc_lines(state, width),
            footer: text_lines(state, width),
        }
    }

    /// Rows the whole content takes.
    pub(super) fn total(&self) -> u16 {
        [
            1,
            clamp_rows(self.summary.len()),
            self.runs,
            self.detail,
            clamp_rows(self.procs.len()),
            clamp_rows(self.footer.len()),
        ]
        .into_iter()
        .fold(0u16, u16::saturating_add)
        .min(MAX_ROWS)
    }

    /// Draws the content from the top of `area` (as much as fits).
    pub(super) fn draw(&self, state: &DemoState, area: Rect, buf: &mut Buffer) {
        let area = Rect {
            width: area.width.min(self.width),
            ..area
        };
        let mut rows = Rows::new(area);
        if let Some(r) = rows.take(1) {
            header(state, r, buf);
        }
        if let Some(r) = rows.take(clamp_rows(self.summary.len())) {
            Paragraph::new(self.summary.clone()).render(r, buf);
        }
        let scale = state.speedup_scale();
        let max_wall = state
            .runs
            .iter()
            .filter_map(|r| r.result.as_ref().map(|x| x.wall_ms))
            .fold(0.0, f64::max);
        let label_w = state
            .runs
            .iter()
            .map(|r| r.mode.as_str().chars().count())
            .max()
            .unwrap_or(0)
            .min(22) as u16;
        let labelled = part_labels(state) > 0;
        for (i, run) in state.runs.iter().enumerate() {
            if labelled
                && state.parts.contains(&i)
                && let Some(r) = rows.take(1)
            {
                Line::styled(part_label(run), BOLD).render(r, buf);
            }
            if let Some(r) = rows.take(1) {
                run_row(run, label_w, scale, max_wall, r, buf);
            }
        }
        if let Some(r) = rows.take(self.detail) {
            detail(state, r, buf);
        }
        for lines in [&self.procs, &self.footer] {
            if let Some(r) = rows.take(clamp_rows(lines.len())) {
                Paragraph::new(lines.clone()).render(r, buf);
            }
        }
    }
}

/// Rows of labels above the runs: one per part when a later part's runs
/// were added (CPython's beside the native runs, or a second CPython's;
/// each part then says what made it), else none.
fn part_labels(state: &DemoState) -> usize {
    if state.parts.len() > 1 {
        state.parts.len()
    } else {
        0
    }
}

/// The label above a part's runs: concur's own runner, or its CPython once
/// it said.
fn part_label(first: &crate::demo::RunState) -> String {
    if !first.mode.is_python() {
        return "native: concur's threads, simulated GIL, processes".to_string();
    }
    first.python.as_ref().map_or_else(
        || "CPython (starting…)".to_string(),
        |p| sanitize(&p.label()),
    )
}

/// A run's name where the pane lists runs by name (processes, notes): its
/// mode, after its CPython's build when two CPythons ran
/// (`GIL · python-threading`, `free-threaded · python-threading`).
pub(super) fn run_name(state: &DemoState, run: &crate::demo::RunState) -> String {
    match (&run.python, part_labels(state) > 0) {
        (Some(p), true) if p.gil_enabled => format!("GIL · {}", run.mode),
        (Some(_), true) => format!("free-threaded · {}", run.mode),
        _ => run.mode.to_string(),
    }
}

/// A count of lines as rows, at most [`MAX_ROWS`].
pub(super) fn clamp_rows(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(MAX_ROWS).min(MAX_ROWS)
}

/// `label text` word-wrapped to `width`: the label in `label_style`, the
/// words of `text` in `style`. Both are sanitised: a verdict, a note or an
/// error can carry what a child process or python3 printed.
pub(super) fn words(
    label: &str,
    label_style: Style,
    text: &str,
    style: Style,
    width: u16,
) -> Vec<Line<'static>> {
    let (label, text) = (sanitize(label), sanitize(text));
    let atoms: Vec<Vec<Span<'static>>> = label
        .split_whitespace()
        .map(|w| vec![Span::styled(w.to_string(), label_style)])
        .chain(
            text.split_whitespace()
                .map(|w| vec![Span::styled(w.to_string(), style)]),
        )
        .collect();
    wrap_atoms(&atoms, 1, width)
}
