//! `gil`: the per-worker timeline of GIL threads against plain threads.

use super::super::event::DemoReport;
use super::super::mode::RunMode;
use super::super::runner::{Ctx, Mode, Recorder, baseline, fmt_x, plan, run_workload};
use super::super::verdict::{Bound, Claim, Figure, Limit, Work};
use super::super::work::Stop;
use super::skeleton::{cpu_rounds, round_work, sizing};

/// What the `gil` card claims.
pub(crate) const CLAIM: Claim = Claim {
    says: "under the GIL only one thread computes at a time (about 1×) while plain threads compute at once (near min(workers, cores)×)",
    conclusion: "Only one thread computes at a time under the GIL: CPU-bound Python threads take turns, threads without a GIL run at once.",
    bounds: &[
        Bound::at_most(Figure::Speedup(RunMode::GilThreads), Limit::Fixed(1.15)),
        Bound::at_least(Figure::Speedup(RunMode::Threads), Limit::Ideal(0.8)),
    ],
    work: Work::Cpu,
};

/// Runs `gil`: the same CPU work sequentially, on GIL threads and on plain
/// threads, with timelines of who computes, in interleaved rounds.
pub(crate) fn run(ctx: &Ctx) -> Result<DemoReport, Stop> {
    let (w, p) = sizing(ctx, 4);
    // Sequential, GIL threads (about as long) and threads.
    let work = round_work(ctx, 1.0, 2.0 + 1.0 / p);
    let mut rec = Recorder::new(
        ctx,
        vec![
            baseline(RunMode::Sequential),
            plan(RunMode::GilThreads, w, Some(p)),
            plan(RunMode::Threads, w, Some(p)),
        ],
    );
    let mut handovers = None;
    cpu_rounds(&mut rec, &CLAIM, ctx.budget, work, |rec, i, work| {
        match i {
            0 => rec.run(0, false, |rc| run_workload(rc, Mode::Sequential, 1, work))?,
            1 => {
                let m = rec.run(1, true, |rc| {
                    let mut m = run_workload(rc, Mode::GilThreads, w, work)?;
                    m.note = Some(format!(
                        "the lock changed hands {} times; one thread computed at a time",
                        m.handovers
                    ));
                    Ok(m)
                })?;
                handovers = m.as_ref().map(|m| m.handovers).or(handovers);
                m
            }
            _ => rec.run(2, true, |rc| {
                let mut m = run_workload(rc, Mode::Threads, w, work)?;
                m.note = Some(format!("{w} threads computed at once"));
                Ok(m)
            })?,
        };
        Ok(())
    })?;
    let summary = format!(
        "Under the GIL the {w} threads took turns ({} hand-overs): {} (about 1× is what one-at-a-time gives); without it they ran at once: {} (ideal {p}×).",
        handovers.map_or_else(|| "n/a".into(), |h| h.to_string()),
        fmt_x(rec.get(RunMode::GilThreads).and_then(|r| r.speedup)),
        fmt_x(rec.get(RunMode::Threads).and_then(|r| r.speedup)),
    );
    Ok(rec.finish(&CLAIM, &summary, &[]))
}

/// `gil --python`: CPython's threads against its processes on the same CPU
/// work; judged by `cpu-bound`'s CPython claims (the GIL's, or the
/// free-threaded one).
pub(super) fn run_python(ctx: &Ctx) -> Result<DemoReport, Stop> {
    super::cpu_bound::python_cpu(ctx, 4, |r, w, p| {
        let expected = if r.1 == "GIL enabled" {
            "about 1× is what one-at-a-time gives".to_string()
        } else {
            format!("without the GIL, threads computing at once give near {p}×")
        };
        format!(
            "CPython {} ({}), {w} threads: threading {} ({expected}), multiprocessing {} against an ideal {p}×.",
            r.0, r.1, r.2, r.3
        )
    })
}
