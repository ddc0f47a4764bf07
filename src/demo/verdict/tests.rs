//! The verdict with hand-made numbers: every demo's claim, every status.

#![allow(clippy::unwrap_used)]

use proptest::prelude::*;

use super::*;
use crate::demo::demos::CLAIMS;
use crate::demo::event::RunResult;

fn claim(name: &str) -> &'static Claim {
    CLAIMS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, c)| *c)
        .unwrap()
}

/// A run with a speedup, its ideal min(workers, 2 cores) and a CPU per wall.
fn run(mode: RunMode, workers: usize, speedup: f64, cpu_per_wall: f64) -> RunResult {
    RunResult {
        speedup: Some(speedup),
        ideal: Some(if workers == 1 {
            1.0
        } else {
            workers.min(2) as f64
        }),
        cpu_per_wall: Some(cpu_per_wall),
        ..RunResult::new(mode, workers, 100.0)
    }
}

fn seq() -> RunResult {
    run(RunMode::Sequential, 1, 1.0, 0.99)
}

fn judged(name: &str, runs: &[RunResult], named: &[(&'static str, f64)], busy: f64) -> Judged {
    judge(
        claim(name),
        &Measurements {
            cores: 2,
            runs,
            named,
            gil_enabled: None,
        },
        &Disturbance {
            busy_cores: Some(busy),
        },
    )
}

fn gil_runs(gil: f64, threads: f64) -> Vec<RunResult> {
    vec![
        seq(),
        run(RunMode::GilThreads, 2, gil, 0.98),
        run(RunMode::Threads, 2, threads, 1.95),
    ]
}

fn assert_status(j: &Judged, status: Status, words: &[&str]) {
    assert_eq!(j.verdict.status, status, "{}", j.verdict.text);
    for w in words {
        assert!(
            j.verdict.text.contains(w),
            "{w:?} not in {:?}",
            j.verdict.text
        );
    }
}

#[test]
fn gil_supported_on_a_clean_run_with_the_conclusion() {
    let j = judged("gil", &gil_runs(0.99, 1.96), &[], 0.05);
    assert_status(&j, Status::Supported, &[claim("gil").conclusion]);
    assert!(j.checks.iter().all(|c| c.holds == Some(true)));
    assert_eq!(
        j.checks
            .iter()
            .filter(|c| c.kind == CheckKind::Claim)
            .count(),
        2
    );
}

#[test]
fn gil_threads_at_1_3_are_inconclusive_when_disturbed_and_not_supported_when_clean() {
    let busy = judged("gil", &gil_runs(1.3, 1.9), &[], 1.4);
    assert_status(
        &busy,
        Status::Inconclusive,
        &[
            "gil-threads speedup 1.30× is above 1.15×",
            "other programs used 1.4 of 2 cores",
        ],
    );
    assert!(!busy.verdict.text.contains(claim("gil").conclusion));
    let clean = judged("gil", &gil_runs(1.3, 1.9), &[], 0.02);
    assert_status(
        &clean,
        Status::NotSupported,
        &[
            "Not supported",
            "gil-threads speedup 1.30× is above 1.15×",
            "0.02 of 2 cores",
        ],
    );
    assert!(!clean.verdict.text.contains(claim("gil").conclusion));
    // Above 1× under a GIL is flagged too.
    assert!(
        clean.verdict.text.contains("Flagged"),
        "{}",
        clean.verdict.text
    );
}

#[test]
fn gil_threads_a_little_above_one_are_flagged_not_support() {
    // 1.10× is within the claim's 1.15× but above what one core can give.
    let j = judged("gil", &gil_runs(1.10, 1.95), &[], 0.0);
    assert_status(
        &j,
        Status::Inconclusive,
        &["Flagged", "gil-threads speedup (2 workers) 1.10×"],
    );
}

#[test]
fn cpu_bound_above_the_cores_is_flagged_with_its_cause() {
    let runs = vec![
        run(RunMode::Sequential, 1, 1.0, 0.7),
        run(RunMode::GilThreads, 2, 1.0, 0.99),
        run(RunMode::Threads, 2, 3.07, 1.98),
        run(RunMode::Processes, 2, 1.95, 1.97),
    ];
    let j = judged("cpu-bound", &runs, &[], 0.1);
    assert_status(
        &j,
        Status::Inconclusive,
        &[
            "threads speedup (2 workers) 3.07× is above 2.10×",
            "baseline was slowed (it got 0.70 CPU-s per wall-s)",
        ],
    );
    assert!(!j.verdict.text.contains(claim("cpu-bound").conclusion));
}

#[test]
fn cpu_bound_processes_short_on_a_busy_machine_are_inconclusive() {
    let runs = vec![
        seq(),
        run(RunMode::GilThreads, 2, 1.0, 0.99),
        run(RunMode::Threads, 2, 1.9, 1.9),
        run(RunMode::Processes, 2, 0.9, 1.1),
    ];
    let j = judged("cpu-bound", &runs, &[], 1.5);
    assert_status(
        &j,
        Status::Inconclusive,
        &[
            "processes speedup 0.90× is below 1.60× (0.8 × the ideal 2×)",
            "other programs used 1.5 of 2 cores",
            "processes got 1.10 CPU-s per wall-s, not ~2",
        ],
    );
    // Unknown load, but the workers' own clocks say they were starved.
    let j = judge(
        claim("cpu-bound"),
        &Measurements {
            cores: 2,
            runs: &runs,
            named: &[],
            gil_enabled: None,
        },
        &Disturbance { busy_cores: None },
    );
    assert_status(
        &j,
        Status::Inconclusive,
        &["processes got 1.10 CPU-s per wall-s"],
    );
    // The same numbers on a clean machine with well-fed workers: not supported.
    let mut clean = runs.clone();
    clean[3].cpu_per_wall = Some(1.95);
    let j = judged("cpu-bound", &clean, &[], 0.0);
    assert_status(&j, Status::NotSupported, &["processes speedup 0.90×"]);
}

#[test]
fn cpu_bound_supported() {
    let runs = vec![
        seq(),
        run(RunMode::GilThreads, 2, 0.99, 0.99),
        run(RunMode::Threads, 2, 1.97, 1.97),
        run(RunMode::Processes, 2, 1.96, 1.98),
    ];
    let j = judged("cpu-bound", &runs, &[], 0.1);
    assert_status(
        &j,
        Status::Supported,
        &["processes (or a free-threaded build)"],
    );
}

#[test]
fn python_gil_and_free_threaded_claims() {
    let runs = |t: f64, m: f64, workers: usize| {
        vec![
            run(RunMode::PythonSequential, 1, 1.0, 0.99),
            run(RunMode::PythonThreading, workers, t, 1.0),
            run(RunMode::PythonMultiprocessing, workers, m, 1.9),
        ]
    };
    // The audit's figures: threading 1.20× and multiprocessing 1.23×, clean.
    let j = judged("cpu-bound --python (GIL)", &runs(1.20, 1.23, 2), &[], 0.0);
    assert_status(
        &j,
        Status::NotSupported,
        &[
            "python-threading speedup 1.20×",
            "python-multiprocessing speedup 1.23×",
        ],
    );
    // 3.07× with 4 workers on 2 cores: flagged.
    let j = judged("cpu-bound --python (GIL)", &runs(1.0, 3.07, 4), &[], 0.0);
    assert_status(
        &j,
        Status::Inconclusive,
        &["python-multiprocessing speedup (4 workers) 3.07× is above 2.10×"],
    );
    let j = judged("cpu-bound --python (GIL)", &runs(1.0, 1.9, 2), &[], 0.0);
    assert_status(&j, Status::Supported, &[]);
    // Free-threaded: threads must be parallel; 1.0× is not supported there.
    let free = runs(1.0, 1.9, 2);
    let m = Measurements {
        cores: 2,
        runs: &free,
        named: &[],
        gil_enabled: Some(false),
    };
    let j = judge(
        claim("cpu-bound --python (free-threaded)"),
        &m,
        &Disturbance::default(),
    );
    assert_status(
        &j,
        Status::NotSupported,
        &["python-threading speedup 1.00×"],
    );
}

#[test]
fn io_bound_every_status() {
    let runs = |t: f64, g: f64| {
        vec![
            RunResult {
                ideal: Some(1.0),
                ..run(RunMode::Sequential, 1, 1.0, 0.01)
            },
            RunResult {
                ideal: Some(16.0),
                ..run(RunMode::GilThreads, 16, g, 0.02)
            },
            RunResult {
                ideal: Some(16.0),
                ..run(RunMode::Threads, 16, t, 0.02)
            },
        ]
    };
    let ok = judged("io-bound", &runs(15.6, 15.3), &[], 0.1);
    assert_status(&ok, Status::Supported, &["releases the GIL"]);
    let short = judged("io-bound", &runs(15.6, 5.0), &[], 0.1);
    assert_status(
        &short,
        Status::NotSupported,
        &["gil-threads speedup 5.00× is below 9.60×"],
    );
    let busy = judged("io-bound", &runs(15.6, 5.0), &[], 1.9);
    assert_status(
        &busy,
        Status::Inconclusive,
        &["other programs used 1.9 of 2 cores"],
    );
    // Waits do not expect CPU: a low CPU per wall is no disturbance.
    assert!(!busy.verdict.text.contains("CPU-s per wall-s"));
    let over = judged("io-bound", &runs(17.5, 15.0), &[], 0.0);
    assert_status(
        &over,
        Status::Inconclusive,
        &["threads speedup (16 workers) 17.50× is above 16.80×"],
    );
}

fn sweep(speedups: &[(usize, f64)]) -> Vec<RunResult> {
    let mut v = vec![seq()];
    v.extend(
        speedups
            .iter()
            .map(|&(n, s)| run(RunMode::Processes, n, s, n.min(2) as f64 * 0.97)),
    );
    v
}

#[test]
fn process_sweep_every_status() {
    let good = sweep(&[(1, 1.0), (2, 1.95), (3, 1.9), (4, 1.93)]);
    let j = judged("process-sweep", &good, &[], 0.1);
    assert_status(&j, Status::Supported, &["never more"]);
    // The peak at 1 process on a clean run: not supported, and it says so.
    let low = sweep(&[(1, 1.0), (2, 1.05), (3, 1.3), (4, 1.2)]);
    let j = judged("process-sweep", &low, &[], 0.0);
    assert_status(
        &j,
        Status::NotSupported,
        &[
            "processes speedup with 2 workers 1.05× is below 1.60×",
            "above 2 workers",
        ],
    );
    let j = judged("process-sweep", &low, &[], 1.2);
    assert_status(
        &j,
        Status::Inconclusive,
        &["other programs used 1.2 of 2 cores"],
    );
    // 3 processes beating 2 by far on 2 cores: the claim's "never more" broke.
    let more = sweep(&[(1, 1.0), (2, 1.7), (3, 2.05), (4, 1.9)]);
    let j = judged("process-sweep", &more, &[], 0.0);
    assert_status(&j, Status::NotSupported, &["relative to 2"]);
}

#[test]
fn named_figures_every_demo_without_speedups() {
    type Named = &'static [(&'static str, f64)];
    let cases: &[(&str, Named, Named)] = &[
        (
            "thread-sweep",
            &[("threads per core (m) of the best run", 8.0)],
            &[("threads per core (m) of the best run", 1.0)],
        ),
        (
            "shared-memory",
            &[
                ("updates lost without a lock, %", 21.0),
                ("updates lost with a mutex, %", 0.0),
                ("updates lost with an atomic, %", 0.0),
                ("processes whose own count is not theirs", 0.0),
            ],
            &[
                ("updates lost without a lock, %", 21.0),
                ("updates lost with a mutex, %", 0.5),
                ("updates lost with an atomic, %", 0.0),
                ("processes whose own count is not theirs", 0.0),
            ],
        ),
        (
            "event-loop",
            &[
                ("event loop wall time / thread-per-wait wall time", 1.0),
                (
                    "thread-per-wait memory / event loop memory (KiB, at least 1)",
                    40.0,
                ),
            ],
            &[
                ("event loop wall time / thread-per-wait wall time", 1.0),
                (
                    "thread-per-wait memory / event loop memory (KiB, at least 1)",
                    1.1,
                ),
            ],
        ),
        (
            "signal",
            &[
                ("units the child computed while signalled", 900.0),
                ("mean time to handle a SIGUSR1, ms", 0.2),
            ],
            &[
                ("units the child computed while signalled", 900.0),
                ("mean time to handle a SIGUSR1, ms", 80.0),
            ],
        ),
        (
            "spawn-cost",
            &[
                ("time to create a thread / a task", 300.0),
                ("time to create a process / a thread", 20.0),
            ],
            &[
                ("time to create a thread / a task", 300.0),
                ("time to create a process / a thread", 0.5),
            ],
        ),
    ];
    for (name, good, bad) in cases {
        assert_status(&judged(name, &[], good, 0.0), Status::Supported, &[]);
        assert_status(&judged(name, &[], bad, 0.0), Status::NotSupported, &[]);
        assert_status(
            &judged(name, &[], bad, 1.0),
            Status::Inconclusive,
            &["1.0 of 2 cores"],
        );
        assert_status(
            &judged(name, &[], &[], 0.0),
            Status::Inconclusive,
            &["None of the figures"],
        );
    }
}

#[test]
fn subprocess_and_pool() {
    let pipe = |s: f64| {
        vec![
            run(RunMode::RoundTrip, 1, 1.0, 0.5),
            RunResult {
                ideal: None,
                ..run(RunMode::Pipelined, 1, s, 0.5)
            },
        ]
    };
    assert_status(
        &judged("subprocess", &pipe(6.0), &[], 0.0),
        Status::Supported,
        &["stream"],
    );
    assert_status(
        &judged("subprocess", &pipe(0.8), &[], 0.0),
        Status::NotSupported,
        &[],
    );
    let pool = |p: f64| {
        vec![
            seq(),
            run(RunMode::GilThreadPool, 2, 0.98, 0.98),
            run(RunMode::ThreadPool, 2, 1.9, 1.9),
            run(RunMode::ProcessPool, 2, p, 1.9),
        ]
    };
    let same = [("job results that differed between modes", 0.0)];
    assert_status(
        &judged("pool", &pool(1.8), &same, 0.0),
        Status::Supported,
        &[],
    );
    assert_status(
        &judged("pool", &pool(1.0), &same, 0.0),
        Status::NotSupported,
        &[],
    );
    let differ = [("job results that differed between modes", 3.0)];
    assert_status(
        &judged("pool", &pool(1.8), &differ, 0.0),
        Status::NotSupported,
        &["differed"],
    );
}

#[test]
fn statuses_serialize_as_the_json_words() {
    let words: Vec<String> = [
        Status::Supported,
        Status::Inconclusive,
        Status::NotSupported,
    ]
    .iter()
    .map(|s| serde_json::to_string(s).unwrap())
    .collect();
    assert_eq!(
        words,
        ["\"supported\"", "\"inconclusive\"", "\"not-supported\""]
    );
}

fn any_mode() -> impl Strategy<Value = RunMode> {
    prop::sample::select(RunMode::ALL.to_vec())
}

prop_compose! {
    fn any_run()(mode in any_mode(), workers in 1usize..6, speedup in prop::option::of(0.0f64..20.0),
                 ideal in prop::option::of(0.5f64..16.0), cpw in prop::option::of(0.0f64..4.0)) -> RunResult {
        RunResult { speedup, ideal, cpu_per_wall: cpw, ..RunResult::new(mode, workers, 50.0) }
    }
}

proptest! {
    /// Whatever the numbers: supported only when every claim bound holds and
    /// no physical limit is broken; the conclusion only when supported; not
    /// supported only when nothing disturbed the run.
    #[test]
    fn the_status_agrees_with_the_checks(
        which in 0..CLAIMS.len(),
        runs in prop::collection::vec(any_run(), 0..6),
        values in prop::collection::vec(0.0f64..100.0, 4),
        busy in prop::option::of(0.0f64..2.0),
        gil in prop::option::of(any::<bool>()),
    ) {
        let (_, claim) = CLAIMS[which];
        let named: Vec<(&'static str, f64)> = claim.bounds.iter().zip(&values).filter_map(|(b, v)| match b.figure {
            Figure::Named(n) => Some((n, *v)),
            _ => None,
        }).collect();
        let m = Measurements { cores: 2, runs: &runs, named: &named, gil_enabled: gil };
        let d = Disturbance { busy_cores: busy };
        let j = judge(claim, &m, &d);
        let any_broken = j.checks.iter().any(|c| c.holds == Some(false));
        match j.verdict.status {
            Status::Supported => {
                prop_assert!(!any_broken, "{:?}", j.checks);
                prop_assert_eq!(&j.verdict.text, claim.conclusion);
            }
            Status::NotSupported => {
                prop_assert!(any_broken);
                prop_assert!(busy.is_none_or(|b| b < BUSY_CORES));
            }
            Status::Inconclusive => {}
        }
        if j.verdict.status != Status::Supported {
            prop_assert!(!j.verdict.text.contains(claim.conclusion));
        }
    }
}
