//! Below the runs: the timelines if the demo has any, else the running
//! run's worker gauges, else the finished runs' notes.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::demo::{DemoState, RunState, RunStatus};

use super::DIM;
use super::gauges::worker_gauges;
use super::layout::Rows;
use super::timeline::timeline;

/// Below the runs: timelines if the demo has any, else the running run's
/// workers, else the runs' notes.
pub(super) fn detail(state: &DemoState, r: Rect, buf: &mut Buffer) {
    let timelines: Vec<&RunState> = state.runs.iter().filter(|x| x.has_timeline()).collect();
    if !timelines.is_empty() {
        let mut rows = Rows::new(r);
        for run in timelines {
            let needed = 1 + run.timeline.len() as u16;
            if rows.left() < 2 {
                break;
            }
            if let Some(area) = rows.take(needed) {
                timeline(run, area, buf);
            }
        }
        return;
    }
    let running = state
        .current
        .and_then(|i| state.runs.get(i))
        .filter(|run| run.status == RunStatus::Running && !run.worker_states.is_empty());
    if let Some(run) = running {
        worker_gauges(run, r, buf);
        return;
    }
    let notes: Vec<Line<'_>> = state
        .runs
        .iter()
        .filter_map(|run| {
            run.result
                .as_ref()
                .and_then(|res| res.note.as_ref())
                .map(|n| {
                    Line::from(vec![
                        Span::styled(format!("{}: ", run.mode), DIM),
                        Span::raw(n.clone()),
                    ])
                })
        })
        .collect();
    Paragraph::new(notes).render(r, buf);
}
