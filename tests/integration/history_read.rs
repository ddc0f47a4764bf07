//! `store::read_history`, the log read for stats: undos by id and by
//! `at`, lines out of time order, bad and torn lines, and a log of several
//! batches read on several threads, each against `History::from_entries`
//! and the replay.

use chrono::{DateTime, FixedOffset};
use concur::sched::Grade;
use concur::store::{History, Kind, LineId, LogEntry, append, read_history, replay_file};

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

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

#[test]
fn undos_by_id_and_by_at_and_out_of_order_lines() {
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
    let lines = [
        e1,
        review,
        drill,
        undo_review,
        old,
        old_undo,
        later,
        e2,
        earlier,
    ];
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("r.jsonl");
    for e in &lines {
        append(&p, e).unwrap();
    }
    let text = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, text + "garbage\n\n{\"at\":\"2026").unwrap();
    let from_file = read_history(&p).unwrap();
    let from_list = History::from_entries(&lines);
    assert_eq!(from_file.problems, 2);
    let mut from_list = from_list;
    (from_list.lines, from_list.problems) = (12, 2);
    assert_eq!(from_list, from_file);
    assert_eq!((from_file.lines, from_file.problems), (12, 2));
    let a = from_file.events("d", "a");
    assert_eq!(a.len(), 1);
    assert_eq!(
        (a[0].kind, a[0].grade.value(), a[0].spent_ms),
        (Kind::Drill, 5, 2500)
    );
    assert!(from_file.events("d", "b").is_empty());
    let c: Vec<u8> = from_file
        .events("d", "c")
        .iter()
        .map(|e| e.grade.value())
        .collect();
    assert_eq!(c, [2, 5], "sorted by time");
    let e: Vec<u8> = from_file
        .events("d", "e")
        .iter()
        .map(|e| e.grade.value())
        .collect();
    assert_eq!(e, [4, 2]);
    // The same reviews as the replay counts.
    let replay = replay_file(&p).unwrap();
    for card in ["a", "b", "c", "e"] {
        let reviews = from_file
            .events("d", card)
            .iter()
            .filter(|e| e.kind == Kind::Review)
            .count();
        let counted = replay.get("d", card).map_or(0, |h| h.reviews);
        assert_eq!(reviews, usize::try_from(counted).unwrap());
    }
}

#[test]
fn a_log_of_many_batches_reads_in_file_order() {
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
    let h = read_history(&p).unwrap();
    assert_eq!((h.lines, h.problems), (50_000, 0));
    assert_eq!(h, History::from_entries(&entries));
}

#[test]
fn a_missing_log_is_an_empty_history() {
    let dir = tempfile::tempdir().unwrap();
    let h = read_history(&dir.path().join("none.jsonl")).unwrap();
    assert_eq!(h, History::default());
}
