//! Live demos: the catalog, the runner (threads, GIL threads, processes) and
//! the worker entry point the binary re-executes itself into.
//!
//! Nothing in here knows about ratatui: demos report progress as
//! [`DemoEvent`]s over a `std::sync::mpsc` channel, and [`DemoState`] folds
//! them into what the pane (`tui::demo_pane`) and the command line render.
//!
//! - [`catalog`]: the demos' names, descriptions and parameter bounds (plain
//!   data: what the deck loader checks against)
//! - `demos/`: one file per demo (with the claim its card makes, as data),
//!   and the table tying each catalog entry to its run function
//! - `runner.rs`, `runner/`: workloads on threads, GIL threads and processes;
//!   the recorder of runs (medians, CPU per wall, other programs' cores) and
//!   the interleaved rounds
//! - [`verdict`]: the claim checked against the measurements, a pure
//!   function; `measure.rs`: CPU clocks and `/proc/stat`
//! - `mode.rs` ([`RunMode`]), `event.rs`, `state.rs`: what runs report
//! - `procs.rs`: the registry of child processes; `worker.rs`: the child side;
//!   `python.rs`: the real CPython; `gil.rs`, `work.rs`: the simulated GIL,
//!   the CPU work and cancellation; `pace.rs`: when workers report progress;
//!   `overlap.rs`: when workers were on a CPU, and how long two ran at once
//!
//! A demo is started with [`start`], which returns a [`DemoHandle`]. Dropping
//! the handle cancels the demo, kills and reaps every child process it
//! started, and joins its threads. [`kill_all_children`] does the same for
//! every demo at once (for panic hooks and signal handlers).

pub mod catalog;
pub(crate) mod demos;
mod event;
mod gil;
mod measure;
mod mode;
mod overlap;
mod pace;
mod procs;
mod python;
mod runner;
mod state;
pub mod verdict;
mod work;
mod worker;

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, TryIter};
use std::thread::{self, JoinHandle};
use std::time::Duration;

pub use catalog::{
    CATALOG, DEFAULT_DURATION, DemoId, DemoInfo, MAX_DURATION, MAX_SECONDS, MAX_WORKERS,
    MIN_DURATION, MIN_SECONDS, MIN_WORKERS, UnknownDemo, valid_names,
};
pub use event::{DemoEvent, DemoReport, PlannedRun, PythonInfo, RunResult};
pub use mode::RunMode;
pub(crate) use procs::{exit_signal, park_until_exit};
pub use procs::{install_cleanup_hooks, kill_all_children, live_children, pid_alive};
pub use python::{free_threaded_python, python_available};
pub use state::{DemoState, RunState, RunStatus, Status, WorkerState};
pub use verdict::{Check, CheckKind, Status as VerdictStatus, Verdict};
pub use worker::{WORKER_SUBCOMMAND, worker_main};

use runner::Ctx;
use work::{Cancel, Stop};

/// Whether the demo can run on this platform ([`DemoInfo::available_here`]).
pub fn available_here(info: &DemoInfo) -> bool {
    info.available_here()
}

/// The number of cores demos compare against (`available_parallelism`).
pub fn cores() -> usize {
    thread::available_parallelism().map_or(1, std::num::NonZero::get)
}

/// Why a demo could not start.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// The demo cannot run on this platform.
    #[error("demo '{0}' is not available on this platform")]
    NotAvailable(DemoId),
    /// `--python` was asked of a demo that has no CPython variant.
    #[error("demo '{0}' has no CPython variant; --python is offered by {names}", names = catalog::python_names())]
    NoPythonVariant(DemoId),
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
    /// Number of workers (clamped to [`MIN_WORKERS`]..=[`MAX_WORKERS`]); `None` = the
    /// demo's default (usually the number of cores, at least 2).
    pub workers: Option<usize>,
    /// Target wall time of the whole demo (clamped to
    /// [`MIN_DURATION`]..=[`MAX_DURATION`]); `None` = [`DEFAULT_DURATION`].
    pub duration: Option<Duration>,
    /// Run the real CPython variant (the demos whose catalog entry has `python`).
    pub python: bool,
    /// The executable re-executed for process workers; `None` =
    /// `std::env::current_exe()`. It must call [`worker_main`] when its first
    /// argument is [`WORKER_SUBCOMMAND`].
    pub worker_exe: Option<PathBuf>,
    /// Run only the runs whose mode is listed (e.g. `[RunMode::Processes]`);
    /// `None` = all. Without the baseline run, speedups are `None`.
    pub modes: Option<Vec<RunMode>>,
}

/// A running demo. Events arrive on [`DemoHandle::events`]; dropping the
/// handle cancels the demo, kills and reaps its children and joins its threads.
pub struct DemoHandle {
    id: DemoId,
    owner: u64,
    cancel: Cancel,
    rx: Receiver<DemoEvent>,
    driver: Option<JoinHandle<()>>,
}

impl DemoHandle {
    /// The demo running.
    pub fn id(&self) -> DemoId {
        self.id
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

    /// Stops the demo without waiting for it: cancels it now (its child
    /// processes killed and reaped here, as [`DemoHandle::cancel`] does),
    /// and lets its threads end, and be joined, on a thread of their own.
    /// For a caller that must not block (the interface); dropping the
    /// handle instead waits for the threads.
    pub fn stop(self) {
        self.cancel();
        // Without a thread to spare, the closure and the handle in it are
        // dropped here: then this waits after all.
        drop(
            std::thread::Builder::new()
                .name("demo-stop".into())
                .spawn(move || drop(self)),
        );
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
            .field("id", &self.id)
            .field("owner", &self.owner)
            .finish_non_exhaustive()
    }
}

/// Starts the demo `id` in background threads.
pub fn start(id: DemoId, opts: DemoOptions) -> Result<DemoHandle, DemoError> {
    let info = id.info();
    if !available_here(info) {
        return Err(DemoError::NotAvailable(id));
    }
    if opts.python {
        if !info.python {
            return Err(DemoError::NoPythonVariant(id));
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
        demo: id,
        tx,
        cancel: cancel.clone(),
        owner,
        exe,
        cores: cores(),
        budget: opts
            .duration
            .unwrap_or(DEFAULT_DURATION)
            .clamp(MIN_DURATION, MAX_DURATION),
        workers: opts
            .workers
            .map(|w| w.clamp(usize::from(MIN_WORKERS), usize::from(MAX_WORKERS))),
        modes: opts.modes,
        python: opts.python,
        interpreter: None,
        announced: std::sync::Arc::default(),
        appended: false,
    };
    let driver = thread::Builder::new()
        .name(format!("demo-{id}"))
        .spawn(move || drive(&ctx))?;
    Ok(DemoHandle {
        id,
        owner,
        cancel,
        rx,
        driver: Some(driver),
    })
}

/// The demo's driver thread: runs it, reaps its children, reports the end.
fn drive(ctx: &Ctx) {
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| demos::run(ctx)));
    procs::kill_owner(ctx.owner);
    let last = match outcome {
        _ if ctx.cancel.is_cancelled() => DemoEvent::Cancelled,
        Ok(Ok(report)) => {
            ctx.emit(DemoEvent::Verdict(report.verdict.clone()));
            DemoEvent::Finished(report)
        }
        Ok(Err(Stop::Cancelled)) => DemoEvent::Cancelled,
        Ok(Err(Stop::Failed(msg))) => DemoEvent::Failed(msg),
        Err(_) => DemoEvent::Failed(format!("demo '{}' panicked", ctx.demo)),
    };
    ctx.emit(last);
}
