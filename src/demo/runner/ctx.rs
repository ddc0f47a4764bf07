//! What a running demo carries: [`Ctx`] for the whole demo, [`RunCtx`] for
//! one run (and the progress events its workers send through it).

use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;
use std::sync::mpsc::Sender;
use std::time::{Duration, Instant};

use super::super::catalog::{DemoId, MAX_WORKERS};
use super::super::event::DemoEvent;
use super::super::measure::mono_ns;
use super::super::mode::RunMode;
use super::super::overlap::Span;
use super::super::pace::{Pace, REPORT_EVERY};
use super::super::procs::{self, SpawnSpec, Spawned};
use super::super::work::{Cancel, Stop};
use super::super::worker::WORKER_SUBCOMMAND;

/// Everything a running demo needs.
pub(crate) struct Ctx {
    /// The demo running.
    pub demo: DemoId,
    /// Where events go (to the [`DemoHandle`](crate::demo::DemoHandle)).
    pub tx: Sender<DemoEvent>,
    /// Set when the demo is cancelled.
    pub cancel: Cancel,
    /// The owner id of the demo's child processes.
    pub owner: u64,
    /// Our own binary, re-executed for worker processes.
    pub exe: PathBuf,
    /// Cores the demo compares against.
    pub cores: usize,
    /// Target wall time of the whole demo.
    pub budget: Duration,
    /// Workers asked for (already within 1..=[`MAX_WORKERS`]), if any.
    pub workers: Option<usize>,
    /// Only the runs with these modes are made; `None` = all.
    pub modes: Option<Vec<RunMode>>,
    /// Run the real CPython variant.
    pub python: bool,
    /// The CPython to run (a command on PATH); `None` = `CONCUR_PYTHON`,
    /// else `python3`.
    pub interpreter: Option<String>,
    /// How many runs the last `Started` announced (shared by the parts of
    /// a demo made with two interpreters).
    pub announced: Arc<AtomicUsize>,
    /// This is a later part of the demo: its runs are announced with
    /// `RunsAdded`, not `Started`, and numbered after the announced ones.
    pub appended: bool,
}

impl Ctx {
    /// Sends an event to the handle.
    pub(crate) fn emit(&self, ev: DemoEvent) {
        // The receiver may be gone (handle dropped): nobody to tell, fine.
        let _ = self.tx.send(ev);
    }

    /// The workers asked for, or `default`; always within 1..=[`MAX_WORKERS`].
    pub(crate) fn workers_or(&self, default: usize) -> usize {
        self.workers
            .unwrap_or(default)
            .clamp(1, usize::from(MAX_WORKERS))
    }

    /// The budget times `share` (a negative share counts as 0).
    pub(crate) fn budget_share(&self, share: f64) -> Duration {
        self.budget.mul_f64(share.max(0.0))
    }

    /// This context for one part of a demo made with two interpreters:
    /// `interpreter`, `budget`, and whether an earlier part was announced.
    pub(crate) fn part(&self, interpreter: &str, budget: Duration, appended: bool) -> Ctx {
        self.share(Some(interpreter.to_string()), budget, appended)
    }

    /// This context for one part of a demo made in parts (natively, then
    /// with CPython; or with two interpreters): its `interpreter`, `budget`,
    /// and whether an earlier part was announced.
    pub(crate) fn share(
        &self,
        interpreter: Option<String>,
        budget: Duration,
        appended: bool,
    ) -> Ctx {
        Ctx {
            demo: self.demo,
            tx: self.tx.clone(),
            cancel: self.cancel.clone(),
            owner: self.owner,
            exe: self.exe.clone(),
            cores: self.cores,
            budget,
            workers: self.workers,
            modes: self.modes.clone(),
            python: self.python,
            interpreter,
            announced: Arc::clone(&self.announced),
            appended,
        }
    }

    /// How to spawn a child of this demo.
    pub(crate) fn spec(&self, take_stdin: bool, group: bool) -> SpawnSpec<'_> {
        SpawnSpec {
            owner: self.owner,
            cancel: &self.cancel,
            take_stdin,
            group,
        }
    }

    /// Starts our own binary as a worker: `EXE __demo-worker ARGS...`.
    pub(crate) fn spawn_worker(&self, args: &[String], take_stdin: bool) -> Result<Spawned, Stop> {
        let mut cmd = Command::new(&self.exe);
        cmd.arg(WORKER_SUBCOMMAND).args(args);
        procs::spawn(&mut cmd, &self.spec(take_stdin, false))
    }
}

/// The context of one run, handed to its workers: they report through it.
#[derive(Clone, Copy)]
pub(crate) struct RunCtx<'a> {
    /// The demo's context.
    pub ctx: &'a Ctx,
    /// The run's index in the announced plan.
    pub run: usize,
    /// When the run started.
    pub t0: Instant,
    /// When the run started on the system-wide monotonic clock, in ns
    /// (what workers' stamps are measured from).
    pub t0_ns: u64,
    /// Whether workers report timeline slices.
    pub timeline: bool,
    /// How often workers report progress while they work.
    pub report_every: Duration,
}

impl RunCtx<'_> {
    /// A run starting now.
    pub(crate) fn new(ctx: &Ctx, run: usize, timeline: bool) -> RunCtx<'_> {
        RunCtx {
            ctx,
            run,
            t0: Instant::now(),
            t0_ns: mono_ns(),
            timeline,
            report_every: REPORT_EVERY,
        }
    }

    fn ms(&self, t: Instant) -> f64 {
        t.saturating_duration_since(self.t0).as_secs_f64() * 1e3
    }

    /// Worker `worker` runs in process `pid`.
    pub(crate) fn started(&self, worker: usize, pid: u32) {
        self.ctx.emit(DemoEvent::WorkerStarted {
            run: self.run,
            worker,
            pid,
        });
    }

    /// When this run's workers report progress, from now on.
    pub(crate) fn pace(&self) -> Pace {
        Pace::new(self.report_every)
    }

    /// Worker `worker` did `done` of `total` units.
    pub(crate) fn progress(&self, worker: usize, done: u64, total: u64) {
        self.ctx.emit(DemoEvent::Progress {
            run: self.run,
            worker,
            done,
            total,
            elapsed_ms: self.ms(Instant::now()),
        });
    }

    /// `spans` of the monotonic clock, as nanoseconds since the run started.
    pub(crate) fn since_start(&self, spans: &[Span]) -> Vec<Span> {
        spans
            .iter()
            .map(|&(s, e)| (s.saturating_sub(self.t0_ns), e.saturating_sub(self.t0_ns)))
            .collect()
    }

    /// Worker `worker` was on a CPU during `spans` (nanoseconds since the
    /// run started, as measured by its stamps; sent only for runs with a
    /// timeline).
    pub(crate) fn on_cpu(&self, worker: usize, spans: &[Span]) {
        if self.timeline {
            for &(s, e) in spans {
                self.ctx.emit(DemoEvent::Slice {
                    run: self.run,
                    worker,
                    start_ms: s as f64 / 1e6,
                    end_ms: e as f64 / 1e6,
                });
            }
        }
    }

    /// Worker `worker` computed from `start` to `end` (sent only for runs
    /// with a timeline).
    pub(crate) fn slice(&self, worker: usize, (start, end): (Instant, Instant)) {
        if self.timeline {
            self.ctx.emit(DemoEvent::Slice {
                run: self.run,
                worker,
                start_ms: self.ms(start),
                end_ms: self.ms(end),
            });
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::sync::mpsc::{self, Receiver};

    /// A demo context for tests: `gil`, 2 cores, a 100 ms budget, no worker
    /// binary.
    pub(crate) fn test_ctx() -> (Ctx, Receiver<DemoEvent>) {
        let (tx, rx) = mpsc::channel();
        let ctx = Ctx {
            demo: DemoId::Gil,
            tx,
            cancel: Cancel::default(),
            owner: procs::new_owner(),
            exe: PathBuf::from("/nonexistent/concur"),
            cores: 2,
            budget: Duration::from_millis(100),
            workers: None,
            modes: None,
            python: false,
            interpreter: None,
            announced: Arc::default(),
            appended: false,
        };
        (ctx, rx)
    }
}
