//! [`DemoState`]: a pure fold of [`DemoEvent`]s into what a display shows.

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
    /// Per worker, the spans `(start_ms, end_ms)` it computed (held the GIL).
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
    /// The catalog name.
    pub demo: String,
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
    pub fn new(demo: &str, python_offered: bool) -> Self {
        DemoState {
            demo: demo.to_string(),
            python_offered,
            ..DemoState::default()
        }
    }

    /// Folds one event in.
    pub fn apply(&mut self, ev: DemoEvent) {
        match ev {
            DemoEvent::Started { demo, cores, plan } => {
                self.demo = demo;
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
mod tests {
    use super::*;

    fn started() -> DemoEvent {
        DemoEvent::Started {
            demo: "cpu-bound".into(),
            cores: 2,
            plan: vec![
                PlannedRun {
                    mode: RunMode::Sequential,
                    workers: 1,
                    ideal: Some(1.0),
                },
                PlannedRun {
                    mode: RunMode::Threads,
                    workers: 2,
                    ideal: Some(2.0),
                },
            ],
        }
    }

    fn result(mode: RunMode, workers: usize, wall_ms: f64, speedup: f64) -> RunResult {
        RunResult {
            mode,
            workers,
            wall_ms,
            speedup: Some(speedup),
            pids: vec![42],
            cpu_per_wall: None,
            ideal: Some(workers as f64),
            ..RunResult::new(mode, workers, wall_ms)
        }
    }

    #[test]
    fn folds_a_whole_demo() {
        let mut s = DemoState::new("cpu-bound", true);
        assert_eq!(s.status, Status::Starting);
        s.apply(started());
        assert_eq!(s.status, Status::Running);
        assert_eq!(s.runs.len(), 2);
        s.apply(DemoEvent::RunStarted { run: 0 });
        s.apply(DemoEvent::WorkerStarted {
            run: 0,
            worker: 0,
            pid: 42,
        });
        s.apply(DemoEvent::Progress {
            run: 0,
            worker: 0,
            done: 25,
            total: 100,
            elapsed_ms: 250.0,
        });
        assert_eq!(s.current, Some(0));
        assert!((s.runs[0].progress() - 0.25).abs() < 1e-9);
        assert_eq!(s.runs[0].worker_states[0].pid, Some(42));
        s.apply(DemoEvent::RunFinished {
            run: 0,
            result: result(RunMode::Sequential, 1, 1000.0, 1.0),
        });
        assert_eq!(s.runs[0].status, RunStatus::Done);
        assert!((s.runs[0].progress() - 1.0).abs() < 1e-9);
        s.apply(DemoEvent::RunStarted { run: 1 });
        for w in 0..2 {
            s.apply(DemoEvent::Progress {
                run: 1,
                worker: w,
                done: 50 * (w as u64 + 1),
                total: 100,
                elapsed_ms: 300.0,
            });
        }
        assert!((s.runs[1].progress() - 0.75).abs() < 1e-9);
        assert!((s.elapsed_ms() - 1300.0).abs() < 1e-9);
        s.apply(DemoEvent::RunFinished {
            run: 1,
            result: result(RunMode::Threads, 2, 520.0, 1.92),
        });
        let fine = Verdict {
            status: crate::demo::verdict::Status::Supported,
            text: "fine".into(),
        };
        let report = DemoReport {
            demo: "cpu-bound".into(),
            cores: 2,
            runs: vec![],
            verdict: fine.clone(),
            busy_cores: None,
            claim: vec![],
            python: None,
            free_threaded: None,
        };
        s.apply(DemoEvent::Verdict(fine.clone()));
        s.apply(DemoEvent::Finished(report));
        assert_eq!(s.status, Status::Finished);
        assert!(s.is_over());
        assert_eq!(s.verdict, Some(fine));
        assert!((s.speedup_scale() - 2.0).abs() < 1e-9);
    }

    #[test]
    fn joins_continuing_slices_and_ignores_nonsense() {
        let mut s = DemoState::new("gil", false);
        s.apply(started());
        for (a, b) in [(0.0, 5.0), (5.0, 10.0), (20.0, 25.0)] {
            s.apply(DemoEvent::Slice {
                run: 1,
                worker: 1,
                start_ms: a,
                end_ms: b,
            });
        }
        assert_eq!(s.runs[1].timeline[1], vec![(0.0, 10.0), (20.0, 25.0)]);
        assert!(s.runs[1].has_timeline());
        assert!((s.runs[1].timeline_end_ms() - 25.0).abs() < 1e-9);
        // Out-of-range runs and workers are ignored, not a panic.
        s.apply(DemoEvent::RunStarted { run: 99 });
        s.apply(DemoEvent::Progress {
            run: 1,
            worker: 100_000,
            done: 1,
            total: 0,
            elapsed_ms: 1.0,
        });
        s.apply(DemoEvent::Slice {
            run: 7,
            worker: 0,
            start_ms: 0.0,
            end_ms: 1.0,
        });
        assert_eq!(s.current, None);
        assert!(s.runs[1].worker_states.is_empty());
    }

    #[test]
    fn a_run_made_again_starts_its_timeline_afresh_and_time_adds_up() {
        let mut s = DemoState::new("gil", false);
        s.apply(started());
        s.apply(DemoEvent::RunStarted { run: 1 });
        s.apply(DemoEvent::Slice {
            run: 1,
            worker: 0,
            start_ms: 0.0,
            end_ms: 40.0,
        });
        s.apply(DemoEvent::RunFinished {
            run: 1,
            result: result(RunMode::Threads, 2, 50.0, 1.9),
        });
        s.apply(DemoEvent::RunStarted { run: 1 });
        assert_eq!(s.runs[1].status, RunStatus::Running);
        assert!(!s.runs[1].has_timeline());
        assert!(s.runs[1].result.is_some(), "the medians so far stay");
        s.apply(DemoEvent::Progress {
            run: 1,
            worker: 0,
            done: 1,
            total: 2,
            elapsed_ms: 20.0,
        });
        assert!((s.elapsed_ms() - 70.0).abs() < 1e-9);
    }

    #[test]
    fn a_second_cpythons_runs_are_appended_and_each_part_knows_its_cpython() {
        let py = |version: &str, gil_enabled| PythonInfo {
            version: version.into(),
            gil_enabled,
        };
        let mut s = DemoState::new("gil", true);
        s.apply(started());
        s.apply(DemoEvent::Python(py("3.12.3", true)));
        s.apply(DemoEvent::RunFinished {
            run: 1,
            result: result(RunMode::Threads, 2, 100.0, 1.0),
        });
        assert_eq!(s.parts, [0]);
        s.apply(DemoEvent::RunsAdded {
            plan: vec![PlannedRun {
                mode: RunMode::PythonThreading,
                workers: 2,
                ideal: Some(2.0),
            }],
        });
        assert_eq!(s.parts, [0, 2]);
        assert_eq!(s.runs.len(), 3);
        assert!(s.runs[2].python.is_none(), "not said yet");
        s.apply(DemoEvent::Python(py("3.13.1", false)));
        s.apply(DemoEvent::RunStarted { run: 2 });
        assert_eq!(s.current, Some(2));
        assert_eq!(s.runs[2].status, RunStatus::Running);
        // The first part keeps its CPython; the second has its own.
        assert_eq!(s.runs[0].python, Some(py("3.12.3", true)));
        assert_eq!(s.runs[1].python, Some(py("3.12.3", true)));
        assert_eq!(s.runs[2].python, Some(py("3.13.1", false)));
        assert_eq!(s.runs[1].status, RunStatus::Done);
    }

    #[test]
    fn failure_and_cancel_end_the_demo() {
        let mut s = DemoState::new("pool", false);
        s.apply(DemoEvent::Failed("boom".into()));
        assert_eq!(s.status, Status::Failed);
        assert_eq!(s.error.as_deref(), Some("boom"));
        let mut s = DemoState::new("pool", false);
        s.apply(DemoEvent::Cancelled);
        assert!(s.is_over());
    }
}
