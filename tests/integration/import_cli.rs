//! `concur import` end to end: the seed notes, bullets, refusing to overwrite
//! and bad deck ids. Every run uses its own `--data-dir` in a temporary folder.

use assert_cmd::prelude::*;
use predicates::prelude::*;

use crate::common::{concur, seed, stdout};

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
            "multiprocessing-or-multithreading-computations",
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
        Some("Multithreading vs Multiprocessing")
    );
    assert_eq!(
        cards[0]["tags"].as_array().unwrap()[0].as_str(),
        Some("concurrency-with-process-thread-coroutine")
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
        .args(["--as", "Not A Slug"])
        .assert()
        .code(2);
    concur(tmp.path())
        .arg("import")
        .arg(seed())
        .args(["--as", "python-notes"])
        .assert()
        .success()
        .stdout(predicate::str::contains("id = \"python-notes\""));
}
