//! Siblings apart: a reverse deck's first session asks one direction per
//! card, the other waits for tomorrow, and `due --json` says which wait; the
//! same in a real terminal.

use std::path::Path;

use concur::data_dir::DataDir;
use concur::deck::{Deck, DeckSource, parse_deck};
use concur::store;
use concur::tui::{App, Msg, Screen, dispatch};

use crate::common::pty::Running;
use crate::common::{TODAY, due_json, write_deck};

const DECK: &str = "[deck]\nid = \"rev\"\nreverse = true\n\n\
[[cards]]\nid = \"gil\"\nfront = \"GIL?\"\nback = \"Global Interpreter Lock\"\n\n\
[[cards]]\nid = \"pid\"\nfront = \"PID?\"\nback = \"Process id\"\n\n\
[[cards]]\nid = \"one\"\nfront = \"One way?\"\nback = \"Yes\"\nreverse = false\n";

fn the_deck(path: &Path) -> Deck {
    let source = DeckSource::File(path.to_path_buf());
    let (deck, problems) = parse_deck(DECK.as_bytes(), "rev.toml", "rev", source);
    assert!(problems.is_empty(), "{problems:?}");
    deck.unwrap()
}

fn app(data: &Path, deck: Deck) -> App {
    let log = DataDir::new(data).log();
    let replay = store::replay_file(&log).unwrap_or_default();
    crate::common::app::app(vec![deck], &replay, &log)
}

fn send(app: &mut App, keys: &str) {
    for c in keys.chars() {
        let msg = match c {
            ' ' => Msg::key(ratatui::crossterm::event::KeyCode::Char(' ')),
            c => Msg::char(c),
        };
        assert!(!dispatch(app, msg), "unexpected quit on {c:?}");
    }
}

/// `(card, sibling_waits)` of the cards of deck `rev` that `due --json`
/// lists on `day`.
fn waits(data: &Path, day: &str) -> Vec<(String, bool)> {
    let v: serde_json::Value = serde_json::from_str(&due_json(data, day)).unwrap();
    v["cards"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["deck"] == "rev")
        .map(|c| {
            let waits = c.get("sibling_waits").map(|w| w.as_bool().unwrap());
            (c["card"].as_str().unwrap().to_string(), waits == Some(true))
        })
        .collect()
}

#[test]
fn a_reverse_decks_first_session_asks_one_direction_per_card() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_deck(dir.path(), "rev.toml", DECK);
    let deck = the_deck(&path);
    let ids: Vec<&str> = deck.cards.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["gil", "gil~rev", "pid", "pid~rev", "one"]);
    // Before anything is studied, nothing waits (the queue holds one of each).
    assert!(waits(dir.path(), TODAY).iter().all(|(_, w)| !w));

    let mut a = app(dir.path(), deck.clone());
    send(&mut a, "a");
    assert_eq!(a.session().unwrap().progress(), (0, 3));
    let mut asked = Vec::new();
    while a.screen() == Screen::Review {
        asked.push(a.current_card().unwrap().1.id.clone());
        send(&mut a, " 5");
    }
    assert_eq!(asked, ["gil", "pid", "one"]);
    assert_eq!(a.screen(), Screen::Summary);

    // The same day: the reverse cards wait, though SM-2 calls them new.
    let mut again = app(dir.path(), deck.clone());
    send(&mut again, "a");
    assert_eq!(again.screen(), Screen::Home);
    let notice = again.notice().unwrap();
    assert!(notice.contains("Nothing to study"), "{notice}");
    assert!(
        notice.contains("2 cards wait for tomorrow: its sibling was studied today."),
        "{notice}"
    );
    assert_eq!(again.study().sibling_waits(0), 2);
    assert_eq!(again.study().counts(0).new, 2);
    assert_eq!(
        waits(dir.path(), TODAY),
        [
            ("gil".into(), false),
            ("gil~rev".into(), true),
            ("pid".into(), false),
            ("pid~rev".into(), true),
            ("one".into(), false),
        ]
    );
    // The next day nothing is studied yet: nothing waits.
    assert!(waits(dir.path(), "2026-11-26").iter().all(|(_, w)| !w));
}

/// The same in a real terminal: the reverse deck's session has three cards,
/// and nothing more is asked that day.
#[test]
fn in_a_real_terminal_a_reverse_deck_asks_one_direction_per_card() {
    let dir = tempfile::tempdir().unwrap();
    write_deck(dir.path(), "rev.toml", DECK);
    let mut app = Running::start(dir.path());
    app.wait_for("New cards per day");
    // The deck of `$DATA/decks` comes after the bundled ones.
    app.press("G\r");
    app.wait_for("1 of 3");
    app.press(" 5");
    app.wait_for("2 of 3");
    app.press(" 5");
    app.wait_for("3 of 3");
    app.press(" 5");
    app.wait_for("Session complete");
    app.press("q");
    app.wait_for("New cards per day");
    app.press("\r");
    app.wait_for("Nothing to study in rev today");
    app.press("q");
    assert!(app.wait_exit().success());
    let log = std::fs::read_to_string(DataDir::new(dir.path()).log()).unwrap();
    let cards: Vec<String> = log
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["card"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(cards, ["gil", "pid", "one"]);
}
