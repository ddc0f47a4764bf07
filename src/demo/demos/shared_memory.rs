//! `shared-memory`: threads share one counter (and lose updates without a
//! lock); processes each count in their own copy (separate processes given
//! a copy of the parent's value: Rust cannot fork without `unsafe`).

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use super::super::event::DemoReport;
use super::super::mode::RunMode;
use super::super::python;
use super::super::runner::{
    Ctx, Measured, Recorder, RunCtx, baseline, on_threads, plan, run_processes,
};
use super::super::verdict::{Bound, Claim, Figure, Limit, Work};
use super::super::work::{Stop, lock};
use super::ms;

/// Increments per loop between two checks of the cancel flag.
const COUNT_STEP: u64 = 1 << 12;

/// Runs `shared-memory`: one counter shared by threads; processes count
/// alone.
pub(crate) fn run(ctx: &Ctx) -> Result<DemoReport, Stop> {
    let w = ctx.workers_or(ctx.cores.clamp(2, 8));
    // Calibrate on the slowest way to count: w threads fighting for a mutex.
    let probe = Mutex::new(0u64);
    let stop_at = Instant::now() + Duration::from_millis(10);
    on_threads(w, |_| {
        while Instant::now() < stop_at {
            for _ in 0..256 {
                *lock(&probe) += 1;
            }
        }
        Ok(())
    })?;
    let mutex_per_ms = *lock(&probe) as f64 / 10.0;
    let total = ((mutex_per_ms * ms(ctx.budget_share(0.3))) as u64).max(w as u64 * 1000);
    let per = total / w as u64;
    let total = per * w as u64;
    let mut rec = Recorder::new(
        ctx,
        vec![
            baseline(RunMode::Sequential),
            plan(RunMode::ThreadsUnlocked, w, None),
            plan(RunMode::ThreadsMutex, w, None),
            plan(RunMode::ThreadsAtomic, w, None),
            plan(RunMode::Processes, w, None),
        ],
    );
    let lost_pct = |count: u64| (total - count.min(total)) as f64 * 100.0 / total as f64;
    let lost = |count: u64| {
        format!(
            "counter = {count} of {total}: {} updates lost ({:.1} %)",
            total - count.min(total),
            lost_pct(count)
        )
    };
    // The share of updates the unlocked threads lost, for the verdict.
    let mut unlocked_lost = None;
    let (mut mutex_lost, mut atomic_lost, mut copies_off) = (None, None, None);
    let mut mutex_count = None;
    let me = std::process::id();
    rec.run(0, false, |rc| {
        let counter = AtomicU64::new(0);
        racy_count(rc, 0, &counter, total)?;
        let count = counter.load(Ordering::SeqCst);
        Ok(counted(rc, me, lost(count)))
    })?;
    rec.run(1, false, |rc| {
        let counter = AtomicU64::new(0);
        on_threads(w, |i| racy_count(rc, i, &counter, per))?;
        let count = counter.load(Ordering::SeqCst);
        unlocked_lost = Some(lost_pct(count));
        Ok(counted(rc, me, lost(count)))
    })?;
    rec.run(2, false, |rc| {
        let counter = Mutex::new(0u64);
        on_threads(w, |i| {
            step_count(rc, i, per, |n| {
                for _ in 0..n {
                    *lock(&counter) += 1;
                }
            })
        })?;
        let count = *lock(&counter);
        mutex_lost = Some(lost_pct(count));
        mutex_count = Some(count);
        Ok(counted(rc, me, lost(count)))
    })?;
    rec.run(3, false, |rc| {
        let counter = AtomicU64::new(0);
        on_threads(w, |i| {
            step_count(rc, i, per, |n| {
                for _ in 0..n {
                    counter.fetch_add(1, Ordering::Relaxed);
                }
            })
        })?;
        let count = counter.load(Ordering::SeqCst);
        atomic_lost = Some(lost_pct(count));
        Ok(counted(rc, me, lost(count)))
    })?;
    // The parent's counter: the one its threads just counted under the
    // mutex. Rust cannot fork without `unsafe` (forbidden here), so each
    // process is a new one that gets a copy of that value as its start and
    // counts on in its own memory; the parent's counter must not move.
    let parent_counter =
        AtomicU64::new(total - (mutex_lost.unwrap_or(0.0) * total as f64 / 100.0) as u64);
    let start = parent_counter.load(Ordering::SeqCst);
    rec.run(4, false, |rc| {
        let args = (0..w)
            .map(|_| vec!["count".to_string(), per.to_string(), start.to_string()])
            .collect();
        let out = run_processes(rc, args)?;
        let each: Vec<String> = out.values.iter().map(u64::to_string).collect();
        let after = parent_counter.load(Ordering::SeqCst);
        copies_off = Some(
            out.values
                .iter()
                .filter(|&&v| v != start.saturating_add(per))
                .count() as f64
                + f64::from(u8::from(after != start)),
        );
        let mut m = counted(
            rc,
            me,
            format!(
                "separate processes, not a fork (Rust cannot fork without unsafe code; the CPython row forks): each started from a copy of the parent's counter ({start}) and counted {per} in its own memory, to {}; the parent's counter is still {after}",
                each.join(", "),
            ),
        );
        m.pids = out.pids;
        Ok(m)
    })?;
    let summary = format!(
        "{w} native threads (no GIL) each loading, adding 1 and storing one shared counter without a lock lost {} of {total} updates (CPython 3.11's plain `counter += 1` rarely loses one; `--python` shows the race it does have); with a mutex {} were lost at {} of the sequential speed, with an atomic {} at {}; each of {w} separate processes (not a fork) counted on from a copy of the parent's counter while the parent's stayed at {start}.",
        pct(unlocked_lost),
        pct(mutex_lost),
        rec.speedup(RunMode::ThreadsMutex),
        pct(atomic_lost),
        rec.speedup(RunMode::ThreadsAtomic),
    );
    let named: Vec<(&'static str, f64)> = [
        (UNLOCKED_LOST, unlocked_lost),
        (MUTEX_LOST, mutex_lost),
        (ATOMIC_LOST, atomic_lost),
        (COPIES_OFF, copies_off),
    ]
    .into_iter()
    .filter_map(|(n, v)| v.map(|v| (n, v)))
    .collect();
    Ok(rec.finish(&CLAIM, &summary, &named))
}

/// `12.3 %`, or `n/a`.
fn pct(p: Option<f64>) -> String {
    p.map_or_else(|| "n/a".to_string(), |p| format!("{p:.1} %"))
}

const UNLOCKED_LOST: &str = "updates lost without a lock, %";
const MUTEX_LOST: &str = "updates lost with a mutex, %";
const ATOMIC_LOST: &str = "updates lost with an atomic, %";
const COPIES_OFF: &str = "processes whose own count is not theirs";

/// What the `shared-memory` card claims.
pub(crate) const CLAIM: Claim = Claim {
    says: "threads share memory, so an unlocked read-modify-write loses updates and a lock (or an atomic) makes the count exact; processes each count in their own copy",
    conclusion: "Threads share memory: guard shared updates with a lock; processes share nothing unless asked.",
    bounds: &[
        Bound::at_least(Figure::Named(UNLOCKED_LOST), Limit::Fixed(0.001)),
        Bound::at_most(Figure::Named(MUTEX_LOST), Limit::Fixed(0.0)),
        Bound::at_most(Figure::Named(ATOMIC_LOST), Limit::Fixed(0.0)),
        Bound::at_most(Figure::Named(COPIES_OFF), Limit::Fixed(0.0)),
    ],
    work: Work::Other,
};

fn counted(rc: RunCtx<'_>, pid: u32, note: String) -> Measured {
    Measured {
        wall: rc.t0.elapsed(),
        pids: vec![pid],
        note: Some(note),
        ..Measured::default()
    }
}

/// Counts `n` in steps of [`COUNT_STEP`], checking for cancel and reporting.
fn step_count(rc: RunCtx<'_>, w: usize, n: u64, mut add: impl FnMut(u64)) -> Result<(), Stop> {
    rc.started(w, std::process::id());
    let mut done = 0;
    let mut pace = rc.pace();
    while done < n {
        rc.ctx.cancel.check()?;
        let k = COUNT_STEP.min(n - done);
        add(k);
        done += k;
        if pace.due(done, n) {
            rc.progress(w, done, n);
        }
    }
    rc.progress(w, done, n);
    Ok(())
}

/// `counter += 1` as Python does it: read, add, write back, not atomically.
fn racy_count(rc: RunCtx<'_>, w: usize, counter: &AtomicU64, n: u64) -> Result<(), Stop> {
    step_count(rc, w, n, |k| {
        for _ in 0..k {
            let v = counter.load(Ordering::Relaxed);
            counter.store(v + 1, Ordering::Relaxed);
        }
    })
}

/// What the card claims of CPython (3.11 with its GIL): a read-modify-write
/// with a call between the read and the write loses updates, a lock loses
/// none, and a forked child counts in its own copy. A plain `counter += 1`
/// loop is shown but not claimed: 3.11 rarely loses one (3.13t does).
pub(crate) const PYTHON_CLAIM: Claim = Claim {
    says: "CPython threads share one counter: reading it, calling a function and writing it back loses updates, a lock loses none; a forked child increments its own copy while the parent's stays unchanged",
    conclusion: "Threads share memory, and the GIL does not make a read-modify-write atomic: guard it with a lock. A forked process has its own copy.",
    bounds: &[
        Bound::at_least(Figure::Named(PY_CALL_LOST), Limit::Fixed(0.001)),
        Bound::at_most(Figure::Named(PY_LOCK_LOST), Limit::Fixed(0.0)),
        Bound::at_most(Figure::Named(PY_FORK_OFF), Limit::Fixed(0.0)),
    ],
    work: Work::Other,
};
const PY_PLAIN_LOST: &str = "python plain lost %";
const PY_CALL_LOST: &str = "python call-between lost %";
const PY_LOCK_LOST: &str = "python lock lost %";
const PY_FORK_OFF: &str = "python fork copies off";

/// `shared-memory --python`: CPython's threads on one counter, three ways,
/// and a real fork.
pub(super) fn run_python(ctx: &Ctx) -> Result<DemoReport, Stop> {
    let w = ctx.workers_or(ctx.cores.clamp(2, 8));
    let plans = vec![
        plan(RunMode::PythonCounter, w, None),
        plan(RunMode::PythonCallBetween, w, None),
        plan(RunMode::PythonLock, w, None),
        plan(RunMode::PythonFork, 1, None),
    ];
    let args = [w.to_string(), python::ms_arg(ctx.budget_share(0.8))];
    let (rec, out) = python::run_script(ctx, plans, python::SHARED_MEMORY, &args)?;
    let named = out.named(&[PY_PLAIN_LOST, PY_CALL_LOST, PY_LOCK_LOST, PY_FORK_OFF]);
    let get = |n: &str| named.iter().find(|(k, _)| *k == n).map(|(_, v)| *v);
    let summary = format!(
        "{}, {w} threads: a plain `counter += 1` loop lost {}; read, call, write lost {}; under a lock {}. A forked child {}.",
        out.label(),
        pct(get(PY_PLAIN_LOST)),
        pct(get(PY_CALL_LOST)),
        pct(get(PY_LOCK_LOST)),
        match get(PY_FORK_OFF) {
            Some(0.0) => "counted in its own copy; the parent's counter stayed 0",
            Some(_) => "did not count as expected",
            None => "was not measured",
        }
    );
    Ok(rec.finish(&PYTHON_CLAIM, &summary, &named))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counting_modes_in_threads() {
        let (ctx, _rx) = crate::demo::runner::test_ctx();
        let rc = RunCtx::new(&ctx, 0, false);
        let counter = AtomicU64::new(0);
        assert!(racy_count(rc, 0, &counter, 10_000).is_ok());
        // Alone, read-add-write loses nothing.
        assert_eq!(counter.load(Ordering::SeqCst), 10_000);
        let shared = Mutex::new(0u64);
        let r = on_threads(4, |i| {
            step_count(rc, i, 5_000, |n| {
                for _ in 0..n {
                    *lock(&shared) += 1;
                }
            })
        });
        assert!(r.is_ok());
        assert_eq!(*lock(&shared), 20_000);
    }
}
