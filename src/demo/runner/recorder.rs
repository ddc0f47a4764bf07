//! The recorder: announces a demo's planned runs, makes the ones asked for,
//! turns each run's [`Measured`] into a [`RunResult`] (with its speedup over
//! the baseline) and builds the final report.

use std::time::Duration;

use super::super::event::{DemoEvent, DemoReport, PlannedRun, PythonInfo, RunResult};
use super::super::mode::RunMode;
use super::super::work::Stop;
use super::ctx::{Ctx, RunCtx};

/// What one run measured.
#[derive(Debug, Default)]
pub(crate) struct Measured {
    pub wall: Duration,
    pub pids: Vec<u32>,
    /// The workers' result values (checksums, counts), in worker order.
    pub values: Vec<u64>,
    pub note: Option<String>,
    /// Overrides the planned worker count (when it turned out different).
    pub workers: Option<usize>,
    /// How many times the GIL changed hands (GIL runs only).
    pub handovers: u64,
    /// Resident memory the run added, in KiB, where measured.
    pub resident_kib: Option<f64>,
}

/// A run the demo plans, with whether it is the baseline of the speedups.
pub(crate) struct Plan {
    pub mode: RunMode,
    pub workers: usize,
    pub ideal: Option<f64>,
    pub baseline: bool,
}

/// A planned run of `workers` workers, with its ideal speedup if any.
pub(crate) fn plan(mode: RunMode, workers: usize, ideal: Option<f64>) -> Plan {
    Plan {
        mode,
        workers,
        ideal,
        baseline: false,
    }
}

/// The planned baseline run: one worker, ideal 1×; later runs' speedups are
/// measured against it.
pub(crate) fn baseline(mode: RunMode) -> Plan {
    Plan {
        mode,
        workers: 1,
        ideal: Some(1.0),
        baseline: true,
    }
}

/// Announces the plan, runs the runs, computes speedups, builds the report.
pub(crate) struct Recorder<'a> {
    ctx: &'a Ctx,
    demo: &'static str,
    plan: Vec<Plan>,
    /// Index in the announced (filtered) plan of each planned run.
    visible: Vec<Option<usize>>,
    baseline_ms: Option<f64>,
    pub results: Vec<RunResult>,
    pub python: Option<PythonInfo>,
}

impl<'a> Recorder<'a> {
    /// Announces the runs of `plan` that the context asks for (`Started`).
    pub(crate) fn new(ctx: &'a Ctx, demo: &'static str, plan: Vec<Plan>) -> Self {
        let mut visible = Vec::with_capacity(plan.len());
        let mut announced = Vec::new();
        for p in &plan {
            let wanted = ctx
                .modes
                .as_ref()
                .is_none_or(|modes| modes.contains(&p.mode));
            if wanted {
                visible.push(Some(announced.len()));
                announced.push(PlannedRun {
                    mode: p.mode,
                    workers: p.workers,
                    ideal: p.ideal,
                });
            } else {
                visible.push(None);
            }
        }
        ctx.emit(DemoEvent::Started {
            demo: demo.to_string(),
            cores: ctx.cores,
            plan: announced,
        });
        Recorder {
            ctx,
            demo,
            plan,
            visible,
            baseline_ms: None,
            results: Vec::new(),
            python: None,
        }
    }

    /// Runs planned run `i` with `f(RunCtx)` and records it; `Ok(None)` if
    /// the run was filtered out.
    pub(crate) fn run(
        &mut self,
        i: usize,
        timeline: bool,
        f: impl FnOnce(RunCtx<'a>) -> Result<Measured, Stop>,
    ) -> Result<Option<Measured>, Stop> {
        let Some(Some(vis)) = self.visible.get(i).copied() else {
            return Ok(None);
        };
        self.ctx.cancel.check()?;
        self.ctx.emit(DemoEvent::RunStarted { run: vis });
        let rc = RunCtx::new(self.ctx, vis, timeline);
        let m = f(rc)?;
        self.ctx.cancel.check()?;
        let p = &self.plan[i];
        let wall_ms = m.wall.as_secs_f64() * 1e3;
        if p.baseline {
            self.baseline_ms = Some(wall_ms);
        }
        let speedup = self.baseline_ms.map(|b| b / wall_ms.max(1e-9));
        let mut pids = m.pids.clone();
        pids.sort_unstable();
        pids.dedup();
        let result = RunResult {
            mode: p.mode,
            workers: m.workers.unwrap_or(p.workers),
            wall_ms,
            speedup,
            pids,
            cpu_per_wall: None,
            ideal: p.ideal,
            note: m.note.clone(),
        };
        self.results.push(result.clone());
        self.ctx.emit(DemoEvent::RunFinished { run: vis, result });
        Ok(Some(m))
    }

    /// The result of the first run with `mode`.
    pub(crate) fn get(&self, mode: RunMode) -> Option<&RunResult> {
        self.results.iter().find(|r| r.mode == mode)
    }

    /// The speedup of the first run with `mode`, as text (`1.96×` or `n/a`).
    pub(crate) fn speedup(&self, mode: RunMode) -> String {
        fmt_x(self.get(mode).and_then(|r| r.speedup))
    }

    /// The report of the recorded runs, with `verdict`.
    pub(crate) fn finish(self, verdict: String) -> DemoReport {
        DemoReport {
            demo: self.demo.to_string(),
            cores: self.ctx.cores,
            runs: self.results,
            verdict,
            python: self.python,
        }
    }
}

/// A caveat for the verdict when `mode`, which should come close to `ideal`,
/// fell far short: the likeliest cause is other programs using the cores.
pub(crate) fn busy_caveat(rec: &Recorder<'_>, mode: RunMode, ideal: f64) -> String {
    match rec.get(mode).and_then(|r| r.speedup) {
        Some(s) if ideal >= 1.5 && s < 0.6 * ideal => format!(
            " ({mode} reached only {s:.2}× of {ideal:.0}×: other programs were probably using the cores during this run.)"
        ),
        _ => String::new(),
    }
}

/// `1.96×`, or `n/a`.
pub(crate) fn fmt_x(x: Option<f64>) -> String {
    x.map_or_else(|| "n/a".to_string(), |x| format!("{x:.2}×"))
}

#[cfg(test)]
mod tests {
    use super::super::ctx::tests::test_ctx;
    use super::*;

    #[test]
    fn recorder_filters_and_computes_speedups() {
        let (mut ctx, rx) = test_ctx();
        ctx.modes = Some(vec![RunMode::Sequential, RunMode::Threads]);
        let mut rec = Recorder::new(
            &ctx,
            "cpu-bound",
            vec![
                baseline(RunMode::Sequential),
                plan(RunMode::GilThreads, 2, Some(2.0)),
                plan(RunMode::Threads, 2, Some(2.0)),
            ],
        );
        let fake = |ms: u64| {
            move |_rc: RunCtx<'_>| {
                Ok(Measured {
                    wall: Duration::from_millis(ms),
                    pids: vec![7, 7],
                    ..Measured::default()
                })
            }
        };
        assert!(rec.run(0, false, fake(100)).is_ok());
        assert!(matches!(rec.run(1, false, fake(100)), Ok(None)));
        assert!(rec.run(2, false, fake(50)).is_ok());
        assert_eq!(rec.results.len(), 2);
        assert_eq!(rec.results[1].speedup, Some(2.0));
        assert_eq!(rec.results[1].pids, vec![7]);
        assert_eq!(rec.speedup(RunMode::Threads), "2.00×");
        assert_eq!(rec.speedup(RunMode::GilThreads), "n/a");
        drop(rec);
        drop(ctx);
        let events: Vec<_> = rx.iter().collect();
        match &events[0] {
            DemoEvent::Started { plan, .. } => assert_eq!(plan.len(), 2),
            other => panic!("{other:?}"),
        }
        assert!(events.contains(&DemoEvent::RunStarted { run: 1 }));
    }
}
