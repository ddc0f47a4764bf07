//! Any bytes as a deck file: parsing never panics, and a deck that parses
//! without errors has only cards with non-empty, distinct ids.
#![no_main]

use concur::deck::{DeckSource, parse_deck};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (deck, diagnostics) =
        parse_deck(data, "fuzz.toml", "fuzz", DeckSource::Bundled("fuzz.toml"));
    if let Some(deck) = deck {
        assert!(!diagnostics.iter().any(|d| d.is_error()));
        let mut ids = std::collections::HashSet::new();
        for card in &deck.cards {
            assert!(!card.id.is_empty());
            assert!(ids.insert(card.id.clone()), "duplicate id {:?}", card.id);
        }
    }
});
