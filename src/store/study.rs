//! Study counts per deck and day: grades, time spent and scheduled reviews
//! passed, young and mature. The replay keeps them as it goes (and its
//! snapshot stores them), so statistics never read the log a second time.
//!
//! Every line of a card that still counts (undos applied) adds what
//! [`DayCounts::of`] says to the counts of its deck (as written in the log)
//! on its day. A line's own `ms` and the card's state before the line decide
//! what it adds; [`crate::store::CardDay::step`] is the rule.

use chrono::{Datelike, NaiveDate};
use hashbrown::HashMap;

use super::card_day::Step;

/// At most this much of one line's `ms` counts as time studied: a card left
/// on the screen while its learner was away is not hours of study (Anki
/// caps answer times the same way, at 60 s by default; a card with a live
/// demo can take longer than that).
pub const MAX_COUNTED_MS: u32 = 5 * 60 * 1000;

/// What the lines of one deck on one day add up to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DayCounts {
    /// Grading lines of any kind (review, drill, cram, prep).
    pub grades: u32,
    /// Their `ms`, each at most [`MAX_COUNTED_MS`], summed.
    pub spent_ms: u64,
    /// Scheduled reviews of young cards (interval before the review under
    /// [`super::card_day::MATURE_DAYS`]) ...
    pub young_total: u32,
    /// ... of which graded 3 or more.
    pub young_passed: u32,
    /// Scheduled reviews of mature cards ...
    pub mature_total: u32,
    /// ... of which graded 3 or more.
    pub mature_passed: u32,
}

impl DayCounts {
    /// What one line, recorded as `step`, adds.
    pub fn of(step: &Step, spent_ms: u32) -> DayCounts {
        if !step.kind.is_grade() {
            // A card action is no study.
            return DayCounts::default();
        }
        let mut c = DayCounts {
            grades: 1,
            spent_ms: u64::from(spent_ms.min(MAX_COUNTED_MS)),
            ..DayCounts::default()
        };
        if let Some(r) = step.review {
            let passed = u32::from(r.passed);
            if r.mature {
                c.mature_total = 1;
                c.mature_passed = passed;
            } else {
                c.young_total = 1;
                c.young_passed = passed;
            }
        }
        c
    }

    /// Adds `o` to these counts.
    pub fn add(&mut self, o: &DayCounts) {
        self.grades = self.grades.saturating_add(o.grades);
        self.spent_ms = self.spent_ms.saturating_add(o.spent_ms);
        self.young_total = self.young_total.saturating_add(o.young_total);
        self.young_passed = self.young_passed.saturating_add(o.young_passed);
        self.mature_total = self.mature_total.saturating_add(o.mature_total);
        self.mature_passed = self.mature_passed.saturating_add(o.mature_passed);
    }

    /// Takes back `o`, added before.
    fn sub(&mut self, o: &DayCounts) {
        self.grades = self.grades.saturating_sub(o.grades);
        self.spent_ms = self.spent_ms.saturating_sub(o.spent_ms);
        self.young_total = self.young_total.saturating_sub(o.young_total);
        self.young_passed = self.young_passed.saturating_sub(o.young_passed);
        self.mature_total = self.mature_total.saturating_sub(o.mature_total);
        self.mature_passed = self.mature_passed.saturating_sub(o.mature_passed);
    }

    /// True if nothing is counted.
    pub fn is_empty(&self) -> bool {
        *self == DayCounts::default()
    }
}

/// A day as a number (days from the common era), for compact keys.
pub(crate) fn day_code(d: NaiveDate) -> i32 {
    d.num_days_from_ce()
}

/// The counts of every (deck, day), decks by the replay's dense deck index.
#[derive(Debug, Clone, Default)]
pub struct StudyDays {
    /// (deck, day code) -> its place in `counts`.
    index: HashMap<(u32, i32), u32>,
    /// Every (deck, day code) counted, with its counts (none empty).
    counts: Vec<((u32, i32), DayCounts)>,
    /// Per deck: the day and place in `counts` of its last
    /// [`StudyDays::add`], as a deck's lines mostly come day after day: the
    /// next add to that day needs no day code and no hashing.
    last: Vec<Option<(NaiveDate, u32)>>,
}

impl StudyDays {
    /// Adds `c` to `deck` on `day`.
    #[inline]
    pub fn add(&mut self, deck: u32, day: NaiveDate, c: &DayCounts) {
        if c.is_empty() {
            return;
        }
        let at = match self.last.get(deck as usize) {
            Some(&Some((last_day, at))) if last_day == day => at,
            _ => self.place_last(deck, day),
        };
        if let Some((_, counts)) = self.counts.get_mut(at as usize) {
            counts.add(c);
        }
    }

    /// [`StudyDays::place`] of `deck` on `day`, kept as the deck's last.
    #[inline(never)]
    fn place_last(&mut self, deck: u32, day: NaiveDate) -> u32 {
        let at = self.place(deck, day_code(day));
        let d = deck as usize;
        match self.last.get_mut(d) {
            Some(last) => *last = Some((day, at)),
            None => {
                self.last.resize(d, None);
                self.last.push(Some((day, at)));
            }
        }
        at
    }

    /// Room for `n` more (deck, day) counts without growing.
    pub(crate) fn reserve(&mut self, n: usize) {
        self.index.reserve(n);
        self.counts.reserve(n);
    }

    /// Adds `c` to `deck` on the day of code `day`.
    pub(crate) fn add_code(&mut self, deck: u32, day: i32, c: &DayCounts) {
        if c.is_empty() {
            return;
        }
        let at = self.place(deck, day);
        if let Some((_, counts)) = self.counts.get_mut(at as usize) {
            counts.add(c);
        }
    }

    /// The place in `counts` of `deck` on the day of code `day`, made if
    /// it has none.
    #[inline]
    fn place(&mut self, deck: u32, day: i32) -> u32 {
        let next = self.counts.len();
        let at = *self
            .index
            .entry((deck, day))
            .or_insert(u32::try_from(next).unwrap_or(u32::MAX));
        if at as usize == next {
            self.counts.push(((deck, day), DayCounts::default()));
        }
        at
    }

    /// Takes back `c`, added before to `deck` on `day`.
    pub fn sub(&mut self, deck: u32, day: NaiveDate, c: &DayCounts) {
        let key = (deck, day_code(day));
        let Some(&at) = self.index.get(&key) else {
            return;
        };
        let Some((_, counts)) = self.counts.get_mut(at as usize) else {
            return;
        };
        counts.sub(c);
        if counts.is_empty() {
            // Gone, and the last entry moved to its place.
            self.index.remove(&key);
            self.counts.swap_remove(at as usize);
            if let Some((moved, _)) = self.counts.get(at as usize)
                && let Some(place) = self.index.get_mut(moved)
            {
                *place = at;
            }
            self.last.clear();
        }
    }

    /// Every (deck index, day code, counts), in no order.
    pub(crate) fn iter_codes(&self) -> impl Iterator<Item = (u32, i32, &DayCounts)> {
        self.counts.iter().map(|((d, day), c)| (*d, *day, c))
    }

    /// Every (deck index, day, counts), in no order.
    pub fn iter(&self) -> impl Iterator<Item = (u32, NaiveDate, &DayCounts)> {
        self.iter_codes().filter_map(|(d, day, c)| {
            NaiveDate::from_num_days_from_ce_opt(day).map(|day| (d, day, c))
        })
    }

    /// Number of (deck, day) entries.
    pub fn len(&self) -> usize {
        self.counts.len()
    }

    /// True with no entries.
    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::sched::Grade;
    use crate::store::{CardDay, Kind};

    #[test]
    fn a_line_adds_its_grade_time_and_review_and_can_be_taken_back() {
        let d: NaiveDate = "2026-11-01".parse().unwrap();
        let mut card = CardDay::default();
        let first = card.step(Kind::Review, Grade::new(4).unwrap(), d);
        let c = DayCounts::of(&first, 1500);
        assert_eq!(
            c,
            DayCounts {
                grades: 1,
                spent_ms: 1500,
                young_total: 1,
                young_passed: 1,
                ..DayCounts::default()
            }
        );
        // A card left open for an hour counts 5 minutes.
        assert_eq!(DayCounts::of(&first, 3_600_000).spent_ms, 300_000);
        // A second review that day counts as a drill: time, no retention.
        let again = card.step(Kind::Review, Grade::new(1).unwrap(), d);
        let c2 = DayCounts::of(&again, 500);
        assert_eq!((c2.grades, c2.young_total, c2.mature_total), (1, 0, 0));
        let mut days = StudyDays::default();
        days.add(3, d, &c);
        days.add(3, d, &c2);
        assert_eq!(days.iter().next().unwrap().2.spent_ms, 2000);
        days.sub(3, d, &c2);
        days.sub(3, d, &c);
        assert!(days.is_empty(), "an entry taken back to nothing is gone");
    }

    proptest::proptest! {
        #[test]
        fn days_count_as_a_plain_map_of_each_deck_and_day(
            ops in proptest::collection::vec(
                (proptest::bool::weighted(0.8), 0u32..4, 0i32..5, 0u32..3, 0u32..2),
                0..80,
            ),
        ) {
            // Adds and takes back (of what was added, or more) in any
            // order, against a map of (deck, day) to counts.
            let mut days = StudyDays::default();
            let mut want: std::collections::HashMap<(u32, i32), DayCounts> =
                std::collections::HashMap::new();
            for (add, deck, day, grades, passed) in ops {
                let c = DayCounts {
                    grades,
                    spent_ms: u64::from(grades) * 10,
                    young_total: passed,
                    young_passed: passed,
                    ..DayCounts::default()
                };
                let date = NaiveDate::from_num_days_from_ce_opt(739_000 + day).unwrap();
                if add {
                    days.add(deck, date, &c);
                    if !c.is_empty() {
                        want.entry((deck, day_code(date))).or_default().add(&c);
                    }
                } else {
                    days.sub(deck, date, &c);
                    let key = (deck, day_code(date));
                    if let Some(w) = want.get_mut(&key) {
                        w.sub(&c);
                        if w.is_empty() {
                            want.remove(&key);
                        }
                    }
                }
                let got: std::collections::HashMap<(u32, i32), DayCounts> =
                    days.iter_codes().map(|(d, day, c)| ((d, day), *c)).collect();
                proptest::prop_assert_eq!(&got, &want);
                proptest::prop_assert_eq!(days.len(), want.len());
            }
        }
    }
}
