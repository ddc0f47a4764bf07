//! `concur import` on the Markdown shapes real notes have: one test per
//! shape, each importing a small file and reading the TOML it wrote.

use crate::common::{concur, stdout, write};

/// Imports `md` (written to a temporary file) and returns the deck as TOML
/// and the notes printed on stderr; the import must succeed.
fn import(md: &str) -> (toml::Table, String) {
    let tmp = tempfile::tempdir().unwrap();
    let file = write(tmp.path(), "notes.md", md);
    let out = concur(tmp.path())
        .arg("import")
        .arg(&file)
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr.clone()).unwrap();
    assert!(out.status.success(), "{err}");
    (toml::from_str(&stdout(&out)).unwrap(), err)
}

/// The cards' (front, back).
fn sides(deck: &toml::Table) -> Vec<(String, String)> {
    deck["cards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["front"].as_str().unwrap().to_string(),
                c["back"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn ids(deck: &toml::Table) -> Vec<String> {
    deck["cards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn setext_headings_name_the_deck_and_tag_the_cards() {
    let (deck, _) = import("Threads\n=======\n\nBasics\n------\n\nfront | back\n--|--\nq | a\n");
    assert_eq!(deck["deck"]["name"].as_str(), Some("Threads"));
    assert_eq!(deck["deck"]["id"].as_str(), Some("threads"));
    assert_eq!(deck["cards"][0]["tags"][0].as_str(), Some("basics"));
}

#[test]
fn a_byte_order_mark_is_skipped() {
    let (deck, _) = import("\u{FEFF}# Title\n\nfront | back\n--|--\nq | a\n");
    assert_eq!(deck["deck"]["name"].as_str(), Some("Title"));
    assert_eq!(sides(&deck), vec![("q".into(), "a".into())]);
}

#[test]
fn html_entities_are_decoded_and_stay_out_of_ids() {
    let (deck, _) = import("front | back\n--|--\nR&amp;D&nbsp;team &#x2713; | yes &lt;3\n");
    assert_eq!(
        sides(&deck),
        vec![("R&D\u{a0}team ✓".replace('\u{a0}', " "), "yes <3".into())]
    );
    assert_eq!(ids(&deck), vec!["r-d-team-ok"]);
}

#[test]
fn emphasis_markers_are_dropped() {
    let (deck, _) = import("front | back\n--|--\n*one* _two_ | __three__ **four**\n");
    assert_eq!(sides(&deck), vec![("one two".into(), "three four".into())]);
}

#[test]
fn an_indented_code_block_is_not_a_table() {
    let md = "# T\n\n    front | back\n    --|--\n    not | a card\n\nfront | back\n--|--\nq | a\n";
    let (deck, _) = import(md);
    assert_eq!(sides(&deck), vec![("q".into(), "a".into())]);
}

#[test]
fn pipes_inside_inline_code_stay_in_their_cell() {
    let (deck, err) = import("front | back\n--|--\n`a || b` in shell | runs b if a fails\n");
    assert_eq!(
        sides(&deck),
        vec![("`a || b` in shell".into(), "runs b if a fails".into())]
    );
    assert!(!err.contains("empty"), "{err}");
}

#[test]
fn text_symbols_stay_and_only_emoji_markers_go() {
    let (deck, _) = import("## ❓ Music\n\nfront | back\n--|--\n✅ C♯ is | D♭ 🚀\n★ ✓ □ | ■ ♔\n");
    assert_eq!(
        sides(&deck),
        vec![
            ("C♯ is".into(), "D♭".into()),
            ("★ ✓ □".into(), "■ ♔".into())
        ]
    );
    assert_eq!(deck["deck"]["name"].as_str(), Some("Music"));
}

#[test]
fn question_and_answer_notes_become_cards() {
    let md = "# GIL\n\nQ: What does the GIL lock?\nA: the interpreter\n\nQ: Who holds it?\n\nA: one thread at a time\n\n- **Q:** Is it fair? **A:** CPython forces a hand-over\n";
    let (deck, _) = import(md);
    assert_eq!(
        sides(&deck),
        vec![
            ("What does the GIL lock?".into(), "the interpreter".into()),
            ("Who holds it?".into(), "one thread at a time".into()),
            ("Is it fair?".into(), "CPython forces a hand-over".into()),
        ]
    );
}

#[test]
fn extra_cells_are_dropped_with_a_note() {
    let (deck, err) = import("front | back\n--|--\nq | a | stray text\n");
    assert_eq!(sides(&deck), vec![("q".into(), "a".into())]);
    assert!(
        err.contains("notes.md:3: note: cell 3 (\"stray text\") dropped"),
        "{err}"
    );
}

#[test]
fn ids_are_ascii_slugs_that_check_and_as_accepts() {
    let tmp = tempfile::tempdir().unwrap();
    let file = write(
        tmp.path(),
        "notes.md",
        "# Café y más\n\nfront | back\n--|--\nÉtude à Zürich | oui\n",
    );
    let out = tmp.path().join("out.toml");
    let run = concur(tmp.path())
        .arg("import")
        .arg(&file)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(run.status.success(), "{run:?}");
    let deck: toml::Table = toml::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(deck["deck"]["id"].as_str(), Some("cafe-y-mas"));
    assert_eq!(ids(&deck), vec!["etude-a-zurich"]);
    let check = concur(tmp.path()).arg("check").arg(&out).output().unwrap();
    assert!(check.status.success(), "{check:?}");
    let again = concur(tmp.path())
        .arg("import")
        .arg(&file)
        .args(["--as", "cafe-y-mas"])
        .output()
        .unwrap();
    assert!(again.status.success(), "{again:?}");
}
