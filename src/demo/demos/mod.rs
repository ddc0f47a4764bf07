//! The catalog's demos: each plans its runs, calibrates its work to the
//! time budget, runs, and words a verdict from what it measured.

mod cpu;
mod io;
mod os;

pub(crate) use io::io_wait;

use super::event::DemoReport;
use super::runner::Ctx;
use super::work::Stop;

/// Runs the demo `name` to its end (or cancel).
pub(crate) fn run(name: &str, ctx: &Ctx) -> Result<DemoReport, Stop> {
    match name {
        "gil" => cpu::gil(ctx),
        "cpu-bound" if ctx.python => super::python::cpu_bound(ctx),
        "cpu-bound" => cpu::cpu_bound(ctx),
        "process-sweep" => cpu::process_sweep(ctx),
        "pool" => cpu::pool(ctx),
        "io-bound" if ctx.python => super::python::io_bound(ctx),
        "io-bound" => io::io_bound(ctx),
        "thread-sweep" => io::thread_sweep(ctx),
        "event-loop" => io::event_loop(ctx),
        "subprocess" => os::subprocess(ctx),
        "signal" => os::signal(ctx),
        "shared-memory" => os::shared_memory(ctx),
        "spawn-cost" => os::spawn_cost(ctx),
        other => Err(Stop::failed(format!("demo '{other}' is not implemented"))),
    }
}

/// The number of waits of `io-bound`.
pub(crate) fn io_waits() -> usize {
    io::IO_WAITS
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
    fn formats() {
        assert_eq!(fmt_ms(1234.4), "1234 ms");
        assert_eq!(fmt_ms(12.34), "12.3 ms");
        assert_eq!(fmt_ms(0.123), "0.12 ms");
        assert_eq!(fmt_kib(12.0), "12 KiB");
        assert_eq!(fmt_kib(2048.0), "2.0 MiB");
        assert_eq!(fmt_kib(3.0 * 1024.0 * 1024.0), "3.0 GiB");
    }
}
