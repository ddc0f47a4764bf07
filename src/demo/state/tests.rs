//! Tests of the demo state: events folded into what the pane shows.

use super::*;

fn started() -> DemoEvent {
    DemoEvent::Started {
        demo: crate::demo::DemoId::CpuBound,
        cores: 2,
        plan: vec![
            PlannedRun {
                mode: RunMode::Sequential,
                workers: 1,
                ideal: Some(1.0),
            },
            PlannedRun {
                mode: RunMode::Threads,
                workers: 2,
                ideal: Some(2.0),
            },
        ],
    }
}

fn result(mode: RunMode, workers: usize, wall_ms: f64, speedup: f64) -> RunResult {
    RunResult {
        mode,
        workers,
        wall_ms,
        speedup: Some(speedup),
        pids: vec![42],
        cpu_per_wall: None,
        ideal: Some(workers as f64),
        ..RunResult::new(mode, workers, wall_ms)
    }
}

#[test]
fn folds_a_whole_demo() {
    let mut s = DemoState::new(crate::demo::DemoId::CpuBound, true);
    assert_eq!(s.status, Status::Starting);
    s.apply(started());
    assert_eq!(s.status, Status::Running);
    assert_eq!(s.runs.len(), 2);
    s.apply(DemoEvent::RunStarted { run: 0 });
    s.apply(DemoEvent::WorkerStarted {
        run: 0,
        worker: 0,
        pid: 42,
    });
    s.apply(DemoEvent::Progress {
        run: 0,
        worker: 0,
        done: 25,
        total: 100,
        elapsed_ms: 250.0,
    });
    assert_eq!(s.current, Some(0));
    assert!((s.runs[0].progress() - 0.25).abs() < 1e-9);
    assert_eq!(s.runs[0].worker_states[0].pid, Some(42));
    s.apply(DemoEvent::RunFinished {
        run: 0,
        result: result(RunMode::Sequential, 1, 1000.0, 1.0),
    });
    assert_eq!(s.runs[0].status, RunStatus::Done);
    assert!((s.runs[0].progress() - 1.0).abs() < 1e-9);
    s.apply(DemoEvent::RunStarted { run: 1 });
    for w in 0..2 {
        s.apply(DemoEvent::Progress {
            run: 1,
            worker: w,
            done: 50 * (w as u64 + 1),
            total: 100,
            elapsed_ms: 300.0,
        });
    }
    assert!((s.runs[1].progress() - 0.75).abs() < 1e-9);
    assert!((s.elapsed_ms() - 1300.0).abs() < 1e-9);
    s.apply(DemoEvent::RunFinished {
        run: 1,
        result: result(RunMode::Threads, 2, 520.0, 1.92),
    });
    let fine = Verdict {
        status: crate::demo::verdict::Status::Supported,
        summary: "supported: fine".into(),
        text: "fine".into(),
    };
    let report = DemoReport {
        demo: crate::demo::DemoId::CpuBound,
        cores: 2,
        runs: vec![],
        verdict: fine.clone(),
        busy_cores: None,
        claim: vec![],
        python: None,
        free_threaded: None,
        native: None,
    };
    s.apply(DemoEvent::Verdict(fine.clone()));
    s.apply(DemoEvent::Finished(report));
    assert_eq!(s.status, Status::Finished);
    assert!(s.is_over());
    assert_eq!(s.verdict, Some(fine));
    assert!((s.speedup_scale() - 2.0).abs() < 1e-9);
}

#[test]
fn joins_continuing_slices_and_ignores_nonsense() {
    let mut s = DemoState::new(crate::demo::DemoId::Gil, false);
    s.apply(started());
    for (a, b) in [(0.0, 5.0), (5.0, 10.0), (20.0, 25.0)] {
        s.apply(DemoEvent::Slice {
            run: 1,
            worker: 1,
            start_ms: a,
            end_ms: b,
        });
    }
    assert_eq!(s.runs[1].timeline[1], vec![(0.0, 10.0), (20.0, 25.0)]);
    assert!(s.runs[1].has_timeline());
    assert!((s.runs[1].timeline_end_ms() - 25.0).abs() < 1e-9);
    // Out-of-range runs and workers are ignored, not a panic.
    s.apply(DemoEvent::RunStarted { run: 99 });
    s.apply(DemoEvent::Progress {
        run: 1,
        worker: 100_000,
        done: 1,
        total: 0,
        elapsed_ms: 1.0,
    });
    s.apply(DemoEvent::Slice {
        run: 7,
        worker: 0,
        start_ms: 0.0,
        end_ms: 1.0,
    });
    assert_eq!(s.current, None);
    assert!(s.runs[1].worker_states.is_empty());
}

#[test]
fn a_run_made_again_starts_its_timeline_afresh_and_time_adds_up() {
    let mut s = DemoState::new(crate::demo::DemoId::Gil, false);
    s.apply(started());
    s.apply(DemoEvent::RunStarted { run: 1 });
    s.apply(DemoEvent::Slice {
        run: 1,
        worker: 0,
        start_ms: 0.0,
        end_ms: 40.0,
    });
    s.apply(DemoEvent::RunFinished {
        run: 1,
        result: result(RunMode::Threads, 2, 50.0, 1.9),
    });
    s.apply(DemoEvent::RunStarted { run: 1 });
    assert_eq!(s.runs[1].status, RunStatus::Running);
    assert!(!s.runs[1].has_timeline());
    assert!(s.runs[1].result.is_some(), "the medians so far stay");
    s.apply(DemoEvent::Progress {
        run: 1,
        worker: 0,
        done: 1,
        total: 2,
        elapsed_ms: 20.0,
    });
    assert!((s.elapsed_ms() - 70.0).abs() < 1e-9);
}

#[test]
fn a_second_cpythons_runs_are_appended_and_each_part_knows_its_cpython() {
    let py = |version: &str, gil_enabled| PythonInfo {
        version: version.into(),
        gil_enabled,
    };
    let mut s = DemoState::new(crate::demo::DemoId::Gil, true);
    s.apply(started());
    s.apply(DemoEvent::Python(py("3.12.3", true)));
    s.apply(DemoEvent::RunFinished {
        run: 1,
        result: result(RunMode::Threads, 2, 100.0, 1.0),
    });
    assert_eq!(s.parts, [0]);
    s.apply(DemoEvent::RunsAdded {
        plan: vec![PlannedRun {
            mode: RunMode::PythonThreading,
            workers: 2,
            ideal: Some(2.0),
        }],
    });
    assert_eq!(s.parts, [0, 2]);
    assert_eq!(s.runs.len(), 3);
    assert!(s.runs[2].python.is_none(), "not said yet");
    s.apply(DemoEvent::Python(py("3.13.1", false)));
    s.apply(DemoEvent::RunStarted { run: 2 });
    assert_eq!(s.current, Some(2));
    assert_eq!(s.runs[2].status, RunStatus::Running);
    // The first part keeps its CPython; the second has its own.
    assert_eq!(s.runs[0].python, Some(py("3.12.3", true)));
    assert_eq!(s.runs[1].python, Some(py("3.12.3", true)));
    assert_eq!(s.runs[2].python, Some(py("3.13.1", false)));
    assert_eq!(s.runs[1].status, RunStatus::Done);
}

#[test]
fn failure_and_cancel_end_the_demo() {
    let mut s = DemoState::new(crate::demo::DemoId::Pool, false);
    s.apply(DemoEvent::Failed("boom".into()));
    assert_eq!(s.status, Status::Failed);
    assert_eq!(s.error.as_deref(), Some("boom"));
    let mut s = DemoState::new(crate::demo::DemoId::Pool, false);
    s.apply(DemoEvent::Cancelled);
    assert!(s.is_over());
}
