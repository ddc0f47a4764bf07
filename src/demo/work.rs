//! The CPU work every demo burns, its calibration, and cancellation.

use std::hint::black_box;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock, PoisonError};
use std::time::{Duration, Instant};

use super::measure::{mono_ns, thread_cpu};
use super::overlap::OnCpu;

/// Why a demo stopped before its end.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum Stop {
    /// The user (or a drop) cancelled it.
    #[error("cancelled")]
    Cancelled,
    /// Something went wrong; a message for the user.
    #[error("{0}")]
    Failed(String),
}

impl Stop {
    pub(crate) fn failed(msg: impl Into<String>) -> Self {
        Stop::Failed(msg.into())
    }
}

/// Locks a mutex, ignoring poisoning (the data are plain counters and lists).
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// `iters` rounds of xorshift64: pure CPU work that the compiler cannot skip
/// or vectorise (every round depends on the previous one).
pub(crate) fn spin(iters: u64, seed: u64) -> u64 {
    black_box(rounds(seed | 1, black_box(iters)))
}

/// `iters` rounds of xorshift64 from `x`.
fn rounds(mut x: u64, iters: u64) -> u64 {
    for _ in 0..iters {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
    }
    x
}

/// [`spin`] (the same value), stamping the monotonic clock into `on_cpu`
/// after every `piece` rounds: the worker's record of when it ran.
pub(crate) fn spin_stamped(iters: u64, seed: u64, piece: u64, on_cpu: &mut OnCpu) -> u64 {
    let piece = piece.max(1);
    let mut x = seed | 1;
    let mut left = black_box(iters);
    while left > 0 {
        let n = piece.min(left);
        x = rounds(x, n);
        left -= n;
        on_cpu.stamp(mono_ns());
    }
    black_box(x)
}

/// Rounds of [`spin`] between two clock stamps in a chunk of `chunk`
/// rounds (about 0.25 ms, [`chunk_iters`]): a 25th of it, about 10 µs of
/// work, a fifth of the gap ([`GAP_NS`](super::overlap::GAP_NS)) that
/// means a worker was off the CPU. Derived from the chunk, so a worker
/// process given its chunk needs no calibration of its own.
pub(crate) fn piece_iters(chunk: u64) -> u64 {
    (chunk / 25).max(1)
}

/// Rounds of [`spin`] per millisecond on one core of this machine, measured
/// once per process on a short burst.
pub(crate) fn iters_per_ms() -> f64 {
    static RATE: OnceLock<f64> = OnceLock::new();
    *RATE.get_or_init(measure_rate)
}

/// Spins for about 40 ms of this thread's *CPU time* and counts the rounds
/// done: the speed of one core while it runs us, so a demo sized with it
/// takes the time it aims for on an idle machine, and on a busy one does the
/// same work (a wall-clock burst would size it too small). Where there is
/// no thread CPU clock, wall time is used. Gives up measuring after 2 s of
/// wall time (a machine too busy to give us 40 ms).
fn measure_rate() -> f64 {
    const PIECE: u64 = 5_000;
    const BURST: Duration = Duration::from_millis(40);
    spin(PIECE, 3); // warm up
    let t = Instant::now();
    let c0 = thread_cpu();
    let used = || match (thread_cpu(), c0) {
        (Some(c1), Some(c0)) => c1.saturating_sub(c0),
        _ => t.elapsed(),
    };
    let mut n: u64 = 0;
    while used() < BURST && t.elapsed() < Duration::from_secs(2) {
        spin(PIECE, n);
        n += PIECE;
    }
    let ms = used().as_secs_f64() * 1e3;
    (n as f64 / ms.max(1e-6)).max(1.0)
}

/// The share of one core this thread gets right now: spins for about
/// 20 ms of wall time and divides the CPU time it got by it (1.0 where there
/// is no thread CPU clock). A demo on a busy machine uses it to do less work
/// per round, so it still ends in about its time budget.
pub(crate) fn cpu_share_now() -> f64 {
    const PIECE: u64 = 5_000;
    let (Some(c0), t) = (thread_cpu(), Instant::now()) else {
        return 1.0;
    };
    let mut n = 0;
    while t.elapsed() < Duration::from_millis(20) {
        spin(PIECE, n);
        n += PIECE;
    }
    let cpu = thread_cpu().map_or(Duration::ZERO, |c1| c1.saturating_sub(c0));
    (cpu.as_secs_f64() / t.elapsed().as_secs_f64().max(1e-9)).clamp(0.0, 1.0)
}

/// Rounds of [`spin`] that take about `d` on one core.
pub(crate) fn iters_for(d: Duration) -> u64 {
    (iters_per_ms() * d.as_secs_f64() * 1e3).round().max(1.0) as u64
}

/// Rounds of [`spin`] between two checks of the cancel flag (about 0.25 ms).
pub(crate) fn chunk_iters() -> u64 {
    (iters_per_ms() / 4.0).max(1.0) as u64
}

/// Rounds per piece of a pool job (a constant, so every process agrees).
pub(crate) const JOB_PIECE: u64 = 4096;

/// The value of pool job `seed` of `iters` rounds, computed piece by piece;
/// `between` runs after each piece (to check for cancel, or switch the GIL).
pub(crate) fn job_value(
    iters: u64,
    seed: u64,
    mut between: impl FnMut() -> Result<(), Stop>,
) -> Result<u64, Stop> {
    let mut acc = seed;
    let mut done = 0;
    while done < iters {
        let n = JOB_PIECE.min(iters - done);
        acc = spin(n, acc);
        done += n;
        between()?;
    }
    Ok(acc)
}

/// Splits `total` into `parts` near-equal shares (the first ones get the rest).
pub(crate) fn split(total: u64, parts: usize) -> Vec<u64> {
    let parts = parts.max(1) as u64;
    (0..parts)
        .map(|i| total / parts + u64::from(i < total % parts))
        .collect()
}

/// A cancel flag that sleepers wake up for at once.
#[derive(Clone, Default)]
pub(crate) struct Cancel(Arc<CancelInner>);

#[derive(Default)]
struct CancelInner {
    flag: AtomicBool,
    lock: Mutex<()>,
    cv: Condvar,
}

impl Cancel {
    pub(crate) fn cancel(&self) {
        self.0.flag.store(true, Ordering::SeqCst);
        let _guard = lock(&self.0.lock);
        self.0.cv.notify_all();
    }

    pub(crate) fn is_cancelled(&self) -> bool {
        self.0.flag.load(Ordering::SeqCst)
    }

    pub(crate) fn check(&self) -> Result<(), Stop> {
        if self.is_cancelled() {
            Err(Stop::Cancelled)
        } else {
            Ok(())
        }
    }

    /// A blocking wait of `d` that ends early (with `Err`) on cancel.
    pub(crate) fn sleep(&self, d: Duration) -> Result<(), Stop> {
        self.sleep_until(Instant::now() + d)
    }

    /// A blocking wait until `deadline` that ends early (with `Err`) on cancel.
    pub(crate) fn sleep_until(&self, deadline: Instant) -> Result<(), Stop> {
        let mut guard = lock(&self.0.lock);
        loop {
            self.check()?;
            let now = Instant::now();
            if now >= deadline {
                return Ok(());
            }
            guard = match self.0.cv.wait_timeout(guard, deadline - now) {
                Ok((g, _)) => g,
                Err(poisoned) => poisoned.into_inner().0,
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_shares_everything() {
        assert_eq!(split(10, 3), vec![4, 3, 3]);
        assert_eq!(split(2, 4), vec![1, 1, 0, 0]);
        assert_eq!(split(7, 0), vec![7]);
        assert_eq!(split(1000, 7).iter().sum::<u64>(), 1000);
    }

    #[test]
    fn spin_is_deterministic_and_depends_on_work() {
        assert_eq!(spin(1000, 5), spin(1000, 5));
        assert_ne!(spin(1000, 5), spin(1001, 5));
    }

    #[test]
    fn stamped_spin_gives_the_same_value_and_stamps() {
        let mut on_cpu = OnCpu::default();
        assert_eq!(spin_stamped(1000, 5, 7, &mut on_cpu), spin(1000, 5));
        assert_eq!(spin_stamped(0, 5, 7, &mut on_cpu), spin(0, 5));
        assert!(on_cpu.spans().is_some_and(|s| !s.is_empty()));
    }

    #[test]
    fn calibration_is_positive_and_sizes_work() {
        assert!(iters_per_ms() >= 1.0);
        assert!(iters_for(Duration::from_millis(10)) >= 1);
        assert!(chunk_iters() >= 1);
    }

    #[test]
    fn cancel_wakes_a_sleeper() {
        let cancel = Cancel::default();
        let c2 = cancel.clone();
        let sleeper = std::thread::spawn(move || c2.sleep(Duration::from_secs(600)));
        cancel.cancel();
        assert_eq!(sleeper.join().ok(), Some(Err(Stop::Cancelled)));
        assert!(cancel.check().is_err());
    }

    #[test]
    fn sleep_returns_after_the_deadline() {
        let cancel = Cancel::default();
        let t = Instant::now();
        assert_eq!(cancel.sleep(Duration::from_millis(2)), Ok(()));
        assert!(t.elapsed() >= Duration::from_millis(2));
    }
}
