//! `cpu-bound`: the same CPU work in every mode; with `--python`, the real
//! CPython's threading against multiprocessing.

use super::super::event::DemoReport;
use super::super::mode::RunMode;
use super::super::python;
use super::super::runner::{CpuWork, Ctx, Mode, Recorder, busy_caveat, run_workload};
use super::super::work::{Stop, iters_for};

/// Runs `cpu-bound` (the CPython variant if the context asks for it).
pub(crate) fn run(ctx: &Ctx) -> Result<DemoReport, Stop> {
    if ctx.python {
        return run_python(ctx);
    }
    let w = ctx.workers_or(ctx.cores.clamp(2, 8));
    let p = w.min(ctx.cores) as f64;
    let work = CpuWork {
        iters: iters_for(ctx.budget_share(1.0 / (2.0 + 2.0 / p))),
    };
    let mut rec = Recorder::new(ctx, "cpu-bound", Mode::plan_all(w, Some(p)));
    for (i, mode) in Mode::ALL.into_iter().enumerate() {
        let workers = if mode == Mode::Sequential { 1 } else { w };
        rec.run(i, false, |rc| run_workload(rc, mode, workers, &work))?;
    }
    let verdict = format!(
        "{} cores, {w} workers: threads {} and processes {} against an ideal {p}×; GIL threads {}: only one thread computes at a time, so CPU-bound Python needs processes (or a free-threaded build).",
        ctx.cores,
        rec.speedup(RunMode::Threads),
        rec.speedup(RunMode::Processes),
        rec.speedup(RunMode::GilThreads),
    ) + &busy_caveat(&rec, RunMode::Threads, p);
    Ok(rec.finish(verdict))
}

/// `cpu-bound --python`.
fn run_python(ctx: &Ctx) -> Result<DemoReport, Stop> {
    let w = ctx.workers_or(ctx.cores.clamp(2, 8));
    let p = w.min(ctx.cores) as f64;
    // Sequential, threading (about as long) and multiprocessing (shorter).
    let seq = ctx.budget_share(1.0 / (2.0 + 1.5 / p));
    python::compare(
        ctx,
        "cpu-bound",
        w,
        p,
        &["cpu".into(), w.to_string(), python::ms_arg(seq)],
        |r| {
            format!(
                "CPython {} ({}): threading {}, multiprocessing {} against an ideal {p}×{}",
                r.0,
                r.1,
                r.2,
                r.3,
                if r.1 == "GIL enabled" {
                    ": CPU-bound Python threads take turns on the GIL, processes run in parallel."
                } else {
                    ": without the GIL, threads compute in parallel too."
                }
            )
        },
    )
}
