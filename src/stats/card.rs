//! Cards by state: the counts of cards by state, with the histograms of
//! their intervals and E-Factors.

use serde::Serialize;

use super::{Bucket, CardStates, MATURE_DAYS};
use crate::sched::Sm2State;

/// Where a card stands (see the module docs of [`crate::stats`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CardState {
    /// Never reviewed.
    New,
    /// n < 2.
    Learning,
    /// Interval under 21 days.
    Young,
    /// Interval of 21 days or more.
    Mature,
}

impl CardState {
    /// The state of an SM-2 state.
    pub fn of(s: &Sm2State) -> CardState {
        if s.is_new() {
            CardState::New
        } else if s.n < 2 {
            CardState::Learning
        } else if s.interval < MATURE_DAYS {
            CardState::Young
        } else {
            CardState::Mature
        }
    }
}

/// Interval histogram: upper bounds (days, inclusive) and labels.
const INTERVALS: [(u32, &str); 9] = [
    (1, "1d"),
    (3, "2-3d"),
    (7, "4-7d"),
    (14, "1-2w"),
    (30, "2w-1m"),
    (90, "1-3m"),
    (180, "3-6m"),
    (365, "6m-1y"),
    (u32::MAX, ">1y"),
];

/// E-Factor histogram: upper bounds (hundredths, inclusive) and labels.
const EASE: [(u32, &str); 8] = [
    (149, "1.3-1.49"),
    (169, "1.5-1.69"),
    (189, "1.7-1.89"),
    (209, "1.9-2.09"),
    (229, "2.1-2.29"),
    (249, "2.3-2.49"),
    (269, "2.5-2.69"),
    (u32::MAX, "2.7+"),
];

/// Counts of cards by state, and the histograms, as cards are added.
#[derive(Debug, Clone, Default)]
pub(super) struct StateCounts {
    by_state: [u32; 4],
    intervals: [u32; INTERVALS.len()],
    ease: [u32; EASE.len()],
}

impl StateCounts {
    pub(super) fn add(&mut self, s: &Sm2State) {
        let state = CardState::of(s);
        self.by_state[state as usize] += 1;
        if state == CardState::New {
            return;
        }
        let i = INTERVALS
            .iter()
            .position(|(max, _)| s.interval <= *max)
            .unwrap_or(INTERVALS.len() - 1);
        self.intervals[i] += 1;
        let h = s.ef.hundredths();
        let i = EASE
            .iter()
            .position(|(max, _)| h <= *max)
            .unwrap_or(EASE.len() - 1);
        self.ease[i] += 1;
    }

    pub(super) fn finish(self) -> CardStates {
        let buckets = |labels: &[(u32, &'static str)], counts: &[u32]| {
            labels
                .iter()
                .zip(counts)
                .map(|((_, label), count)| Bucket {
                    label,
                    count: *count,
                })
                .collect()
        };
        let [new, learning, young, mature] = self.by_state;
        CardStates {
            new,
            learning,
            young,
            mature,
            intervals: buckets(&INTERVALS, &self.intervals),
            ease: buckets(&EASE, &self.ease),
        }
    }
}
