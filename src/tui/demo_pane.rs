//! The live demo pane: one row per run (a gauge while it runs, then its
//! speedup as a bar with the ideal marked), the per-worker detail (gauges,
//! or the timeline of who computes / holds the GIL), and the verdict.
//!
//! A pure function of [`DemoState`]; it never panics, whatever the size.
//!
//! - `status.rs`: the header line and the verdict (or error) footer
//! - `runs.rs`: one row per run (gauge, or speedup bar with the ideal)
//! - `detail.rs`: what goes below the runs: `timeline.rs` (who computes or
//!   holds the GIL), `gauges.rs` (the running run's workers), or the notes
//! - `layout.rs`: rows, columns, safe ratios

mod detail;
mod gauges;
mod layout;
mod runs;
mod status;
mod timeline;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use crate::demo::DemoState;

use detail::detail;
use layout::Rows;
use runs::run_row;
use status::{footer_text, header, wrapped_lines};

/// Milliseconds per timeline cell: CPython's 5 ms switch interval spans
/// two and a half cells, so turns are visible.
pub const TIMELINE_MS_PER_CELL: f64 = 2.0;

const BAR: Style = Style::new().fg(Color::Cyan);
const IDEAL: Style = Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD);
const DIM: Style = Style::new().fg(Color::DarkGray);
const BOLD: Style = Style::new().add_modifier(Modifier::BOLD);
const ERROR: Style = Style::new().fg(Color::Red);

/// Renders the pane for `state` into `area` of `buf`.
pub fn render_demo_pane(state: &DemoState, area: Rect, buf: &mut Buffer) {
    let area = area.intersection(buf.area);
    if area.is_empty() {
        return;
    }
    let inner = if area.width >= 12 && area.height >= 4 {
        let block = Block::bordered().title(Line::styled(format!(" demo: {} ", state.demo), BOLD));
        let inner = block.inner(area);
        block.render(area, buf);
        inner
    } else {
        area
    };
    if inner.is_empty() {
        return;
    }
    let mut rows = Rows::new(inner);

    // Header.
    if let Some(r) = rows.take(1) {
        header(state, r, buf);
    }

    // Reserve the footer (verdict or error) before the runs.
    let footer = footer_text(state);
    let avail = rows.left();
    let footer_rows = match &footer {
        Some((text, _)) if avail >= 2 => {
            let need = wrapped_lines(text, inner.width);
            need.min(3).min((avail / 3).max(1))
        }
        _ => 0,
    };
    let run_rows = state.runs.len().min(usize::from(avail - footer_rows));
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
    for run in state.runs.iter().take(run_rows) {
        if let Some(r) = rows.take(1) {
            run_row(run, label_w, scale, max_wall, r, buf);
        }
    }

    // Detail in what is left above the footer.
    let detail_h = rows.left().saturating_sub(footer_rows);
    if let Some(r) = rows.take(detail_h) {
        detail(state, r, buf);
    }

    if let (Some((text, style)), Some(r)) = (footer, rows.take(footer_rows)) {
        Paragraph::new(Line::from(vec![
            Span::styled(text.0, style.add_modifier(Modifier::BOLD)),
            Span::raw(text.1),
        ]))
        .wrap(Wrap { trim: true })
        .render(r, buf);
    }
}

/// `ms` as seconds: `1.23 s`.
pub(super) fn secs(ms: f64) -> String {
    format!("{:.2} s", ms / 1e3)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::demo::{
        DemoEvent, DemoReport, PlannedRun, PythonInfo, RunMode, RunResult, Verdict, VerdictStatus,
    };
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    fn planned(mode: RunMode, workers: usize, ideal: f64) -> PlannedRun {
        PlannedRun {
            mode,
            workers,
            ideal: Some(ideal),
        }
    }

    fn result(
        mode: RunMode,
        workers: usize,
        wall_ms: f64,
        speedup: f64,
        pids: Vec<u32>,
    ) -> RunResult {
        RunResult {
            mode,
            workers,
            wall_ms,
            speedup: Some(speedup),
            pids,
            ideal: Some(workers.min(2) as f64),
            ..RunResult::new(mode, workers, wall_ms)
        }
    }

    /// cpu-bound, half-way through the threads run.
    fn cpu_bound_running() -> DemoState {
        let mut s = DemoState::new("cpu-bound", true);
        let events = vec![
            DemoEvent::Started {
                demo: "cpu-bound".into(),
                cores: 2,
                plan: vec![
                    planned(RunMode::Sequential, 1, 1.0),
                    planned(RunMode::GilThreads, 2, 2.0),
                    planned(RunMode::Threads, 2, 2.0),
                    planned(RunMode::Processes, 2, 2.0),
                ],
            },
            DemoEvent::RunStarted { run: 0 },
            DemoEvent::RunFinished {
                run: 0,
                result: result(RunMode::Sequential, 1, 1000.0, 1.0, vec![4242]),
            },
            DemoEvent::RunStarted { run: 1 },
            DemoEvent::RunFinished {
                run: 1,
                result: result(RunMode::GilThreads, 2, 1010.0, 0.99, vec![4242]),
            },
            DemoEvent::RunStarted { run: 2 },
            DemoEvent::WorkerStarted {
                run: 2,
                worker: 0,
                pid: 4242,
            },
            DemoEvent::WorkerStarted {
                run: 2,
                worker: 1,
                pid: 4242,
            },
            DemoEvent::Progress {
                run: 2,
                worker: 0,
                done: 60,
                total: 100,
                elapsed_ms: 310.0,
            },
            DemoEvent::Progress {
                run: 2,
                worker: 1,
                done: 40,
                total: 100,
                elapsed_ms: 310.0,
            },
        ];
        for e in events {
            s.apply(e);
        }
        s
    }

    /// gil, finished, with a timeline of turns under the GIL.
    fn gil_finished() -> DemoState {
        let mut s = DemoState::new("gil", false);
        s.apply(DemoEvent::Started {
            demo: "gil".into(),
            cores: 2,
            plan: vec![
                planned(RunMode::Sequential, 1, 1.0),
                planned(RunMode::GilThreads, 2, 2.0),
                planned(RunMode::Threads, 2, 2.0),
            ],
        });
        s.apply(DemoEvent::RunStarted { run: 0 });
        s.apply(DemoEvent::RunFinished {
            run: 0,
            result: result(RunMode::Sequential, 1, 200.0, 1.0, vec![7]),
        });
        s.apply(DemoEvent::RunStarted { run: 1 });
        for k in 0..40 {
            let t = f64::from(k) * 5.0;
            s.apply(DemoEvent::Slice {
                run: 1,
                worker: (k % 2) as usize,
                start_ms: t,
                end_ms: t + 5.0,
            });
        }
        s.apply(DemoEvent::RunFinished {
            run: 1,
            result: result(RunMode::GilThreads, 2, 200.0, 1.0, vec![7]),
        });
        s.apply(DemoEvent::RunStarted { run: 2 });
        for w in 0..2 {
            for k in 0..5 {
                let t = f64::from(k) * 20.0;
                s.apply(DemoEvent::Slice {
                    run: 2,
                    worker: w,
                    start_ms: t,
                    end_ms: t + 20.0,
                });
            }
        }
        s.apply(DemoEvent::RunFinished {
            run: 2,
            result: result(RunMode::Threads, 2, 100.0, 2.0, vec![7]),
        });
        let verdict = Verdict {
            status: VerdictStatus::Supported,
            text: "Under the GIL the 2 threads took turns (39 hand-overs): 1.00×; without it they ran at once: 2.00× (ideal 2×). Only one thread computes at a time under the GIL.".into(),
        };
        s.apply(DemoEvent::Verdict(verdict.clone()));
        s.apply(DemoEvent::Finished(DemoReport {
            demo: "gil".into(),
            cores: 2,
            runs: vec![],
            verdict,
            busy_cores: Some(0.04),
            claim: vec![],
            python: None,
        }));
        s
    }

    fn draw(state: &DemoState, w: u16, h: u16) -> Terminal<TestBackend> {
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        terminal
            .draw(|f| render_demo_pane(state, f.area(), f.buffer_mut()))
            .unwrap();
        terminal
    }

    #[test]
    fn snapshot_cpu_bound_running() {
        insta::assert_snapshot!(draw(&cpu_bound_running(), 80, 16).backend());
    }

    #[test]
    fn snapshot_gil_finished() {
        insta::assert_snapshot!(draw(&gil_finished(), 80, 16).backend());
    }

    #[test]
    fn snapshot_python_finished_small() {
        let mut s = DemoState::new("io-bound", true);
        s.apply(DemoEvent::Started {
            demo: "io-bound".into(),
            cores: 2,
            plan: vec![
                planned(RunMode::PythonSequential, 1, 1.0),
                planned(RunMode::PythonThreading, 16, 16.0),
            ],
        });
        s.apply(DemoEvent::Python(PythonInfo {
            version: "3.12.1".into(),
            gil_enabled: true,
        }));
        s.apply(DemoEvent::RunFinished {
            run: 0,
            result: result(RunMode::PythonSequential, 1, 1600.0, 1.0, vec![9]),
        });
        s.apply(DemoEvent::RunFinished {
            run: 1,
            result: RunResult {
                ideal: Some(16.0),
                ..result(RunMode::PythonThreading, 16, 105.0, 15.2, vec![9])
            },
        });
        s.apply(DemoEvent::Failed("python3 ended early".into()));
        insta::assert_snapshot!(draw(&s, 40, 8).backend());
    }

    #[test]
    fn never_panics_at_any_size() {
        let states = [
            DemoState::default(),
            DemoState::new("pool", true),
            cpu_bound_running(),
            gil_finished(),
        ];
        for s in &states {
            for w in 0..=44 {
                for h in 0..=12 {
                    let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
                    render_demo_pane(s, buf.area, &mut buf);
                }
            }
            // An area outside the buffer, and an offset one.
            let mut buf = Buffer::empty(Rect::new(5, 5, 20, 6));
            render_demo_pane(s, Rect::new(0, 0, 80, 40), &mut buf);
            render_demo_pane(s, Rect::new(100, 100, 10, 10), &mut buf);
            render_demo_pane(s, Rect::new(u16::MAX - 3, u16::MAX - 3, 30, 30), &mut buf);
        }
        draw(&gil_finished(), 20, 6);
        draw(&cpu_bound_running(), 0, 0);
    }

    #[test]
    fn nonsense_numbers_do_not_panic() {
        let mut s = cpu_bound_running();
        s.apply(DemoEvent::RunFinished {
            run: 3,
            result: RunResult {
                speedup: Some(f64::NAN),
                wall_ms: f64::INFINITY,
                ideal: Some(-3.0),
                ..result(RunMode::Processes, 2, 0.0, 0.0, vec![])
            },
        });
        s.apply(DemoEvent::Progress {
            run: 2,
            worker: 0,
            done: 500,
            total: 100,
            elapsed_ms: f64::NAN,
        });
        s.apply(DemoEvent::Slice {
            run: 2,
            worker: 0,
            start_ms: f64::NEG_INFINITY,
            end_ms: 1e300,
        });
        for (w, h) in [(80, 16), (20, 6), (3, 3)] {
            draw(&s, w, h);
        }
    }
}
