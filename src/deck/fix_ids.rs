//! `check --fix-ids`: write a stable `id` into every card that lacks one,
//! keeping the file's comments, order and formatting.
//!
//! A card without `id` is keyed by the hash of its front (`h-...`). If the
//! review log has history under that key (for the card or its reverse),
//! exactly that id is written, so the history keeps matching; otherwise a
//! readable slug made from the front is written.

use toml_edit::{Decor, DocumentMut, InlineTable, Item, Key, Table, Value};

use super::slug::{Unique, slugify};
use super::{Deck, REVERSE_SUFFIX, cloze};

/// Errors of [`fix_ids`].
#[derive(Debug, thiserror::Error)]
pub enum FixIdsError {
    /// The text is not TOML that toml_edit accepts.
    #[error("cannot edit the file: {0}")]
    Toml(#[from] toml_edit::TomlError),
    /// The file's cards do not match the parsed deck.
    #[error("cannot edit the file: its `cards` are not an array of tables")]
    Shape,
}

/// One id written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenId {
    /// 1-based line of the card (before the edit).
    pub line: usize,
    /// The id written.
    pub id: String,
    /// True if it is the card's hashed id, kept because it has history.
    pub kept_hash: bool,
}

/// The edited text and what was written.
#[derive(Debug, Clone)]
pub struct Fixed {
    /// The new file text (equal to the input if nothing was written).
    pub text: String,
    /// The ids written, in file order.
    pub written: Vec<WrittenId>,
}

/// Writes ids into the cards of `text` that have none. `deck` must be the
/// deck parsed from the same `text` without errors; `has_history(card_id)`
/// says whether the review log has lines for that card of this deck.
pub fn fix_ids(
    text: &str,
    deck: &Deck,
    has_history: impl Fn(&str) -> bool,
) -> Result<Fixed, FixIdsError> {
    let cards: Vec<_> = deck.cards.iter().filter(|c| c.is_written()).collect();
    if cards.iter().all(|c| c.has_explicit_id) {
        return Ok(Fixed {
            text: text.to_string(),
            written: Vec::new(),
        });
    }
    let mut doc: DocumentMut = text.parse()?;
    let mut unique = Unique::new(
        deck.cards
            .iter()
            .map(|c| c.cloze.as_ref().map_or(&c.id, |z| &z.note).clone()),
    );
    let mut ids: Vec<Option<WrittenId>> = Vec::new();
    for card in &cards {
        if card.has_explicit_id {
            ids.push(None);
            continue;
        }
        // A cloze note's id is its cards' ids without `::cN`; its cards
        // are those with that note, and its text is slugged.
        let (id, text, history) = match &card.cloze {
            Some(c) => (
                &c.note,
                cloze::full(&cloze::parse(&c.text).unwrap_or_default()),
                deck.cards
                    .iter()
                    .filter(|k| k.cloze.as_ref().is_some_and(|k| k.note == c.note))
                    .any(|k| has_history(&k.id)),
            ),
            None => {
                let rev = format!("{}{REVERSE_SUFFIX}", card.id);
                let history = has_history(&card.id) || has_history(&rev);
                (&card.id, card.front.clone(), history)
            }
        };
        let w = if history {
            WrittenId {
                line: card.line,
                id: id.clone(),
                kept_hash: true,
            }
        } else {
            WrittenId {
                line: card.line,
                id: unique.make(&slugify(&text, "card")),
                kept_hash: false,
            }
        };
        ids.push(Some(w));
    }
    let Some(item) = doc.get_mut("cards") else {
        return Err(FixIdsError::Shape);
    };
    match item {
        Item::ArrayOfTables(aot) => {
            if aot.len() != ids.len() {
                return Err(FixIdsError::Shape);
            }
            for (t, w) in aot.iter_mut().zip(&ids) {
                if let Some(w) = w {
                    insert_first(t, &w.id);
                }
            }
        }
        Item::Value(Value::Array(arr)) => {
            if arr.len() != ids.len() {
                return Err(FixIdsError::Shape);
            }
            for (v, w) in arr.iter_mut().zip(&ids) {
                let Value::InlineTable(t) = v else {
                    return Err(FixIdsError::Shape);
                };
                if let Some(w) = w {
                    insert_first_inline(t, &w.id);
                }
            }
        }
        _ => return Err(FixIdsError::Shape),
    }
    Ok(Fixed {
        text: doc.to_string(),
        written: ids.into_iter().flatten().collect(),
    })
}

fn id_first(a: &Key, b: &Key) -> std::cmp::Ordering {
    (b.get() == "id").cmp(&(a.get() == "id"))
}

/// Inserts `id = "..."` as the first key, indented like the first key.
fn insert_first(t: &mut Table, id: &str) {
    let indent = t
        .iter()
        .next()
        .and_then(|(k, _)| t.key(k))
        .and_then(|k| k.leaf_decor().prefix())
        .and_then(|p| p.as_str())
        .map(|p| {
            let last = p.rsplit('\n').next().unwrap_or("");
            if last.chars().all(|c| c == ' ' || c == '\t') {
                last.to_string()
            } else {
                String::new()
            }
        })
        .unwrap_or_default();
    let key = Key::new("id").with_leaf_decor(Decor::new(indent, " "));
    t.insert_formatted(&key, toml_edit::value(id));
    t.sort_values_by(|k1, _, k2, _| id_first(k1, k2));
}

fn insert_first_inline(t: &mut InlineTable, id: &str) {
    let key = Key::new("id").with_leaf_decor(Decor::new(" ", " "));
    let mut v = Value::from(id);
    v.decor_mut().set_prefix(" ");
    v.decor_mut().set_suffix("");
    t.insert_formatted(&key, v);
    t.sort_values_by(|k1, _, k2, _| id_first(k1, k2));
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::deck::{DeckSource, parse_deck};

    fn deck(text: &str) -> Deck {
        let (d, diags) = parse_deck(
            text.as_bytes(),
            "t.toml",
            "t",
            DeckSource::Bundled("t.toml"),
        );
        assert!(!diags.iter().any(|d| d.is_error()), "{diags:?}");
        d.unwrap()
    }

    const TEXT: &str = "# My deck\n[deck]\nname = \"T\"   # trailing comment\n\n# first card\n[[cards]]\n  front = \"What is the GIL?\"  # q\n  back = '''a lock'''\n\n[[cards]]\nid = \"kept\"\nfront = \"x\"\nback = \"y\"\n\n[[cards]]\n# comment inside\nfront = \"Old card\"\nback = \"z\"\nreverse = true\n";

    #[test]
    fn only_id_lines_are_added() {
        let d = deck(TEXT);
        let old_hash = d.cards[2].id.clone();
        let fixed = fix_ids(TEXT, &d, |id| id == format!("{old_hash}~rev")).unwrap();
        assert_eq!(fixed.written.len(), 2);
        assert_eq!(fixed.written[0].id, "what-is-the-gil");
        assert!(!fixed.written[0].kept_hash);
        assert_eq!(fixed.written[1].id, old_hash);
        assert!(fixed.written[1].kept_hash);
        let before: Vec<&str> = TEXT.lines().collect();
        let after: Vec<&str> = fixed.text.lines().collect();
        let added: Vec<&str> = after
            .iter()
            .filter(|l| !before.contains(l))
            .copied()
            .collect();
        assert_eq!(
            added,
            vec![
                "  id = \"what-is-the-gil\"".to_string(),
                format!("id = \"{old_hash}\""),
            ]
        );
        let kept: Vec<&str> = after
            .iter()
            .filter(|l| before.contains(l))
            .copied()
            .collect();
        assert_eq!(kept, before);
        let again = deck(&fixed.text);
        assert!(again.cards.iter().all(|c| c.has_explicit_id));
        assert_eq!(again.cards[3].id, format!("{old_hash}~rev"));
    }

    #[test]
    fn a_cloze_note_gets_a_note_id_never_one_with_a_colon_pair() {
        let text = "[[cards]]\ncloze = \"{{c1::Threads}} share {{c2::memory}}\"\n[[cards]]\ncloze = \"{{c1::Kept}} history\"\n";
        let d = deck(text);
        let kept = d.cards[2].cloze.clone().unwrap().note;
        let fixed = fix_ids(text, &d, |id| id == format!("{kept}::c1")).unwrap();
        let ids: Vec<&str> = fixed.written.iter().map(|w| w.id.as_str()).collect();
        assert_eq!(ids, ["threads-share-memory", kept.as_str()]);
        let again = deck(&fixed.text);
        let ids: Vec<&str> = again.cards.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "threads-share-memory::c1".to_string(),
                "threads-share-memory::c2".to_string(),
                format!("{kept}::c1")
            ]
        );
    }

    #[test]
    fn inline_cards_and_no_op() {
        let text = "cards = [{ front = \"a b\", back = \"c\" }]\n";
        let d = deck(text);
        let fixed = fix_ids(text, &d, |_| false).unwrap();
        assert_eq!(
            fixed.text,
            "cards = [{ id = \"a-b\", front = \"a b\", back = \"c\" }]\n"
        );
        let d = deck(&fixed.text);
        let same = fix_ids(&fixed.text, &d, |_| false).unwrap();
        assert!(same.written.is_empty());
        assert_eq!(same.text, fixed.text);
    }
}
