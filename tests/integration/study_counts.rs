//! The study counts the replay keeps for statistics (grades, time and
//! scheduled reviews per deck and day, lapses per card): undos by id and by
//! `at`, lines out of time order, bad and torn lines, from the file and from
//! its snapshot, each against the exact replay of the same entries.

use chrono::NaiveDate;
use concur::sched::Grade;
use concur::store::{
    DayCounts, Kind, LineId, LogEntry, Replay, append, replay_cached, replay_file,
};

use crate::common::app::at;

fn entry(t: &str, card: &str, q: u8, kind: Kind, id: Option<u64>) -> LogEntry {
    LogEntry {
        id: id.map(LineId::from),
        ..LogEntry::new(
            at(t),
            "d".into(),
            card.into(),
            Grade::new(q).unwrap(),
            kind,
            2500,
        )
    }
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// The counts of deck `d` on `on`.
fn on(r: &Replay, on: &str) -> DayCounts {
    r.deck_days("d")
        .into_iter()
        .find(|(d, _)| *d == day(on))
        .map(|(_, c)| c)
        .unwrap_or_default()
}

#[test]
fn undos_and_out_of_order_lines_count_once_from_the_file_and_its_snapshot() {
    let t = "2026-11-25T23:59:59.999+01:00";
    let review = entry(t, "a", 1, Kind::Review, Some(1));
    let drill = entry(t, "a", 5, Kind::Drill, Some(2));
    let undo_review = review.undo(at(t));
    let old = entry("2026-11-20T10:00:00+01:00", "b", 4, Kind::Review, None);
    let old_undo = old.undo(at("2026-11-20T10:00:05+01:00"));
    let later = entry("2026-11-22T10:00:00+01:00", "c", 5, Kind::Review, None);
    let earlier = entry("2026-11-21T10:00:00+01:00", "c", 2, Kind::Review, None);
    // e is read in order, around the cards replayed exactly.
    let e1 = entry("2026-11-19T10:00:00+01:00", "e", 4, Kind::Review, None);
    let e2 = entry("2026-11-23T10:00:00+01:00", "e", 2, Kind::Review, None);
    let first = [e1, review, drill, old.clone()];
    let rest = [undo_review, old_undo, later, e2, earlier];
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("reviews.jsonl");
    let cache = dir.path().join("cache");
    for e in &first {
        append(&p, e).unwrap();
    }
    // A snapshot of the first four lines, whose counts the undos and the
    // late line then have to take back.
    let before = replay_cached(&p, &cache, concur::store::Fsrs::Track).unwrap();
    assert_eq!(
        on(&before, "2026-11-20").grades,
        1,
        "b's review, not undone yet"
    );
    for e in &rest {
        append(&p, e).unwrap();
    }
    let text = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, text + "garbage\n\n{\"at\":\"2026").unwrap();
    let from_file = replay_file(&p).unwrap();
    let from_snapshot = replay_cached(&p, &cache, concur::store::Fsrs::Track).unwrap();
    let all: Vec<LogEntry> = first.iter().chain(&rest).cloned().collect();
    let mut from_list = Replay::from_entries(&all);
    from_list.lines = from_file.lines;
    from_list.problems = from_file.problems.clone();
    from_list.problem_count = from_file.problem_count;
    assert_eq!(from_file.problem_count, 2);
    assert_eq!(from_file, from_list);
    assert_eq!(from_snapshot, from_list);
    // By hand. a: its review undone, its drill kept (a line, 2.5 s, no
    // review). b: undone, nothing left that day.
    let a = on(&from_file, "2026-11-25");
    assert_eq!((a.grades, a.spent_ms, a.young_total), (1, 2500, 0));
    assert_eq!(on(&from_file, "2026-11-20"), DayCounts::default());
    // c: the 21st's 2 comes first (a new card's first review: young,
    // failed, no lapse), then the 22nd's 5.
    let c21 = on(&from_file, "2026-11-21");
    assert_eq!((c21.young_total, c21.young_passed), (1, 0));
    let c22 = on(&from_file, "2026-11-22");
    assert_eq!((c22.young_total, c22.young_passed), (1, 1));
    assert_eq!(from_file.get("d", "c").unwrap().lapses, 0);
    // e: learned on the 19th (n = 1), failed on the 23rd: one lapse.
    assert_eq!(from_file.get("d", "e").unwrap().lapses, 1);
    let total: u32 = from_file.deck_days("d").iter().map(|(_, c)| c.grades).sum();
    assert_eq!(total, 5, "a's drill, c twice, e twice");
}

#[test]
fn a_log_of_many_batches_counts_as_its_entries() {
    // About 6 MB: two batches, each parsed on several threads; CRLF ends
    // and an escaped card id on the way.
    let mut entries = Vec::new();
    let mut t = at("2024-01-01T08:00:00+00:00");
    for i in 0..50_000u32 {
        t += chrono::Duration::minutes(7);
        let mut e = entry(
            "2024-01-01T08:00:00+00:00",
            &format!("c\"{}", i % 997),
            u8::try_from(i % 6).unwrap(),
            [Kind::Review, Kind::Drill, Kind::Cram][(i % 3) as usize],
            Some(u64::from(i)),
        );
        e.at = t;
        e.spent_ms = u64::from(i % 10_000);
        entries.push(e);
    }
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("r.jsonl");
    let text: String = entries
        .iter()
        .enumerate()
        .map(|(i, e)| e.to_json_line() + if i % 10 == 0 { "\r\n" } else { "\n" })
        .collect();
    assert!(text.len() > 5 << 20);
    std::fs::write(&p, text).unwrap();
    let r = replay_file(&p).unwrap();
    assert_eq!((r.lines, r.problem_count), (50_000, 0));
    assert_eq!(r, Replay::from_entries(&entries));
    let grades: u32 = r.deck_days("d").iter().map(|(_, c)| c.grades).sum();
    let ms: u64 = r.deck_days("d").iter().map(|(_, c)| c.spent_ms).sum();
    assert_eq!(grades, 50_000);
    assert_eq!(ms, entries.iter().map(|e| e.spent_ms).sum::<u64>());
}
