#![allow(clippy::unwrap_used)]
use super::*;
use proptest::prelude::*;

use crate::sched::testing::{day, g};

/// A card graded `grades` on the days `offsets` before `today`.
fn card(history: &[(u64, u8)], today: NaiveDate) -> PrepCard {
    let memory = history.iter().fold(None, |m, &(ago, q)| {
        Memory::after(m, g(q), today - chrono::Days::new(ago))
    });
    PrepCard {
        memory,
        prepped_today: false,
        note: None,
    }
}

const NEW: PrepCard = PrepCard {
    memory: None,
    prepped_today: false,
    note: None,
};

#[test]
fn dates_today_past_and_beyond_ten_years_are_refused() {
    let today = day("2026-11-25");
    assert_eq!(check_date(today, today), Err(DateProblem::NotAfterToday));
    assert_eq!(
        check_date(today, day("2026-01-01")),
        Err(DateProblem::NotAfterToday)
    );
    assert_eq!(check_date(today, day("2026-11-26")), Ok(()));
    assert_eq!(check_date(today, day("2036-11-25")), Ok(()));
    assert_eq!(
        check_date(today, day("2036-11-26")),
        Err(DateProblem::TooFar)
    );
}

#[test]
fn readiness_is_the_mean_recall_on_the_date_with_new_cards_at_zero() {
    let today = day("2026-11-25");
    let goal = Goal {
        today,
        date: day("2026-12-10"),
        per_day: 0,
    };
    let known = card(&[(10, 4), (5, 4)], today);
    let p = plan(&[known, NEW], goal);
    let r = known.memory.unwrap().recall_on(goal.date);
    assert!(r > 0.5 && r < 1.0, "{r}");
    assert!((p.readiness - r / 2.0).abs() < 1e-6);
    // No room: nothing planned, the same readiness.
    assert_eq!(p.planned_readiness, p.readiness);
    assert!(p.days.iter().all(|d| d.cards.is_empty()));
    // The new card is the most at risk.
    assert_eq!((p.cards[0].index, p.cards[0].recall), (1, 0.0));
    assert_eq!(p.days.len(), 15);
    assert_eq!(p.days[0].day, today);
    assert_eq!(p.days[14].day, day("2026-12-09"));
}

#[test]
fn the_least_ready_card_goes_first_and_its_last_review_is_the_day_before() {
    let today = day("2026-11-25");
    let goal = Goal {
        today,
        date: day("2026-12-05"),
        per_day: 1,
    };
    // Strong (reviewed well, long ago and recently) and weak (one shaky
    // answer a month ago).
    let strong = card(&[(60, 5), (50, 5), (20, 5), (1, 5)], today);
    let weak = card(&[(30, 3)], today);
    let p = plan(&[strong, weak], goal);
    assert_eq!(p.cards[0].index, 1, "the weak card is the most at risk");
    let last = p.days.last().unwrap();
    assert_eq!(last.day, day("2026-12-04"));
    assert_eq!(last.cards, vec![1], "the weak card on the day before");
    assert!(p.planned_readiness > p.readiness);
    for f in &p.cards {
        assert!(f.planned_recall >= f.recall);
    }
}

#[test]
fn prep_reviews_done_today_take_todays_places() {
    let today = day("2026-11-25");
    let goal = Goal {
        today,
        date: day("2026-11-26"),
        per_day: 2,
    };
    let mut done = card(&[(0, 4)], today);
    done.prepped_today = true;
    let p = plan(&[done, NEW, NEW, NEW], goal);
    assert_eq!(p.days.len(), 1);
    assert_eq!(p.on(today), &[1], "one place left today, not the card done");
    assert!(p.on(day("2026-11-26")).is_empty());
}

proptest! {
    #[test]
    fn a_plan_keeps_its_limits_and_only_gains(
        histories in proptest::collection::vec(
            proptest::collection::vec((0u64..200, 0u8..=5), 0..5), 0..30),
        span in 1u64..20,
        per_day in 0usize..6,
    ) {
        let today = day("2026-11-25");
        let cards: Vec<PrepCard> = histories
            .iter()
            .map(|h| {
                let mut h = h.clone();
                h.sort_by_key(|x| std::cmp::Reverse(x.0));
                card(&h, today)
            })
            .collect();
        let goal = Goal { today, date: today + chrono::Days::new(span), per_day };
        let p = plan(&cards, goal);
        prop_assert_eq!(p.days.len() as u64, span);
        prop_assert_eq!(p.cards.len(), cards.len());
        for d in &p.days {
            prop_assert!(d.cards.len() <= per_day);
            let mut seen = d.cards.clone();
            seen.sort_unstable();
            seen.dedup();
            prop_assert_eq!(seen.len(), d.cards.len(), "a card twice on one day");
        }
        for w in p.cards.windows(2) {
            prop_assert!(w[0].recall <= w[1].recall);
        }
        for f in &p.cards {
            prop_assert!(f.planned_recall + 1e-6 >= f.recall);
            prop_assert!((0.0..=1.0).contains(&f.recall));
        }
        prop_assert!(p.planned_readiness + 1e-6 >= p.readiness);
    }
}

#[test]
fn a_new_card_is_learned_early_and_reviewed_again_before_the_date() {
    let today = day("2026-11-25");
    let goal = Goal {
        today,
        date: day("2026-12-15"),
        per_day: 5,
    };
    let p = plan(&[NEW], goal);
    let days: Vec<NaiveDate> = p
        .days
        .iter()
        .filter(|d| !d.cards.is_empty())
        .map(|d| d.day)
        .collect();
    assert!(days.len() >= 2, "{days:?}");
    assert_eq!(days.first(), Some(&today), "learned today");
    assert_eq!(
        days.last(),
        Some(&day("2026-12-14")),
        "reviewed the day before"
    );
    assert!(p.planned_readiness > 0.9, "{}", p.planned_readiness);
    // One study the day before alone would leave much less.
    let once = recall_after(None, &[day("2026-12-14")], goal.date);
    assert!(once + 0.1 < p.planned_readiness, "{once}");
}

proptest! {
    /// Why the plan tries only the latest day for a card's first planned
    /// review: one review gains most the later it is.
    #[test]
    fn one_review_gains_most_the_later_it_is(
        history in proptest::collection::vec((0u64..200, 0u8..=5), 0..5),
        span in 1u64..60,
    ) {
        let today = day("2026-11-25");
        let mut h = history.clone();
        h.sort_by_key(|x| std::cmp::Reverse(x.0));
        let c = card(&h, today);
        let date = today + chrono::Days::new(span);
        let latest = recall_after(c.memory, &[date - chrono::Days::new(1)], date);
        for d in 0..span {
            let r = recall_after(c.memory, &[today + chrono::Days::new(d)], date);
            prop_assert!(r <= latest + 1e-6, "day {d}: {r} > {latest}");
        }
    }
}

#[test]
fn siblings_are_never_planned_on_one_day() {
    let today = day("2026-11-25");
    let goal = Goal {
        today,
        date: day("2026-12-10"),
        per_day: 20,
    };
    let ids = [
        ("d", "gil::c1"),
        ("d", "gil::c2"),
        ("d", "gil::c3"),
        ("d", "pick"),
        ("d", "pick~rev"),
        ("e", "gil::c1"),
    ];
    let notes = note_numbers(ids);
    assert_eq!(notes, vec![0, 0, 0, 1, 1, 2]);
    let cards: Vec<PrepCard> = notes
        .iter()
        .map(|&n| PrepCard {
            note: Some(n),
            ..NEW
        })
        .collect();
    let p = plan(&cards, goal);
    assert!(p.days.iter().any(|d| !d.cards.is_empty()));
    for d in &p.days {
        let mut on: Vec<usize> = d.cards.iter().map(|&c| notes[c]).collect();
        let all = on.len();
        on.sort_unstable();
        on.dedup();
        assert_eq!(on.len(), all, "siblings on {}: {:?}", d.day, d.cards);
    }
    // Without notes, the same cards may share a day.
    let free = plan(&[NEW; 6], goal);
    assert!(free.days.iter().any(|d| d.cards.len() > 1));
}
