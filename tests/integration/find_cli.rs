//! `concur find` end to end: matches with deck, card, status and
//! `path:line`, the ranking, deck ids and `--tag` as filters, the `--json`
//! shape, a query matching nothing, and unknown deck ids and tags.

use serde_json::Value;

use crate::common::{concur_today, stdout, write, write_deck};

const DECK: &str = "[deck]\nid = \"mine\"\nname = \"Mine\"\ntags = [\"basics\"]\n\n[[cards]]\nid = \"gil\"\nfront = \"What is the GIL?\"\nback = \"A lock\"\ntags = [\"python\"]\n\n[[cards]]\nid = \"threads\"\nfront = \"Why use threads?\"\nback = \"For I/O\"\nexplain = \"Waiting releases the GIL.\"\n\n[[cards]]\nid = \"fork\"\nfront = \"What does fork do?\"\nback = \"Copies the process\"\n";

const OTHER: &str = "[deck]\nid = \"other\"\n\n[[cards]]\nid = \"gil-again\"\nfront = \"Who holds the gil?\"\nback = \"One thread\"\n";

fn data() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    write_deck(tmp.path(), "mine.toml", DECK);
    write_deck(tmp.path(), "other.toml", OTHER);
    write(
        tmp.path(),
        "reviews.jsonl",
        "{\"at\":\"2026-11-20T10:00:00+01:00\",\"deck\":\"mine\",\"card\":\"gil\",\"grade\":5,\"kind\":\"review\",\"ms\":3000}\n",
    );
    tmp
}

fn find(tmp: &std::path::Path, args: &[&str]) -> std::process::Output {
    concur_today(tmp).arg("find").args(args).output().unwrap()
}

fn json(tmp: &std::path::Path, args: &[&str]) -> Vec<Value> {
    let out = find(tmp, &[args, &["--json"]].concat());
    assert!(out.status.success(), "{out:?}");
    serde_json::from_str::<Value>(&stdout(&out))
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn cards(rows: &[Value]) -> Vec<&str> {
    rows.iter().map(|r| r["card"].as_str().unwrap()).collect()
}

#[test]
fn matches_print_deck_card_status_and_place() {
    let tmp = data();
    let out = find(tmp.path(), &["gil", "mine", "other"]);
    assert!(out.status.success(), "{out:?}");
    let text = stdout(&out);
    let line = text.lines().find(|l| l.contains(" gil ")).unwrap();
    assert!(line.starts_with("mine"), "{text}");
    assert!(line.contains("due"), "reviewed once, 5 days ago: {text}");
    let place = format!("{}:6", tmp.path().join("decks/mine.toml").display());
    assert!(line.contains(&place), "{text}");
    assert!(text.contains("3 cards match \"gil\"."), "{text}");
}

#[test]
fn the_best_match_comes_first_and_case_is_ignored() {
    let tmp = data();
    let rows = json(tmp.path(), &["GIL", "mine", "other"]);
    let got = cards(&rows);
    // Fronts and ids beat an explanation.
    assert_eq!(got.last(), Some(&"threads"), "{got:?}");
    assert_eq!(got.len(), 3, "{got:?}");
    assert!(!got.contains(&"fork"));
}

#[test]
fn deck_ids_and_tags_filter() {
    let tmp = data();
    assert_eq!(cards(&json(tmp.path(), &["gil", "other"])), ["gil-again"]);
    assert_eq!(
        cards(&json(tmp.path(), &["gil", "mine", "--tag", "python"])),
        ["gil"]
    );
    // A deck's tag holds for its cards.
    assert_eq!(
        cards(&json(tmp.path(), &["", "mine", "other", "--tag", "basics"])),
        ["gil", "threads", "fork"]
    );
}

#[test]
fn json_has_the_documented_shape() {
    let tmp = data();
    let rows = json(tmp.path(), &["'fork", "mine"]);
    assert_eq!(rows.len(), 1);
    let mut keys: Vec<&str> = rows[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(keys, ["card", "deck", "front", "line", "path", "status"]);
    assert_eq!(rows[0]["deck"], "mine");
    assert_eq!(rows[0]["front"], "What does fork do?");
    assert_eq!(rows[0]["status"], "new");
    assert_eq!(rows[0]["line"], 18);
    assert!(rows[0]["path"].as_str().unwrap().ends_with("mine.toml"));
}

#[test]
fn nothing_found_says_so_and_succeeds() {
    let tmp = data();
    let out = find(tmp.path(), &["zzqx"]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(stdout(&out), "No card matches \"zzqx\".\n");
    assert!(json(tmp.path(), &["zzqx"]).is_empty());
    assert_eq!(stdout(&find(tmp.path(), &["zzqx", "--json"])), "[]\n");
}

#[test]
fn an_unknown_deck_or_tag_is_a_usage_error_with_a_suggestion() {
    let tmp = data();
    let out = find(tmp.path(), &["gil", "mne"]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("unknown deck id \"mne\": did you mean \"mine\"?"),
        "{err}"
    );
    let out = find(tmp.path(), &["gil", "--tag", "pyhton"]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("did you mean \"python\"?"), "{err}");
}

#[test]
fn a_bundled_card_is_placed_in_its_bundled_file() {
    let tmp = tempfile::tempdir().unwrap();
    let rows = json(tmp.path(), &["'parallelism"]);
    assert!(!rows.is_empty());
    let path = rows[0]["path"].as_str().unwrap();
    assert!(
        path.starts_with("<bundled>/") && path.ends_with(".toml"),
        "{path}"
    );
    assert!(rows[0]["line"].as_u64().unwrap() > 1);
}
