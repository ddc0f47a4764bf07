//! The recorder: announces a demo's planned runs, makes the ones asked for
//! (each possibly several times: rounds), turns each run's [`Measured`]
//! samples into a [`RunResult`] of medians (speedups paired with the
//! baseline of the same round), measures what the machine gave (CPU per
//! wall-second, other programs' cores) and judges the claim in the report.

use std::sync::atomic::Ordering;
use std::time::Duration;

use super::super::event::{DemoEvent, DemoReport, PlannedRun, PythonInfo, RunResult};
use super::super::measure::Window;
use super::super::mode::RunMode;
use super::super::overlap::{Span, overlap_of};
use super::super::verdict::{self, Claim, Disturbance, Judged, Measurements};
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
    /// CPU time the workers used (their thread or process clocks).
    pub cpu: Option<Duration>,
    /// CPU time our work used outside this process (worker processes,
    /// CPython), so it is not counted as other programs' load.
    pub outside_cpu: Option<Duration>,
    /// What each worker process cost (process runs only).
    pub costs: Vec<super::processes::ProcCost>,
    /// Each worker's on-CPU intervals (nanoseconds since the run started)
    /// from its own clock stamps, where it stamped them (`None`: a worker
    /// that did not, or kept too many to say). Empty: not measured.
    pub spans: Vec<Option<Vec<Span>>>,
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

/// The planned baseline run: one worker, ideal 1×; the speedups of the runs
/// planned after it (up to the next baseline) are measured against it.
pub(crate) fn baseline(mode: RunMode) -> Plan {
    Plan {
        mode,
        workers: 1,
        ideal: Some(1.0),
        baseline: true,
    }
}

/// One making of a planned run.
#[derive(Debug, Clone, Copy)]
struct Sample {
    round: usize,
    wall_ms: f64,
    cpu_ms: Option<f64>,
    /// Other programs' CPU during the run's window, and the window's length.
    other_ms: Option<f64>,
    window_ms: f64,
    /// How long two workers or more ran at once (`None`: not measured).
    overlap_ms: Option<f64>,
}

/// Announces the plan, runs the runs, computes speedups, builds the report.
pub(crate) struct Recorder<'a> {
    ctx: &'a Ctx,
    plan: Vec<Plan>,
    /// Index in the announced (filtered) plan of each planned run.
    visible: Vec<Option<usize>>,
    /// The samples of each planned run.
    samples: Vec<Vec<Sample>>,
    /// Index in `results` of each planned run, once made.
    slot: Vec<Option<usize>>,
    /// The round the next runs belong to (speedups pair runs of a round).
    pub round: usize,
    pub results: Vec<RunResult>,
    pub python: Option<PythonInfo>,
}

impl<'a> Recorder<'a> {
    /// Announces the runs of `plan` that the context asks for (`Started`,
    /// for the context's demo).
    pub(crate) fn new(ctx: &'a Ctx, plan: Vec<Plan>) -> Self {
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
        // A later part's runs are numbered after the runs announced so far.
        let offset = if ctx.appended {
            ctx.announced.fetch_add(announced.len(), Ordering::SeqCst)
        } else {
            ctx.announced.store(announced.len(), Ordering::SeqCst);
            0
        };
        for v in visible.iter_mut().flatten() {
            *v += offset;
        }
        ctx.emit(if ctx.appended {
            DemoEvent::RunsAdded { plan: announced }
        } else {
            DemoEvent::Started {
                demo: ctx.demo,
                cores: ctx.cores,
                plan: announced,
            }
        });
        let n = plan.len();
        Recorder {
            ctx,
            plan,
            visible,
            samples: vec![Vec::new(); n],
            slot: vec![None; n],
            round: 0,
            results: Vec::new(),
            python: None,
        }
    }

    /// Planned runs in all (announced or not).
    pub(crate) fn planned(&self) -> usize {
        self.plan.len()
    }

    /// Runs planned run `i` with `f(RunCtx)` and records it; `Ok(None)` if
    /// the run was filtered out. Made again (in a later round), the run's
    /// result becomes the medians of all its makings.
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
        let window = Window::start();
        let m = f(rc)?;
        let seen = window.end(m.outside_cpu);
        self.ctx.cancel.check()?;
        let wall_ms = m.wall.as_secs_f64() * 1e3;
        self.samples[i].push(Sample {
            round: self.round,
            wall_ms,
            overlap_ms: overlap_of(&m.spans, wall_ms).map(|(ms, _)| ms),
            cpu_ms: m.cpu.map(|c| c.as_secs_f64() * 1e3),
            other_ms: seen.other_cpu.map(|c| c.as_secs_f64() * 1e3),
            window_ms: seen.wall.as_secs_f64() * 1e3,
        });
        let result = self.result_of(i, &m);
        match self.slot[i] {
            Some(k) => self.results[k] = result.clone(),
            None => {
                self.slot[i] = Some(self.results.len());
                self.results.push(result.clone());
            }
        }
        self.ctx.emit(DemoEvent::RunFinished { run: vis, result });
        Ok(Some(m))
    }

    /// The result of planned run `i`: medians over its samples.
    fn result_of(&self, i: usize, m: &Measured) -> RunResult {
        let p = &self.plan[i];
        let samples = &self.samples[i];
        // The baseline of a run: the last one planned before it (a demo
        // with two halves plans one per half), else the first.
        let base = self.plan[..=i]
            .iter()
            .rposition(|p| p.baseline)
            .or_else(|| self.plan.iter().position(|p| p.baseline));
        // Each sample's figure against its round's baseline sample.
        let against_base = |f: &dyn Fn(&Sample, &Sample) -> Option<f64>| -> Vec<f64> {
            let Some(b) = base else {
                return Vec::new();
            };
            let bs = &self.samples[b];
            samples
                .iter()
                .filter_map(|s| {
                    let paired = bs.iter().rev().find(|x| x.round == s.round).or(bs.last());
                    paired.and_then(|x| f(s, x))
                })
                .collect()
        };
        let speedups = against_base(&|s, x| Some(x.wall_ms / s.wall_ms.max(1e-9)));
        let slowdowns = against_base(&|s, x| {
            let (c, cb) = (s.cpu_ms?, x.cpu_ms?);
            (cb > 0.0).then(|| c / cb)
        });
        let mut pids = m.pids.clone();
        pids.sort_unstable();
        pids.dedup();
        let other: Option<f64> = samples.iter().map(|s| s.other_ms).sum();
        let window: f64 = samples.iter().map(|s| s.window_ms).sum();
        let spread = spread(&speedups);
        let overlap_sum: Option<f64> = samples.iter().map(|s| s.overlap_ms).sum();
        RunResult {
            mode: p.mode,
            workers: m.workers.unwrap_or(p.workers),
            wall_ms: median(samples.iter().map(|s| s.wall_ms)).unwrap_or(0.0),
            speedup: median(speedups.into_iter()),
            spread,
            pids,
            ideal: p.ideal,
            note: m.note.clone(),
            cpu_per_wall: median(
                samples
                    .iter()
                    .filter_map(|s| s.cpu_ms.map(|c| c / s.wall_ms.max(1e-9))),
            ),
            busy_cores: other.map(|o| o / window.max(1e-9)),
            repeats: samples.len(),
            // One worker (the baseline's jobs, one after another) cannot
            // overlap. Summed over the makings: zero only if the workers
            // never ran at once.
            overlap_ms: overlap_sum.filter(|_| !p.baseline),
            overlap_fraction: overlap_sum
                .filter(|_| !p.baseline)
                .map(|o| o / samples.iter().map(|s| s.wall_ms).sum::<f64>().max(1e-9)),
            worker_slowdown: if p.baseline {
                None
            } else {
                median(slowdowns.into_iter())
            },
        }
    }

    /// Sets the ideal speedup of planned run `i` (for runs not made yet:
    /// an ideal that depends on what an earlier run measured).
    pub(crate) fn set_ideal(&mut self, i: usize, ideal: Option<f64>) {
        if let Some(p) = self.plan.get_mut(i) {
            p.ideal = ideal;
        }
    }

    /// The result of the first run with `mode`.
    pub(crate) fn get(&self, mode: RunMode) -> Option<&RunResult> {
        self.results.iter().find(|r| r.mode == mode)
    }

    /// The speedup of the first run with `mode`, as text (`1.96×` or `n/a`).
    pub(crate) fn speedup(&self, mode: RunMode) -> String {
        fmt_x(self.get(mode).and_then(|r| r.speedup))
    }

    /// Cores other programs used on average over every run made so far.
    pub(crate) fn busy_cores(&self) -> Option<f64> {
        let all = self.samples.iter().flatten();
        let other: Option<f64> = all.clone().map(|s| s.other_ms).sum();
        let window: f64 = all.map(|s| s.window_ms).sum();
        other.filter(|_| window > 0.0).map(|o| o / window)
    }

    /// The claim judged against the runs made so far.
    pub(crate) fn judge(&self, claim: &Claim, named: &[(&'static str, f64)]) -> Judged {
        let m = Measurements {
            cores: self.ctx.cores,
            runs: &self.results,
            named,
            gil_enabled: self.python.as_ref().map(|p| p.gil_enabled),
        };
        verdict::judge(
            claim,
            &m,
            &Disturbance {
                busy_cores: self.busy_cores(),
            },
        )
    }

    /// The report: the runs, the claim judged, and the verdict's text after
    /// `summary` (the figures in words).
    pub(crate) fn finish(
        self,
        claim: &Claim,
        summary: &str,
        named: &[(&'static str, f64)],
    ) -> DemoReport {
        let judged = self.judge(claim, named);
        let mut verdict = judged.verdict;
        verdict.text = format!("{} {}", summary.trim(), verdict.text)
            .trim()
            .to_string();
        DemoReport {
            demo: self.ctx.demo,
            cores: self.ctx.cores,
            busy_cores: self.busy_cores(),
            runs: self.results,
            verdict,
            claim: judged.checks,
            python: self.python,
            free_threaded: None,
            native: None,
        }
    }
}

/// The median of `xs` (finite values only; `None` if there are none).
pub(crate) fn median(xs: impl Iterator<Item = f64>) -> Option<f64> {
    let mut v: Vec<f64> = xs.filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        f64::midpoint(v[n / 2 - 1], v[n / 2])
    })
}

/// Half the range of `xs` over their median (finite values only); `None`
/// with fewer than two.
pub(crate) fn spread(xs: &[f64]) -> Option<f64> {
    let v: Vec<f64> = xs.iter().copied().filter(|x| x.is_finite()).collect();
    if v.len() < 2 {
        return None;
    }
    let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mid = median(v.into_iter())?;
    (mid > 0.0).then(|| (hi - lo) / 2.0 / mid)
}

/// `1.96×`, or `n/a`.
pub(crate) fn fmt_x(x: Option<f64>) -> String {
    x.map_or_else(|| "n/a".to_string(), |x| format!("{x:.2}×"))
}

#[cfg(test)]
mod tests;
