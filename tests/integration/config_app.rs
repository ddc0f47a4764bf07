//! `$DATA/config.toml` in the interface: the daily review cap cuts the
//! queue (reviews done earlier today count), and `colors = false` draws
//! every cell without colour.

use concur::env::{Env, EnvOptions};
use concur::tui::{self, App, Msg, Screen, dispatch};
use ratatui::style::{Color, Modifier};

use crate::common::app::draw;
use crate::common::{TODAY, log_line, write, write_deck};

const DECK: &str = "[deck]\nid = \"mine\"\n\n[[cards]]\nid = \"a\"\nfront = \"A?\"\nback = \"a\"\n\n[[cards]]\nid = \"b\"\nfront = \"B?\"\nback = \"b\"\n\n[[cards]]\nid = \"c\"\nfront = \"C?\"\nback = \"c\"\n\n[[cards]]\nid = \"d\"\nfront = \"D?\"\nback = \"d\"\n";

/// The app on [`TODAY`] for a data folder with [`DECK`], whose cards were
/// all reviewed on 2026-01-01 (so all due) and `d` again today, and
/// `config` as its settings file.
fn app_with(config: &str) -> (tempfile::TempDir, App) {
    let data = tempfile::tempdir().unwrap();
    write_deck(data.path(), "mine.toml", DECK);
    let mut log: String = ["a", "b", "c", "d"]
        .iter()
        .map(|c| log_line("mine", c, "review"))
        .collect();
    log.push_str(&log_line("mine", "d", "review").replace("2026-01-01", TODAY));
    write(data.path(), "reviews.jsonl", &log);
    write(data.path(), "config.toml", config);
    let env = Env::new(EnvOptions {
        data_dir: Some(data.path().to_path_buf()),
        today: TODAY.parse().ok(),
        ..Default::default()
    })
    .unwrap();
    let app = tui::load_whole(&env).unwrap();
    (data, app)
}

/// The cards of the session `a` (everything due, all decks) starts.
fn studied(app: &mut App) -> usize {
    dispatch(app, Msg::char('a'));
    assert_eq!(app.screen(), Screen::Review);
    app.session().unwrap().remaining().count()
}

#[test]
fn the_review_cap_counts_todays_reviews_and_cuts_the_queue() {
    // No new cards (the bundled decks have some): only reviews are asked.
    let (_d, mut free) = app_with("new_per_day = 0\n");
    assert_eq!(studied(&mut free), 3);
    let (_d, mut capped) = app_with("new_per_day = 0\nreviews_per_day = 3\n");
    assert_eq!(capped.study().reviews_left_today(), Some(2));
    let home = draw(&capped, 100, 30).to_string();
    assert!(home.contains("Reviews: 3 · 2 left"), "{home}");
    assert_eq!(studied(&mut capped), 2);
}

/// Every cell's colours, drawn on a screen that has colours (home, with a
/// selection, key hints and dim labels).
fn colours(app: &App) -> Vec<(Color, Color)> {
    let backend = draw(app, 100, 30);
    backend
        .buffer()
        .content()
        .iter()
        .map(|c| (c.fg, c.bg))
        .collect()
}

#[test]
fn colors_false_draws_without_colour_but_keeps_the_selection() {
    let (_d, plain) = app_with("colors = false\n");
    assert!(!plain.colors());
    let cells = colours(&plain);
    assert!(
        cells.iter().all(|&c| c == (Color::Reset, Color::Reset)),
        "a cell has a colour"
    );
    let backend = draw(&plain, 100, 30);
    assert!(
        backend
            .buffer()
            .content()
            .iter()
            .any(|c| c.modifier.contains(Modifier::REVERSED)),
        "the selected deck is still shown reversed"
    );
    let (_d, coloured) = app_with("");
    assert!(coloured.colors());
    assert!(
        colours(&coloured)
            .iter()
            .any(|&c| c != (Color::Reset, Color::Reset))
    );
}
