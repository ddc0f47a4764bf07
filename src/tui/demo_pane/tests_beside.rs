//! The pane after `p`: the native runs (with their timeline) and real
//! CPython's rows beside them, each part under its label, each verdict's
//! status and summary first. The state is built by hand from events; no
//! process runs.

#![allow(clippy::unwrap_used)]

use super::tests::take_turns;
use super::tests_two_pythons::screen;
use super::*;
use crate::demo::{
    DemoEvent, DemoReport, PlannedRun, PythonInfo, RunMode, RunResult, Verdict, VerdictStatus,
};

fn planned(mode: RunMode, workers: usize) -> PlannedRun {
    PlannedRun {
        mode,
        workers,
        ideal: Some(workers as f64),
    }
}

fn finish(s: &mut DemoState, run: usize, mode: RunMode, workers: usize, speedup: f64) {
    s.apply(DemoEvent::RunFinished {
        run,
        result: RunResult {
            speedup: Some(speedup),
            pids: vec![700 + run as u32],
            ideal: Some(workers as f64),
            cpu_per_wall: Some(1.0),
            ..RunResult::new(mode, workers, 200.0 / speedup)
        },
    });
}

fn verdict(summary: &str, text: &str) -> Verdict {
    Verdict {
        status: VerdictStatus::Supported,
        summary: summary.into(),
        text: text.into(),
    }
}

fn report(verdict: Verdict, python: Option<PythonInfo>) -> DemoReport {
    DemoReport {
        demo: crate::demo::DemoId::Gil,
        cores: 2,
        runs: vec![],
        verdict,
        busy_cores: Some(0.02),
        claim: vec![],
        python,
        free_threaded: None,
        native: None,
    }
}

/// `gil` with `p`: the native runs, then CPython 3.12.3's.
fn native_then_cpython() -> DemoState {
    let mut s = DemoState::new(crate::demo::DemoId::Gil, true);
    s.apply(DemoEvent::Started {
        demo: crate::demo::DemoId::Gil,
        cores: 2,
        plan: vec![
            planned(RunMode::Sequential, 1),
            planned(RunMode::GilThreads, 2),
            planned(RunMode::Threads, 2),
        ],
    });
    finish(&mut s, 0, RunMode::Sequential, 1, 1.0);
    s.apply(DemoEvent::RunStarted { run: 1 });
    take_turns(&mut s, 1);
    finish(&mut s, 1, RunMode::GilThreads, 2, 0.99);
    finish(&mut s, 2, RunMode::Threads, 2, 1.97);
    s.apply(DemoEvent::RunsAdded {
        plan: vec![
            planned(RunMode::PythonSequential, 1),
            planned(RunMode::PythonThreading, 2),
            planned(RunMode::PythonMultiprocessing, 2),
        ],
    });
    let python = PythonInfo {
        version: "3.12.3".into(),
        gil_enabled: true,
    };
    s.apply(DemoEvent::Python(python.clone()));
    finish(&mut s, 3, RunMode::PythonSequential, 1, 1.0);
    finish(&mut s, 4, RunMode::PythonThreading, 2, 1.01);
    finish(&mut s, 5, RunMode::PythonMultiprocessing, 2, 1.96);
    let native = verdict(
        "supported: threads speedup 1.97× (≥ 1.60×), gil-threads speedup 0.99× (≤ 1.15×); other programs used 0.02 of 2 cores",
        "Native (concur's threads, simulated GIL, processes): the threads took turns. Only one thread computes at a time under the GIL.",
    );
    let cpython = verdict(
        "supported: python-multiprocessing speedup 1.96× (≥ 1.60×), python-threading speedup 1.01× (≤ 1.15×); other programs used 0.02 of 2 cores",
        "CPython 3.12.3 (GIL enabled): threading 1.01×, multiprocessing 1.96×. CPU-bound Python threads take turns on the GIL; processes run in parallel.",
    );
    let mut r = report(cpython.clone(), Some(python));
    r.native = Some(Box::new(report(native, None)));
    s.apply(DemoEvent::Verdict(cpython));
    s.apply(DemoEvent::Finished(r));
    s
}

/// Before, `p` replaced the native rows (and their timeline) with
/// CPython's; now both parts show, and both verdicts' summaries come first.
#[test]
fn snapshot_cpython_beside_the_native_runs_at_80x24() {
    let s = native_then_cpython();
    assert_eq!(s.runs.len(), 6);
    let (terminal, text) = screen(&s, 80, 24);
    for want in [
        "│native · supported: threads speedup 1.97×",
        "│CPython GIL · supported: python-multiprocessing speedup 1.96×",
        "native: concur's threads, simulated GIL, processes",
        "CPython 3.12.3 (GIL enabled)",
        "gil-threads            ×2",
        "python-threading       ×2",
        "gil-threads: who ran (holding the GIL)",
    ] {
        assert!(text.contains(want), "{want:?} missing:\n{text}");
    }
    insta::assert_snapshot!(terminal.backend());
    // Scrolled to the end, both long texts follow.
    let all = screen(&s, 80, pane_height(&s, 80)).1;
    assert!(all.contains("supported: Native (concur's"), "{all}");
    assert!(
        all.contains("supported: CPython 3.12.3 (GIL enabled):"),
        "{all}"
    );
}
