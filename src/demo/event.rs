//! What a running demo reports, and the `--json` report shape.

use serde::{Deserialize, Serialize};

use super::catalog::DemoId;
use super::mode::RunMode;
use super::verdict::{Check, Verdict};

/// A run the demo intends to make, announced up front so a display can list
/// the runs still waiting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlannedRun {
    /// What the run does (serialized as `sequential`, `gil-threads`, ...).
    pub mode: RunMode,
    /// Workers the run uses (threads or processes).
    pub workers: usize,
    /// The ideal speedup over the sequential run, where one makes sense.
    pub ideal: Option<f64>,
}

/// The measurements of one finished run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunResult {
    /// What the run does (serialized as `sequential`, `gil-threads`, ...).
    pub mode: RunMode,
    /// Workers (threads or processes) that did the work.
    pub workers: usize,
    /// Measured wall time of the run, in milliseconds.
    pub wall_ms: f64,
    /// Sequential wall time divided by this run's; `None` where the demo has
    /// no sequential run to compare with.
    pub speedup: Option<f64>,
    /// OS process ids that did the work: one for threads, one per process.
    pub pids: Vec<u32>,
    /// The ideal speedup, where one makes sense (CPU work: min(workers, cores)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ideal: Option<f64>,
    /// What else was measured in this run, in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// CPU-seconds the workers got per wall-second of the run (threads:
    /// their thread clocks; processes: their own process clocks); `null`
    /// where not measured.
    #[serde(default)]
    pub cpu_per_wall: Option<f64>,
    /// Cores other programs used during the run (Linux `/proc/stat` minus
    /// our own CPU), where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub busy_cores: Option<f64>,
    /// How many times the run was made; the figures are medians over them.
    #[serde(default = "one")]
    pub repeats: usize,
    /// How much the speedup varied between those makings: half the range
    /// of the per-round speedups over their median (0.04: ±4 %); `None`
    /// with fewer than two rounds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spread: Option<f64>,
    /// How long at least two of the run's workers were on a CPU at once,
    /// in milliseconds, over all its makings (`repeats`): measured from the
    /// workers' own clock stamps, so it holds whatever else runs. `None`
    /// where not measured (one worker, or work that does not stamp).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overlap_ms: Option<f64>,
    /// `overlap_ms` as a share of the run's wall time over the same makings
    /// (0.9: nine tenths of the run had two workers computing at once).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overlap_fraction: Option<f64>,
    /// CPU time per unit of work over the sequential run's (the same work
    /// in each run of a round; median over the rounds): 1.0, each worker
    /// as fast as the lone one; 1.4, each 40 % slower (cores that share
    /// hardware, a busy machine).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worker_slowdown: Option<f64>,
}

fn one() -> usize {
    1
}

impl RunResult {
    /// A run measured once, with nothing but its mode, workers and wall time.
    pub fn new(mode: RunMode, workers: usize, wall_ms: f64) -> Self {
        RunResult {
            mode,
            workers,
            wall_ms,
            speedup: None,
            pids: Vec::new(),
            ideal: None,
            note: None,
            cpu_per_wall: None,
            busy_cores: None,
            repeats: 1,
            spread: None,
            overlap_ms: None,
            overlap_fraction: None,
            worker_slowdown: None,
        }
    }
}

/// The CPython that ran a `--python` demo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PythonInfo {
    /// `sys.version`, first word (e.g. `3.12.3`).
    pub version: String,
    /// `sys._is_gil_enabled()` where it exists, else `true`.
    pub gil_enabled: bool,
}

impl PythonInfo {
    /// `CPython 3.12.3 (GIL enabled)` or `CPython 3.13.1 (free-threaded)`.
    pub fn label(&self) -> String {
        format!(
            "CPython {} ({})",
            self.version,
            if self.gil_enabled {
                "GIL enabled"
            } else {
                "free-threaded"
            }
        )
    }
}

/// Everything a finished demo measured: the `concur demo NAME --json` object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DemoReport {
    /// The demo (serialized as its catalog name).
    pub demo: DemoId,
    /// Cores detected (`std::thread::available_parallelism`).
    pub cores: usize,
    /// The runs, in the order they ran.
    pub runs: Vec<RunResult>,
    /// The verdict on the card's claim: `{"status", "text"}`.
    pub verdict: Verdict,
    /// Cores other programs used on average during the runs (`null` =
    /// unknown on this platform).
    pub busy_cores: Option<f64>,
    /// The claim's bounds and the physical limits, each checked.
    #[serde(default)]
    pub claim: Vec<Check>,
    /// The CPython used, for `--python` runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub python: Option<PythonInfo>,
    /// With `--python` where a free-threaded CPython (`python3.14t`,
    /// `python3.13t`) is on PATH too: the same demo run with it, a report of
    /// the same shape, judged on its own claim. The fields above are then
    /// `python3`'s (GIL enabled).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub free_threaded: Option<Box<DemoReport>>,
    /// With `--python` (and `p` in the pane): the same demo made first by
    /// concur's own runner (its threads, its simulated GIL, its processes),
    /// a report of the same shape, judged on the native claim; the CPython
    /// rows beside it are the fields above.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub native: Option<Box<DemoReport>>,
}

/// A progress event from a running demo. Times are milliseconds since the
/// start of the run they belong to; `run` indexes the `plan` of `Started`.
#[derive(Debug, Clone, PartialEq)]
pub enum DemoEvent {
    /// The demo began; `plan` lists the runs it will make.
    Started {
        /// The catalog name.
        demo: DemoId,
        /// Cores detected.
        cores: usize,
        /// The runs to come, in order.
        plan: Vec<PlannedRun>,
    },
    /// More runs were planned after those of `Started` (the same demo made
    /// again with a second interpreter): they are appended to the plan, and
    /// `run` indexes count on from the earlier runs.
    RunsAdded {
        /// The runs to come, in order.
        plan: Vec<PlannedRun>,
    },
    /// Run `run` of the plan began.
    RunStarted {
        /// Index into the plan.
        run: usize,
    },
    /// A worker of run `run` is running in OS process `pid`.
    WorkerStarted {
        /// Index into the plan.
        run: usize,
        /// Worker index within the run.
        worker: usize,
        /// The OS process id doing the work.
        pid: u32,
    },
    /// A worker did `done` of its `total` units of work.
    Progress {
        /// Index into the plan.
        run: usize,
        /// Worker index within the run.
        worker: usize,
        /// Units done so far.
        done: u64,
        /// Units to do (0 if unknown).
        total: u64,
        /// Milliseconds since the run started.
        elapsed_ms: f64,
    },
    /// A worker computed (held the GIL, for GIL threads) from `start_ms` to
    /// `end_ms`: one slice of the per-worker timeline.
    Slice {
        /// Index into the plan.
        run: usize,
        /// Worker index within the run.
        worker: usize,
        /// Start, in milliseconds since the run started.
        start_ms: f64,
        /// End, in milliseconds since the run started.
        end_ms: f64,
    },
    /// Run `run` finished with these measurements.
    RunFinished {
        /// Index into the plan.
        run: usize,
        /// What was measured.
        result: RunResult,
    },
    /// The CPython that runs a `--python` demo.
    Python(PythonInfo),
    /// The verdict (sent just before `Finished`).
    Verdict(Verdict),
    /// The demo finished; the full report.
    Finished(DemoReport),
    /// The demo failed; a message for the user.
    Failed(String),
    /// The demo was cancelled; every child was killed and reaped.
    Cancelled,
}

impl DemoEvent {
    /// Whether this is the last event of a demo.
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            DemoEvent::Finished(_) | DemoEvent::Failed(_) | DemoEvent::Cancelled
        )
    }
}
