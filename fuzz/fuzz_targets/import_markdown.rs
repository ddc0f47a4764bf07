//! Any text as Markdown notes: importing never panics, and what the
//! importer writes always loads as a deck without errors (`concur import`
//! promises that its output passes `concur check`).
#![no_main]

use concur::deck::import::{ImportOptions, import_markdown, to_toml};
use concur::deck::{DeckSource, parse_deck};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let imported = import_markdown(
        text,
        ImportOptions {
            bullets: true,
            all_tables: true,
            cloze_highlights: true,
        },
    );
    if imported.cards.is_empty() {
        return;
    }
    let toml = to_toml(&imported, "fuzz", "fuzz.md");
    let (deck, diagnostics) = parse_deck(
        toml.as_bytes(),
        "<import>",
        "fuzz",
        DeckSource::Bundled("<import>"),
    );
    let errors: Vec<String> = diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(ToString::to_string)
        .collect();
    assert!(
        deck.is_some() && errors.is_empty(),
        "import output does not load: {errors:?}\n{toml}"
    );
});
