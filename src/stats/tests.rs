#![allow(clippy::unwrap_used)]
//! The hand-worked log, and the forecast's invariant. Each log is replayed
//! ([`Replay::from_entries`]) and the figures computed from the replay, as
//! `concur stats` does.

use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;
use crate::sched::{Grade, Sm2State};
use crate::store::{Kind, LogEntry, Replay};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// A line of one card: day, kind, grade, ms.
#[derive(Debug, Clone, Copy)]
struct Ev {
    day: NaiveDate,
    kind: Kind,
    q: u8,
    ms: u32,
}

fn ev(d: &str, kind: Kind, q: u8, ms: u32) -> Ev {
    Ev {
        day: day(d),
        kind,
        q,
        ms,
    }
}

fn r(d: &str, q: u8) -> Ev {
    ev(d, Kind::Review, q, 1000)
}

/// The log lines of `card` in `deck`: at noon of their day, a second apart
/// in list order.
fn lines(deck: &str, card: &str, evs: &[Ev]) -> Vec<LogEntry> {
    evs.iter()
        .enumerate()
        .map(|(k, e)| {
            let noon = e
                .day
                .and_hms_opt(12, 0, 0)
                .unwrap()
                .and_utc()
                .fixed_offset();
            LogEntry::new(
                noon + chrono::Duration::seconds(k as i64),
                deck.into(),
                card.into(),
                Grade::new(e.q).unwrap(),
                e.kind,
                u64::from(e.ms),
            )
        })
        .collect()
}

/// Deck `d`: a, b, c, l; deck `e`: x, y. Today is 2026-12-10.
struct Log {
    a: Vec<Ev>,
    b: Vec<Ev>,
    c: Vec<Ev>,
    l: Vec<Ev>,
    x: Vec<Ev>,
}

fn log() -> Log {
    // l: reviewed every day from 11-01 to 11-17, grades 4, 1, 4, 1, ... 4:
    // every 1 follows a success, so each of the eight is a lapse.
    let l = (0..17u32)
        .map(|k| {
            let d = day("2026-11-01") + chrono::Days::new(u64::from(k));
            let q = if k % 2 == 0 { 4 } else { 1 };
            ev(&d.to_string(), Kind::Review, q, 2000)
        })
        .collect();
    Log {
        // Intervals 0 -> 1 -> 6 -> 16 -> 42 (ef 2.5, 2.5, 2.6, 2.6, 2.7),
        // so the review of 12-05 is mature, and failed: a lapse. Due 12-06.
        a: vec![
            r("2026-10-01", 4),
            r("2026-10-02", 5),
            r("2026-10-08", 4),
            r("2026-10-24", 5),
            r("2026-12-05", 2),
        ],
        // 3 passes (n = 1), 1 is a lapse, 2 (n = 0) is not. Due 11-23.
        b: vec![
            r("2026-11-20", 3),
            ev("2026-11-20", Kind::Drill, 4, 1000),
            r("2026-11-21", 1),
            ev("2026-11-21", Kind::Drill, 4, 1000),
            r("2026-11-22", 2),
        ],
        // Quizzed only: still new.
        c: vec![ev("2026-11-24", Kind::Cram, 5, 1000)],
        l,
        // n = 2, interval 6: due 12-16.
        x: vec![r("2026-12-09", 5), r("2026-12-10", 5)],
    }
}

fn replay_of(log: &Log) -> Replay {
    let mut all = Vec::new();
    for (deck, card, evs) in [
        ("d", "a", &log.a),
        ("d", "b", &log.b),
        ("d", "c", &log.c),
        ("d", "l", &log.l),
        ("e", "x", &log.x),
    ] {
        all.extend(lines(deck, card, evs));
    }
    Replay::from_entries(&all)
}

fn stats_of(log: &Log) -> Stats {
    let replay = replay_of(log);
    let decks = inputs(
        [
            ("d", "Deck D", vec!["a", "b", "c", "l"]),
            ("e", "Deck E", vec!["x", "y"]),
        ],
        &replay,
    );
    compute(&decks, day("2026-12-10"), 365)
}

fn rate(passed: u32, total: u32) -> Rate {
    Rate { passed, total }
}

#[test]
fn retention_by_hand() {
    let s = stats_of(&log());
    let t = &s.retention.total;
    // Young, all time: a 4/4, b 1/3, x 2/2, l 9/17. Mature: a's 12-05, failed.
    assert_eq!(t.all_time.young, rate(16, 26));
    assert_eq!(t.all_time.mature, rate(0, 1));
    // Since 11-11: b 1/3, x 2/2, l's 11-11..11-17 (4, 1, 4, 1, 4, 1, 4) 4/7.
    assert_eq!(t.last_30_days.young, rate(7, 12));
    assert_eq!(t.last_30_days.mature, rate(0, 1));
    let [d, e] = [&s.retention.decks[0], &s.retention.decks[1]];
    assert_eq!(
        (d.deck.as_deref(), e.deck.as_deref()),
        (Some("d"), Some("e"))
    );
    assert_eq!(d.all_time.young, rate(14, 24));
    assert_eq!(d.last_30_days.young, rate(5, 10));
    assert_eq!(
        e.all_time,
        Period {
            young: rate(2, 2),
            mature: rate(0, 0)
        }
    );
    assert_eq!(t.all_time.young.share(), Some(16.0 / 26.0));
    assert_eq!(e.all_time.mature.share(), None);
}

#[test]
fn streaks_and_heatmap_by_hand() {
    let s = stats_of(&log());
    let h = &s.heatmap;
    // 11-01..11-17 is the longest run; 12-09 and 12-10 the current one.
    assert_eq!((h.current_streak, h.longest_streak), (2, 17));
    assert_eq!(h.grades.len(), 365);
    assert_eq!(h.first_day, day("2025-12-11"));
    let on = |d: &str| h.grades[usize::try_from((day(d) - h.first_day).num_days()).unwrap()];
    // A review and a drill; a cram counts too.
    assert_eq!(
        (on("2026-11-20"), on("2026-11-24"), on("2026-12-10")),
        (2, 1, 1)
    );
    // a: 5 days, b: 3, c: 1, l: 17, x: 2.
    assert_eq!(h.study_days, 28);
    // Nothing today yet: yesterday's run still counts.
    let mut log = log();
    log.x.pop();
    assert_eq!(stats_of(&log).heatmap.current_streak, 1);
}

#[test]
fn forecast_states_leeches_and_time_by_hand() {
    let s = stats_of(&log());
    // a (12-06), b (11-23), l (11-18) are overdue; x is due 12-16.
    assert_eq!(s.forecast.overdue, 3);
    assert_eq!(s.forecast.days.len(), FORECAST_DAYS);
    assert_eq!(s.forecast.days[6], 1);
    assert_eq!(s.forecast.total(), 1);
    // c and y new; a and b (n = 0) and l (n = 1) learning; x young.
    let c = &s.cards;
    assert_eq!((c.new, c.learning, c.young, c.mature), (2, 3, 1, 0));
    assert_eq!(c.intervals.iter().map(|b| b.count).sum::<u32>(), 4);
    assert_eq!(c.intervals[0].count, 3, "a, b and l have 1-day intervals");
    // ef: l 1.30 (the floor), b 2.50 - 0.14 - 0.54 - 0.32 = 1.50,
    // a 2.38, x 2.70.
    let ease: Vec<u32> = c.ease.iter().map(|b| b.count).collect();
    assert_eq!(ease, [1, 1, 0, 0, 0, 1, 0, 1]);
    // l has 8 lapses: a leech; a and b one each.
    let hard: Vec<(&str, u32, bool)> = s
        .hardest
        .iter()
        .map(|h| (h.card.as_str(), h.lapses, h.leech))
        .collect();
    assert_eq!(hard, [("l", 8, true), ("a", 1, false), ("b", 1, false)]);
    assert_eq!(s.leeches.len(), 1);
    let replay = replay_of(&log());
    assert_eq!(leeches_of(&replay), [("d".to_string(), "l".to_string(), 8)]);
    // 13 lines of 1 s and 17 of 2 s: 47 s over 30 grades.
    assert_eq!(s.time.grades, 30);
    assert_eq!(s.time.total_minutes, 0.8);
    assert_eq!(s.time.average_seconds, Some(1.6));
    assert_eq!(*s.time.minutes_per_day.last().unwrap(), 0.0);
}

#[test]
fn seven_lapses_is_not_a_leech_and_drills_never_lapse() {
    let mut log = log();
    log.l.truncate(15); // up to the seventh lapse and the pass after it
    let lapses = |log: &Log| replay_of(log).get("d", "l").unwrap().lapses;
    assert_eq!(lapses(&log), 7);
    log.l.push(ev("2026-11-16", Kind::Drill, 0, 0));
    log.l.push(ev("2026-11-16", Kind::Cram, 0, 0));
    assert_eq!(lapses(&log), 7);
    assert!(leeches_of(&replay_of(&log)).is_empty());
    assert!(stats_of(&log).leeches.is_empty());
}

#[test]
fn a_card_removed_from_its_deck_still_counts_as_study_done() {
    // x leaves deck e: its two reviews still count in e's days, but it is
    // no longer a card of e.
    let replay = replay_of(&log());
    let decks = inputs([("e", "Deck E", vec!["y"])], &replay);
    let s = compute(&decks, day("2026-12-10"), 365);
    assert_eq!(s.retention.total.all_time.young, rate(2, 2));
    assert_eq!(*s.heatmap.grades.last().unwrap(), 1);
    assert_eq!((s.cards.new, s.cards.young), (1, 0));
    assert_eq!(s.forecast.total(), 0);
}

#[test]
fn a_suspended_card_keeps_its_state_but_leaves_the_forecast() {
    let evs = [r("2026-12-01", 5), ev("2026-12-01", Kind::Suspend, 0, 0)];
    let replay = Replay::from_entries(&lines("d", "x", &evs));
    let decks = inputs([("d", "D", vec!["x"])], &replay);
    let s = compute(&decks, day("2026-12-01"), 30);
    assert_eq!((s.cards.new, s.cards.learning + s.cards.young), (0, 1));
    assert_eq!(s.forecast.total(), 0, "a suspended card is never due");
    // A suspend is no study: one grade that day.
    assert_eq!(*s.heatmap.grades.last().unwrap(), 1);
}

#[test]
fn nothing_studied_gives_zeros_and_no_panic() {
    let s = compute(&[], day("2026-12-10"), 0);
    assert_eq!(s.heatmap.grades.len(), 1);
    assert_eq!((s.heatmap.current_streak, s.heatmap.longest_streak), (0, 0));
    assert_eq!(s.time.average_seconds, None);
    assert_eq!(s.retention.total.all_time.young.share(), None);
}

fn arb_cards() -> impl Strategy<Value = Vec<Vec<Ev>>> {
    let event = (0u64..120, 0u8..=5, 0u8..3).prop_map(|(d, q, k)| Ev {
        day: day("2026-09-01") + chrono::Days::new(d),
        kind: [Kind::Review, Kind::Drill, Kind::Cram][usize::from(k)],
        q,
        ms: 1000,
    });
    proptest::collection::vec(
        proptest::collection::vec(event, 0..30).prop_map(|mut v| {
            v.sort_by_key(|e| e.day);
            v
        }),
        0..20,
    )
}

proptest! {
    #[test]
    fn the_forecast_counts_every_scheduled_card_due_in_its_window(cards in arb_cards(), t in 60u64..150) {
        let today = day("2026-09-01") + chrono::Days::new(t);
        let ids: Vec<String> = (0..cards.len()).map(|i| format!("c{i}")).collect();
        let entries: Vec<LogEntry> = cards
            .iter()
            .zip(&ids)
            .flat_map(|(evs, id)| lines("d", id, evs))
            .collect();
        let replay = Replay::from_entries(&entries);
        let decks = inputs([("d", "D", ids.iter().map(String::as_str))], &replay);
        let s = compute(&decks, today, 365);
        // SM-2 over the scheduled lines only, straight from the scheduler.
        let dues: Vec<Option<NaiveDate>> = cards
            .iter()
            .map(|events| {
                // A review counts only on a day the card is due.
                events
                    .iter()
                    .filter(|e| e.kind == Kind::Review)
                    .fold(Sm2State::NEW, |s, e| {
                        if s.due.is_none_or(|due| due <= e.day) {
                            s.review(Grade::new(e.q).unwrap(), e.day)
                        } else {
                            s
                        }
                    })
                    .due
            })
            .collect();
        let last = today + chrono::Days::new(FORECAST_DAYS as u64 - 1);
        let in_window = dues.iter().flatten().filter(|d| **d >= today && **d <= last).count();
        let overdue = dues.iter().flatten().filter(|d| **d < today).count();
        prop_assert_eq!(s.forecast.total() as usize, in_window);
        prop_assert_eq!(s.forecast.overdue as usize, overdue);
        let c = &s.cards;
        prop_assert_eq!((c.new + c.learning + c.young + c.mature) as usize, cards.len());
        prop_assert_eq!(c.new as usize, dues.iter().filter(|d| d.is_none()).count());
        // Every line is a grade of the heatmap's time series.
        let lines: usize = cards.iter().map(Vec::len).sum();
        prop_assert_eq!(s.time.grades as usize, lines);
    }
}
