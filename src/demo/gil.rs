//! A global interpreter lock like CPython's: one lock that a thread must hold
//! to compute, handed over *fairly*.
//!
//! A plain mutex is not enough: the thread that releases it usually takes it
//! straight back, before a sleeping waiter wakes up. CPython avoids this with
//! its "drop request": a waiting thread asks the holder to drop the lock, and
//! the holder hands it over. Here the lock is a ticket lock (first come,
//! first served): a holder that releases and re-acquires takes a new ticket
//! behind every thread already waiting, so the waiters really get their turn.

use std::sync::{Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::work::lock;

/// CPython's default switch interval (`sys.getswitchinterval()`).
pub(crate) const SWITCH_INTERVAL: Duration = Duration::from_millis(5);

/// The lock.
#[derive(Default)]
pub(crate) struct Gil {
    state: Mutex<Tickets>,
    cv: Condvar,
}

#[derive(Default)]
struct Tickets {
    next: u64,
    serving: u64,
    last_holder: Option<usize>,
    handovers: u64,
}

impl Gil {
    /// Waits for the lock (first come, first served) and holds it as `who`.
    pub(crate) fn acquire(&self, who: usize) -> GilGuard<'_> {
        self.acquire_raw(who);
        GilGuard {
            gil: self,
            who,
            since: Instant::now(),
        }
    }

    fn acquire_raw(&self, who: usize) {
        let mut s = lock(&self.state);
        let ticket = s.next;
        s.next += 1;
        while s.serving != ticket {
            s = self.cv.wait(s).unwrap_or_else(PoisonError::into_inner);
        }
        if s.last_holder.is_some_and(|last| last != who) {
            s.handovers += 1;
        }
        s.last_holder = Some(who);
    }

    fn release_raw(&self) {
        let mut s = lock(&self.state);
        s.serving += 1;
        drop(s);
        self.cv.notify_all();
    }

    /// Threads waiting for the lock (asked by the holder: its drop request).
    pub(crate) fn waiters(&self) -> u64 {
        let s = lock(&self.state);
        s.next.saturating_sub(s.serving + 1)
    }

    /// How many times the lock went from one thread to another.
    pub(crate) fn handovers(&self) -> u64 {
        lock(&self.state).handovers
    }
}

/// Holding the lock; dropping it releases it.
pub(crate) struct GilGuard<'a> {
    gil: &'a Gil,
    who: usize,
    since: Instant,
}

impl GilGuard<'_> {
    /// Called between bits of work: once the switch interval has passed and
    /// another thread waits, hands the lock over and queues for it again.
    /// Returns the span the lock was held, if it was handed over.
    pub(crate) fn switch_if_requested(&mut self) -> Option<(Instant, Instant)> {
        if self.since.elapsed() < SWITCH_INTERVAL || self.gil.waiters() == 0 {
            return None;
        }
        let held = (self.since, Instant::now());
        self.gil.release_raw();
        self.gil.acquire_raw(self.who);
        self.since = Instant::now();
        Some(held)
    }

    /// Releases the lock around a blocking call (as CPython does around I/O
    /// and sleeps), then waits for it again. Returns the call's result and
    /// the span the lock was held before the call.
    pub(crate) fn release_during<R>(&mut self, f: impl FnOnce() -> R) -> (R, (Instant, Instant)) {
        let held = (self.since, Instant::now());
        self.gil.release_raw();
        let r = f();
        self.gil.acquire_raw(self.who);
        self.since = Instant::now();
        (r, held)
    }
}

impl Drop for GilGuard<'_> {
    fn drop(&mut self) {
        self.gil.release_raw();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn a_waiter_gets_the_lock_before_the_releaser_takes_it_back() {
        let gil = Arc::new(Gil::default());
        let order = Arc::new(Mutex::new(Vec::new()));
        let guard = gil.acquire(0);
        let (g2, o2) = (Arc::clone(&gil), Arc::clone(&order));
        let waiter = std::thread::spawn(move || {
            let _held = g2.acquire(1);
            lock(&o2).push(1);
        });
        while gil.waiters() == 0 {
            std::thread::yield_now();
        }
        drop(guard); // release ...
        let _again = gil.acquire(0); // ... and at once ask again: thread 1 goes first
        lock(&order).push(0);
        assert!(waiter.join().is_ok());
        assert_eq!(*lock(&order), vec![1, 0]);
        assert_eq!(gil.handovers(), 2);
    }

    #[test]
    fn switch_only_when_someone_waits() {
        let gil = Gil::default();
        let mut guard = gil.acquire(0);
        let t = Instant::now();
        while t.elapsed() < SWITCH_INTERVAL * 2 {
            std::hint::spin_loop();
        }
        assert!(guard.switch_if_requested().is_none());
        assert_eq!(gil.waiters(), 0);
    }
}
