//! The start-up banner about decks with errors goes away when those decks
//! load cleanly while the interface runs (live reload), and stays while
//! they do not. Driven by the watcher and messages: nothing sleeps.

use std::path::Path;
use std::time::{Duration, SystemTime};

use concur::deck::DeckWatcher;
use concur::env::{Env, EnvOptions};
use concur::tui::{self, dispatch};

use crate::common::TODAY;
use crate::common::app::draw;

fn save(path: &Path, text: &str, bump: u64) {
    std::fs::write(path, text).unwrap();
    let f = std::fs::File::options().write(true).open(path).unwrap();
    f.set_modified(SystemTime::now() + Duration::from_secs(bump))
        .unwrap();
}

const GOOD: &str = "[deck]\nid = \"mine\"\n\n[[cards]]\nid = \"a\"\nfront = \"A?\"\nback = \"a\"\n";
const BROKEN: &str =
    "[deck]\nid = \"mine\"\n\n[[cards]]\nid = \"a\"\nfront = \"A?\"\nbak = \"a\"\n";
const ALSO_BROKEN: &str =
    "[deck]\nid = \"mine\"\n\n[[cards]]\nid = \"a\"\nfrnt = \"A?\"\nback = \"a\"\n";

fn screen(app: &tui::App) -> String {
    draw(app, 100, 30).to_string()
}

#[test]
fn the_start_up_deck_error_banner_clears_when_the_deck_is_fixed() {
    let data = tempfile::tempdir().unwrap();
    let file = data.path().join("decks/mine.toml");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    save(&file, BROKEN, 0);
    let env = Env::new(EnvOptions {
        data_dir: Some(data.path().to_path_buf()),
        decks: vec![],
        today: TODAY.parse().ok(),
        ..Default::default()
    })
    .unwrap();
    let mut app = tui::load(&env).unwrap();
    let mut watcher = DeckWatcher::new(&env.load_options());
    assert!(screen(&app).contains(" deck error"), "{}", screen(&app));

    // Still broken (differently): a banner stays.
    save(&file, ALSO_BROKEN, 10);
    assert!(watcher.poll());
    let reloaded = tui::reload(&env, &app).unwrap();
    dispatch(&mut app, reloaded);
    assert!(screen(&app).contains(" deck error"), "{}", screen(&app));

    // Fixed: no banner about it is left.
    save(&file, GOOD, 20);
    assert!(watcher.poll());
    let reloaded = tui::reload(&env, &app).unwrap();
    dispatch(&mut app, reloaded);
    let s = screen(&app);
    assert!(!s.contains(" deck error"), "{s}");
    assert!(!s.contains("has errors"), "{s}");
    assert!(app.decks().iter().any(|d| d.id == "mine"));
}
