//! `event-loop`: one thread multiplexing thousands of waits versus one
//! thread per wait.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Condvar, Mutex, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use super::super::event::DemoReport;
use super::super::mode::RunMode;
use super::super::procs::memory_kib;
use super::super::python;
use super::super::runner::{Ctx, Measured, Recorder, RunCtx, plan};
use super::super::verdict::{Bound, Claim, Figure, Limit, Work};
use super::super::work::{Cancel, Stop, lock};
use super::{fmt_kib, fmt_ms, ms};

/// Waits of the event-loop demo.
pub(crate) const EVENT_WAITS: usize = 2000;

/// Deadlines spread over [lo, hi) after `t0`, in a scrambled order.
fn deadlines(t0: Instant, lo: Duration, hi: Duration) -> Vec<Instant> {
    (0..EVENT_WAITS).map(|i| deadline(t0, i, lo, hi)).collect()
}

/// The `i`th of [`deadlines`].
fn deadline(t0: Instant, i: usize, lo: Duration, hi: Duration) -> Instant {
    let frac = ((i * 7919) % EVENT_WAITS) as f64 / EVENT_WAITS as f64;
    t0 + lo + hi.saturating_sub(lo).mul_f64(frac)
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

/// Runs `event-loop`: one thread multiplexing thousands of waits versus one
/// thread per wait.
pub(crate) fn run(ctx: &Ctx) -> Result<DemoReport, Stop> {
    let lo = ctx.budget_share(0.2);
    let hi = ctx.budget_share(0.4);
    let mut rec = Recorder::new(
        ctx,
        vec![
            plan(RunMode::EventLoop, 1, None),
            plan(RunMode::ThreadPerWait, EVENT_WAITS, None),
        ],
    );
    let mut mems = [None, None];
    mems[0] = rec
        .run(0, false, |rc| one_loop(rc, lo, hi))?
        .and_then(|m| m.resident_kib);
    mems[1] = rec
        .run(1, false, |rc| thread_per_wait(rc, lo, hi))?
        .and_then(|m| m.resident_kib);
    let wall = |mode: RunMode| rec.get(mode).map_or(0.0, |r| r.wall_ms);
    let mem = |m: Option<f64>| m.map_or_else(|| "n/a".to_string(), fmt_kib);
    let summary = format!(
        "One thread handled {EVENT_WAITS} waits in {} (+{} resident); one thread per wait took {} and +{}.",
        fmt_ms(wall(RunMode::EventLoop)),
        mem(mems[0]),
        fmt_ms(wall(RunMode::ThreadPerWait)),
        mem(mems[1]),
    );
    let mut named = Vec::new();
    let (lw, tw) = (wall(RunMode::EventLoop), wall(RunMode::ThreadPerWait));
    if lw > 0.0 && tw > 0.0 {
        named.push((WALL_RATIO, lw / tw));
    }
    if let [Some(l), Some(t)] = mems {
        named.push((MEMORY_RATIO, t.max(0.0) / l.max(1.0)));
    }
    Ok(rec.finish(&CLAIM, &summary, &named))
}

const WALL_RATIO: &str = "event loop wall time / thread-per-wait wall time";
const MEMORY_RATIO: &str = "thread-per-wait memory / event loop memory (KiB, at least 1)";

/// What the `event-loop` card claims.
pub(crate) const CLAIM: Claim = Claim {
    says: "one thread multiplexes thousands of waits about as fast as one thread per wait (wall within 1.5×) for a fraction of the memory (at least 2× less)",
    conclusion: "Waiting needs no thread of its own: an event loop (asyncio) multiplexes thousands of waits.",
    bounds: &[
        Bound::at_most(Figure::Named(WALL_RATIO), Limit::Fixed(1.5)),
        Bound::at_least(Figure::Named(MEMORY_RATIO), Limit::Fixed(2.0)),
    ],
    work: Work::Other,
};

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

/// Where the thread-per-wait threads wait until every one of them exists,
/// so that all of them are alive at once when their memory is measured
/// (creating them can take longer than the waits: without it, the first
/// threads would have ended before the last began). Opened with the
/// instant their waits count from.
struct Gate {
    /// Threads arrived, and the instant the gate opened.
    state: Mutex<(usize, Option<Instant>)>,
    cv: Condvar,
}

impl Gate {
    fn new() -> Self {
        Gate {
            state: Mutex::new((0, None)),
            cv: Condvar::new(),
        }
    }

    /// A thread arrives and waits for the gate to open; the instant its
    /// wait counts from.
    fn arrive(&self) -> Instant {
        let mut g = lock(&self.state);
        g.0 += 1;
        self.cv.notify_all();
        loop {
            if let Some(t) = g.1 {
                return t;
            }
            g = self.cv.wait(g).unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// Waits until `n` threads arrived; false if the demo was cancelled
    /// first.
    fn all_arrived(&self, n: usize, cancel: &Cancel) -> bool {
        let mut g = lock(&self.state);
        while g.0 < n {
            if cancel.is_cancelled() {
                return false;
            }
            g = self
                .cv
                .wait_timeout(g, Duration::from_millis(20))
                .map_or_else(|e| e.into_inner().0, |(g, _)| g);
        }
        true
    }

    /// Opens the gate: every thread's wait counts from now.
    fn open(&self) -> Instant {
        let now = Instant::now();
        lock(&self.state).1 = Some(now);
        self.cv.notify_all();
        now
    }
}

/// One thread per wait: every thread is started and waits at a [`Gate`]
/// until all exist; the resident memory they add is measured then, while
/// all of them are alive; the gate opens and each sleeps until its
/// deadline, counted from the opening.
fn thread_per_wait(rc: RunCtx<'_>, lo: Duration, hi: Duration) -> Result<Measured, Stop> {
    rc.started(0, std::process::id());
    let late = Lateness::new();
    let gate = Gate::new();
    let step = (EVENT_WAITS / 50).max(1) as u64;
    let before = memory_kib(None);
    let (started, spawn_ms, delta, error) = thread::scope(|s| {
        let mut started = 0;
        let mut error = None;
        for i in 0..EVENT_WAITS {
            let (late, gate) = (&late, &gate);
            let spawned = thread::Builder::new()
                .name(format!("wait-{i}"))
                .spawn_scoped(s, move || {
                    let opened = gate.arrive();
                    let deadline = deadline(opened, i, lo, hi);
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
        // All alive at once (or cancelled): measure, then let them wait.
        let together = gate.all_arrived(started, &rc.ctx.cancel);
        let spawn_ms = ms(rc.t0.elapsed());
        let delta = together
            .then(|| mem_delta(before, memory_kib(None)))
            .flatten();
        gate.open();
        (started, spawn_ms, delta, error)
    });
    rc.ctx.cancel.check()?;
    let mut note = format!(
        "{started} threads started in {}, all alive at once before their waits began, {}; {}",
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

/// Waits of the CPython variant (as in the measurements).
const PY_WAITS: usize = 10_000;

/// What the card claims of CPython at 10,000 waits: asyncio creates them
/// much faster than one thread per wait, for much less memory, and wakes
/// them on time. The threads' figures are per wait: their creation stops
/// at a third of the budget (10,000 CPython threads took 3–14 s to create
/// here), and all of them are alive at once when their memory is measured.
pub(crate) const PYTHON_CLAIM: Claim = Claim {
    says: "at 10,000 waits CPython's asyncio creates each at least 2× faster than a thread per wait, for at least 2× less resident memory with all of them alive, and wakes them on time (under 50 ms late on average)",
    conclusion: "Waiting needs no thread of its own: asyncio multiplexes thousands of waits on one thread.",
    bounds: &[
        Bound::at_least(Figure::Named(PY_CREATE_RATIO), Limit::Fixed(2.0)),
        Bound::at_least(Figure::Named(PY_MEMORY_RATIO), Limit::Fixed(2.0)),
        Bound::at_most(Figure::Named(PY_ASYNC_LATE), Limit::Fixed(50.0)),
    ],
    work: Work::Other,
};
const PY_ASYNC_LATE: &str = "python-asyncio late ms";
const PY_THREAD_LATE: &str = "python-thread-per-wait late ms";
const PY_CREATE_RATIO: &str = "python thread / asyncio creation, per wait";
const PY_MEMORY_RATIO: &str = "python thread / asyncio resident memory, per wait";

/// `event-loop --python`: asyncio against one thread per wait.
pub(super) fn run_python(ctx: &Ctx) -> Result<DemoReport, Stop> {
    // The waits end between 1/3 and 1/2 of the budget after they start.
    let budget = ms(ctx.budget);
    let n = if budget >= 2000.0 {
        PY_WAITS
    } else {
        PY_WAITS / 10
    };
    // The threads' creation stops after a third of the budget.
    let args = [
        n.to_string(),
        format!("{:.1}", budget / 3.0),
        format!("{:.1}", budget / 2.0),
        format!("{:.1}", budget / 3.0),
    ];
    let plans = vec![
        plan(RunMode::PythonAsyncio, n, None),
        plan(RunMode::PythonThreadPerWait, n, None),
    ];
    let (rec, out) = python::run_script(ctx, plans, python::EVENT_LOOP, &args)?;
    let create = |n: &str| out.figures.get(n).copied();
    let mut named = out.named(&[PY_ASYNC_LATE, PY_THREAD_LATE]);
    for (name, per_wait) in [
        (PY_CREATE_RATIO, "create us per wait"),
        (PY_MEMORY_RATIO, "kib per wait"),
    ] {
        let of = |mode: &str| create(&format!("{mode} {per_wait}"));
        if let (Some(a), Some(t)) = (of("python-asyncio"), of("python-thread-per-wait"))
            && a > 0.0
        {
            named.push((name, t / a));
        }
    }
    let late = |n: &str| {
        named
            .iter()
            .find(|(k, _)| *k == n)
            .map_or_else(|| "n/a".to_string(), |(_, v)| fmt_ms(*v))
    };
    let threads = rec
        .get(RunMode::PythonThreadPerWait)
        .map_or(0, |r| r.workers);
    let kib = |mode: &str| {
        create(&format!("{mode} kib per wait"))
            .map_or_else(|| "n/a".to_string(), |k| format!("{k:.1} KiB"))
    };
    let summary = format!(
        "{}, {n} waits: asyncio woke them {} late on average, one thread per wait {}; creating {threads} threads took {} against asyncio's {} for {n} tasks; resident memory per wait, all alive at once: {} per thread, {} per task.",
        out.label(),
        late(PY_ASYNC_LATE),
        late(PY_THREAD_LATE),
        create("python-thread-per-wait create ms").map_or_else(|| "n/a".to_string(), fmt_ms),
        create("python-asyncio create ms").map_or_else(|| "n/a".to_string(), fmt_ms),
        kib("python-thread-per-wait"),
        kib("python-asyncio"),
    );
    Ok(rec.finish(&PYTHON_CLAIM, &summary, &named))
}

#[cfg(test)]
mod tests {
    use super::*;

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

    /// The threads of one thread per wait all exist, blocked at the gate,
    /// before any of them starts its wait (the memory is measured then).
    #[test]
    fn no_thread_passes_the_gate_before_all_arrived_and_it_opened() {
        let gate = Gate::new();
        let passed = AtomicU64::new(0);
        let cancel = Cancel::default();
        thread::scope(|s| {
            for _ in 0..8 {
                s.spawn(|| {
                    gate.arrive();
                    passed.fetch_add(1, Ordering::SeqCst);
                });
            }
            assert!(gate.all_arrived(8, &cancel));
            assert_eq!(passed.load(Ordering::SeqCst), 0);
            gate.open();
        });
        assert_eq!(passed.load(Ordering::SeqCst), 8);
        // Cancelled while threads are missing: no wait forever.
        let cancelled = Cancel::default();
        cancelled.cancel();
        assert!(!Gate::new().all_arrived(1, &cancelled));
    }

    #[test]
    fn the_event_loop_handles_every_wait() {
        let (ctx, _rx) = crate::demo::runner::test_ctx();
        let rc = RunCtx::new(&ctx, 0, false);
        let m = one_loop(rc, Duration::from_millis(1), Duration::from_millis(5));
        assert!(m.is_ok_and(|m| m.note.is_some_and(|n| n.contains("2000 waits"))));
    }
}
