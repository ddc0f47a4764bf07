//! The skeleton the CPU demos share (`gil`, `cpu-bound`, `process-sweep`,
//! `cpu-and-io`, and their CPython variants): how many workers and what
//! ideal speedup, CPU work sized to the time budget, and the rounds in which
//! every planned run does that work, scaled to the share of a core the
//! machine gives. A demo adds only its plan, its runs and its words.

use std::time::Duration;

use super::super::runner::{CpuWork, Ctx, ROUNDS, Recorder, run_rounds, scaled};
use super::super::verdict::Claim;
use super::super::work::{Stop, cpu_share_now, iters_for};

/// The workers of a CPU demo and the ideal speedup they could give: the
/// workers asked for (`--workers`, the card's), else the cores kept within
/// 2..=`max_workers`; the ideal is min(workers, cores).
pub(super) fn sizing(ctx: &Ctx, max_workers: usize) -> (usize, f64) {
    let workers = ctx.workers_or(ctx.cores.clamp(2, max_workers));
    (workers, workers.min(ctx.cores) as f64)
}

/// The CPU work of the sequential run, sized so that the [`ROUNDS`]`.min`
/// rounds fill `share` of the budget when the runs of a round together take
/// `lengths` times the sequential run (2 + 1/ideal for a sequential run,
/// one as long and one 1/ideal as long).
pub(super) fn round_work(ctx: &Ctx, share: f64, lengths: f64) -> CpuWork {
    CpuWork {
        iters: iters_for(ctx.budget_share(share / lengths / ROUNDS.min as f64)),
    }
}

/// Makes every planned run of `rec` in rounds ([`run_rounds`]) within
/// `budget`, judging `claim` for extra rounds: `one(rec, i, &work)` makes
/// planned run `i` with `work` scaled to its round (the first round to the
/// share of a core we get now, later ones to how long the last one took).
pub(super) fn cpu_rounds<'a>(
    rec: &mut Recorder<'a>,
    claim: &Claim,
    budget: Duration,
    work: CpuWork,
    mut one: impl FnMut(&mut Recorder<'a>, usize, &CpuWork) -> Result<(), Stop>,
) -> Result<(), Stop> {
    run_rounds(
        rec,
        claim,
        ROUNDS,
        budget,
        cpu_share_now(),
        |rec, i, scale| {
            let work = CpuWork {
                iters: scaled(work.iters, scale),
            };
            one(rec, i, &work)
        },
    )
}

#[cfg(test)]
mod tests {
    use super::super::super::runner::test_ctx;
    use super::*;

    #[test]
    fn workers_default_to_the_cores_within_bounds_and_the_ideal_to_the_cores() {
        let (mut ctx, _rx) = test_ctx();
        ctx.cores = 16;
        assert_eq!(sizing(&ctx, 4), (4, 4.0));
        ctx.cores = 1;
        assert_eq!(sizing(&ctx, 4), (2, 1.0));
        ctx.workers = Some(8);
        assert_eq!(sizing(&ctx, 4), (8, 1.0));
    }
}
