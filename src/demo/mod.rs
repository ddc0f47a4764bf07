//! Live demos: the catalog, the runner (threads, GIL threads, processes) and
//! the worker entry point the binary re-executes itself into.
//!
//! Nothing in here knows about ratatui: demos report progress as
//! [`DemoEvent`]s over a `std::sync::mpsc` channel, and [`DemoState`] folds
//! them into what the pane (`tui::demo_pane`) and the command line render.
//!
//! A demo is started with [`start`], which returns a [`DemoHandle`]. Dropping
//! the handle cancels the demo, kills and reaps every child process it
//! started, and joins its threads. [`kill_all_children`] does the same for
//! every demo at once (for panic hooks and signal handlers).

mod cli;
mod demos;
mod event;
mod gil;
mod procs;
mod python;
mod runner;
mod state;
mod work;
mod worker;

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, TryIter};
use std::thread::{self, JoinHandle};
use std::time::Duration;

pub use cli::{DemoArgs, run_cli};
pub use event::{DemoEvent, DemoReport, PlannedRun, PythonInfo, RunResult};
pub use procs::{install_cleanup_hooks, kill_all_children, live_children, pid_alive};
pub use python::python_available;
pub use state::{DemoState, RunState, RunStatus, Status, WorkerState};
pub use worker::{WORKER_SUBCOMMAND, worker_main};

use runner::Ctx;
use work::{Cancel, Stop};

/// Most workers a demo may use, whatever a deck or the command line asks.
pub const MAX_WORKERS: usize = 64;
/// Longest a demo may be asked to run.
pub const MAX_DURATION: Duration = Duration::from_secs(10);
/// How long a demo aims to run when nothing else is asked.
pub const DEFAULT_DURATION: Duration = Duration::from_secs(3);
/// Shortest duration accepted (smaller requests are raised to this).
pub const MIN_DURATION: Duration = Duration::from_millis(20);

/// One entry of the built-in demo catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoInfo {
    /// The name a deck uses in `demo = "..."`.
    pub name: &'static str,
    /// A one-line description for `concur demo --list`.
    pub summary: &'static str,
    /// Whether the demo can also run the real CPython (`--python`, `p`).
    pub python: bool,
    /// Whether the demo only exists on Unix.
    pub unix_only: bool,
}

/// Every demo the app knows. Decks may only name these.
pub const CATALOG: &[DemoInfo] = &[
    DemoInfo {
        name: "gil",
        summary: "per-worker timeline: under the GIL one thread runs at a time; plain threads all run at once",
        python: false,
        unix_only: false,
    },
    DemoInfo {
        name: "cpu-bound",
        summary: "the same CPU work sequentially, with GIL threads, threads and processes",
        python: true,
        unix_only: false,
    },
    DemoInfo {
        name: "io-bound",
        summary: "blocking waits: threads hide latency, even under the GIL",
        python: true,
        unix_only: false,
    },
    DemoInfo {
        name: "process-sweep",
        summary: "CPU work with 1 to 2x cores processes: the speedup stops at the core count",
        python: false,
        unix_only: false,
    },
    DemoInfo {
        name: "thread-sweep",
        summary: "I/O work with m x cores threads: the speedup grows with m until overhead wins",
        python: false,
        unix_only: false,
    },
    DemoInfo {
        name: "subprocess",
        summary: "spawn a child and stream text through its stdin and stdout",
        python: false,
        unix_only: false,
    },
    DemoInfo {
        name: "signal",
        summary: "send signals to a busy child that handles them asynchronously (Unix)",
        python: false,
        unix_only: true,
    },
    DemoInfo {
        name: "shared-memory",
        summary: "threads share one counter (lost updates without a lock); processes each count their own copy",
        python: false,
        unix_only: false,
    },
    DemoInfo {
        name: "event-loop",
        summary: "one thread multiplexing thousands of waits versus one thread per wait",
        python: false,
        unix_only: false,
    },
    DemoInfo {
        name: "pool",
        summary: "a thread pool and a process pool mapping the same jobs",
        python: false,
        unix_only: false,
    },
    DemoInfo {
        name: "spawn-cost",
        summary: "time and memory to create lightweight tasks, threads and processes",
        python: false,
        unix_only: false,
    },
];

/// Looks a demo up by name.
pub fn find(name: &str) -> Option<&'static DemoInfo> {
    CATALOG.iter().find(|d| d.name == name)
}

/// The valid demo names, comma-separated (for error messages).
pub fn valid_names() -> String {
    CATALOG
        .iter()
        .map(|d| d.name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether the demo named `name` offers the real CPython here: the demo
/// supports it and `python3` is on PATH. The review screen offers `p` when
/// this is true.
pub fn python_offered(name: &str) -> bool {
    find(name).is_some_and(|d| d.python) && python_available()
}

/// Whether the demo can run on this platform.
pub fn available_here(info: &DemoInfo) -> bool {
    !info.unix_only || cfg!(unix)
}

/// The number of cores demos compare against (`available_parallelism`).
pub fn cores() -> usize {
    thread::available_parallelism().map_or(1, std::num::NonZero::get)
}

/// Why a demo could not start.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// The name is not in [`CATALOG`].
    #[error("unknown demo '{name}'; valid demos: {valid}")]
    UnknownDemo {
        /// The name asked for.
        name: String,
        /// The valid names, comma-separated.
        valid: String,
    },
    /// The demo cannot run on this platform.
    #[error("demo '{0}' is not available on this platform")]
    NotAvailable(&'static str),
    /// `--python` was asked of a demo that has no CPython variant.
    #[error("demo '{0}' has no CPython variant; --python is offered by cpu-bound and io-bound")]
    NoPythonVariant(&'static str),
    /// `--python` was asked but `python3` is not on PATH.
    #[error("python3 was not found on PATH, so the real CPython comparison cannot run")]
    PythonUnavailable,
    /// Starting the demo's thread or locating the worker binary failed.
    #[error("could not start the demo: {0}")]
    Io(#[from] std::io::Error),
}

/// How to run a demo. `Default` gives the calibrated defaults.
#[derive(Debug, Clone, Default)]
pub struct DemoOptions {
    /// Number of workers (clamped to 1..=[`MAX_WORKERS`]); `None` = the
    /// demo's default (usually the number of cores, at least 2).
    pub workers: Option<usize>,
    /// Target wall time of the whole demo (clamped to
    /// [`MIN_DURATION`]..=[`MAX_DURATION`]); `None` = [`DEFAULT_DURATION`].
    pub duration: Option<Duration>,
    /// Run the real CPython variant (cpu-bound and io-bound only).
    pub python: bool,
    /// The executable re-executed for process workers; `None` =
    /// `std::env::current_exe()`. It must call [`worker_main`] when its first
    /// argument is [`WORKER_SUBCOMMAND`].
    pub worker_exe: Option<PathBuf>,
    /// Run only the runs whose mode is listed (e.g. `["processes"]`);
    /// `None` = all. Without the sequential run, speedups are `None`.
    pub modes: Option<Vec<String>>,
}

/// A running demo. Events arrive on [`DemoHandle::events`]; dropping the
/// handle cancels the demo, kills and reaps its children and joins its threads.
pub struct DemoHandle {
    name: &'static str,
    owner: u64,
    cancel: Cancel,
    rx: Receiver<DemoEvent>,
    driver: Option<JoinHandle<()>>,
}

impl DemoHandle {
    /// The demo's catalog name.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The event stream. It ends (disconnects) after the last event
    /// (`Finished`, `Failed` or `Cancelled`).
    pub fn events(&self) -> &Receiver<DemoEvent> {
        &self.rx
    }

    /// The events received so far, without blocking.
    pub fn try_iter(&self) -> TryIter<'_, DemoEvent> {
        self.rx.try_iter()
    }

    /// Asks the demo to stop, and kills and reaps its child processes now.
    /// Returns at once; the demo's threads notice within milliseconds and
    /// the stream ends with `DemoEvent::Cancelled`.
    pub fn cancel(&self) {
        self.cancel.cancel();
        procs::kill_owner(self.owner);
    }

    /// Whether the demo's driver thread has ended.
    pub fn is_finished(&self) -> bool {
        self.driver.as_ref().is_none_or(JoinHandle::is_finished)
    }
}

impl Drop for DemoHandle {
    fn drop(&mut self) {
        self.cancel();
        if let Some(driver) = self.driver.take() {
            let _ = driver.join();
        }
        // A child spawned in a race with the cancel is reaped here at the latest.
        procs::kill_owner(self.owner);
    }
}

impl std::fmt::Debug for DemoHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DemoHandle")
            .field("name", &self.name)
            .field("owner", &self.owner)
            .finish_non_exhaustive()
    }
}

/// Starts the demo `name` in background threads.
pub fn start(name: &str, opts: DemoOptions) -> Result<DemoHandle, DemoError> {
    let info = find(name).ok_or_else(|| DemoError::UnknownDemo {
        name: name.to_string(),
        valid: valid_names(),
    })?;
    if !available_here(info) {
        return Err(DemoError::NotAvailable(info.name));
    }
    if opts.python {
        if !info.python {
            return Err(DemoError::NoPythonVariant(info.name));
        }
        if !python_available() {
            return Err(DemoError::PythonUnavailable);
        }
    }
    let exe = match opts.worker_exe {
        Some(exe) => exe,
        None => std::env::current_exe()?,
    };
    let (tx, rx) = mpsc::channel();
    let cancel = Cancel::default();
    let owner = procs::new_owner();
    let ctx = Ctx {
        tx,
        cancel: cancel.clone(),
        owner,
        exe,
        cores: cores(),
        budget: opts
            .duration
            .unwrap_or(DEFAULT_DURATION)
            .clamp(MIN_DURATION, MAX_DURATION),
        workers: opts.workers.map(|w| w.clamp(1, MAX_WORKERS)),
        modes: opts.modes,
        python: opts.python,
    };
    let driver = thread::Builder::new()
        .name(format!("demo-{}", info.name))
        .spawn(move || drive(info, &ctx))?;
    Ok(DemoHandle {
        name: info.name,
        owner,
        cancel,
        rx,
        driver: Some(driver),
    })
}

/// The demo's driver thread: runs it, reaps its children, reports the end.
fn drive(info: &'static DemoInfo, ctx: &Ctx) {
    let outcome =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| demos::run(info.name, ctx)));
    procs::kill_owner(ctx.owner);
    let last = match outcome {
        _ if ctx.cancel.is_cancelled() => DemoEvent::Cancelled,
        Ok(Ok(report)) => {
            ctx.emit(DemoEvent::Verdict(report.verdict.clone()));
            DemoEvent::Finished(report)
        }
        Ok(Err(Stop::Cancelled)) => DemoEvent::Cancelled,
        Ok(Err(Stop::Failed(msg))) => DemoEvent::Failed(msg),
        Err(_) => DemoEvent::Failed(format!("demo '{}' panicked", info.name)),
    };
    ctx.emit(last);
}
