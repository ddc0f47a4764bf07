//! Card ids for an import: the slug of each front, cut at a word boundary
//! when long. A cut id that would read as a shorter form of another id
//! (`…-best-for` beside `…-best-for-io`), or that two cards share, keeps
//! the question's last word instead (`…-computations`); identical fronts
//! are numbered (`same`, `same-2`).

use super::ImportedCard;
use crate::deck::slug::{MAX_SLUG_CHARS, Unique, slug_words, slugify, slugify_keeping_end};

/// True if `long` is `short` followed by more words.
fn extends(long: &str, short: &str) -> bool {
    long.strip_prefix(short).is_some_and(|r| r.starts_with('-'))
}

/// The cards with their ids.
pub(super) fn assign(raw: Vec<ImportedCard>) -> Vec<ImportedCard> {
    let front = |c: &ImportedCard| c.front.trim_end_matches(['…', ' ']).to_string();
    let bases: Vec<String> = raw.iter().map(|c| slugify(&front(c), "card")).collect();
    let was_cut: Vec<bool> = raw
        .iter()
        .map(|c| slug_words(&front(c)).join("-").len() > MAX_SLUG_CHARS)
        .collect();
    let ambiguous = |i: usize| {
        bases.iter().enumerate().any(|(j, other)| {
            j != i && (other == &bases[i] || extends(other, &bases[i]) || extends(&bases[i], other))
        })
    };
    let mut unique = Unique::default();
    raw.into_iter()
        .enumerate()
        .map(|(i, mut c)| {
            let base = if was_cut[i] && ambiguous(i) {
                slugify_keeping_end(&front(&c), "card")
            } else {
                bases[i].clone()
            };
            c.id = unique.make(&base);
            c
        })
        .collect()
}
