//! Tests of the quiz logic: answers, picking, scoring.
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
    // Skipped (suspended) cards are never picked.
    let skip: HashSet<CardRef> = even.iter().take(3).cloned().collect();
    let rest = pick(
        &decks,
        &Selection {
            tags: vec!["even".into()],
            skip: skip.clone(),
            ..sel.clone()
        },
    );
    assert_eq!(rest.len(), 7);
    assert!(rest.iter().all(|r| !skip.contains(r)));
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

/// The cards of a deck with one cloze note.
fn cloze_cards(cloze: &str, accept: &str) -> Vec<Card> {
    let text = format!(
        "[[cards]]\nid = \"n\"\ncloze = \"{cloze}\"\naccept = [{accept}]\nback = \"A long back\\nof two lines\"\n"
    );
    let (deck, diags) = crate::deck::parse_deck(
        text.as_bytes(),
        "t.toml",
        "t",
        DeckSource::Bundled("t.toml"),
    );
    assert!(diags.is_empty(), "{diags:?}");
    deck.unwrap().cards
}

#[test]
fn a_cloze_card_is_checked_against_its_deleted_text() {
    let cards = cloze_cards(
        "use multiprocessing with n_process = {{c1::n_cores}} and never {{c2::more}}",
        "\"number of cores\"",
    );
    let c1 = &cards[0];
    assert!(is_typeable(c1), "the back has two lines, the answer one");
    assert_eq!(check_answer("N_CORES", c1), (Verdict::Correct, "n_cores"));
    assert_eq!(check_answer("n_core", c1).0, Verdict::Close);
    assert_eq!(check_answer("number of cores", c1).0, Verdict::Correct);
    assert_eq!(check_answer("more", c1), (Verdict::Wrong, "n_cores"));
    assert_eq!(check_answer("more", &cards[1]).0, Verdict::Correct);
    // Deletions sharing a number are answered together; code marks are
    // not typed.
    let shared = cloze_cards("{{c1::`lock`}} before, {{c1::unlock}} after", "");
    assert_eq!(check_answer("lock, unlock", &shared[0]).0, Verdict::Correct);
    assert_eq!(check_answer("lock unlock", &shared[0]).0, Verdict::Correct);
}
