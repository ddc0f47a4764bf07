//! Small windows say what they hide: the help overlay scrolls to its quit
//! keys, and the home screen's messages wrap instead of being cut at the
//! window's edge, with a line saying how many do not fit.

use concur::store::Replay;
use concur::tui::{App, Msg, dispatch};
use ratatui::crossterm::event::KeyCode;

use crate::common::app::{app, card, deck, draw};

fn home() -> App {
    let dir = tempfile::tempdir().unwrap();
    let decks = vec![deck(
        "d",
        "Deck",
        vec![card("a", "Question?", "Answer.", None)],
    )];
    app(decks, &Replay::default(), &dir.path().join("reviews.jsonl"))
}

fn screen(a: &App, w: u16, h: u16) -> String {
    draw(a, w, h).to_string()
}

#[test]
fn the_help_overlay_scrolls_to_its_quit_keys_in_a_small_window() {
    let mut a = home();
    dispatch(&mut a, Msg::Resize(40, 8));
    dispatch(&mut a, Msg::char('?'));
    let first = screen(&a, 40, 8);
    assert!(first.contains("more ↓"), "{first}");
    assert!(!first.contains("quit"), "{first}");
    for _ in 0..20 {
        dispatch(&mut a, Msg::char('j'));
    }
    let last = screen(&a, 40, 8);
    assert!(last.contains("quit"), "{last}");
    assert!(last.contains("↑ k"), "{last}");
    assert!(!last.contains("more ↓"), "{last}");
    // Back up, then close it.
    dispatch(&mut a, Msg::key(KeyCode::Up));
    assert!(screen(&a, 40, 8).contains("more ↓"));
    dispatch(&mut a, Msg::key(KeyCode::Esc));
    assert!(!a.help_open());
}

#[test]
fn a_long_problem_wraps_on_the_home_screen() {
    let mut a = home();
    a.set_problems(vec![
        "/a/very/long/path/to/a/data/folder/reviews.jsonl: 3 unreadable line(s) skipped (first: line 7). Run `concur due` for details."
            .to_string(),
    ]);
    dispatch(&mut a, Msg::Resize(40, 16));
    let s = screen(&a, 40, 16);
    assert!(s.contains("for details."), "cut at the edge:\n{s}");
}

#[test]
fn messages_that_do_not_fit_say_how_many_lines_are_hidden() {
    let mut a = home();
    a.set_problems((0..12).map(|i| format!("problem number {i}")).collect());
    dispatch(&mut a, Msg::Resize(40, 12));
    let s = screen(&a, 40, 12);
    assert!(s.contains("more lines"), "{s}");
    assert!(s.contains("problem number 0"), "{s}");
}
