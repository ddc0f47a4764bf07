//! SM-2, exactly as the README's "SM-2, exactly" section states it:
//!
//! 1. q >= 3: interval = 1 if n = 0, 6 if n = 1, else ceil(interval x ef)
//!    with the ef from before this review; then n += 1.
//! 2. q < 3: n = 0, interval = 1.
//! 3. ef = max(1.30, ef + 0.1 - (5-q)(0.08 + (5-q) 0.02)).
//! 4. due = day + interval (a late review still uses the stored interval).
//! 5. A card graded below 4 is asked again at the end of the session
//!    (`crate::session::queue`); those re-asks change nothing here.
//!
//! The E-Factor is kept in hundredths as an integer, so no floating-point
//! error can ever change an interval: `ceil(interval x ef)` is computed as
//! `(interval x ef_hundredths + 99) / 100` on integers.

use std::fmt;
use std::str::FromStr;

use chrono::{Days, NaiveDate};
use serde::{Serialize, Serializer};

/// An SM-2 grade, 0 (blackout) to 5 (perfect).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Grade(u8);

impl Grade {
    /// What each grade means, as shown in the review legend.
    pub const MEANINGS: [&'static str; 6] = [
        "blackout",
        "wrong, but familiar",
        "wrong, but the answer seemed easy",
        "right, with serious difficulty",
        "right, after hesitation",
        "perfect",
    ];

    /// Builds a grade; `None` unless `q` is in `0..=5`.
    pub fn new(q: u8) -> Option<Grade> {
        (q <= 5).then_some(Grade(q))
    }

    /// The grade as a number.
    pub fn value(self) -> u8 {
        self.0
    }

    /// True for grades 3 to 5: the card was recalled.
    pub fn is_pass(self) -> bool {
        self.0 >= 3
    }

    /// 0, blackout.
    pub const MIN: Grade = Grade(0);
    /// 5, perfect.
    pub const MAX: Grade = Grade(5);

    /// The lowest grade that ends the same-day re-asks (SM-2 step 7).
    pub const REASK_BELOW: Grade = Grade(4);

    /// True for grades below 4: the card is asked again the same day until
    /// it gets 4 or more (SM-2 step 7). Drill grades never change the
    /// schedule.
    pub fn needs_reask(self) -> bool {
        self < Self::REASK_BELOW
    }

    /// What the grade means.
    pub fn meaning(self) -> &'static str {
        Self::MEANINGS[usize::from(self.0)]
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// An E-Factor in hundredths (250 is 2.50). Never below [`Ef::MIN`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ef(u32);

impl Ef {
    /// 1.30, the floor.
    pub const MIN: Ef = Ef(130);
    /// 2.50, the E-Factor of a new card.
    pub const START: Ef = Ef(250);
    /// The largest E-Factor accepted as input (99.99); grades of 5 add 0.10
    /// each, so real histories stay far below it.
    pub const MAX: Ef = Ef(9_999);

    /// Builds an E-Factor from hundredths, clamped to `[MIN, MAX]`.
    pub fn from_hundredths(h: u32) -> Ef {
        Ef(h.clamp(Self::MIN.0, Self::MAX.0))
    }

    /// The E-Factor in hundredths.
    pub fn hundredths(self) -> u32 {
        self.0
    }

    /// The E-Factor as a float, for display and JSON only.
    pub fn as_f64(self) -> f64 {
        f64::from(self.0) / 100.0
    }

    /// The change SM-2 step 3 makes for grade `q`, in hundredths:
    /// `0.1 - (5-q) x (0.08 + (5-q) x 0.02)`.
    fn delta(q: Grade) -> i64 {
        let d = i64::from(5 - q.value());
        10 - d * (8 + d * 2)
    }

    fn after(self, q: Grade) -> Ef {
        let next = i64::from(self.0) + Self::delta(q);
        let floored = next.max(i64::from(Self::MIN.0));
        Ef(u32::try_from(floored.min(i64::from(Self::MAX.0))).unwrap_or(Self::MAX.0))
    }
}

impl fmt::Display for Ef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

impl Serialize for Ef {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.as_f64())
    }
}

/// Why an E-Factor could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "invalid E-Factor {0:?}: write a decimal from 1.30 to 99.99 with at most two decimals, like 2.5 or 1.36"
)]
pub struct EfParseError(String);

impl FromStr for Ef {
    type Err = EfParseError;

    /// Parses `2.5` or `2.36` exactly, without going through a float.
    fn from_str(s: &str) -> Result<Ef, EfParseError> {
        let err = || EfParseError(s.to_string());
        let t = s.trim();
        let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
        if whole.is_empty() || whole.len() > 2 || frac.len() > 2 {
            return Err(err());
        }
        if !whole.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        let w: u32 = whole.parse().map_err(|_| err())?;
        let f: u32 = match frac.len() {
            0 => 0,
            1 => frac.parse::<u32>().map_err(|_| err())? * 10,
            _ => frac.parse().map_err(|_| err())?,
        };
        let h = w * 100 + f;
        if !(Ef::MIN.0..=Ef::MAX.0).contains(&h) {
            return Err(err());
        }
        Ok(Ef(h))
    }
}

/// The SM-2 state of one card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Sm2State {
    /// Consecutive successful reviews.
    pub n: u32,
    /// The E-Factor.
    pub ef: Ef,
    /// The current interval in days (0 for a new card).
    pub interval: u32,
    /// The day the card is due; `None` for a card never reviewed.
    pub due: Option<NaiveDate>,
}

impl Default for Sm2State {
    fn default() -> Self {
        Sm2State::NEW
    }
}

impl Sm2State {
    /// A card never reviewed: n = 0, ef = 2.50, interval = 0, due today.
    pub const NEW: Sm2State = Sm2State {
        n: 0,
        ef: Ef::START,
        interval: 0,
        due: None,
    };

    /// True if the card has never had a scheduled review.
    pub fn is_new(&self) -> bool {
        self.due.is_none()
    }

    /// The state after a scheduled review with grade `q` on day `day`.
    ///
    /// Pure: no clock, no I/O. Follows the rules in this module's documentation.
    pub fn review(self, q: Grade, day: NaiveDate) -> Sm2State {
        let (n, interval) = if q.is_pass() {
            let interval = match self.n {
                0 => 1,
                1 => 6,
                // ceil(interval x ef), with the ef from before this review.
                _ => {
                    let product = u64::from(self.interval.max(1)) * u64::from(self.ef.0);
                    u32::try_from(product.div_ceil(100)).unwrap_or(u32::MAX)
                }
            };
            (self.n.saturating_add(1), interval)
        } else {
            (0, 1)
        };
        let due = day
            .checked_add_days(Days::new(u64::from(interval)))
            .unwrap_or(NaiveDate::MAX);
        Sm2State {
            n,
            ef: self.ef.after(q),
            interval,
            due: Some(due),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use proptest::prelude::*;

    use crate::sched::testing::{day, g};

    /// Runs grades, each on the day the previous review made the card due.
    fn run(start: Sm2State, grades: &[u8]) -> Vec<Sm2State> {
        let mut today = day("2026-01-01");
        let mut s = start;
        let mut out = Vec::new();
        for &q in grades {
            s = s.review(g(q), today);
            today = s.due.unwrap();
            out.push(s);
        }
        out
    }

    #[test]
    fn six_fives_give_the_designed_intervals() {
        let states = run(Sm2State::NEW, &[5, 5, 5, 5, 5, 5]);
        let intervals: Vec<u32> = states.iter().map(|s| s.interval).collect();
        assert_eq!(intervals, vec![1, 6, 17, 48, 140, 420]);
        let efs: Vec<String> = states.iter().map(|s| s.ef.to_string()).collect();
        assert_eq!(efs, vec!["2.60", "2.70", "2.80", "2.90", "3.00", "3.10"]);
    }

    #[test]
    fn grades_below_four_are_asked_again() {
        let reask: Vec<bool> = (0..=5).map(|q| g(q).needs_reask()).collect();
        assert_eq!(reask, [true, true, true, true, false, false]);
    }

    #[test]
    fn ef_deltas_match_the_formula_by_hand() {
        // 0.1 - (5-q)(0.08 + (5-q)0.02) for q = 5..0
        assert_eq!(Ef::delta(g(5)), 10);
        assert_eq!(Ef::delta(g(4)), 0);
        assert_eq!(Ef::delta(g(3)), -14);
        assert_eq!(Ef::delta(g(2)), -32);
        assert_eq!(Ef::delta(g(1)), -54);
        assert_eq!(Ef::delta(g(0)), -80);
    }

    #[test]
    fn hand_worked_mixed_sequence() {
        // New card, grades 4, 3, 5, 2, 4, 4 (each on its due day).
        // 4: n0->1, I=1, ef 2.50
        // 3: n1->2, I=6, ef 2.36
        // 5: n2->3, I=ceil(6*2.36)=ceil(14.16)=15, ef 2.46
        // 2: lapse, n=0, I=1, ef 2.14
        // 4: n0->1, I=1, ef 2.14
        // 4: n1->2, I=6, ef 2.14
        let s = run(Sm2State::NEW, &[4, 3, 5, 2, 4, 4]);
        let got: Vec<(u32, String, u32)> = s
            .iter()
            .map(|s| (s.n, s.ef.to_string(), s.interval))
            .collect();
        let want = vec![
            (1, "2.50".into(), 1),
            (2, "2.36".into(), 6),
            (3, "2.46".into(), 15),
            (0, "2.14".into(), 1),
            (1, "2.14".into(), 1),
            (2, "2.14".into(), 6),
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn ef_never_goes_below_1_30() {
        let s = run(Sm2State::NEW, &[0, 0, 0]);
        // 2.50 - 0.80 = 1.70, then 0.90 -> 1.30, then 1.30.
        let efs: Vec<String> = s.iter().map(|s| s.ef.to_string()).collect();
        assert_eq!(efs, vec!["1.70", "1.30", "1.30"]);
    }

    #[test]
    fn third_success_uses_the_ef_from_before_the_review() {
        // From n=2, ef=1.30, interval=6 with grade 3: I = ceil(6*1.30) = ceil(7.8) = 8
        // and ef stays at the floor.
        let s = Sm2State {
            n: 2,
            ef: "1.3".parse().unwrap(),
            interval: 6,
            due: Some(day("2026-01-01")),
        };
        let t = s.review(g(3), day("2026-01-01"));
        assert_eq!((t.n, t.interval, t.ef.to_string()), (3, 8, "1.30".into()));
        assert_eq!(t.due, Some(day("2026-01-09")));
    }

    #[test]
    fn late_review_uses_the_stored_interval() {
        let s = Sm2State {
            n: 2,
            ef: Ef::START,
            interval: 6,
            due: Some(day("2026-01-07")),
        };
        // Reviewed 30 days late: still ceil(6 * 2.5) = 15 from the review day.
        let t = s.review(g(4), day("2026-02-06"));
        assert_eq!(t.interval, 15);
        assert_eq!(t.due, Some(day("2026-02-21")));
    }

    #[test]
    fn huge_intervals_saturate_instead_of_overflowing() {
        let s = Sm2State {
            n: 5,
            ef: Ef::from_hundredths(9_999),
            interval: u32::MAX / 2,
            due: Some(NaiveDate::MAX),
        };
        let t = s.review(g(5), NaiveDate::MAX);
        assert_eq!((t.interval, t.due), (u32::MAX, Some(NaiveDate::MAX)));
        let t = t.review(g(0), NaiveDate::MAX);
        assert_eq!((t.n, t.interval, t.due), (0, 1, Some(NaiveDate::MAX)));
    }

    #[test]
    fn ef_parses_exactly() {
        assert_eq!("2.5".parse::<Ef>().unwrap().hundredths(), 250);
        assert_eq!("2.36".parse::<Ef>().unwrap().hundredths(), 236);
        assert_eq!("3".parse::<Ef>().unwrap().hundredths(), 300);
        assert!("1.29".parse::<Ef>().is_err());
        assert!("2.555".parse::<Ef>().is_err());
        assert!("abc".parse::<Ef>().is_err());
        assert!("-2".parse::<Ef>().is_err());
        assert!("".parse::<Ef>().is_err());
    }

    #[test]
    fn grade_bounds() {
        assert!(Grade::new(6).is_none());
        assert_eq!(Grade::new(0).unwrap().meaning(), "blackout");
    }

    fn arb_state() -> impl Strategy<Value = Sm2State> {
        (0u32..50, 130u32..=400, 0u32..5000).prop_map(|(n, ef, interval)| Sm2State {
            n,
            ef: Ef::from_hundredths(ef),
            interval,
            due: Some(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default()),
        })
    }

    proptest! {
        #[test]
        fn invariants_hold_after_any_grade(start in arb_state(), grades in proptest::collection::vec(0u8..=5, 1..40)) {
            let mut s = start;
            let mut today = day("2026-01-01");
            for q in grades {
                let before = s;
                s = s.review(g(q), today);
                prop_assert!(s.ef >= Ef::MIN);
                prop_assert!(s.interval >= 1);
                let step = i64::from(s.ef.hundredths()) - i64::from(before.ef.hundredths());
                prop_assert!(step % 2 == 0 || s.ef == Ef::MIN, "ef moves in steps of 0.02 or stops at the floor");
                if q < 3 {
                    prop_assert_eq!(s.n, 0);
                    prop_assert_eq!(s.interval, 1);
                } else {
                    prop_assert_eq!(s.n, before.n + 1);
                }
                // Due dates move forward, except when they saturate at the last
                // representable day (intervals of millions of days).
                prop_assert!(s.due.unwrap() > today || s.due == Some(NaiveDate::MAX));
                today = s.due.unwrap();
            }
        }

        #[test]
        fn interval_is_the_exact_ceiling(interval in 1u32..100_000, ef in 130u32..=1000) {
            let s = Sm2State { n: 5, ef: Ef::from_hundredths(ef), interval, due: None };
            let t = s.review(g(5), day("2026-01-01"));
            // Exact rational ceiling, checked without integer division shortcuts.
            let exact = u64::from(interval) * u64::from(ef);
            let want = exact / 100 + u64::from(exact % 100 != 0);
            prop_assert_eq!(u64::from(t.interval), want);
        }
    }
}
