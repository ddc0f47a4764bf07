//! The catalog's demos, one per file: each declares its card's claim (a
//! `CLAIM` of bounds on what it measures), plans its runs, sizes its work to
//! the time budget, runs, and sums up its figures; the verdict on the claim
//! is judged once, in `demo::verdict`.
//!
//! [`DEMOS`] ties every catalog entry to its run function.

mod cpu_and_io;
mod cpu_bound;
mod event_loop;
mod gil;
mod io_bound;
mod pool;
mod process_sweep;
mod shared_memory;
mod signal;
mod spawn_cost;
mod subprocess;
mod thread_sweep;
mod two_pythons;

use std::time::Duration;

use super::catalog::{self, DemoInfo};
use super::event::DemoReport;
use super::runner::Ctx;
use super::work::Stop;

/// How a demo runs: to its end (or a cancel), with a report.
type RunFn = fn(&Ctx) -> Result<DemoReport, Stop>;

/// Every catalog entry with its run function.
const DEMOS: &[(&DemoInfo, RunFn)] = &[
    (&catalog::GIL, gil::run),
    (&catalog::CPU_BOUND, cpu_bound::run),
    (&catalog::IO_BOUND, io_bound::run),
    (&catalog::PROCESS_SWEEP, process_sweep::run),
    (&catalog::THREAD_SWEEP, thread_sweep::run),
    (&catalog::CPU_AND_IO, cpu_and_io::run),
    (&catalog::SUBPROCESS, subprocess::run),
    (&catalog::SIGNAL, signal::run),
    (&catalog::SHARED_MEMORY, shared_memory::run),
    (&catalog::EVENT_LOOP, event_loop::run),
    (&catalog::POOL, pool::run),
    (&catalog::SPAWN_COST, spawn_cost::run),
];

/// Every claim a demo judges, by demo (CPython variants as `NAME --python`).
#[cfg(test)]
pub(crate) const CLAIMS: &[(&str, &super::verdict::Claim)] = &[
    ("gil", &gil::CLAIM),
    ("cpu-bound", &cpu_bound::CLAIM),
    ("cpu-bound --python (GIL)", &cpu_bound::PYTHON_GIL_CLAIM),
    (
        "cpu-bound --python (free-threaded)",
        &cpu_bound::PYTHON_FREE_CLAIM,
    ),
    ("io-bound", &io_bound::CLAIM),
    ("io-bound --python", &io_bound::PYTHON_CLAIM),
    ("process-sweep", &process_sweep::CLAIM),
    ("thread-sweep", &thread_sweep::CLAIM),
    ("thread-sweep --python", &thread_sweep::CLAIM),
    ("cpu-and-io", &cpu_and_io::CLAIM),
    ("cpu-and-io --python (GIL)", &cpu_and_io::PYTHON_CLAIM),
    (
        "cpu-and-io --python (free-threaded)",
        &cpu_and_io::PYTHON_FREE_CLAIM,
    ),
    ("subprocess", &subprocess::CLAIM),
    #[cfg(unix)]
    ("signal", &signal::CLAIM),
    ("shared-memory", &shared_memory::CLAIM),
    ("event-loop", &event_loop::CLAIM),
    ("pool", &pool::CLAIM),
    ("spawn-cost", &spawn_cost::CLAIM),
    ("shared-memory --python", &shared_memory::PYTHON_CLAIM),
    #[cfg(unix)]
    ("signal --python", &signal::PYTHON_CLAIM),
    ("spawn-cost --python", &spawn_cost::PYTHON_CLAIM),
    ("event-loop --python", &event_loop::PYTHON_CLAIM),
];

/// Runs the demo `info` to its end (or cancel).
pub(crate) fn run(info: &DemoInfo, ctx: &Ctx) -> Result<DemoReport, Stop> {
    match DEMOS.iter().find(|(d, _)| d.name == info.name) {
        Some((_, run)) if ctx.python && info.python => two_pythons::run_python(*run, ctx),
        Some((_, run)) => run(ctx),
        None => Err(Stop::failed(format!(
            "demo '{}' is not implemented",
            info.name
        ))),
    }
}

/// `d` in milliseconds.
pub(crate) fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// `ms` with a sensible number of decimals.
pub(crate) fn fmt_ms(ms: f64) -> String {
    if ms >= 100.0 {
        format!("{ms:.0} ms")
    } else if ms >= 10.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{ms:.2} ms")
    }
}

/// KiB as `12 KiB` or `3.4 MiB` or `1.9 GiB`.
pub(crate) fn fmt_kib(kib: f64) -> String {
    if kib.abs() >= 1024.0 * 1024.0 {
        format!("{:.1} GiB", kib / (1024.0 * 1024.0))
    } else if kib.abs() >= 1024.0 {
        format!("{:.1} MiB", kib / 1024.0)
    } else {
        format!("{kib:.0} KiB")
    }
}

/// Maps an I/O error with a child to `Cancelled` if the demo was cancelled
/// (killing the child is what broke the pipe), else to a failure.
pub(crate) fn pipe_error(ctx: &Ctx, what: &str, e: &std::io::Error) -> Stop {
    if ctx.cancel.is_cancelled() {
        Stop::Cancelled
    } else {
        Stop::failed(format!("{what}: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalog_entry_has_exactly_one_run_function() {
        for info in catalog::CATALOG {
            let n = DEMOS.iter().filter(|(d, _)| *d == info).count();
            assert_eq!(n, 1, "{}", info.name);
        }
        for (d, _) in DEMOS {
            assert!(
                catalog::find(d.name) == Some(*d),
                "{} is not in the catalog",
                d.name
            );
        }
        assert_eq!(DEMOS.len(), catalog::CATALOG.len());
    }

    #[test]
    fn formats() {
        assert_eq!(fmt_ms(1234.4), "1234 ms");
        assert_eq!(fmt_ms(12.34), "12.3 ms");
        assert_eq!(fmt_ms(0.123), "0.12 ms");
        assert_eq!(fmt_kib(12.0), "12 KiB");
        assert_eq!(fmt_kib(2048.0), "2.0 MiB");
        assert_eq!(fmt_kib(3.0 * 1024.0 * 1024.0), "3.0 GiB");
    }
}
