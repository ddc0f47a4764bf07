//! `process-sweep`: CPU work with 1 … 2×cores processes.

use super::super::event::DemoReport;
use super::super::mode::RunMode;
use super::super::runner::{
    CpuWork, Ctx, Mode, ROUNDS, Recorder, baseline, fmt_x, plan, run_rounds, run_workload, scaled,
};
use super::super::verdict::{Bound, Claim, Figure, Limit, Work};
use super::super::work::{Stop, cpu_share_now, iters_for};

/// What the `process-sweep` card claims ("n_process = n_cores, and never
/// more"): the speedup climbs to the core count, then stops.
pub(crate) const CLAIM: Claim = Claim {
    says: "the speedup climbs to the core count (at least 0.8 × cores with n_cores processes) and more processes add nothing (at most 10 % more)",
    conclusion: "More processes than cores add no speed: n_process = n_cores, and never more.",
    bounds: &[
        Bound::at_least(
            Figure::SpeedupAtCores(RunMode::Processes),
            Limit::Ideal(0.8),
        ),
        Bound::at_most(
            Figure::GainBeyondCores(RunMode::Processes),
            Limit::Fixed(1.10),
        ),
    ],
    work: Work::Cpu,
};

/// The process counts a sweep up to `max` visits on `cores` cores.
pub(crate) fn sweep_points(cores: usize, max: usize) -> Vec<usize> {
    let c = cores.max(1);
    let mut v: Vec<usize> = [1, 2, 3, 4, c / 2, c - 1, c, c + 1, c + c / 2, 2 * c, max]
        .into_iter()
        .filter(|&n| n >= 1 && n <= max)
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Runs `process-sweep`: the same CPU work sequentially, then with each
/// process count of the sweep.
pub(crate) fn run(ctx: &Ctx) -> Result<DemoReport, Stop> {
    let c = ctx.cores;
    let max = ctx.workers_or(2 * c);
    let ns = sweep_points(c, max);
    let factor: f64 = 1.0 + ns.iter().map(|&n| 1.0 / n.min(c) as f64).sum::<f64>();
    let work = CpuWork {
        iters: iters_for(ctx.budget_share(1.0 / factor / ROUNDS.min as f64)),
    };
    let mut runs = vec![baseline(RunMode::Sequential)];
    runs.extend(
        ns.iter()
            .map(|&n| plan(RunMode::Processes, n, Some(n.min(c) as f64))),
    );
    let mut rec = Recorder::new(ctx, "process-sweep", runs);
    run_rounds(
        &mut rec,
        &CLAIM,
        ROUNDS,
        ctx.budget,
        cpu_share_now(),
        |rec, i, scale| {
            let work = CpuWork {
                iters: scaled(work.iters, scale),
            };
            match i.checked_sub(1).and_then(|k| ns.get(k)) {
                None => rec.run(i, false, |rc| run_workload(rc, Mode::Sequential, 1, &work))?,
                Some(&n) => rec.run(i, false, |rc| run_workload(rc, Mode::Processes, n, &work))?,
            };
            Ok(())
        },
    )?;
    let procs = || rec.results.iter().filter(|r| r.mode == RunMode::Processes);
    let best = procs().max_by(|a, b| {
        a.speedup
            .unwrap_or(0.0)
            .total_cmp(&b.speedup.unwrap_or(0.0))
    });
    let at_cores = procs().filter(|r| r.workers <= c).max_by_key(|r| r.workers);
    let last = procs().next_back();
    let summary = match (best, last) {
        (Some(b), Some(l)) => format!(
            "The speedup peaked at {} with {} processes on {c} cores; {} processes gave {}, {} processes {}.",
            fmt_x(b.speedup),
            b.workers,
            at_cores.map_or(c, |r| r.workers),
            fmt_x(at_cores.and_then(|r| r.speedup)),
            l.workers,
            fmt_x(l.speedup),
        ),
        _ => "No process run was made.".to_string(),
    };
    Ok(rec.finish(&CLAIM, &summary, &[]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sweeps_visit_one_to_twice_the_cores() {
        assert_eq!(sweep_points(2, 4), vec![1, 2, 3, 4]);
        assert_eq!(sweep_points(1, 2), vec![1, 2]);
        assert_eq!(sweep_points(8, 16), vec![1, 2, 3, 4, 7, 8, 9, 12, 16]);
        assert_eq!(sweep_points(4, 2), vec![1, 2]);
    }
}
