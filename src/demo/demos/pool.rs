//! `pool`: a thread pool and a process pool mapping the same jobs.

use crate::text::plural;
use std::io::{BufRead, BufReader, Write};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::super::event::DemoReport;
use super::super::gil::Gil;
use super::super::measure::mono_ns;
use super::super::mode::RunMode;
use super::super::overlap::OnCpu;
use super::super::procs;
use super::super::runner::{Ctx, Measured, Recorder, RunCtx, baseline, on_threads, plan};
use super::super::verdict::{Bound, Claim, Figure, Limit, Work};
use super::super::work::{Stop, iters_for, job_value, lock};
use super::super::worker::WorkerMsg;
use super::pipe_error;

/// The sizes (in units) of the pool's jobs: uneven on purpose.
const POOL_JOBS: usize = 24;
fn job_units(i: usize) -> u64 {
    1 + (i as u64 * 7) % 5
}

/// Runs `pool`: the same uneven jobs mapped sequentially, by thread pools
/// (with and without the GIL) and by a process pool.
pub(crate) fn run(ctx: &Ctx) -> Result<DemoReport, Stop> {
    let w = ctx.workers_or(ctx.cores.clamp(2, 8));
    let p = w.min(ctx.cores) as f64;
    let units: u64 = (0..POOL_JOBS).map(job_units).sum();
    let per_unit = iters_for(ctx.budget_share(1.0 / (2.0 + 2.0 / p))) / units;
    let jobs: Vec<u64> = (0..POOL_JOBS)
        .map(|i| job_units(i) * per_unit.max(1))
        .collect();
    let mut rec = Recorder::new(
        ctx,
        vec![
            baseline(RunMode::Sequential),
            plan(RunMode::GilThreadPool, w, Some(p)),
            plan(RunMode::ThreadPool, w, Some(p)),
            plan(RunMode::ProcessPool, w, Some(p)),
        ],
    );
    let mut expected: Option<Vec<u64>> = None;
    let mut differed = 0usize;
    for i in 0..4 {
        let jobs = &jobs;
        let m = rec.run(i, false, |rc| {
            let mut m = match i {
                0 => sequential_pool(rc, jobs)?,
                1 => thread_pool(rc, w, jobs, true)?,
                2 => thread_pool(rc, w, jobs, false)?,
                _ => process_pool(rc, w, jobs)?,
            };
            m.note = Some(format!("{} jobs mapped", jobs.len()));
            Ok(m)
        })?;
        if let Some(m) = m {
            match &expected {
                None => expected = Some(m.values),
                Some(e) => {
                    differed += e.iter().zip(&m.values).filter(|(a, b)| a != b).count()
                        + e.len().abs_diff(m.values.len());
                }
            }
        }
    }
    let summary = format!(
        "The same {POOL_JOBS} jobs gave {} results in every mode; thread pool {}, process pool {} (starting {w} processes included), GIL-bound thread pool {}.",
        if differed == 0 {
            "identical"
        } else {
            "DIFFERENT"
        },
        rec.speedup(RunMode::ThreadPool),
        rec.speedup(RunMode::ProcessPool),
        rec.speedup(RunMode::GilThreadPool),
    );
    Ok(rec.finish(&CLAIM, &summary, &[(DIFFERED, differed as f64)]))
}

const DIFFERED: &str = "job results that differed between modes";

/// What the `pool` card claims.
pub(crate) const CLAIM: Claim = Claim {
    says: "a pool maps the same jobs to the same results, a process pool in parallel (at least 0.7 × the ideal, start-up included) and a GIL-bound thread pool one job at a time (no faster than one thread, ≤ 1.15×)",
    conclusion: "Map CPU work with a process pool (ProcessPoolExecutor), I/O with a thread pool.",
    bounds: &[
        Bound::at_most(Figure::Named(DIFFERED), Limit::Fixed(0.0)),
        Bound::at_least(Figure::Speedup(RunMode::ProcessPool), Limit::Ideal(0.7)),
        Bound::at_most(Figure::Speedup(RunMode::GilThreadPool), Limit::Fixed(1.15)),
    ],
    work: Work::Cpu,
};

fn sequential_pool(rc: RunCtx<'_>, jobs: &[u64]) -> Result<Measured, Stop> {
    rc.started(0, std::process::id());
    let mut values = Vec::with_capacity(jobs.len());
    for (i, &iters) in jobs.iter().enumerate() {
        values.push(job_value(iters, i as u64, || rc.ctx.cancel.check())?);
        rc.progress(0, i as u64 + 1, jobs.len() as u64);
    }
    Ok(Measured {
        wall: rc.t0.elapsed(),
        pids: vec![std::process::id()],
        values,
        ..Measured::default()
    })
}

fn thread_pool(rc: RunCtx<'_>, w: usize, jobs: &[u64], with_gil: bool) -> Result<Measured, Stop> {
    let next = AtomicUsize::new(0);
    let results = Mutex::new(vec![0; jobs.len()]);
    let gil = Gil::default();
    let share = jobs.len().div_ceil(w) as u64;
    let spans = on_threads(w, |wi| {
        rc.started(wi, std::process::id());
        let mut guard = with_gil.then(|| gil.acquire(wi));
        // When this pool thread was on a CPU: a stamp after every piece.
        let mut on_cpu = OnCpu::default();
        on_cpu.stamp(mono_ns());
        let mut mine = 0;
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(&iters) = jobs.get(i) else { break };
            let v = job_value(iters, i as u64, || {
                on_cpu.stamp(mono_ns());
                if let Some(g) = guard.as_mut() {
                    g.switch_if_requested();
                }
                rc.ctx.cancel.check()
            })?;
            lock(&results)[i] = v;
            mine += 1;
            rc.progress(wi, mine, share);
        }
        Ok(on_cpu.spans().map(|s| rc.since_start(&s)))
    })?;
    Ok(Measured {
        wall: rc.t0.elapsed(),
        pids: vec![std::process::id()],
        values: std::mem::take(&mut *lock(&results)),
        spans,
        ..Measured::default()
    })
}

/// A pool of `w` worker processes; each gets its next job when it is free.
fn process_pool(rc: RunCtx<'_>, w: usize, jobs: &[u64]) -> Result<Measured, Stop> {
    let next = AtomicUsize::new(0);
    let results = Mutex::new(vec![0; jobs.len()]);
    let pids = Mutex::new(Vec::new());
    let share = jobs.len().div_ceil(w) as u64;
    let ctx = rc.ctx;
    let spans = on_threads(w, |wi| {
        let child = ctx.spawn_worker(&["pool".to_string()], true)?;
        let pid = child.pid;
        lock(&pids).push(pid);
        let result = (|| {
            let mut stdin = child
                .stdin
                .ok_or_else(|| Stop::failed("pool worker has no stdin"))?;
            let mut lines = BufReader::new(child.stdout).lines();
            let mut mine = 0;
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(&iters) = jobs.get(i) else { break };
                writeln!(stdin, "{i} {iters} {i}")
                    .and_then(|()| stdin.flush())
                    .map_err(|e| pipe_error(ctx, "writing a job", &e))?;
                let value = loop {
                    let line = match lines.next() {
                        Some(Ok(line)) => line,
                        Some(Err(e)) => return Err(pipe_error(ctx, "reading a result", &e)),
                        None => {
                            ctx.cancel.check()?;
                            return Err(Stop::failed(format!("pool worker {pid} ended early")));
                        }
                    };
                    match serde_json::from_str::<WorkerMsg>(&line) {
                        Ok(WorkerMsg::Ready { pid }) => rc.started(wi, pid),
                        Ok(WorkerMsg::Result { id, value }) if id == i as u64 => break value,
                        _ => {}
                    }
                };
                lock(&results)[i] = value;
                mine += 1;
                rc.progress(wi, mine, share);
            }
            drop(stdin); // end of input: the worker says when it ran, and exits
            let mut spans = None;
            for line in lines.by_ref().map_while(Result::ok) {
                if let Ok(WorkerMsg::Done { spans: s, .. }) = serde_json::from_str(&line) {
                    spans = s.map(|s| rc.since_start(&s));
                }
            }
            Ok(spans)
        })();
        procs::reap(pid);
        result
    })?;
    Ok(Measured {
        wall: rc.t0.elapsed(),
        pids: std::mem::take(&mut *lock(&pids)),
        values: std::mem::take(&mut *lock(&results)),
        spans,
        ..Measured::default()
    })
}

/// `pool --python`: `concurrent.futures`' ThreadPoolExecutor against its
/// ProcessPoolExecutor mapping the same CPU jobs (the function is pickled by
/// reference; the pool's start-up is timed apart).
pub(super) fn run_python(ctx: &Ctx) -> Result<DemoReport, Stop> {
    super::cpu_bound::python_cpu(ctx, 8, |r, w, p| {
        let ws = plural(w, "worker");
        format!(
            "CPython {} ({}), concurrent.futures with {ws}: ThreadPoolExecutor {}, ProcessPoolExecutor {} against an ideal {p}×.",
            r.0, r.1, r.2, r.3
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pool_modes_in_threads_agree() {
        let (ctx, _rx) = crate::demo::runner::test_ctx();
        let jobs: Vec<u64> = (0..6).map(|i| job_units(i) * 1000).collect();
        let seq = sequential_pool(RunCtx::new(&ctx, 0, false), &jobs).unwrap_or_default();
        let thr = thread_pool(RunCtx::new(&ctx, 1, false), 3, &jobs, false).unwrap_or_default();
        let gil = thread_pool(RunCtx::new(&ctx, 2, false), 3, &jobs, true).unwrap_or_default();
        assert_eq!(seq.values.len(), 6);
        assert_eq!(seq.values, thr.values);
        assert_eq!(seq.values, gil.values);
    }
}
