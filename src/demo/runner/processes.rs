//! The process runner: worker processes (our own binary re-executed), each
//! followed by a reader thread that forwards its progress and collects its
//! result.

use std::io::{BufRead, BufReader};
use std::process::ChildStdout;
use std::thread;
use std::time::{Duration, Instant};

use super::super::measure::ProcStatus;
use super::super::overlap::Span;
use super::super::procs::{self, Spawned};
use super::super::work::Stop;
use super::super::worker::WorkerMsg;
use super::ctx::RunCtx;
use super::threads::join_all;

/// What a set of worker processes gave back.
pub(crate) struct ProcOutcome {
    /// The workers' pids, in worker order.
    pub pids: Vec<u32>,
    /// The workers' results, in worker order.
    pub values: Vec<u64>,
    /// The CPU time the workers reported using, summed (`None` if one did
    /// not say).
    pub cpu: Option<Duration>,
    /// What each worker cost, in worker order.
    pub costs: Vec<ProcCost>,
    /// Each worker's on-CPU intervals (nanoseconds since the run started),
    /// as it stamped and reported them (`None`: it did not say).
    pub spans: Vec<Option<Vec<Span>>>,
}

/// What one worker process cost.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct ProcCost {
    /// From just before it was spawned until it said it runs.
    pub startup: Option<Duration>,
    /// Its memory and context switches when it finished (Linux only).
    pub status: Option<ProcStatus>,
}

/// What a reader thread gives back: the worker's value, CPU time, cost and
/// on-CPU intervals.
struct Read {
    value: u64,
    cpu: Option<Duration>,
    cost: ProcCost,
    spans: Option<Vec<Span>>,
}

/// Starts one worker process per argument list, each with a reader thread
/// that forwards its progress, and waits for every result. If one cannot
/// start, the others are killed and reaped at once.
pub(crate) fn run_processes(rc: RunCtx<'_>, args: Vec<Vec<String>>) -> Result<ProcOutcome, Stop> {
    thread::scope(|s| {
        let mut readers = Vec::with_capacity(args.len());
        let mut first_error = None;
        for (w, a) in args.iter().enumerate() {
            let spawned_at = Instant::now();
            let child = match rc.ctx.spawn_worker(a, false) {
                Ok(c) => c,
                Err(e) => {
                    first_error = Some(e);
                    break;
                }
            };
            let pid = child.pid;
            let spawned = thread::Builder::new()
                .name(format!("demo-reader-{w}"))
                .spawn_scoped(s, move || read_worker(rc, w, child, spawned_at));
            match spawned {
                Ok(h) => readers.push((pid, h)),
                Err(e) => {
                    procs::reap(pid);
                    first_error = Some(Stop::failed(format!("could not start a reader: {e}")));
                    break;
                }
            }
        }
        if first_error.is_some() {
            // Do not wait for the others' work: stop them now.
            for (pid, _) in &readers {
                procs::reap(*pid);
            }
        }
        let done = join_all(readers.into_iter(), first_error, "a reader thread panicked")?;
        let cpu = done.iter().map(|(_, r)| r.cpu).sum();
        let costs = done.iter().map(|(_, r)| r.cost).collect();
        let mut out = ProcOutcome {
            pids: Vec::new(),
            values: Vec::new(),
            cpu,
            costs,
            spans: Vec::new(),
        };
        for (pid, r) in done {
            out.pids.push(pid);
            out.values.push(r.value);
            out.spans.push(r.spans);
        }
        Ok(out)
    })
}

/// Reads a worker's lines until it closes stdout, then reaps it.
/// Returns its value, the CPU time it reported and what it cost (start-up
/// counted from `spawned_at`).
fn read_worker(
    rc: RunCtx<'_>,
    w: usize,
    child: Spawned,
    spawned_at: Instant,
) -> Result<Read, Stop> {
    let pid = child.pid;
    let mut cost = ProcCost::default();
    let mut cpu = None;
    let mut value = None;
    let mut spans = None;
    let mut error = None;
    for_each_msg(child.stdout, |msg| match msg {
        WorkerMsg::Ready { pid } => {
            cost.startup = Some(spawned_at.elapsed());
            rc.started(w, pid);
        }
        WorkerMsg::Progress { done, total } => rc.progress(w, done, total),
        WorkerMsg::Done {
            value: v,
            cpu_ms,
            status,
            spans: on_cpu,
            ..
        } => {
            value = Some(v);
            // Stamped on the system-wide monotonic clock, as our t0 is.
            spans = on_cpu.map(|s| rc.since_start(&s));
            if let Some(s) = &spans {
                rc.on_cpu(w, s);
            }
            cost.status = status;
            cpu = cpu_ms
                .filter(|c| c.is_finite() && *c >= 0.0)
                .map(|c| Duration::from_secs_f64(c / 1e3));
        }
        WorkerMsg::Error { message } => error = Some(message),
        WorkerMsg::Result { .. } | WorkerMsg::Signal { .. } => {}
    });
    let status = procs::reap(pid);
    rc.ctx.cancel.check()?;
    match (value, error) {
        (Some(value), None) => Ok(Read {
            value,
            cpu,
            cost,
            spans,
        }),
        (_, Some(msg)) => Err(Stop::failed(format!("worker process {pid}: {msg}"))),
        (None, None) => Err(Stop::failed(format!(
            "worker process {pid} ended without a result ({})",
            status.map_or_else(|| "killed".to_string(), |s| s.to_string())
        ))),
    }
}

/// Calls `f` with every message a worker writes, until end of file (lines
/// that are not a message are skipped).
pub(crate) fn for_each_msg(stdout: ChildStdout, mut f: impl FnMut(WorkerMsg)) {
    for line in BufReader::new(stdout).lines() {
        let Ok(line) = line else { break };
        if let Ok(msg) = serde_json::from_str::<WorkerMsg>(&line) {
            f(msg);
        }
    }
}
