//! Warnings and errors about a deck's cards taken together or about their
//! style: duplicate ids, the same or nearly the same front twice, reverse
//! cards asking the same question, very long sides, and missing ids.

use hashbrown::{DefaultHashBuilder, HashMap, HashTable};
use std::hash::BuildHasher;
use std::ops::Range;

use super::Reporter;
use super::repeats::{Kind, Repeats};
use crate::deck::Card;
use crate::text::normalize_ws_case;

/// Cards with a side longer than this many characters get a warning.
pub const LONG_SIDE_CHARS: usize = 500;

/// The key under which two fronts count as near-duplicates: lowercase, each
/// run of characters other than letters and digits (punctuation, spaces)
/// turned into one space, trimmed.
pub(crate) fn near_duplicate_key(front: &str) -> String {
    let kept: String = front
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_lowercase().next().unwrap_or(c)
            } else {
                ' '
            }
        })
        .collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Warns about each side of `card` longer than [`LONG_SIDE_CHARS`] (its
/// front named "cloze text" for a cloze note).
pub(super) fn warn_long_sides(
    rep: &mut Reporter<'_>,
    card: &Card,
    span: Range<usize>,
    number: usize,
    cloze: bool,
) {
    // A cloze note holds its text where other cards hold their front.
    let front = if cloze { "cloze text" } else { "front" };
    for (side, text) in [(front, &card.front), ("back", &card.back)] {
        let n = text.chars().count();
        if n > LONG_SIDE_CHARS {
            rep.warn(
                span.clone(),
                format!(
                    "card {number}: the {side} is {n} characters long (over {LONG_SIDE_CHARS}): split it into smaller cards or move detail into `explain`"
                ),
            );
        }
    }
}

/// Warns that card `number` has no `id` (it is keyed by its front).
pub(super) fn warn_missing_id(rep: &mut Reporter<'_>, span: Range<usize>, number: usize) {
    rep.warn(
        span,
        format!(
            "card {number} has no `id`: it is keyed by its front, so editing the front restarts its schedule; add id = \"a-short-slug\""
        ),
    );
}

/// The ids and fronts of the cards read so far in one deck, each with the
/// line of the card that first used it, and the repeats found, reported in
/// groups by [`SeenCards::report`].
#[derive(Debug, Default)]
pub(super) struct SeenCards {
    /// True to compare fronts (only warnings); ids are always compared.
    lint: bool,
    /// Ids of every card, reverse cards included.
    ids: Ids,
    /// Fronts of written cards, normalised.
    fronts: HashMap<String, usize>,
    /// Fronts of written cards, by [`near_duplicate_key`].
    near_fronts: HashMap<String, usize>,
    /// Fronts of reverse cards (the backs of their cards), normalised.
    reverse_fronts: HashMap<String, usize>,
    repeats: Repeats,
}

impl SeenCards {
    /// No card seen yet, room for the ids of about `cards` cards; fronts
    /// are compared only if `lint`.
    pub fn new(lint: bool, cards: usize) -> SeenCards {
        SeenCards {
            lint,
            ids: Ids::with_capacity(cards),
            ..SeenCards::default()
        }
    }

    /// Checks a card written in the file against the cards before it: a
    /// taken id is an error (`id_span` is blamed) and the card must be left
    /// out (returns false); the same or nearly the same front is a warning
    /// (looked for only with lint on).
    /// Records the card. A card whose `id` had an error (`id_known` false)
    /// is compared by its front only; an empty front (it had an error) is
    /// not compared.
    pub fn card(&mut self, card: &Card, id_span: &Range<usize>, id_known: bool) -> bool {
        let hash = self.ids.hash(&card.id);
        if !id_known {
            // Its id is unknown: nothing to compare.
        } else if let Some(first) = self.ids.get(&card.id, hash) {
            let id = &card.id;
            self.repeats
                .add(Kind::Id, id, id, first, id_span, card.line);
            return false;
        }
        if self.lint && !card.front.is_empty() {
            self.compare_front(card, id_span);
        }
        if id_known {
            self.ids.insert_new(&card.id, hash, card.line);
        }
        true
    }

    /// Warns if `card`'s front is the same or nearly the same as an earlier
    /// card's; records it otherwise.
    fn compare_front(&mut self, card: &Card, id_span: &Range<usize>) {
        let norm = normalize_ws_case(&card.front);
        if let Some(&first) = self.fronts.get(&norm) {
            self.repeats
                .add(Kind::Front, &norm, "", first, id_span, card.line);
            return;
        }
        let near = near_duplicate_key(&card.front);
        if let Some(&first) = self.near_fronts.get(&near).filter(|_| !near.is_empty()) {
            self.repeats
                .add(Kind::NearFront, &near, "", first, id_span, card.line);
        } else {
            self.fronts.insert(norm, card.line);
            self.near_fronts.insert(near, card.line);
        }
    }

    /// Checks the reverse card `rev` of the card whose id is at `id_span`:
    /// a taken id is an error and the reverse card must be left out
    /// (returns false); a question (back) already asked by another reverse
    /// card is a warning (with lint on). Records the reverse card.
    pub fn reverse(&mut self, rev: &Card, id_span: &Range<usize>) -> bool {
        let hash = self.ids.hash(&rev.id);
        if let Some(first) = self.ids.get(&rev.id, hash) {
            let id = &rev.id;
            self.repeats
                .add(Kind::ReverseId, id, id, first, id_span, rev.line);
            return false;
        }
        if self.lint {
            let norm = normalize_ws_case(&rev.front);
            if let Some(&first) = self.reverse_fronts.get(&norm) {
                self.repeats
                    .add(Kind::ReverseFront, &norm, "", first, id_span, rev.line);
            } else {
                self.reverse_fronts.insert(norm, rev.line);
            }
        }
        self.ids.insert_new(&rev.id, hash, rev.line);
        true
    }

    /// Reports the repeats found, one diagnostic per repeated id or front.
    pub fn report(self, rep: &mut Reporter<'_>) {
        self.repeats.report(rep);
    }
}

/// A set of card ids, each with the line of the card that first used it:
/// the ids one after another in one string, found through a table of
/// their hashes (one allocation for them all, not one per id).
#[derive(Debug, Default)]
struct Ids {
    text: String,
    table: HashTable<IdAt>,
    hasher: DefaultHashBuilder,
}

/// Where an id of [`Ids`] is in its text, and its line.
#[derive(Debug)]
struct IdAt {
    hash: u64,
    span: Range<usize>,
    line: usize,
}

impl Ids {
    /// An empty set with room for `n` ids (of 16 bytes each, about).
    fn with_capacity(n: usize) -> Ids {
        Ids {
            text: String::with_capacity(n * 16),
            table: HashTable::with_capacity(n),
            hasher: DefaultHashBuilder::default(),
        }
    }

    /// The hash of `id` in this set.
    fn hash(&self, id: &str) -> u64 {
        self.hasher.hash_one(id)
    }

    /// The line of `id` (whose [`Ids::hash`] is `hash`), if it is in the set.
    fn get(&self, id: &str, hash: u64) -> Option<usize> {
        let text = &self.text;
        self.table
            .find(hash, |e| text.get(e.span.clone()) == Some(id))
            .map(|e| e.line)
    }

    /// Adds `id`, not in the set yet, with its [`Ids::hash`] and its line.
    fn insert_new(&mut self, id: &str, hash: u64, line: usize) {
        let start = self.text.len();
        self.text.push_str(id);
        let span = start..self.text.len();
        self.table
            .insert_unique(hash, IdAt { hash, span, line }, |e| e.hash);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::super::tests::parse;
    use crate::deck::hashed_card_id;

    #[test]
    fn the_id_set_finds_each_id_it_holds_and_no_other() {
        let mut ids = super::Ids::default();
        let id = |i: usize| format!("c{i}");
        for i in 0..1000 {
            let h = ids.hash(&id(i));
            assert_eq!(ids.get(&id(i), h), None);
            ids.insert_new(&id(i), h, i + 1);
        }
        for i in 0..1000 {
            assert_eq!(ids.get(&id(i), ids.hash(&id(i))), Some(i + 1));
        }
        // Neither a prefix of ids nor text across two of them.
        for other in ["c", "c1c", "0c1", "c1000", ""] {
            assert_eq!(ids.get(other, ids.hash(other)), None, "{other:?}");
        }
    }

    #[test]
    fn warnings_do_not_block_loading() {
        let (deck, diags) = parse(
            "[[cards]]\nfront = \"Q\"\nback = \"b\"\n[[cards]]\nid = \"k\"\nfront = \"  q \"\nback = \"c\"\n",
        );
        let deck = deck.unwrap();
        assert_eq!(deck.id, "t");
        assert_eq!(deck.cards[0].id, hashed_card_id("Q"));
        assert!(
            diags[0].contains("warning: card 1 has no `id`"),
            "{diags:?}"
        );
        assert!(
            diags[1].contains("warning: card has the same front as the card on line 1"),
            "{diags:?}"
        );
    }

    #[test]
    fn near_duplicates_and_long_sides_warn() {
        let long = "x".repeat(501);
        let (deck, diags) = parse(&format!(
            "[[cards]]\nid = \"a\"\nfront = \"What is the GIL?\"\nback = \"b\"\n[[cards]]\nid = \"b\"\nfront = \"what is the GIL\"\nback = \"{long}\"\n",
        ));
        assert!(deck.is_some());
        let joined = diags.join("\n");
        assert!(
            joined.contains("t.toml:6:6: warning: card's front differs from the card on line 1 only in case, spacing or punctuation"),
            "{joined}"
        );
        assert!(
            joined.contains(
                "t.toml:5:1: warning: card 2: the back is 501 characters long (over 500)"
            ),
            "{joined}"
        );
        assert_eq!(diags.len(), 2, "{joined}");
    }

    proptest::proptest! {
        /// Lint changes only the warnings: the deck and the errors are the
        /// same with it off, and with it off there is no warning.
        #[test]
        fn lint_off_finds_the_same_deck_and_errors_and_no_warning(
            cards in proptest::collection::vec(
                (
                    proptest::option::of("[abc]|x~rev|"),
                    "(What|what| |is|\\?|GIL|gil|\\x07)*",
                    "(A|a| |\\?|)*",
                    proptest::option::of(proptest::bool::ANY),
                    proptest::option::of(0u32..40),
                ),
                0..8,
            ),
            reverse in proptest::bool::ANY,
        ) {
            use crate::deck::{DeckSource, parse_deck_with};
            let mut text = format!("[deck]\nreverse = {reverse}\n");
            for (id, front, back, rev, workers) in &cards {
                text.push_str("[[cards]]\n");
                if let Some(id) = id {
                    text.push_str(&format!("id = {id:?}\n"));
                }
                text.push_str(&format!("front = {front:?}\nback = {back:?}\n"));
                if let Some(r) = rev {
                    text.push_str(&format!("reverse = {r}\n"));
                }
                if let Some(w) = workers {
                    text.push_str(&format!("demo = {{ name = \"cpu-bound\", workers = {w} }}\n"));
                }
            }
            let parse = |lint| {
                parse_deck_with(text.as_bytes(), "p.toml", "p", DeckSource::Bundled("p.toml"), lint)
            };
            let (with_deck, with) = parse(true);
            let (without_deck, without) = parse(false);
            proptest::prop_assert_eq!(with_deck, without_deck);
            let errors: Vec<_> = with.into_iter().filter(|d| d.is_error()).collect();
            proptest::prop_assert_eq!(errors, without);
        }
    }
}
