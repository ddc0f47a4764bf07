//! `cpu-and-io --python`: real CPython runs both halves, computations and
//! sleeps, on a `ThreadPoolExecutor` and a `ProcessPoolExecutor`, in
//! interleaved rounds; the pools' start-up and the processes' memory are
//! measured apart.
use super::super::super::event::DemoReport;
use super::super::super::mode::RunMode;
use super::super::super::python::{self as py, more_while_inconclusive};
use super::super::super::runner::{Ctx, ROUNDS, baseline, plan};
use super::super::super::verdict::{Bound, Claim, Figure, Limit, Work};
use super::super::super::work::Stop;
use super::super::skeleton::sizing;
use super::{IO_RATIO, STARTUP_RATIO, StartUp, WAITS, io_ideal, io_sizing, named};
use crate::text::plural;

/// What the two cards claim, of CPython with its GIL.
pub(crate) const PYTHON_CLAIM: Claim = Claim {
    says: "for computations CPython's processes run in parallel (near min(workers, cores)×) while its threads take turns on the GIL (no faster than one thread, ≤ 1.15×); for sleeps, its threads overlap them about as well as processes (at least 0.9 × their speedup) and start at a fraction of the cost (processes take at least 2 × as long)",
    conclusion: "Multiprocessing for computations (the cores compute at once); threading for I/O (a sleeping thread releases the GIL, and threads are cheaper to start and share memory).",
    bounds: &bounds(Bound::at_most(
        Figure::Speedup(RunMode::PythonCpuThreading),
        Limit::Fixed(1.15),
    )),
    work: Work::CpuAndWaits,
};

/// The same of a free-threaded CPython: its threads compute in parallel
/// too, so only the I/O half and the start-up are claimed against them.
pub(crate) const PYTHON_FREE_CLAIM: Claim = Claim {
    says: "without the GIL CPython's threads compute in parallel like its processes (near min(workers, cores)×); for sleeps its threads overlap them about as well as processes and start at a fraction of the cost",
    conclusion: "Without the GIL threads compute in parallel too; for I/O threads remain the cheaper choice.",
    bounds: &bounds(Bound::at_least(
        Figure::Speedup(RunMode::PythonCpuThreading),
        Limit::Ideal(0.8),
    )),
    work: Work::CpuAndWaits,
};

/// The bounds of both claims: `threads`, the one on the CPU threads' speedup
/// (where the GIL makes the difference), then the ones they share.
const fn bounds(threads: Bound) -> [Bound; 5] {
    [
        threads,
        Bound::at_least(
            Figure::Speedup(RunMode::PythonCpuMultiprocessing),
            Limit::Ideal(0.8),
        ),
        Bound::at_least(
            Figure::Speedup(RunMode::PythonIoThreading),
            Limit::Ideal(0.6),
        ),
        Bound::at_least(Figure::Named(IO_RATIO), Limit::Fixed(0.9)),
        Bound::at_least(Figure::Named(STARTUP_RATIO), Limit::Fixed(2.0)),
    ]
}

fn claim(gil: bool) -> &'static Claim {
    if gil {
        &PYTHON_CLAIM
    } else {
        &PYTHON_FREE_CLAIM
    }
}

const THREADS_MS: &str = "python threads start-up ms";
const PROCESSES_MS: &str = "python processes start-up ms";
const PROCESSES_KIB: &str = "python processes resident KiB";

/// Runs `cpu-and-io --python`.
pub(in super::super) fn run(ctx: &Ctx) -> Result<DemoReport, Stop> {
    let (w, p) = sizing(ctx, 4);
    let round = ctx.budget_share(0.8 / ROUNDS.min as f64);
    let (io_w, wait) = io_sizing(ctx, round);
    let io = Some(io_ideal(io_w));
    let plans = vec![
        baseline(RunMode::PythonCpuSequential),
        plan(RunMode::PythonCpuThreading, w, Some(p)),
        plan(RunMode::PythonCpuMultiprocessing, w, Some(p)),
        baseline(RunMode::PythonIoSequential),
        plan(RunMode::PythonIoThreading, io_w, io),
        plan(RunMode::PythonIoMultiprocessing, io_w, io),
    ];
    let args = [
        w.to_string(),
        py::ms_arg(round.mul_f64(0.5 / (2.0 + 1.5 / p))),
        io_w.to_string(),
        py::ms_arg(wait),
        WAITS.to_string(),
        ROUNDS.min.to_string(),
        ROUNDS.max.to_string(),
        py::ms_arg(round),
        py::ms_arg(ctx.budget.mul_f64(super::super::super::runner::OVERRUN)),
    ];
    let mut more = more_while_inconclusive(ROUNDS, ctx.budget, claim);
    let (rec, out) = py::run_script_rounds(ctx, plans, py::CPU_AND_IO, &args, Some(&mut more))?;
    let fig = |n: &str| out.figures.get(n).copied().filter(|v| v.is_finite());
    let startup = StartUp {
        threads_ms: fig(THREADS_MS),
        processes_ms: fig(PROCESSES_MS),
        processes_kib: fig(PROCESSES_KIB),
    };
    let named = named(
        &rec,
        RunMode::PythonIoThreading,
        RunMode::PythonIoMultiprocessing,
        &startup,
    );
    let (ws, io_ws) = (plural(w, "worker"), plural(io_w, "worker"));
    let summary = format!(
        "{}. Computations, {ws}: ProcessPoolExecutor {} against an ideal {p}×, ThreadPoolExecutor {}. Sleeps, {io_ws}: threads {}, processes {} against an ideal {}× (the pools started before the clock); {}.",
        out.label(),
        rec.speedup(RunMode::PythonCpuMultiprocessing),
        rec.speedup(RunMode::PythonCpuThreading),
        rec.speedup(RunMode::PythonIoThreading),
        rec.speedup(RunMode::PythonIoMultiprocessing),
        io_ideal(io_w),
        startup.text(io_w).replace(
            "(they share this process's memory)",
            "(they share the interpreter's memory)"
        ),
    );
    Ok(rec.finish(claim(out.gil()), &summary, &named))
}
