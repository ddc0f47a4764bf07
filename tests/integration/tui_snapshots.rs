//! Whole-screen snapshots of the review app on ratatui's `TestBackend`, with
//! fixed decks, a frozen clock and a manual timer, so they never change by
//! themselves. Update with `INSTA_UPDATE=always cargo test --test
//! integration tui_snapshots`, then read the `.snap` files before committing
//! them.

use std::path::Path;
use std::time::Duration;

use concur::data_dir::DataDir;
use concur::deck::Deck;
use concur::sched::Grade;
use concur::store::{Kind, LogEntry, Replay};
use concur::tui::{App, Msg, dispatch};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use crate::common::app::{at, card, deck, draw};

fn decks() -> Vec<Deck> {
    vec![
        deck(
            "threads",
            "Threads and processes",
            vec![
                card(
                    "gil",
                    "In CPython, how many threads can run Python bytecode at the same instant?",
                    "One: the `GIL` must be held to run bytecode, so threads take turns.",
                    Some(
                        "Check it yourself:\n```python\nimport sys\nprint(sys._is_gil_enabled())  # 3.13+\n```\nFree-threaded builds print   False.",
                    ),
                ),
                card(
                    "spawn",
                    "Which start method does `multiprocessing` use by default on Linux?",
                    "`fork` (before Python 3.14), `forkserver` from 3.14 on.",
                    None,
                ),
                card(
                    "pool",
                    "What does `Pool.map` return?",
                    "A list, in input order.",
                    None,
                ),
            ],
        ),
        deck(
            "async",
            "Coroutines",
            vec![
                card(
                    "await",
                    "What does `await` do?",
                    "Suspends the coroutine until the awaitable is done.",
                    None,
                ),
                card("loop", "What runs coroutines?", "An event loop.", None),
            ],
        ),
    ]
}

/// Some history: "await" was learned on the 20th (due the 26th after two
/// reviews), "loop" is due today.
fn history() -> Vec<LogEntry> {
    let line = |t: &str, card: &str| LogEntry {
        at: at(t),
        deck: "async".into(),
        card: card.into(),
        grade: Grade::new(5).unwrap(),
        kind: Kind::Review,
        spent_ms: 1000,
        id: None,
        undoes: None,
        undoes_id: None,
    };
    vec![
        line("2026-11-19T09:00:00+01:00", "await"),
        line("2026-11-20T09:00:00+01:00", "await"),
        line("2026-11-24T09:00:00+01:00", "loop"),
    ]
}

fn app(log: &Path) -> App {
    crate::common::app::app(decks(), &Replay::from_entries(&history()), log)
}

fn keys(app: &mut App, keys: &str) {
    for c in keys.chars() {
        dispatch(app, Msg::char(c));
    }
}

#[test]
fn home() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&DataDir::new(dir.path()).log());
    insta::assert_snapshot!("home", draw(&app, 80, 24));
}

#[test]
fn front() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(&DataDir::new(dir.path()).log());
    // "a": everything due (loop), then the new cards.
    keys(&mut app, "a 5");
    insta::assert_snapshot!("front", draw(&app, 80, 24));
}

#[test]
fn revealed_back_with_legend() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(&DataDir::new(dir.path()).log());
    keys(&mut app, "a 5 ");
    insta::assert_snapshot!("revealed", draw(&app, 80, 24));
}

#[test]
fn code_is_drawn_in_the_code_style() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(&DataDir::new(dir.path()).log());
    keys(&mut app, "a 5 ");
    let buf = draw(&app, 80, 24).buffer().clone();
    let row = |y: u16| (0..80).map(|x| buf[(x, y)].symbol()).collect::<String>();
    let y = (0..24).find(|&y| row(y).contains("print(sys")).unwrap();
    let x = u16::try_from(row(y).find("print").unwrap()).unwrap();
    let code = buf[(x, y)].style();
    assert_ne!(
        code.fg,
        buf[(1, y + 1)].style().fg,
        "code and text look the same"
    );
    // The spaces inside the fenced line are kept.
    assert!(row(y).contains("print(sys._is_gil_enabled())  # 3.13+"));
}

#[test]
fn help_on_review_and_home() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(&DataDir::new(dir.path()).log());
    keys(&mut app, "?");
    insta::assert_snapshot!("help_home", draw(&app, 80, 24));
    keys(&mut app, "?a?");
    insta::assert_snapshot!("help_review", draw(&app, 80, 24));
}

#[test]
fn summary() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(&DataDir::new(dir.path()).log());
    keys(&mut app, "a");
    for grade in ['5', '2', '4', '3', '4', '5', '4'] {
        app.timer_mut().advance(Duration::from_millis(7_500));
        keys(&mut app, &format!(" {grade}"));
    }
    insta::assert_snapshot!("summary", draw(&app, 80, 24));
}

#[test]
fn write_error_banner() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(&DataDir::new(dir.path()).log());
    keys(&mut app, "a ");
    // The write itself is the runtime's job; feed back a fixed failure so
    // the text does not depend on the temporary path.
    let cmd = app.update(Msg::char('4'));
    assert!(matches!(cmd, Some(concur::tui::Cmd::Append(_))));
    app.update(Msg::SaveFailed(
        "/data/reviews.jsonl: cannot write to the review log: No space left on device (os error 28)"
            .into(),
    ));
    insta::assert_snapshot!("write_error", draw(&app, 80, 24));
}

#[test]
fn too_small() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(&DataDir::new(dir.path()).log());
    insta::assert_snapshot!("too_small_home_20x6", draw(&app, 20, 6));
    keys(&mut app, "a");
    insta::assert_snapshot!("too_small_review_39x12", draw(&app, 39, 12));
    insta::assert_snapshot!("too_small_review_8x3", draw(&app, 8, 3));
}

#[test]
fn no_size_panics_on_any_screen() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(&DataDir::new(dir.path()).log());
    let mut states = Vec::new();
    states.push(app.clone());
    keys(&mut app, "a");
    states.push(app.clone());
    keys(&mut app, " ");
    states.push(app.clone());
    keys(&mut app, "?");
    states.push(app.clone());
    keys(&mut app, "?5 5 5 5 5");
    states.push(app.clone());
    for mut s in states {
        // Every size around the screens' minimums, and a few others.
        for w in [
            0, 1, 2, 5, 10, 19, 20, 21, 35, 36, 37, 39, 40, 41, 50, 81, 200,
        ] {
            for h in [0, 1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 25, 60] {
                // Resizing while scrolled must keep the offset valid too.
                dispatch(&mut s, Msg::Resize(w, h));
                dispatch(&mut s, Msg::key(KeyCode::End));
                let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
                (&s).render(buf.area, &mut buf);
            }
        }
    }
}
