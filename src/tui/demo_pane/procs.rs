//! After a run: the OS processes that did its work and, where measured, the
//! CPU its workers used, in cores (CPU seconds per wall-clock second).
//!
//! `sequential: 1.00 cores, pid 7   threads: 1.96 cores, pid 7   processes:
//! 1.98 cores, pids 8 9`, wrapped: threads share their process's id,
//! processes each have their own.

use ratatui::text::{Line, Span};

use crate::demo::DemoState;
use crate::demo::RunResult;
use crate::tui::text::wrap_atoms;

use super::DIM;
use super::content::run_name;

/// Each finished run as `mode: N cores, pid P`, wrapped to `width` (a long
/// pid list ends in `… +N`); nothing until a run has finished.
pub(super) fn proc_lines(state: &DemoState, width: u16) -> Vec<Line<'static>> {
    let atoms: Vec<Vec<Span<'static>>> = state
        .runs
        .iter()
        .filter_map(|run| Some((run_name(state, run), run.result.as_ref()?)))
        .map(|(name, r)| {
            let label = format!("{name}:");
            let mut rest = String::new();
            if let Some(c) = cpu(r) {
                rest.push_str(&format!(" {c:.2} cores"));
                if !r.pids.is_empty() {
                    rest.push(',');
                }
            }
            let used = label.chars().count() + rest.chars().count() + 1;
            let room = usize::from(width).saturating_sub(used);
            if !r.pids.is_empty() {
                rest.push(' ');
                rest.push_str(&pids(&r.pids, room));
            }
            vec![Span::styled(label, DIM), Span::raw(rest)]
        })
        .collect();
    wrap_atoms(&atoms, 3, width)
}

/// The run's CPU per wall-second, when measured and a real number.
fn cpu(r: &RunResult) -> Option<f64> {
    r.cpu_per_wall.filter(|c| c.is_finite() && *c >= 0.0)
}

/// `pid 4242`, or `pids 11 12 13 … +3` within `room` columns.
fn pids(pids: &[u32], room: usize) -> String {
    match pids {
        [] => String::new(),
        [one] => format!("pid {one}"),
        many => {
            let mut out = String::from("pids");
            for (i, p) in many.iter().enumerate() {
                let left = many.len() - i - 1;
                let next = format!(" {p}");
                let tail = if left > 0 {
                    format!(" … +{left}")
                } else {
                    String::new()
                };
                // Stop where this pid and the count of the rest would not fit.
                if out.chars().count() + next.len() + tail.chars().count() > room && i > 0 {
                    out.push_str(&format!(" … +{}", many.len() - i));
                    break;
                }
                out.push_str(&next);
            }
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::pids;

    #[test]
    fn one_pid_or_as_many_as_fit() {
        assert_eq!(pids(&[], 40), "");
        assert_eq!(pids(&[7], 3), "pid 7");
        assert_eq!(pids(&[11, 12, 13], 40), "pids 11 12 13");
        assert_eq!(pids(&[11, 12, 13, 14, 15], 18), "pids 11 12 13 … +2");
        assert_eq!(pids(&[11, 12, 13, 14, 15], 17), "pids 11 12 … +3");
        // The first pid always shows, however narrow.
        assert_eq!(pids(&[11, 12], 2), "pids 11 … +1");
    }
}
