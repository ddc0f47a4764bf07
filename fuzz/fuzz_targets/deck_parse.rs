//! Any bytes as a deck file: parsing never panics; a deck that parses has
//! only cards with non-empty, distinct ids, and its only errors are in
//! cloze markup (each skips only its own note); every cloze card has an
//! answer and a front that hides it. Reading the file by a scan of its
//! text or straight from the TOML parser's events gives what toml's
//! document tree gives, and a parse that keeps only ids the same ids and
//! diagnostics as one that keeps the texts.
#![no_main]

use concur::deck::{
    DeckSource, parse_deck, parse_deck_keeping, parse_deck_through_tree, parse_deck_with,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (deck, diagnostics) =
        parse_deck(data, "fuzz.toml", "fuzz", DeckSource::Bundled("fuzz.toml"));
    let tree = parse_deck_through_tree(data, "fuzz.toml", "fuzz", DeckSource::Bundled("fuzz.toml"));
    assert_eq!((&deck, &diagnostics), (&tree.0, &tree.1));
    // Without lint, a parse that keeps only ids finds the same ids and
    // diagnostics as one that keeps the texts.
    let source = || DeckSource::Bundled("fuzz.toml");
    let plain = parse_deck_with(data, "fuzz.toml", "fuzz", source(), false);
    let ids = parse_deck_keeping(data, "fuzz.toml", "fuzz", source(), false, false);
    let key = |d: &Option<concur::deck::Deck>| {
        d.as_ref().map(|d| {
            let cards: Vec<_> = d.cards.iter().map(|c| (c.id.clone(), c.line)).collect();
            (d.id.clone(), d.name.clone(), d.id_pos, cards)
        })
    };
    assert_eq!((key(&ids.0), &ids.1), (key(&plain.0), &plain.1));
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
