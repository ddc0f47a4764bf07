//! The verdict with the workers' overlap (when they ran at once), from
//! constructed numbers: the mechanism shown on a busy machine, "ran at
//! once, each slower", and figures never measured.

use super::super::*;
use super::{assert_status, claim, judged, run, seq};
use crate::demo::event::RunResult;

/// A run with its overlap (ms over a 100 ms run) and per-worker slowdown.
fn with(r: RunResult, overlap_ms: f64, slowdown: f64) -> RunResult {
    RunResult {
        overlap_ms: Some(overlap_ms),
        overlap_fraction: Some(overlap_ms / r.wall_ms),
        worker_slowdown: Some(slowdown),
        ..r
    }
}

/// cpu-bound as measured with two CPU hogs on both cores: every speedup
/// bent by the load (GIL threads even above the 1× one core allows), but
/// GIL threads never ran at once and threads and processes did.
fn busy_cpu_bound(gil_ms: f64, threads_ms: f64, procs_ms: f64) -> Vec<RunResult> {
    vec![
        seq(),
        with(run(RunMode::GilThreads, 2, 1.27, 0.6), gil_ms, 1.0),
        with(run(RunMode::Threads, 2, 1.31, 0.9), threads_ms, 1.0),
        with(run(RunMode::Processes, 2, 1.40, 0.95), procs_ms, 1.0),
    ]
}

#[test]
fn a_busy_machine_supports_the_claim_when_the_overlap_shows_the_mechanism() {
    let j = judged("cpu-bound", &busy_cpu_bound(0.0, 30.0, 45.0), &[], 1.2);
    assert_status(
        &j,
        Status::Supported,
        &[
            claim("cpu-bound").conclusion,
            "processes ran at once 45 ms (45 % of the run)",
            "gil-threads never ran at once (0.0 ms)",
            "The speedups are what this load allowed (other programs used 1.2 of 2 cores): threads 1.31× against an ideal 2× and processes 1.40× against an ideal 2×",
            "The gil-threads speedup is above 1.15× only because the baseline ran slower",
            "the overlap shows the mechanism anyway",
        ],
    );
    // The impossible 1.27× is flagged, never quoted as a result.
    assert!(j.verdict.text.contains("Flagged"), "{}", j.verdict.text);
    assert!(!j.verdict.text.contains("gil-threads 1.27×"));
}

#[test]
fn a_busy_machine_where_processes_never_ran_at_once_is_inconclusive() {
    let j = judged("cpu-bound", &busy_cpu_bound(0.0, 30.0, 0.4), &[], 1.9);
    assert_status(
        &j,
        Status::Inconclusive,
        &["processes never ran at once (0.4 ms): other programs held the cores"],
    );
    assert!(!j.verdict.text.contains(claim("cpu-bound").conclusion));
}

#[test]
fn gil_threads_that_ran_at_once_contradict_the_claim() {
    let mut runs = busy_cpu_bound(12.0, 30.0, 45.0);
    for r in &mut runs[1..] {
        r.speedup = Some(if r.mode == RunMode::GilThreads {
            1.0
        } else {
            1.95
        });
        r.cpu_per_wall = Some(if r.mode == RunMode::GilThreads {
            1.0
        } else {
            1.95
        });
    }
    let j = judged("cpu-bound", &runs, &[], 0.0);
    assert_status(
        &j,
        Status::NotSupported,
        &["gil-threads ran at once 12 ms", "cannot allow"],
    );
}

/// CPython on an idle machine here: multiprocessing 1.29× while both
/// processes ran at once, each needing 1.5× the CPU time per unit of work
/// (two virtual cores sharing hardware). The mechanism is shown; the
/// shortfall is named, never "did not run in parallel".
#[test]
fn ran_at_once_each_slower_is_not_did_not_run_at_once() {
    let runs = |slowdown: f64| {
        vec![
            run(RunMode::PythonSequential, 1, 1.0, 0.99),
            with(run(RunMode::PythonThreading, 2, 1.01, 1.0), 0.0, 1.0),
            with(
                run(RunMode::PythonMultiprocessing, 2, 1.29, 1.9),
                70.0,
                slowdown,
            ),
        ]
    };
    let j = judged("cpu-bound --python (GIL)", &runs(1.5), &[], 0.01);
    assert_status(
        &j,
        Status::Supported,
        &[
            "python-multiprocessing ran at once 70 ms",
            "each worker needed 1.50× the CPU time per unit of work the lone one did",
            "which is why 1.29× falls short",
        ],
    );
    // No slowdown to account for it: not supported, but still not "never
    // ran at once".
    let j = judged("cpu-bound --python (GIL)", &runs(1.0), &[], 0.01);
    assert_status(
        &j,
        Status::NotSupported,
        &[
            "python-multiprocessing speedup 1.29× is below 1.60×",
            "python-multiprocessing ran at once 70 ms",
        ],
    );
    assert!(
        !j.verdict
            .text
            .contains("python-multiprocessing never ran at once")
    );
}

/// `process-sweep --workers 2` on 2 cores: no run beyond the cores, so
/// "never more" was not tested and cannot be supported.
#[test]
fn a_figure_never_measured_is_never_supported() {
    let runs = vec![
        seq(),
        run(RunMode::Processes, 1, 1.0, 0.99),
        run(RunMode::Processes, 2, 1.95, 1.95),
    ];
    let j = judged("process-sweep", &runs, &[], 0.0);
    assert_status(
        &j,
        Status::Inconclusive,
        &[
            "Not tested",
            "no processes run had more workers than the 2 cores",
        ],
    );
    assert!(!j.verdict.text.contains(claim("process-sweep").conclusion));
}

/// The same claims judged without overlap (a platform or workload that
/// does not stamp) keep the speedup rules.
#[test]
fn without_overlap_the_speedups_decide_as_before() {
    let mut runs = busy_cpu_bound(0.0, 30.0, 45.0);
    for r in &mut runs {
        r.overlap_ms = None;
    }
    let j = judged("cpu-bound", &runs, &[], 1.2);
    assert_status(
        &j,
        Status::Inconclusive,
        &["other programs used 1.2 of 2 cores"],
    );
}
