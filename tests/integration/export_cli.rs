//! `concur export` and `concur new` end to end, the import -> check -> export
//! round trip, and reverse cards. Every run uses its own `--data-dir` in a
//! temporary folder.

use assert_cmd::prelude::*;
use predicates::prelude::*;
use serde_json::Value;

use crate::common::{card_ids, concur, log_line, seed, stdout, write_deck};

#[test]
fn import_check_export_round_trip() {
    let tmp = tempfile::tempdir().unwrap();
    let deck = tmp.path().join("decks").join("seed.toml");
    std::fs::create_dir_all(deck.parent().unwrap()).unwrap();
    concur(tmp.path())
        .arg("import")
        .arg(seed())
        .args(["--as", "seed", "-o"])
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
            "deck", "id", "front", "back", "cloze", "accept", "explain", "tags", "demo"
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
        .stderr(predicate::str::contains("Wrote 12 notes from 1 deck "));
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
    assert!(text.starts_with(
        "#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n#deck column:3\n#tags column:6\n"
    ));
    assert_eq!(text.lines().count(), 6 + 12);
    assert!(text.contains(
        "concur:seed:concurrent-futures\tBasic\tconcur::Multithreading vs Multiprocessing\tconcurrent.futures\tprovides implementation"
    ));
}

const RICH: &str = r#"[deck]
id = "rich"
name = "Rich deck"
description = "every field"
tags = ["a;b", "plain"]

[[cards]]
id = "one"
front = "C; or C++?"
back = "both"
accept = ["C; C++", "back\\slash"]
explain = "Semicolons; everywhere"
tags = ["x;y"]
reverse = true
demo = { name = "cpu-bound", workers = 2 }

[[cards]]
front = "no id here"
back = "hashed"
"#;

#[test]
fn json_export_imports_back_into_the_same_deck() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("rich.toml");
    std::fs::write(&src, RICH).unwrap();
    let first = tmp.path().join("first.json");
    concur(tmp.path())
        .arg("--deck")
        .arg(&src)
        .args(["export", "--format", "json", "rich", "-o"])
        .arg(&first)
        .assert()
        .success();
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&first).unwrap()).unwrap();
    assert_eq!(v["format"], "concur-decks");
    assert_eq!(v["version"], 1);
    // Import it into a deck file of its own, check it, export it again.
    let other = tempfile::tempdir().unwrap();
    let back = other.path().join("rich.toml");
    concur(other.path())
        .arg("import")
        .arg(&first)
        .arg("-o")
        .arg(&back)
        .assert()
        .success()
        .stderr(predicate::str::contains("Wrote 2 cards"));
    concur(other.path())
        .arg("check")
        .arg(&back)
        .assert()
        .success();
    let second = other.path().join("second.json");
    concur(other.path())
        .arg("--deck")
        .arg(&back)
        .args(["export", "--format", "json", "rich", "-o"])
        .arg(&second)
        .assert()
        .success();
    let strip = |p: &std::path::Path| {
        let mut v: Value = serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
        for d in v["decks"].as_array_mut().unwrap() {
            d["source"] = Value::Null;
            for c in d["cards"].as_array_mut().unwrap() {
                c["line"] = Value::Null;
            }
        }
        v
    };
    assert_eq!(strip(&first), strip(&second));
}

#[test]
fn csv_lists_with_semicolons_survive_a_round_trip() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("rich.toml");
    std::fs::write(&src, RICH).unwrap();
    let out = concur(tmp.path())
        .arg("--deck")
        .arg(&src)
        .args(["export", "--format", "csv", "rich"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let row = reader.records().next().unwrap().unwrap();
    assert_eq!(
        concur::deck::export::split_list(&row[5]),
        vec!["C; C++", "back\\slash"]
    );
    assert_eq!(concur::deck::export::split_list(&row[7]), vec!["x;y"]);
    assert_eq!(&row[6], "Semicolons; everywhere");
}

#[test]
fn anki_export_keeps_ids_decks_explanations_and_both_directions() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("rich.toml");
    std::fs::write(&src, RICH).unwrap();
    let out = concur(tmp.path())
        .arg("--deck")
        .arg(&src)
        .args(["export", "rich"])
        .output()
        .unwrap();
    let text = stdout(&out);
    let rows: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(
        rows[0],
        "concur:rich:one\tBasic (and reversed card)\tconcur::Rich deck\tC; or C++?\t\"both<hr class=\"\"explain\"\">Semicolons; everywhere\"\trich a;b plain x;y"
    );
    assert!(
        rows.iter()
            .any(|r| r.contains("\tBasic\tconcur::Rich deck\tno id here\thashed\t"))
    );
}

#[test]
fn export_refuses_to_overwrite_without_force_and_names_a_missing_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out.txt");
    std::fs::write(&out, "keep me").unwrap();
    concur(tmp.path())
        .args(["export", "-o"])
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("already exists"))
        .stderr(predicate::str::contains("--force"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");
    concur(tmp.path())
        .args(["export", "--force", "-o"])
        .arg(&out)
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .starts_with("#separator")
    );
    concur(tmp.path())
        .args(["export", "-o"])
        .arg(tmp.path().join("missing/out.txt"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does not exist"));
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
