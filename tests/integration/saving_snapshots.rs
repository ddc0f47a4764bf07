//! Whole-screen snapshots of what the writer shows: the quiet "saving…"
//! mark while the review log's lock is held elsewhere, and the box that
//! quitting shows while it waits for the writer. The writer's answers are
//! fed by hand (`app.update`), so nothing is written.

use concur::data_dir::DataDir;
use concur::store::Replay;
use concur::tui::{App, Cmd, Msg, Wait};

use crate::common::app::{app, card, deck, draw};

fn graded(log: &std::path::Path) -> App {
    let d = deck(
        "d",
        "Threads",
        vec![
            card("a", "Question a?", "Answer a.", None),
            card("b", "Question b?", "Answer b.", None),
        ],
    );
    let mut a = app(vec![d], &Replay::default(), log);
    a.update(Msg::char('a'));
    a.update(Msg::char(' '));
    assert!(matches!(a.update(Msg::char('5')), Some(Cmd::Append(_))));
    a
}

#[test]
fn a_held_lock_shows_a_quiet_mark() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = graded(&DataDir::new(dir.path()).log());
    a.update(Msg::SaveWaiting(Wait::Lock));
    insta::assert_snapshot!("saving_mark", draw(&a, 80, 24));
}

#[test]
fn quitting_waits_in_a_box() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = graded(&DataDir::new(dir.path()).log());
    a.update(Msg::SaveWaiting(Wait::Lock));
    let ctrl_c = Msg::Key(ratatui::crossterm::event::KeyEvent::new(
        ratatui::crossterm::event::KeyCode::Char('c'),
        ratatui::crossterm::event::KeyModifiers::CONTROL,
    ));
    assert_eq!(a.update(ctrl_c), None);
    insta::assert_snapshot!("quitting_waits", draw(&a, 80, 24));
}
