//! `concur plan` end to end with real files: FSRS-6's recall, stability
//! and difficulty against the reference implementation's test vectors, the
//! JSON's shape, the text, bad dates and selections (exit 2), a card whose
//! grades were all undone, and prep lines leaving SM-2 alone.

use serde_json::Value;

use crate::common::{concur, concur_today, due_json, stdout, write, write_deck};
use crate::fsrs_vectors::{log_lines, vectors};

/// A deck `d` with cards `c0` .. `c{n-1}`.
fn deck(n: usize) -> String {
    let mut t = String::from("[deck]\nid = \"d\"\ntags = [\"all\"]\n");
    for i in 0..n {
        t += &format!("\n[[cards]]\nid = \"c{i}\"\nfront = \"q{i}\"\nback = \"a{i}\"\n");
        if i == 0 {
            t += "tags = [\"first\"]\n";
        }
    }
    t
}

fn plan_json(data: &std::path::Path, today: &str, args: &[&str]) -> Value {
    let out = concur(data)
        .args(["--today", today, "plan"])
        .args(args)
        .arg("--json")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    serde_json::from_str(&stdout(&out)).unwrap()
}

#[test]
fn plan_json_matches_the_reference_implementation() {
    let histories = vectors();
    for (i, h) in histories.iter().enumerate() {
        let tmp = tempfile::tempdir().unwrap();
        write_deck(tmp.path(), "d.toml", &deck(1));
        write(tmp.path(), "reviews.jsonl", &log_lines(h, "c0"));
        let date: chrono::NaiveDate = h["date"].as_str().unwrap().parse().unwrap();
        let today = (date - chrono::Days::new(1)).to_string();
        let v = plan_json(tmp.path(), &today, &[h["date"].as_str().unwrap(), "d"]);
        assert_eq!(v["model"], "FSRS-6");
        let c = &v["cards"][0];
        for key in ["recall", "stability", "difficulty"] {
            let (ours, theirs) = (c[key].as_f64().unwrap(), h[key].as_f64().unwrap());
            assert!(
                (ours - theirs).abs() < 0.005,
                "history {i} ({}): {key} {ours}, reference {theirs}",
                h["name"]
            );
        }
        assert!((v["readiness"].as_f64().unwrap() - h["recall"].as_f64().unwrap()).abs() < 0.005);
    }
}

#[test]
fn the_json_has_the_documented_shape_and_the_plan_keeps_its_limit() {
    let tmp = tempfile::tempdir().unwrap();
    write_deck(tmp.path(), "d.toml", &deck(12));
    let log = format!(
        "{}{}",
        crate::common::log_line("d", "c1", "review"),
        crate::common::log_line("d", "c2", "review")
    );
    write(tmp.path(), "reviews.jsonl", &log);
    let v = plan_json(
        tmp.path(),
        "2026-11-25",
        &["2026-12-05", "d", "--per-day", "3"],
    );
    let mut keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "cards",
            "date",
            "days",
            "model",
            "parameters",
            "per_day",
            "planned_readiness",
            "readiness",
            "today"
        ]
    );
    assert_eq!(v["date"], "2026-12-05");
    assert_eq!(v["parameters"].as_array().unwrap().len(), 21);
    assert_eq!(v["parameters"][0], 0.212);
    let cards = v["cards"].as_array().unwrap();
    assert_eq!(cards.len(), 12);
    // Ten new cards at 0, two reviewed long ago: readiness is their mean.
    let sum: f64 = cards.iter().map(|c| c["recall"].as_f64().unwrap()).sum();
    assert!((v["readiness"].as_f64().unwrap() - sum / 12.0).abs() < 1e-6);
    assert_eq!(cards[0]["stability"], Value::Null, "new cards first");
    let days = v["days"].as_array().unwrap();
    assert_eq!(days.len(), 10, "today to the day before the date");
    assert_eq!(days[0]["date"], "2026-11-25");
    assert_eq!(days[9]["date"], "2026-12-04");
    for d in days {
        assert!(d["cards"].as_array().unwrap().len() <= 3);
    }
    assert!(v["planned_readiness"].as_f64().unwrap() > v["readiness"].as_f64().unwrap());
    // --tag picks the cards with the tag.
    let v = plan_json(tmp.path(), "2026-11-25", &["2026-12-05", "--tag", "first"]);
    assert_eq!(v["cards"].as_array().unwrap().len(), 1);
    assert_eq!(v["cards"][0]["card"], "c0");
}

#[test]
fn the_text_shows_readiness_the_cards_at_risk_and_the_days() {
    let tmp = tempfile::tempdir().unwrap();
    write_deck(tmp.path(), "d.toml", &deck(3));
    let out = concur_today(tmp.path())
        .args(["plan", "2026-12-14", "d"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = stdout(&out);
    assert!(
        text.starts_with("Ready on 2026-12-14 (in 19 days): 0 % of 3 cards now, "),
        "{text}"
    );
    assert!(text.contains("Most at risk on 2026-12-14:"), "{text}");
    assert!(
        text.contains("  Wed 2026-11-25    3  d/c0, d/c1, d/c2"),
        "{text}"
    );
}

fn usage_error(data: &std::path::Path, args: &[&str]) -> String {
    let out = concur_today(data).arg("plan").args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn bad_dates_and_empty_selections_are_usage_errors() {
    let tmp = tempfile::tempdir().unwrap();
    write_deck(tmp.path(), "d.toml", &deck(2));
    let e = usage_error(tmp.path(), &["2026-11-25"]);
    assert!(
        e.contains(
            "the date 2026-11-25 is not after today: give a day in the future (today is 2026-11-25)"
        ),
        "{e}"
    );
    let e = usage_error(tmp.path(), &["2020-01-01"]);
    assert!(e.contains("is not after today"), "{e}");
    let e = usage_error(tmp.path(), &["2036-11-26"]);
    assert!(
        e.contains("the date 2036-11-26 is more than ten years away"),
        "{e}"
    );
    let e = usage_error(tmp.path(), &["14/12/2026"]);
    assert!(
        e.contains("\"14/12/2026\" is not a date: write it as YYYY-MM-DD"),
        "{e}"
    );
    let e = usage_error(tmp.path(), &["2026-12-14", "nope"]);
    assert!(e.contains("unknown deck id \"nope\""), "{e}");
    let e = usage_error(tmp.path(), &["2026-12-14", "--tag", "zzz"]);
    assert!(e.contains("unknown tag \"zzz\""), "{e}");
    // Every card suspended: nothing to plan for.
    let log = crate::common::log_line("d", "c0", "suspend")
        + &crate::common::log_line("d", "c1", "suspend");
    write(tmp.path(), "reviews.jsonl", &log);
    let e = usage_error(tmp.path(), &["2026-12-14", "d"]);
    assert!(
        e.contains("no card to plan for: deck d has no card that is not suspended"),
        "{e}"
    );
}

#[test]
fn a_card_whose_grades_were_all_undone_counts_as_new_with_a_note() {
    let tmp = tempfile::tempdir().unwrap();
    write_deck(tmp.path(), "d.toml", &deck(1));
    let review = "{\"at\":\"2026-11-20T10:00:00.000+00:00\",\"deck\":\"d\",\"card\":\"c0\",\"grade\":5,\"kind\":\"review\",\"ms\":1,\"id\":\"a1\"}\n";
    let undo = "{\"at\":\"2026-11-20T10:00:05.000+00:00\",\"deck\":\"d\",\"card\":\"c0\",\"grade\":5,\"kind\":\"undo\",\"ms\":0,\"id\":\"a2\",\"undoes\":\"2026-11-20T10:00:00.000+00:00\",\"undoes_id\":\"a1\"}\n";
    write(tmp.path(), "reviews.jsonl", &format!("{review}{undo}"));
    let out = concur_today(tmp.path())
        .args(["plan", "2026-12-14", "d", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let err = String::from_utf8(out.stderr.clone()).unwrap();
    assert!(
        err.contains("1 card has no grade left in the log (every grade undone): counted as new"),
        "{err}"
    );
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["cards"][0]["recall"], 0.0);
    assert_eq!(v["cards"][0]["stability"], Value::Null);
}

#[test]
fn prep_lines_change_fsrs_but_never_sm2() {
    let tmp = tempfile::tempdir().unwrap();
    write_deck(tmp.path(), "d.toml", &deck(1));
    let line = |day: &str, kind: &str| {
        format!(
            "{{\"at\":\"{day}T10:00:00.000+00:00\",\"deck\":\"d\",\"card\":\"c0\",\"grade\":4,\"kind\":\"{kind}\",\"ms\":1000}}\n"
        )
    };
    let reviewed = line("2026-11-01", "review") + &line("2026-11-02", "review");
    write(tmp.path(), "reviews.jsonl", &reviewed);
    let due = due_json(tmp.path(), "2026-11-25");
    let before = plan_json(tmp.path(), "2026-11-25", &["2026-12-14", "d"]);
    write(
        tmp.path(),
        "reviews.jsonl",
        &(reviewed + &line("2026-11-20", "prep") + &line("2026-11-24", "prep")),
    );
    assert_eq!(due_json(tmp.path(), "2026-11-25"), due, "SM-2 unchanged");
    let after = plan_json(tmp.path(), "2026-11-25", &["2026-12-14", "d"]);
    assert_eq!(after["cards"][0]["last_graded"], "2026-11-24");
    assert!(
        after["cards"][0]["stability"].as_f64().unwrap()
            > before["cards"][0]["stability"].as_f64().unwrap()
    );
}

#[test]
fn the_interview_comes_from_config_toml_or_the_command_line() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "config.toml",
        "interview = \"2026-12-14\"\nprep_per_day = 7\n",
    );
    let out = concur_today(tmp.path())
        .args(["config", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["settings"]["interview"]["value"], "2026-12-14");
    assert_eq!(v["settings"]["interview"]["source"], "config.toml:1");
    assert_eq!(v["settings"]["prep_per_day"]["value"], 7);
    let out = concur_today(tmp.path())
        .args(["--interview", "2027-01-15", "config"])
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(
        text.contains("interview        2027-01-15  command line"),
        "{text}"
    );
    // A malformed date is a usage error (exit 2), with the format to use.
    let out = concur_today(tmp.path())
        .args(["--interview", "15/01/2027", "config"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    // A bad value in the file: file:line:col.
    write(tmp.path(), "config.toml", "interview = \"soon\"\n");
    let out = concur_today(tmp.path()).args(["config"]).output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("config.toml:1:13: `interview` is \"soon\": not a date"),
        "{err}"
    );
}
