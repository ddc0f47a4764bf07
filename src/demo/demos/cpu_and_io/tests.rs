//! The `cpu-and-io` claims judged on hand-made numbers, every status.

use super::super::super::event::RunResult;
use super::super::super::verdict::{Disturbance, Judged, Measurements, Status, judge};
use super::python::{PYTHON_CLAIM, PYTHON_FREE_CLAIM};
use super::*;

/// A run with its speedup, ideal and CPU per wall-second.
fn run(mode: RunMode, workers: usize, speedup: f64, ideal: f64, cpw: f64) -> RunResult {
    RunResult {
        speedup: Some(speedup),
        ideal: Some(ideal),
        cpu_per_wall: Some(cpw),
        ..RunResult::new(mode, workers, 100.0)
    }
}

/// The native runs on 2 cores: CPU GIL threads `g`, CPU processes `p`, I/O
/// GIL threads `it`, I/O processes `ip`.
fn native(g: f64, p: f64, it: f64, ip: f64) -> Vec<RunResult> {
    vec![
        run(RunMode::CpuSequential, 1, 1.0, 1.0, 0.99),
        run(RunMode::CpuGilThreads, 2, g, 2.0, 0.99),
        run(RunMode::CpuProcesses, 2, p, 2.0, 1.97),
        run(RunMode::IoSequential, 1, 1.0, 1.0, 0.01),
        run(RunMode::IoGilThreads, 8, it, 8.0, 0.02),
        run(RunMode::IoProcesses, 8, ip, 8.0, 0.02),
    ]
}

fn judged(claim: &Claim, runs: &[RunResult], startup: f64, busy: f64, gil: Option<bool>) -> Judged {
    let (t, p) = (
        runs.iter().find(|r| r.mode.is_io_half() && r.workers > 1),
        runs.iter()
            .rev()
            .find(|r| r.mode.is_io_half() && r.workers > 1),
    );
    let ratio = t
        .zip(p)
        .and_then(|(t, p)| Some(t.speedup? / p.speedup?))
        .unwrap_or(f64::NAN);
    let named = [(IO_RATIO, ratio), (STARTUP_RATIO, startup)];
    let m = Measurements {
        cores: 2,
        runs,
        named: &named,
        gil_enabled: gil,
    };
    judge(
        claim,
        &m,
        &Disturbance {
            busy_cores: Some(busy),
        },
    )
}

#[test]
fn both_halves_supported_on_a_quiet_machine() {
    let j = judged(&CLAIM, &native(1.0, 1.95, 7.6, 7.4), 40.0, 0.05, None);
    assert_eq!(j.verdict.status, Status::Supported, "{}", j.verdict.text);
    assert!(j.verdict.text.contains("Multiprocessing for computations"));
}

#[test]
fn either_half_broken_on_a_quiet_machine_is_not_supported() {
    // CPU half: processes no faster than one worker.
    let j = judged(&CLAIM, &native(1.0, 1.1, 7.6, 7.4), 40.0, 0.05, None);
    assert_eq!(j.verdict.status, Status::NotSupported, "{}", j.verdict.text);
    // I/O half: threads far behind processes.
    let j = judged(&CLAIM, &native(1.0, 1.95, 5.0, 7.6), 40.0, 0.05, None);
    assert_eq!(j.verdict.status, Status::NotSupported, "{}", j.verdict.text);
    assert!(j.verdict.text.contains(IO_RATIO), "{}", j.verdict.text);
    // Processes started as fast as threads.
    let j = judged(&CLAIM, &native(1.0, 1.95, 7.6, 7.4), 1.2, 0.05, None);
    assert_eq!(j.verdict.status, Status::NotSupported, "{}", j.verdict.text);
    assert!(!j.verdict.text.contains("Multiprocessing for computations"));
}

#[test]
fn broken_on_a_busy_machine_is_inconclusive() {
    let j = judged(&CLAIM, &native(1.0, 1.1, 7.6, 7.4), 40.0, 1.8, None);
    assert_eq!(j.verdict.status, Status::Inconclusive, "{}", j.verdict.text);
    assert!(
        j.verdict.text.contains("1.8 of 2 cores"),
        "{}",
        j.verdict.text
    );
}

#[test]
fn each_half_has_its_own_physical_limit() {
    // 7.6× for I/O threads is fine (waits overlap up to 8×), but GIL threads
    // computing at 1.3× and processes at 2.6× on 2 cores are flagged.
    let j = judged(&CLAIM, &native(1.0, 2.6, 7.6, 7.4), 40.0, 0.05, None);
    assert_eq!(j.verdict.status, Status::Inconclusive, "{}", j.verdict.text);
    assert!(j.verdict.text.contains("Flagged"), "{}", j.verdict.text);
    assert!(
        j.verdict.text.contains("cpu-processes"),
        "{}",
        j.verdict.text
    );
    assert!(
        !j.verdict.text.contains("io-gil-threads speedup (8"),
        "{}",
        j.verdict.text
    );
    // The I/O half's 8 waits cannot overlap beyond 8×.
    let j = judged(&CLAIM, &native(1.0, 1.95, 9.5, 9.0), 40.0, 0.05, None);
    assert!(
        j.verdict
            .text
            .contains("io-gil-threads speedup (8 workers)"),
        "{}",
        j.verdict.text
    );
    // GIL threads computing: 1× is expected, no CPU-starved disturbance.
    let j = judged(&CLAIM, &native(1.3, 1.95, 7.6, 7.4), 40.0, 0.05, None);
    assert_eq!(j.verdict.status, Status::NotSupported, "{}", j.verdict.text);
}

fn python(t: f64, m: f64, it: f64, ip: f64) -> Vec<RunResult> {
    vec![
        run(RunMode::PythonCpuSequential, 1, 1.0, 1.0, 0.99),
        run(RunMode::PythonCpuThreading, 2, t, 2.0, 0.99),
        run(RunMode::PythonCpuMultiprocessing, 2, m, 2.0, 1.9),
        run(RunMode::PythonIoSequential, 1, 1.0, 1.0, 0.0),
        run(RunMode::PythonIoThreading, 8, it, 8.0, 0.0),
        run(RunMode::PythonIoMultiprocessing, 8, ip, 8.0, 0.0),
    ]
}

#[test]
fn cpython_every_status() {
    let ok = judged(
        &PYTHON_CLAIM,
        &python(1.0, 1.9, 7.8, 7.8),
        30.0,
        0.05,
        Some(true),
    );
    assert_eq!(ok.verdict.status, Status::Supported, "{}", ok.verdict.text);
    let bad = judged(
        &PYTHON_CLAIM,
        &python(1.0, 1.2, 7.8, 7.8),
        30.0,
        0.05,
        Some(true),
    );
    assert_eq!(
        bad.verdict.status,
        Status::NotSupported,
        "{}",
        bad.verdict.text
    );
    let busy = judged(
        &PYTHON_CLAIM,
        &python(1.0, 1.2, 7.8, 7.8),
        30.0,
        1.5,
        Some(true),
    );
    assert_eq!(
        busy.verdict.status,
        Status::Inconclusive,
        "{}",
        busy.verdict.text
    );
    // 3.07× with 2 workers on 2 cores: flagged.
    let over = judged(
        &PYTHON_CLAIM,
        &python(1.0, 3.07, 7.8, 7.8),
        30.0,
        0.05,
        Some(true),
    );
    assert!(
        over.verdict.text.contains("Flagged"),
        "{}",
        over.verdict.text
    );
    // Free-threaded: threads computing at 1.9× support the free claim.
    let free = judged(
        &PYTHON_FREE_CLAIM,
        &python(1.9, 1.9, 7.8, 7.8),
        30.0,
        0.05,
        Some(false),
    );
    assert_eq!(
        free.verdict.status,
        Status::Supported,
        "{}",
        free.verdict.text
    );
}

#[test]
fn start_up_ratio_and_text() {
    let s = StartUp {
        threads_ms: Some(0.5),
        processes_ms: Some(20.0),
        processes_kib: Some(8.0 * 1024.0),
    };
    assert_eq!(s.ratio(), Some(40.0));
    let t = s.text(8);
    assert!(
        t.contains("8 processes took 20.0 ms") && t.contains("8.0 MiB"),
        "{t}"
    );
    assert_eq!(StartUp::default().ratio(), None);
    assert!(StartUp::default().text(2).contains("not measurable"));
}

#[test]
fn io_ideal_is_the_waits_that_overlap() {
    assert!((io_ideal(8) - 8.0).abs() < 1e-9);
    assert!((io_ideal(16) - 16.0).abs() < 1e-9);
    assert!((io_ideal(5) - 16.0 / 4.0).abs() < 1e-9);
}
