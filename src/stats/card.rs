//! One card's figures: its events replayed with [`CardDay::record`] to know
//! the interval before each scheduled review, its lapses and its state now;
//! and the counts of cards by state with the histograms.

use chrono::NaiveDate;
use serde::Serialize;

use super::{Bucket, CardStates, LEECH_LAPSES, MATURE_DAYS, Period, RECENT_DAYS};
use crate::sched::Sm2State;
use crate::store::{CardDay, Event, Kind};

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

/// What one card adds to the figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CardSummary {
    /// Its SM-2 state after every event.
    pub state: Sm2State,
    /// Lapses: scheduled grades below 3 after n ≥ 1.
    pub lapses: u32,
    /// Its scheduled reviews of the last 30 days.
    pub last_30_days: Period,
    /// All its scheduled reviews.
    pub all_time: Period,
}

impl CardSummary {
    /// True with [`LEECH_LAPSES`] lapses or more.
    pub fn is_leech(&self) -> bool {
        self.lapses >= LEECH_LAPSES
    }
}

/// Replays a card's events (time order, undos removed) and sums them up.
pub fn summarize(events: &[Event], today: NaiveDate) -> CardSummary {
    let recent_from = today - chrono::Duration::days(RECENT_DAYS - 1);
    let mut card = CardDay::default();
    let mut out = CardSummary {
        state: Sm2State::NEW,
        lapses: 0,
        last_30_days: Period::default(),
        all_time: Period::default(),
    };
    for e in events {
        // A review of a card not due that day counts as a drill (the one
        // rule, `CardDay::record`): not in retention, never a lapse.
        if e.kind == Kind::Review && card.is_due(e.day) {
            let before = card.state;
            let pass = e.grade.is_pass();
            if !pass && before.n >= 1 {
                out.lapses += 1;
            }
            let mature = before.interval >= MATURE_DAYS;
            let recent = e.day >= recent_from && e.day <= today;
            for (period, counts) in [(&mut out.all_time, true), (&mut out.last_30_days, recent)] {
                if counts {
                    if mature {
                        period.mature.add(pass);
                    } else {
                        period.young.add(pass);
                    }
                }
            }
        }
        card.record(e.kind, e.grade, e.day);
    }
    out.state = card.state;
    out
}

/// A card's lapses only (for the leech mark and `concur check`).
pub fn lapses(events: &[Event]) -> u32 {
    let mut card = CardDay::default();
    let mut n = 0;
    for e in events {
        if e.kind == Kind::Review && card.is_due(e.day) && !e.grade.is_pass() && card.state.n >= 1 {
            n += 1;
        }
        card.record(e.kind, e.grade, e.day);
    }
    n
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
    pub(super) fn add(&mut self, s: &CardSummary) {
        let state = CardState::of(&s.state);
        self.by_state[state as usize] += 1;
        if state == CardState::New {
            return;
        }
        let i = INTERVALS
            .iter()
            .position(|(max, _)| s.state.interval <= *max)
            .unwrap_or(INTERVALS.len() - 1);
        self.intervals[i] += 1;
        let h = s.state.ef.hundredths();
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
