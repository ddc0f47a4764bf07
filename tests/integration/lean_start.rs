//! The lean start: `concur` opens on its home screen from the decks' ids
//! (no card text loaded), and a key that needs the text waits for it, in
//! order, until the load (a reload, off the UI thread) arrives.

use concur::env::{Env, EnvOptions};
use concur::tui::{self, App, Cmd, Msg, Screen, dispatch};

use crate::common::app::draw;
use crate::common::{TODAY, write_deck};

const DECK: &str = "[deck]\nid = \"mine\"\nname = \"Mine\"\n\n[[cards]]\nid = \"a\"\nfront = \"What is A?\"\nback = \"Alpha\"\n\n[[cards]]\nid = \"b\"\nfront = \"What is B?\"\nback = \"Beta\"\n";

/// A data folder with [`DECK`] as its only deck (no bundled decks), and
/// the app `tui::load` builds for it.
fn lean_app() -> (tempfile::TempDir, Env, App) {
    let data = tempfile::tempdir().unwrap();
    write_deck(data.path(), "mine.toml", DECK);
    let mut env = Env::new(EnvOptions {
        data_dir: Some(data.path().to_path_buf()),
        today: TODAY.parse().ok(),
        ..Default::default()
    })
    .unwrap();
    env.settings.new_per_day.value = 20;
    let mut app = tui::load(&env).unwrap();
    dispatch(&mut app, Msg::Resize(100, 30));
    (data, env, app)
}

#[test]
fn home_shows_names_and_counts_before_any_card_text_is_loaded() {
    let (_d, _env, app) = lean_app();
    assert!(app.text_pending());
    assert!(app.decks().iter().all(|d| d.cards.is_empty()));
    let mine = app.decks().iter().position(|d| d.id == "mine").unwrap();
    assert_eq!(app.study().counts(mine).total(), 2);
    let home = draw(&app, 100, 30).to_string();
    assert!(home.contains("Mine"), "{home}");
    assert!(!home.contains("What is A?"), "{home}");
}

#[test]
fn a_key_that_needs_the_text_waits_for_it_and_then_runs() {
    let (_d, env, mut app) = lean_app();
    let mine = app.decks().iter().position(|d| d.id == "mine").unwrap();
    app.update(Msg::Resize(100, 30));
    while app.selected() < mine {
        app.update(Msg::char('j'));
    }
    // Enter studies the deck: it waits, and asks for the text.
    let cmd = app.update(Msg::key(ratatui::crossterm::event::KeyCode::Enter));
    assert!(matches!(cmd, Some(Cmd::Reload(_))), "{cmd:?}");
    assert_eq!(app.screen(), Screen::Home);
    let home = draw(&app, 100, 30).to_string();
    assert!(home.contains(tui::app::LOADING), "{home}");
    // Space (reveal) comes after it, and waits too, in order.
    assert_eq!(app.update(Msg::char(' ')), None);
    assert_eq!(app.screen(), Screen::Home);
    // The text arrives (as the runtime's reload thread would send it).
    let text = tui::reload(&env, &app).unwrap();
    dispatch(&mut app, text);
    assert!(!app.text_pending());
    assert_eq!(app.screen(), Screen::Review);
    let review = draw(&app, 100, 30).to_string();
    assert!(review.contains("What is A?"), "{review}");
    assert!(
        review.contains("Alpha"),
        "revealed by the held Space: {review}"
    );
    assert!(!review.contains(tui::app::LOADING), "{review}");
}
