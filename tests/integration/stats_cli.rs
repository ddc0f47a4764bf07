//! `concur stats` end to end: the `--json` shape and figures of a small
//! log, deck ids as positional arguments, `--days`, an unknown deck id, and
//! `concur check` warning about a leech at its `file:line`.

use serde_json::Value;

use crate::common::{concur_today, stdout, write, write_deck};

const DECK: &str = "[deck]\nid = \"mine\"\nname = \"Mine\"\n\n[[cards]]\nid = \"easy\"\nfront = \"1 + 1?\"\nback = \"2\"\n\n[[cards]]\nid = \"hard\"\nfront = \"The 40th digit of pi?\"\nback = \"1\"\n";

fn review(day: &str, card: &str, q: u8, kind: &str) -> String {
    format!(
        "{{\"at\":\"{day}T10:00:00+01:00\",\"deck\":\"mine\",\"card\":\"{card}\",\"grade\":{q},\"kind\":\"{kind}\",\"ms\":3000}}\n"
    )
}

/// "hard" is passed then failed eight times on consecutive days (eight
/// lapses: a leech); "easy" is learned on the last two days.
fn data() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    write_deck(tmp.path(), "mine.toml", DECK);
    let mut log = String::new();
    for k in 0..16u32 {
        let day =
            chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap() + chrono::Days::new(k.into());
        log += &review(
            &day.to_string(),
            "hard",
            if k % 2 == 0 { 4 } else { 1 },
            "review",
        );
    }
    log += &review("2026-11-24", "easy", 5, "review");
    log += &review("2026-11-25", "easy", 5, "review");
    log += &review("2026-11-25", "easy", 5, "cram");
    write(tmp.path(), "reviews.jsonl", &log);
    tmp
}

fn json(tmp: &std::path::Path, args: &[&str]) -> Value {
    let out = concur_today(tmp).arg("stats").args(args).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    serde_json::from_str(&stdout(&out)).unwrap()
}

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    k.sort_unstable();
    k
}

#[test]
fn json_has_the_documented_shape_and_figures() {
    let tmp = data();
    let v = json(tmp.path(), &["mine", "--json"]);
    assert_eq!(
        keys(&v),
        [
            "cards",
            "decks",
            "forecast",
            "hardest",
            "heatmap",
            "leeches",
            "recall",
            "retention",
            "time",
            "today"
        ]
    );
    assert_eq!(v["today"], "2026-11-25");
    // FSRS beside SM-2: both cards graded; "easy" (5, 5 and a quiz 5 today)
    // is nearly sure, "hard" (lapsed every other day) much less.
    let rc = &v["recall"];
    assert_eq!(keys(rc), ["cards", "histogram", "mean", "model"]);
    assert_eq!(
        (rc["model"].as_str(), rc["cards"].as_u64()),
        (Some("FSRS-6"), Some(2))
    );
    let mean = rc["mean"].as_f64().unwrap();
    assert!(mean > 0.5 && mean < 1.0, "{mean}");
    let bars = rc["histogram"].as_array().unwrap();
    assert_eq!(bars.len(), 6);
    assert_eq!(bars[5], serde_json::json!({"label": "95-100%", "count": 1}));
    let counted: u64 = bars.iter().map(|b| b["count"].as_u64().unwrap()).sum();
    assert_eq!(counted, 2);
    assert_eq!(v["decks"], serde_json::json!(["mine"]));
    let h = &v["heatmap"];
    assert_eq!(
        keys(h),
        [
            "current_streak",
            "first_day",
            "grades",
            "longest_streak",
            "study_days"
        ]
    );
    assert_eq!(h["grades"].as_array().unwrap().len(), 365);
    // 11-01..11-16, then 11-24 and 11-25.
    assert_eq!(
        (h["longest_streak"].as_u64(), h["current_streak"].as_u64()),
        (Some(16), Some(2))
    );
    assert_eq!(h["grades"][364], 2, "a review and a cram today");
    let f = &v["forecast"];
    assert_eq!(keys(f), ["days", "overdue"]);
    assert_eq!(f["days"].as_array().unwrap().len(), 30);
    // hard: due 11-17 (overdue); easy: n = 2, due in 6 days.
    assert_eq!(f["overdue"], 1);
    assert_eq!(f["days"][6], 1);
    let r = &v["retention"];
    assert_eq!(keys(r), ["decks", "total"]);
    assert_eq!(
        keys(&r["total"]),
        ["all_time", "deck", "last_30_days", "name"]
    );
    assert_eq!(r["decks"][0]["deck"], "mine");
    // 18 young reviews: hard 8 of 16 passed, easy 2 of 2.
    assert_eq!(
        r["total"]["all_time"]["young"],
        serde_json::json!({"passed": 10, "total": 18})
    );
    assert_eq!(
        r["total"]["all_time"]["mature"],
        serde_json::json!({"passed": 0, "total": 0})
    );
    let c = &v["cards"];
    assert_eq!(
        keys(c),
        ["ease", "intervals", "learning", "mature", "new", "young"]
    );
    assert_eq!(
        (c["learning"].as_u64(), c["young"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(keys(&c["intervals"][0]), ["count", "label"]);
    let t = &v["time"];
    assert_eq!(
        keys(t),
        [
            "average_seconds",
            "grades",
            "minutes_per_day",
            "total_minutes"
        ]
    );
    assert_eq!(t["grades"], 19);
    assert_eq!(t["average_seconds"], 3.0);
    assert_eq!(
        v["leeches"][0],
        serde_json::json!({"deck": "mine", "card": "hard", "lapses": 8, "leech": true})
    );
    assert_eq!(v["hardest"].as_array().unwrap().len(), 1);
}

#[test]
fn days_sets_the_window_and_unknown_decks_are_usage_errors() {
    let tmp = data();
    let v = json(tmp.path(), &["--json", "--days", "30"]);
    assert_eq!(v["heatmap"]["grades"].as_array().unwrap().len(), 30);
    assert_eq!(v["time"]["minutes_per_day"].as_array().unwrap().len(), 30);
    // Every deck (the bundled ones too) by default.
    assert!(v["decks"].as_array().unwrap().len() > 1);
    let out = concur_today(tmp.path())
        .args(["stats", "nope"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown deck id \"nope\""));
    let out = concur_today(tmp.path())
        .args(["stats", "--days", "0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    // The text form names the leech.
    let out = concur_today(tmp.path())
        .args(["stats", "mine"])
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(text.contains("mine/hard  leech"), "{text}");
}

#[test]
fn check_warns_about_a_leech_at_its_line() {
    let tmp = data();
    let out = concur_today(tmp.path()).arg("check").output().unwrap();
    let text = stdout(&out);
    let deck = tmp.path().join("decks/mine.toml");
    let want = format!(
        "{}:10:1: warning: leech: card \"hard\" has lapsed 8 times",
        deck.display()
    );
    assert!(text.contains(&want), "{text}");
    assert!(!text.contains("\"easy\" has lapsed"), "{text}");
}
