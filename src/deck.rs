//! Decks and cards: the model (here), TOML parsing with positions and
//! validation (`parse`), loading many files in parallel (`load`) through a
//! cache (`cache`), the decks compiled into the binary (`bundled`), noticing
//! changed files (`watch`), Markdown import (`import`), export to other tools
//! (`export`), writing missing ids (`fix_ids`) and readable ids (`slug`).

mod bundled;
pub mod cache;
pub mod cloze;
pub mod export;
pub mod fix_ids;
pub mod import;
mod load;
mod parse;
pub mod slug;
mod watch;

use std::fmt;
use std::hash::Hasher;
use std::path::PathBuf;

pub use bundled::BUNDLED;
pub use load::{
    DeckIds, DeckSet, Keep, LoadOptions, Loaded, collect_files, load_deck_ids, load_decks,
    load_paths, read_deck_file, replaces_bundled,
};
pub use parse::{
    LONG_SIDE_CHARS, MAX_DECK_BYTES, MAX_ID_CHARS, PARSE_RULES, REVERSE_SUFFIX, id_problem,
    parse_deck, parse_deck_keeping, parse_deck_through_tree, parse_deck_with,
};
pub use watch::DeckWatcher;

use crate::text::normalize_ws_case;

/// Where a deck came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeckSource {
    /// Compiled into the binary from `decks/`; holds the file name.
    Bundled(&'static str),
    /// A file on disk.
    File(PathBuf),
}

impl Default for DeckSource {
    /// Only a placeholder while a cached deck is read back (the cache does
    /// not store where a deck came from: the cache reader sets it).
    fn default() -> Self {
        DeckSource::Bundled("")
    }
}

impl fmt::Display for DeckSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DeckSource::Bundled(name) => write!(f, "<bundled>/{name}"),
            DeckSource::File(p) => write!(f, "{}", p.display()),
        }
    }
}

/// The demo a card shows, and its (bounded) parameters.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DemoRef {
    /// The demo, from the built-in catalog (stored as its name).
    #[serde(rename = "name")]
    pub id: crate::demo::DemoId,
    /// Workers, clamped to `1..=64`.
    pub workers: Option<u32>,
    /// Duration in seconds, clamped to `1..=10`.
    pub seconds: Option<u32>,
}

/// One card.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Card {
    /// The card's id within its deck: the `id` key, or `h-` and a hash of the
    /// normalised front.
    pub id: String,
    /// True if the id was written in the file.
    pub has_explicit_id: bool,
    /// The question (sanitised).
    pub front: String,
    /// The answer (sanitised).
    pub back: String,
    /// Other answers accepted when typed.
    pub accept: Vec<String>,
    /// A longer explanation shown after the back.
    pub explain: Option<String>,
    /// The card's own tags.
    pub tags: Vec<String>,
    /// The card's demo, if any.
    pub demo: Option<DemoRef>,
    /// 1-based line of the card in its file.
    pub line: usize,
    /// `reverse` as written on the card (`None` when the card does not set
    /// it and follows the deck).
    pub reverse: Option<bool>,
    /// For the back -> front card made from a card with `reverse = true`:
    /// the id of the card it reverses. Its own id is that id plus
    /// [`REVERSE_SUFFIX`]. `None` for cards written in the file.
    pub reverse_of: Option<String>,
    /// For a card made from a cloze note: the note and the deletion it
    /// asks. `None` for front/back cards.
    pub cloze: Option<ClozeOf>,
    /// The `guid` key: the id of the note this card came from in another
    /// program (Anki's note guid, kept by `concur import deck.apkg`), so
    /// that an export goes back to the same note. The reverse card and the
    /// cards of a cloze note carry their note's guid.
    pub guid: Option<String>,
}

/// What a cloze card asks: deletion `number` of the note `note`, whose text
/// (with its `{{cN::…}}` markup) is `text`. The card's id is
/// [`cloze::card_id`]`(note, number)`, its front the text with the
/// deletion hidden, its back the whole text (and the note's `back`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ClozeOf {
    /// The id of the note (the card's `id` key, or hashed from the text).
    pub note: String,
    /// The deletion number, `1..=99`.
    pub number: u8,
    /// The hidden text of this number (joined with `, ` when several
    /// deletions share it): what a typed answer is checked against.
    pub answer: String,
    /// The cloze text as written (sanitised), markup included.
    pub text: String,
}

impl Card {
    /// True for a card written in the file, false for the reverse card
    /// made from one at load time.
    ///
    /// Of the cards of a cloze note, the first (lowest number) counts as
    /// the written one, so that each `[[cards]]` table has one written card.
    pub fn is_written(&self) -> bool {
        self.reverse_of.is_none() && self.cloze.as_ref().is_none_or(|c| c.first_of_note())
    }

    /// What a typed answer is checked against: the hidden text of a cloze
    /// card ([`ClozeOf::answer`]), else the back.
    pub fn answer(&self) -> &str {
        self.cloze.as_ref().map_or(&self.back, |c| &c.answer)
    }
}

/// One deck.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Deck {
    /// Unique deck id (defaults to the file stem).
    pub id: String,
    /// Display name (defaults to the id).
    pub name: String,
    /// One-line description.
    pub description: String,
    /// Tags of the whole deck.
    pub tags: Vec<String>,
    /// `reverse` in `[deck]`: every card (that does not say otherwise) is
    /// also asked back -> front.
    pub reverse: bool,
    /// The cards, in file order; a card with `reverse` on is directly
    /// followed by its reverse card.
    pub cards: Vec<Card>,
    /// Where it came from (not kept in the parse cache: it is set again when
    /// a cached deck is read back).
    #[serde(skip)]
    pub source: DeckSource,
    /// 1-based (line, column) of the deck id in its file, or (1, 1).
    pub id_pos: (usize, usize),
}

impl Card {
    /// A card with an explicit id, a front and a back, and nothing else
    /// (line 1): handy for building decks in code and tests.
    pub fn new(id: &str, front: &str, back: &str) -> Card {
        Card {
            id: id.to_string(),
            has_explicit_id: true,
            front: front.to_string(),
            back: back.to_string(),
            accept: Vec::new(),
            explain: None,
            tags: Vec::new(),
            demo: None,
            line: 1,
            reverse: None,
            reverse_of: None,
            cloze: None,
            guid: None,
        }
    }
}

impl ClozeOf {
    /// True for the note's card with the lowest deletion number.
    pub fn first_of_note(&self) -> bool {
        cloze::parse(&self.text).is_ok_and(|s| cloze::numbers(&s).first() == Some(&self.number))
    }
}

impl Deck {
    /// Finds a card by id.
    pub fn card(&self, id: &str) -> Option<&Card> {
        self.cards.iter().find(|c| c.id == id)
    }
}

/// The id of a card that has none: `h-` and 16 hex digits of the 64-bit
/// FNV-1a hash of its front, lowercased with whitespace collapsed. Stable
/// across versions of concur and platforms.
pub fn hashed_card_id(front: &str) -> String {
    let mut h = fnv::FnvHasher::default();
    h.write(normalize_ws_case(front).as_bytes());
    format!("h-{:016x}", h.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_ids_ignore_case_and_spacing_and_are_stable() {
        let a = hashed_card_id("Many threads  at once?");
        assert_eq!(a, hashed_card_id("many threads at once?\n"));
        assert_ne!(a, hashed_card_id("many threads at once"));
        // Pinned: changing the hash would orphan every history keyed by it.
        assert_eq!(hashed_card_id("abc"), "h-e71fa2190541574b");
    }
}
