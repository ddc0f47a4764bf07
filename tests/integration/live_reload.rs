//! Live reload: a deck file saved while the interface runs is loaded again;
//! a save that breaks it shows its errors and keeps the last good version;
//! fixing it clears the banner. Driven by the watcher and messages, with
//! modification times set explicitly: nothing sleeps.

use std::path::Path;
use std::time::{Duration, SystemTime};

use concur::deck::DeckWatcher;
use concur::env::{Env, EnvOptions};
use concur::tui::{self, Msg, Screen, dispatch};
use ratatui::crossterm::event::KeyCode;

use crate::common::TODAY;
use crate::common::app::draw;

fn save(path: &Path, text: &str, bump: u64) {
    std::fs::write(path, text).unwrap();
    let f = std::fs::File::options().write(true).open(path).unwrap();
    f.set_modified(SystemTime::now() + Duration::from_secs(bump))
        .unwrap();
}

const V1: &str = "[deck]\nid = \"mine\"\nname = \"Mine\"\n\n[[cards]]\nid = \"a\"\nfront = \"A?\"\nback = \"a\"\n";
const V2: &str = "[deck]\nid = \"mine\"\nname = \"Mine\"\n\n[[cards]]\nid = \"a\"\nfront = \"A?\"\nback = \"a\"\n\n[[cards]]\nid = \"b\"\nfront = \"B?\"\nback = \"b\"\n";
const BROKEN: &str =
    "[deck]\nid = \"mine\"\n\n[[cards]]\nid = \"a\"\nfront = \"A?\"\nbak = \"a\"\n";

/// A data folder with the deck `mine` (version 1) in `$DATA/decks`, and
/// its environment on a fixed day.
fn setup() -> (tempfile::TempDir, std::path::PathBuf, Env) {
    let data = tempfile::tempdir().unwrap();
    let file = data.path().join("decks/mine.toml");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    save(&file, V1, 0);
    let env = Env::new(EnvOptions {
        data_dir: Some(data.path().to_path_buf()),
        decks: vec![],
        today: TODAY.parse().ok(),
        ..Default::default()
    })
    .unwrap();
    (data, file, env)
}

#[test]
fn saving_a_deck_reloads_it_and_errors_keep_the_last_good_version() {
    let (_data, file, env) = setup();
    let mut app = tui::load_whole(&env).unwrap();
    let mut watcher = DeckWatcher::new(&env.load_options());
    assert_eq!(mine(&app), Some(1));
    assert!(!watcher.poll());

    // A good save: the new card is there.
    save(&file, V2, 10);
    assert!(watcher.poll());
    let reloaded = tui::reload(&env, &app).unwrap();
    dispatch(&mut app, reloaded);
    assert_eq!(mine(&app), Some(2));
    assert!(app.reload_errors().is_empty());

    // A broken save: errors in the banner, the last good version stays.
    save(&file, BROKEN, 20);
    assert!(watcher.poll());
    let reloaded = tui::reload(&env, &app).unwrap();
    dispatch(&mut app, reloaded);
    assert_eq!(mine(&app), Some(2));
    assert_eq!(app.reload_errors().len(), 2, "{:?}", app.reload_errors());
    assert!(
        app.reload_errors()[1].contains("mine.toml:7:1: error: unknown key `bak`"),
        "{:?}",
        app.reload_errors()
    );
    let screen = render(&app);
    assert!(
        screen.contains("A deck file changed and has errors"),
        "{screen}"
    );

    // Fixed: the banner clears.
    save(&file, V1, 30);
    assert!(watcher.poll());
    let reloaded = tui::reload(&env, &app).unwrap();
    dispatch(&mut app, reloaded);
    assert_eq!(mine(&app), Some(1));
    assert!(app.reload_errors().is_empty());
    assert!(!render(&app).contains("has errors"));
}

#[test]
fn a_reload_during_a_session_waits_for_its_end() {
    let (_data, file, env) = setup();
    let mut app = tui::load_whole(&env).unwrap();
    dispatch(&mut app, Msg::char('a'));
    assert_eq!(app.screen(), Screen::Review);
    save(&file, V2, 10);
    let reloaded = tui::reload(&env, &app).unwrap();
    dispatch(&mut app, reloaded);
    assert_eq!(mine(&app), Some(1), "not while reviewing");
    dispatch(&mut app, Msg::key(KeyCode::Esc));
    assert_eq!(app.screen(), Screen::Home);
    assert_eq!(mine(&app), Some(2));
}

/// How many cards the deck `mine` has in the app.
fn mine(app: &tui::App) -> Option<usize> {
    app.decks()
        .iter()
        .find(|d| d.id == "mine")
        .map(|d| d.cards.len())
}

/// The app on a 100×30 screen, as text.
fn render(app: &tui::App) -> String {
    draw(app, 100, 30).to_string()
}
