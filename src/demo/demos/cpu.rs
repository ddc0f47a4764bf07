//! CPU-bound demos: gil, cpu-bound, process-sweep, pool.

use std::io::{BufRead, BufReader, Write};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::super::event::DemoReport;
use super::super::gil::Gil;
use super::super::procs;
use super::super::runner::{
    Ctx, Measured, Mode, Recorder, RunCtx, baseline, busy_caveat, fmt_x, on_threads, plan, run_cpu,
};
use super::super::work::{Stop, iters_for, job_value, lock};
use super::super::worker::WorkerMsg;
use super::pipe_error;

/// `gil`: the per-worker timeline of GIL threads against plain threads.
pub(crate) fn gil(ctx: &Ctx) -> Result<DemoReport, Stop> {
    let w = ctx.workers_or(ctx.cores.clamp(2, 4));
    let p = w.min(ctx.cores) as f64;
    let total = iters_for(ctx.budget_share(1.0 / (2.0 + 1.0 / p)));
    let mut rec = Recorder::new(
        ctx,
        "gil",
        vec![
            baseline("sequential"),
            plan("gil-threads", w, Some(p)),
            plan("threads", w, Some(p)),
        ],
    );
    rec.run(0, false, |rc| run_cpu(rc, Mode::Sequential, 1, total))?;
    let handovers = rec
        .run(1, true, |rc| {
            let mut m = run_cpu(rc, Mode::GilThreads, w, total)?;
            m.note = Some(format!(
                "the lock changed hands {} times; one thread computed at a time",
                m.handovers
            ));
            Ok(m)
        })?
        .map(|m| m.handovers);
    rec.run(2, true, |rc| {
        let mut m = run_cpu(rc, Mode::Threads, w, total)?;
        m.note = Some(format!("{w} threads computed at once"));
        Ok(m)
    })?;
    let verdict = format!(
        "Under the GIL the {w} threads took turns ({} hand-overs): {}; without it they ran at once: {} (ideal {p}×).",
        handovers.map_or_else(|| "n/a".into(), |h| h.to_string()),
        rec.speedup("gil-threads"),
        rec.speedup("threads"),
    ) + &busy_caveat(&rec, "threads", p);
    Ok(rec.finish(verdict))
}

/// `cpu-bound`: the same CPU work in every mode.
pub(crate) fn cpu_bound(ctx: &Ctx) -> Result<DemoReport, Stop> {
    let w = ctx.workers_or(ctx.cores.clamp(2, 8));
    let p = w.min(ctx.cores) as f64;
    let total = iters_for(ctx.budget_share(1.0 / (2.0 + 2.0 / p)));
    let mut rec = Recorder::new(
        ctx,
        "cpu-bound",
        vec![
            baseline("sequential"),
            plan("gil-threads", w, Some(p)),
            plan("threads", w, Some(p)),
            plan("processes", w, Some(p)),
        ],
    );
    rec.run(0, false, |rc| run_cpu(rc, Mode::Sequential, 1, total))?;
    rec.run(1, false, |rc| run_cpu(rc, Mode::GilThreads, w, total))?;
    rec.run(2, false, |rc| run_cpu(rc, Mode::Threads, w, total))?;
    rec.run(3, false, |rc| run_cpu(rc, Mode::Processes, w, total))?;
    let verdict = format!(
        "{} cores, {w} workers: threads {} and processes {} against an ideal {p}×; GIL threads {}: only one thread computes at a time, so CPU-bound Python needs processes (or a free-threaded build).",
        ctx.cores,
        rec.speedup("threads"),
        rec.speedup("processes"),
        rec.speedup("gil-threads"),
    ) + &busy_caveat(&rec, "threads", p);
    Ok(rec.finish(verdict))
}

/// The process counts a sweep up to `max` visits on `cores` cores.
pub(crate) fn sweep_points(cores: usize, max: usize) -> Vec<usize> {
    let c = cores.max(1);
    let mut v: Vec<usize> = [1, 2, 3, 4, c / 2, c - 1, c, c + 1, c + c / 2, 2 * c, max]
        .into_iter()
        .filter(|&n| n >= 1 && n <= max)
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// `process-sweep`: CPU work with 1 … 2×cores processes.
pub(crate) fn process_sweep(ctx: &Ctx) -> Result<DemoReport, Stop> {
    let c = ctx.cores;
    let max = ctx.workers_or(2 * c);
    let ns = sweep_points(c, max);
    let factor: f64 = 1.0 + ns.iter().map(|&n| 1.0 / n.min(c) as f64).sum::<f64>();
    let total = iters_for(ctx.budget_share(1.0 / factor));
    let mut runs = vec![baseline("sequential")];
    runs.extend(
        ns.iter()
            .map(|&n| plan("processes", n, Some(n.min(c) as f64))),
    );
    let mut rec = Recorder::new(ctx, "process-sweep", runs);
    rec.run(0, false, |rc| run_cpu(rc, Mode::Sequential, 1, total))?;
    for (i, &n) in ns.iter().enumerate() {
        rec.run(i + 1, false, |rc| run_cpu(rc, Mode::Processes, n, total))?;
    }
    let best = rec
        .results
        .iter()
        .filter(|r| r.mode == "processes")
        .max_by(|a, b| {
            a.speedup
                .unwrap_or(0.0)
                .total_cmp(&b.speedup.unwrap_or(0.0))
        });
    let last = rec.results.iter().rev().find(|r| r.mode == "processes");
    let verdict = match (best, last) {
        (Some(b), Some(l)) => format!(
            "The speedup peaked at {} with {} processes on {c} cores; {} processes gave {}: more processes than cores add no speed (n_process = n_cores and never more).",
            fmt_x(b.speedup),
            b.workers,
            l.workers,
            fmt_x(l.speedup),
        ),
        _ => "No process run was made.".to_string(),
    };
    Ok(rec.finish(verdict))
}

/// The sizes (in units) of the pool's jobs: uneven on purpose.
const POOL_JOBS: usize = 24;
fn job_units(i: usize) -> u64 {
    1 + (i as u64 * 7) % 5
}

/// `pool`: a thread pool and a process pool mapping the same jobs.
pub(crate) fn pool(ctx: &Ctx) -> Result<DemoReport, Stop> {
    let w = ctx.workers_or(ctx.cores.clamp(2, 8));
    let p = w.min(ctx.cores) as f64;
    let units: u64 = (0..POOL_JOBS).map(job_units).sum();
    let per_unit = iters_for(ctx.budget_share(1.0 / (2.0 + 2.0 / p))) / units;
    let jobs: Vec<u64> = (0..POOL_JOBS)
        .map(|i| job_units(i) * per_unit.max(1))
        .collect();
    let mut rec = Recorder::new(
        ctx,
        "pool",
        vec![
            baseline("sequential"),
            plan("gil-thread-pool", w, Some(p)),
            plan("thread-pool", w, Some(p)),
            plan("process-pool", w, Some(p)),
        ],
    );
    let mut expected: Option<Vec<u64>> = None;
    let mut all_match = true;
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
                Some(e) => all_match &= *e == m.values,
            }
        }
    }
    let verdict = format!(
        "The same {POOL_JOBS} jobs gave {} results in every mode; thread pool {}, process pool {} (starting {w} processes included), GIL-bound thread pool {}: map CPU work with a process pool (ProcessPoolExecutor), I/O with a thread pool.",
        if all_match { "identical" } else { "DIFFERENT" },
        rec.speedup("thread-pool"),
        rec.speedup("process-pool"),
        rec.speedup("gil-thread-pool"),
    );
    Ok(rec.finish(verdict))
}

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
    on_threads(w, |wi| {
        rc.started(wi, std::process::id());
        let mut guard = with_gil.then(|| gil.acquire(wi));
        let mut mine = 0;
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(&iters) = jobs.get(i) else { break };
            let v = job_value(iters, i as u64, || {
                if let Some(g) = guard.as_mut() {
                    g.switch_if_requested();
                }
                rc.ctx.cancel.check()
            })?;
            lock(&results)[i] = v;
            mine += 1;
            rc.progress(wi, mine, share);
        }
        Ok(())
    })?;
    Ok(Measured {
        wall: rc.t0.elapsed(),
        pids: vec![std::process::id()],
        values: std::mem::take(&mut *lock(&results)),
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
    on_threads(w, |wi| {
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
            drop(stdin); // end of input: the worker exits
            for _ in lines.by_ref() {}
            Ok(())
        })();
        procs::reap(pid);
        result
    })?;
    Ok(Measured {
        wall: rc.t0.elapsed(),
        pids: std::mem::take(&mut *lock(&pids)),
        values: std::mem::take(&mut *lock(&results)),
        ..Measured::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sweeps_visit_one_to_twice_the_cores() {
        assert_eq!(sweep_points(2, 4), vec![1, 2, 3, 4]);
        assert_eq!(sweep_points(1, 2), vec![1, 2]);
        assert_eq!(sweep_points(8, 16), vec![1, 2, 3, 4, 7, 8, 9, 12, 16]);
        assert_eq!(sweep_points(4, 2), vec![1, 2]);
    }

    #[test]
    fn pool_modes_in_threads_agree() {
        let (ctx, _rx) = crate::demo::runner::tests::test_ctx();
        let jobs: Vec<u64> = (0..6).map(|i| job_units(i) * 1000).collect();
        let seq = sequential_pool(RunCtx::new(&ctx, 0, false), &jobs).unwrap_or_default();
        let thr = thread_pool(RunCtx::new(&ctx, 1, false), 3, &jobs, false).unwrap_or_default();
        let gil = thread_pool(RunCtx::new(&ctx, 2, false), 3, &jobs, true).unwrap_or_default();
        assert_eq!(seq.values.len(), 6);
        assert_eq!(seq.values, thr.values);
        assert_eq!(seq.values, gil.values);
    }
}
