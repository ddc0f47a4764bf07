#![allow(clippy::unwrap_used)]
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;

fn ev(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, mods)
}

#[test]
fn keys_are_named_as_the_help_shows_them() {
    assert_eq!(Key::ch(' ').name(), "Space");
    assert_eq!(Key::ctrl('c').name(), "Ctrl-C");
    assert_eq!(Key::shift(KeyCode::Up).name(), "Shift-↑");
    assert_eq!(Key::code(KeyCode::PageDown).name(), "PgDn");
    assert_eq!(Key::code(KeyCode::Esc).name(), "Esc");
    assert_eq!(Key::code(KeyCode::Enter).name(), "Enter");
    assert_eq!(HOME[0].keys_label(), "j k ↑ ↓");
    assert_eq!(GLOBAL[1].keys_label(), "Ctrl-C");
}

#[test]
fn the_most_specific_binding_comes_first() {
    let shift_down = ev(KeyCode::Down, KeyModifiers::SHIFT);
    let found = actions(&[DEMO_PANE, REVIEW], &shift_down);
    assert_eq!(found, [ReviewAction::DemoDown, ReviewAction::Down]);
    let down = ev(KeyCode::Down, KeyModifiers::NONE);
    assert_eq!(actions(&[DEMO_PANE, REVIEW], &down), [ReviewAction::Down]);
}

#[test]
fn a_key_bound_twice_is_offered_in_table_order() {
    let esc = ev(KeyCode::Esc, KeyModifiers::NONE);
    assert_eq!(
        actions(&[DEMO_PANE, REVIEW], &esc),
        [ReviewAction::StopDemo, ReviewAction::End]
    );
    let space = ev(KeyCode::Char(' '), KeyModifiers::NONE);
    assert_eq!(
        actions(&[DEMO_PANE, REVIEW], &space),
        [ReviewAction::Reveal, ReviewAction::PageDown]
    );
    // The first action that applies wins.
    let got = dispatch(&[DEMO_PANE, REVIEW], &esc, |a| {
        (a == ReviewAction::End).then_some(a)
    });
    assert_eq!(got, Some(ReviewAction::End));
}

#[test]
fn typed_characters_come_after_every_bound_key_and_never_with_ctrl() {
    let q = ev(KeyCode::Char('q'), KeyModifiers::NONE);
    assert_eq!(actions(&[QUIZ], &q), [QuizAction::Close, QuizAction::Type]);
    assert_eq!(typed_char(&q), Some('q'));
    let ctrl_x = ev(KeyCode::Char('x'), KeyModifiers::CONTROL);
    assert_eq!(typed_char(&ctrl_x), None);
    assert!(actions(&[QUIZ], &ctrl_x).is_empty());
    let shifted = ev(KeyCode::Char('G'), KeyModifiers::SHIFT);
    assert_eq!(typed_char(&shifted), Some('G'));
    assert_eq!(actions(&[HOME], &shifted), [HomeAction::Last]);
}

#[test]
fn hints_name_the_keys_of_an_action() {
    assert_eq!(first_key(HOME, HomeAction::Study), "Enter");
    assert_eq!(keys_of(QUIZ, QuizAction::Reveal, "/"), "Space/Enter");
    assert_eq!(keys_of(REVIEW, ReviewAction::End, "/"), "q/Esc");
}

#[test]
fn no_key_is_bound_twice_to_the_same_action_on_a_screen() {
    fn check<A: PartialEq + std::fmt::Debug>(tables: &[&[Row<A>]]) {
        let all: Vec<_> = tables
            .iter()
            .flat_map(|t| t.iter())
            .flat_map(|r| r.keys.iter())
            .collect();
        for (i, (k, a)) in all.iter().enumerate() {
            for (k2, a2) in &all[i + 1..] {
                assert!(!(k == k2 && a == a2), "{} bound twice to {a:?}", k.name());
            }
        }
    }
    check(&[GLOBAL]);
    check(&[HELP]);
    check(&[HOME]);
    check(&[DEMO_PANE, REVIEW]);
    check(&[SUMMARY]);
    check(&[STATS]);
    check(&[QUIZ_SETUP]);
    check(&[QUIZ]);
}
