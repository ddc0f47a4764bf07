//! The demos on this machine, measured and judged (never asserted):
//! `cargo bench --bench demo`.
//!
//! For `gil`, `cpu-bound`, `process-sweep` and `io-bound` it prints the
//! verdict's status, the figures the claim is checked on, each run's CPU
//! seconds per wall second, and how many cores other programs used
//! (`busy_cores`). On a 2-core machine with 2 workers the cards expect
//! processes and threads ≥ 0.8 × 2, GIL threads ≤ 1.15, and io-bound
//! threads ≥ 0.6 × 16. Other programs using the cores lower the CPU
//! figures; the verdict then says *inconclusive* and the load average is
//! printed beside it. Set `CONCUR_BENCH_REPEAT=N` to run everything N times,
//! and `CONCUR_WORKER_EXE` to use another `concur` binary for the workers.

use std::time::{Duration, Instant};

use concur::demo::{self, CheckKind, DemoEvent, DemoOptions, DemoReport};

fn run(name: &str, workers: Option<usize>) -> Option<DemoReport> {
    let handle = demo::start(
        name.parse().ok()?,
        DemoOptions {
            workers,
            duration: Some(Duration::from_secs(3)),
            worker_exe: Some(
                std::env::var_os("CONCUR_WORKER_EXE")
                    .map_or_else(|| env!("CARGO_BIN_EXE_concur").into(), Into::into),
            ),
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

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

fn show(name: &str, r: &DemoReport, took: Duration) {
    let busy = r
        .busy_cores
        .map_or_else(|| "unknown".to_string(), |b| format!("{b:.2}"));
    println!(
        "{name:<14} {:<13} busy_cores {busy:<5} {:.1} s",
        r.verdict.status.word(),
        took.as_secs_f64()
    );
    for c in r.claim.iter().filter(|c| c.kind == CheckKind::Claim) {
        println!(
            "    {:<48} {:>7} {}",
            c.figure,
            c.value
                .map_or_else(|| "-".to_string(), |v| format!("{v:.2}")),
            c.bound
        );
    }
    let cpw: Vec<String> = r
        .runs
        .iter()
        .map(|x| {
            format!(
                "{}({}) {}",
                x.mode,
                x.workers,
                x.cpu_per_wall
                    .map_or_else(|| "-".to_string(), |c| format!("{c:.2}"))
            )
        })
        .collect();
    println!("    cpu per wall: {}", cpw.join(", "));
    for c in r.claim.iter().filter(|c| c.kind == CheckKind::Limit) {
        if c.holds == Some(false) {
            println!("    FLAGGED: {} {:?} {}", c.figure, c.value, c.bound);
        }
    }
}

fn main() {
    let repeat: usize = std::env::var("CONCUR_BENCH_REPEAT")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    println!("cores: {}", demo::cores());
    for i in 0..repeat {
        println!("-- pass {} of {repeat}, load average {}", i + 1, load());
        for (name, workers) in [
            ("gil", Some(2)),
            ("cpu-bound", Some(2)),
            ("process-sweep", None),
            ("io-bound", None),
        ] {
            let t = Instant::now();
            if let Some(r) = run(name, workers) {
                show(name, &r, t.elapsed());
            }
        }
    }
}
