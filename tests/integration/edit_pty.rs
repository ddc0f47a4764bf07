//! `e` on the review screen in a real terminal: the editor (a shell script
//! set as `$EDITOR`) gets the terminal in its normal mode, at the card's
//! line; the app comes back with the new text and the session's progress.
//! An editor that fails or is missing is a message, and the app goes on.

use std::ffi::OsStr;
use std::path::Path;

use crate::common::pty::{Running, contains};
use crate::common::{write, write_deck};

const DECK: &str = "[deck]\nid = \"mine\"\nname = \"Mine\"\n\n[[cards]]\nid = \"one\"\nfront = \"First question?\"\nback = \"first answer\"\n\n[[cards]]\nid = \"two\"\nfront = \"Second question?\"\nback = \"old answer\"\n";

/// An executable shell script `name` in `dir` with `body`.
fn script(dir: &Path, name: &str, body: &str) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = write(dir, name, &format!("#!/bin/sh\n{body}\n"));
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// A fake editor in `dir`: runs `record` with its output going to the
/// returned file `seen`, then `edit`.
fn fake_editor(dir: &Path, record: &str, edit: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let seen = dir.join("seen");
    let body = format!("{{ {record} }} > '{}'\n{edit}", seen.display());
    (script(dir, "fake-editor", &body), seen)
}

/// `concur` on a data folder with the deck `mine`, `$EDITOR` set to
/// `editor`, studying `mine` (the last deck) with the second card revealed
/// after the first was graded 5.
fn at_the_second_card(data: &Path, editor: &OsStr) -> Running {
    write_deck(data, "mine.toml", DECK);
    let env = [("VISUAL", OsStr::new("")), ("EDITOR", editor)];
    let mut app = Running::start_env(data, &[], &env);
    app.wait_for("Mine");
    app.press("G\r");
    app.wait_for("First question?");
    app.press(" ");
    app.wait_for("first answer");
    app.press("5");
    app.wait_for("Second question?");
    app.press(" ");
    app.wait_for("old answer");
    app
}

#[test]
fn e_edits_the_card_in_the_editor_and_the_session_goes_on() {
    let data = tempfile::tempdir().unwrap();
    let tools = tempfile::tempdir().unwrap();
    // Says what it got (its arguments, the terminal on its input, not in
    // raw mode), gets a Ctrl-C as the terminal would send it (to concur
    // too, which must not quit for it), then rewrites the back.
    let (editor, seen) = fake_editor(
        tools.path(),
        "echo \"$@\"; [ -t 0 ] && echo tty; stty -a | grep -q -- ' icanon' && echo cooked;",
        "kill -INT $PPID\nsed -i 's/old answer/new answer/' \"$2\"",
    );
    let mut app = at_the_second_card(data.path(), editor.as_os_str());
    app.press("e");
    app.wait_for("new answer");
    assert!(app.text().contains("Second question?"), "{}", app.text());
    let got = std::fs::read_to_string(&seen).unwrap();
    let deck = data.path().join("decks/mine.toml");
    assert_eq!(
        got,
        format!("+10 {}\ntty\ncooked\n", deck.display()),
        "the editor's arguments and terminal"
    );
    // The alternate screen was left for the editor and entered again.
    assert!(contains(&app.raw, b"\x1b[?1049l"));
    assert!(app.raw.windows(8).filter(|w| w == b"\x1b[?1049h").count() >= 2);
    // The session goes on: the edited card is graded, then it ends with both.
    app.press("4");
    app.wait_for("Session complete");
    app.press("qq");
    assert!(app.wait_exit().success());
    let log = std::fs::read_to_string(data.path().join("reviews.jsonl")).unwrap();
    let cards: Vec<String> = log
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["card"].to_string())
        .collect();
    assert_eq!(cards, ["\"one\"", "\"two\""], "{log}");
}

#[test]
fn an_editor_that_fails_or_is_missing_is_a_message() {
    let tools = tempfile::tempdir().unwrap();
    let failing = script(tools.path(), "failing-editor", "exit 1");
    let missing = tools.path().join("no-such-editor");
    for (editor, says) in [
        (failing.as_os_str(), "ended with exit status: 1"),
        (missing.as_os_str(), "was not found"),
    ] {
        let data = tempfile::tempdir().unwrap();
        let mut app = at_the_second_card(data.path(), editor);
        app.press("e");
        app.wait_for(says);
        // The card is still there, and the app still answers keys.
        assert!(app.text().contains("old answer"), "{}", app.text());
        app.press("4");
        app.wait_for("Session complete");
        app.press("qq");
        assert!(app.wait_exit().success());
    }
}

#[test]
fn e_on_a_bundled_card_copies_the_deck_and_the_copy_wins() {
    let data = tempfile::tempdir().unwrap();
    let tools = tempfile::tempdir().unwrap();
    // Rewrites the first `back = ` from the line it is given on.
    let (editor, seen) = fake_editor(
        tools.path(),
        "echo \"$@\";",
        "sed -i \"${1#+},/^back = /s/^back = .*/back = \\\"Rewritten back\\\"/\" \"$2\"",
    );
    let env = [("VISUAL", editor.as_os_str())];
    let mut app = Running::start_env(data.path(), &[], &env);
    app.wait_for("New cards per day");
    app.press("a");
    app.wait_for("What is the difference between concurrency");
    app.press(" ");
    app.wait_for("Concurrency is dealing");
    app.press("e");
    app.wait_for("y/n");
    app.press("y");
    app.wait_for("Rewritten back");
    let copy = data.path().join("decks/mt-vs-mp.toml");
    let got = std::fs::read_to_string(&seen).unwrap();
    assert_eq!(got, format!("+11 {}\n", copy.display()));
    // Ending the session (nothing graded) goes home, which says so.
    app.press("q");
    app.wait_until("the note", |shown| {
        let words = shown.split_whitespace().collect::<Vec<_>>().join(" ");
        words
            .contains("mt-vs-mp.toml replaces the bundled deck mt-vs-mp")
            .then_some(())
    });
    app.press("q");
    assert!(app.wait_exit().success());
    assert!(
        std::fs::read_to_string(&copy)
            .unwrap()
            .contains("back = \"Rewritten back\"")
    );
}
