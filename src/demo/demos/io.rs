//! I/O-bound demos: io-bound, thread-sweep, event-loop.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use super::super::event::DemoReport;
use super::super::procs::memory_kib;
use super::super::runner::{
    Ctx, Measured, Mode, Recorder, RunCtx, WaitJob, baseline, plan, run_waits,
};
use super::super::work::{Stop, iters_for};
use super::{fmt_kib, fmt_ms};

/// The waits of `io-bound`.
pub(crate) const IO_WAITS: usize = 16;

/// The length of one `io-bound` wait: 100 ms for the default 3 s budget.
pub(crate) fn io_wait(ctx: &Ctx) -> Duration {
    ctx.budget_share(1.0 / 30.0).max(Duration::from_millis(1))
}

/// `io-bound`: 16 blocking waits in every mode.
pub(crate) fn io_bound(ctx: &Ctx) -> Result<DemoReport, Stop> {
    let w = ctx.workers_or(IO_WAITS).min(IO_WAITS);
    let wait = io_wait(ctx);
    let job = WaitJob {
        items: IO_WAITS,
        wait,
        // A little CPU per item ("parsing the reply"): 0.2 % of the wait.
        cpu_iters: iters_for(wait / 500),
    };
    let ideal = Some(w as f64);
    let mut rec = Recorder::new(
        ctx,
        "io-bound",
        vec![
            baseline("sequential"),
            plan("gil-threads", w, ideal),
            plan("threads", w, ideal),
            plan("processes", w, ideal),
        ],
    );
    let note = format!("{IO_WAITS} waits of {}", fmt_ms(ms(wait)));
    for (i, mode) in [
        Mode::Sequential,
        Mode::GilThreads,
        Mode::Threads,
        Mode::Processes,
    ]
    .into_iter()
    .enumerate()
    {
        let workers = if mode == Mode::Sequential { 1 } else { w };
        rec.run(i, false, |rc| {
            let mut m = run_waits(rc, mode, workers, job)?;
            if mode == Mode::Sequential {
                m.note = Some(note.clone());
            }
            Ok(m)
        })?;
    }
    let verdict = format!(
        "{IO_WAITS} waits of {}: threads {}, GIL threads {}, processes {} against an ideal {w}×: a thread that waits releases the GIL, so threads hide I/O latency even in CPython.",
        fmt_ms(ms(wait)),
        rec.speedup("threads"),
        rec.speedup("gil-threads"),
        rec.speedup("processes"),
    );
    Ok(rec.finish(verdict))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Items of the thread sweep, and the CPU share of each item.
const SWEEP_ITEMS: usize = 128;
const SWEEP_CPU_SHARE: f64 = 0.15;

/// The thread counts of the sweep: m × cores for m = 1, 2, 4, …
pub(crate) fn sweep_threads(cores: usize, max: usize) -> Vec<(usize, usize)> {
    let c = cores.max(1);
    let mut v: Vec<(usize, usize)> = [1, 2, 4, 8, 16, 32]
        .into_iter()
        .map(|m| (m, m * c))
        .filter(|&(_, t)| t <= max.min(SWEEP_ITEMS))
        .collect();
    if v.is_empty() {
        v.push((1, max.clamp(1, SWEEP_ITEMS)));
    }
    v
}

/// `thread-sweep`: I/O work with m × cores threads.
pub(crate) fn thread_sweep(ctx: &Ctx) -> Result<DemoReport, Stop> {
    let c = ctx.cores;
    let counts = sweep_threads(c, ctx.workers_or(super::super::MAX_WORKERS));
    let k = SWEEP_ITEMS as f64;
    // Model (for sizing and the ideal only): a run of T threads takes
    // max(ceil(K/T) items one after another, K × cpu / cores) item-times.
    let floor = k * SWEEP_CPU_SHARE / c.max(1) as f64;
    let item_times = |t: usize| (SWEEP_ITEMS.div_ceil(t) as f64).max(floor);
    let units = k + counts.iter().map(|&(_, t)| item_times(t)).sum::<f64>();
    let item = ctx.budget_share(1.0 / units);
    let job = WaitJob {
        items: SWEEP_ITEMS,
        wait: item.mul_f64(1.0 - SWEEP_CPU_SHARE),
        cpu_iters: iters_for(item.mul_f64(SWEEP_CPU_SHARE)),
    };
    let mut runs = vec![baseline("sequential")];
    runs.extend(
        counts
            .iter()
            .map(|&(_, t)| plan("threads", t, Some(k / item_times(t)))),
    );
    let mut rec = Recorder::new(ctx, "thread-sweep", runs);
    rec.run(0, false, |rc| {
        let mut m = run_waits(rc, Mode::Sequential, 1, job)?;
        m.note = Some(format!(
            "{SWEEP_ITEMS} items of {} waiting + {} CPU",
            fmt_ms(ms(job.wait)),
            fmt_ms(ms(item) - ms(job.wait))
        ));
        Ok(m)
    })?;
    for (i, &(m_factor, t)) in counts.iter().enumerate() {
        rec.run(i + 1, false, |rc| {
            let mut m = run_waits(rc, Mode::Threads, t, job)?;
            m.note = Some(format!("m = {m_factor}"));
            Ok(m)
        })?;
    }
    let best = rec
        .results
        .iter()
        .enumerate()
        .filter(|(_, r)| r.mode == "threads")
        .max_by(|a, b| {
            a.1.speedup
                .unwrap_or(0.0)
                .total_cmp(&b.1.speedup.unwrap_or(0.0))
        })
        .map(|(i, _)| i);
    if let Some(i) = best {
        let r = &mut rec.results[i];
        r.note = Some(format!("{} · best", r.note.as_deref().unwrap_or("")));
    }
    let first = rec.results.iter().find(|r| r.mode == "threads");
    let verdict = match (best.map(|i| &rec.results[i]), first) {
        (Some(b), Some(f)) => format!(
            "Best: {} threads ({}×{c} cores) at {:.1}×, up from {:.1}× with {}; past that, the CPU part of each item ({:.0} % of it) on {c} cores and the threads' overhead win: more threads stop paying.",
            b.workers,
            b.workers / c.max(1),
            b.speedup.unwrap_or(0.0),
            f.speedup.unwrap_or(0.0),
            f.workers,
            SWEEP_CPU_SHARE * 100.0,
        ),
        _ => "No threaded run was made.".to_string(),
    };
    Ok(rec.finish(verdict))
}

/// Waits of the event-loop demo.
pub(crate) const EVENT_WAITS: usize = 2000;

/// Deadlines spread over [lo, hi) after `t0`, in a scrambled order.
fn deadlines(t0: Instant, lo: Duration, hi: Duration) -> Vec<Instant> {
    let span = hi.saturating_sub(lo);
    (0..EVENT_WAITS)
        .map(|i| {
            let frac = ((i * 7919) % EVENT_WAITS) as f64 / EVENT_WAITS as f64;
            t0 + lo + span.mul_f64(frac)
        })
        .collect()
}

struct Lateness {
    sum_us: AtomicU64,
    max_us: AtomicU64,
    done: AtomicU64,
}

impl Lateness {
    fn new() -> Self {
        Lateness {
            sum_us: AtomicU64::new(0),
            max_us: AtomicU64::new(0),
            done: AtomicU64::new(0),
        }
    }

    /// Records one wait handled now; returns how many are done.
    fn record(&self, deadline: Instant) -> u64 {
        let late = Instant::now()
            .saturating_duration_since(deadline)
            .as_micros() as u64;
        self.sum_us.fetch_add(late, Ordering::Relaxed);
        self.max_us.fetch_max(late, Ordering::Relaxed);
        self.done.fetch_add(1, Ordering::Relaxed) + 1
    }

    fn describe(&self) -> String {
        let n = self.done.load(Ordering::Relaxed).max(1) as f64;
        format!(
            "late by {:.2} ms on average, {:.2} ms at most",
            self.sum_us.load(Ordering::Relaxed) as f64 / n / 1e3,
            self.max_us.load(Ordering::Relaxed) as f64 / 1e3
        )
    }
}

fn mem_delta(before: Option<(u64, u64)>, after: Option<(u64, u64)>) -> Option<(f64, f64)> {
    let (b, a) = (before?, after?);
    Some((a.0 as f64 - b.0 as f64, a.1 as f64 - b.1 as f64))
}

fn describe_mem(d: Option<(f64, f64)>) -> String {
    d.map_or_else(
        || "memory not measurable here".to_string(),
        |(rss, virt)| {
            format!(
                "memory +{} resident, +{} virtual",
                fmt_kib(rss),
                fmt_kib(virt)
            )
        },
    )
}

/// `event-loop`: one thread multiplexing thousands of waits versus one
/// thread per wait.
pub(crate) fn event_loop(ctx: &Ctx) -> Result<DemoReport, Stop> {
    let lo = ctx.budget_share(0.2);
    let hi = ctx.budget_share(0.4);
    let mut rec = Recorder::new(
        ctx,
        "event-loop",
        vec![
            plan("event-loop", 1, None),
            plan("thread-per-wait", EVENT_WAITS, None),
        ],
    );
    let mut mems = [None, None];
    mems[0] = rec
        .run(0, false, |rc| one_loop(rc, lo, hi))?
        .and_then(|m| m.resident_kib);
    mems[1] = rec
        .run(1, false, |rc| thread_per_wait(rc, lo, hi))?
        .and_then(|m| m.resident_kib);
    let wall = |mode: &str| rec.get(mode).map_or(0.0, |r| r.wall_ms);
    let mem = |m: Option<f64>| m.map_or_else(|| "n/a".to_string(), fmt_kib);
    let verdict = format!(
        "One thread handled {EVENT_WAITS} waits in {} (+{} resident); one thread per wait took {} and +{}: waiting needs no thread of its own, an event loop (asyncio) multiplexes thousands.",
        fmt_ms(wall("event-loop")),
        mem(mems[0]),
        fmt_ms(wall("thread-per-wait")),
        mem(mems[1]),
    );
    Ok(rec.finish(verdict))
}

/// The event loop: a heap of deadlines, one thread sleeping until the next.
fn one_loop(rc: RunCtx<'_>, lo: Duration, hi: Duration) -> Result<Measured, Stop> {
    rc.started(0, std::process::id());
    let before = memory_kib(None);
    let mut heap: BinaryHeap<Reverse<(Instant, usize)>> = deadlines(rc.t0, lo, hi)
        .into_iter()
        .enumerate()
        .map(|(i, d)| Reverse((d, i)))
        .collect();
    let delta = mem_delta(before, memory_kib(None));
    let late = Lateness::new();
    let mut last = Instant::now();
    while let Some(Reverse((deadline, _))) = heap.pop() {
        rc.ctx.cancel.sleep_until(deadline)?;
        let done = late.record(deadline);
        if last.elapsed() >= Duration::from_millis(20) || heap.is_empty() {
            last = Instant::now();
            rc.progress(0, done, EVENT_WAITS as u64);
        }
    }
    Ok(Measured {
        wall: rc.t0.elapsed(),
        pids: vec![std::process::id()],
        resident_kib: delta.map(|d| d.0),
        note: Some(format!(
            "{EVENT_WAITS} waits on 1 thread, {}; {}",
            late.describe(),
            describe_mem(delta)
        )),
        ..Measured::default()
    })
}

/// One thread per wait, each sleeping until its deadline.
fn thread_per_wait(rc: RunCtx<'_>, lo: Duration, hi: Duration) -> Result<Measured, Stop> {
    rc.started(0, std::process::id());
    let all = deadlines(rc.t0, lo, hi);
    let late = Lateness::new();
    let step = (EVENT_WAITS / 50).max(1) as u64;
    let before = memory_kib(None);
    let (started, spawn_ms, delta, error) = thread::scope(|s| {
        let mut started = 0;
        let mut error = None;
        for (i, &deadline) in all.iter().enumerate() {
            let late = &late;
            let spawned = thread::Builder::new()
                .name(format!("wait-{i}"))
                .spawn_scoped(s, move || {
                    if rc.ctx.cancel.sleep_until(deadline).is_ok() {
                        let done = late.record(deadline);
                        if done.is_multiple_of(step) {
                            rc.progress(0, done, EVENT_WAITS as u64);
                        }
                    }
                });
            match spawned {
                Ok(_) => started += 1,
                Err(e) => {
                    error = Some(e.to_string());
                    break;
                }
            }
            if rc.ctx.cancel.is_cancelled() {
                break;
            }
        }
        let spawn_ms = ms(rc.t0.elapsed());
        let delta = mem_delta(before, memory_kib(None));
        (started, spawn_ms, delta, error)
    });
    rc.ctx.cancel.check()?;
    let mut note = format!(
        "{started} threads started in {}, {}; {}",
        fmt_ms(spawn_ms),
        late.describe(),
        describe_mem(delta)
    );
    if let Some(e) = error {
        note.push_str(&format!("; the system refused more threads: {e}"));
    }
    Ok(Measured {
        wall: rc.t0.elapsed(),
        pids: vec![std::process::id()],
        resident_kib: delta.map(|d| d.0),
        note: Some(note),
        workers: Some(started),
        ..Measured::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thread_sweep_counts_are_multiples_of_the_cores() {
        assert_eq!(
            sweep_threads(2, 64),
            vec![(1, 2), (2, 4), (4, 8), (8, 16), (16, 32), (32, 64)]
        );
        assert_eq!(sweep_threads(4, 20), vec![(1, 4), (2, 8), (4, 16)]);
        assert_eq!(sweep_threads(64, 64), vec![(1, 64)]);
        assert_eq!(sweep_threads(64, 8), vec![(1, 8)]);
    }

    #[test]
    fn deadlines_cover_the_span_without_repeats() {
        let t0 = Instant::now();
        let d = deadlines(t0, Duration::from_millis(10), Duration::from_millis(20));
        assert_eq!(d.len(), EVENT_WAITS);
        assert!(d.iter().all(|&x| x >= t0 + Duration::from_millis(10)));
        assert!(d.iter().all(|&x| x < t0 + Duration::from_millis(20)));
        let mut sorted = d.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), EVENT_WAITS);
    }

    #[test]
    fn the_event_loop_handles_every_wait() {
        let (ctx, _rx) = crate::demo::runner::tests::test_ctx();
        let rc = RunCtx::new(&ctx, 0, false);
        let m = one_loop(rc, Duration::from_millis(1), Duration::from_millis(5));
        assert!(m.is_ok_and(|m| m.note.is_some_and(|n| n.contains("2000 waits"))));
    }
}
