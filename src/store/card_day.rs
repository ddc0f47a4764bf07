//! What one log line (a grade or a card action) does to a card: the single
//! rule that both the replay of the log and a live study session apply.

use chrono::NaiveDate;

use crate::sched::{Grade, Sm2State};
use crate::store::Kind;

/// An interval of this many days or more makes a card mature.
pub const MATURE_DAYS: u32 = 21;

/// What is known of a card for scheduling: its SM-2 state and the two facts
/// the day's queue needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CardDay {
    /// The SM-2 state (changed by scheduled reviews only).
    pub state: Sm2State,
    /// The day of its first scheduled review (`None` for a new card); new
    /// cards started today count against the daily cap.
    pub first_day: Option<NaiveDate>,
    /// `Some(day)` while the card owes a re-ask: its last scheduled review,
    /// on `day`, needed one ([`Grade::needs_reask`]) and no grade that ends
    /// the re-asks followed that day.
    pub drill_due: Option<NaiveDate>,
    /// Suspended: never asked until unsuspended (a `suspend` line not
    /// followed by an `unsuspend`).
    pub suspended: bool,
    /// Buried: not asked before this day (the day after the latest `bury`
    /// line's date).
    pub buried_until: Option<NaiveDate>,
    /// Scheduled reviews (a `review` line of a card that was not due that
    /// day counts as a drill).
    pub reviews: u32,
    /// The grade of its latest grading line (review, drill, quiz or prep),
    /// in time order; `None` if it has none.
    pub last_grade: Option<Grade>,
}

/// Why a card is set aside on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aside {
    /// Suspended (until unsuspended).
    Suspended,
    /// Buried until the next day.
    Buried,
}

impl CardDay {
    /// The day of the card's last scheduled review, if it had one. SM-2
    /// makes a reviewed card due its interval after the review
    /// (`due = day + interval`, also for a late review), so that day is
    /// `due - interval`; no log line needs reading.
    pub fn last_reviewed(&self) -> Option<NaiveDate> {
        self.state
            .due
            .and_then(|due| due.checked_sub_days(chrono::Days::new(u64::from(self.state.interval))))
    }

    /// True if the card is due on `day` (a new card always is).
    pub fn is_due(&self, day: NaiveDate) -> bool {
        self.state.due.is_none_or(|due| due <= day)
    }

    /// Whether the card is set aside on `day` (never queued that day): a
    /// suspension wins over a burial.
    pub fn aside(&self, day: NaiveDate) -> Option<Aside> {
        if self.suspended {
            Some(Aside::Suspended)
        } else if self.buried_until.is_some_and(|until| day < until) {
            Some(Aside::Buried)
        } else {
            None
        }
    }

    /// Applies one grade of `kind` given on `day`, in time order, and
    /// returns the kind it counted as:
    ///
    /// - `Review` of a card due on `day`: one SM-2 step; the first review
    ///   sets `first_day`; a grade that needs a re-ask makes one owed for
    ///   `day`, any other clears it.
    /// - `Review` of a card not due on `day` (a second review that day from
    ///   another instance or a synced device): SM-2 reviews a card only when
    ///   it is due, so it counts as a `Drill`.
    /// - `Drill`: a grade that ends the re-asks pays what is owed for `day`.
    /// - `Cram`, `Prep` and `Undo` change nothing (an undo is applied by removing
    ///   its target before this is called).
    pub fn record(&mut self, kind: Kind, grade: Grade, day: NaiveDate) -> Kind {
        self.step(kind, grade, day).kind
    }

    /// [`CardDay::record`], also saying what the grade was as a scheduled
    /// review (for the study counts of [`crate::store::study`]).
    pub fn step(&mut self, kind: Kind, grade: Grade, day: NaiveDate) -> Step {
        let kind = match kind {
            Kind::Review if !self.is_due(day) => Kind::Drill,
            k => k,
        };
        if kind.is_grade() {
            self.last_grade = Some(grade);
        }
        let review = (kind == Kind::Review).then(|| Scheduled {
            passed: grade.is_pass(),
            mature: self.state.interval >= MATURE_DAYS,
            lapse: !grade.is_pass() && self.state.n >= 1,
        });
        match kind {
            Kind::Review => {
                self.reviews = self.reviews.saturating_add(1);
                self.state = self.state.review(grade, day);
                self.first_day.get_or_insert(day);
                self.drill_due = grade.needs_reask().then_some(day);
            }
            Kind::Drill if !grade.needs_reask() && self.drill_due == Some(day) => {
                self.drill_due = None;
            }
            Kind::Suspend => self.suspended = true,
            Kind::Unsuspend => self.suspended = false,
            Kind::Bury => {
                let until = day.succ_opt().unwrap_or(day);
                self.buried_until = Some(self.buried_until.map_or(until, |u| u.max(until)));
            }
            Kind::Drill | Kind::Cram | Kind::Prep | Kind::Undo => {}
        }
        Step { kind, review }
    }
}

/// What one grade was, as [`CardDay::step`] recorded it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// The kind it counted as (a review of a card not due is a drill).
    pub kind: Kind,
    /// For a scheduled review: how it went.
    pub review: Option<Scheduled>,
}

/// A scheduled review, as statistics count it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scheduled {
    /// Graded 3 or more.
    pub passed: bool,
    /// The card's interval before it was [`MATURE_DAYS`] or more.
    pub mature: bool,
    /// A lapse: failed (below 3) after the card had been learned (n ≥ 1).
    pub lapse: bool,
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn g(q: u8) -> Grade {
        Grade::new(q).unwrap()
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_review_below_four_owes_a_reask_that_a_drill_of_four_pays() {
        let (d1, d2) = (day("2026-11-01"), day("2026-11-02"));
        let mut c = CardDay::default();
        c.record(Kind::Review, g(3), d1);
        assert_eq!((c.first_day, c.drill_due), (Some(d1), Some(d1)));
        assert_eq!(c.state, Sm2State::NEW.review(g(3), d1));
        let state = c.state;
        c.record(Kind::Drill, g(3), d1);
        assert_eq!(c.drill_due, Some(d1), "3 does not end the re-asks");
        c.record(Kind::Drill, g(4), d2);
        assert_eq!(c.drill_due, Some(d1), "a drill pays only its own day");
        c.record(Kind::Drill, g(4), d1);
        assert_eq!(c.drill_due, None);
        assert_eq!(c.state, state, "drills never change the schedule");
        c.record(Kind::Cram, g(0), d1);
        assert_eq!(c.state, state);
        assert_eq!(c.record(Kind::Prep, g(0), d1), Kind::Prep);
        assert_eq!(c.state, state, "a prep grade never changes the schedule");
        assert_eq!(c.last_grade, Some(g(0)));
        c.record(Kind::Review, g(5), d2);
        assert_eq!((c.first_day, c.drill_due), (Some(d1), None));
    }

    #[test]
    fn a_second_review_on_one_day_counts_as_a_drill() {
        let d = day("2026-11-01");
        let mut c = CardDay::default();
        assert_eq!(c.record(Kind::Review, g(5), d), Kind::Review);
        let once = c;
        // Another device graded the same card the same day: no 6-day jump.
        // What a drill leaves as it was: everything but the last grade.
        let schedule = |c: &CardDay| (c.state, c.first_day, c.drill_due, c.reviews);
        assert_eq!(c.record(Kind::Review, g(5), d), Kind::Drill);
        assert_eq!(schedule(&c), schedule(&once));
        assert_eq!(c.state.interval, 1);
        // A grade below 4 the same day does not reset it either.
        assert_eq!(c.record(Kind::Review, g(1), d), Kind::Drill);
        assert_eq!(schedule(&c), schedule(&once));
        assert_eq!((once.reviews, c.last_grade), (1, Some(g(1))));
        // Due again the next day: a real review.
        let next = day("2026-11-02");
        assert_eq!(c.record(Kind::Review, g(5), next), Kind::Review);
        assert_eq!(c.state.interval, 6);
        // A review that pays an owed re-ask on a day it is not due.
        let mut c = CardDay::default();
        c.record(Kind::Review, g(2), d);
        assert_eq!(c.drill_due, Some(d));
        assert_eq!(c.record(Kind::Review, g(4), d), Kind::Drill);
        assert_eq!((c.drill_due, c.state.n), (None, 0));
    }

    #[test]
    fn card_actions_set_a_card_aside_without_changing_its_schedule() {
        let (d1, d2, d3) = (day("2026-11-01"), day("2026-11-02"), day("2026-11-03"));
        let mut c = CardDay::default();
        c.record(Kind::Review, g(4), d1);
        let scheduled = c;
        assert_eq!(c.aside(d1), None);
        assert_eq!(c.record(Kind::Suspend, g(0), d1), Kind::Suspend);
        assert_eq!(c.aside(d3), Some(Aside::Suspended));
        // Suspending twice is the same as once.
        let once = c;
        c.record(Kind::Suspend, g(0), d2);
        assert_eq!(c, once);
        c.record(Kind::Unsuspend, g(0), d2);
        assert_eq!(c, scheduled, "unsuspended: as before");
        c.record(Kind::Unsuspend, g(0), d2);
        assert_eq!(
            c, scheduled,
            "unsuspending a card not suspended does nothing"
        );
        // A bury lasts to the end of the line's day.
        c.record(Kind::Bury, g(0), d1);
        assert_eq!((c.aside(d1), c.aside(d2)), (Some(Aside::Buried), None));
        assert_eq!(c.buried_until, Some(d2));
        // An older bury replayed later never shortens a newer one.
        c.record(Kind::Bury, g(0), d2);
        c.record(Kind::Bury, g(0), d1);
        assert_eq!(c.buried_until, Some(d3));
        // Suspended and buried: the suspension wins.
        c.record(Kind::Suspend, g(0), d2);
        assert_eq!(c.aside(d2), Some(Aside::Suspended));
        assert_eq!(c.state, scheduled.state);
    }
}
