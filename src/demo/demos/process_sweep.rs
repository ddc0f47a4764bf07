//! `process-sweep`: CPU work with 1 … 2×cores processes, and what each
//! process costs (start-up, memory, context switches) where no speed is
//! gained.

use super::super::event::{DemoReport, RunResult};
use super::super::mode::RunMode;
use super::super::runner::{
    Ctx, Mode, ProcCost, Recorder, baseline, fmt_x, median, plan, run_workload,
};
use super::super::verdict::{Bound, Claim, Figure, Limit, Measurements, Work, within_limit};
use super::super::work::Stop;
use super::skeleton::{cpu_rounds, round_work};
use super::{fmt_kib, fmt_ms};
use crate::text::plural;

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
    let work = round_work(ctx, 1.0, factor);
    let mut runs = vec![baseline(RunMode::Sequential)];
    runs.extend(
        ns.iter()
            .map(|&n| plan(RunMode::Processes, n, Some(n.min(c) as f64))),
    );
    let mut rec = Recorder::new(ctx, runs);
    let mut costs: Vec<Costs> = ns.iter().map(|_| Costs::default()).collect();
    cpu_rounds(&mut rec, &CLAIM, ctx.budget, work, |rec, i, work| {
        match i
            .checked_sub(1)
            .and_then(|k| Some((ns.get(k)?, costs.get_mut(k)?)))
        {
            None => rec.run(i, false, |rc| run_workload(rc, Mode::Sequential, 1, work))?,
            Some((&n, cost)) => rec.run(i, false, |rc| {
                let mut m = run_workload(rc, Mode::Processes, n, work)?;
                cost.add(&m.costs);
                m.note = Some(cost.text());
                Ok(m)
            })?,
        };
        Ok(())
    })?;
    let procs = || rec.results.iter().filter(|r| r.mode == RunMode::Processes);
    let m = Measurements {
        cores: c,
        runs: &rec.results,
        named: &[],
        gil_enabled: None,
    };
    // A figure above the physical limit is flagged by the verdict, never
    // quoted as the peak.
    let best = procs()
        .filter(|r| within_limit(CLAIM.work, r, &m))
        .max_by(|a, b| {
            a.speedup
                .unwrap_or(0.0)
                .total_cmp(&b.speedup.unwrap_or(0.0))
        });
    let at_cores = procs().filter(|r| r.workers <= c).max_by_key(|r| r.workers);
    let quoted = |r: &RunResult| {
        if within_limit(CLAIM.work, r, &m) {
            fmt_x(r.speedup)
        } else {
            format!(
                "{} (flagged: above what the cores can give)",
                fmt_x(r.speedup)
            )
        }
    };
    let last = procs().next_back();
    let cost_of = |n: usize| ns.iter().position(|&k| k == n).and_then(|k| costs.get(k));
    let extra = match (at_cores, last) {
        (Some(a), Some(l)) if l.workers > a.workers => {
            extra_cost(a.workers, cost_of(a.workers), l.workers, cost_of(l.workers))
        }
        _ => String::new(),
    };
    let summary = match (best, last) {
        (None, Some(_)) => {
            "Every speedup was above what the cores can give (flagged below), so none is a result."
                .to_string()
        }
        (Some(b), Some(l)) => {
            let at = at_cores.map_or(c, |r| r.workers);
            let beyond = if l.workers > at {
                format!(", {} {}", plural(l.workers, "process"), quoted(l))
            } else {
                String::new()
            };
            format!(
                "The speedup peaked at {} with {} on {c} cores; {} gave {}{beyond}.{extra}",
                fmt_x(b.speedup),
                plural(b.workers, "process"),
                plural(at, "process"),
                at_cores.map_or_else(|| fmt_x(None), quoted),
            )
        }
        _ => "No process run was made.".to_string(),
    };
    Ok(rec.finish(&CLAIM, &summary, &[]))
}

/// What the worker processes of one process count cost, over its rounds.
#[derive(Debug, Default, Clone)]
struct Costs {
    /// Each process's start-up (spawned until it said it runs), ms.
    startup_ms: Vec<f64>,
    /// Each process's resident memory when it finished, KiB.
    rss_kib: Vec<f64>,
    /// Each run's involuntary and voluntary context switches, summed over
    /// its processes (only where every process said).
    involuntary: Vec<f64>,
    voluntary: Vec<f64>,
}

impl Costs {
    /// Adds one run's processes.
    fn add(&mut self, costs: &[ProcCost]) {
        for c in costs {
            if let Some(s) = c.startup {
                self.startup_ms.push(s.as_secs_f64() * 1e3);
            }
            if let Some(st) = c.status {
                self.rss_kib.push(st.rss_kib as f64);
            }
        }
        let all: Option<Vec<_>> = costs.iter().map(|c| c.status).collect();
        if let Some(all) = all.filter(|a| !a.is_empty()) {
            self.involuntary
                .push(all.iter().map(|s| s.nonvoluntary as f64).sum());
            self.voluntary
                .push(all.iter().map(|s| s.voluntary as f64).sum());
        }
    }

    fn startup(&self) -> Option<f64> {
        median(self.startup_ms.iter().copied())
    }
    fn rss(&self) -> Option<f64> {
        median(self.rss_kib.iter().copied())
    }
    fn switches(&self) -> Option<f64> {
        median(self.involuntary.iter().copied())
    }

    /// `each process: 1.20 ms to start, 2.1 MiB resident; 40 involuntary
    /// context switches in all (12 voluntary)`, "unknown" where not measured.
    fn text(&self) -> String {
        let unknown = || "unknown".to_string();
        format!(
            "each process: {} to start, {} resident; {} involuntary context switches in all ({} voluntary)",
            self.startup().map_or_else(unknown, fmt_ms),
            self.rss().map_or_else(unknown, fmt_kib),
            self.switches().map_or_else(unknown, |s| format!("{s:.0}")),
            median(self.voluntary.iter().copied()).map_or_else(unknown, |s| format!("{s:.0}")),
        )
    }
}

/// What the processes beyond `at` (up to `last`) cost for no gain.
fn extra_cost(at: usize, a: Option<&Costs>, last: usize, l: Option<&Costs>) -> String {
    let extra = last - at;
    let unknown = || "unknown".to_string();
    let rss = l.and_then(Costs::rss);
    let startup = l.and_then(Costs::startup);
    let switches = match (a.and_then(Costs::switches), l.and_then(Costs::switches)) {
        (Some(x), Some(y)) => format!(
            "{y:.0} involuntary context switches against {x:.0} with {at} (the cores taken from one process to give to another)"
        ),
        _ => "context switches unknown here".to_string(),
    };
    format!(
        " The {extra} process{} beyond {at} each cost {} resident ({} in all) and {} to start; the run with {last} had {switches}.",
        if extra == 1 { "" } else { "es" },
        rss.map_or_else(unknown, fmt_kib),
        rss.map_or_else(unknown, |r| fmt_kib(r * extra as f64)),
        startup.map_or_else(unknown, fmt_ms),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::measure::ProcStatus;
    use std::time::Duration;

    fn cost(ms: u64, rss: u64, inv: u64) -> ProcCost {
        ProcCost {
            startup: Some(Duration::from_millis(ms)),
            status: Some(ProcStatus {
                rss_kib: rss,
                voluntary: 1,
                nonvoluntary: inv,
            }),
        }
    }

    #[test]
    fn costs_take_medians_and_say_unknown() {
        let mut c = Costs::default();
        c.add(&[cost(2, 2048, 5), cost(4, 2048, 7)]);
        c.add(&[cost(3, 4096, 20), cost(3, 2048, 30)]);
        assert_eq!(c.startup(), Some(3.0));
        assert_eq!(c.rss(), Some(2048.0));
        assert_eq!(c.switches(), Some(31.0));
        assert!(
            c.text()
                .contains("3.00 ms to start, 2.0 MiB resident; 31 involuntary")
        );
        // A process that did not say (not Linux): switches unknown.
        let mut u = Costs::default();
        u.add(&[ProcCost {
            startup: Some(Duration::from_millis(1)),
            status: None,
        }]);
        assert!(
            u.text().contains("unknown resident; unknown involuntary"),
            "{}",
            u.text()
        );
    }

    #[test]
    fn extra_processes_are_priced() {
        let mut a = Costs::default();
        a.add(&[cost(2, 2048, 5), cost(2, 2048, 5)]);
        let mut l = Costs::default();
        l.add(&[
            cost(3, 2048, 50),
            cost(3, 2048, 50),
            cost(3, 2048, 50),
            cost(3, 2048, 50),
        ]);
        let t = extra_cost(2, Some(&a), 4, Some(&l));
        assert!(t.contains("The 2 processes beyond 2 each cost 2.0 MiB resident (4.0 MiB in all) and 3.00 ms to start"), "{t}");
        assert!(
            t.contains("200 involuntary context switches against 10 with 2"),
            "{t}"
        );
        assert!(extra_cost(2, None, 3, None).contains("unknown"));
    }

    #[test]
    fn sweeps_visit_one_to_twice_the_cores() {
        assert_eq!(sweep_points(2, 4), vec![1, 2, 3, 4]);
        assert_eq!(sweep_points(1, 2), vec![1, 2]);
        assert_eq!(sweep_points(8, 16), vec![1, 2, 3, 4, 7, 8, 9, 12, 16]);
        assert_eq!(sweep_points(4, 2), vec![1, 2]);
    }
}
