//! `gil`: the per-worker timeline of GIL threads against plain threads.

use super::super::event::{DemoReport, RunResult};
use super::super::mode::RunMode;
use super::super::runner::{Ctx, Mode, Recorder, baseline, fmt_x, plan, run_workload};
use super::super::verdict::{Bound, Claim, Figure, Limit, Work, overlap_words, ran_at_once};
use super::super::work::Stop;
use super::skeleton::{cpu_rounds, round_work, sizing};

/// What the `gil` card claims.
pub(crate) const CLAIM: Claim = Claim {
    says: "under the GIL only one thread computes at a time (no faster than one thread, ≤ 1.15×) while plain threads compute at once (near min(workers, cores)×)",
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
    let without = without_gil(rec.get(RunMode::Threads));
    let summary = format!(
        "Under the GIL the {w} threads took turns ({} hand-overs): {} (no faster than one thread: one at a time); {without} (ideal {p}×).",
        handovers.map_or_else(|| "n/a".into(), |h| h.to_string()),
        fmt_x(rec.get(RunMode::GilThreads).and_then(|r| r.speedup)),
    );
    Ok(rec.finish(&CLAIM, &summary, &[]))
}

/// What the threads without a GIL did, in words that follow the numbers:
/// "ran at once" only when their own clock stamps say so.
fn without_gil(threads: Option<&RunResult>) -> String {
    match threads {
        Some(r) if ran_at_once(r) => {
            format!("without it {}: {}", overlap_words(r), fmt_x(r.speedup))
        }
        Some(r) if r.overlap_ms.is_some() => format!(
            "without it they could have run at once but never did, for lack of free cores (they got {} CPU-s per wall-s): {}",
            r.cpu_per_wall
                .map_or_else(|| "n/a".to_string(), |c| format!("{c:.2}")),
            fmt_x(r.speedup)
        ),
        _ => format!("without it: {}", fmt_x(threads.and_then(|r| r.speedup))),
    }
}

/// `gil --python`: CPython's threads against its processes on the same CPU
/// work; judged by `cpu-bound`'s CPython claims (the GIL's, or the
/// free-threaded one).
pub(super) fn run_python(ctx: &Ctx) -> Result<DemoReport, Stop> {
    super::cpu_bound::python_cpu(ctx, 4, |r, w, p| {
        let expected = if r.1 == "GIL enabled" {
            "no faster than one thread: one at a time".to_string()
        } else {
            format!("without the GIL, threads computing at once give near {p}×")
        };
        format!(
            "CPython {} ({}), {w} threads: threading {} ({expected}), multiprocessing {} against an ideal {p}×.",
            r.0, r.1, r.2, r.3
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Under load the threads got 0.45 cores and never ran at once: the
    /// text said "without it they ran at once: 0.96×".
    #[test]
    fn the_threads_words_follow_their_overlap() {
        let r = |overlap: f64| RunResult {
            speedup: Some(0.96),
            cpu_per_wall: Some(0.45),
            overlap_ms: Some(overlap),
            overlap_fraction: Some(overlap / 100.0),
            ..RunResult::new(RunMode::Threads, 2, 100.0)
        };
        let starved = without_gil(Some(&r(0.0)));
        assert!(
            starved.contains(
                "never did, for lack of free cores (they got 0.45 CPU-s per wall-s): 0.96×"
            ),
            "{starved}"
        );
        assert!(!starved.contains("ran at once"), "{starved}");
        let fed = without_gil(Some(&r(80.0)));
        assert!(
            fed.contains("threads ran at once 80 ms (80 % of the run): 0.96×"),
            "{fed}"
        );
    }
}
