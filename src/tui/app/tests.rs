//! The app's background-driven flows, by their messages and commands alone:
//! reloads (asked for, deferred, stale, failed) and the `python3` probe.
#![allow(clippy::unwrap_used)]

use chrono::DateTime;

use super::{App, Screen};
use crate::clock::Clock;
use crate::deck::{Card, Deck, DeckSet, DeckSource, DemoRef};
use crate::store::Replay;
use crate::tui::msg::{Cmd, DemoRequest, Msg, Reload, ReloadRequest};

pub(super) fn deck(id: &str, cards: &[&str]) -> Deck {
    Deck {
        id: id.into(),
        name: format!("Deck {id}"),
        description: String::new(),
        tags: Vec::new(),
        cards: cards
            .iter()
            .map(|c| Card::new(c, &format!("Question {c}?"), "Answer."))
            .collect(),
        source: DeckSource::Bundled("test.toml"),
        id_pos: (1, 1),
        reverse: false,
    }
}

/// The clock of these tests: frozen on 2026-11-25 at 10:00.
pub(super) fn clock() -> Clock {
    Clock::frozen(DateTime::parse_from_rfc3339("2026-11-25T10:00:00+01:00").unwrap())
}

/// Where these tests' apps would save (nothing is written: no runtime).
pub(super) fn nowhere() -> crate::data_dir::DataDir {
    crate::data_dir::DataDir::new("/nonexistent")
}

pub(super) fn app(decks: Vec<Deck>) -> App {
    let mut app = App::new(decks, &Replay::default(), clock(), 20, nowhere());
    app.update(Msg::Resize(100, 30));
    app
}

pub(super) fn reloaded(decks: Vec<Deck>, writes: u64) -> Msg {
    let req = ReloadRequest {
        writes,
        decks: Vec::new().into(),
        today: "2026-11-25".parse().unwrap(),
        new_per_day: 20,
        reviews_per_day: None,
        text_for: None,
    };
    let set = DeckSet {
        decks,
        ..DeckSet::default()
    };
    Msg::Reloaded(Box::new(Reload::prepare(req, set, &Replay::default())))
}

/// Whether `cmd` asks for a reload, echoing `writes`.
fn asks_reload(cmd: Option<Cmd>, writes: u64) -> bool {
    matches!(cmd, Some(Cmd::Reload(r)) if r.writes == writes)
}

#[test]
fn a_change_asks_for_one_reload_at_a_time() {
    let mut a = app(vec![deck("d", &["a"])]);
    assert!(asks_reload(a.update(Msg::DecksChanged), 0));
    // Another change while that reload runs: asked for after it.
    assert_eq!(a.update(Msg::DecksChanged), None);
    let again = a.update(reloaded(vec![deck("d", &["a", "b"])], 0));
    assert_eq!(a.decks()[0].cards.len(), 2);
    assert!(asks_reload(again, 0));
    assert_eq!(a.update(reloaded(vec![deck("d", &["a", "b"])], 0)), None);
}

#[test]
fn a_reload_read_before_the_apps_latest_write_is_asked_for_again() {
    let mut a = app(vec![deck("d", &["a"])]);
    assert!(asks_reload(a.update(Msg::DecksChanged), 0));
    a.reload.wrote();
    let cmd = a.update(reloaded(vec![deck("d", &["a", "b"])], 0));
    assert!(asks_reload(cmd, 1));
    assert_eq!(
        a.decks()[0].cards.len(),
        1,
        "the stale reload is not applied"
    );
}

#[test]
fn a_change_during_a_session_is_used_when_it_ends() {
    let mut a = app(vec![deck("d", &["a"])]);
    a.update(Msg::char('a'));
    assert_eq!(a.screen(), Screen::Review);
    // Read at once (off the UI thread), used when the session ends.
    assert!(asks_reload(a.update(Msg::DecksChanged), 0));
    assert_eq!(a.update(reloaded(vec![deck("d", &["a", "b"])], 0)), None);
    assert!(a.notice().unwrap().contains("when this session ends"));
    assert_eq!(a.decks()[0].cards.len(), 1);
    a.update(Msg::key(ratatui::crossterm::event::KeyCode::Esc));
    assert_eq!(a.screen(), Screen::Home);
    assert_eq!(a.decks()[0].cards.len(), 2);
}

#[test]
fn a_change_the_app_already_has_says_nothing_during_a_session() {
    let mut a = app(vec![deck("d", &["a"])]);
    a.update(Msg::char('a'));
    assert!(asks_reload(a.update(Msg::DecksChanged), 0));
    // The files hold the decks in use (an edit `e` already took in).
    let same = a.decks().to_vec();
    let req = ReloadRequest {
        writes: 0,
        decks: same.clone().into(),
        today: "2026-11-25".parse().unwrap(),
        new_per_day: 20,
        reviews_per_day: None,
        text_for: None,
    };
    let set = DeckSet {
        decks: same,
        ..DeckSet::default()
    };
    let msg = Msg::Reloaded(Box::new(Reload::prepare(req, set, &Replay::default())));
    assert_eq!(a.update(msg), None);
    assert_eq!(a.notice(), None, "no 'used when this session ends'");
    assert_eq!(a.screen(), Screen::Review);
}

#[test]
fn a_reload_request_shares_the_decks_rather_than_copying_them_on_the_ui_thread() {
    let app = app(vec![deck("d", &["a", "b"])]);
    let req = app.reload_request();
    // The same cards in memory, not a copy of every card's text.
    assert!(std::ptr::eq(req.decks.as_ptr(), app.decks().as_ptr()));
    assert!(std::ptr::eq(
        &req.decks[0].cards[0],
        &app.decks()[0].cards[0]
    ));
}

#[test]
fn a_failed_reload_is_a_banner_and_the_session_goes_on() {
    let mut a = app(vec![deck("d", &["a", "b"])]);
    a.update(Msg::char('a'));
    a.update(Msg::char(' '));
    assert_eq!(
        a.update(Msg::ReloadFailed("permission denied".into())),
        None
    );
    assert_eq!(a.screen(), Screen::Review);
    assert!(a.revealed());
    let banner = a.error().unwrap();
    assert!(banner.contains("permission denied"), "{banner}");
    assert!(banner.contains("stay in use"), "{banner}");
}

#[test]
fn real_cpython_is_offered_only_once_the_probe_said_yes() {
    let mut d = deck("d", &["a"]);
    d.cards[0].demo = Some(DemoRef {
        id: crate::demo::DemoId::CpuBound,
        workers: Some(2),
        seconds: Some(1),
    });
    let mut a = app(vec![d]);
    a.update(Msg::char('a'));
    // Revealing asks no program: the probe has not answered yet.
    let started = a.update(Msg::char(' '));
    assert!(
        matches!(
            &started,
            Some(Cmd::StartDemo(DemoRequest { python: false, .. }))
        ),
        "{started:?}"
    );
    assert!(!a.demo().unwrap().python_offered);
    assert_eq!(a.update(Msg::char('p')), None, "p is not offered yet");

    a.update(Msg::PythonProbed(true));
    assert!(a.demo().unwrap().python_offered);
    let python = a.update(Msg::char('p'));
    assert!(
        matches!(
            &python,
            Some(Cmd::StartDemo(DemoRequest { python: true, .. }))
        ),
        "{python:?}"
    );
}

#[test]
fn no_python_here_means_no_offer() {
    let mut d = deck("d", &["a"]);
    d.cards[0].demo = Some(DemoRef {
        id: crate::demo::DemoId::CpuBound,
        workers: None,
        seconds: None,
    });
    let mut a = app(vec![d]);
    a.update(Msg::PythonProbed(false));
    a.update(Msg::char('a'));
    a.update(Msg::char(' '));
    assert!(!a.demo().unwrap().python_offered);
}
