//! The pane's content as a plan: its parts in order, each with the rows it
//! needs at a given width, computed before anything is drawn, so the pane
//! can be given exactly that height (or scroll when it cannot).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
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
use super::status::{footer_text, header, second_verdict};

/// The tallest content a pane plans for (a bound on the off-screen buffer
/// a scrolled pane draws into); anything below is never shown.
const MAX_ROWS: u16 = 2_000;

/// What the pane shows at one width, top to bottom: the header line, one
/// row per run, the detail (timelines, worker gauges or notes), each
/// finished run's processes and CPU use, and the verdict (or error).
pub(super) struct Plan {
    width: u16,
    runs: u16,
    detail: u16,
    procs: Vec<Line<'static>>,
    footer: Vec<Line<'static>>,
}

impl Plan {
    /// The plan for `state` at `width` columns.
    pub(super) fn new(state: &DemoState, width: u16) -> Self {
        // Only the status word is coloured; the text reads plainly. With a
        // second CPython, its verdict follows the first.
        let footer = footer_text(state)
            .into_iter()
            .chain(second_verdict(state))
            .flat_map(|((label, text), style)| {
                words(
                    label.trim_end(),
                    style.add_modifier(Modifier::BOLD),
                    &text,
                    Style::default(),
                    width,
                )
            })
            .collect();
        Plan {
            width,
            runs: clamp_rows(state.runs.len() + part_labels(state)),
            detail: detail_height(state, width),
            procs: proc_lines(state, width),
            footer,
        }
    }

    /// Rows the whole content takes.
    pub(super) fn total(&self) -> u16 {
        [
            1,
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

/// Rows of labels above the runs: one per part when a second CPython's
/// runs were added (each part then says which CPython made it), else none.
fn part_labels(state: &DemoState) -> usize {
    if state.parts.len() > 1 {
        state.parts.len()
    } else {
        0
    }
}

/// The label above a part's runs: its CPython, once it said.
fn part_label(first: &crate::demo::RunState) -> String {
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
