//! `thread-sweep`: I/O work (waits with a CPU part) with m × cores threads.
//! The threads are GIL threads, as in Python: the CPU parts take turns on
//! one lock, so the sweep levels off at 1 ÷ (the CPU share of an item), the
//! share measured in the sequential run. With `--python`, real CPython's
//! threads do the same sweep.

use super::super::catalog::MAX_WORKERS;
use super::super::event::{DemoReport, RunResult};
use super::super::mode::RunMode;
use super::super::python;
use super::super::runner::{Ctx, Mode, Recorder, WaitJob, baseline, plan, run_workload};
use super::super::verdict::{Bound, Claim, Figure, Limit, Work};
use super::super::work::{Stop, iters_for};
use super::{fmt_ms, ms};

/// The named figure of the sweep: threads per core of the best run.
const BEST_M: &str = "threads per core (m) of the best run";
/// The best speedup over the most the lock allows (1 ÷ the measured CPU
/// share of an item; cores ÷ it without a GIL).
const OVER_CEILING: &str = "best speedup ÷ the lock's ceiling (1 ÷ measured CPU share)";

/// What the `thread-sweep` card claims (of GIL threads, or CPython's).
pub(crate) const CLAIM: Claim = Claim {
    says: "for I/O work more threads than cores pay: the best speedup comes with m ≥ 2 threads per core, and under the GIL it levels off at 1 ÷ the CPU share of an item (reaching 0.75 to 1.1 × that ceiling)",
    conclusion: "Past the best m, the CPU part of each item (one thread at a time under the GIL) and the threads' overhead win: more threads stop paying.",
    bounds: &[
        Bound::at_least(Figure::Named(BEST_M), Limit::Fixed(2.0)),
        Bound::at_most(Figure::Named(OVER_CEILING), Limit::Fixed(1.1)),
        // Levelling off *at* the ceiling: a sweep the load capped far below
        // it does not show where the lock stops it.
        Bound::at_least(Figure::Named(OVER_CEILING), Limit::Fixed(0.75)),
    ],
    work: Work::Other,
};

/// Items of the thread sweep, and the planned CPU share of each item.
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

/// The ideal speedup of `threads` threads on [`SWEEP_ITEMS`] items whose
/// CPU part is `share` of an item: the waits overlap `threads` at a time,
/// the CPU parts on `lanes` cores at a time (1 under a GIL). A run takes
/// max(ceil(K/T), K × share / lanes) item-times.
pub(crate) fn sweep_ideal(threads: usize, share: f64, lanes: usize) -> f64 {
    let k = SWEEP_ITEMS as f64;
    let floor = k * share.clamp(0.0, 1.0) / lanes.max(1) as f64;
    k / (SWEEP_ITEMS.div_ceil(threads.max(1)) as f64)
        .max(floor)
        .max(1e-9)
}

/// The most a sweep can reach: `lanes` ÷ the CPU share (the K items
/// themselves cap it too).
pub(crate) fn ceiling(share: f64, lanes: usize) -> f64 {
    sweep_ideal(SWEEP_ITEMS, share, lanes)
}

/// The budget's item time: the sequential run plus every sweep run, each
/// as long as the model says.
fn item_time(ctx: &Ctx, counts: &[(usize, usize)], lanes: usize) -> std::time::Duration {
    let k = SWEEP_ITEMS as f64;
    let units = k + counts
        .iter()
        .map(|&(_, t)| k / sweep_ideal(t, SWEEP_CPU_SHARE, lanes))
        .sum::<f64>();
    ctx.budget_share(1.0 / units)
}

/// Runs `thread-sweep`: the same I/O work sequentially, then on
/// m × cores GIL threads for m = 1, 2, 4, …
pub(crate) fn run(ctx: &Ctx) -> Result<DemoReport, Stop> {
    let c = ctx.cores;
    let counts = sweep_threads(c, ctx.workers_or(usize::from(MAX_WORKERS)));
    let item = item_time(ctx, &counts, 1);
    let job = WaitJob {
        items: SWEEP_ITEMS,
        wait: item.mul_f64(1.0 - SWEEP_CPU_SHARE),
        cpu_iters: iters_for(item.mul_f64(SWEEP_CPU_SHARE)),
    };
    let mut runs = vec![baseline(RunMode::Sequential)];
    runs.extend(counts.iter().map(|&(_, t)| {
        plan(
            RunMode::GilThreads,
            t,
            Some(sweep_ideal(t, SWEEP_CPU_SHARE, 1)),
        )
    }));
    let mut rec = Recorder::new(ctx, runs);
    let seq = rec.run(0, false, |rc| {
        let mut m = run_workload(rc, Mode::Sequential, 1, &job)?;
        let cpu_item = m.cpu.map(|c| ms(c) / SWEEP_ITEMS as f64);
        m.note = Some(format!(
            "{SWEEP_ITEMS} items of {} waiting + {} CPU (measured on the thread's clock; {} planned)",
            fmt_ms(ms(job.wait)),
            cpu_item.map_or_else(|| "unknown".to_string(), fmt_ms),
            fmt_ms(ms(item) - ms(job.wait)),
        ));
        Ok(m)
    })?;
    // The CPU share of an item as measured: CPU seconds per wall second of
    // the sequential run (the planned share where the clock is missing).
    let measured = seq.as_ref().and_then(|m| {
        m.cpu
            .map(|c| c.as_secs_f64() / m.wall.as_secs_f64().max(1e-9))
    });
    let share = measured.unwrap_or(SWEEP_CPU_SHARE).clamp(0.0, 1.0);
    for (i, &(m_factor, t)) in counts.iter().enumerate() {
        rec.set_ideal(i + 1, Some(sweep_ideal(t, share, 1)));
        rec.run(i + 1, false, |rc| {
            let mut m = run_workload(rc, Mode::GilThreads, t, &job)?;
            m.note = Some(format!("m = {m_factor}, GIL threads"));
            Ok(m)
        })?;
    }
    let (summary, named) = sum_up(
        &mut rec.results,
        RunMode::GilThreads,
        c,
        Share {
            value: share,
            measured: measured.is_some(),
            lanes: 1,
        },
    );
    Ok(rec.finish(&CLAIM, &summary, &named))
}

/// The CPU share of an item the ceiling is computed from.
#[derive(Debug, Clone, Copy)]
struct Share {
    value: f64,
    measured: bool,
    /// CPU parts that can run at once: 1 under a GIL, else the cores.
    lanes: usize,
}

/// Marks the best run of `mode` in `results`; the summary and the named
/// figures (best m, best speedup over the ceiling).
fn sum_up(
    results: &mut [RunResult],
    mode: RunMode,
    cores: usize,
    share: Share,
) -> (String, Vec<(&'static str, f64)>) {
    let c = cores.max(1);
    let best = results
        .iter()
        .enumerate()
        .filter(|(_, r)| r.mode == mode)
        .max_by(|a, b| {
            a.1.speedup
                .unwrap_or(0.0)
                .total_cmp(&b.1.speedup.unwrap_or(0.0))
        })
        .map(|(i, _)| i);
    if let Some(r) = best.and_then(|i| results.get_mut(i)) {
        r.note = Some(format!("{} · best", r.note.as_deref().unwrap_or("")));
    }
    let cap = ceiling(share.value, share.lanes);
    let first = results.iter().find(|r| r.mode == mode);
    let best = best.and_then(|i| results.get(i));
    let summary = match (best, first) {
        (Some(b), Some(f)) => format!(
            "Best: {} threads ({}×{c} cores) at {:.1}×, up from {:.1}× with {}; the CPU part is {:.0} % of each item ({}), so {} the sweep cannot pass {cap:.1}×.",
            b.workers,
            b.workers / c,
            b.speedup.unwrap_or(0.0),
            f.speedup.unwrap_or(0.0),
            f.workers,
            share.value * 100.0,
            if share.measured {
                "measured"
            } else {
                "planned: no thread clock here"
            },
            if share.lanes == 1 {
                "with one thread computing at a time".to_string()
            } else {
                format!("with {} computing at once", share.lanes)
            },
        ),
        _ => "No threaded run was made.".to_string(),
    };
    let mut named = Vec::new();
    if let Some(b) = best {
        named.push((BEST_M, b.workers as f64 / c as f64));
        if let Some(s) = b.speedup {
            named.push((OVER_CEILING, s / cap.max(1e-9)));
        }
    }
    (summary, named)
}

/// `thread-sweep --python`: CPython's threads (a `ThreadPoolExecutor` of
/// m × cores) on the same items: a CPU part sized on CPython's thread clock,
/// then `time.sleep`.
pub(super) fn run_python(ctx: &Ctx) -> Result<DemoReport, Stop> {
    let c = ctx.cores;
    let counts = sweep_threads(c, ctx.workers_or(usize::from(MAX_WORKERS)));
    // CPython's per-thread overhead is larger: a little budget kept apart.
    let item = item_time(ctx, &counts, 1).mul_f64(0.85);
    let wait = item.mul_f64(1.0 - SWEEP_CPU_SHARE);
    let cpu = item.mul_f64(SWEEP_CPU_SHARE);
    let mut plans = vec![baseline(RunMode::PythonSequential)];
    plans.extend(counts.iter().map(|&(_, t)| {
        plan(
            RunMode::PythonThreading,
            t,
            Some(sweep_ideal(t, SWEEP_CPU_SHARE, 1)),
        )
    }));
    let list = counts
        .iter()
        .map(|&(_, t)| t.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let args = [
        SWEEP_ITEMS.to_string(),
        python::ms_arg(wait),
        python::ms_arg(cpu),
        list,
        c.to_string(),
    ];
    let (mut rec, out) = python::run_script(ctx, plans, python::THREAD_SWEEP, &args)?;
    let seq = rec
        .get(RunMode::PythonSequential)
        .and_then(|r| r.cpu_per_wall);
    let lanes = if out.gil() { 1 } else { c };
    let (summary, named) = sum_up(
        &mut rec.results,
        RunMode::PythonThreading,
        c,
        Share {
            value: seq.unwrap_or(SWEEP_CPU_SHARE).clamp(0.0, 1.0),
            measured: seq.is_some(),
            lanes,
        },
    );
    let summary = format!("{}: {summary}", out.label());
    Ok(rec.finish(&CLAIM, &summary, &named))
}

#[cfg(test)]
mod tests {
    use super::super::super::verdict::{Disturbance, Measurements, Status, judge};
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

    #[test]
    fn under_a_gil_the_sweep_levels_off_at_one_over_the_cpu_share() {
        // 15 % CPU: 2 threads overlap 2 waits; from 8 threads the lock caps
        // it at 1 / 0.15 = 6.7× (CPython measured 6.5×, from m = 4).
        assert!((sweep_ideal(2, 0.15, 1) - 2.0).abs() < 1e-9);
        assert!((sweep_ideal(8, 0.15, 1) - 1.0 / 0.15).abs() < 1e-9);
        assert!((sweep_ideal(64, 0.15, 1) - 1.0 / 0.15).abs() < 1e-9);
        assert!((ceiling(0.15, 1) - 1.0 / 0.15).abs() < 1e-9);
        // Without a GIL, two cores: twice that.
        assert!((ceiling(0.15, 2) - 2.0 / 0.15).abs() < 1e-9);
        // No CPU at all: only the items cap it.
        assert!((ceiling(0.0, 1) - SWEEP_ITEMS as f64).abs() < 1e-9);
    }

    fn gil_run(workers: usize, speedup: f64) -> RunResult {
        RunResult {
            speedup: Some(speedup),
            ..RunResult::new(RunMode::GilThreads, workers, 100.0)
        }
    }

    /// The claim judged on a sweep of 2 cores whose runs reach `speedups`
    /// (for 2, 4, 8, 16 threads), CPU share `share`, others' load `busy`.
    fn judged(speedups: [f64; 4], share: f64, busy: Option<f64>) -> Status {
        let mut runs: Vec<RunResult> = [2, 4, 8, 16]
            .into_iter()
            .zip(speedups)
            .map(|(t, s)| gil_run(t, s))
            .collect();
        let (_, named) = sum_up(
            &mut runs,
            RunMode::GilThreads,
            2,
            Share {
                value: share,
                measured: true,
                lanes: 1,
            },
        );
        let m = Measurements {
            cores: 2,
            runs: &runs,
            named: &named,
            gil_enabled: None,
        };
        judge(&CLAIM, &m, &Disturbance { busy_cores: busy })
            .verdict
            .status
    }

    #[test]
    fn the_sweep_claim_for_every_status() {
        // Best at 8 threads (m = 4), under the 6.7× ceiling: supported.
        assert_eq!(
            judged([1.9, 3.8, 6.5, 6.4], 0.15, Some(0.0)),
            Status::Supported
        );
        // Best at m = 1 on a clean run: not supported.
        assert_eq!(
            judged([1.9, 1.5, 1.2, 1.0], 0.15, Some(0.0)),
            Status::NotSupported
        );
        // The same on a machine where others used both cores: inconclusive.
        assert_eq!(
            judged([1.9, 1.5, 1.2, 1.0], 0.15, Some(2.0)),
            Status::Inconclusive
        );
        // Past the lock's ceiling (11.5× with 15 % CPU: no GIL at work).
        assert_eq!(
            judged([1.9, 3.8, 7.6, 11.5], 0.15, Some(0.0)),
            Status::NotSupported
        );
    }

    #[test]
    fn the_best_run_is_marked_and_named() {
        let mut runs = vec![gil_run(2, 1.9), gil_run(4, 3.9), gil_run(8, 3.0)];
        let (summary, named) = sum_up(
            &mut runs,
            RunMode::GilThreads,
            2,
            Share {
                value: 0.25,
                measured: true,
                lanes: 1,
            },
        );
        assert!(runs[1].note.as_deref().is_some_and(|n| n.ends_with("best")));
        assert_eq!(named[0], (BEST_M, 2.0));
        assert!((named[1].1 - 3.9 / 4.0).abs() < 1e-9);
        assert!(
            summary.contains("25 %") && summary.contains("4.0×"),
            "{summary}"
        );
    }
}
