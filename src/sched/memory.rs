//! FSRS-6, the memory model that runs beside SM-2 as an observer of the
//! log: it never schedules anything, it predicts how likely a card is to be
//! recalled on a given day.
//!
//! The model is the reference implementation, the `fsrs` crate, with its
//! default parameters; nothing here re-derives its formulas. A card's
//! [`Memory`] is its FSRS state (stability, difficulty) after its graded
//! lines, and the day of the last of them:
//!
//! - grades 0–2 are Again, 3 Hard, 4 Good, 5 Easy ([`rating`]);
//! - each line's `delta_t` is the number of whole calendar days since the
//!   card's previous graded line (0 for a same-day re-ask, drill or quiz,
//!   which FSRS-6 treats with its short-term stability formula);
//! - review, drill, cram and prep lines all count (each is a real recall
//!   attempt); card actions and undone lines do not.

use std::sync::LazyLock;

use chrono::NaiveDate;
use fsrs::{FSRS, FSRSItem, FSRSReview, MemoryState};

use super::Grade;

/// The model's name, as `plan --json` reports it.
pub const MODEL: &str = "FSRS-6";

/// The parameters used: the crate's defaults (fitted to the average
/// learner).
pub fn parameters() -> &'static [f32; 21] {
    &fsrs::DEFAULT_PARAMETERS
}

/// The model with [`parameters`], built once.
static MODEL_WITH_DEFAULTS: LazyLock<FSRS> = LazyLock::new(FSRS::default);

/// The FSRS rating of an SM-2 grade: 0–2 Again (1), 3 Hard (2), 4 Good
/// (3), 5 Easy (4).
pub fn rating(grade: Grade) -> u32 {
    match grade.value() {
        0..=2 => 1,
        3 => 2,
        4 => 3,
        _ => 4,
    }
}

/// What FSRS knows of a card that has been graded at least once.
#[derive(Debug, Clone, Copy)]
pub struct Memory {
    /// Days until predicted recall falls to 90 %.
    pub stability: f32,
    /// 1 (easy) to 10 (hard).
    pub difficulty: f32,
    /// The day of its latest graded line.
    pub last_day: NaiveDate,
}

impl PartialEq for Memory {
    /// Bit for bit (a replay is exact: the same lines give the same bits).
    fn eq(&self, o: &Memory) -> bool {
        self.stability.to_bits() == o.stability.to_bits()
            && self.difficulty.to_bits() == o.difficulty.to_bits()
            && self.last_day == o.last_day
    }
}

impl Eq for Memory {}

impl Memory {
    /// A stored state, if it is one the model could have made (finite,
    /// stability above 0).
    pub fn checked(stability: f32, difficulty: f32, last_day: NaiveDate) -> Option<Memory> {
        (stability.is_finite() && stability > 0.0 && difficulty.is_finite()).then_some(Memory {
            stability,
            difficulty,
            last_day,
        })
    }

    /// The state after a grade on `day`, given the state before (`None`
    /// for a card never graded). Lines must come in time order; a line
    /// dated before the previous one counts as the same day. If the model
    /// cannot give a finite state, the state before is kept.
    pub fn after(before: Option<Memory>, grade: Grade, day: NaiveDate) -> Option<Memory> {
        let delta_t = before.map_or(0, |m| {
            u32::try_from((day - m.last_day).num_days().max(0)).unwrap_or(u32::MAX)
        });
        let item = FSRSItem {
            reviews: vec![FSRSReview {
                rating: rating(grade),
                delta_t,
            }],
        };
        let start = before.map(|m| MemoryState {
            stability: m.stability,
            difficulty: m.difficulty,
        });
        match MODEL_WITH_DEFAULTS.memory_state(item, start) {
            Ok(s) => {
                let last_day = before.map_or(day, |m| day.max(m.last_day));
                Memory::checked(s.stability, s.difficulty, last_day).or(before)
            }
            Err(_) => before,
        }
    }

    /// The predicted probability of recall on `day` (a day before the last
    /// graded one counts as that day).
    pub fn recall_on(&self, day: NaiveDate) -> f32 {
        let elapsed = (day - self.last_day).num_days().max(0);
        // Days fit an f32 well beyond any calendar date chrono accepts.
        #[allow(clippy::cast_precision_loss)]
        let elapsed = elapsed as f32;
        fsrs::current_retrievability(
            MemoryState {
                stability: self.stability,
                difficulty: self.difficulty,
            },
            elapsed,
            parameters()[20],
        )
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    use crate::sched::testing::{day, g};

    #[test]
    fn grades_map_to_the_four_ratings() {
        let r: Vec<u32> = (0..=5).map(|q| rating(g(q))).collect();
        assert_eq!(r, [1, 1, 1, 2, 3, 4]);
    }

    #[test]
    fn a_first_grade_gives_the_initial_stability_and_recall_decays() {
        let d = day("2026-11-01");
        let m = Memory::after(None, g(4), d).unwrap();
        assert_eq!(m.stability, parameters()[2], "Good: w2");
        assert_eq!(m.last_day, d);
        assert!((m.recall_on(d) - 1.0).abs() < 1e-6);
        let later = m.recall_on(day("2026-11-04"));
        let much_later = m.recall_on(day("2026-12-04"));
        assert!(later < 1.0 && much_later < later, "{later} {much_later}");
        // The stability is the day recall falls to 90 %.
        let at_s = m.recall_on(d + chrono::Days::new(2));
        assert!(at_s > 0.9, "{at_s}");
    }

    #[test]
    fn a_line_older_than_the_last_counts_as_the_same_day() {
        let d = day("2026-11-10");
        let m = Memory::after(None, g(4), d).unwrap();
        let back = Memory::after(Some(m), g(4), day("2026-11-01")).unwrap();
        let same = Memory::after(Some(m), g(4), d).unwrap();
        assert_eq!(back, same);
    }

    #[test]
    fn stored_states_are_checked() {
        let d = day("2026-11-10");
        assert!(Memory::checked(f32::NAN, 5.0, d).is_none());
        assert!(Memory::checked(0.0, 5.0, d).is_none());
        assert!(Memory::checked(1.0, f32::INFINITY, d).is_none());
        assert!(Memory::checked(1.0, 5.0, d).is_some());
    }
}
