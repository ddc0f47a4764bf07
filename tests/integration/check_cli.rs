//! `concur check` end to end: `--json`, the warnings (near-duplicates, long
//! sides, ids), `--orphans` and `--fix-ids`. Every run uses its own
//! `--data-dir` in a temporary folder.

use assert_cmd::prelude::*;
use predicates::prelude::*;
use serde_json::Value;

use crate::common::{card_ids, concur, log_line, stdout, write_deck};

#[test]
fn check_json_has_the_documented_shape() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = write_deck(
        tmp.path(),
        "bad.toml",
        "[[cards]]\nid = \"a\"\nfront = 3\nback = \"b\"\n",
    );
    write_deck(
        tmp.path(),
        "warn.toml",
        "[[cards]]\nfront = \"q\"\nback = \"b\"\n",
    );
    let out = concur(tmp.path())
        .args(["check", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let obj = v.as_object().unwrap();
    let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(
        keys,
        ["cards", "decks", "diagnostics", "errors", "warnings"]
    );
    assert_eq!(v["errors"], 1);
    assert_eq!(v["warnings"], 1);
    assert_eq!(v["decks"], 4); // 3 bundled + warn.toml
    let first = &v["diagnostics"][0];
    assert_eq!(first["path"], bad.display().to_string());
    assert_eq!(first["line"], 3);
    assert_eq!(first["col"], 9);
    assert_eq!(first["severity"], "error");
    assert!(
        first["message"]
            .as_str()
            .unwrap()
            .starts_with("`front` must be a string")
    );
    let mut fields: Vec<&str> = first
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    fields.sort();
    assert_eq!(fields, ["col", "line", "message", "path", "severity"]);
    assert_eq!(v["diagnostics"][1]["severity"], "warning");
}

#[test]
fn near_duplicates_and_long_sides_are_warned() {
    let tmp = tempfile::tempdir().unwrap();
    let long = "word ".repeat(120);
    let p = write_deck(
        tmp.path(),
        "d.toml",
        &format!(
            "[[cards]]\nid = \"a\"\nfront = \"What is the GIL?\"\nback = \"a lock\"\n\n[[cards]]\nid = \"b\"\nfront = \"what is  the GIL\"\nback = \"another\"\n\n[[cards]]\nid = \"c\"\nfront = \"long\"\nback = \"{long}\"\naccept = [\"\"]\n"
        ),
    );
    let shown = p.display().to_string();
    concur(tmp.path())
        .arg("check")
        .arg(&p)
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "{shown}:7:6: warning: card's front differs from the card on line 1 only in case, spacing or punctuation"
        )))
        .stdout(predicate::str::contains(format!(
            "{shown}:11:1: warning: card 3: the back is 599 characters long (over 500)"
        )))
        .stdout(predicate::str::contains(format!(
            "{shown}:15:11: warning: empty `accept` entry"
        )))
        .stdout(predicate::str::contains("1 deck, 3 cards, 3 warnings"));
}

#[test]
fn a_card_without_id_that_has_history_is_warned_about() {
    let tmp = tempfile::tempdir().unwrap();
    let p = write_deck(
        tmp.path(),
        "n.toml",
        "[[cards]]\nfront = \"Studied\"\nback = \"b\"\n\n[[cards]]\nfront = \"Never seen\"\nback = \"c\"\n",
    );
    let ids = card_ids(tmp.path(), "n");
    std::fs::write(
        tmp.path().join("reviews.jsonl"),
        log_line("n", &ids[0], "review"),
    )
    .unwrap();
    let out = concur(tmp.path()).arg("check").arg(&p).output().unwrap();
    let text = stdout(&out);
    let needle = format!(
        "{}:1:1: warning: card without `id` has history in the review log (1 line under \"{}\"): editing its front would reset its progress",
        p.display(),
        ids[0]
    );
    assert!(text.contains(&needle), "{text}");
    assert_eq!(text.matches("has history in the review log").count(), 1);
}

#[test]
fn orphans_are_listed_by_deck() {
    let tmp = tempfile::tempdir().unwrap();
    write_deck(
        tmp.path(),
        "n.toml",
        "[[cards]]\nid = \"here\"\nfront = \"f\"\nback = \"b\"\n",
    );
    let log = [
        log_line("n", "here", "review"),
        log_line("n", "gone", "review"),
        log_line("n", "gone", "cram"),
        log_line("old-deck", "x", "review"),
        log_line("mt-vs-mp", "cpu-bound-pick", "review"),
    ]
    .concat();
    std::fs::write(tmp.path().join("reviews.jsonl"), log).unwrap();
    let out = concur(tmp.path())
        .args(["check", "--orphans"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = stdout(&out);
    let expected = "have history but no longer exist (their lines are kept):\n  deck n (1 card):\n    gone  2 lines\n  deck old-deck (1 card, deck not loaded: removed, renamed or has errors):\n    x  1 line\n";
    assert!(text.contains(expected), "{text}");
    let out = concur(tmp.path())
        .args(["check", "--orphans", "--json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        v["orphans"],
        serde_json::json!([
            {"deck": "n", "card": "gone", "lines": 2, "deck_loaded": true},
            {"deck": "old-deck", "card": "x", "lines": 1, "deck_loaded": false},
        ])
    );
}

#[test]
fn fix_ids_adds_only_id_lines_and_keeps_history_keys() {
    let tmp = tempfile::tempdir().unwrap();
    let original = "# My deck: comments must survive.\n[deck]\nname   =   \"Mine\"   # aligned on purpose\n\n# --- first card ---\n[[cards]]\nfront = \"Studied card\"  # it has history\nback = '''literal'''\n\n[[cards]]\nid = \"has-one\"\nfront = \"x\"\nback = \"y\"\n\n[[cards]]\n    front = \"Brand new card\"\n    back = \"\"\"multi\nline\"\"\"\n    reverse = true\n";
    let p = write_deck(tmp.path(), "mine.toml", original);
    let ids = card_ids(tmp.path(), "mine");
    assert_eq!(ids.len(), 4);
    std::fs::write(
        tmp.path().join("reviews.jsonl"),
        log_line("mine", &ids[0], "review"),
    )
    .unwrap();
    concur(tmp.path())
        .args(["check", "--fix-ids"])
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "{}: wrote 2 ids (1 kept as the h-... id the review log already uses",
            p.display()
        )))
        .stdout(predicate::str::contains("has no `id`").not());
    let after = std::fs::read_to_string(&p).unwrap();
    let before_lines: Vec<&str> = original.lines().collect();
    let after_lines: Vec<&str> = after.lines().collect();
    let added: Vec<&str> = after_lines
        .iter()
        .filter(|l| !before_lines.contains(l))
        .copied()
        .collect();
    assert_eq!(
        added,
        vec![
            format!("id = \"{}\"", ids[0]),
            "    id = \"brand-new-card\"".to_string()
        ]
    );
    let kept: Vec<&str> = after_lines
        .iter()
        .filter(|l| before_lines.contains(l))
        .copied()
        .collect();
    assert_eq!(kept, before_lines);
    // The studied card keeps its key, so its history still matches.
    let new_ids = card_ids(tmp.path(), "mine");
    assert_eq!(
        new_ids,
        vec![
            ids[0].clone(),
            "has-one".to_string(),
            "brand-new-card".to_string(),
            "brand-new-card~rev".to_string()
        ]
    );
    // A second run changes nothing.
    concur(tmp.path())
        .args(["check", "--fix-ids"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "every card has an id; nothing written",
        ));
    assert_eq!(std::fs::read_to_string(&p).unwrap(), after);
}

#[test]
fn fix_ids_leaves_files_with_errors_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let text = "[[cards]]\nfront = \"a\"\nback = 1\n";
    let p = write_deck(tmp.path(), "bad.toml", text);
    concur(tmp.path())
        .args(["check", "--fix-ids"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("not changed: it has errors"));
    assert_eq!(std::fs::read_to_string(&p).unwrap(), text);
}

#[test]
fn one_run_reports_every_error_of_a_deck_with_many() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("many.toml");
    std::fs::write(
        &file,
        "[deck]\nid = \"many\"\n\n\
         [[cards]]\nid = \"a\"\nfront = \"Same?\"\nback = \"b\"\n\n\
         [[cards]]\nid = \"a\"\nfront = \"Other?\"\nback = \"c\"\ntags = 3\n\n\
         [[cards]]\nfront = \"Same?\"\nback = \"d\"\ncolour = \"red\"\n\n\
         [[cards]]\nid = \"z\"\nfront = \"Third?\"\ndemo = \"cpu-bund\"\n",
    )
    .unwrap();
    let out = concur(tmp.path()).arg("check").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    for expected in [
        "many.toml:10:6: error: duplicate card id \"a\"",
        "many.toml:13:8: error: `tags`",
        "many.toml:15:1: warning: card 3 has no `id`",
        "many.toml:15:1: warning: card has the same front as the card on line 4",
        "many.toml:18:1: error: unknown key `colour`",
        "error: card 4 has no `back`",
        "many.toml:23:8: error: unknown demo \"cpu-bund\": did you mean \"cpu-bound\"?",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from\n{text}");
    }
    assert!(text.contains("5 errors"), "{text}");
}

#[test]
fn check_file_reports_a_clash_with_every_other_loaded_deck() {
    let tmp = tempfile::tempdir().unwrap();
    // A deck in $DATA/decks and a --deck path (a bundled id is no clash:
    // the copy replaces the bundled deck, see override_cli.rs).
    write_deck(
        tmp.path(),
        "mine.toml",
        "[deck]\nid = \"mine\"\n[[cards]]\nid = \"a\"\nfront = \"q\"\nback = \"b\"\n",
    );
    let other = tempfile::tempdir().unwrap();
    let extra = other.path().join("extra.toml");
    std::fs::write(
        &extra,
        "[deck]\nid = \"extra\"\n[[cards]]\nid = \"a\"\nfront = \"q\"\nback = \"b\"\n",
    )
    .unwrap();
    for (id, by) in [("mine", "mine.toml"), ("extra", "extra.toml")] {
        let clash = other.path().join("clash.toml");
        std::fs::write(
            &clash,
            format!("[deck]\nid = \"{id}\"\n[[cards]]\nid = \"x\"\nfront = \"q?\"\nback = \"b\"\n"),
        )
        .unwrap();
        let out = concur(tmp.path())
            .arg("--deck")
            .arg(&extra)
            .arg("check")
            .arg(&clash)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{id}");
        let text = stdout(&out);
        assert!(
            text.contains(&format!(
                "clash.toml:2:6: error: deck id \"{id}\" is already used by"
            )),
            "{text}"
        );
        assert!(text.contains(by), "{by} in {text}");
    }
    // The deck file itself is not a clash with itself.
    concur(tmp.path())
        .arg("check")
        .arg(tmp.path().join("decks/mine.toml"))
        .assert()
        .success();
}

#[test]
fn a_missing_path_given_to_check_is_named_as_given() {
    let tmp = tempfile::tempdir().unwrap();
    let out = concur(tmp.path())
        .args(["check", "no-such-deck.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("no-such-deck.toml:1:1: error: no such file or folder: check the path given to `concur check`"),
        "{text}"
    );
    assert!(!text.contains("--deck"), "{text}");
    assert_eq!(text.matches("no-such-deck.toml").count(), 1, "{text}");
}

#[test]
fn check_log_hashes_the_whole_snapshot_prefix_and_rebuilds_a_changed_one() {
    let tmp = tempfile::tempdir().unwrap();
    write_deck(
        tmp.path(),
        "d.toml",
        "[deck]\nid = \"d\"\n\n[[cards]]\nid = \"a\"\nfront = \"q\"\nback = \"b\"\n",
    );
    let log = tmp.path().join("reviews.jsonl");
    std::fs::write(&log, log_line("d", "a", "review").repeat(3)).unwrap();
    let check_log = || {
        let out = concur(tmp.path())
            .args(["check", "--log"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        stdout(&out)
    };
    assert!(check_log().contains("review log: there was no replay snapshot to verify"));
    assert!(check_log().contains("review log: verified"));
    // An edit in place, same size (`card` a -> b): the snapshot is rebuilt.
    let text = std::fs::read_to_string(&log).unwrap();
    let at = text.find("\"card\":\"a\"").unwrap() + 8;
    {
        use std::io::{Seek, SeekFrom, Write};
        let mut f = std::fs::OpenOptions::new().write(true).open(&log).unwrap();
        f.seek(SeekFrom::Start(at as u64)).unwrap();
        f.write_all(b"b").unwrap();
    }
    let out = check_log();
    assert!(
        out.contains("changed after the replay snapshot was made"),
        "{out}"
    );
    assert!(check_log().contains("review log: verified"));
}
