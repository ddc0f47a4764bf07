//! `cpu-and-io`: both halves of "multiprocessing for computations (speed),
//! multithreading for I/O (latency)". The CPU work runs on GIL threads and
//! on processes, and so do blocking waits, in interleaved rounds; what it
//! costs to start the threads and the processes (and the processes'
//! memory) is measured apart. With `--python`, real CPython does the same.

use crate::text::plural;
use std::io::{BufRead, BufReader};
use std::time::{Duration, Instant};

use super::super::event::DemoReport;
use super::super::mode::RunMode;
use super::super::procs;
use super::super::runner::{
    CpuWork, Ctx, Mode, ROUNDS, Recorder, WaitJob, baseline, median, on_threads, plan, run_workload,
};
use super::super::verdict::{Bound, Claim, Figure, Limit, Work};
use super::super::work::{Stop, iters_for};
use super::skeleton::{cpu_rounds, sizing};
use super::{fmt_kib, fmt_ms, ms};

mod python;

pub(super) use python::run as run_python;

#[cfg(test)]
pub(crate) use python::{PYTHON_CLAIM, PYTHON_FREE_CLAIM};

/// Waits of the I/O half, and the workers that share them.
const WAITS: usize = 16;
const IO_WORKERS: usize = 8;

/// I/O: the threads' speedup over the processes'.
const IO_RATIO: &str = "I/O: GIL threads' speedup ÷ processes'";
/// What starting the I/O workers took: processes over threads.
const STARTUP_RATIO: &str = "start-up: processes' time ÷ threads'";

/// What the two cards claim, both halves.
pub(crate) const CLAIM: Claim = Claim {
    says: "for computations processes run in parallel (near min(workers, cores)×) while GIL threads take turns (no faster than one thread, ≤ 1.15×); for I/O, GIL threads overlap the waits about as well as processes (at least 0.9 × their speedup) and start at a fraction of the cost (processes take at least 2 × as long)",
    conclusion: "Multiprocessing for computations (speed: the cores compute at once); multithreading for I/O (latency: a waiting thread releases the GIL, and threads are cheaper to start and share memory).",
    bounds: &[
        Bound::at_most(Figure::Speedup(RunMode::CpuGilThreads), Limit::Fixed(1.15)),
        Bound::at_least(Figure::Speedup(RunMode::CpuProcesses), Limit::Ideal(0.8)),
        Bound::at_least(Figure::Speedup(RunMode::IoGilThreads), Limit::Ideal(0.6)),
        Bound::at_least(Figure::Named(IO_RATIO), Limit::Fixed(0.9)),
        Bound::at_least(Figure::Named(STARTUP_RATIO), Limit::Fixed(2.0)),
    ],
    work: Work::CpuAndWaits,
};

/// The ideal speedup of `WAITS` waits shared by `workers`.
fn io_ideal(workers: usize) -> f64 {
    WAITS as f64 / WAITS.div_ceil(workers.max(1)) as f64
}

/// What starting `n` workers cost.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct StartUp {
    pub threads_ms: Option<f64>,
    pub processes_ms: Option<f64>,
    /// The processes' resident memory, summed (Linux only).
    pub processes_kib: Option<f64>,
}

impl StartUp {
    /// Processes' start-up over threads'.
    pub(crate) fn ratio(&self) -> Option<f64> {
        match (self.processes_ms, self.threads_ms) {
            (Some(p), Some(t)) if t > 0.0 => Some(p / t),
            _ => None,
        }
    }

    /// `8 processes: 12.3 ms to start, 24.0 MiB resident; 8 threads: 0.21 ms`.
    pub(crate) fn text(&self, n: usize) -> String {
        format!(
            "starting {n} processes took {}{}, {n} threads {} (they share this process's memory)",
            self.processes_ms.map_or_else(|| "?".to_string(), fmt_ms),
            self.processes_kib.map_or_else(
                || " (memory not measurable here)".to_string(),
                |k| format!(" and they held {} resident", fmt_kib(k))
            ),
            self.threads_ms.map_or_else(|| "?".to_string(), fmt_ms),
        )
    }
}

/// Times to measure the start-up of threads and of processes (the median
/// is kept: one start-up disturbed by a busy machine does not decide).
const THREAD_TRIALS: usize = 5;
const PROCESS_TRIALS: usize = 3;

/// The start-up of `n` threads that do nothing (started and joined) and of
/// `n` idle worker processes (started until each says it runs; their
/// resident memory read then, before they are killed and reaped): medians
/// of a few trials.
fn start_up(ctx: &Ctx, n: usize) -> Result<StartUp, Stop> {
    let mut threads = Vec::with_capacity(THREAD_TRIALS);
    for _ in 0..THREAD_TRIALS {
        let t = Instant::now();
        on_threads(n, |_| Ok(()))?;
        threads.push(ms(t.elapsed()));
    }
    let mut processes = Vec::with_capacity(PROCESS_TRIALS);
    let mut kib = Vec::with_capacity(PROCESS_TRIALS);
    for _ in 0..PROCESS_TRIALS {
        let (took, k) = processes_start_up(ctx, n)?;
        processes.push(took);
        kib.extend(k);
    }
    Ok(StartUp {
        threads_ms: median(threads.into_iter()),
        processes_ms: median(processes.into_iter()),
        processes_kib: median(kib.into_iter()),
    })
}

/// One trial of [`start_up`]'s processes: the time until all `n` said they
/// run, and their resident memory summed (if every one could be read).
fn processes_start_up(ctx: &Ctx, n: usize) -> Result<(f64, Option<f64>), Stop> {
    let t = Instant::now();
    let mut pids = Vec::with_capacity(n);
    let result = (|| {
        let mut readers = Vec::with_capacity(n);
        for _ in 0..n {
            let child = ctx.spawn_worker(&["idle".to_string()], false)?;
            pids.push(child.pid);
            readers.push(BufReader::new(child.stdout));
        }
        for r in &mut readers {
            let mut first = String::new();
            let _ = r.read_line(&mut first);
        }
        let took = ms(t.elapsed());
        let kib: Option<u64> = pids
            .iter()
            .map(|&p| procs::memory_kib(Some(p)).map(|m| m.0))
            .sum();
        Ok((took, kib.map(|k| k as f64)))
    })();
    for &p in &pids {
        procs::reap(p);
    }
    ctx.cancel.check()?;
    result
}

/// Runs `cpu-and-io`: the CPU work sequentially, on GIL threads and on
/// processes; blocking waits the same three ways; in interleaved rounds.
pub(crate) fn run(ctx: &Ctx) -> Result<DemoReport, Stop> {
    let (w, p) = sizing(ctx, 4);
    let round = ctx.budget_share(0.9 / ROUNDS.min as f64);
    let (io_w, wait) = io_sizing(ctx, round);
    // Half a round computes (sequential, GIL threads ~as long, processes
    // 1/p of it), the other half waits (16 + 2 + 2 waits).
    let cpu = CpuWork {
        iters: iters_for(round.mul_f64(0.5 / (2.0 + 1.0 / p))),
    };
    let job = WaitJob {
        items: WAITS,
        wait,
        cpu_iters: 10,
    };
    let startup = start_up(ctx, io_w)?;
    let io = Some(io_ideal(io_w));
    let mut rec = Recorder::new(
        ctx,
        vec![
            baseline(RunMode::CpuSequential),
            plan(RunMode::CpuGilThreads, w, Some(p)),
            plan(RunMode::CpuProcesses, w, Some(p)),
            baseline(RunMode::IoSequential),
            plan(RunMode::IoGilThreads, io_w, io),
            plan(RunMode::IoProcesses, io_w, io),
        ],
    );
    let wait_note = format!("{WAITS} waits of {}", fmt_ms(ms(job.wait)));
    let startup_note = startup.text(io_w);
    cpu_rounds(&mut rec, &CLAIM, ctx.budget, cpu, |rec, i, cpu| {
        let (mode, workers) = match i {
            0 | 3 => (Mode::Sequential, 1),
            1 => (Mode::GilThreads, w),
            2 => (Mode::Processes, w),
            4 => (Mode::GilThreads, io_w),
            _ => (Mode::Processes, io_w),
        };
        rec.run(i, false, |rc| {
            let mut m = if i < 3 {
                run_workload(rc, mode, workers, cpu)?
            } else {
                run_workload(rc, mode, workers, &job)?
            };
            m.note = match i {
                0 => Some("computing".to_string()),
                3 => Some(wait_note.clone()),
                5 => {
                    m.resident_kib = startup.processes_kib;
                    Some(format!("their start-up inside the timing; {startup_note}"))
                }
                _ => None,
            };
            Ok(m)
        })?;
        Ok(())
    })?;
    let named = named(&rec, RunMode::IoGilThreads, RunMode::IoProcesses, &startup);
    let (ws, io_ws) = (plural(w, "worker"), plural(io_w, "worker"));
    let summary = format!(
        "Computations, {ws}: processes {} against an ideal {p}×, GIL threads {} (no faster than one thread: one at a time). I/O, {io_ws}: GIL threads {}, processes {} against an ideal {}×; {}.",
        rec.speedup(RunMode::CpuProcesses),
        rec.speedup(RunMode::CpuGilThreads),
        rec.speedup(RunMode::IoGilThreads),
        rec.speedup(RunMode::IoProcesses),
        io_ideal(io_w),
        startup_note,
    );
    Ok(rec.finish(&CLAIM, &summary, &named))
}

/// The I/O half's workers (the ones asked for, within 2..=[`IO_WORKERS`])
/// and the length of each of its waits, so that the waits of a round (the
/// sequential run's [`WAITS`], then two runs of `WAITS / workers` each)
/// fill half of `round`, at least 1 ms each.
fn io_sizing(ctx: &Ctx, round: Duration) -> (usize, Duration) {
    let io_w = IO_WORKERS.min(ctx.workers_or(IO_WORKERS).max(2));
    let waits_in_a_round = WAITS + 2 * WAITS.div_ceil(io_w);
    let wait = round
        .mul_f64(0.5 / waits_in_a_round as f64)
        .max(Duration::from_millis(1));
    (io_w, wait)
}

/// The named figures: the I/O threads' speedup over the processes', and
/// the processes' start-up over the threads'.
pub(crate) fn named(
    rec: &Recorder<'_>,
    threads: RunMode,
    processes: RunMode,
    startup: &StartUp,
) -> Vec<(&'static str, f64)> {
    let s = |m| rec.get(m).and_then(|r| r.speedup);
    let mut out = Vec::new();
    if let (Some(t), Some(p)) = (s(threads), s(processes))
        && p > 0.0
    {
        out.push((IO_RATIO, t / p));
    }
    if let Some(r) = startup.ratio() {
        out.push((STARTUP_RATIO, r));
    }
    out
}

#[cfg(test)]
mod tests;
