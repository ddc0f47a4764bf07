//! What a deck file's TOML holds for the deck: the fields of its `[deck]`
//! table and of each `[[cards]]` table, as flat lists of spanned entries
//! in key order (as toml's tables iterate). Made either straight from the
//! parser's events (`events`, the common case) or from toml's document
//! tree ([`from_tree`], for everything else); the deck is built from it
//! the same way in both cases.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeString, DeTable, DeValue};

use super::Reporter;
use super::values::{type_name, unknown_key};

/// One `key = value` of a table.
pub(super) type Entry<'i> = (Spanned<DeString<'i>>, Spanned<DeValue<'i>>);

/// One `[[cards]]` table.
#[derive(Debug)]
pub(super) struct CardTable {
    /// 1-based, counting every entry of the `cards` array.
    pub number: usize,
    /// The span to blame for the card as a whole (its `[[cards]]` header).
    pub span: Range<usize>,
    /// Its entries in [`Doc::entries`].
    pub fields: Range<usize>,
}

/// The deck's tables in a file.
#[derive(Debug, Default)]
pub(super) struct Doc<'i> {
    /// Every table's entries, each table's sorted by key.
    pub entries: Vec<Entry<'i>>,
    /// The `[deck]` table's entries, if it is a table.
    pub deck: Option<Range<usize>>,
    /// The `[[cards]]` tables, in file order.
    pub cards: Vec<CardTable>,
}

impl<'i> Doc<'i> {
    /// The entries of a table.
    pub fn fields(&self, range: &Range<usize>) -> &[Entry<'i>] {
        self.entries.get(range.clone()).unwrap_or_default()
    }

    /// Adds a table's entries (already in key order); where they are.
    fn push_table(&mut self, table: DeTable<'i>) -> Range<usize> {
        let start = self.entries.len();
        self.entries.extend(table);
        start..self.entries.len()
    }
}

/// The deck's tables in toml's document `root`, reporting a `deck` or
/// `cards` of the wrong type and unknown keys at the top.
pub(super) fn from_tree<'i>(rep: &mut Reporter<'_>, root: DeTable<'i>) -> Doc<'i> {
    let mut doc = Doc::default();
    for (key, value) in root {
        let span = value.span();
        match (key.get_ref().as_ref(), value.into_inner()) {
            ("deck", DeValue::Table(t)) => doc.deck = Some(doc.push_table(t)),
            ("deck", other) => {
                let found = type_name(&other);
                rep.error(
                    span,
                    format!("`deck` must be a table ([deck]), found {found}"),
                );
            }
            ("cards", DeValue::Array(a)) => {
                for (i, item) in a.into_iter().enumerate() {
                    let span = item.span();
                    match item.into_inner() {
                        DeValue::Table(t) => {
                            let fields = doc.push_table(t);
                            doc.cards.push(CardTable {
                                number: i + 1,
                                span,
                                fields,
                            });
                        }
                        other => {
                            let found = type_name(&other);
                            rep.error(
                                span,
                                format!(
                                    "card {} must be a table ([[cards]]), found {found}",
                                    i + 1
                                ),
                            );
                        }
                    }
                }
            }
            ("cards", other) => {
                let found = type_name(&other);
                rep.error(
                    span,
                    format!("`cards` must be an array of tables ([[cards]]), found {found}"),
                );
            }
            _ => unknown_key(rep, &key, "the file", &["deck", "cards"]),
        }
    }
    doc
}

/// Which table the entries being read go to, for the readers that build
/// a [`Doc`] entry by entry (from the parser's events or the text).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum At {
    /// Before any table header.
    Top,
    /// The `[deck]` table.
    Deck,
    /// The last `[[cards]]` table.
    Card,
}

impl Doc<'_> {
    /// Closes the table at `at` whose entries start at `start`: sorts them
    /// by key, as toml's tables iterate (stable: equal keys keep their
    /// order), and records where they are. False if a key is repeated,
    /// which those readers leave to toml's document tree.
    pub fn finish_table(&mut self, at: At, start: usize) -> bool {
        let end = self.entries.len();
        let Some(table) = self.entries.get_mut(start..) else {
            return false;
        };
        table.sort_by(|(a, _), (b, _)| a.get_ref().cmp(b.get_ref()));
        let unique = !table
            .windows(2)
            .any(|w| w[0].0.get_ref() == w[1].0.get_ref());
        match at {
            At::Top => {}
            At::Deck => self.deck = Some(start..end),
            At::Card => {
                if let Some(card) = self.cards.last_mut() {
                    card.fields = start..end;
                }
            }
        }
        unique
    }
}

/// True if the entries have the key `k`.
pub(super) fn has(fields: &[Entry<'_>], k: &str) -> bool {
    get(fields, k).is_some()
}

/// The value of key `k` in the entries.
pub(super) fn get<'a, 'i>(fields: &'a [Entry<'i>], k: &str) -> Option<&'a Spanned<DeValue<'i>>> {
    fields
        .iter()
        .find(|(key, _)| key.get_ref().as_ref() == k)
        .map(|(_, v)| v)
}
