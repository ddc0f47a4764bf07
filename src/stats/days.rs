//! Per-day totals: grades and time per day, the heatmap's window and the
//! streaks.

use chrono::{Duration, NaiveDate};
use hashbrown::HashMap;

use super::{Heatmap, Time};
use crate::store::DayCounts;

/// The days shown: `days` days ending today.
#[derive(Debug, Clone, Copy)]
pub(super) struct Window {
    pub first: NaiveDate,
    pub today: NaiveDate,
    pub len: usize,
}

impl Window {
    pub(super) fn new(today: NaiveDate, days: u32) -> Window {
        let days = days.max(1);
        let first = today
            .checked_sub_days(chrono::Days::new(u64::from(days - 1)))
            .unwrap_or(NaiveDate::MIN);
        let len = usize::try_from((today - first).num_days() + 1).unwrap_or(1);
        Window { first, today, len }
    }
}

/// Grades and milliseconds per day, over all time.
#[derive(Debug, Clone, Default)]
pub(super) struct DayTotals {
    per_day: HashMap<NaiveDate, (u32, u64)>,
    grades: u64,
    ms: u64,
}

impl DayTotals {
    pub(super) fn add(&mut self, day: NaiveDate, c: &DayCounts) {
        if c.grades == 0 {
            return;
        }
        let slot = self.per_day.entry(day).or_default();
        slot.0 = slot.0.saturating_add(c.grades);
        slot.1 = slot.1.saturating_add(c.spent_ms);
        self.grades = self.grades.saturating_add(u64::from(c.grades));
        self.ms = self.ms.saturating_add(c.spent_ms);
    }

    pub(super) fn finish(&self, w: &Window) -> (Heatmap, Time) {
        let mut grades = vec![0u32; w.len];
        let mut ms = vec![0u64; w.len];
        for (day, (n, m)) in &self.per_day {
            if let Ok(i) = usize::try_from((*day - w.first).num_days())
                && i < w.len
            {
                grades[i] = *n;
                ms[i] = *m;
            }
        }
        let (current, longest) = streaks(self.per_day.keys().copied(), w.today);
        let heatmap = Heatmap {
            first_day: w.first,
            study_days: u32::try_from(grades.iter().filter(|n| **n > 0).count())
                .unwrap_or(u32::MAX),
            grades,
            current_streak: current,
            longest_streak: longest,
        };
        #[allow(clippy::cast_precision_loss)]
        let time = Time {
            minutes_per_day: ms.iter().map(|m| tenths(*m as f64 / 60_000.0)).collect(),
            total_minutes: tenths(self.ms as f64 / 60_000.0),
            grades: self.grades,
            average_seconds: (self.grades > 0)
                .then(|| tenths(self.ms as f64 / 1000.0 / self.grades as f64)),
        };
        (heatmap, time)
    }
}

fn tenths(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// (current, longest) runs of consecutive study days, counting only days up
/// to `today`. The current run ends today, or yesterday if today has no
/// grade yet.
pub(super) fn streaks(days: impl Iterator<Item = NaiveDate>, today: NaiveDate) -> (u32, u32) {
    let mut days: Vec<NaiveDate> = days.filter(|d| *d <= today).collect();
    days.sort_unstable();
    days.dedup();
    let mut longest = 0u32;
    let mut run = 0u32;
    let mut prev: Option<NaiveDate> = None;
    for d in &days {
        run = match prev {
            Some(p) if *d - p == Duration::days(1) => run + 1,
            _ => 1,
        };
        longest = longest.max(run);
        prev = Some(*d);
    }
    let current = match days.last() {
        Some(last) if today - *last <= Duration::days(1) => run,
        _ => 0,
    };
    (current, longest)
}
