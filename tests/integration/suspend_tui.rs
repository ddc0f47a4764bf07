//! `@` (suspend), `-` (bury) and `u` on the review screen, through the
//! real writer path into a review log in a temporary folder.

use concur::data_dir::DataDir;
use concur::store::{self, Aside, Kind, Replay};
use concur::tui::{App, Cmd, Msg, Screen, dispatch};

use crate::common::app::{app, card, deck};
use crate::common::pty::Running;
use crate::common::{TODAY, due_json, log_kinds};

fn press(app: &mut App, keys: &str) {
    for c in keys.chars() {
        assert!(!dispatch(app, Msg::char(c)), "unexpected quit on {c:?}");
    }
}

fn shown(app: &App) -> Option<String> {
    app.current_card().map(|(_, c, _)| c.id.clone())
}

#[test]
fn at_suspends_minus_buries_and_u_takes_each_back() {
    let dir = tempfile::tempdir().unwrap();
    let log = DataDir::new(dir.path()).log();
    let cards = ["x", "y", "z"].map(|id| card(id, &format!("Q {id}?"), "A.", None));
    let mut app = app(
        vec![deck("d", "Deck d", cards.to_vec())],
        &Replay::default(),
        &log,
    );
    press(&mut app, "a");
    assert_eq!(shown(&app).as_deref(), Some("x"));
    // `@` before the answer shows: the card goes at once, the line is written.
    press(&mut app, "@");
    assert_eq!(shown(&app).as_deref(), Some("y"));
    assert_eq!(app.notice(), Some("Suspended. u undoes."));
    assert_eq!(log_kinds(&log), [r#""suspend""#]);
    assert_eq!(app.session().unwrap().progress(), (0, 2));
    // `u` brings it back, shown again, and writes the undo.
    press(&mut app, "u");
    assert_eq!(shown(&app).as_deref(), Some("x"));
    assert_eq!(app.notice(), Some("Undid the suspend."));
    assert_eq!(log_kinds(&log), [r#""suspend""#, r#""undo""#]);
    // Grade x, bury y: `u` takes back the bury first, then the grade.
    press(&mut app, " 5-");
    assert_eq!(shown(&app).as_deref(), Some("z"));
    assert_eq!(app.notice(), Some("Buried until tomorrow. u undoes."));
    press(&mut app, "u");
    assert_eq!(shown(&app).as_deref(), Some("y"));
    press(&mut app, "u");
    assert_eq!(shown(&app).as_deref(), Some("x"));
    assert!(app.notice().unwrap().starts_with("Undid grade"));
    // Suspend, then bury the rest: the session ends, and the replay of the
    // log agrees with what the app shows.
    press(&mut app, "@--");
    assert_eq!(app.screen(), Screen::Home);
    let replay = store::replay_file(&log).unwrap();
    let today = app.study().today;
    let aside = |c: &str| replay.get("d", c).and_then(|h| h.card.aside(today));
    assert_eq!(aside("x"), Some(Aside::Suspended));
    assert_eq!(
        (aside("y"), aside("z")),
        (Some(Aside::Buried), Some(Aside::Buried))
    );
    assert_eq!(app.study().known(0, 0), replay.get("d", "x").unwrap().card);
    let counts = app.study().counts(0);
    assert_eq!((counts.suspended, counts.buried), (1, 2));
    // The methods other screens call: suspending twice writes nothing.
    assert_eq!(app.suspend_card(0, 0), None);
    assert_eq!(app.notice(), Some("Already suspended."));
    match app.unsuspend_card(0, 0) {
        Some(Cmd::Append(e)) => assert_eq!((e.card.as_str(), e.kind), ("x", Kind::Unsuspend)),
        other => panic!("{other:?}"),
    }
    assert_eq!(app.notice(), Some("Unsuspended. u undoes."));
    assert!(!app.study().known(0, 0).suspended);
    // A new session starts with nothing of the last one to undo.
    press(&mut app, "a");
    assert_eq!(shown(&app).as_deref(), Some("x"));
    press(&mut app, "u");
    assert_eq!(app.notice(), Some("Nothing to undo in this session."));
    assert!(!app.study().known(0, 0).suspended);
}

#[test]
fn suspend_and_bury_in_a_real_terminal() {
    let data = tempfile::tempdir().unwrap();
    let mut app = Running::start(data.path());
    app.wait_for("New cards per day: 20 · 20 left today");
    app.press("a");
    app.wait_for("1 of 20");
    app.press("@");
    app.wait_for("Suspended. u undoes.");
    app.wait_for("1 of 19");
    app.press("-");
    app.wait_for("Buried until tomorrow. u undoes.");
    app.wait_for("1 of 18");
    app.press("q");
    app.wait_for("1 suspended, 1 buried");
    app.press("q");
    assert!(app.wait_exit().success());
    let log = DataDir::new(data.path()).log();
    assert_eq!(log_kinds(&log), [r#""suspend""#, r#""bury""#]);
    let due: serde_json::Value = serde_json::from_str(&due_json(data.path(), TODAY)).unwrap();
    let statuses: Vec<&str> = due["cards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["status"].as_str().unwrap())
        .collect();
    assert_eq!(&statuses[..3], ["suspended", "buried", "new"]);
}
