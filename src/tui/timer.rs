//! Monotonic time for measuring how long an answer took.

use std::time::{Duration, Instant};

/// Monotonic time for measuring answers: real, or set by hand in tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timer {
    /// Time since this instant.
    Real(Instant),
    /// A fixed elapsed time, moved on with [`Timer::advance`].
    Manual(Duration),
}

impl Timer {
    /// A real timer starting now.
    pub fn start() -> Timer {
        Timer::Real(Instant::now())
    }

    /// Time elapsed since the timer started.
    pub fn elapsed(&self) -> Duration {
        match self {
            Timer::Real(i) => i.elapsed(),
            Timer::Manual(d) => *d,
        }
    }

    /// Moves a manual timer on (a real one ignores this).
    pub fn advance(&mut self, by: Duration) {
        if let Timer::Manual(d) = self {
            *d += by;
        }
    }
}
