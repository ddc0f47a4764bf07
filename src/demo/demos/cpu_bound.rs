//! `cpu-bound`: the same CPU work in every mode; with `--python`, the real
//! CPython's threading against multiprocessing.

use super::super::event::DemoReport;
use super::super::mode::RunMode;
use super::super::python;
use super::super::runner::{Ctx, Mode, Recorder, run_workload};
use super::super::verdict::{Bound, Claim, Figure, Limit, Work};
use super::super::work::Stop;
use super::skeleton::{cpu_rounds, round_work, sizing};
use crate::text::plural;

/// What the `cpu-bound` card claims of the runner's modes.
pub(crate) const CLAIM: Claim = Claim {
    says: "GIL threads compute one at a time (no faster than one thread, ≤ 1.15×) while threads without a GIL and processes run in parallel (near min(workers, cores)×)",
    conclusion: "Only one thread computes at a time under the GIL, so CPU-bound Python needs processes (or a free-threaded build).",
    bounds: &[
        Bound::at_most(Figure::Speedup(RunMode::GilThreads), Limit::Fixed(1.15)),
        Bound::at_least(Figure::Speedup(RunMode::Threads), Limit::Ideal(0.8)),
        Bound::at_least(Figure::Speedup(RunMode::Processes), Limit::Ideal(0.8)),
    ],
    work: Work::Cpu,
};

/// What the card claims of CPython with its GIL enabled.
pub(crate) const PYTHON_GIL_CLAIM: Claim = Claim {
    says: "CPython's threads take turns on the GIL (no faster than one thread, ≤ 1.15×) while multiprocessing runs in parallel (near min(workers, cores)×)",
    conclusion: "CPU-bound Python threads take turns on the GIL; processes run in parallel.",
    bounds: &[
        Bound::at_most(
            Figure::Speedup(RunMode::PythonThreading),
            Limit::Fixed(1.15),
        ),
        Bound::at_least(
            Figure::Speedup(RunMode::PythonMultiprocessing),
            Limit::Ideal(0.8),
        ),
    ],
    work: Work::Cpu,
};

/// What the card claims of a free-threaded CPython (GIL disabled).
pub(crate) const PYTHON_FREE_CLAIM: Claim = Claim {
    says: "without the GIL CPython's threads compute in parallel, like processes (near min(workers, cores)×)",
    conclusion: "Without the GIL, threads compute in parallel too.",
    bounds: &[
        Bound::at_least(Figure::Speedup(RunMode::PythonThreading), Limit::Ideal(0.8)),
        Bound::at_least(
            Figure::Speedup(RunMode::PythonMultiprocessing),
            Limit::Ideal(0.8),
        ),
    ],
    work: Work::Cpu,
};

/// Runs `cpu-bound` (the CPython variant if the context asks for it).
pub(crate) fn run(ctx: &Ctx) -> Result<DemoReport, Stop> {
    let (w, p) = sizing(ctx, 8);
    // Sequential, GIL threads (about as long), threads and processes.
    let work = round_work(ctx, 1.0, 2.0 + 2.0 / p);
    let mut rec = Recorder::new(ctx, Mode::plan_all(w, Some(p)));
    cpu_rounds(&mut rec, &CLAIM, ctx.budget, work, |rec, i, work| {
        let mode = Mode::ALL[i];
        let workers = if mode == Mode::Sequential { 1 } else { w };
        rec.run(i, false, |rc| run_workload(rc, mode, workers, work))?;
        Ok(())
    })?;
    let ws = plural(w, "worker");
    let summary = format!(
        "{} cores, {ws}: threads {} and processes {} against an ideal {p}×; GIL threads {} (no faster than one thread: one at a time).",
        ctx.cores,
        rec.speedup(RunMode::Threads),
        rec.speedup(RunMode::Processes),
        rec.speedup(RunMode::GilThreads),
    );
    Ok(rec.finish(&CLAIM, &summary, &[]))
}

/// `cpu-bound --python`.
pub(super) fn run_python(ctx: &Ctx) -> Result<DemoReport, Stop> {
    python_cpu(ctx, 8, |r, _, p| {
        format!(
            "CPython {} ({}): threading {}, multiprocessing {} against an ideal {p}×.",
            r.0, r.1, r.2, r.3
        )
    })
}

/// CPython's threads against its processes on the same CPU work (at most
/// `max_workers`), judged by this card's CPython claims (the GIL's, or the
/// free-threaded one); `cpu-bound`, `gil` and `pool` differ only in their
/// words, which `words` gives from (version, GIL, threading, multiprocessing),
/// the workers and the ideal.
pub(super) fn python_cpu(
    ctx: &Ctx,
    max_workers: usize,
    words: impl Fn((&str, &str, &str, &str), usize, f64) -> String,
) -> Result<DemoReport, Stop> {
    let (w, p) = sizing(ctx, max_workers);
    // Sequential, threading (about as long) and multiprocessing (shorter).
    let seq = ctx.budget_share(1.0 / (2.0 + 1.5 / p));
    python::compare(
        ctx,
        w,
        p,
        python::CompareJob::Cpu { sequential: seq },
        python_claim,
        |r| words(r, w, p),
    )
}

/// The claim CPython's CPU rows are judged on: with its GIL enabled,
/// threads take turns; free-threaded, they run in parallel.
pub(crate) fn python_claim(gil_enabled: bool) -> &'static Claim {
    if gil_enabled {
        &PYTHON_GIL_CLAIM
    } else {
        &PYTHON_FREE_CLAIM
    }
}
