//! `spawn-cost`: time and memory to create lightweight tasks (futures on a
//! tiny executor), threads and processes.

use std::future::Future;
use std::io::{BufRead, BufReader};
use std::pin::Pin;
use std::task::{Context, Poll, Waker};
use std::thread;
use std::time::Duration;

use super::super::event::DemoReport;
use super::super::mode::RunMode;
use super::super::procs::{self, memory_kib};
use super::super::python;
use super::super::runner::{Ctx, Measured, Recorder, for_each_msg, plan};
use super::super::verdict::{Bound, Claim, Figure, Limit, Work};
use super::super::work::{Cancel, Stop};
use super::fmt_kib;

/// A future that is pending once, then ready: the smallest possible task.
struct YieldOnce(bool);

impl Future for YieldOnce {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            Poll::Ready(())
        } else {
            self.0 = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}

type Task = Pin<Box<dyn Future<Output = u64> + Send>>;

fn make_tasks(from: u64, n: u64) -> Vec<Task> {
    (from..from + n)
        .map(|i| -> Task {
            Box::pin(async move {
                YieldOnce(false).await;
                i
            })
        })
        .collect()
}

/// Polls every task to completion on this thread (a tiny executor).
fn run_tasks(mut tasks: Vec<Task>) -> u64 {
    let mut cx = Context::from_waker(Waker::noop());
    let mut sum = 0u64;
    while !tasks.is_empty() {
        tasks.retain_mut(|t| match t.as_mut().poll(&mut cx) {
            Poll::Ready(v) => {
                sum = sum.wrapping_add(v);
                false
            }
            Poll::Pending => true,
        });
    }
    sum
}

/// Runs `spawn-cost`: time and memory to create tasks, threads and
/// processes. Each kind is measured at least once, however little of its
/// time share a busy machine left it (a report of 0 processes is no
/// measurement).
pub(crate) fn run(ctx: &Ctx) -> Result<DemoReport, Stop> {
    let share = ctx.budget_share(0.28);
    let mut rec = Recorder::new(
        ctx,
        vec![
            plan(RunMode::Tasks, 10_000_000, None),
            plan(RunMode::Threads, 5_000, None),
            plan(RunMode::Processes, 300, None),
        ],
    );
    let me = std::process::id();
    let mut per = [None, None, None];
    let mut mem = [None, None, None];

    // Tasks: futures polled by a tiny executor on this thread.
    if let Some(m) = rec.run(0, false, |rc| {
        rc.started(0, me);
        const BATCH: u64 = 10_000;
        const MAX: u64 = 10_000_000;
        let mut n = 0;
        while n == 0 || (n < MAX && rc.t0.elapsed() < share) {
            rc.ctx.cancel.check()?;
            std::hint::black_box(run_tasks(make_tasks(n, BATCH)));
            n += BATCH;
            rc.progress(0, n, MAX);
        }
        let wall = rc.t0.elapsed();
        // Memory: hold 100 000 tasks alive at once.
        let before = memory_kib(None);
        let held = make_tasks(0, 100_000);
        let after = memory_kib(None);
        let bytes = std::mem::size_of_val(&*held[0]);
        drop(held);
        let each = before
            .zip(after)
            .map(|(b, a)| (a.0 as f64 - b.0 as f64) * 1024.0 / 100_000.0);
        Ok(Measured {
            wall,
            pids: vec![me],
            workers: Some(n as usize),
            note: Some(format!(
                "{n} Rust futures (not asyncio tasks) created and run, {:.3} µs each; {bytes} bytes of state each ({})",
                wall.as_secs_f64() * 1e6 / n.max(1) as f64,
                each.map_or_else(
                    || "resident size not measurable here".to_string(),
                    |b| format!("{b:.0} bytes resident each, with the box")
                )
            )),
            resident_kib: each.map(|b| b / 1024.0),
            ..Measured::default()
        })
    })? {
        per[0] = Some(m.wall.as_secs_f64() * 1e6 / m.workers.unwrap_or(1).max(1) as f64);
        mem[0] = m.resident_kib;
    }

    // Threads: spawn and join one after another.
    if let Some(m) = rec.run(1, false, |rc| {
        rc.started(0, me);
        const MAX: u64 = 5_000;
        let mut n = 0;
        while n == 0 || (n < MAX && rc.t0.elapsed() < share) {
            rc.ctx.cancel.check()?;
            let h = thread::Builder::new()
                .spawn(move || std::hint::black_box(n))
                .map_err(|e| Stop::failed(format!("could not start a thread: {e}")))?;
            let _ = h.join();
            n += 1;
            if n % 100 == 0 {
                rc.progress(0, n, MAX);
            }
        }
        let wall = rc.t0.elapsed();
        // Memory: hold 100 threads alive at once.
        let park = Cancel::default();
        let before = memory_kib(None);
        let after = thread::scope(|s| {
            let mut alive = 0;
            for _ in 0..100 {
                let park = &park;
                if thread::Builder::new()
                    .spawn_scoped(s, move || {
                        let _ = park.sleep(Duration::from_secs(60));
                    })
                    .is_ok()
                {
                    alive += 1;
                }
            }
            let after = memory_kib(None);
            park.cancel();
            after.map(|a| (a, alive))
        });
        let each = before.zip(after).map(|(b, (a, alive))| {
            (
                (a.0 as f64 - b.0 as f64) / f64::from(alive.max(1)),
                (a.1 as f64 - b.1 as f64) / f64::from(alive.max(1)),
            )
        });
        Ok(Measured {
            wall,
            pids: vec![me],
            workers: Some(n as usize),
            note: Some(format!(
                "{n} threads started and joined, {:.1} µs each; {}",
                wall.as_secs_f64() * 1e6 / n.max(1) as f64,
                each.map_or_else(
                    || "memory not measurable here".to_string(),
                    |(r, v)| format!(
                        "{} resident and {} of address space each",
                        fmt_kib(r),
                        fmt_kib(v)
                    )
                )
            )),
            resident_kib: each.map(|e| e.0),
            ..Measured::default()
        })
    })? {
        per[1] = Some(m.wall.as_secs_f64() * 1e6 / m.workers.unwrap_or(1).max(1) as f64);
        mem[1] = m.resident_kib;
    }

    // Processes: start our binary, wait for it to say it runs and exit.
    if let Some(m) = rec.run(2, false, |rc| {
        rc.started(0, me);
        const MAX: u64 = 300;
        let mut pids = Vec::new();
        let mut n = 0;
        while n == 0 || (n < MAX && rc.t0.elapsed() < share) {
            let child = ctx.spawn_worker(&["noop".to_string()], false)?;
            let pid = child.pid;
            for_each_msg(child.stdout, |_| {});
            procs::reap(pid);
            ctx.cancel.check()?;
            pids.push(pid);
            n += 1;
            rc.progress(0, n, MAX);
        }
        let wall = rc.t0.elapsed();
        // Memory: one idle worker's resident size.
        let idle = ctx.spawn_worker(&["idle".to_string()], false)?;
        let mut reader = BufReader::new(idle.stdout);
        let mut first = String::new();
        let _ = reader.read_line(&mut first);
        let rss = memory_kib(Some(idle.pid)).map(|m| m.0 as f64);
        procs::reap(idle.pid);
        Ok(Measured {
            wall,
            pids,
            workers: Some(n as usize),
            note: Some(format!(
                "{n} processes started and reaped, {:.0} µs each; {}",
                wall.as_secs_f64() * 1e6 / n.max(1) as f64,
                rss.map_or_else(
                    || "memory not measurable here".to_string(),
                    |r| format!("{} resident each", fmt_kib(r))
                )
            )),
            resident_kib: rss,
            ..Measured::default()
        })
    })? {
        per[2] = Some(m.wall.as_secs_f64() * 1e6 / m.workers.unwrap_or(1).max(1) as f64);
        mem[2] = m.resident_kib;
    }
    let us = |x: Option<f64>| x.map_or_else(|| "n/a".to_string(), |x| format!("{x:.2} µs"));
    let kib = |x: Option<f64>| x.map_or_else(|| "n/a".to_string(), fmt_kib);
    let ratio = match (per[0], per[2]) {
        (Some(t), Some(p)) if t > 0.0 => format!(" ({:.0}× a Rust future)", p / t),
        _ => String::new(),
    };
    let mut named = Vec::new();
    if let (Some(t), Some(h), Some(p)) = (per[0], per[1], per[2]) {
        named.push((THREAD_OVER_TASK, h / t.max(1e-9)));
        named.push((PROCESS_OVER_THREAD, p / h.max(1e-9)));
    }
    let summary = format!(
        "To create one: a Rust future (not an asyncio task: see --python for CPython's) {}, a thread {}, a process {}{ratio}; memory: a Rust future {}, a thread {}, a process {}.",
        us(per[0]),
        us(per[1]),
        us(per[2]),
        mem[0].map_or_else(|| "n/a".to_string(), |k| format!("{:.0} B", k * 1024.0)),
        kib(mem[1]),
        kib(mem[2]),
    );
    Ok(rec.finish(&CLAIM, &summary, &named))
}

const THREAD_OVER_TASK: &str = "time to create a thread / a task";
const PROCESS_OVER_THREAD: &str = "time to create a process / a thread";

/// What the `spawn-cost` card claims.
pub(crate) const CLAIM: Claim = Claim {
    says: "a task (here a Rust future, not an asyncio task) is cheaper to create than a thread, and a thread cheaper than a process",
    conclusion: "Tasks for thousands of waits, threads for tens, processes for CPU work.",
    bounds: &[
        Bound::at_least(Figure::Named(THREAD_OVER_TASK), Limit::Fixed(1.0)),
        Bound::at_least(Figure::Named(PROCESS_OVER_THREAD), Limit::Fixed(1.0)),
    ],
    work: Work::Other,
};

/// What the card claims of CPython: a coroutine and an asyncio task are
/// cheaper to create than a thread, a thread cheaper than a forked process,
/// a fork cheaper than a spawned interpreter.
pub(crate) const PYTHON_CLAIM: Claim = Claim {
    says: "in CPython an asyncio task (create_task, microseconds) is cheaper than a thread, a thread cheaper than a forked process, and a fork cheaper than spawning a fresh interpreter",
    conclusion: "asyncio tasks for thousands of waits, threads for tens, processes for CPU work.",
    bounds: &[
        Bound::at_least(Figure::Named(PY_THREAD_OVER_TASK), Limit::Fixed(1.0)),
        Bound::at_least(Figure::Named(PY_FORK_OVER_THREAD), Limit::Fixed(1.0)),
        Bound::at_least(Figure::Named(PY_SPAWN_OVER_FORK), Limit::Fixed(1.0)),
    ],
    work: Work::Other,
};
const PY_THREAD_OVER_TASK: &str = "python thread / task";
const PY_FORK_OVER_THREAD: &str = "python fork / thread";
const PY_SPAWN_OVER_FORK: &str = "python spawn / fork";

/// `spawn-cost --python`: coroutine, `create_task`, thread, fork, spawn.
pub(super) fn run_python(ctx: &Ctx) -> Result<DemoReport, Stop> {
    let plans = vec![
        plan(RunMode::PythonCoroutine, 1, None),
        plan(RunMode::PythonTask, 1, None),
        plan(RunMode::PythonThread, 1, None),
        plan(RunMode::PythonFork, 1, None),
        plan(RunMode::PythonSpawn, 1, None),
    ];
    let args = [python::ms_arg(ctx.budget)];
    let (rec, out) = python::run_script(ctx, plans, python::SPAWN_COST, &args)?;
    let named = out.named(&[PY_THREAD_OVER_TASK, PY_FORK_OVER_THREAD, PY_SPAWN_OVER_FORK]);
    let us = |n: &str| {
        out.figures
            .get(n)
            .map_or_else(|| "n/a".to_string(), |v| format!("{v:.2} µs"))
    };
    let summary = format!(
        "{}: a coroutine {}, asyncio.create_task {}, a thread {}, a forked process {}, a spawned one {} each.",
        out.label(),
        us("python-coroutine µs"),
        us("python-task µs"),
        us("python-thread µs"),
        us("python-fork µs"),
        us("python-spawn µs"),
    );
    Ok(rec.finish(&PYTHON_CLAIM, &summary, &named))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tiny_executor_runs_every_task() {
        assert_eq!(run_tasks(make_tasks(0, 100)), (0..100).sum::<u64>());
    }
}
