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
const OVERRUN: f64 = 1.7;

/// Makes every planned run of `rec` once per round, with `one(rec, i)`
/// (which calls `rec.run(i, ..)`); after `rounds.min` rounds, goes on while
/// `claim` would be judged inconclusive, up to `rounds.max`, and while the
/// next round still fits in [`OVERRUN`] × the budget.
pub(crate) fn run_rounds<'a>(
    rec: &mut Recorder<'a>,
    claim: &Claim,
    rounds: Rounds,
    budget: std::time::Duration,
    mut one: impl FnMut(&mut Recorder<'a>, usize) -> Result<(), Stop>,
) -> Result<(), Stop> {
    let t0 = Instant::now();
    let min = rounds.min.max(1);
    for round in 0..rounds.max.max(min) {
        if round >= min {
            if rec.judge(claim, &[]).verdict.status != Status::Inconclusive {
                break;
            }
            let per_round = t0.elapsed().as_secs_f64() / round as f64;
            if t0.elapsed().as_secs_f64() + per_round > budget.as_secs_f64() * OVERRUN {
                break;
            }
        }
        rec.round = round;
        for i in 0..rec.planned() {
            one(rec, i)?;
        }
    }
    Ok(())
}
