//! FSRS-6 over the log against the reference Python implementation: the
//! hand-made histories of `tests/fixtures/fsrs_vectors.json` (made by
//! `scripts/fsrs_vectors.py`) replayed from a real log file give the same
//! stability, difficulty and recall on a later date within 0.005.

use concur::sched::Grade;
use concur::store::{Kind, LogEntry, replay_file};
use serde_json::Value;

/// The fixture's histories.
pub fn vectors() -> Vec<Value> {
    let text = include_str!("../fixtures/fsrs_vectors.json");
    let v: Value = serde_json::from_str(text).unwrap();
    v["histories"].as_array().unwrap().clone()
}

/// A kind by its name in the log.
fn kind(name: &str) -> Kind {
    serde_json::from_value(Value::String(name.into())).unwrap()
}

/// The lines of a history for card `card` of deck `d`, in the log's format.
pub fn log_lines(h: &Value, card: &str) -> String {
    h["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let at = chrono::DateTime::parse_from_rfc3339(l["at"].as_str().unwrap()).unwrap();
            let grade = Grade::new(u8::try_from(l["grade"].as_u64().unwrap()).unwrap()).unwrap();
            let e = LogEntry::new(
                at,
                "d".into(),
                card.into(),
                grade,
                kind(l["kind"].as_str().unwrap()),
                1000,
            );
            e.to_json_line() + "\n"
        })
        .collect()
}

fn close(what: &str, name: &str, ours: f64, theirs: f64) {
    assert!(
        (ours - theirs).abs() < 0.005,
        "{name}: {what} {ours} but the reference says {theirs}"
    );
}

#[test]
fn the_replay_matches_the_reference_implementation() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("reviews.jsonl");
    let histories = vectors();
    assert!(histories.len() >= 10);
    // Every history in one log, lines reversed: the replay sorts per card.
    let mut lines: Vec<String> = Vec::new();
    for (i, h) in histories.iter().enumerate() {
        lines.extend(log_lines(h, &format!("c{i}")).lines().map(String::from));
    }
    lines.reverse();
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    let replay = replay_file(&path).unwrap();
    for (i, h) in histories.iter().enumerate() {
        let name = h["name"].as_str().unwrap();
        let m = replay.get("d", &format!("c{i}")).unwrap().memory.unwrap();
        let date: chrono::NaiveDate = h["date"].as_str().unwrap().parse().unwrap();
        close(
            "stability",
            name,
            f64::from(m.stability),
            h["stability"].as_f64().unwrap(),
        );
        close(
            "difficulty",
            name,
            f64::from(m.difficulty),
            h["difficulty"].as_f64().unwrap(),
        );
        close(
            "recall",
            name,
            f64::from(m.recall_on(date)),
            h["recall"].as_f64().unwrap(),
        );
    }
}
