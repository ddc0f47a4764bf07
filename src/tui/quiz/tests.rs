#![allow(clippy::unwrap_used)]

use super::*;

mod small;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

fn item(id: &str, front: &str, back: &str, accept: &[&str]) -> QuizItem {
    QuizItem {
        deck_name: "Deck".to_string(),
        card_ref: CardRef {
            deck: "mt-vs-mp".into(),
            card: id.into(),
        },
        card: Card {
            accept: accept.iter().map(|s| s.to_string()).collect(),
            ..Card::new(id, front, back)
        },
    }
}

fn items() -> Vec<QuizItem> {
    let mut cpu = item(
        "cpu",
        "multiprocessing or multithreading is best for `computations`?",
        "multiprocessing",
        &["processes"],
    );
    cpu.card.explain = Some("Processes run on separate cores.".to_string());
    vec![
        cpu,
        item(
            "io",
            "multiprocessing or multithreading is best for IO?",
            "multithreading",
            &["threads"],
        ),
        item(
            "long",
            "What is the GIL?",
            "A lock in CPython that lets only one thread execute Python bytecode at a time.",
            &[],
        ),
    ]
}

fn key(c: KeyCode) -> KeyEvent {
    KeyEvent::new(c, KeyModifiers::NONE)
}

fn typed(q: &mut Quiz, s: &str, t: u64) {
    for c in s.chars() {
        q.key(key(KeyCode::Char(c)), t);
    }
}

fn screen(q: &Quiz) -> String {
    let mut term = Terminal::new(TestBackend::new(70, 18)).unwrap();
    term.draw(|f| f.render_widget(q, f.area())).unwrap();
    term.backend().to_string()
}

#[test]
fn typed_quiz_with_close_answer_and_self_graded_long_card() {
    let mut q = Quiz::new(
        items(),
        QuizOptions {
            typed: true,
            time_limit: None,
            seed: None,
        },
        0,
    );
    assert!(q.is_typed());
    typed(&mut q, "Multi-Processing.", 100);
    assert_eq!(q.key(key(KeyCode::Enter), 2000), None);
    // A correct typed answer still shows the answer and the explanation.
    let verdict = screen(&q);
    assert!(
        verdict.contains("Processes run on separate cores."),
        "{verdict}"
    );
    insta::assert_snapshot!("quiz_correct_verdict", verdict);
    assert!(matches!(
        q.phase,
        Phase::Verdict {
            verdict: Verdict::Correct,
            grade,
            ..
        } if grade.value() == 5
    ));
    let out = q.key(key(KeyCode::Enter), 9500).unwrap();
    // The card's time stops at the answer: reading the verdict is not in it.
    assert_eq!(
        out,
        QuizOut::Record(QuizAnswer {
            card: items()[0].card_ref.clone(),
            grade: Grade::new(5).unwrap(),
            spent_ms: 2000,
            timed_out: false
        })
    );
    typed(&mut q, "multithreding", 10_000);
    q.key(key(KeyCode::Enter), 11_000);
    insta::assert_snapshot!("quiz_close_verdict", screen(&q));
    assert!(matches!(
        q.phase,
        Phase::Verdict {
            verdict: Verdict::Close,
            grade,
            ..
        } if grade.value() == 3
    ));
    q.key(key(KeyCode::Char('4')), 11_100);
    assert_eq!(
        q.key(key(KeyCode::Enter), 11_200)
            .map(|o| matches!(o, QuizOut::Record(QuizAnswer { grade, .. }) if grade.value() == 4)),
        Some(true)
    );
    // The long answer is self-graded.
    assert!(!q.is_typed());
    q.key(key(KeyCode::Char(' ')), 12_000);
    assert_eq!(q.phase, Phase::Revealed);
    q.key(key(KeyCode::Char('2')), 13_000);
    assert_eq!(q.phase, Phase::Score);
    // Graded 5, 4 and 2: only the last is weak (not a pass).
    assert_eq!(
        q.finished(),
        Some(QuizOut::Finished(vec![items()[2].card_ref.clone()]))
    );
    insta::assert_snapshot!("quiz_score", screen(&q));
    // r runs the weak cards again.
    q.key(key(KeyCode::Char('r')), 14_000);
    assert_eq!(q.items.len(), 1);
    assert!(matches!(q.phase, Phase::Asking { .. }));
}

#[test]
fn typed_card_snapshot_and_timeout() {
    let mut q = Quiz::new(
        items(),
        QuizOptions {
            typed: true,
            time_limit: Some(10),
            seed: None,
        },
        0,
    );
    typed(&mut q, "multi", 1000);
    q.tick(3_500);
    insta::assert_snapshot!("quiz_typed_card", screen(&q));
    q.tick(10_000);
    assert!(matches!(
        q.phase,
        Phase::Verdict {
            timed_out: true,
            grade,
            verdict: Verdict::Wrong,
            ..
        } if grade.value() == 0
    ));
    let out = q.key(key(KeyCode::Enter), 11_000).unwrap();
    assert!(matches!(
        out,
        QuizOut::Record(QuizAnswer {
            grade,
            timed_out: true,
            spent_ms: 10_000,
            ..
        }) if grade.value() == 0
    ));
}

#[test]
fn an_empty_typed_answer_is_grade_zero() {
    let mut q = Quiz::new(
        items(),
        QuizOptions {
            typed: true,
            time_limit: None,
            seed: None,
        },
        0,
    );
    typed(&mut q, "   ", 100);
    q.key(key(KeyCode::Enter), 200);
    assert!(matches!(
        q.phase,
        Phase::Verdict { verdict: Verdict::Wrong, grade, .. } if grade.value() == 0
    ));
}

#[test]
fn tiny_windows_do_not_panic() {
    let q = Quiz::new(
        items(),
        QuizOptions {
            typed: false,
            time_limit: None,
            seed: None,
        },
        0,
    );
    for (w, h) in [(0, 0), (1, 1), (19, 5), (20, 6), (200, 3)] {
        let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
        term.draw(|f| f.render_widget(&q, f.area())).unwrap();
    }
}

#[test]
fn inline_code_is_drawn_in_the_code_style_as_on_the_review_screen() {
    let q = Quiz::new(
        items(),
        QuizOptions {
            typed: false,
            time_limit: None,
            seed: None,
        },
        0,
    );
    let mut term = Terminal::new(TestBackend::new(70, 18)).unwrap();
    term.draw(|f| f.render_widget(&q, f.area())).unwrap();
    let buf = term.backend().buffer();
    let text = term.backend().to_string();
    assert!(!text.contains('`'), "{text}");
    // "computations" starts after "│multiprocessing or multithreading is best for ".
    let x = 1 + "multiprocessing or multithreading is best for ".len() as u16;
    let cell = &buf[(x, 4)];
    assert_eq!(cell.symbol(), "c");
    assert_eq!(cell.style().fg, crate::tui::theme::code().fg);
    assert_ne!(buf[(1, 4)].style().fg, crate::tui::theme::code().fg);
}
