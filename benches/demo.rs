//! The demo targets, measured (not asserted): `cargo bench --bench demo`.
//!
//! On a 2-core machine with 2 workers the issue expects cpu-bound processes
//! and threads ≥ 1.8×, GIL threads ≤ 1.15×, and io-bound (16 waits of
//! 100 ms on 16 threads) ≥ 12×. Other programs using the cores lower the
//! CPU figures; the load average is printed beside them.

use std::time::Duration;

use concur::demo::{self, DemoEvent, DemoOptions, DemoReport, RunMode};

fn run(name: &str, workers: Option<usize>) -> Option<DemoReport> {
    let handle = demo::start(
        name,
        DemoOptions {
            workers,
            duration: Some(Duration::from_secs(3)),
            worker_exe: Some(env!("CARGO_BIN_EXE_concur").into()),
            ..DemoOptions::default()
        },
    )
    .ok()?;
    for ev in handle.events() {
        match ev {
            DemoEvent::Finished(report) => return Some(report),
            DemoEvent::Failed(msg) => {
                eprintln!("{name} failed: {msg}");
                return None;
            }
            DemoEvent::Cancelled => return None,
            _ => {}
        }
    }
    None
}

fn speedup(report: &DemoReport, mode: RunMode) -> f64 {
    report
        .runs
        .iter()
        .find(|r| r.mode == mode)
        .and_then(|r| r.speedup)
        .unwrap_or(f64::NAN)
}

fn check(what: &str, got: f64, ok: bool, target: &str) {
    println!(
        "{what:<28} {got:>6.2}×   target {target:<8} {}",
        if ok { "met" } else { "NOT met" }
    );
}

fn main() {
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "cores: {}   load average: {}",
        demo::cores(),
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
    if let Some(r) = run("cpu-bound", Some(2)) {
        let (p, t, g) = (
            speedup(&r, RunMode::Processes),
            speedup(&r, RunMode::Threads),
            speedup(&r, RunMode::GilThreads),
        );
        check("cpu-bound processes (2)", p, p >= 1.8, ">= 1.8");
        check("cpu-bound threads (2)", t, t >= 1.8, ">= 1.8");
        check("cpu-bound gil-threads (2)", g, g <= 1.15, "<= 1.15");
    }
    if let Some(r) = run("io-bound", None) {
        let t = speedup(&r, RunMode::Threads);
        check("io-bound threads (16)", t, t >= 12.0, ">= 12");
    }
}
