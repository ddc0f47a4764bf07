//! Any bytes as a deck file: parsing never panics; a deck that parses has
//! only cards with non-empty, distinct ids, and its only errors are in
//! cloze markup (each skips only its own note); every cloze card has an
//! answer and a front that hides it. Reading the file by a scan of its
//! text or straight from the TOML parser's events gives what toml's
//! document tree gives.
#![no_main]

use concur::deck::{DeckSource, parse_deck, parse_deck_through_tree};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (deck, diagnostics) =
        parse_deck(data, "fuzz.toml", "fuzz", DeckSource::Bundled("fuzz.toml"));
    let tree = parse_deck_through_tree(data, "fuzz.toml", "fuzz", DeckSource::Bundled("fuzz.toml"));
    assert_eq!((&deck, &diagnostics), (&tree.0, &tree.1));
    if let Some(deck) = deck {
        for d in diagnostics.iter().filter(|d| d.is_error()) {
            assert!(d.message.starts_with("`cloze`: "), "{d}");
        }
        let mut ids = std::collections::HashSet::new();
        for card in &deck.cards {
            assert!(!card.id.is_empty());
            assert!(ids.insert(card.id.clone()), "duplicate id {:?}", card.id);
            if let Some(c) = &card.cloze {
                assert!(!c.answer.trim().is_empty(), "{card:?}");
                assert!(card.id.ends_with(&format!("::c{}", c.number)), "{card:?}");
                assert!(card.front.contains('['), "{card:?}");
            }
        }
    }
});
