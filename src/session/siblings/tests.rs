//! Siblings apart: the rule, the day's queue, a session, and the
//! invariant over whole days.
#![allow(clippy::unwrap_used)]
use super::*;
use crate::sched::{Grade, Sm2State};
use crate::session::testing::{day, deck};

fn item(card: usize) -> Item {
    Item {
        deck: 0,
        card,
        kind: Kind::Review,
    }
}

#[test]
fn a_card_and_its_reverse_share_a_note_other_cards_do_not() {
    let decks = vec![deck("a", &["x", "x~rev", "y"]), deck("b", &["x", "x~rev"])];
    let notes = Notes::of(&decks);
    assert!(notes.are_siblings(item(0), item(1)));
    assert!(
        !notes.are_siblings(item(0), item(0)),
        "a card is not its own sibling"
    );
    assert!(!notes.are_siblings(item(0), item(2)));
    let other = Item { deck: 1, ..item(1) };
    assert!(!notes.are_siblings(item(0), other), "decks are apart");
    assert_eq!(note_of("x~rev"), "x");
    assert_eq!(note_of("x~rev~rev"), "x~rev");
}

#[test]
fn studied_on_is_the_day_of_the_last_scheduled_review() {
    let g = |q| Grade::new(q).unwrap();
    let (d1, d2) = (day("2026-11-01"), day("2026-11-02"));
    let mut k = CardDay::default();
    assert!(!studied_on(&k, d1), "a new card");
    k.record(Kind::Review, g(5), d1);
    assert!(studied_on(&k, d1));
    assert!(!studied_on(&k, d2));
    k.record(Kind::Review, g(5), d2);
    assert!(studied_on(&k, d2), "interval 6 now");
    // Reviewed late (due 11-08, graded 11-20): the day it was graded.
    let late = day("2026-11-20");
    k.record(Kind::Review, g(4), late);
    assert!(studied_on(&k, late));
    // A re-ask owed for a day is a review that day.
    let k = CardDay {
        state: Sm2State::NEW,
        first_day: None,
        drill_due: Some(d1),
        ..CardDay::default()
    };
    assert!(studied_on(&k, d1));
}

#[test]
fn the_first_of_a_note_is_admitted_its_siblings_wait_drills_pass() {
    let decks = vec![deck("a", &["x", "x~rev", "y", "y~rev"])];
    let notes = Notes::of(&decks);
    let today = day("2026-11-25");
    let mut y = CardDay::default();
    y.record(Kind::Review, Grade::new(2).unwrap(), today);
    let known = vec![vec![
        CardDay::default(),
        CardDay::default(),
        y,
        CardDay::default(),
    ]];
    let mut apart = Apart::new(&notes, &known, today);
    assert!(apart.admit(item(1)));
    assert!(!apart.admit(item(0)), "its sibling came first");
    assert!(!apart.admit(item(3)), "y was studied today");
    let drill = Item {
        kind: Kind::Drill,
        ..item(2)
    };
    assert!(apart.admit(drill), "a re-ask is the same card");
}

use crate::session::testing::{at, ids, line};
use crate::session::{Scope, Session, Study};
use crate::store::Replay;

fn grade(q: u8) -> Grade {
    Grade::new(q).unwrap()
}

/// Grades the current card `q` on `study`'s day.
fn answer(s: &mut Session, study: &mut Study, q: u8) {
    let a = s
        .prepare(study, grade(q), at("2026-11-25T09:00:00+00:00"), 0)
        .unwrap();
    assert!(s.record(study, a));
}

#[test]
fn a_reverse_decks_first_day_asks_one_direction_per_card() {
    let decks = vec![deck("a", &["x", "x~rev", "y", "y~rev", "z"])];
    let study = Study::new(&decks, &Replay::default(), day("2026-11-25"), 20);
    assert_eq!(ids(&decks, &study.queue(Scope::All)), ["x", "y", "z"]);
    // The cap counts the cards asked, not the siblings that wait.
    let study = Study::new(&decks, &Replay::default(), day("2026-11-25"), 2);
    assert_eq!(ids(&decks, &study.queue(Scope::All)), ["x", "y"]);
    // The counts stay SM-2's: every card is new.
    assert_eq!(study.counts(0).new, 5);
}

#[test]
fn a_sibling_studied_earlier_today_holds_the_other_back_until_tomorrow() {
    let decks = vec![deck("a", &["x", "x~rev", "y", "y~rev"])];
    // x~rev was studied yesterday (due today); x this morning.
    let replay = Replay::from_entries(&[
        line("2026-11-24T10:00:00+00:00", "a", "x~rev", 5, Kind::Review),
        line("2026-11-25T08:00:00+00:00", "a", "x", 5, Kind::Review),
    ]);
    let study = Study::new(&decks, &replay, day("2026-11-25"), 20);
    // x~rev is due, but waits; y~rev waits for y.
    assert_eq!(ids(&decks, &study.queue(Scope::All)), ["y"]);
    assert_eq!(study.counts(0).due, 1, "still due by SM-2");
    // Tomorrow both are due: the older due comes first, its sibling waits.
    let study = Study::new(&decks, &replay, day("2026-11-26"), 20);
    assert_eq!(ids(&decks, &study.queue(Scope::All)), ["x~rev", "y"]);
}

#[test]
fn the_cards_of_one_cloze_note_are_siblings_studied_on_different_days() {
    assert_eq!(note_of("gil::c12"), "gil");
    assert_eq!(note_of("gil::x"), "gil::x");
    let decks = vec![deck("a", &["gil::c1", "gil::c2", "gil::c3", "z"])];
    let study = Study::new(&decks, &Replay::default(), day("2026-11-25"), 20);
    assert_eq!(ids(&decks, &study.queue(Scope::All)), ["gil::c1", "z"]);
    // c1 studied today: c2 and c3 wait. Tomorrow c1 is due (interval 1)
    // and goes first: its siblings still wait.
    let replay = Replay::from_entries(&[line(
        "2026-11-25T08:00:00+00:00",
        "a",
        "gil::c1",
        5,
        Kind::Review,
    )]);
    let study = Study::new(&decks, &replay, day("2026-11-25"), 20);
    assert_eq!(ids(&decks, &study.queue(Scope::All)), ["z"]);
    let study = Study::new(&decks, &replay, day("2026-11-26"), 20);
    assert_eq!(ids(&decks, &study.queue(Scope::All)), ["gil::c1", "z"]);
}

#[test]
fn a_reask_owed_today_is_kept_and_holds_its_sibling_back() {
    let decks = vec![deck("a", &["x", "x~rev"])];
    let replay =
        Replay::from_entries(&[line("2026-11-25T08:00:00+00:00", "a", "x", 2, Kind::Review)]);
    let study = Study::new(&decks, &replay, day("2026-11-25"), 20);
    assert_eq!(ids(&decks, &study.queue(Scope::All)), ["x!"]);
}

#[test]
fn grading_a_card_drops_its_queued_sibling_and_undo_puts_it_back() {
    let decks = vec![deck("a", &["x", "x~rev", "y"])];
    let mut study = Study::new(&decks, &Replay::default(), day("2026-11-25"), 20);
    // A queue made by hand (Study::queue never holds both).
    let review = |card| Item {
        deck: 0,
        card,
        kind: Kind::Review,
    };
    let drill = Item {
        kind: Kind::Drill,
        ..review(1)
    };
    let mut s = Session::new(Scope::All, vec![review(0), review(2), review(1), drill]);
    let (s0, st0) = (s.clone(), study.clone());
    answer(&mut s, &mut study, 2);
    let left: Vec<Item> = s.remaining().copied().collect();
    assert_eq!(
        ids(&decks, &left),
        ["y", "x~rev!", "x!"],
        "the re-ask stays"
    );
    s.undo(&mut study).unwrap();
    assert_eq!((&s, &study), (&s0, &st0));
}

mod days {
    //! The invariant over whole days, whatever the states: no note gets a
    //! scheduled answer from two of its cards on one day.
    use super::*;
    use crate::store::LogEntry;
    use proptest::prelude::*;

    const TODAY: &str = "2026-11-25";

    /// One deck of notes, each one card or a card and its reverse.
    fn the_deck(reversed: &[bool]) -> crate::deck::Deck {
        let mut cards = Vec::new();
        for (i, &rev) in reversed.iter().enumerate() {
            cards.push(format!("n{i}"));
            if rev {
                cards.push(format!("n{i}~rev"));
            }
        }
        let refs: Vec<&str> = cards.iter().map(String::as_str).collect();
        deck("d", &refs)
    }

    /// How many cards of each note had a scheduled review today.
    fn studied(decks: &[crate::deck::Deck], study: &Study) -> Vec<usize> {
        let mut per_note = std::collections::BTreeMap::new();
        for (c, card) in decks[0].cards.iter().enumerate() {
            let n = per_note.entry(note_of(&card.id).to_string()).or_insert(0);
            *n += usize::from(studied_on(&study.known(0, c), study.today));
        }
        per_note.into_values().collect()
    }

    proptest! {
        #[test]
        fn no_two_siblings_are_studied_on_one_day(
            reversed in proptest::collection::vec(any::<bool>(), 1..6),
            // Earlier history: (card pick, grade, days before today, 0 = today).
            history in proptest::collection::vec((0usize..12, 0u8..=5, 0u32..12), 0..30),
            // Today's sessions: grades given in turn, and when to undo.
            grades in proptest::collection::vec((0u8..=5, any::<bool>()), 0..60),
            sessions in 1usize..4,
            cap in 0usize..5,
        ) {
            let decks = vec![the_deck(&reversed)];
            let cards = &decks[0].cards;
            let today: chrono::NaiveDate = TODAY.parse().unwrap();
            let mut lines: Vec<(u32, LogEntry)> = history
                .iter()
                .map(|&(c, q, ago)| {
                    let d = today - chrono::Days::new(u64::from(ago));
                    let card = &cards[c % cards.len()].id;
                    (ago, line(&format!("{d}T08:00:00+00:00"), "d", card, q, Kind::Review))
                })
                .collect();
            lines.sort_by_key(|(ago, _)| std::cmp::Reverse(*ago));
            let entries: Vec<LogEntry> = lines.into_iter().map(|(_, e)| e).collect();
            let mut study = Study::new(&decks, &Replay::from_entries(&entries), today, cap);
            let before = studied(&decks, &study);
            let mut grades = grades.into_iter();
            for _ in 0..sessions {
                let queue = study.queue(Scope::All);
                // Nothing in a queue is asked twice as a scheduled review.
                let mut seen = std::collections::HashSet::new();
                for i in queue.iter().filter(|i| i.kind == Kind::Review) {
                    prop_assert!(seen.insert(i.card));
                }
                let mut s = Session::new(Scope::All, queue);
                // Grades then 5s until done: re-asks end at 4 or more.
                let mut steps = 0;
                while !s.is_finished() && steps < 200 {
                    steps += 1;
                    let (q, undo) = grades.next().unwrap_or((5, false));
                    answer(&mut s, &mut study, q);
                    if undo {
                        s.undo(&mut study).unwrap();
                    }
                }
                prop_assert!(s.is_finished());
            }
            let after = studied(&decks, &study);
            for (b, a) in before.iter().zip(&after) {
                // A note studied before keeps its count; any other gets at most one.
                prop_assert!(*a == *b || (*b == 0 && *a <= 1), "before {before:?} after {after:?}");
            }
            // What waits is only what a sibling or the cap held back.
            let waiting_new = cards.iter().enumerate()
                .filter(|(c, _)| study.known(0, *c).state.is_new())
                .filter(|(c, card)| {
                    let note = note_of(&card.id);
                    !cards.iter().enumerate().any(|(o, other)| o != *c
                        && note_of(&other.id) == note
                        && studied_on(&study.known(0, o), today))
                })
                .count();
            prop_assert!(waiting_new == 0 || study.new_left_today() == 0);
        }

        #[test]
        fn a_queue_made_by_hand_never_asks_two_siblings_and_undo_restores_it(
            reversed in proptest::collection::vec(any::<bool>(), 1..5),
            picks in proptest::collection::vec((0usize..10, any::<bool>()), 0..12),
            grades in proptest::collection::vec(0u8..=5, 0..40),
        ) {
            let decks = vec![the_deck(&reversed)];
            let n = decks[0].cards.len();
            let today: chrono::NaiveDate = TODAY.parse().unwrap();
            let items: Vec<Item> = picks
                .iter()
                .map(|&(c, drill)| Item {
                    deck: 0,
                    card: c % n,
                    kind: if drill { Kind::Drill } else { Kind::Review },
                })
                .collect();
            let mut study = Study::new(&decks, &Replay::default(), today, 20);
            let mut s = Session::new(Scope::All, items);
            let (s0, st0) = (s.clone(), study.clone());
            let mut grades = grades.into_iter();
            let mut steps = 0;
            while !s.is_finished() && steps < 200 {
                steps += 1;
                answer(&mut s, &mut study, grades.next().unwrap_or(5));
            }
            prop_assert!(s.is_finished());
            // Every scheduled answer after the first of a note is the same card.
            let reviews: Vec<Item> = s
                .answers()
                .iter()
                .map(|a| a.item)
                .filter(|i| i.kind == Kind::Review)
                .collect();
            for (k, a) in reviews.iter().enumerate() {
                for b in &reviews[..k] {
                    prop_assert!(!study.notes().are_siblings(*a, *b), "{reviews:?}");
                }
            }
            while s.undo(&mut study).is_some() {}
            prop_assert_eq!((&s, &study), (&s0, &st0));
        }
    }
}

#[test]
fn the_cards_that_wait_are_due_or_new_with_a_sibling_studied_today() {
    let today = day("2026-11-25");
    let mut studied = CardDay::default();
    studied.record(Kind::Review, grade(5), today);
    let mut later = CardDay::default();
    later.record(Kind::Review, grade(5), day("2026-11-20"));
    later.record(Kind::Review, grade(5), day("2026-11-21"));
    let new = CardDay::default();
    let cards = [
        ("x", studied),
        ("x~rev", new),
        ("y", later),
        ("y~rev", studied),
        ("z", new),
    ];
    // y is not due until 11-27: it does not wait, it is simply later.
    assert_eq!(
        waiting_on(&cards, today),
        [false, true, false, false, false]
    );
    let decks = vec![deck("a", &["x", "x~rev", "y", "y~rev", "z"])];
    let replay = Replay::from_entries(&[
        line("2026-11-20T10:00:00+00:00", "a", "y", 5, Kind::Review),
        line("2026-11-21T10:00:00+00:00", "a", "y", 5, Kind::Review),
        line("2026-11-25T08:00:00+00:00", "a", "x", 5, Kind::Review),
        line("2026-11-25T08:00:00+00:00", "a", "y~rev", 5, Kind::Review),
    ]);
    let study = Study::new(&decks, &replay, today, 20);
    assert_eq!(study.sibling_waits(0), 1);
    assert_eq!(study.sibling_waits(3), 0, "no such deck");
    assert_eq!(ids(&decks, &study.queue(Scope::All)), ["z"]);
}
