//! Quiz (interview) mode: pure logic. Picking cards, checking typed
//! answers, scoring. The schedule is never touched: quiz grades are logged
//! as `cram` lines, which replay ignores for SM-2. The last quiz's weak
//! cards are kept by [`crate::store::last_weak`].

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
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
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
    let candidates =
        std::iter::once(card.back.as_str()).chain(card.accept.iter().map(String::as_str));
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
        _ => (Verdict::Wrong, card.back.as_str()),
    }
}

/// True if typing this card's answer is reasonable: a short, one-line back.
pub fn is_typeable(card: &Card) -> bool {
    !card.back.contains('\n')
        && !card.back.contains("```")
        && normalize_answer(&card.back).chars().count() <= MAX_TYPED_LEN
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
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::deck::DeckSource;
    use proptest::prelude::*;

    fn card(back: &str, accept: &[&str]) -> Card {
        Card {
            accept: accept.iter().map(|s| s.to_string()).collect(),
            ..Card::new("c", "f", back)
        }
    }

    #[test]
    fn the_users_short_answers_match() {
        let mp = card("multiprocessing", &["processes", "multi-processing"]);
        assert_eq!(check_answer("Multi-Processing.", &mp).0, Verdict::Correct);
        assert_eq!(check_answer("  processes ", &mp).0, Verdict::Correct);
        assert_eq!(
            check_answer("multiprocesing", &mp),
            (Verdict::Close, "multiprocessing")
        );
        assert_eq!(check_answer("multithreading", &mp).0, Verdict::Wrong);
        let f = card("false", &["no"]);
        assert_eq!(check_answer("False", &f).0, Verdict::Correct);
        assert_eq!(
            check_answer("flase", &f).0,
            Verdict::Wrong,
            "a swap is 2 edits"
        );
        assert_eq!(check_answer("fals", &f).0, Verdict::Close);
        assert_eq!(check_answer("true", &f).0, Verdict::Wrong);
        assert_eq!(check_answer("", &f).0, Verdict::Wrong);
        let n = card("n_cores", &["number of cores"]);
        assert_eq!(check_answer("N_CORES", &n).0, Verdict::Correct);
        assert_eq!(check_answer("ncores", &n).0, Verdict::Correct);
        assert_eq!(check_answer("n_core", &n).0, Verdict::Close);
        assert_eq!(check_answer("Number of cores!", &n).0, Verdict::Correct);
        let mt = card("multithreading", &[]);
        assert_eq!(check_answer("multithreding", &mt).0, Verdict::Close);
        assert_eq!(check_answer("multiprocessing", &mt).0, Verdict::Wrong);
    }

    #[test]
    fn long_answers_are_self_graded() {
        assert!(is_typeable(&card("multiprocessing", &[])));
        assert!(!is_typeable(&card(
            "Processes run on separate cores, while threads in CPython share one lock.",
            &[]
        )));
        assert!(!is_typeable(&card("a\nb", &[])));
    }

    fn deck(id: &str, n: usize, tags: &[&str]) -> Deck {
        Deck {
            id: id.into(),
            name: id.into(),
            description: String::new(),
            tags: tags.iter().map(|s| s.to_string()).collect(),
            cards: (0..n)
                .map(|i| Card {
                    id: format!("{id}-{i}"),
                    tags: if i % 2 == 0 {
                        vec!["even".into()]
                    } else {
                        vec![]
                    },
                    ..card("b", &[])
                })
                .collect(),
            source: DeckSource::Bundled("x.toml"),
            id_pos: (1, 1),
            reverse: false,
        }
    }

    #[test]
    fn selection_is_deterministic_and_filtered() {
        let decks = vec![deck("a", 10, &[]), deck("b", 10, &["py"])];
        let sel = Selection {
            count: 20,
            seed: 7,
            ..Selection::default()
        };
        let first = pick(&decks, &sel);
        assert_eq!(first.len(), 20);
        assert_eq!(first, pick(&decks, &sel));
        assert_ne!(
            first,
            pick(
                &decks,
                &Selection {
                    seed: 8,
                    ..sel.clone()
                }
            )
        );
        let only_b = pick(
            &decks,
            &Selection {
                decks: vec!["b".into()],
                ..sel.clone()
            },
        );
        assert!(only_b.iter().all(|c| c.deck == "b") && only_b.len() == 10);
        let even = pick(
            &decks,
            &Selection {
                tags: vec!["even".into()],
                ..sel.clone()
            },
        );
        assert_eq!(even.len(), 10);
        let py = pick(
            &decks,
            &Selection {
                tags: vec!["py".into()],
                count: 3,
                ..sel
            },
        );
        assert_eq!(py.len(), 3);
        assert!(py.iter().all(|c| c.deck == "b"));
    }

    const PINNED: [&str; 8] = ["a-5", "a-3", "a-2", "a-6", "a-7", "a-4", "a-0", "a-1"];

    #[test]
    fn a_seed_gives_the_same_order_everywhere() {
        // Pinned: this order must never change (`--seed` promises it).
        let decks = vec![deck("a", 8, &[])];
        let order: Vec<String> = pick(
            &decks,
            &Selection {
                count: 8,
                seed: 42,
                ..Selection::default()
            },
        )
        .into_iter()
        .map(|c| c.card)
        .collect();
        assert_eq!(order, PINNED);
    }

    #[test]
    fn score_line_and_weak_cards() {
        let r = |c: &str| CardRef {
            deck: "d".into(),
            card: c.into(),
        };
        let answers = vec![
            QuizAnswer {
                card: r("a"),
                grade: Grade::new(5).unwrap(),
                spent_ms: 1000,
                timed_out: false,
            },
            QuizAnswer {
                card: r("b"),
                grade: Grade::new(3).unwrap(),
                spent_ms: 2000,
                timed_out: false,
            },
            QuizAnswer {
                card: r("c"),
                grade: Grade::new(0).unwrap(),
                spent_ms: 3000,
                timed_out: true,
            },
        ];
        let s = Score::of(&answers);
        assert_eq!(s.line(), "2/3 (67%), 2.0 s per card");
        assert_eq!(
            s.weak,
            vec![r("c")],
            "a close answer at 3 is right, not weak"
        );
    }

    proptest! {
        #[test]
        fn every_card_is_right_or_weak_never_both(grades in proptest::collection::vec(0u8..=5, 0..20)) {
            let answers: Vec<QuizAnswer> = grades
                .iter()
                .enumerate()
                .map(|(i, &g)| QuizAnswer {
                    card: CardRef { deck: "d".into(), card: i.to_string() },
                    grade: Grade::new(g).unwrap(),
                    spent_ms: 0,
                    timed_out: false,
                })
                .collect();
            let s = Score::of(&answers);
            prop_assert_eq!(s.right + s.weak.len(), s.total);
        }

        #[test]
        fn normalisation_is_idempotent(s in any::<String>()) {
            let once = normalize_answer(&s);
            prop_assert_eq!(normalize_answer(&once), once);
        }

        #[test]
        fn the_exact_answer_is_always_correct(back in "[^\\n]{1,60}", accept in "[^\\n]{1,30}") {
            prop_assume!(!normalize_answer(&back).is_empty() && !normalize_answer(&accept).is_empty());
            let c = card(&back, &[&accept]);
            prop_assert_eq!(check_answer(&back, &c).0, Verdict::Correct);
            prop_assert_eq!(check_answer(&accept, &c).0, Verdict::Correct);
            prop_assert_eq!(check_answer(&format!("  {back}. "), &c).0, Verdict::Correct);
        }
    }
}
