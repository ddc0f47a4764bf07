//! The child side of process mode: `concur __demo-worker KIND ARGS...`.
//!
//! A worker writes one JSON object per line on stdout ([`WorkerMsg`]). Its
//! stdin is a pipe from the parent: workers that do not read it for data run
//! a thread that exits the process when it reaches end of file, so a worker
//! never outlives a parent that died without killing it.

use std::hint::black_box;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::measure::mono_ns;
use super::overlap::{OnCpu, Span};
use super::pace::{Pace, REPORT_EVERY};
use super::work::{job_value, piece_iters, spin, spin_stamped};

/// The hidden subcommand: `main` calls [`worker_main`] when `argv[1]` is this.
pub const WORKER_SUBCOMMAND: &str = "__demo-worker";

/// Exit code of a worker whose parent went away (stdin reached end of file).
const ORPHANED: i32 = 3;
/// Exit code of a worker that could not write to its parent.
const PARENT_GONE: i32 = 4;

/// One line from a worker to its parent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum WorkerMsg {
    /// The worker runs, as process `pid`.
    Ready { pid: u32 },
    /// `done` of `total` units done.
    Progress { done: u64, total: u64 },
    /// Finished; `value` is the result (a checksum or a count), `cpu_ms`
    /// the CPU time this process used in all.
    Done {
        value: u64,
        work_ms: f64,
        #[serde(default)]
        cpu_ms: Option<f64>,
        /// Its memory and context switches at the end (Linux only).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        status: Option<super::measure::ProcStatus>,
        /// When it was on a CPU: intervals of the system-wide monotonic
        /// clock in ns, from its own stamps (CPU work only).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        spans: Option<Vec<Span>>,
    },
    /// Pool job `id` gave `value`.
    Result { id: u64, value: u64 },
    /// Signal number `signal` handled (the `count`-th), after `units` of
    /// work; `on_main`: whether the handler ran on the main thread.
    Signal {
        signal: i32,
        count: u64,
        units: u64,
        #[serde(default)]
        on_main: Option<bool>,
    },
    /// Something went wrong.
    Error { message: String },
}

/// The worker entry point. `args` are the arguments after the subcommand
/// (a leading [`WORKER_SUBCOMMAND`] is skipped too). Returns the exit code.
pub fn worker_main(args: &[String]) -> i32 {
    let args = match args.split_first() {
        Some((first, rest)) if first == WORKER_SUBCOMMAND => rest,
        _ => args,
    };
    let Some((kind, rest)) = args.split_first() else {
        return usage("missing worker kind");
    };
    let result = match kind.as_str() {
        "cpu" => cpu(rest),
        "wait" => wait(rest),
        "count" => count(rest),
        "pool" => pool(),
        "upper" => upper(),
        "noop" => noop(),
        "idle" => idle(),
        "busy" => busy(rest),
        other => return usage(&format!("unknown worker kind '{other}'")),
    };
    match result {
        Ok(()) => 0,
        Err(WorkerError::Usage(msg)) => usage(&msg),
        Err(WorkerError::ParentGone) => PARENT_GONE,
    }
}

enum WorkerError {
    Usage(String),
    ParentGone,
}

impl From<io::Error> for WorkerError {
    fn from(_: io::Error) -> Self {
        WorkerError::ParentGone
    }
}

fn usage(msg: &str) -> i32 {
    let _ = writeln!(
        io::stderr(),
        "concur {WORKER_SUBCOMMAND}: {msg}. This subcommand is internal: the demos start it."
    );
    2
}

fn num(args: &[String], i: usize, what: &str) -> Result<u64, WorkerError> {
    args.get(i)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| WorkerError::Usage(format!("argument {} ({what}) must be a number", i + 1)))
}

fn emit(msg: &WorkerMsg) -> Result<(), WorkerError> {
    let line = serde_json::to_string(msg).map_err(|e| WorkerError::Usage(e.to_string()))?;
    let mut out = io::stdout().lock();
    writeln!(out, "{line}")?;
    out.flush()?;
    Ok(())
}

/// Exits the process when stdin (a pipe from the parent) reaches end of
/// file: the parent died or dropped us.
fn exit_when_orphaned() {
    let _ = std::thread::Builder::new()
        .name("orphan-watch".into())
        .spawn(|| {
            let _ = io::copy(&mut io::stdin().lock(), &mut io::sink());
            std::process::exit(ORPHANED);
        });
}

/// The CPU time this process used so far, in milliseconds.
fn own_cpu_ms() -> Option<f64> {
    super::measure::process_cpu().map(|c| c.as_secs_f64() * 1e3)
}

fn ready() -> Result<(), WorkerError> {
    emit(&WorkerMsg::Ready {
        pid: std::process::id(),
    })
}

/// `cpu TOTAL CHUNK SEED`: TOTAL rounds of spin, reporting progress.
fn cpu(args: &[String]) -> Result<(), WorkerError> {
    let total = num(args, 0, "total")?;
    let chunk = num(args, 1, "chunk")?.max(1);
    let seed = num(args, 2, "seed")?;
    exit_when_orphaned();
    ready()?;
    let t0 = Instant::now();
    let mut pace = Pace::new(REPORT_EVERY);
    let piece = piece_iters(chunk);
    let mut on_cpu = OnCpu::default();
    on_cpu.stamp(mono_ns());
    let (mut done, mut acc) = (0, seed);
    while done < total {
        let n = chunk.min(total - done);
        acc ^= spin_stamped(n, acc.wrapping_add(done), piece, &mut on_cpu);
        done += n;
        if pace.due(done, total) {
            emit(&WorkerMsg::Progress { done, total })?;
        }
    }
    emit(&WorkerMsg::Progress { done, total })?;
    emit(&WorkerMsg::Done {
        value: acc,
        work_ms: t0.elapsed().as_secs_f64() * 1e3,
        cpu_ms: own_cpu_ms(),
        status: super::measure::proc_status(None),
        spans: on_cpu.spans(),
    })
}

/// `wait COUNT WAIT_US CPU_ITERS`: COUNT blocking waits, each after a bit of CPU.
fn wait(args: &[String]) -> Result<(), WorkerError> {
    let count = num(args, 0, "count")?;
    let wait = Duration::from_micros(num(args, 1, "wait in µs")?);
    let cpu_iters = num(args, 2, "CPU rounds")?;
    exit_when_orphaned();
    ready()?;
    let t0 = Instant::now();
    let mut acc = 0;
    for i in 0..count {
        acc ^= spin(cpu_iters, i);
        std::thread::sleep(wait);
        emit(&WorkerMsg::Progress {
            done: i + 1,
            total: count,
        })?;
    }
    emit(&WorkerMsg::Done {
        value: acc,
        work_ms: t0.elapsed().as_secs_f64() * 1e3,
        cpu_ms: own_cpu_ms(),
        status: None,
        spans: None,
    })
}

/// `count N [START]`: increments a counter of its own, which starts at
/// START (a copy of the parent's value, given on the command line), N times.
fn count(args: &[String]) -> Result<(), WorkerError> {
    let n = num(args, 0, "increments")?;
    let start = if args.len() > 1 {
        num(args, 1, "start")?
    } else {
        0
    };
    exit_when_orphaned();
    ready()?;
    let t0 = Instant::now();
    let mut pace = Pace::new(REPORT_EVERY);
    let mut counter: u64 = start;
    let end = start.saturating_add(n);
    while counter < end {
        let step = (end - counter).min(1 << 16);
        for _ in 0..step {
            counter = black_box(counter) + 1;
        }
        if pace.due(counter - start, n) {
            emit(&WorkerMsg::Progress {
                done: counter - start,
                total: n,
            })?;
        }
    }
    emit(&WorkerMsg::Progress {
        done: counter - start,
        total: n,
    })?;
    emit(&WorkerMsg::Done {
        value: counter,
        work_ms: t0.elapsed().as_secs_f64() * 1e3,
        cpu_ms: own_cpu_ms(),
        status: None,
        spans: None,
    })
}

/// `pool`: reads jobs `ID ITERS SEED` from stdin, answers each with a
/// `Result`; at end of input says when it was on a CPU while computing
/// (`Done`, its clock stamps' intervals) and exits.
fn pool() -> Result<(), WorkerError> {
    let t0 = Instant::now();
    ready()?;
    let mut on_cpu = OnCpu::default();
    let mut jobs = 0;
    for line in io::stdin().lock().lines() {
        let line = line?;
        let parts: Vec<String> = line.split_whitespace().map(str::to_string).collect();
        let id = num(&parts, 0, "job id")?;
        let iters = num(&parts, 1, "job rounds")?;
        let seed = num(&parts, 2, "job seed")?;
        on_cpu.stamp(mono_ns());
        let value = job_value(iters, seed, || {
            on_cpu.stamp(mono_ns());
            Ok(())
        })
        .unwrap_or_default();
        jobs += 1;
        emit(&WorkerMsg::Result { id, value })?;
    }
    emit(&WorkerMsg::Done {
        value: jobs,
        work_ms: t0.elapsed().as_secs_f64() * 1e3,
        cpu_ms: own_cpu_ms(),
        status: None,
        spans: on_cpu.spans(),
    })
}

/// `upper`: a filter that upper-cases each line of stdin onto stdout,
/// flushing whenever it has no more input at hand.
fn upper() -> Result<(), WorkerError> {
    let mut input = BufReader::new(io::stdin().lock());
    let mut out = io::BufWriter::new(io::stdout().lock());
    let mut line = String::new();
    loop {
        line.clear();
        if input.read_line(&mut line)? == 0 {
            break;
        }
        out.write_all(line.to_uppercase().as_bytes())?;
        if input.buffer().is_empty() {
            out.flush()?;
        }
    }
    out.flush()?;
    Ok(())
}

/// `noop`: starts, says so, exits.
fn noop() -> Result<(), WorkerError> {
    ready()
}

/// `idle`: starts, says so, then waits for end of stdin.
fn idle() -> Result<(), WorkerError> {
    ready()?;
    let _ = io::stdin().lock().read_to_end(&mut Vec::new());
    Ok(())
}

/// `busy CHUNK`: computes until SIGTERM and handles each SIGUSR1 on the
/// main thread, as CPython runs a Python handler: the OS-level handler only
/// sets a flag, and the main thread, between two chunks of work, sees it and
/// runs the handler (reports the signal). Signals that arrive between two
/// checks merge, as in CPython.
#[cfg(unix)]
fn busy(args: &[String]) -> Result<(), WorkerError> {
    use signal_hook::consts::{SIGTERM, SIGUSR1};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    let chunk = num(args, 0, "chunk")?.max(1);
    let usr1 = Arc::new(AtomicBool::new(false));
    let stop = Arc::new(AtomicBool::new(false));
    for (sig, flag) in [(SIGUSR1, &usr1), (SIGTERM, &stop)] {
        signal_hook::flag::register(sig, Arc::clone(flag))
            .map_err(|e| WorkerError::Usage(format!("cannot handle signals: {e}")))?;
    }
    exit_when_orphaned();
    ready()?;
    let on_main = std::thread::current().name() == Some("main");
    let t0 = Instant::now();
    let mut pace = Pace::new(REPORT_EVERY);
    let mut acc = 0;
    let mut units = 0;
    let mut count = 0;
    loop {
        if usr1.swap(false, Ordering::SeqCst) {
            count += 1;
            emit(&WorkerMsg::Signal {
                signal: SIGUSR1,
                count,
                units,
                on_main: Some(on_main),
            })?;
        }
        if stop.load(Ordering::SeqCst) {
            emit(&WorkerMsg::Signal {
                signal: SIGTERM,
                count: count + 1,
                units,
                on_main: Some(on_main),
            })?;
            break;
        }
        acc ^= spin(chunk, acc);
        units += 1;
        if pace.tick() {
            emit(&WorkerMsg::Progress {
                done: units,
                total: 0,
            })?;
        }
    }
    black_box(acc);
    emit(&WorkerMsg::Done {
        value: units,
        work_ms: t0.elapsed().as_secs_f64() * 1e3,
        cpu_ms: own_cpu_ms(),
        status: None,
        spans: None,
    })
}

#[cfg(not(unix))]
fn busy(_args: &[String]) -> Result<(), WorkerError> {
    Err(WorkerError::Usage(
        "signals are not available on this platform".into(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_one_json_object_per_line() {
        let msg = WorkerMsg::Progress { done: 3, total: 9 };
        let line = serde_json::to_string(&msg).unwrap_or_default();
        assert_eq!(line, r#"{"progress":{"done":3,"total":9}}"#);
        let back: Option<WorkerMsg> = serde_json::from_str(&line).ok();
        assert_eq!(back, Some(msg));
    }

    #[test]
    fn bad_invocations_are_usage_errors() {
        assert_eq!(worker_main(&[]), 2);
        assert_eq!(worker_main(&["nope".to_string()]), 2);
        assert_eq!(
            worker_main(&[WORKER_SUBCOMMAND.to_string(), "cpu".to_string()]),
            2
        );
    }
}
