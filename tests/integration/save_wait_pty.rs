//! The writer thread in a real terminal: while another process holds the
//! review log's lock (this test, with `flock` on the file), a grade moves
//! on to the next card at once with a quiet "saving…" mark; quitting waits
//! with a message until the lock frees, then the lines are there, in order.
//! A second quit leaves without them and prints them. Never sleeps: every
//! wait is for text on the screen.

use std::fs::File;
use std::path::Path;

use concur::deck::{LoadOptions, load_decks};

use crate::common::pty::{Running, contains};

/// The first bundled deck's first cards, in study order.
fn first_cards(n: usize) -> Vec<String> {
    let decks = load_decks(&LoadOptions {
        bundled: true,
        ..LoadOptions::default()
    });
    decks.decks[0].cards[..n]
        .iter()
        .map(|c| c.id.clone())
        .collect()
}

/// The log's `(card, grade)` lines.
fn logged(data: &Path) -> Vec<(String, u64)> {
    let text = std::fs::read_to_string(data.join("reviews.jsonl")).unwrap();
    text.lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                v["card"].as_str().unwrap().to_string(),
                v["grade"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// The review log, created empty and locked as another program would.
fn locked_log(data: &Path) -> File {
    let log = data.join("reviews.jsonl");
    std::fs::write(&log, "").unwrap();
    let holder = File::open(&log).unwrap();
    rustix::fs::flock(&holder, rustix::fs::FlockOperation::LockExclusive).unwrap();
    holder
}

/// Under a held lock: starts concur, grades two cards (5, then 4), each
/// moving on before anything is written, leaves the session and asks to
/// quit, which waits. Returns the app and the lock's holder.
fn quit_under_a_held_lock(data: &Path) -> (Running, File) {
    let holder = locked_log(data);
    let mut app = Running::start(data);
    app.wait_for("New cards per day");
    app.press("a");
    app.wait_for("1 of 20");
    app.press(" ");
    app.wait_for("0 blackout");
    app.press("5");
    app.wait_for("2 of 20");
    app.wait_for("saving… (review log locked)");
    app.press(" ");
    app.wait_for("0 blackout");
    app.press("4");
    app.wait_for("3 of 20");
    assert_eq!(logged(data), [], "nothing is written under the held lock");
    // Leave the session; the summary counts both grades.
    app.press("q");
    app.wait_for("Session ended");
    app.press("q");
    app.wait_for("New cards per day");
    app.press("q");
    app.wait_for("Saving 2 grades before quitting");
    (app, holder)
}

#[test]
fn grades_move_on_under_a_held_lock_and_quitting_waits_for_it() {
    let data = tempfile::tempdir().unwrap();
    let (mut app, holder) = quit_under_a_held_lock(data.path());
    app.wait_for("Waiting for the review log's lock");
    assert_eq!(logged(data.path()), []);
    // The other program lets go: the lines are written and the app ends.
    drop(holder);
    let status = app.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    let cards = first_cards(2);
    assert_eq!(
        logged(data.path()),
        [(cards[0].clone(), 5), (cards[1].clone(), 4)]
    );
}

#[test]
fn a_second_quit_leaves_without_the_lines_and_prints_them() {
    let data = tempfile::tempdir().unwrap();
    let (mut app, holder) = quit_under_a_held_lock(data.path());
    app.press("q");
    let status = app.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    drop(holder);
    assert_eq!(logged(data.path()), []);
    assert!(
        contains(&app.raw, b"2 grades were not saved"),
        "{}",
        app.text()
    );
    let first = format!("\"card\":\"{}\"", first_cards(1)[0]);
    assert!(contains(&app.raw, first.as_bytes()), "{}", app.text());
}
