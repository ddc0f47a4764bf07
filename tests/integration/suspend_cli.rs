//! `concur suspend` and `concur unsuspend` with real files: lines in the
//! log, idempotence, usage errors with a did-you-mean, and what `due`
//! shows of a suspended card.

use crate::common::pty::Running;
use crate::common::{TODAY, concur_today, due_json, log_kinds, stdout, write_deck};

const DECK: &str = "[deck]\nid = \"gil\"\n\n[[cards]]\nid = \"what\"\nfront = \"F\"\nback = \"B\"\n\n[[cards]]\nid = \"why\"\nfront = \"F\"\nback = \"B\"\n";

fn run(data: &std::path::Path, args: &[&str]) -> std::process::Output {
    concur_today(data).args(args).output().unwrap()
}

/// `(card, status)` of every card, from `due --json` on [`TODAY`].
fn statuses(data: &std::path::Path) -> Vec<(String, String)> {
    let v: serde_json::Value = serde_json::from_str(&due_json(data, TODAY)).unwrap();
    v["cards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let s = |k: &str| c[k].as_str().unwrap().to_string();
            (s("card"), s("status"))
        })
        .filter(|(c, _)| c == "what" || c == "why")
        .collect()
}

#[test]
fn suspend_is_a_log_line_idempotent_and_shown_by_due() {
    let dir = tempfile::tempdir().unwrap();
    write_deck(dir.path(), "gil.toml", DECK);
    let out = run(dir.path(), &["suspend", "gil/what"]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(stdout(&out), "gil/what: suspended.\n");
    assert_eq!(
        log_kinds(&dir.path().join("reviews.jsonl")),
        [r#""suspend""#]
    );
    // Twice: still suspended, nothing written, exit 0.
    let out = run(dir.path(), &["suspend", "gil/what", "gil/what"]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(stdout(&out), "gil/what: already suspended.\n");
    assert_eq!(log_kinds(&dir.path().join("reviews.jsonl")).len(), 1);
    assert_eq!(
        statuses(dir.path()),
        [
            ("what".into(), "suspended".into()),
            ("why".into(), "new".into())
        ]
    );
    // The per-deck counts say so.
    let due = stdout(&run(dir.path(), &["due"]));
    assert!(due.contains("   1 suspended     0 buried"), "{due}");
    // The status column is as wide as its longest word.
    let row = due.lines().find(|l| l.starts_with("gil ")).unwrap();
    assert!(
        row.contains(" what  ") && row.contains(" suspended    0 "),
        "{row}"
    );
    // Unsuspend: back to new; unsuspending again says so.
    let out = run(dir.path(), &["unsuspend", "gil/what"]);
    assert_eq!(stdout(&out), "gil/what: unsuspended.\n");
    let out = run(dir.path(), &["unsuspend", "gil/what"]);
    assert!(out.status.success());
    assert_eq!(stdout(&out), "gil/what: already not suspended.\n");
    assert_eq!(
        log_kinds(&dir.path().join("reviews.jsonl")),
        [r#""suspend""#, r#""unsuspend""#]
    );
    assert_eq!(statuses(dir.path())[0].1, "new");
    let due = stdout(&run(dir.path(), &["due"]));
    assert!(
        !due.contains("suspended"),
        "no column without suspended cards: {due}"
    );
}

#[test]
fn an_unknown_deck_or_card_is_a_usage_error_that_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    write_deck(dir.path(), "gil.toml", DECK);
    let out = run(dir.path(), &["suspend", "gil/what", "gill/what"]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(r#"unknown deck id "gill": did you mean "gil"?"#),
        "{err}"
    );
    let out = run(dir.path(), &["unsuspend", "gil/wht"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(r#"deck "gil" has no card "wht": did you mean "what"?"#),
        "{err}"
    );
    let out = run(dir.path(), &["suspend", "what"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not DECK/CARD"));
    let out = run(dir.path(), &["suspend"]);
    assert_eq!(out.status.code(), Some(2), "clap: a card is required");
    assert!(
        log_kinds(&dir.path().join("reviews.jsonl")).is_empty(),
        "nothing written"
    );
}

#[test]
fn the_quiz_leaves_suspended_cards_out_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    write_deck(dir.path(), "gil.toml", DECK);
    assert!(run(dir.path(), &["suspend", "gil/what"]).status.success());
    for (args, cards) in [(&[][..], 1), (&["--include-suspended"][..], 2)] {
        let mut quiz = [&["quiz", "gil"][..], args].concat();
        quiz.extend(["--count", "5"]);
        let mut app = Running::start_with(dir.path(), &quiz);
        for i in 1..=cards {
            app.wait_for(&format!("quiz {i}/{cards}"));
            app.press(" ");
            app.press("5");
        }
        app.wait_for(&format!("Score: {cards}/{cards}"));
        app.press("q");
        assert!(app.wait_exit().success());
    }
}
