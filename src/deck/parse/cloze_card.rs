//! Cloze notes in a deck file: checking a card's `cloze` text (each problem
//! at its own line and column) and making one card per deletion number.

use std::ops::Range;

use super::Reporter;
use crate::deck::cloze::{self, ClozeError};
use crate::deck::{Card, ClozeOf};
use crate::text::sanitized;

/// The cloze text `s` of the value at `span`, sanitised, if it has no
/// error; reports every error otherwise.
pub(super) fn read_cloze_text(
    rep: &mut Reporter<'_>,
    s: &str,
    span: Range<usize>,
) -> Option<String> {
    let clean = sanitized(s).trim().to_string();
    let errors = match cloze::parse(&clean) {
        Ok(_) => return Some(clean),
        Err(errors) => errors,
    };
    let base = content_start(rep.index.text(), &span, &clean);
    for ClozeError { offset, message } in errors {
        let at = base.map_or(span.start, |b| b + offset);
        rep.card_error(
            at..at,
            format!("`cloze`: {message}; this note's cards are skipped until it is fixed"),
        );
    }
    None
}

/// Where the text of the string value at `span` starts in `source`, when
/// the value is written without escapes (so that offsets in `clean` are
/// offsets in the file); `None` otherwise (errors then point at the value).
fn content_start(source: &str, span: &Range<usize>, clean: &str) -> Option<usize> {
    let raw = source.get(span.clone())?;
    for delim in ["\"\"\"", "'''", "\"", "'"] {
        let Some(inner) = raw.strip_prefix(delim).and_then(|r| r.strip_suffix(delim)) else {
            continue;
        };
        // A multi-line string drops a line break right after its opening.
        let skip = if delim.len() == 3 {
            if inner.starts_with("\r\n") {
                2
            } else {
                usize::from(inner.starts_with('\n'))
            }
        } else {
            0
        };
        let inner = &inner[skip..];
        let lead = inner.len() - inner.trim_start().len();
        return (inner.trim() == clean).then_some(span.start + delim.len() + skip + lead);
    }
    None
}

/// The cards of the cloze note `note` (its `front` is the cloze text, its
/// `back` the extra text shown after the reveal, maybe empty): one per
/// deletion number, in order.
pub(super) fn cloze_cards(note: &Card) -> Vec<Card> {
    let Ok(segments) = cloze::parse(&note.front) else {
        return Vec::new();
    };
    let whole = cloze::full(&segments);
    let back = if note.back.is_empty() {
        whole
    } else {
        format!("{whole}\n\n{}", note.back)
    };
    cloze::numbers(&segments)
        .into_iter()
        .map(|number| Card {
            id: cloze::card_id(&note.id, number),
            front: cloze::front(&segments, number),
            back: back.clone(),
            reverse: None,
            cloze: Some(ClozeOf {
                note: note.id.clone(),
                number,
                answer: cloze::answers(&segments, number).join(", "),
                text: note.front.clone(),
            }),
            ..note.clone()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::super::tests::parse;

    #[test]
    fn one_card_per_number_with_its_own_id_and_the_extra_back() {
        let (deck, diags) = parse(
            "[deck]\nreverse = true\n[[cards]]\nid = \"pt\"\ncloze = \"a {{c1::Process}} has its own memory, {{c2::threads::what}} share one\"\nback = \"See the demo.\"\naccept = [\"procs\"]\ntags = [\"x\"]\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        let deck = deck.unwrap();
        let ids: Vec<&str> = deck.cards.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, vec!["pt::c1", "pt::c2"]);
        let (c1, c2) = (&deck.cards[0], &deck.cards[1]);
        assert_eq!(c1.front, "a [...] has its own memory, threads share one");
        assert_eq!(c2.front, "a Process has its own memory, [what] share one");
        assert_eq!(
            c1.back,
            "a Process has its own memory, threads share one\n\nSee the demo."
        );
        assert_eq!(c1.answer(), "Process");
        assert_eq!(c2.answer(), "threads");
        assert_eq!(c1.tags, vec!["x"]);
        assert_eq!(c1.cloze.as_ref().unwrap().note, "pt");
        assert!(c1.is_written() && !c2.is_written());
    }

    #[test]
    fn reverse_on_a_cloze_card_is_a_warning_and_no_reverse_card() {
        let (deck, diags) =
            parse("[[cards]]\nid = \"a\"\ncloze = \"x {{c1::y}}\"\nreverse = true\n");
        assert_eq!(deck.unwrap().cards.len(), 1);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(
            diags[0].starts_with("t.toml:4:11: warning: card 1: `reverse` has no effect"),
            "{diags:?}"
        );
    }

    #[test]
    fn a_cloze_without_id_is_keyed_by_its_text() {
        let (deck, _) = parse("[[cards]]\ncloze = \"x {{c1::y}}\"\n");
        let deck = deck.unwrap();
        assert!(deck.cards[0].id.starts_with("h-"));
        assert!(deck.cards[0].id.ends_with("::c1"));
    }

    #[test]
    fn cloze_errors_are_at_their_line_and_column_all_in_one_pass() {
        let (deck, diags) = parse(concat!(
            "[[cards]]\nid = \"a\"\ncloze = \"no gap\"\n",
            "[[cards]]\nid = \"b\"\ncloze = \"x {{c1::y\"\n",
            "[[cards]]\nid = \"c\"\ncloze = \"\"\"\n{{c1:: }} and {{c100::z}}\"\"\"\n",
            "[[cards]]\nid = \"d::c1\"\nfront = \"f\"\ncloze = \"{{c1::q}}\"\n",
            "[[cards]]\nid = \"e\"\ncloze = \"fine {{c1::ok}}\"\n",
        ));
        assert!(deck.is_none());
        let joined = diags.join("\n");
        for want in [
            "t.toml:3:10: error: `cloze`: cloze has no deletion",
            "t.toml:6:12: error: `cloze`: deletion is never closed",
            "t.toml:10:1: error: `cloze`: empty deletion",
            "t.toml:10:15: error: `cloze`: deletion number must be c1 to c99",
            "t.toml:12:6: error: card id \"d::c1\" contains `::`",
            "t.toml:13:9: error: card 4 has both `cloze` and `front`",
        ] {
            assert!(joined.contains(want), "{want}\n{joined}");
        }
        assert_eq!(diags.len(), 6, "{joined}");
    }

    #[test]
    fn bad_cloze_markup_skips_only_its_note() {
        let (deck, diags) = parse(concat!(
            "[[cards]]\nid = \"a\"\nfront = \"f\"\nback = \"b\"\n",
            "[[cards]]\nid = \"b\"\ncloze = \"x {{c1::{{c2::y}}}}\"\n",
            "[[cards]]\nid = \"c\"\ncloze = \"fine {{c1::ok}}\"\n",
        ));
        let ids: Vec<String> = deck.unwrap().cards.into_iter().map(|c| c.id).collect();
        assert_eq!(ids, vec!["a", "c::c1"]);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(
            diags[0].starts_with("t.toml:7:18: error: `cloze`: a deletion inside a deletion"),
            "{diags:?}"
        );
        assert!(
            diags[0].contains("this note's cards are skipped"),
            "{diags:?}"
        );
    }

    #[test]
    fn an_escaped_cloze_points_at_its_value() {
        let (_, diags) = parse("[[cards]]\nid = \"a\"\ncloze = \"\\u0041 {{c1::\"\n");
        assert!(
            diags[0].starts_with("t.toml:3:9: error: `cloze`: deletion is never closed"),
            "{diags:?}"
        );
    }

    proptest::proptest! {
        #[test]
        fn a_deck_with_any_cloze_text_never_panics(
            s in "(\\{\\{c1::|\\{\\{c2::|\\{\\{c0::|::|\\}\\}|`|```|\\\\n|\\\\u0041|x|é|'|\\n| )*"
        ) {
            let text = format!("[[cards]]\nid = \"ok\"\nfront = \"f\"\nback = \"b\"\n[[cards]]\nid = \"z\"\ncloze = \"\"\"{s}\"\"\"\n");
            let (deck, diags) = super::super::parse_deck(
                text.as_bytes(),
                "p.toml",
                "p",
                crate::deck::DeckSource::Bundled("p.toml"),
            );
            // Whatever the cloze text, the deck loads: a bad one skips
            // only its own cards, with an error saying why.
            let deck = deck.unwrap();
            proptest::prop_assert_eq!(&deck.cards[0].id, "ok");
            proptest::prop_assert!(deck.cards[1..].iter().all(|c| c.id.starts_with("z::c")));
            if deck.cards.len() == 1 {
                proptest::prop_assert!(diags.iter().any(|d| d.is_error()));
            }
        }
    }
}
