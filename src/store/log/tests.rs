//! Tests of appending to and replaying the log file.

#![allow(clippy::unwrap_used)]
use super::testing::{at, entry};
use super::*;
use crate::sched::{Grade, Sm2State};
use chrono::NaiveDate;
use proptest::prelude::*;
use std::fs::OpenOptions;
use std::io::Write;

#[test]
fn append_then_replay_with_torn_and_bad_lines() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("sub/reviews.jsonl");
    append(
        &p,
        &entry("2026-11-01T10:00:00+00:00", "a", 5, Kind::Review),
    )
    .unwrap();
    append(
        &p,
        &entry("2026-11-02T10:00:00+00:00", "a", 5, Kind::Review),
    )
    .unwrap();
    // Simulate garbage and a torn last line written by a crash.
    let mut f = OpenOptions::new().append(true).open(&p).unwrap();
    f.write_all(b"not json\n{\"at\":\"2026-11-0").unwrap();
    drop(f);
    let before = std::fs::read(&p).unwrap();
    let r = replay_file(&p).unwrap();
    let s = r.state("d", "a");
    assert_eq!((s.n, s.interval), (2, 6));
    assert_eq!(r.problem_count, 2);
    assert_eq!(r.problems[0].line, 3);
    assert!(
        r.problems[1].message.starts_with("incomplete last line"),
        "{:?}",
        r.problems
    );
    assert_eq!(r.problems[1].line, 4);
    // Reading never changes the file.
    assert_eq!(std::fs::read(&p).unwrap(), before);
    // The next append starts on a fresh line and the torn text is kept.
    append(
        &p,
        &entry("2026-11-08T10:00:00+00:00", "a", 5, Kind::Review),
    )
    .unwrap();
    let after = std::fs::read_to_string(&p).unwrap();
    assert!(after.starts_with(std::str::from_utf8(&before).unwrap()));
    let r = replay_file(&p).unwrap();
    assert_eq!(r.state("d", "a").n, 3);
    assert_eq!(r.problem_count, 2);
}

#[test]
fn lines_over_64_kib_are_unreadable_and_the_rest_replays() {
    let ok = |t: &str| entry(t, "a", 5, Kind::Review).to_json_line() + "\n";
    // A well-formed line with a 70 KB card id (kept by older versions)
    // and one of 1 MB, which the reader must not hold whole.
    let long = |n: usize| {
        let mut e = entry("2026-11-01T11:00:00+00:00", "x", 5, Kind::Review);
        e.card = "x".repeat(n);
        e.to_json_line() + "\n"
    };
    let text = [
        ok("2026-11-01T10:00:00+00:00"),
        long(70_000),
        ok("2026-11-02T10:00:00+00:00"),
        long(1 << 20),
        ok("2026-11-08T10:00:00+00:00"),
    ]
    .concat();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("r.jsonl");
    std::fs::write(&p, &text).unwrap();
    let r = replay_file(&p).unwrap();
    assert_eq!(r.lines, 5);
    assert_eq!(r.card_count(), 1, "the long lines add no card");
    assert_eq!(r.state("d", "a").n, 3);
    let lines: Vec<usize> = r.problems.iter().map(|p| p.line).collect();
    assert_eq!(lines, [2, 4]);
    assert!(
        r.problems[1]
            .message
            .contains("longer than a log line may be (64 KiB)")
    );
    // Through the snapshot: the long lines are part of the prefix.
    let cache = dir.path().join("cache");
    let cold = crate::store::replay_cached(&p, &cache, crate::store::Fsrs::Track).unwrap();
    assert!(cache.read_dir().unwrap().next().is_some(), "a snapshot");
    let warm = crate::store::replay_cached(&p, &cache, crate::store::Fsrs::Track).unwrap();
    assert_eq!((cold.problem_count, warm.problem_count), (2, 2));
    assert_eq!(warm.state("d", "a").n, 3);
    // A torn last line that is too long is reported as torn.
    std::fs::write(
        &p,
        format!("{}{}", ok("2026-11-01T10:00:00+00:00"), "y".repeat(1 << 19)),
    )
    .unwrap();
    let r = replay_file(&p).unwrap();
    assert_eq!((r.lines, r.problem_count), (2, 1));
    assert!(
        r.problems[0].message.starts_with("incomplete last line"),
        "{:?}",
        r.problems
    );
}

#[test]
fn undo_cancels_its_target() {
    let first = entry("2026-11-01T10:00:00+00:00", "a", 5, Kind::Review);
    let second = entry("2026-11-02T10:00:00+00:00", "a", 1, Kind::Review);
    let mut undo = entry("2026-11-02T10:00:05+00:00", "a", 1, Kind::Undo);
    undo.undoes = Some(second.at);
    let r = Replay::from_entries(&[first.clone(), second, undo.clone()]);
    let only_first = Replay::from_entries(std::slice::from_ref(&first));
    assert_eq!(r.state("d", "a"), only_first.state("d", "a"));
    assert_eq!(r.get("d", "a").unwrap().card.reviews, 1);
    // The same through the file path.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("r.jsonl");
    for e in [
        &first,
        &entry("2026-11-02T10:00:00+00:00", "a", 1, Kind::Review),
        &undo,
    ] {
        append(&p, e).unwrap();
    }
    assert_eq!(
        replay_file(&p).unwrap().state("d", "a"),
        only_first.state("d", "a")
    );
}

#[test]
fn first_day_and_owed_reask_through_both_replays() {
    let lines = [
        entry("2026-11-01T10:00:00+00:00", "a", 5, Kind::Review),
        entry("2026-11-02T10:00:00+00:00", "a", 2, Kind::Review),
        entry("2026-11-02T10:05:00+00:00", "a", 3, Kind::Drill),
        entry("2026-11-02T10:00:00+00:00", "b", 1, Kind::Review),
        entry("2026-11-02T10:09:00+00:00", "b", 4, Kind::Drill),
    ];
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("r.jsonl");
    for e in &lines {
        append(&p, e).unwrap();
    }
    for r in [Replay::from_entries(&lines), replay_file(&p).unwrap()] {
        let a = r.get("d", "a").unwrap().card;
        assert_eq!(a.first_day, NaiveDate::from_ymd_opt(2026, 11, 1));
        // A drill of 3 does not pay the debt; 4 does.
        assert_eq!(a.drill_due, NaiveDate::from_ymd_opt(2026, 11, 2));
        assert_eq!(r.get("d", "b").unwrap().card.drill_due, None);
    }
    // Undoing the first review makes the card new again.
    let mut undo = entry("2026-11-03T10:00:00+00:00", "c", 5, Kind::Undo);
    undo.undoes = Some(at("2026-11-03T09:00:00+00:00"));
    let r = Replay::from_entries(&[
        entry("2026-11-03T09:00:00+00:00", "c", 5, Kind::Review),
        undo,
    ]);
    let c = r.get("d", "c").unwrap().card;
    assert_eq!((c.first_day, c.state), (None, Sm2State::NEW));
}

#[test]
fn undo_names_its_target_by_id_when_times_are_equal() {
    // Past midnight every line of a session has the same clamped `at`.
    let t = "2026-11-25T23:59:59.999+01:00";
    let with_id = |card: &str, q: u8, kind: Kind, id: u64| LogEntry {
        id: Some(LineId::from(id)),
        ..entry(t, card, q, kind)
    };
    let review = with_id("a", 1, Kind::Review, 1);
    let drill = with_id("a", 5, Kind::Drill, 2);
    // Undo the review, not the drill that has the same `at`.
    let undo = review.undo(at(t));
    // An undo whose id matches no line removes nothing, even where `at`
    // matches.
    let lone = with_id("b", 5, Kind::Review, 3);
    let mut stray = lone.undo(at(t));
    stray.undoes_id = Some(LineId::from(99));
    let lines = [review, drill, undo, lone, stray];
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("r.jsonl");
    for e in &lines {
        append(&p, e).unwrap();
    }
    for r in [Replay::from_entries(&lines), replay_file(&p).unwrap()] {
        let a = r.get("d", "a").unwrap();
        assert_eq!((a.card.reviews, a.drills), (0, 1));
        assert_eq!((a.card.state, a.card.first_day), (Sm2State::NEW, None));
        assert_eq!(r.get("d", "b").unwrap().card.reviews, 1);
    }
}

#[test]
fn a_log_of_many_batches_replays_in_file_order() {
    // About 1.3 MB: several batches parsed on several threads.
    let mut entries = Vec::new();
    let mut t = at("2025-01-01T08:00:00+00:00");
    for i in 0..10_000u32 {
        t += chrono::Duration::minutes(37);
        let mut e = entry(
            "2025-01-01T08:00:00+00:00",
            &format!("c{}", i % 97),
            u8::try_from(i % 6).unwrap(),
            Kind::Review,
        );
        e.at = t;
        entries.push(e);
    }
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("r.jsonl");
    let text: String = entries.iter().map(|e| e.to_json_line() + "\n").collect();
    std::fs::write(&p, text).unwrap();
    let from_file = replay_file(&p).unwrap();
    let expected = Replay::from_entries(&entries);
    assert_eq!(from_file.lines, 10_000);
    assert_eq!(from_file.cards, expected.cards);
    assert_eq!(from_file.card_count(), 97);
}

#[test]
fn out_of_order_lines_replay_in_time_order() {
    let a = entry("2026-11-01T10:00:00+00:00", "a", 5, Kind::Review);
    let b = entry("2026-11-02T10:00:00+00:00", "a", 5, Kind::Review);
    let c = entry("2026-11-08T10:00:00+00:00", "a", 3, Kind::Review);
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("r.jsonl");
    for e in [&c, &a, &b] {
        append(&p, e).unwrap();
    }
    let sorted = Replay::from_entries(&[a, b, c.clone()]);
    let replayed = replay_file(&p).unwrap();
    assert_eq!(replayed.state("d", "a"), sorted.state("d", "a"));
    // FSRS too: the sorted lines, with their gaps of 1 and 6 days.
    let memory = |r: &Replay| r.get("d", "a").unwrap().memory.unwrap();
    assert_eq!(memory(&replayed), memory(&sorted));
    assert_eq!(memory(&sorted).last_day, c.day());
    assert!(memory(&sorted).stability > 8.0, "{:?}", memory(&sorted));
}

fn arb_entries() -> impl Strategy<Value = Vec<LogEntry>> {
    proptest::collection::vec((0u32..3, 0u8..=5, 0u8..7, 0i64..200), 0..40).prop_map(|v| {
        let mut t = at("2026-01-01T08:00:00+00:00");
        v.into_iter()
            .map(|(card, q, kind, step_h)| {
                t += chrono::Duration::hours(step_h);
                let kind = [
                    Kind::Review,
                    Kind::Drill,
                    Kind::Cram,
                    Kind::Suspend,
                    Kind::Unsuspend,
                    Kind::Bury,
                    Kind::Prep,
                ][usize::from(kind)];
                LogEntry {
                    at: t,
                    deck: "d".into(),
                    card: format!("c{card}"),
                    grade: Grade::new(q).unwrap_or(Grade::new(0).unwrap()),
                    kind,
                    spent_ms: 0,
                    id: None,
                    undoes: None,
                    undoes_id: None,
                }
            })
            .collect()
    })
}

proptest! {
    // Each case appends (and fsyncs) up to 40 lines: keep the count modest.
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn replay_equals_applying_reviews_one_by_one(entries in arb_entries()) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.jsonl");
        for e in &entries {
            append(&p, e).unwrap();
        }
        let replay = replay_file(&p).unwrap();
        for card in ["c0", "c1", "c2"] {
            let mut s = Sm2State::NEW;
            for e in entries.iter().filter(|e| e.card == card && e.kind == Kind::Review) {
                // SM-2 reviews a card only on or after its due day.
                if s.due.is_none_or(|due| due <= e.day()) {
                    s = s.review(e.grade, e.day());
                }
            }
            prop_assert_eq!(replay.state("d", card), s);
            // FSRS observes every grade, prep included, in time order.
            let mut m = None;
            for e in entries.iter().filter(|e| e.card == card && e.kind.is_grade()) {
                m = crate::sched::Memory::after(m, e.grade, e.day());
            }
            prop_assert_eq!(replay.get("d", card).and_then(|h| h.memory), m);
        }
    }
}

/// A card action of card `a` with an id, at `t`.
fn action(t: &str, kind: Kind) -> LogEntry {
    LogEntry::new(at(t), "d".into(), "a".into(), Grade::MIN, kind, 0)
}

#[test]
fn card_actions_replay_in_time_order_and_undo_like_grades() {
    let day = |s: &str| s.parse::<NaiveDate>().unwrap();
    let review = entry("2026-11-01T10:00:00+00:00", "a", 4, Kind::Review);
    let suspend = action("2026-11-02T10:00:00+00:00", Kind::Suspend);
    let again = action("2026-11-02T11:00:00+00:00", Kind::Suspend);
    let unsuspend = action("2026-11-03T10:00:00+00:00", Kind::Unsuspend);
    // Written in another order (a merge): time order decides.
    let text =
        |lines: &[&LogEntry]| -> String { lines.iter().map(|e| e.to_json_line() + "\n").collect() };
    let replayed = |lines: &[&LogEntry]| {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.jsonl");
        std::fs::write(&p, text(lines)).unwrap();
        let r = replay_file(&p).unwrap();
        let mut exact = Replay::exact_from_text(&text(lines));
        exact.lines = r.lines;
        assert_eq!(r, exact);
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        *r.get("d", "a").unwrap()
    };
    let h = replayed(&[&unsuspend, &review, &suspend]);
    assert!(!h.card.suspended, "the unsuspend is the latest");
    let h = replayed(&[&review, &unsuspend, &again, &suspend]);
    assert!(!h.card.suspended, "twice suspended, once unsuspended");
    let h = replayed(&[&review, &suspend, &again]);
    assert_eq!(
        h.card.aside(day("2026-12-01")),
        Some(crate::store::Aside::Suspended)
    );
    // No study counted, no schedule changed; the last grade is the review's.
    assert_eq!((h.card.reviews, h.drills, h.crams), (1, 0, 0));
    assert_eq!(h.card.last_grade, Some(Grade::new(4).unwrap()));
    assert_eq!(h.card.state, replayed(&[&review]).card.state);
    // An undo takes back the suspend it names.
    let undo = again.undo(at("2026-11-02T11:00:05+00:00"));
    let h = replayed(&[&review, &again, &undo]);
    assert!(!h.card.suspended);
    let h = replayed(&[&review, &suspend, &again, &undo]);
    assert!(h.card.suspended, "the other suspend still holds");
    // A bury holds for the rest of its line's day (local date as written).
    let bury = action("2026-11-04T23:30:00-05:00", Kind::Bury);
    let h = replayed(&[&review, &bury]);
    assert_eq!(
        h.card.aside(day("2026-11-04")),
        Some(crate::store::Aside::Buried)
    );
    assert_eq!(h.card.aside(day("2026-11-05")), None);
    let h = replayed(&[&review, &bury, &bury.undo(at("2026-11-04T23:31:00-05:00"))]);
    assert_eq!(h.card.buried_until, None);
    // The study counts of the day ignore card actions.
    let r = Replay::from_entries(&[review.clone(), suspend.clone(), bury.clone()]);
    let days = r.deck_days("d");
    assert_eq!(days.len(), 1, "{days:?}");
    assert_eq!(days[0].1.grades, 1);
}

#[test]
fn a_card_action_line_is_an_unknown_kind_to_a_reader_of_three_kinds() {
    // What an older reader does with the new kinds: the serde parse of
    // `kind` names the value it does not know, and the line is skipped as
    // a problem (never a crash).
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "lowercase")]
    #[allow(dead_code)]
    enum OldKind {
        Review,
        Drill,
        Cram,
        Undo,
    }
    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    struct Old {
        kind: OldKind,
    }
    let line = action("2026-11-02T10:00:00+00:00", Kind::Suspend).to_json_line();
    let err = serde_json::from_str::<Old>(&line)
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("unknown variant `suspend`"), "{err}");
}
