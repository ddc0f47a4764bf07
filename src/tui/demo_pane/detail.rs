//! Below the runs: the timelines if the demo has any, else the running
//! run's worker gauges, else the finished runs' notes.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};

use crate::demo::{DemoState, RunState, RunStatus};

use super::DIM;
use super::content::{clamp_rows, run_name, words};
use super::gauges::{gauges_height, worker_gauges};
use super::layout::Rows;
use super::timeline::timeline;

/// What goes below the runs.
enum Detail<'a> {
    /// The runs that have timelines.
    Timelines(Vec<&'a RunState>),
    /// The running run, with its workers.
    Gauges(&'a RunState),
    /// The finished runs' notes.
    Notes,
}

fn which(state: &DemoState) -> Detail<'_> {
    let timelines: Vec<&RunState> = state.runs.iter().filter(|x| x.has_timeline()).collect();
    if !timelines.is_empty() {
        return Detail::Timelines(timelines);
    }
    let running = state
        .current
        .and_then(|i| state.runs.get(i))
        .filter(|run| run.status == RunStatus::Running && !run.worker_states.is_empty());
    match running {
        Some(run) => Detail::Gauges(run),
        None => Detail::Notes,
    }
}

/// Rows the detail takes at `width`: a title and a row per worker for each
/// timeline, a row per worker gauge, or the notes wrapped.
pub(super) fn detail_height(state: &DemoState, width: u16) -> u16 {
    match which(state) {
        Detail::Timelines(runs) => runs
            .iter()
            .map(|run| clamp_rows(run.timeline.len()).saturating_add(1))
            .fold(0, u16::saturating_add),
        Detail::Gauges(run) => gauges_height(run),
        Detail::Notes => clamp_rows(notes(state, width).len()),
    }
}

/// Draws the detail into `r` (as tall as [`detail_height`] says).
pub(super) fn detail(state: &DemoState, r: Rect, buf: &mut Buffer) {
    match which(state) {
        Detail::Timelines(runs) => {
            let mut rows = Rows::new(r);
            for run in runs {
                let needed = clamp_rows(run.timeline.len()).saturating_add(1);
                if let Some(area) = rows.take(needed) {
                    timeline(run, area, buf);
                }
            }
        }
        Detail::Gauges(run) => worker_gauges(run, r, buf),
        Detail::Notes => Paragraph::new(notes(state, r.width)).render(r, buf),
    }
}

/// `mode: note` for each finished run that has a note, wrapped to `width`.
fn notes(state: &DemoState, width: u16) -> Vec<Line<'static>> {
    state
        .runs
        .iter()
        .filter_map(|run| {
            let note = run.result.as_ref()?.note.as_ref()?;
            Some(words(
                &format!("{}:", run_name(state, run)),
                DIM,
                note,
                Style::new(),
                width,
            ))
        })
        .flatten()
        .collect()
}
