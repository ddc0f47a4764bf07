//! Pacing a worker's progress reports: at most one per interval while it
//! works, and none for its last unit: the report the worker sends when it
//! is done says that, once.

use std::time::{Duration, Instant};

/// How often workers (threads and processes) report their progress.
pub(crate) const REPORT_EVERY: Duration = Duration::from_millis(20);

/// When a worker's next progress report is due.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Pace {
    every: Duration,
    last: Instant,
}

impl Pace {
    /// Reports every `every`, the first one `every` from now.
    pub(crate) fn new(every: Duration) -> Self {
        Pace {
            every,
            last: Instant::now(),
        }
    }

    /// Whether a report is due now (`every` since the last one); if so, the
    /// next one is due `every` from now. For work of unknown length.
    pub(crate) fn tick(&mut self) -> bool {
        if self.last.elapsed() < self.every {
            return false;
        }
        self.last = Instant::now();
        true
    }

    /// Whether to report `done` of `total` units now, while working: when a
    /// report is due and the work is not done. The end (`done == total`) is
    /// never reported from here, however the timer falls: the worker
    /// reports it once, after its loop.
    pub(crate) fn due(&mut self, done: u64, total: u64) -> bool {
        done < total && self.tick()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_end_is_never_due_even_when_the_timer_is() {
        let mut p = Pace::new(Duration::ZERO);
        assert!(p.due(1, 3));
        assert!(p.due(2, 3));
        assert!(!p.due(3, 3));
        assert!(p.tick());
    }

    #[test]
    fn nothing_is_due_before_the_interval() {
        let mut p = Pace::new(Duration::from_secs(3600));
        assert!(!p.due(1, 3));
        assert!(!p.tick());
    }
}
