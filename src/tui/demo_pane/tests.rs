//! The pane's snapshots and its no-panic tests.

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

fn result(mode: RunMode, workers: usize, wall_ms: f64, speedup: f64, pids: Vec<u32>) -> RunResult {
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

/// Run `run`'s two workers taking 5 ms turns for 200 ms, as GIL threads do.
pub(super) fn take_turns(s: &mut DemoState, run: usize) {
    for k in 0..40 {
        let t = f64::from(k) * 5.0;
        s.apply(DemoEvent::Slice {
            run,
            worker: (k % 2) as usize,
            start_ms: t,
            end_ms: t + 5.0,
        });
    }
}

/// cpu-bound, half-way through the threads run.
fn cpu_bound_running() -> DemoState {
    let mut s = DemoState::new(crate::demo::DemoId::CpuBound, true);
    let events = vec![
        DemoEvent::Started {
            demo: crate::demo::DemoId::CpuBound,
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
    let mut s = DemoState::new(crate::demo::DemoId::Gil, false);
    s.apply(DemoEvent::Started {
        demo: crate::demo::DemoId::Gil,
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
        result: RunResult {
            cpu_per_wall: Some(1.0),
            ..result(RunMode::Sequential, 1, 200.0, 1.0, vec![7])
        },
    });
    s.apply(DemoEvent::RunStarted { run: 1 });
    take_turns(&mut s, 1);
    s.apply(DemoEvent::RunFinished {
        run: 1,
        result: RunResult {
            cpu_per_wall: Some(0.99),
            ..result(RunMode::GilThreads, 2, 200.0, 1.0, vec![7])
        },
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
        result: RunResult {
            cpu_per_wall: Some(1.96),
            ..result(RunMode::Threads, 2, 100.0, 2.0, vec![7])
        },
    });
    let verdict = Verdict {
        status: VerdictStatus::Supported,
        summary: "supported: threads speedup 2.00× (≥ 1.60×), gil-threads speedup 1.00× (≤ 1.15×); other programs used 0.04 of 2 cores".into(),
        text: "Under the GIL the 2 threads took turns (39 hand-overs): 1.00×; without it they ran at once: 2.00× (ideal 2×). Only one thread computes at a time under the GIL.".into(),
    };
    s.apply(DemoEvent::Verdict(verdict.clone()));
    s.apply(DemoEvent::Finished(DemoReport {
        demo: crate::demo::DemoId::Gil,
        cores: 2,
        runs: vec![],
        verdict,
        busy_cores: Some(0.04),
        claim: vec![],
        python: None,
        free_threaded: None,
        native: None,
    }));
    s
}

fn draw(state: &DemoState, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|f| render_demo_pane(state, 0, f.area(), f.buffer_mut()))
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
    let mut s = DemoState::new(crate::demo::DemoId::IoBound, true);
    s.apply(DemoEvent::Started {
        demo: crate::demo::DemoId::IoBound,
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
        DemoState::new(crate::demo::DemoId::Pool, true),
        cpu_bound_running(),
        gil_finished(),
    ];
    for s in &states {
        for w in 0..=44 {
            for h in 0..=12 {
                let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
                render_demo_pane(s, 0, buf.area, &mut buf);
            }
        }
        // An area outside the buffer, and an offset one.
        let mut buf = Buffer::empty(Rect::new(5, 5, 20, 6));
        render_demo_pane(s, 0, Rect::new(0, 0, 80, 40), &mut buf);
        render_demo_pane(s, 0, Rect::new(100, 100, 10, 10), &mut buf);
        render_demo_pane(
            s,
            0,
            Rect::new(u16::MAX - 3, u16::MAX - 3, 30, 30),
            &mut buf,
        );
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

/// The rows of `buf` as text.
fn rows(buf: &Buffer) -> Vec<String> {
    let a = buf.area;
    (a.top()..a.bottom())
        .map(|y| {
            (a.left()..a.right())
                .map(|x| buf[(x, y)].symbol())
                .collect()
        })
        .collect()
}

fn render(state: &DemoState, scroll: u16, w: u16, h: u16) -> Vec<String> {
    let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
    render_demo_pane(state, scroll, buf.area, &mut buf);
    rows(&buf)
}

#[test]
fn at_its_own_height_the_pane_shows_everything_with_no_empty_row() {
    let s = gil_finished();
    for w in [30, 44, 60, 80, 100, 160] {
        let h = pane_height(&s, w);
        let shown = render(&s, 0, w, h);
        let text = shown.join("\n");
        // Both timelines, both workers, and the verdict's last words.
        assert_eq!(text.matches("w1 ").count(), 2, "{w} columns:\n{text}");
        assert!(text.contains("(ideal"), "{w} columns:\n{text}");
        assert!(!text.contains("more ↓"), "{w} columns:\n{text}");
        let empty = shown
            .iter()
            .filter(|r| r.trim_matches(|c| c == '│' || c == ' ').is_empty())
            .count();
        assert_eq!(empty, 0, "{w} columns:\n{text}");
        assert_eq!(max_scroll(&s, Rect::new(0, 0, w, h)), 0);
        // One row less hides one row of content, behind a hint.
        let short = Rect::new(0, 0, w, h - 1);
        assert_eq!(max_scroll(&s, short), 1);
        assert!(render(&s, 0, w, h - 1).join("\n").contains("more ↓"));
    }
}

#[test]
fn scrolling_walks_the_whole_content() {
    let s = gil_finished();
    let (w, h) = (80, 8);
    let max = max_scroll(&s, Rect::new(0, 0, w, h));
    assert_eq!(max, pane_height(&s, w) - h);
    let top = render(&s, 0, w, h);
    assert!(top[1].contains("2 cores · done"), "{top:#?}");
    assert!(top[7].contains("more ↓ ]"), "{top:#?}");
    assert!(!top[7].contains("↑ ["), "{top:#?}");
    let bottom = render(&s, max, w, h);
    assert!(bottom[6].contains("under the GIL."), "{bottom:#?}");
    assert!(bottom[7].contains("↑ ["), "{bottom:#?}");
    assert!(!bottom[7].contains("more ↓"), "{bottom:#?}");
    // Past the end is the end.
    assert_eq!(render(&s, u16::MAX, w, h), bottom);
    // Every row of content shows at some offset, in order.
    let seen: Vec<String> = (0..=max)
        .map(|o| render(&s, o, w, h)[1].clone())
        .chain(render(&s, max, w, h)[2..7].iter().cloned())
        .collect();
    let whole = render(&s, 0, w, pane_height(&s, w));
    assert_eq!(seen, whole[1..whole.len() - 1]);
}

#[test]
fn snapshot_gil_finished_scrolled_small() {
    let mut terminal = Terminal::new(TestBackend::new(60, 7)).unwrap();
    terminal
        .draw(|f| render_demo_pane(&gil_finished(), 2, f.area(), f.buffer_mut()))
        .unwrap();
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn verdict_and_notes_are_sanitised_and_wrapped_whole() {
    let mut s = gil_finished();
    s.apply(DemoEvent::Failed(
        "python3 said \u{1b}[2J\u{1b}]0;pwned\u{7}hello\u{9b}31m there".into(),
    ));
    let shown = render(&s, 0, 30, pane_height(&s, 30)).join("\n");
    assert!(
        !shown.contains('\u{1b}') && !shown.contains('\u{9b}'),
        "{shown}"
    );
    assert!(!shown.contains("pwned"), "{shown}");
    assert!(shown.contains("hello"), "{shown}");
    assert!(shown.contains("there"), "{shown}");
}
