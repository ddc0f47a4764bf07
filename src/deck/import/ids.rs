//! Card ids for an import: the slug of each front, cut at a word boundary
//! when long. A cut id that would read as a shorter form of another id
//! (`…-best-for` beside `…-best-for-io`), or that two cards share, keeps
//! the question's last word instead (`…-computations`); identical fronts
//! are numbered (`same`, `same-2`).

use std::collections::{HashMap, HashSet};

use super::ImportedCard;
use crate::deck::cloze;
use crate::deck::slug::{MAX_SLUG_CHARS, Unique, slug_words, slugify, slugify_keeping_end};

/// The shorter forms of a slug: each prefix that ends before a hyphen
/// (`a-b-c` -> `a`, `a-b`). A slug `long` extends `short` (is `short`
/// followed by more words) exactly when `short` is one of these.
fn hyphen_prefixes(slug: &str) -> impl Iterator<Item = &str> {
    slug.match_indices('-').map(move |(i, _)| &slug[..i])
}

/// The text an id is made from: the front, or a cloze note's text as the
/// back shows it (without its markup).
fn front(c: &ImportedCard) -> String {
    let shown = match cloze::parse(&c.front) {
        Ok(segments) if c.cloze => cloze::full(&segments),
        _ => c.front.clone(),
    };
    shown.trim_end_matches(['…', ' ']).to_string()
}

/// The cards with their ids.
pub(super) fn assign(raw: Vec<ImportedCard>) -> Vec<ImportedCard> {
    let bases: Vec<String> = raw.iter().map(|c| slugify(&front(c), "card")).collect();
    let was_cut: Vec<bool> = raw
        .iter()
        .map(|c| slug_words(&front(c)).join("-").len() > MAX_SLUG_CHARS)
        .collect();
    // Hashed, so that thousands of cards with one front stay linear: how
    // many cards have each base, and every shorter form (a prefix ending
    // before a hyphen) of every base.
    let mut count: HashMap<&str, usize> = HashMap::new();
    let mut shorter: HashSet<&str> = HashSet::new();
    for b in &bases {
        *count.entry(b.as_str()).or_default() += 1;
        shorter.extend(hyphen_prefixes(b));
    }
    let ambiguous = |i: usize| {
        let b = bases[i].as_str();
        count.get(b).is_some_and(|&n| n > 1)
            || shorter.contains(b)
            || hyphen_prefixes(b).any(|p| count.contains_key(p))
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
