//! "Your copy wins": a deck of the user's with the id of a bundled deck
//! replaces the bundled one (its history kept, since the ids match), with a
//! note; two of the user's decks with one id stay an error.

use serde_json::Value;

use crate::common::{concur, concur_today, log_line, stdout, write, write_deck};

/// A one-card deck with id `id` whose card `kept` has front `front`.
fn deck(id: &str, card: &str, front: &str) -> String {
    format!(
        "[deck]\nid = \"{id}\"\n[[cards]]\nid = \"{card}\"\nfront = \"{front}\"\nback = \"b\"\n"
    )
}

/// `(deck, card, status)` of every card `due --json` lists.
fn due_cards(data: &std::path::Path, args: &[&str]) -> Vec<(String, String, String)> {
    let out = concur_today(data)
        .args(args)
        .args(["due", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    v["cards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let s = |k: &str| c[k].as_str().unwrap().to_string();
            (s("deck"), s("card"), s("status"))
        })
        .collect()
}

#[test]
fn a_copy_in_the_data_folder_replaces_the_bundled_deck_with_its_history() {
    let tmp = tempfile::tempdir().unwrap();
    // History of a bundled card, kept by the copy (same deck and card ids).
    write(
        tmp.path(),
        "reviews.jsonl",
        &log_line("mt-vs-mp", "concurrency-vs-parallelism", "review"),
    );
    let copy = write_deck(
        tmp.path(),
        "mt-vs-mp.toml",
        &deck("mt-vs-mp", "concurrency-vs-parallelism", "Edited?"),
    );
    let cards = due_cards(tmp.path(), &[]);
    let mine: Vec<_> = cards.iter().filter(|c| c.0 == "mt-vs-mp").collect();
    assert_eq!(mine.len(), 1, "{cards:?}");
    assert_eq!(mine[0].1, "concurrency-vs-parallelism");
    assert_ne!(mine[0].2, "new", "the history is kept: {cards:?}");
    // The other bundled decks stay.
    assert!(cards.iter().any(|c| c.0 != "mt-vs-mp"));
    let out = concur(tmp.path()).arg("check").output().unwrap();
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains(&format!(
            "{} replaces the bundled deck mt-vs-mp",
            copy.display()
        )),
        "{text}"
    );
    assert!(!text.contains("duplicate"), "{text}");
}

#[test]
fn a_deck_path_with_a_bundled_id_replaces_it_too() {
    let tmp = tempfile::tempdir().unwrap();
    let other = tempfile::tempdir().unwrap();
    let path = write(other.path(), "mine.toml", &deck("mt-vs-mp", "only", "Q?"));
    let arg = path.to_str().unwrap();
    let cards = due_cards(tmp.path(), &["--deck", arg]);
    let mine: Vec<_> = cards.iter().filter(|c| c.0 == "mt-vs-mp").collect();
    assert_eq!(mine.len(), 1, "{cards:?}");
    assert_eq!(mine[0].1, "only");
    // `check FILE` of such a copy: a note, no clash.
    let out = concur(tmp.path()).arg("check").arg(&path).output().unwrap();
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("replaces the bundled deck mt-vs-mp"),
        "{text}"
    );
}

#[test]
fn two_user_decks_with_one_id_are_still_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    write_deck(tmp.path(), "a.toml", &deck("mt-vs-mp", "x", "Q?"));
    write_deck(tmp.path(), "b.toml", &deck("mt-vs-mp", "y", "R?"));
    let out = concur(tmp.path()).arg("check").output().unwrap();
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("b.toml:2:6: error: duplicate deck id \"mt-vs-mp\""),
        "{text}"
    );
    assert!(
        text.contains("a.toml replaces the bundled deck mt-vs-mp"),
        "{text}"
    );
}
