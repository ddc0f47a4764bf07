//! The pane with two CPythons (`python3`, then a free-threaded build): each
//! part's rows under its CPython's label, both verdicts whole. The states
//! are built by hand from events; no process runs.

#![allow(clippy::unwrap_used)]

use super::*;
use crate::demo::{
    DemoEvent, DemoReport, PlannedRun, PythonInfo, RunMode, RunResult, Verdict, VerdictStatus,
};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const MODES: [RunMode; 3] = [
    RunMode::PythonSequential,
    RunMode::PythonThreading,
    RunMode::PythonMultiprocessing,
];

fn plan() -> Vec<PlannedRun> {
    MODES
        .iter()
        .map(|&mode| PlannedRun {
            mode,
            workers: if mode == RunMode::PythonSequential {
                1
            } else {
                2
            },
            ideal: Some(if mode == RunMode::PythonSequential {
                1.0
            } else {
                2.0
            }),
        })
        .collect()
}

/// One part's three runs finished: `speedups` of threading and
/// multiprocessing; the runs numbered from `first`.
fn finish(s: &mut DemoState, first: usize, speedups: [f64; 2], pid: u32) {
    for (k, (&mode, speedup)) in MODES
        .iter()
        .zip([1.0, speedups[0], speedups[1]])
        .enumerate()
    {
        let workers = if k == 0 { 1 } else { 2 };
        s.apply(DemoEvent::RunStarted { run: first + k });
        s.apply(DemoEvent::RunFinished {
            run: first + k,
            result: RunResult {
                speedup: Some(speedup),
                pids: if k == 2 {
                    vec![pid + 1, pid + 2]
                } else {
                    vec![pid]
                },
                ideal: Some(if k == 0 { 1.0 } else { 2.0 }),
                cpu_per_wall: Some(if k == 2 { 1.9 } else { 1.0 }),
                repeats: 3,
                ..RunResult::new(mode, workers, 200.0 / speedup)
            },
        });
    }
}

fn report(version: &str, gil_enabled: bool, verdict: Verdict) -> DemoReport {
    DemoReport {
        demo: crate::demo::DemoId::Gil,
        cores: 2,
        runs: vec![],
        verdict,
        busy_cores: Some(0.03),
        claim: vec![],
        python: Some(PythonInfo {
            version: version.into(),
            gil_enabled,
        }),
        free_threaded: None,
        native: None,
    }
}

/// `gil --python` finished with python3 3.12.3 and python3.13t.
fn two_pythons_finished() -> DemoState {
    let mut s = DemoState::new(crate::demo::DemoId::Gil, true);
    s.apply(DemoEvent::Started {
        demo: crate::demo::DemoId::Gil,
        cores: 2,
        plan: plan(),
    });
    s.apply(DemoEvent::Python(PythonInfo {
        version: "3.12.3".into(),
        gil_enabled: true,
    }));
    finish(&mut s, 0, [1.01, 1.97], 500);
    s.apply(DemoEvent::RunsAdded { plan: plan() });
    s.apply(DemoEvent::Python(PythonInfo {
        version: "3.13.1".into(),
        gil_enabled: false,
    }));
    finish(&mut s, 3, [1.02, 1.95], 600);
    let gil = Verdict {
        status: VerdictStatus::Supported,
        summary: "supported: python-multiprocessing speedup 1.97× (≥ 1.60×), python-threading speedup 1.01× (≤ 1.15×); other programs used 0.03 of 2 cores".into(),
        text: "CPython 3.12.3 (GIL enabled), 2 threads: threading 1.01× (no faster than one thread: one at a time), multiprocessing 1.97× against an ideal 2×. CPU-bound Python threads take turns on the GIL; processes run in parallel.".into(),
    };
    let free = Verdict {
        status: VerdictStatus::NotSupported,
        summary: "not supported: python-threading speedup 1.02×, not ≥ 1.60×, python-multiprocessing speedup 1.95× (≥ 1.60×); other programs used 0.03 of 2 cores".into(),
        text: "CPython 3.13.1 (free-threaded), 2 threads: threading 1.02× (without the GIL, threads computing at once give near 2×), multiprocessing 1.95× against an ideal 2×. python-threading speedup 1.02× is below 1.60× (0.8 × the ideal 2×) on a clean run.".into(),
    };
    let mut r = report("3.12.3", true, gil.clone());
    r.free_threaded = Some(Box::new(report("3.13.1", false, free)));
    s.apply(DemoEvent::Verdict(gil));
    s.apply(DemoEvent::Finished(r));
    s
}

/// The pane drawn alone in a `w`×`h` terminal, and its text.
pub(super) fn screen(state: &DemoState, w: u16, h: u16) -> (Terminal<TestBackend>, String) {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|f| render_demo_pane(state, 0, f.area(), f.buffer_mut()))
        .unwrap();
    let text = terminal
        .backend()
        .buffer()
        .content()
        .chunks(usize::from(w))
        .map(|row| row.iter().map(|c| c.symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n");
    (terminal, text)
}

#[test]
fn snapshot_two_pythons_finished() {
    let (terminal, text) = screen(&two_pythons_finished(), 100, 30);
    // Both parts labelled, all six rows, both verdicts whole: nothing cut.
    for want in [
        "CPython 3.12.3 (GIL on) + 3.13.1 (GIL off)",
        "CPython 3.12.3 (GIL enabled)",
        "CPython 3.13.1 (free-threaded)",
        "supported: CPython 3.12.3",
        "not supported: CPython 3.13.1",
        "processes run in parallel.",
        "on a clean run.",
    ] {
        assert!(text.contains(want), "{want:?} missing:\n{text}");
    }
    assert_eq!(
        text.matches("python-threading       ×2").count(),
        2,
        "{text}"
    );
    assert!(!text.contains("more ↓"), "the pane fits: {text}");
    insta::assert_snapshot!(terminal.backend());
}

#[test]
fn a_second_part_still_starting_is_labelled_and_nothing_panics() {
    let mut s = DemoState::new(crate::demo::DemoId::Gil, true);
    s.apply(DemoEvent::Started {
        demo: crate::demo::DemoId::Gil,
        cores: 2,
        plan: plan(),
    });
    finish(&mut s, 0, [1.0, 2.0], 500);
    s.apply(DemoEvent::RunsAdded { plan: plan() });
    let (_, text) = screen(&s, 100, 20);
    assert!(text.contains("CPython (starting…)"), "{text}");
    for w in 0..=40 {
        for h in 0..=12 {
            let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
            render_demo_pane(&two_pythons_finished(), 0, buf.area, &mut buf);
            render_demo_pane(&s, 3, buf.area, &mut buf);
        }
    }
}
