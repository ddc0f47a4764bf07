//! The quiz at 40×12: a long answer and explanation are not cut off; the
//! card scrolls with ↑/↓ and PgUp/PgDn (keys that neither type nor grade)
//! behind a hint on the box's border that says how much is hidden.

#![allow(clippy::unwrap_used)]

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::deck::Card;
use crate::quiz::CardRef;
use crate::tui::quiz::{Phase, Quiz, QuizItem, QuizOptions};

const BACK: &str = "A lock in CPython that lets only one thread execute Python bytecode at a time.";
const EXPLAIN: &str = "Threads take turns holding it, so CPU-bound Python code does not run faster on more threads; blocking I/O releases it, so I/O-bound threads still overlap. Free-threaded builds (3.13t) remove it.";

fn quiz(typed: bool) -> Quiz {
    quiz_with(typed, BACK)
}

fn quiz_with(typed: bool, back: &str) -> Quiz {
    let mut card = Card::new(
        "gil",
        "What is the GIL, and what does it mean for threads?",
        back,
    );
    card.explain = Some(EXPLAIN.to_string());
    card.accept = vec!["the gil".to_string()];
    let item = QuizItem {
        card_ref: CardRef {
            deck: "mt-vs-mp".into(),
            card: "gil".into(),
        },
        deck_name: "Multithreading vs Multiprocessing".into(),
        card,
    };
    Quiz::new(
        vec![item],
        QuizOptions {
            typed,
            time_limit: None,
            seed: None,
        },
        0,
    )
}

fn key(q: &mut Quiz, code: KeyCode) {
    q.key(KeyEvent::new(code, KeyModifiers::NONE), 10);
}

fn screen(q: &Quiz) -> String {
    screen_at(q, 40, 12)
}

fn screen_at(q: &Quiz, width: u16, height: u16) -> String {
    let mut term = Terminal::new(TestBackend::new(width, height)).unwrap();
    term.draw(|f| f.render_widget(q, f.area())).unwrap();
    term.backend().to_string()
}

/// The words of `text` seen on any screen while scrolling to the end.
fn scroll_to_end(q: &mut Quiz) -> (Vec<String>, String) {
    let mut seen = vec![screen(q)];
    for _ in 0..40 {
        key(q, KeyCode::Down);
        seen.push(screen(q));
    }
    let last = seen.last().cloned().unwrap_or_default();
    (seen, last)
}

/// True if every word of `text` is on one of `screens` (words may be cut
/// only at the end of a line, never lost).
fn all_words_shown(text: &str, screens: &[String]) -> Vec<String> {
    let joined: String = screens.join("\n");
    text.split_whitespace()
        .filter(|w| !joined.contains(w))
        .map(str::to_string)
        .collect()
}

#[test]
fn a_long_self_graded_answer_scrolls_at_40x12() {
    let mut q = quiz(false);
    key(&mut q, KeyCode::Char(' '));
    assert_eq!(q.phase, Phase::Revealed);
    let top = screen(&q);
    insta::assert_snapshot!("quiz_40x12_revealed_top", top);
    assert!(top.contains("more lines: ↑↓ PgUp PgDn"), "{top}");
    let (screens, bottom) = scroll_to_end(&mut q);
    insta::assert_snapshot!("quiz_40x12_revealed_bottom", bottom);
    assert!(bottom.contains("Grade yourself"), "{bottom}");
    let missing = all_words_shown(&format!("{BACK} {EXPLAIN}"), &screens);
    assert!(missing.is_empty(), "never shown: {missing:?}");
    // Scrolling stops at the end and comes back up by pages.
    assert_eq!(q.scroll, q.view().max_scroll);
    assert!(q.view().max_scroll > 0);
    key(&mut q, KeyCode::PageUp);
    assert!(q.scroll < q.view().max_scroll);
    for _ in 0..10 {
        key(&mut q, KeyCode::PageUp);
    }
    assert_eq!(q.scroll, 0);
    assert_eq!(screen(&q), top);
    // The arrows did not grade: a digit still does, and the next card (none
    // here: the score) starts at the top.
    assert_eq!(q.phase, Phase::Revealed);
    key(&mut q, KeyCode::PageDown);
    key(&mut q, KeyCode::Char('4'));
    assert_eq!(q.phase, Phase::Score);
    assert_eq!(q.scroll, 0);
}

#[test]
fn a_typed_verdict_scrolls_and_arrows_do_not_change_the_grade() {
    let mut q = quiz_with(true, "the global interpreter lock");
    assert!(q.is_typed());
    for c in "the gil".chars() {
        key(&mut q, KeyCode::Char(c));
    }
    // Arrows while typing type nothing.
    key(&mut q, KeyCode::Down);
    assert_eq!(
        q.phase,
        Phase::Asking {
            input: "the gil".into()
        }
    );
    key(&mut q, KeyCode::Enter);
    let Phase::Verdict { grade, .. } = q.phase.clone() else {
        panic!("{:?}", q.phase)
    };
    let top = screen(&q);
    assert!(top.contains("more lines"), "{top}");
    let (screens, bottom) = scroll_to_end(&mut q);
    insta::assert_snapshot!("quiz_40x12_verdict_bottom", bottom);
    let missing = all_words_shown(&format!("the global interpreter lock {EXPLAIN}"), &screens);
    assert!(missing.is_empty(), "never shown: {missing:?}");
    let Phase::Verdict { grade: after, .. } = q.phase.clone() else {
        panic!("{:?}", q.phase)
    };
    assert_eq!(after, grade);
}

#[test]
fn a_card_that_fits_shows_no_hint_and_does_not_scroll() {
    let mut card = Card::new("a", "Short?", "Yes.");
    card.explain = None;
    let mut q = quiz(false);
    q.items[0].card = card;
    key(&mut q, KeyCode::Char(' '));
    let s = screen_at(&q, 40, 16);
    assert!(!s.contains("more line"), "{s}");
    key(&mut q, KeyCode::Down);
    assert_eq!(q.scroll, 0);
}
