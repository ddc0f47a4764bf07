//! Turning one deck file's text into a [`Deck`], reporting every problem with
//! its line and column.
//!
//! This file reads the file as a whole (size, UTF-8, TOML syntax, the
//! `[deck]` table and the `cards` array); `card` builds each card (its
//! `demo` in `demo_ref`) from field readers in `values`; `lint` checks the
//! cards against each other and their style.
//!
//! Errors are always looked for. Warnings (lint: near-duplicate and
//! repeated fronts, long sides, missing ids, out-of-range demo values, a
//! deck without cards) are only looked for when asked
//! ([`parse_deck_with`]'s `lint`): only `concur check` shows them, so the
//! other commands and the app do not pay for them.

mod card;
mod cloze_card;
mod demo_ref;
mod doc;
mod events;
mod lint;
mod repeats;
mod scan;
mod values;

use std::ops::Range;

use toml::de::DeTable;

use super::{Deck, DeckSource};
use crate::diag::{Diagnostic, LineIndex, Severity};
use crate::text::sanitize;
use card::{read_card, reverse_of};
use cloze_card::cloze_cards;
use doc::{Doc, Entry, has};
use lint::{SeenCards, warn_long_sides};
use values::{boolean, string, string_array, unknown_key, valid_id};

pub use values::{MAX_ID_CHARS, id_problem};

pub use card::REVERSE_SUFFIX;
pub use lint::LONG_SIDE_CHARS;
pub(crate) use lint::near_duplicate_key;

/// Deck files larger than this are refused (with a clear error) rather than
/// parsed: a TOML parse costs many times the file's size in memory.
pub const MAX_DECK_BYTES: usize = 16 * 1024 * 1024;

/// Changes whenever the rules of [`parse_deck`] change what a file gives
/// (a new check, a new message): a cache of parse results must not serve
/// results made under other rules. 2: ids refuse bidi and format
/// characters and more than 128 characters, ids from file names are
/// checked, repeats are grouped. 3: cloze cards, ids with `::` refused.
/// 4: an error in a cloze note's markup skips that note, not the deck.
pub const PARSE_RULES: u32 = 4;

/// TOML syntax errors reported per file before the rest are summarised.
const MAX_SYNTAX_ERRORS: usize = 20;

const DECK_KEYS: &[&str] = &["id", "name", "description", "tags", "reverse"];

/// Collects the diagnostics of one deck file, turning byte spans into
/// 1-based lines and columns.
struct Reporter<'a> {
    path: &'a str,
    index: LineIndex<'a>,
    diags: Vec<Diagnostic>,
    /// How many of `diags` are errors (counted as they are added: a deck
    /// can have hundreds of thousands of diagnostics).
    errors: usize,
    /// How many of those errors skip only their own card (a cloze note's
    /// markup): a deck whose errors are all of this kind still loads,
    /// without those cards.
    card_errors: usize,
    /// True to look for warnings too; when false, warnings are dropped
    /// (and the checks that only warn are not run).
    lint: bool,
    /// True to keep the cards' texts; when false (for a caller that keeps
    /// only ids, [`parse_deck_keeping`]), they are checked but left empty.
    text: bool,
}

impl Reporter<'_> {
    /// Adds a diagnostic at the start of `span`.
    fn push(&mut self, span: Range<usize>, severity: Severity, message: String) {
        if severity == Severity::Error {
            self.errors += 1;
        } else if !self.lint {
            return;
        }
        let (line, col) = self.index.position(span.start);
        self.diags.push(Diagnostic {
            path: self.path.to_string(),
            line,
            col,
            severity,
            message,
        });
    }

    /// Adds an error at the start of `span`.
    fn error(&mut self, span: Range<usize>, message: String) {
        self.push(span, Severity::Error, message);
    }

    /// Adds an error at `at` that skips only the card it is in.
    fn card_error(&mut self, at: Range<usize>, message: String) {
        self.card_errors += 1;
        self.error(at, message);
    }

    /// Adds a warning at the start of `span`.
    fn warn(&mut self, span: Range<usize>, message: String) {
        self.push(span, Severity::Warning, message);
    }

    /// True if an error was added.
    fn has_errors(&self) -> bool {
        self.errors > 0
    }
}

/// Parses the bytes of one deck file, errors and warnings
/// ([`parse_deck_with`] with `lint` on).
pub fn parse_deck(
    bytes: &[u8],
    path: &str,
    default_id: &str,
    source: DeckSource,
) -> (Option<Deck>, Vec<Diagnostic>) {
    parse_deck_with(bytes, path, default_id, source, true)
}

/// Parses the bytes of one deck file.
///
/// `path` is used in diagnostics; `default_id` is the deck id when `[deck]`
/// sets none (the file stem). With `lint` off, only errors are looked for
/// (see the module's comment); the deck is the same either way. Returns
/// the deck only if the file has no errors but in cloze markup (each such
/// error skips only its note's cards), and every diagnostic found, sorted
/// by position.
pub fn parse_deck_with(
    bytes: &[u8],
    path: &str,
    default_id: &str,
    source: DeckSource,
    lint: bool,
) -> (Option<Deck>, Vec<Diagnostic>) {
    parse_deck_on(bytes, path, default_id, source, lint, true, true)
}

/// [`parse_deck_with`], keeping the cards' texts only if `text` or
/// `lint`: for a caller that keeps only the deck's and its cards' ids, the
/// same ids and diagnostics, but every card's `front` (a cloze note's
/// excepted), `back`, `explain`, `accept` and `tags` empty, which saves
/// allocating and freeing them.
pub fn parse_deck_keeping(
    bytes: &[u8],
    path: &str,
    default_id: &str,
    source: DeckSource,
    lint: bool,
    text: bool,
) -> (Option<Deck>, Vec<Diagnostic>) {
    parse_deck_on(bytes, path, default_id, source, lint, true, text || lint)
}

/// [`parse_deck`] through toml's document tree alone, never the parser's
/// events: for the fuzz target that checks both read every file the same.
#[doc(hidden)]
pub fn parse_deck_through_tree(
    bytes: &[u8],
    path: &str,
    default_id: &str,
    source: DeckSource,
) -> (Option<Deck>, Vec<Diagnostic>) {
    parse_deck_on(bytes, path, default_id, source, true, false, true)
}

/// [`parse_deck_with`], trying the scan of the text and the parser's
/// events first if `events` (the other path is only for checks that all
/// give the same); keeping the cards' texts if `keep_text`.
fn parse_deck_on(
    bytes: &[u8],
    path: &str,
    default_id: &str,
    source: DeckSource,
    lint: bool,
    events: bool,
    keep_text: bool,
) -> (Option<Deck>, Vec<Diagnostic>) {
    let one = |line, col, message| vec![Diagnostic::error(path, line, col, message)];
    if bytes.len() > MAX_DECK_BYTES {
        let msg = format!(
            "deck file is {} MiB; decks over {} MiB are not loaded: split it into several decks",
            bytes.len() / (1024 * 1024),
            MAX_DECK_BYTES / (1024 * 1024)
        );
        return (None, one(1, 1, msg));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            // The valid prefix is UTF-8, so this never fails.
            let prefix = std::str::from_utf8(good).unwrap_or_default();
            let (line, col) = LineIndex::new(prefix).position(prefix.len());
            let msg = format!(
                "not valid UTF-8 (bad byte at offset {}): decks must be UTF-8 text; re-save the file as UTF-8",
                e.valid_up_to()
            );
            return (None, one(line, col, msg));
        }
    };
    let mut rep = Reporter {
        path,
        index: LineIndex::new(text),
        diags: Vec::new(),
        errors: 0,
        card_errors: 0,
        lint,
        text: keep_text,
    };
    // The plainest form of the common shape by a scan of the text, the
    // rest of the common shape straight from the parser's events;
    // anything else through toml's document tree, which has every rule
    // and message.
    let fast = || scan::read(text).or_else(|| events::read(text));
    let doc = match events.then(fast).flatten() {
        Some(doc) => doc,
        None => match tree(&mut rep, text) {
            Some(doc) => doc,
            None => return (None, rep.diags),
        },
    };
    let deck = build_deck(&mut rep, &doc, default_id, source);
    let ok = rep.errors == rep.card_errors;
    let mut diags = rep.diags;
    diags.sort_by_key(|d| (d.line, d.col));
    (if ok { deck } else { None }, diags)
}

/// The deck's tables in `text` through toml's document tree; `None`
/// after reporting its syntax errors.
fn tree<'i>(rep: &mut Reporter<'_>, text: &'i str) -> Option<Doc<'i>> {
    let (doc, errors) = DeTable::parse_recoverable(text);
    if errors.is_empty() {
        return Some(doc::from_tree(rep, doc.into_inner()));
    }
    let total = errors.len();
    for e in errors.into_iter().take(MAX_SYNTAX_ERRORS) {
        let span = e.span().unwrap_or(0..0);
        rep.error(
            span,
            format!("TOML syntax: {}", crate::text::one_line(e.message())),
        );
    }
    if total > MAX_SYNTAX_ERRORS {
        let end = text.len();
        rep.error(
            end..end,
            format!(
                "{} not shown: is this a TOML deck file?",
                crate::text::plural(total - MAX_SYNTAX_ERRORS, "more TOML syntax error")
            ),
        );
    }
    None
}

/// The deck in the parsed document `root`: its `[deck]` table and its
/// cards (each followed by its reverse card when `reverse` is on).
fn build_deck(
    rep: &mut Reporter<'_>,
    doc: &Doc<'_>,
    default_id: &str,
    source: DeckSource,
) -> Option<Deck> {
    let mut deck = Deck {
        id: default_id.to_string(),
        name: String::new(),
        description: String::new(),
        tags: Vec::new(),
        reverse: false,
        cards: Vec::new(),
        source,
        id_pos: (1, 1),
    };
    let mut id_set = false;
    if let Some(fields) = &doc.deck {
        let t = doc.fields(fields);
        read_deck_table(rep, t, &mut deck);
        id_set = has(t, "id");
    }
    if !id_set && let Some(problem) = id_problem(default_id) {
        default_id_error(rep, default_id, &problem);
    }
    if deck.name.is_empty() {
        deck.name = deck.id.clone();
    }
    // One card a table, most often: room for them at once, rather than
    // growing (and copying) the vector as they come.
    deck.cards.reserve(doc.cards.len());
    let mut seen = SeenCards::new(rep.lint, doc.cards.len());
    for c in &doc.cards {
        let Some(read) = read_card(rep, doc.fields(&c.fields), c.span.clone(), c.number) else {
            continue;
        };
        let (card, id_span) = (read.card, read.blame);
        if !seen.card(&card, &id_span, read.id_known) || !read.ok {
            continue;
        }
        if rep.lint {
            warn_long_sides(rep, &card, c.span.clone(), c.number, read.cloze);
        }
        if read.cloze {
            // A cloze note is never reversed: its cards are its deletions.
            deck.cards.extend(cloze_cards(&card));
            continue;
        }
        let reverse = card.reverse.unwrap_or(deck.reverse);
        let reverse_card = reverse.then(|| reverse_of(&card));
        deck.cards.push(card);
        if let Some(rev) = reverse_card
            && seen.reverse(&rev, &id_span)
        {
            deck.cards.push(rev);
        }
    }
    seen.report(rep);
    if deck.cards.is_empty() && !rep.has_errors() {
        rep.warn(
            0..0,
            "deck has no cards: add [[cards]] tables with front and back".to_string(),
        );
    }
    Some(deck)
}

/// The error for a deck without `[deck] id` whose default id (its file
/// name) is not a valid id: ids from file names are checked like written
/// ones, so a hostile file name never becomes an id that is printed.
fn default_id_error(rep: &mut Reporter<'_>, default_id: &str, problem: &str) {
    let shown: String = default_id.chars().take(40).collect();
    let more = if shown.len() < default_id.len() {
        "…"
    } else {
        ""
    };
    let suggestion = super::slug::slugify(default_id, "my-deck");
    rep.error(
        0..0,
        format!(
            "the deck id would be the file name \"{}{more}\", which {problem}: set one in the file with [deck] id = \"{suggestion}\" (or rename the file)",
            crate::text::for_terminal(&shown)
        ),
    );
}

/// Reads the `[deck]` table into `deck`.
fn read_deck_table(rep: &mut Reporter<'_>, t: &[Entry<'_>], deck: &mut Deck) {
    for (key, value) in t.iter() {
        match key.get_ref().as_ref() {
            "id" => {
                if let Some(s) = string(rep, "id", value)
                    && valid_id(rep, "deck", s, value.span())
                {
                    deck.id = s.to_string();
                    deck.id_pos = rep.index.position(value.span().start);
                }
            }
            "name" => {
                if let Some(s) = string(rep, "name", value) {
                    deck.name = sanitize(s.trim());
                }
            }
            "description" => {
                if let Some(s) = string(rep, "description", value) {
                    deck.description = sanitize(s.trim());
                }
            }
            "tags" => {
                deck.tags = string_array(rep, "tags", value, true)
                    .into_iter()
                    .map(|(s, _)| s)
                    .collect()
            }
            "reverse" => {
                if let Some(b) = boolean(rep, "reverse", value) {
                    deck.reverse = b;
                }
            }
            _ => unknown_key(rep, key, "[deck]", DECK_KEYS),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// Parses `text` as `t.toml`: the deck and the diagnostics as text.
    pub(super) fn parse(text: &str) -> (Option<Deck>, Vec<String>) {
        let (deck, diags) = parse_deck(
            text.as_bytes(),
            "t.toml",
            "t",
            DeckSource::Bundled("t.toml"),
        );
        (deck, diags.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn parses_the_design_example() {
        let (deck, diags) = parse(
            r#"
[deck]
id = "mt-vs-mp"
name = "Multithreading vs Multiprocessing"
description = "When threads help"
tags = ["python", "concurrency"]

[[cards]]
id = "cpu-bound-pick"
front = "multiprocessing or multithreading is best for computations?"
back = "multiprocessing"
accept = ["processes", "multi-processing"]
explain = "Processes run on separate cores."
tags = ["cpu"]
demo = "cpu-bound"
"#,
        );
        assert!(diags.is_empty(), "{diags:?}");
        let deck = deck.unwrap();
        assert_eq!(deck.id, "mt-vs-mp");
        assert_eq!(deck.id_pos, (3, 6));
        let card = &deck.cards[0];
        assert_eq!(card.id, "cpu-bound-pick");
        assert_eq!(card.accept, vec!["processes", "multi-processing"]);
        assert_eq!(card.demo.as_ref().unwrap().id.name(), "cpu-bound");
        assert_eq!(card.line, 8);
    }

    #[test]
    fn syntax_errors_and_bad_bytes_are_reported() {
        let (_, diags) = parse("[deck\nid = 1");
        assert!(diags[0].starts_with("t.toml:1:"), "{diags:?}");
        assert!(diags[0].contains("error: TOML syntax"), "{diags:?}");
        let (deck, diags) = parse_deck(
            b"[deck]\nname = \"\xff\"",
            "b.toml",
            "b",
            DeckSource::Bundled("b.toml"),
        );
        assert!(deck.is_none());
        assert!(
            diags[0]
                .to_string()
                .starts_with("b.toml:2:9: error: not valid UTF-8"),
            "{diags:?}"
        );
    }

    #[test]
    fn empty_file_is_a_deck_without_cards() {
        let (deck, diags) = parse("");
        assert_eq!(deck.unwrap().cards.len(), 0);
        assert!(diags[0].contains("warning: deck has no cards"));
    }

    proptest::proptest! {
        #[test]
        fn never_panics_on_any_bytes(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
            let _ = parse_deck(&bytes, "p.toml", "p", DeckSource::Bundled("p.toml"));
        }

        #[test]
        fn never_panics_on_tomlish_text(s in "(\\[\\[cards\\]\\]|\\[deck\\]|front|back|id|=|\"|'|\\n| |x|1|\\{|\\}|,|\\[|\\])*") {
            let _ = parse_deck(s.as_bytes(), "p.toml", "p", DeckSource::Bundled("p.toml"));
        }
    }
}
