//! Quiz mode: pure logic. Picking cards, checking typed
//! answers, scoring. The schedule is never touched: quiz grades are logged
//! as `cram` lines, which replay ignores for SM-2. The last quiz's weak
//! cards are kept by [`crate::store::last_weak`].

use std::collections::HashSet;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use crate::deck::{Card, Deck};
use crate::sched::Grade;

pub use crate::store::CardRef;

/// Answers longer than this (normalised) are self-graded, not typed.
pub const MAX_TYPED_LEN: usize = 40;

/// How a typed answer compares with the expected ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Equal after normalising.
    Correct,
    /// A small edit away (a typo).
    Close,
    /// Neither.
    Wrong,
}

impl Verdict {
    /// The grade suggested for this verdict (the learner may change it).
    pub fn suggested_grade(self) -> Grade {
        let q = match self {
            Verdict::Correct => 5,
            Verdict::Close => 3,
            Verdict::Wrong => 1,
        };
        Grade::new(q).unwrap_or(Grade::MIN)
    }
}

/// Lowercases and keeps only letters and digits, so case, whitespace and
/// punctuation never matter: `Multi-Processing.` and `multiprocessing` are
/// equal. Idempotent.
pub fn normalize_answer(s: &str) -> String {
    // Lowercase first: a capital can lower to a letter and a combining mark
    // ("İ" -> "i" + U+0307), and the mark must go too, or normalising
    // twice would differ from once.
    s.chars()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// The edit distance still counted as a typo for an answer of `len`
/// normalised characters: 1 up to 12 characters, then 2.
fn typo_budget(len: usize) -> usize {
    if len <= 3 {
        0
    } else if len <= 12 {
        1
    } else {
        2
    }
}

/// Compares a typed answer with the back and every `accept` alternative.
/// Returns the verdict and the expected answer it was closest to.
pub fn check_answer<'a>(typed: &str, card: &'a Card) -> (Verdict, &'a str) {
    let t = normalize_answer(typed);
    let candidates = std::iter::once(card.answer()).chain(card.accept.iter().map(String::as_str));
    let mut best: Option<(usize, &'a str, usize)> = None;
    for c in candidates {
        let n = normalize_answer(c);
        if n.is_empty() {
            continue;
        }
        if n == t {
            return (Verdict::Correct, c);
        }
        let d = strsim::levenshtein(&t, &n);
        if best.is_none_or(|(bd, _, _)| d < bd) {
            best = Some((d, c, n.chars().count()));
        }
    }
    match best {
        Some((d, c, len)) if !t.is_empty() && d <= typo_budget(len) => (Verdict::Close, c),
        _ => (Verdict::Wrong, card.answer()),
    }
}

/// True if typing this card's answer is reasonable: a short, one-line back.
pub fn is_typeable(card: &Card) -> bool {
    let answer = card.answer();
    !answer.contains('\n')
        && !answer.contains("```")
        && normalize_answer(answer).chars().count() <= MAX_TYPED_LEN
}

/// Which cards a quiz draws from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Deck ids; empty means every deck.
    pub decks: Vec<String>,
    /// Tags (a card matches if it or its deck has any); empty means any.
    pub tags: Vec<String>,
    /// How many cards at most.
    pub count: usize,
    /// The shuffle seed.
    pub seed: u64,
    /// Cards never picked: the suspended ones (unless the quiz is asked to
    /// include them, `--include-suspended`).
    pub skip: HashSet<CardRef>,
}

/// True if `card` of `deck` has any of `tags` (on the card or its deck);
/// any card matches no tags.
pub fn has_any_tag(deck: &Deck, card: &Card, tags: &[String]) -> bool {
    tags.is_empty()
        || tags
            .iter()
            .any(|t| card.tags.contains(t) || deck.tags.contains(t))
}

/// Every tag of these decks and their cards, sorted, once each.
pub fn known_tags(decks: &[Deck]) -> Vec<String> {
    let mut tags: Vec<String> = decks
        .iter()
        .flat_map(|d| {
            d.tags
                .iter()
                .chain(d.cards.iter().flat_map(|c| c.tags.iter()))
        })
        .cloned()
        .collect();
    tags.sort();
    tags.dedup();
    tags
}

/// The cards matching `sel`, shuffled with its seed, at most `sel.count`.
/// The same seed and decks give the same order on every machine and in
/// every version: the generator is ChaCha8 (whose output is fixed by its
/// specification) and the shuffle is written here.
pub fn pick(decks: &[Deck], sel: &Selection) -> Vec<CardRef> {
    let mut pool: Vec<CardRef> = decks
        .iter()
        .filter(|d| sel.decks.is_empty() || sel.decks.contains(&d.id))
        .flat_map(|d| {
            d.cards
                .iter()
                .filter(|c| has_any_tag(d, c, &sel.tags))
                .map(|c| CardRef {
                    deck: d.id.clone(),
                    card: c.id.clone(),
                })
                .filter(|r| !sel.skip.contains(r))
        })
        .collect();
    shuffle(&mut pool, sel.seed);
    pool.truncate(sel.count);
    pool
}

/// Fisher–Yates with ChaCha8 seeded by `seed`: a fixed function of `seed`
/// and the length (rand's own `shuffle` may change between its versions).
fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    for i in (1..items.len()).rev() {
        let bound = u64::try_from(i + 1).unwrap_or(u64::MAX);
        let j = usize::try_from(below(&mut rng, bound)).unwrap_or(0);
        items.swap(i, j);
    }
}

/// A uniform number in `0..n` (`n > 0`), without modulo bias: draws that
/// fall in the incomplete last block of `2^64` are rejected.
fn below(rng: &mut impl Rng, n: u64) -> u64 {
    let threshold = n.wrapping_neg() % n;
    loop {
        let v = rng.next_u64();
        if v >= threshold {
            return v % n;
        }
    }
}

/// One answered quiz card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuizAnswer {
    /// The card.
    pub card: CardRef,
    /// The final grade.
    pub grade: Grade,
    /// Milliseconds spent on the card.
    pub spent_ms: u64,
    /// Ran out of time.
    pub timed_out: bool,
}

/// The result of a quiz.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    /// Cards graded 3 or more (an SM-2 pass; a "close" answer at 3 counts).
    pub right: usize,
    /// Cards answered.
    pub total: usize,
    /// Average time per card.
    pub avg_ms: u64,
    /// The cards not right (graded below 3), in quiz order: the ones to
    /// work on. A card is right or weak, never both.
    pub weak: Vec<CardRef>,
}

impl Score {
    /// Scores a list of answers.
    pub fn of(answers: &[QuizAnswer]) -> Score {
        let total = answers.len();
        let right = answers.iter().filter(|a| a.grade.is_pass()).count();
        let sum: u64 = answers.iter().map(|a| a.spent_ms).sum();
        let avg_ms = sum.checked_div(total as u64).unwrap_or(0);
        let weak = answers
            .iter()
            .filter(|a| !a.grade.is_pass())
            .map(|a| a.card.clone())
            .collect();
        Score {
            right,
            total,
            avg_ms,
            weak,
        }
    }

    /// The share right, in percent, rounded to the nearest (half up; 0 for
    /// an empty quiz): 2 of 3 is 67%.
    pub fn percent(&self) -> u32 {
        (self.right * 100 + self.total / 2)
            .checked_div(self.total)
            .map_or(0, |p| u32::try_from(p).unwrap_or(100))
    }

    /// `7/10 (70%), 4.2 s per card`.
    pub fn line(&self) -> String {
        format!(
            "{}/{} ({}%), {:.1} s per card",
            self.right,
            self.total,
            self.percent(),
            self.avg_ms as f64 / 1000.0
        )
    }
}

#[cfg(test)]
mod tests;
