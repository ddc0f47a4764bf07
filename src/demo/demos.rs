//! The catalog's demos, one per file: each declares its card's claim (a
//! `CLAIM` of bounds on what it measures), plans its runs, sizes its work to
//! the time budget, runs, and sums up its figures; the verdict on the claim
//! is judged once, in `demo::verdict`.
//!
//! [`run_fns`] ties every catalog entry to its run functions, native and
//! CPython (a `match`, so a demo added to the catalog without one does not
//! compile).

mod beside;
mod cpu_and_io;
mod cpu_bound;
mod event_loop;
mod gil;
mod io_bound;
mod pool;
mod process_sweep;
mod shared_memory;
mod signal;
mod skeleton;
mod spawn_cost;
mod subprocess;
mod thread_sweep;
mod two_pythons;

use std::time::Duration;

use super::catalog::DemoId;
use super::event::DemoReport;
use super::runner::Ctx;
use super::work::Stop;

/// How a demo runs: to its end (or a cancel), with a report.
type RunFn = fn(&Ctx) -> Result<DemoReport, Stop>;

/// The run functions of the demo `id`: natively, and with the real
/// CPython (`--python`) for the demos whose catalog entry offers it.
fn run_fns(id: DemoId) -> (RunFn, Option<RunFn>) {
    match id {
        DemoId::Gil => (gil::run, Some(gil::run_python)),
        DemoId::CpuBound => (cpu_bound::run, Some(cpu_bound::run_python)),
        DemoId::IoBound => (io_bound::run, Some(io_bound::run_python)),
        DemoId::ProcessSweep => (process_sweep::run, None),
        DemoId::ThreadSweep => (thread_sweep::run, Some(thread_sweep::run_python)),
        DemoId::CpuAndIo => (cpu_and_io::run, Some(cpu_and_io::run_python)),
        DemoId::Subprocess => (subprocess::run, None),
        DemoId::Signal => (signal::run, Some(signal::run_python)),
        DemoId::SharedMemory => (shared_memory::run, Some(shared_memory::run_python)),
        DemoId::EventLoop => (event_loop::run, Some(event_loop::run_python)),
        DemoId::Pool => (pool::run, Some(pool::run_python)),
        DemoId::SpawnCost => (spawn_cost::run, Some(spawn_cost::run_python)),
    }
}

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

/// Runs the context's demo to its end (or cancel): natively, then with the
/// real CPython beside it if the context asks for it and the demo has a
/// CPython variant.
pub(crate) fn run(ctx: &Ctx) -> Result<DemoReport, Stop> {
    match run_fns(ctx.demo) {
        (native, Some(python)) if ctx.python => beside::run(native, python, ctx),
        (native, _) => native(ctx),
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
    fn a_demo_has_a_cpython_run_exactly_when_its_catalog_entry_offers_one() {
        for info in super::super::catalog::CATALOG {
            assert_eq!(run_fns(info.id).1.is_some(), info.python, "{}", info.name);
        }
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
