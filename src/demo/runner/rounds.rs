//! Rounds: every planned run made again and again, interleaved (sequential,
//! GIL threads, threads, processes, sequential, ...), so a load that comes
//! and goes hits every mode alike and the medians shrug off one bad run.
//! While the verdict would be *inconclusive* (the machine was disturbed, or
//! a figure is impossible), a bounded number of extra rounds is made.

use std::time::Instant;

use super::super::verdict::{Claim, Status};
use super::super::work::Stop;
use super::recorder::Recorder;

/// How many rounds a demo makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Rounds {
    /// Rounds always made; a demo sizes its work to budget / `min`.
    pub min: usize,
    /// Most rounds, extra ones only while the verdict is inconclusive.
    pub max: usize,
}

/// Three rounds, up to two more on a disturbed machine.
pub(crate) const ROUNDS: Rounds = Rounds { min: 3, max: 5 };

/// Extra rounds stop once the demo has taken this many times its budget.
pub(crate) const OVERRUN: f64 = 1.7;
/// The smallest share of its work a round is asked to do.
const MIN_SCALE: f64 = 0.25;

/// Makes every planned run of `rec` once per round, with `one(rec, i,
/// scale)` (which calls `rec.run(i, ..)` with `scale` × the work sized for
/// one round); after `rounds.min` rounds, goes on while `claim` would be
/// judged inconclusive, up to `rounds.max`, and while the next round still
/// fits in [`OVERRUN`] × the budget: an extra round is as large as what is
/// left of that allows (up to the full size), so a busy machine gets longer
/// runs in which to catch the workers running at once.
///
/// Work is sized on CPU time, so on a busy machine a round would take
/// longer than planned: the first round does the share of its work that the
/// share of a core we get now allows (`start_scale`), and each later round
/// is scaled by how long the one before took against its plan (never below
/// [`MIN_SCALE`]), so the demo still ends in about its budget. Speedups pair
/// runs of the same round, so rounds of different sizes still compare.
pub(crate) fn run_rounds<'a>(
    rec: &mut Recorder<'a>,
    claim: &Claim,
    rounds: Rounds,
    budget: std::time::Duration,
    start_scale: f64,
    mut one: impl FnMut(&mut Recorder<'a>, usize, f64) -> Result<(), Stop>,
) -> Result<(), Stop> {
    let t0 = Instant::now();
    let min = rounds.min.max(1);
    let planned = budget.as_secs_f64() / min as f64;
    let mut scale = start_scale.clamp(MIN_SCALE, 1.0);
    let mut round_start = Instant::now();
    let limit = budget.as_secs_f64() * OVERRUN;
    for round in 0..rounds.max.max(min) {
        // How long a full-size round took at this load.
        let mut took = 0.0;
        if round > 0 {
            // Planned time of a full-size round over that.
            took = round_start.elapsed().as_secs_f64() / scale;
            scale = (planned / took.max(1e-9)).clamp(MIN_SCALE, 1.0);
            round_start = Instant::now();
        }
        if round >= min {
            if rec.judge(claim, &[]).verdict.status != Status::Inconclusive {
                break;
            }
            // Still inconclusive (on a busy machine: often because the
            // parallel runs were not yet caught running at once): the extra
            // round runs longer, as long as the rest of the budget allows.
            let left = limit - t0.elapsed().as_secs_f64();
            scale = extra_scale(left, took);
            if scale < MIN_SCALE {
                break;
            }
        }
        rec.round = round;
        for i in 0..rec.planned() {
            one(rec, i, scale)?;
        }
    }
    Ok(())
}

/// The scale of an extra round: as much of a full-size round (which took
/// `took` seconds at this load) as the `left` seconds of the budget allow,
/// at most the full size.
fn extra_scale(left: f64, took: f64) -> f64 {
    (left / took.max(1e-9)).min(1.0)
}

/// `iters` scaled by `scale` (at least 1).
pub(crate) fn scaled(iters: u64, scale: f64) -> u64 {
    ((iters as f64 * scale).round() as u64).max(1)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::super::super::mode::RunMode;
    use super::super::super::verdict::{Bound, Figure, Limit, Work};
    use super::super::ctx::tests::test_ctx;
    use super::super::recorder::{Measured, baseline, plan};
    use super::*;

    const HALVES: Claim = Claim {
        says: "threads halve the time",
        conclusion: "halved",
        bounds: &[Bound::at_least(
            Figure::Speedup(RunMode::Threads),
            Limit::Fixed(1.5),
        )],
        work: Work::Other,
    };

    const UNMEASURABLE: Claim = Claim {
        says: "a figure nobody measures",
        conclusion: "never",
        bounds: &[Bound::at_least(Figure::Named("nothing"), Limit::Fixed(1.0))],
        work: Work::Other,
    };

    /// Runs rounds of a sequential run of 100 ms and a threads run of
    /// `threads_ms[round]` (fake measurements); returns the rounds made and
    /// the threads result's speedup and repeats.
    fn rounds_of(claim: &Claim, threads_ms: &[u64]) -> (usize, Option<f64>, usize) {
        let (mut ctx, _rx) = test_ctx();
        ctx.budget = Duration::from_secs(3600);
        let mut rec = Recorder::new(
            &ctx,
            vec![
                baseline(RunMode::Sequential),
                plan(RunMode::Threads, 2, Some(2.0)),
            ],
        );
        let mut made = 0;
        let r = run_rounds(&mut rec, claim, ROUNDS, ctx.budget, 1.0, |rec, i, scale| {
            assert!((MIN_SCALE..=1.0).contains(&scale));
            let round = rec.round;
            made = made.max(round + 1);
            let ms = if i == 0 {
                100
            } else {
                threads_ms[round.min(threads_ms.len() - 1)]
            };
            rec.run(i, false, |_| {
                Ok(Measured {
                    wall: Duration::from_millis(ms),
                    ..Measured::default()
                })
            })?;
            Ok(())
        });
        assert!(r.is_ok());
        let t = rec.get(RunMode::Threads).cloned();
        (
            made,
            t.as_ref().and_then(|t| t.speedup),
            t.map_or(0, |t| t.repeats),
        )
    }

    #[test]
    fn a_supported_claim_takes_the_minimum_and_medians_drop_an_outlier() {
        // Round 2 was disturbed (threads took 100 ms): the median ignores it.
        let (made, speedup, repeats) = rounds_of(&HALVES, &[50, 100, 50]);
        assert_eq!(made, ROUNDS.min);
        assert_eq!(repeats, ROUNDS.min);
        assert_eq!(speedup, Some(2.0));
    }

    #[test]
    fn an_inconclusive_claim_gets_bounded_extra_rounds() {
        let (made, _, repeats) = rounds_of(&UNMEASURABLE, &[50]);
        assert_eq!(made, ROUNDS.max);
        assert_eq!(repeats, ROUNDS.max);
    }

    #[test]
    fn an_extra_round_fills_what_is_left_of_the_budget() {
        assert_eq!(extra_scale(10.0, 2.0), 1.0);
        assert_eq!(extra_scale(1.0, 4.0), 0.25);
        assert!(extra_scale(0.0, 4.0) < MIN_SCALE);
        assert!(extra_scale(-1.0, 4.0) < MIN_SCALE);
    }

    #[test]
    fn scaled_work_is_never_zero() {
        assert_eq!(scaled(1000, 0.4), 400);
        assert_eq!(scaled(1, 0.4), 1);
        assert_eq!(scaled(0, 1.0), 1);
    }
}
