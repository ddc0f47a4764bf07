//! The authoring commands end to end: import, new, check (--json, --orphans,
//! --fix-ids, the new warnings), export and reverse cards. Every run uses
//! its own `--data-dir` in a temporary folder.
use std::path::{Path, PathBuf};

use assert_cmd::prelude::*;
use predicates::prelude::*;
use serde_json::Value;

use crate::common::{concur, due_json, log_line, stdout, write_deck};

fn seed() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seed_notes.md")
}

fn card_ids(data: &Path, deck: &str) -> Vec<String> {
    let v: Value = serde_json::from_str(&due_json(data, "2026-01-02")).unwrap();
    v["cards"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["deck"] == deck)
        .map(|c| c["card"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_seed_notes_import_into_the_twelve_cards_of_their_tables() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("seed.toml");
    concur(tmp.path())
        .arg("import")
        .arg(seed())
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "6 bullets under \"Conclusion\" were not imported; pass --bullets",
        ))
        .stderr(predicate::str::contains("Wrote 12 cards to"));
    let text = std::fs::read_to_string(&out).unwrap();
    for decoration in ["❓", "[source]", "[1]", "--|--", "https://", "\\|"] {
        assert!(!text.contains(decoration), "{decoration} in\n{text}");
    }
    let deck: toml::Table = toml::from_str(&text).unwrap();
    let cards = deck["cards"].as_array().unwrap();
    assert_eq!(cards.len(), 12);
    let ids: Vec<&str> = cards.iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        vec![
            "subprocess",
            "signal",
            "threading",
            "multiprocessing",
            "asyncio",
            "concurrent-futures",
            "many-threads-running-at-given-time-in-a-python",
            "multiprocessing-or-multithreading-is-concurrency",
            "multiprocessing-or-multithreading-is-parallelism",
            "multiprocessing-or-multithreading-is-best-for",
            "multiprocessing-or-multithreading-is-best-for-io",
            "if-having-cpu-heavy-tasks-use-multiprocessing",
        ]
    );
    assert!(ids.iter().all(|id| id.len() <= 48));
    assert_eq!(
        cards[6]["front"].as_str(),
        Some("many threads running at given time in a python")
    );
    assert_eq!(cards[6]["back"].as_str(), Some("false"));
    assert_eq!(
        cards[11]["front"].as_str(),
        Some("if having CPU heavy tasks, use multiprocessing with n_process = ___ and never more.")
    );
    assert_eq!(
        deck["deck"]["name"].as_str(),
        Some("Concurrency with Process, Thread, Coroutine")
    );
    concur(tmp.path())
        .arg("check")
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::diff("1 deck, 12 cards, 0 warnings\n"));
}

#[test]
fn bullets_become_cards_only_on_request_and_are_flagged() {
    let tmp = tempfile::tempdir().unwrap();
    let out = concur(tmp.path())
        .arg("import")
        .arg(seed())
        .arg("--bullets")
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr.clone()).unwrap();
    assert!(err.contains("6 cards were made from bullets"), "{err}");
    assert!(err.contains("need reviewing"), "{err}");
    let deck: toml::Table = toml::from_str(&stdout(&out)).unwrap();
    let cards = deck["cards"].as_array().unwrap();
    assert_eq!(cards.len(), 18);
    let tagged = cards
        .iter()
        .filter(|c| {
            c.get("tags")
                .and_then(|t| t.as_array())
                .is_some_and(|t| t.iter().any(|x| x.as_str() == Some("needs-review")))
        })
        .count();
    assert_eq!(tagged, 6);
}

#[test]
fn import_refuses_to_overwrite_and_rejects_bad_deck_ids() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("x.toml");
    std::fs::write(&out, "keep me").unwrap();
    concur(tmp.path())
        .arg("import")
        .arg(seed())
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("already exists"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");
    concur(tmp.path())
        .arg("import")
        .arg(seed())
        .args(["--deck-id", "Not A Slug"])
        .assert()
        .code(2);
    concur(tmp.path())
        .arg("import")
        .arg(seed())
        .args(["--deck-id", "python-notes"])
        .assert()
        .success()
        .stdout(predicate::str::contains("id = \"python-notes\""));
}

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
fn import_check_export_round_trip() {
    let tmp = tempfile::tempdir().unwrap();
    let deck = tmp.path().join("decks").join("seed.toml");
    std::fs::create_dir_all(deck.parent().unwrap()).unwrap();
    concur(tmp.path())
        .arg("import")
        .arg(seed())
        .args(["--deck-id", "seed", "-o"])
        .arg(&deck)
        .assert()
        .success();
    concur(tmp.path()).arg("check").assert().success();
    let csv_out = concur(tmp.path())
        .args(["export", "--format", "csv", "seed"])
        .output()
        .unwrap();
    assert!(csv_out.status.success());
    let mut reader = csv::Reader::from_reader(csv_out.stdout.as_slice());
    assert_eq!(
        reader.headers().unwrap(),
        vec![
            "deck", "id", "front", "back", "accept", "explain", "tags", "demo"
        ]
    );
    let from_csv: Vec<(String, String, String)> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            assert_eq!(&r[0], "seed");
            (r[1].to_string(), r[2].to_string(), r[3].to_string())
        })
        .collect();
    let json_file = tmp.path().join("out.json");
    concur(tmp.path())
        .args(["export", "--format", "json", "-o"])
        .arg(&json_file)
        .arg("seed")
        .assert()
        .success()
        .stderr(predicate::str::contains("Wrote 12 cards from 1 decks"));
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&json_file).unwrap()).unwrap();
    assert_eq!(v["decks"].as_array().unwrap().len(), 1);
    let from_json: Vec<(String, String, String)> = v["decks"][0]["cards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_string(),
                c["front"].as_str().unwrap().to_string(),
                c["back"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(from_csv.len(), 12);
    assert_eq!(from_csv, from_json);
    let anki = concur(tmp.path())
        .args(["export", "--format", "anki", "seed"])
        .output()
        .unwrap();
    let text = stdout(&anki);
    assert!(text.starts_with("#separator:tab\n#html:false\n#tags column:3\n"));
    assert_eq!(text.lines().count(), 3 + 12);
    assert!(text.contains("concurrent.futures\tprovides implementation"));
}

#[test]
fn export_of_an_unknown_deck_lists_the_known_ones() {
    let tmp = tempfile::tempdir().unwrap();
    concur(tmp.path())
        .args(["export", "nope"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "unknown deck id \"nope\": known decks are mt-vs-mp, python-concurrency-modules, process-thread-coroutine",
        ));
}

#[test]
fn new_writes_a_template_that_passes_check_and_never_overwrites() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("decks").join("my-deck.toml");
    concur(tmp.path())
        .args(["new", "my-deck"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(format!("{}\n", path.display())))
        .stdout(predicate::str::contains("Next steps:"));
    concur(tmp.path())
        .arg("check")
        .arg(&path)
        .assert()
        .success()
        .stdout("1 deck, 3 cards, 0 warnings\n");
    let before = std::fs::read_to_string(&path).unwrap();
    concur(tmp.path())
        .args(["new", "my-deck"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("already exists"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before);
    concur(tmp.path())
        .args(["new", "../escape"])
        .assert()
        .code(2);
    concur(tmp.path())
        .args(["new", "mt-vs-mp"])
        .assert()
        .code(1);
    assert!(!tmp.path().join("decks").join("mt-vs-mp.toml").exists());
}

#[test]
fn reverse_cards_are_two_cards_in_the_queue() {
    let tmp = tempfile::tempdir().unwrap();
    write_deck(
        tmp.path(),
        "rev.toml",
        "[deck]\nid = \"rev\"\n\n[[cards]]\nid = \"x\"\nfront = \"GIL\"\nback = \"Global Interpreter Lock\"\nreverse = true\n\n[[cards]]\nid = \"y\"\nfront = \"one way\"\nback = \"only\"\n",
    );
    assert_eq!(card_ids(tmp.path(), "rev"), vec!["x", "x~rev", "y"]);
    // A review of the reverse card is its own schedule.
    std::fs::write(
        tmp.path().join("reviews.jsonl"),
        log_line("rev", "x~rev", "review"),
    )
    .unwrap();
    let out = concur(tmp.path())
        .args(["--today", "2026-01-01", "due", "--json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let status = |id: &str| {
        v["cards"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["deck"] == "rev" && c["card"] == id)
            .unwrap()["status"]
            .clone()
    };
    assert_eq!(status("x"), "new");
    assert_eq!(status("x~rev"), "later");
    // Exports carry the card as written, not the expansion.
    let out = concur(tmp.path())
        .args(["export", "--format", "json", "rev"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let cards = v["decks"][0]["cards"].as_array().unwrap();
    assert_eq!(cards.len(), 2);
    assert_eq!(cards[0]["reverse"], true);
    // `reverse` must be a boolean.
    let p = write_deck(
        tmp.path(),
        "bad.toml",
        "[[cards]]\nid = \"a\"\nfront = \"f\"\nback = \"b\"\nreverse = \"yes\"\n",
    );
    concur(tmp.path())
        .arg("check")
        .arg(&p)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(format!(
            "{}:5:11: error: `reverse` must be true or false",
            p.display()
        )));
}
