//! `thread-sweep`: I/O work (waits with a CPU part) with m × cores threads.

use super::super::catalog::MAX_WORKERS;
use super::super::event::DemoReport;
use super::super::mode::RunMode;
use super::super::runner::{Ctx, Mode, Recorder, WaitJob, baseline, plan, run_workload};
use super::super::verdict::{Bound, Claim, Figure, Limit, Work};
use super::super::work::{Stop, iters_for};

/// The named figure of the sweep: threads per core of the best run.
const BEST_M: &str = "threads per core (m) of the best run";

/// What the `thread-sweep` card claims.
pub(crate) const CLAIM: Claim = Claim {
    says: "for I/O work more threads than cores pay: the best speedup comes with m ≥ 2 threads per core",
    conclusion: "Past the best m, the CPU part of each item and the threads' overhead win: more threads stop paying.",
    bounds: &[Bound::at_least(Figure::Named(BEST_M), Limit::Fixed(2.0))],
    work: Work::Other,
};
use super::{fmt_ms, ms};

/// Items of the thread sweep, and the CPU share of each item.
const SWEEP_ITEMS: usize = 128;
const SWEEP_CPU_SHARE: f64 = 0.15;

/// The thread counts of the sweep: m × cores for m = 1, 2, 4, …
pub(crate) fn sweep_threads(cores: usize, max: usize) -> Vec<(usize, usize)> {
    let c = cores.max(1);
    let mut v: Vec<(usize, usize)> = [1, 2, 4, 8, 16, 32]
        .into_iter()
        .map(|m| (m, m * c))
        .filter(|&(_, t)| t <= max.min(SWEEP_ITEMS))
        .collect();
    if v.is_empty() {
        v.push((1, max.clamp(1, SWEEP_ITEMS)));
    }
    v
}

/// Runs `thread-sweep`: the same I/O work sequentially, then with
/// m × cores threads for m = 1, 2, 4, …
pub(crate) fn run(ctx: &Ctx) -> Result<DemoReport, Stop> {
    let c = ctx.cores;
    let counts = sweep_threads(c, ctx.workers_or(usize::from(MAX_WORKERS)));
    let k = SWEEP_ITEMS as f64;
    // Model (for sizing and the ideal only): a run of T threads takes
    // max(ceil(K/T) items one after another, K × cpu / cores) item-times.
    let floor = k * SWEEP_CPU_SHARE / c.max(1) as f64;
    let item_times = |t: usize| (SWEEP_ITEMS.div_ceil(t) as f64).max(floor);
    let units = k + counts.iter().map(|&(_, t)| item_times(t)).sum::<f64>();
    let item = ctx.budget_share(1.0 / units);
    let job = WaitJob {
        items: SWEEP_ITEMS,
        wait: item.mul_f64(1.0 - SWEEP_CPU_SHARE),
        cpu_iters: iters_for(item.mul_f64(SWEEP_CPU_SHARE)),
    };
    let mut runs = vec![baseline(RunMode::Sequential)];
    runs.extend(
        counts
            .iter()
            .map(|&(_, t)| plan(RunMode::Threads, t, Some(k / item_times(t)))),
    );
    let mut rec = Recorder::new(ctx, "thread-sweep", runs);
    rec.run(0, false, |rc| {
        let mut m = run_workload(rc, Mode::Sequential, 1, &job)?;
        m.note = Some(format!(
            "{SWEEP_ITEMS} items of {} waiting + {} CPU",
            fmt_ms(ms(job.wait)),
            fmt_ms(ms(item) - ms(job.wait))
        ));
        Ok(m)
    })?;
    for (i, &(m_factor, t)) in counts.iter().enumerate() {
        rec.run(i + 1, false, |rc| {
            let mut m = run_workload(rc, Mode::Threads, t, &job)?;
            m.note = Some(format!("m = {m_factor}"));
            Ok(m)
        })?;
    }
    let best = rec
        .results
        .iter()
        .enumerate()
        .filter(|(_, r)| r.mode == RunMode::Threads)
        .max_by(|a, b| {
            a.1.speedup
                .unwrap_or(0.0)
                .total_cmp(&b.1.speedup.unwrap_or(0.0))
        })
        .map(|(i, _)| i);
    if let Some(i) = best {
        let r = &mut rec.results[i];
        r.note = Some(format!("{} · best", r.note.as_deref().unwrap_or("")));
    }
    let first = rec.results.iter().find(|r| r.mode == RunMode::Threads);
    let best_m = best.map(|i| rec.results[i].workers as f64 / c.max(1) as f64);
    let summary = match (best.map(|i| &rec.results[i]), first) {
        (Some(b), Some(f)) => format!(
            "Best: {} threads ({}×{c} cores) at {:.1}×, up from {:.1}× with {}; the CPU part is {:.0} % of each item.",
            b.workers,
            b.workers / c.max(1),
            b.speedup.unwrap_or(0.0),
            f.speedup.unwrap_or(0.0),
            f.workers,
            SWEEP_CPU_SHARE * 100.0,
        ),
        _ => "No threaded run was made.".to_string(),
    };
    let named: Vec<(&'static str, f64)> = best_m.map(|m| (BEST_M, m)).into_iter().collect();
    Ok(rec.finish(&CLAIM, &summary, &named))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thread_sweep_counts_are_multiples_of_the_cores() {
        assert_eq!(
            sweep_threads(2, 64),
            vec![(1, 2), (2, 4), (4, 8), (8, 16), (16, 32), (32, 64)]
        );
        assert_eq!(sweep_threads(4, 20), vec![(1, 4), (2, 8), (4, 16)]);
        assert_eq!(sweep_threads(64, 64), vec![(1, 64)]);
        assert_eq!(sweep_threads(64, 8), vec![(1, 8)]);
    }
}
