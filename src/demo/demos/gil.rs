//! `gil`: the per-worker timeline of GIL threads against plain threads.

use super::super::event::DemoReport;
use super::super::mode::RunMode;
use super::super::runner::{
    CpuWork, Ctx, Mode, Recorder, baseline, busy_caveat, plan, run_workload,
};
use super::super::work::{Stop, iters_for};

/// Runs `gil`: the same CPU work sequentially, on GIL threads and on plain
/// threads, with timelines of who computes.
pub(crate) fn run(ctx: &Ctx) -> Result<DemoReport, Stop> {
    let w = ctx.workers_or(ctx.cores.clamp(2, 4));
    let p = w.min(ctx.cores) as f64;
    let work = CpuWork {
        iters: iters_for(ctx.budget_share(1.0 / (2.0 + 1.0 / p))),
    };
    let mut rec = Recorder::new(
        ctx,
        "gil",
        vec![
            baseline(RunMode::Sequential),
            plan(RunMode::GilThreads, w, Some(p)),
            plan(RunMode::Threads, w, Some(p)),
        ],
    );
    rec.run(0, false, |rc| run_workload(rc, Mode::Sequential, 1, &work))?;
    let handovers = rec
        .run(1, true, |rc| {
            let mut m = run_workload(rc, Mode::GilThreads, w, &work)?;
            m.note = Some(format!(
                "the lock changed hands {} times; one thread computed at a time",
                m.handovers
            ));
            Ok(m)
        })?
        .map(|m| m.handovers);
    rec.run(2, true, |rc| {
        let mut m = run_workload(rc, Mode::Threads, w, &work)?;
        m.note = Some(format!("{w} threads computed at once"));
        Ok(m)
    })?;
    let verdict = format!(
        "Under the GIL the {w} threads took turns ({} hand-overs): {}; without it they ran at once: {} (ideal {p}×).",
        handovers.map_or_else(|| "n/a".into(), |h| h.to_string()),
        rec.speedup(RunMode::GilThreads),
        rec.speedup(RunMode::Threads),
    ) + &busy_caveat(&rec, RunMode::Threads, p);
    Ok(rec.finish(verdict))
}
