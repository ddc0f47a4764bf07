//! [`DemoState`]: a pure fold of [`DemoEvent`]s into what a display shows.

use super::catalog::DemoId;
use super::event::{DemoEvent, DemoReport, PlannedRun, PythonInfo, RunResult};
use super::mode::RunMode;
use super::verdict::Verdict;

/// Worker slots kept per run (more workers are summarised in the run's total).
const MAX_WORKER_SLOTS: usize = 256;
/// Timeline slices kept per run (a 10 s GIL run makes about 2 000).
const MAX_SLICES: usize = 20_000;

/// Where the demo is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Status {
    /// Not started yet (no `Started` event).
    #[default]
    Starting,
    /// Running.
    Running,
    /// Finished with a report.
    Finished,
    /// Cancelled.
    Cancelled,
    /// Failed; see [`DemoState::error`].
    Failed,
}

/// Where one run is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RunStatus {
    /// Not started.
    #[default]
    Waiting,
    /// Running.
    Running,
    /// Finished; see [`RunState::result`].
    Done,
}

/// One worker of a run.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WorkerState {
    /// The OS process doing the work, once known.
    pub pid: Option<u32>,
    /// Units done.
    pub done: u64,
    /// Units to do (0 if unknown).
    pub total: u64,
}

impl WorkerState {
    /// Progress in 0..=1 (0 if the total is unknown).
    pub fn ratio(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            (self.done as f64 / self.total as f64).clamp(0.0, 1.0)
        }
    }
}

/// One run of the demo.
#[derive(Debug, Clone, PartialEq)]
pub struct RunState {
    /// What the run does.
    pub mode: RunMode,
    /// Workers planned (the result's count once finished).
    pub workers: usize,
    /// The ideal speedup, if any.
    pub ideal: Option<f64>,
    /// Where the run is.
    pub status: RunStatus,
    /// Milliseconds since the run started, as last reported.
    pub elapsed_ms: f64,
    /// Workers that reported so far.
    pub worker_states: Vec<WorkerState>,
    /// Per worker, the spans `(start_ms, end_ms)` it was on a CPU (under a
    /// GIL: held it), from its own clock stamps.
    pub timeline: Vec<Vec<(f64, f64)>>,
    /// The measurements, once finished.
    pub result: Option<RunResult>,
    /// The CPython that makes the run, once it said (CPython runs only).
    pub python: Option<PythonInfo>,
}

impl RunState {
    /// A planned run, waiting to start.
    pub fn planned(p: PlannedRun) -> Self {
        RunState {
            mode: p.mode,
            workers: p.workers,
            ideal: p.ideal,
            status: RunStatus::Waiting,
            elapsed_ms: 0.0,
            worker_states: Vec::new(),
            timeline: Vec::new(),
            result: None,
            python: None,
        }
    }

    /// Overall progress in 0..=1: units done over units to do, or the mean
    /// of the workers' ratios; 1 once finished.
    pub fn progress(&self) -> f64 {
        if self.status == RunStatus::Done {
            return 1.0;
        }
        let total: u64 = self.worker_states.iter().map(|w| w.total).sum();
        if total == 0 {
            return 0.0;
        }
        let done: u64 = self.worker_states.iter().map(|w| w.done.min(w.total)).sum();
        (done as f64 / total as f64).clamp(0.0, 1.0)
    }

    /// Whether any worker has timeline slices.
    pub fn has_timeline(&self) -> bool {
        self.timeline.iter().any(|t| !t.is_empty())
    }

    /// The time the timeline covers (the run's wall time once known).
    pub fn timeline_end_ms(&self) -> f64 {
        let last = self
            .timeline
            .iter()
            .flatten()
            .map(|s| s.1)
            .fold(0.0, f64::max);
        self.result
            .as_ref()
            .map_or(last, |r| r.wall_ms.max(last))
            .max(self.elapsed_ms)
    }

    fn worker(&mut self, w: usize) -> Option<&mut WorkerState> {
        if w >= MAX_WORKER_SLOTS {
            return None;
        }
        if self.worker_states.len() <= w {
            self.worker_states.resize(w + 1, WorkerState::default());
        }
        self.worker_states.get_mut(w)
    }
}

/// What the pane and the command line render: every event folded in.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DemoState {
    /// The demo (`None` only in an empty state).
    pub demo: Option<DemoId>,
    /// Cores detected (0 until `Started`).
    pub cores: usize,
    /// Where the demo is.
    pub status: Status,
    /// The planned runs, in order.
    pub runs: Vec<RunState>,
    /// The run in progress (or the last one started).
    pub current: Option<usize>,
    /// Whether the display may offer the real CPython (`p`).
    pub python_offered: bool,
    /// The CPython running a `--python` demo (the latest to say, when two
    /// run: see [`RunState::python`]).
    pub python: Option<PythonInfo>,
    /// Where each part of the plan begins (indexes into `runs`): `[0]`, or
    /// `[0, n]` once a second CPython's runs were added (`RunsAdded`).
    pub parts: Vec<usize>,
    /// The verdict, once finished.
    pub verdict: Option<Verdict>,
    /// What went wrong, if the demo failed.
    pub error: Option<String>,
    /// The full report, once finished.
    pub report: Option<DemoReport>,
    /// Elapsed time of earlier makings of runs made again (rounds).
    pub earlier_ms: f64,
}

impl DemoState {
    /// An empty state for the demo `demo`. `python_offered` says whether the
    /// display may offer the real CPython (see `demo::python_offered`).
    pub fn new(demo: DemoId, python_offered: bool) -> Self {
        DemoState {
            demo: Some(demo),
            python_offered,
            ..DemoState::default()
        }
    }

    /// Folds one event in.
    pub fn apply(&mut self, ev: DemoEvent) {
        match ev {
            DemoEvent::Started { demo, cores, plan } => {
                self.demo = Some(demo);
                self.cores = cores;
                self.status = Status::Running;
                self.runs = plan.into_iter().map(RunState::planned).collect();
                self.parts = vec![0];
                self.current = None;
            }
            DemoEvent::RunsAdded { plan } => {
                self.parts.push(self.runs.len());
                self.runs.extend(plan.into_iter().map(RunState::planned));
            }
            DemoEvent::RunStarted { run } => {
                if let Some(r) = self.runs.get_mut(run) {
                    if r.status == RunStatus::Done {
                        self.earlier_ms += r.elapsed_ms;
                        // Made again (another round): its workers and
                        // timeline start afresh; the result (medians so
                        // far) stays until the next one arrives.
                        r.worker_states.clear();
                        r.timeline.clear();
                        r.elapsed_ms = 0.0;
                    }
                    r.status = RunStatus::Running;
                    self.current = Some(run);
                }
            }
            DemoEvent::WorkerStarted { run, worker, pid } => {
                if let Some(w) = self.run_mut(run).and_then(|r| r.worker(worker)) {
                    w.pid = Some(pid);
                }
            }
            DemoEvent::Progress {
                run,
                worker,
                done,
                total,
                elapsed_ms,
            } => {
                if let Some(r) = self.run_mut(run) {
                    r.elapsed_ms = r.elapsed_ms.max(elapsed_ms);
                    if let Some(w) = r.worker(worker) {
                        w.done = done;
                        w.total = total;
                    }
                }
            }
            DemoEvent::Slice {
                run,
                worker,
                start_ms,
                end_ms,
            } => {
                if let Some(r) = self.run_mut(run) {
                    r.elapsed_ms = r.elapsed_ms.max(end_ms);
                    let kept: usize = r.timeline.iter().map(Vec::len).sum();
                    if worker < MAX_WORKER_SLOTS && kept < MAX_SLICES {
                        if r.timeline.len() <= worker {
                            r.timeline.resize(worker + 1, Vec::new());
                        }
                        let line = &mut r.timeline[worker];
                        // Join a slice that continues the previous one.
                        match line.last_mut() {
                            Some(last) if (start_ms - last.1).abs() < 1e-6 => last.1 = end_ms,
                            _ => line.push((start_ms, end_ms)),
                        }
                    }
                }
            }
            DemoEvent::RunFinished { run, result } => {
                if let Some(r) = self.run_mut(run) {
                    r.status = RunStatus::Done;
                    r.workers = result.workers;
                    r.elapsed_ms = result.wall_ms;
                    r.result = Some(result);
                }
            }
            DemoEvent::Python(info) => {
                let part = self.parts.last().copied().unwrap_or(0);
                for r in self.runs.iter_mut().skip(part) {
                    r.python = Some(info.clone());
                }
                self.python = Some(info);
            }
            DemoEvent::Verdict(v) => self.verdict = Some(v),
            DemoEvent::Finished(report) => {
                self.status = Status::Finished;
                self.verdict = Some(report.verdict.clone());
                if self.python.is_none() {
                    self.python.clone_from(&report.python);
                }
                self.report = Some(report);
            }
            DemoEvent::Failed(msg) => {
                self.status = Status::Failed;
                self.error = Some(msg);
            }
            DemoEvent::Cancelled => self.status = Status::Cancelled,
        }
    }

    fn run_mut(&mut self, run: usize) -> Option<&mut RunState> {
        self.runs.get_mut(run)
    }

    /// Whether the demo has ended (finished, failed or cancelled).
    pub fn is_over(&self) -> bool {
        matches!(
            self.status,
            Status::Finished | Status::Failed | Status::Cancelled
        )
    }

    /// The demo's elapsed time: finished runs' wall times plus the current
    /// run's elapsed time.
    pub fn elapsed_ms(&self) -> f64 {
        self.earlier_ms
            + self
                .runs
                .iter()
                .filter(|r| r.status != RunStatus::Waiting)
                .map(|r| r.elapsed_ms)
                .sum::<f64>()
    }

    /// The largest of all speedups and ideals (at least 1): a common scale.
    pub fn speedup_scale(&self) -> f64 {
        self.runs
            .iter()
            .flat_map(|r| [r.ideal, r.result.as_ref().and_then(|x| x.speedup)])
            .flatten()
            .filter(|x| x.is_finite())
            .fold(1.0, f64::max)
    }
}

#[cfg(test)]
mod tests;
