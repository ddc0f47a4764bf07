//! Builders for in-process tests of the review app: cards, decks, a frozen
//! clock, an app with a manual timer on an 80×24 screen, and drawing it on
//! ratatui's `TestBackend`.

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, FixedOffset};
use concur::clock::Clock;
use concur::data_dir::DataDir;
use concur::deck::{Card, Deck, DeckSource};
use concur::store::Replay;
use concur::tui::{App, Msg, Timer, dispatch};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// A timestamp from RFC 3339 text.
pub fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

/// The clock every app test runs on: frozen on [`super::TODAY`] at 10:00.
pub fn clock() -> Clock {
    Clock::frozen(at("2026-11-25T10:00:00+01:00"))
}

/// A card, with an optional explanation.
pub fn card(id: &str, front: &str, back: &str, explain: Option<&str>) -> Card {
    Card {
        explain: explain.map(str::to_string),
        ..Card::new(id, front, back)
    }
}

/// A bundled-looking deck holding `cards`.
pub fn deck(id: &str, name: &str, cards: Vec<Card>) -> Deck {
    Deck {
        id: id.into(),
        name: name.into(),
        description: String::new(),
        tags: Vec::new(),
        cards,
        source: DeckSource::Bundled("test.toml"),
        id_pos: (1, 1),
        reverse: false,
    }
}

/// The data folder whose review log is `log` (which must be named as
/// [`DataDir::log`] names it).
pub fn data_of(log: &Path) -> DataDir {
    let data = DataDir::new(log.parent().unwrap());
    assert_eq!(data.log(), log, "not a data folder's review log");
    data
}

/// The app on [`clock`], 20 new cards a day, a manual timer at zero, and an
/// 80×24 screen; grades go to `log` (the review log of a data folder).
pub fn app(decks: Vec<Deck>, replay: &Replay, log: &Path) -> App {
    let mut app = App::new(decks, replay, clock(), 20, data_of(log));
    *app.timer_mut() = Timer::Manual(Duration::ZERO);
    dispatch(&mut app, Msg::Resize(80, 24));
    app
}

/// The app drawn on a `w`×`h` test terminal.
pub fn draw(app: &App, w: u16, h: u16) -> TestBackend {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| f.render_widget(app, f.area())).unwrap();
    terminal.backend().clone()
}
