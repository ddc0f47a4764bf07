#![allow(clippy::unwrap_used)]
use super::*;
use crate::deck::{DeckSource, parse_deck};

/// A deck with a reversed card with an explanation, a card with a demo and
/// accepted answers, a card with a fenced code block and a cloze note of
/// two numbers with an extra back.
pub(super) fn deck() -> Deck {
    let text = concat!(
        "[deck]\nid = \"d\"\ntags = [\"two words\"]\n",
        "[[cards]]\nid = \"a\"\nfront = \"tab\\there \\\"q\\\"\"\nback = \"line\\nbreak\"\nreverse = true\nexplain = \"why\"\ntags = [\"x\"]\n",
        "[[cards]]\nid = \"b\"\nfront = \"#hash\"\nback = \"plain\"\naccept = [\"p\", \"pl\"]\ndemo = { name = \"cpu-bound\", workers = 2 }\n",
        "[[cards]]\nid = \"c\"\nfront = \"fix it\"\nback = \"\"\"\n```python\nwith lock:\n    n += 1\n```\"\"\"\n",
        "[[cards]]\nid = \"z\"\ncloze = \"a {{c1::Process}} has its own memory, `{{c2::threads}}` share one\"\nback = \"See the demo.\"\n",
    );
    let (d, diags) = parse_deck(
        text.as_bytes(),
        "d.toml",
        "d",
        DeckSource::Bundled("d.toml"),
    );
    assert!(diags.is_empty(), "{diags:?}");
    d.unwrap()
}

#[test]
fn one_note_per_card_as_written() {
    let d = deck();
    assert_eq!(d.cards.len(), 6, "a, a~rev, b, c, z::c1, z::c2");
    let ids: Vec<&str> = notes(&d).map(|n| n.id()).collect();
    assert_eq!(ids, vec!["a", "b", "c", "z"]);
    let z = notes(&d).last().unwrap();
    assert!(matches!(z, Note::Cloze(..)));
    assert_eq!(z.extra(), "See the demo.");
    assert_eq!(notes(&d).next().unwrap().extra(), "");
}

#[test]
fn a_cloze_without_extra_has_an_empty_one() {
    let (d, _) = parse_deck(
        b"[[cards]]\nid = \"z\"\ncloze = \"x {{c1::y}}\"\n",
        "d.toml",
        "d",
        DeckSource::Bundled("d.toml"),
    );
    let d = d.unwrap();
    assert_eq!(notes(&d).next().unwrap().extra(), "");
}

#[test]
fn guids_are_stable_and_an_imported_one_wins() {
    let d = deck();
    let z = notes(&d).last().unwrap();
    assert_eq!(guid_of(&d, &z), "concur:d:z");
    assert_eq!(note_guid(&d, "z", Some("Ab1!x")), "Ab1!x");
}

#[test]
fn decks_sharing_a_name_get_anki_decks_of_their_own() {
    let mut one = deck();
    one.name = "Threads".into();
    let mut two = deck();
    two.id = "e".into();
    two.name = "threads".into();
    let mut three = deck();
    three.id = "f".into();
    three.name = "A::B\tC".into();
    assert_eq!(
        anki_decks(&[&one, &two, &three]),
        vec![
            "concur::Threads (d)",
            "concur::threads (e)",
            "concur::A:B C"
        ]
    );
    assert_eq!(anki_decks(&[&one]), vec!["concur::Threads"]);
}

#[test]
fn tags_are_the_deck_id_the_decks_and_the_cards_each_once() {
    let d = deck();
    assert_eq!(anki_tags(&d, &d.cards[0]), vec!["d", "two_words", "x"]);
}
