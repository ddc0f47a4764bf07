//! `process-sweep`: CPU work with 1 … 2×cores processes.

use super::super::event::DemoReport;
use super::super::mode::RunMode;
use super::super::runner::{CpuWork, Ctx, Mode, Recorder, baseline, fmt_x, plan, run_workload};
use super::super::work::{Stop, iters_for};

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
        iters: iters_for(ctx.budget_share(1.0 / factor)),
    };
    let mut runs = vec![baseline(RunMode::Sequential)];
    runs.extend(
        ns.iter()
            .map(|&n| plan(RunMode::Processes, n, Some(n.min(c) as f64))),
    );
    let mut rec = Recorder::new(ctx, "process-sweep", runs);
    rec.run(0, false, |rc| run_workload(rc, Mode::Sequential, 1, &work))?;
    for (i, &n) in ns.iter().enumerate() {
        rec.run(i + 1, false, |rc| {
            run_workload(rc, Mode::Processes, n, &work)
        })?;
    }
    let best = rec
        .results
        .iter()
        .filter(|r| r.mode == RunMode::Processes)
        .max_by(|a, b| {
            a.speedup
                .unwrap_or(0.0)
                .total_cmp(&b.speedup.unwrap_or(0.0))
        });
    let last = rec
        .results
        .iter()
        .rev()
        .find(|r| r.mode == RunMode::Processes);
    let verdict = match (best, last) {
        (Some(b), Some(l)) => format!(
            "The speedup peaked at {} with {} processes on {c} cores; {} processes gave {}: more processes than cores add no speed (n_process = n_cores and never more).",
            fmt_x(b.speedup),
            b.workers,
            l.workers,
            fmt_x(l.speedup),
        ),
        _ => "No process run was made.".to_string(),
    };
    Ok(rec.finish(verdict))
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
