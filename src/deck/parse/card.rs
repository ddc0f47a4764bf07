//! Building one card from its `[[cards]]` table: its fields, checked one by
//! one, and the reverse (back -> front) card made from it.

use std::borrow::Cow;
use std::ops::Range;

use super::Reporter;
use super::cloze_card::read_cloze_text;
use super::demo_ref::read_demo;
use super::doc::{Entry, get, has};
use super::lint::warn_missing_id;
use super::values::{boolean, guid as read_guid, string, string_array, unknown_key, valid_id};
use crate::deck::cloze::CARD_SEPARATOR;
use crate::deck::{Card, hashed_card_id};
use crate::text::{sanitize, sanitized};

/// Appended to a card's id to make the id of its reverse (back -> front)
/// card: `reverse = true` on card `gil` also schedules card `gil~rev`.
/// Fixed forever: review history is keyed by it.
pub const REVERSE_SUFFIX: &str = "~rev";

const CARD_KEYS: &[&str] = &[
    "id", "front", "back", "cloze", "accept", "explain", "tags", "demo", "reverse", "guid",
];

/// The back -> front card of a card with `reverse` on.
pub(super) fn reverse_of(card: &Card) -> Card {
    Card {
        id: format!("{}{REVERSE_SUFFIX}", card.id),
        has_explicit_id: card.has_explicit_id,
        front: card.back.clone(),
        back: card.front.clone(),
        // Typed-answer alternatives belong to the back, which is now asked.
        accept: Vec::new(),
        explain: card.explain.clone(),
        tags: card.tags.clone(),
        demo: card.demo.clone(),
        line: card.line,
        reverse: card.reverse,
        reverse_of: Some(card.id.clone()),
        cloze: None,
        guid: card.guid.clone(),
    }
}

/// A card as read, errors or not: the checks across cards (duplicate ids
/// and fronts, missing ids) run on every card, so one pass of `check`
/// reports every problem.
pub(super) struct ReadCard {
    /// The card (an empty `front` or `back` where that field had an error).
    pub card: Card,
    /// The span to blame for a duplicate id: its `id` value, or the whole
    /// card when the id is hashed from the front.
    pub blame: Range<usize>,
    /// False if its `id` had an error: its id is not compared.
    pub id_known: bool,
    /// True if the card has no error and can be loaded.
    pub ok: bool,
    /// True for a cloze note: `card.front` is its cloze text and
    /// `card.back` its extra back (maybe empty); it becomes its cards with
    /// `cloze_cards`.
    pub cloze: bool,
}

/// Reads card `number` (1-based), the table `t` at `span`; `None` if it
/// has neither a valid id nor a front to key it by. Without
/// `rep.text`, its texts are checked the same but not kept: `front`
/// (unless a cloze note's, which its cards' ids come from), `back`,
/// `explain`, `accept` and `tags` are left empty.
pub(super) fn read_card(
    rep: &mut Reporter<'_>,
    t: &[Entry<'_>],
    span: Range<usize>,
    number: usize,
) -> Option<ReadCard> {
    let text = rep.text;
    let errors_before = rep.errors;
    let mut id: Option<(String, Range<usize>)> = None;
    let mut front: Option<Cow<'_, str>> = None;
    let mut back: Option<Cow<'_, str>> = None;
    // The card's other fields, put together at the end (in the place of
    // the value returned, not moved there).
    let line = rep.index.line(span.start);
    let mut accept = Vec::new();
    let mut explain = None;
    let mut tags = Vec::new();
    let mut demo = None;
    let mut reverse = None;
    let mut guid = None;
    let mut cloze: Option<String> = None;
    for (key, value) in t.iter() {
        let k = key.get_ref().as_ref();
        match k {
            "id" => {
                if let Some(s) = string(rep, "id", value)
                    && valid_id(rep, "card", s, value.span())
                {
                    if s.ends_with(REVERSE_SUFFIX) {
                        rep.error(
                            value.span(),
                            format!("card id {:?} ends in `{REVERSE_SUFFIX}`, which is reserved for reverse cards: choose another id", sanitize(s)),
                        );
                    } else if has_card_separator(s) {
                        rep.error(
                            value.span(),
                            format!("card id {:?} contains `{CARD_SEPARATOR}`, which is reserved for the cards of cloze notes (`gil` gives `gil::c1`): choose another id", sanitize(s)),
                        );
                    } else {
                        id = Some((s.to_string(), value.span()));
                    }
                }
            }
            "front" | "back" => {
                if let Some(s) = string(rep, k, value) {
                    let clean = trimmed(sanitized(s));
                    if clean.is_empty() {
                        let what = if k == "front" {
                            "the question"
                        } else {
                            "the answer"
                        };
                        rep.error(value.span(), format!("`{k}` is empty: write {what}"));
                    } else if k == "front" {
                        front = Some(clean);
                    } else {
                        back = Some(clean);
                    }
                }
            }
            "cloze" => {
                if let Some(s) = string(rep, "cloze", value) {
                    cloze = read_cloze_text(rep, s, value.span());
                }
            }
            "accept" => {
                for (s, span) in string_array(rep, "accept", value, text) {
                    if s.trim().is_empty() {
                        rep.warn(
                            span,
                            "empty `accept` entry: it can never match; remove it".to_string(),
                        );
                    } else if s.trim().len() == s.len() {
                        accept.push(s);
                    } else {
                        accept.push(s.trim().to_string());
                    }
                }
            }
            "explain" => {
                if let Some(s) = string(rep, "explain", value)
                    && text
                {
                    let clean = sanitized(s).trim().to_string();
                    explain = (!clean.is_empty()).then_some(clean);
                }
            }
            "tags" => {
                tags = string_array(rep, "tags", value, text)
                    .into_iter()
                    .map(|(s, _)| s)
                    .collect();
            }
            "demo" => demo = read_demo(rep, value),
            "reverse" => reverse = boolean(rep, "reverse", value),
            "guid" => guid = read_guid(rep, value),
            _ => unknown_key(rep, key, "card", CARD_KEYS),
        }
    }
    let missing = |rep: &mut Reporter<'_>, k: &str, example: &str| {
        rep.error(
            span.clone(),
            format!("card {number} has no `{k}`: add {k} = \"{example}\""),
        );
    };
    let is_cloze = has(t, "cloze");
    if is_cloze {
        if let Some(f) = get(t, "front") {
            rep.error(
                f.span(),
                format!("card {number} has both `cloze` and `front`: a cloze card's front is its text with the deletion hidden; remove `front` (or `cloze`)"),
            );
        }
        if reverse == Some(true)
            && let Some(r) = get(t, "reverse")
        {
            rep.warn(
                r.span(),
                format!("card {number}: `reverse` has no effect on a cloze card (its cards are its deletions): remove it"),
            );
        }
    } else {
        if front.is_none() && !has(t, "front") {
            missing(rep, "front", "the question");
        }
        if back.is_none() && !has(t, "back") {
            missing(rep, "back", "the answer");
        }
    }
    let errors_after = rep.errors;
    let ok = errors_after == errors_before
        && if is_cloze {
            cloze.is_some()
        } else {
            front.is_some() && back.is_some()
        };
    let keep_front = text || is_cloze;
    let front = if is_cloze {
        cloze.map(Cow::Owned)
    } else {
        front
    }
    .unwrap_or_default();
    let id_known = !has(t, "id") || id.is_some();
    let (id, has_explicit_id, blame) = match id {
        Some((id, s)) => (id, true, s),
        None if front.is_empty() => return None,
        None => {
            if id_known && rep.lint {
                warn_missing_id(rep, span.clone(), number);
            }
            (hashed_card_id(&front), false, span)
        }
    };
    Some(ReadCard {
        card: Card {
            id,
            has_explicit_id,
            front: if keep_front {
                front.into_owned()
            } else {
                String::new()
            },
            back: back
                .filter(|_| text)
                .map(Cow::into_owned)
                .unwrap_or_default(),
            accept,
            explain,
            tags,
            demo,
            line,
            reverse,
            reverse_of: None,
            cloze: None,
            guid,
        },
        blame,
        id_known,
        ok,
        cloze: is_cloze,
    })
}

/// `s.trim()`, decided on the first and last bytes when both are ASCII
/// other than whitespace (most card text): `s` itself.
fn trim(s: &str) -> &str {
    let outside = |b: &u8| b.is_ascii() && !b.is_ascii_whitespace() && *b != 0x0b;
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(first), Some(last)) if outside(first) && outside(last) => s,
        _ => s.trim(),
    }
}

/// [`trim`] of a text that may be borrowed (kept borrowed) or owned (kept
/// as it is when nothing is trimmed).
fn trimmed(s: Cow<'_, str>) -> Cow<'_, str> {
    match s {
        Cow::Borrowed(b) => Cow::Borrowed(trim(b)),
        Cow::Owned(o) if trim(&o).len() == o.len() => Cow::Owned(o),
        Cow::Owned(o) => Cow::Owned(trim(&o).to_string()),
    }
}

/// True if `id` contains [`CARD_SEPARATOR`], looked for on bytes.
fn has_card_separator(id: &str) -> bool {
    let &[a, b] = CARD_SEPARATOR.as_bytes() else {
        return id.contains(CARD_SEPARATOR);
    };
    id.as_bytes().windows(2).any(|w| w[0] == a && w[1] == b)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::super::tests::parse;

    proptest::proptest! {
        #[test]
        fn trim_is_str_trim(s in "[ a\\t\\n\\r\\x0b\\x0c\\x1c\\x1f\\x7f\\u{85}\\u{a0}\\u{2028}\\u{3000}é]{0,6}", any in proptest::prelude::any::<String>()) {
            for s in [&s, &any] {
                proptest::prop_assert_eq!(super::trim(s), s.trim());
            }
        }
    }

    #[test]
    fn the_separator_is_found_anywhere_in_an_id() {
        for id in ["", ":", "a:b", "a:b:c", "é:", "gil", "~rev"] {
            assert!(!super::has_card_separator(id), "{id:?}");
        }
        for id in ["::", "a::b", "a:::", "::c1", "é::é", "x:y::z"] {
            assert!(super::has_card_separator(id), "{id:?}");
        }
    }

    #[test]
    fn missing_fields_and_duplicates() {
        let (_, diags) = parse(
            "[[cards]]\nid = \"x\"\nback = \"b\"\n[[cards]]\nid = \"y\"\nfront = \"f\"\n[[cards]]\nid = \"z\"\nfront = \"f\"\nback = \"b\"\n[[cards]]\nid = \"z\"\nfront = \"g\"\nback = \"b\"\n",
        );
        let joined = diags.join("\n");
        assert!(joined.contains("card 1 has no `front`"), "{joined}");
        assert!(joined.contains("card 2 has no `back`"), "{joined}");
        assert!(
            joined.contains("t.toml:12:6: error: duplicate card id \"z\" (first used on line 7)"),
            "{joined}"
        );
    }

    #[test]
    fn a_card_with_an_error_is_still_checked_against_the_others() {
        // Card 2 has a bad `tags` and repeats card 1's id and front; card 3
        // has no back and no id. One pass reports all of it.
        let (deck, diags) = parse(
            "[[cards]]\nid = \"a\"\nfront = \"Same?\"\nback = \"b\"\n[[cards]]\nid = \"a\"\nfront = \"same?\"\nback = \"c\"\ntags = 3\n[[cards]]\nfront = \"Other?\"\n",
        );
        assert!(deck.is_none());
        let joined = diags.join("\n");
        assert!(joined.contains("t.toml:9:8: error: `tags`"), "{joined}");
        assert!(
            joined.contains("t.toml:6:6: error: duplicate card id \"a\" (first used on line 1)"),
            "{joined}"
        );
        assert!(joined.contains("card 3 has no `back`"), "{joined}");
        assert!(joined.contains("warning: card 3 has no `id`"), "{joined}");
        assert_eq!(diags.len(), 4, "{joined}");
    }

    #[test]
    fn card_text_is_sanitised() {
        let (deck, _) =
            parse("[[cards]]\nid=\"a\"\nfront = \"x\\u001b[2Jy\"\nback = \"b\\u0007\"\n");
        let deck = deck.unwrap();
        assert_eq!(deck.cards[0].front, "xy");
        assert_eq!(deck.cards[0].back, "b");
    }

    #[test]
    fn reverse_cards_are_expanded_at_load() {
        let (deck, diags) = parse(
            "[deck]\nreverse = true\n[[cards]]\nid = \"a\"\nfront = \"F\"\nback = \"B\"\naccept = [\"b\"]\n[[cards]]\nid = \"b\"\nfront = \"G\"\nback = \"C\"\nreverse = false\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        let deck = deck.unwrap();
        let ids: Vec<&str> = deck.cards.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, vec!["a", "a~rev", "b"]);
        let rev = &deck.cards[1];
        assert_eq!((rev.front.as_str(), rev.back.as_str()), ("B", "F"));
        assert_eq!(rev.reverse_of.as_deref(), Some("a"));
        assert!(rev.accept.is_empty());
        assert!(deck.cards[0].is_written() && !rev.is_written());
        assert_eq!(deck.cards[2].reverse, Some(false));
    }

    #[test]
    fn reverse_must_be_a_boolean_and_the_suffix_is_reserved() {
        let (deck, diags) = parse(
            "[[cards]]\nid = \"a\"\nfront = \"F\"\nback = \"B\"\nreverse = \"yes\"\n[[cards]]\nid = \"x~rev\"\nfront = \"G\"\nback = \"C\"\n",
        );
        assert!(deck.is_none());
        let joined = diags.join("\n");
        assert!(
            joined.contains("t.toml:5:11: error: `reverse` must be true or false"),
            "{joined}"
        );
        assert!(
            joined.contains("t.toml:7:6: error: card id \"x~rev\" ends in `~rev`"),
            "{joined}"
        );
    }

    #[test]
    fn a_guid_is_kept_on_the_card_its_reverse_and_checked_like_an_id() {
        let (deck, diags) = parse(
            "[[cards]]\nid = \"a\"\nfront = \"F\"\nback = \"B\"\nreverse = true\nguid = \"f>Xk1@2Z\\\"q\"\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        let deck = deck.unwrap();
        let guids: Vec<Option<&str>> = deck.cards.iter().map(|c| c.guid.as_deref()).collect();
        assert_eq!(guids, vec![Some("f>Xk1@2Z\"q"), Some("f>Xk1@2Z\"q")]);

        let (deck, diags) = parse(
            "[[cards]]\nid = \"a\"\nfront = \"F\"\nback = \"B\"\nguid = \"two words\"\n[[cards]]\nid = \"b\"\nfront = \"G\"\nback = \"B\"\nguid = 3\n",
        );
        assert!(deck.is_none());
        let joined = diags.join("\n");
        assert!(
            joined.contains("t.toml:5:8: error: `guid` \"two words\" contains a space"),
            "{joined}"
        );
        assert!(
            joined.contains("t.toml:10:8: error: `guid` must be a string"),
            "{joined}"
        );
    }
}
