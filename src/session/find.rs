//! Finding cards: a fuzzy, case-insensitive search over every card's front,
//! back, explanation, tags and id, ranked best first. Pure logic over the
//! decks; `concur find` and the interface's `/` list both use [`find`].
//!
//! The query is read as fzf reads it ([`nucleo_matcher`]): each word is
//! matched on its own and a card must match every word (in any of its
//! fields); `'word` matches the exact text, `^word` a start, `word$` an
//! end and `!word` excludes. A card's score is the sum, over the words, of
//! the word's best score in any field, a match in the front, the id or a tag
//! counting twice a match in the back or the explanation. A word matches a
//! field only if its letters are close enough: a match whose gaps cost more
//! than its bonuses (letters scattered over a long text, score under
//! [`MIN_PER_CHAR`] a letter) is noise and does not count. Ties keep the
//! deck and file order. An empty query matches every card, in that order.

use nucleo_matcher::pattern::{Atom, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use crate::deck::{Card, Deck};

/// One card found: indices into the deck list, and its score (higher is a
/// better match).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Deck index.
    pub deck: usize,
    /// Card index within the deck.
    pub card: usize,
    /// How well it matched.
    pub score: u32,
}

/// What to search: the query, and the decks (by id) and tags (on the card
/// or its deck) to search in; empty lists mean every deck, any tag.
#[derive(Debug, Clone, Copy, Default)]
pub struct Search<'a> {
    /// The words typed.
    pub query: &'a str,
    /// Deck ids; empty: every deck.
    pub decks: &'a [String],
    /// Tags; empty: any card.
    pub tags: &'a [String],
}

/// A field's weight in the score: the front, the id and the tags say what
/// a card is about more than its back or its explanation do.
const STRONG: u32 = 2;
/// See [`STRONG`].
const WEAK: u32 = 1;

/// The least score a word's match must reach per letter of the word: the
/// matcher's score for one matched letter (16), so a match of the word's
/// letters side by side always counts, and a scattered one only when word
/// starts make up for its gaps (`gil` in "global interpreter lock").
pub const MIN_PER_CHAR: u32 = 16;

/// The cards of `decks` that match `search`, best first.
pub fn find(decks: &[Deck], search: &Search<'_>) -> Vec<Hit> {
    let pattern = Pattern::parse(search.query, CaseMatching::Ignore, Normalization::Smart);
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut buf = Vec::new();
    let mut hits = Vec::new();
    for (d, deck) in decks.iter().enumerate() {
        if !search.decks.is_empty() && !search.decks.contains(&deck.id) {
            continue;
        }
        for (c, card) in deck.cards.iter().enumerate() {
            if !crate::quiz::has_any_tag(deck, card, search.tags) {
                continue;
            }
            if let Some(score) = card_score(&pattern, card, &mut matcher, &mut buf) {
                hits.push(Hit {
                    deck: d,
                    card: c,
                    score,
                });
            }
        }
    }
    // A stable sort: equal scores keep deck and file order.
    hits.sort_by_key(|h| std::cmp::Reverse(h.score));
    hits
}

/// The score of `card` for `pattern`: every word must match a field.
fn card_score(
    pattern: &Pattern,
    card: &Card,
    matcher: &mut Matcher,
    buf: &mut Vec<char>,
) -> Option<u32> {
    let mut total = 0u32;
    for atom in &pattern.atoms {
        let best = if atom.negative {
            // An excluding word must hold in every field.
            let all = fields(card).all(|(text, _)| atom_score(atom, text, matcher, buf).is_some());
            all.then_some(0)?
        } else {
            fields(card)
                .filter_map(|(text, weight)| {
                    atom_score(atom, text, matcher, buf).map(|s| s * weight)
                })
                .max()?
        };
        total = total.saturating_add(best);
    }
    Some(total)
}

/// The text searched in a card, with the weight of each field.
fn fields(card: &Card) -> impl Iterator<Item = (&str, u32)> {
    [
        (card.front.as_str(), STRONG),
        (card.id.as_str(), STRONG),
        (card.back.as_str(), WEAK),
        (card.explain.as_deref().unwrap_or(""), WEAK),
    ]
    .into_iter()
    .chain(card.tags.iter().map(|t| (t.as_str(), STRONG)))
}

/// The score of `atom` in `text`; `None` if it does not match, or (for a
/// word that must be there) matches under [`MIN_PER_CHAR`] a letter.
fn atom_score(atom: &Atom, text: &str, matcher: &mut Matcher, buf: &mut Vec<char>) -> Option<u32> {
    let score = u32::from(atom.score(Utf32Str::new(text, buf), matcher)?);
    let letters = u32::try_from(atom.needle_text().len()).unwrap_or(u32::MAX);
    (atom.negative || score >= MIN_PER_CHAR.saturating_mul(letters)).then_some(score)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn card(id: &str, front: &str, back: &str) -> Card {
        Card::new(id, front, back)
    }

    fn deck(id: &str, cards: Vec<Card>) -> Deck {
        Deck {
            id: id.to_string(),
            name: id.to_string(),
            description: String::new(),
            tags: Vec::new(),
            reverse: false,
            cards,
            source: crate::deck::DeckSource::Bundled("t.toml"),
            id_pos: (1, 1),
        }
    }

    fn ids(decks: &[Deck], hits: &[Hit]) -> Vec<String> {
        hits.iter()
            .map(|h| decks[h.deck].cards[h.card].id.clone())
            .collect()
    }

    fn search<'a>(query: &'a str) -> Search<'a> {
        Search {
            query,
            ..Search::default()
        }
    }

    fn sample() -> Vec<Deck> {
        let mut tagged = card("tagged", "What is a mutex?", "A lock");
        tagged.tags = vec!["locks".into()];
        let mut explained = card("explained", "Why threads?", "I/O");
        explained.explain = Some("The GIL is released while waiting".into());
        vec![
            deck(
                "a",
                vec![
                    card(
                        "gil-what",
                        "What is the GIL?",
                        "The global interpreter lock",
                    ),
                    card("unrelated", "What is a process?", "An address space"),
                    explained,
                ],
            ),
            deck(
                "b",
                vec![tagged, card("gil-back", "Who holds it?", "the GIL")],
            ),
        ]
    }

    #[test]
    fn a_front_match_ranks_before_a_back_or_an_explanation_match() {
        let decks = sample();
        let hits = find(&decks, &search("gil"));
        let got = ids(&decks, &hits);
        assert_eq!(got[0], "gil-what", "{got:?}");
        assert!(got.contains(&"gil-back".to_string()), "{got:?}");
        assert!(got.contains(&"explained".to_string()), "{got:?}");
        assert!(!got.contains(&"unrelated".to_string()), "{got:?}");
        // Best first.
        assert!(hits.windows(2).all(|w| w[0].score >= w[1].score));
    }

    #[test]
    fn case_is_ignored_and_every_word_must_match() {
        let decks = sample();
        assert_eq!(ids(&decks, &find(&decks, &search("MUTEX"))), ["tagged"]);
        assert_eq!(
            ids(&decks, &find(&decks, &search("'global 'lock"))),
            ["gil-what"]
        );
        assert!(find(&decks, &search("'global 'mutex")).is_empty());
        assert!(find(&decks, &search("zzqx")).is_empty());
    }

    #[test]
    fn tags_and_ids_are_searched_and_filters_apply() {
        let decks = sample();
        assert_eq!(ids(&decks, &find(&decks, &search("'locks"))), ["tagged"]);
        assert_eq!(
            ids(&decks, &find(&decks, &search("'unrelated"))),
            ["unrelated"]
        );
        let b = ["b".to_string()];
        let in_b = Search {
            query: "gil",
            decks: &b,
            tags: &[],
        };
        assert_eq!(ids(&decks, &find(&decks, &in_b)), ["gil-back"]);
        let locks = ["locks".to_string()];
        let tagged = Search {
            query: "",
            decks: &[],
            tags: &locks,
        };
        assert_eq!(ids(&decks, &find(&decks, &tagged)), ["tagged"]);
    }

    #[test]
    fn scattered_letters_are_noise_but_word_starts_count() {
        let decks = vec![deck(
            "d",
            vec![
                card("far", "A ragged old tailor", "x"),
                card("acronym", "The global interpreter lock", "x"),
            ],
        )];
        // g..i..l scattered inside words: not a match.
        assert_eq!(ids(&decks, &find(&decks, &search("gil"))), ["acronym"]);
    }

    #[test]
    fn an_empty_query_lists_every_card_in_file_order() {
        let decks = sample();
        assert_eq!(
            ids(&decks, &find(&decks, &search(""))),
            ["gil-what", "unrelated", "explained", "tagged", "gil-back"]
        );
    }

    #[test]
    fn an_excluded_word_drops_the_cards_that_have_it() {
        let decks = sample();
        let got = ids(&decks, &find(&decks, &search("'what !gil")));
        assert_eq!(got, ["unrelated", "tagged"]);
    }
}
