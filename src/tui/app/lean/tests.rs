//! The lean start driven by messages alone: keys that wait for the cards'
//! text, a failed load, quitting while waiting, interview mode's plan.
#![allow(clippy::unwrap_used)]

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::LOADING;
use crate::deck::{Deck, DeckIds, DeckSet};
use crate::store::Replay;
use crate::tui::app::tests::{clock, deck, nowhere};
use crate::tui::app::{App, Screen};
use crate::tui::msg::{Cmd, Msg, Reload, ReloadRequest};

/// The decks the text load brings.
fn whole() -> Vec<Deck> {
    vec![deck("d1", &["a", "b"]), deck("d2", &["c"])]
}

/// The app on the home screen from the ids of [`whole`].
fn lean() -> App {
    let ids = whole()
        .into_iter()
        .map(|d| DeckIds {
            cards: d.cards.into_iter().map(|c| c.id).collect(),
            source: d.source.to_string(),
            id: d.id,
            name: d.name,
            id_pos: d.id_pos,
        })
        .collect();
    let mut app = App::from_ids(ids, &Replay::default(), clock(), 20, nowhere());
    app.update(Msg::Resize(100, 30));
    app
}

/// What the runtime's reload thread sends back for `req`.
fn arrived(req: ReloadRequest) -> Msg {
    let set = DeckSet {
        decks: whole(),
        ..DeckSet::default()
    };
    Msg::Reloaded(Box::new(Reload::prepare(req, set, &Replay::default())))
}

/// The reload `cmd` asks for (the only thing it asks).
fn reload_of(cmd: Option<Cmd>) -> ReloadRequest {
    match cmd {
        Some(Cmd::Reload(req)) => req,
        other => panic!("expected a reload, got {other:?}"),
    }
}

#[test]
fn home_counts_come_from_the_ids_and_the_decks_have_no_cards_yet() {
    let app = lean();
    assert!(app.text_pending());
    assert_eq!(app.screen(), Screen::Home);
    assert_eq!(app.decks().len(), 2);
    assert!(app.decks().iter().all(|d| d.cards.is_empty()));
    assert_eq!(app.study().counts(0).total(), 2);
    assert_eq!(app.study().counts(1).total(), 1);
}

#[test]
fn moving_on_home_needs_no_text() {
    let mut app = lean();
    assert_eq!(app.update(Msg::char('j')), None);
    assert_eq!(app.selected(), 1);
    assert_eq!(app.notice(), None);
}

#[test]
fn keys_that_need_text_wait_in_order_and_run_when_it_arrives() {
    let mut app = lean();
    let req = reload_of(app.update(Msg::char('a')));
    assert_eq!(app.notice(), Some(LOADING));
    // Later keys wait behind it, also those that need no text, and ask
    // for no second load.
    assert_eq!(app.update(Msg::char(' ')), None);
    assert_eq!(app.update(Msg::char('4')), None);
    assert_eq!(app.screen(), Screen::Home);
    let cmd = app.update(arrived(req));
    assert!(!app.text_pending());
    assert_eq!(app.notice(), None);
    // `a` studied all, Space revealed, 4 graded the first card (saved).
    assert_eq!(app.screen(), Screen::Review);
    assert!(matches!(cmd, Some(Cmd::Append(_))), "{cmd:?}");
    assert_eq!(app.session().unwrap().answers().len(), 1);
}

#[test]
fn every_home_key_that_needs_text_waits() {
    for key in ['a', 'c', 's', '/'] {
        let mut app = lean();
        let cmd = app.update(Msg::char(key));
        assert!(matches!(cmd, Some(Cmd::Reload(_))), "{key}: {cmd:?}");
        assert_eq!(app.screen(), Screen::Home, "{key}");
    }
    let mut app = lean();
    let cmd = app.update(Msg::key(KeyCode::Enter));
    assert!(matches!(cmd, Some(Cmd::Reload(_))), "{cmd:?}");
}

#[test]
fn quitting_while_the_text_loads_quits() {
    let mut app = lean();
    reload_of(app.update(Msg::char('a')));
    let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert_eq!(app.update(Msg::Key(ctrl_c)), Some(Cmd::Quit));
}

#[test]
fn a_failed_load_says_so_drops_the_waiting_keys_and_can_be_tried_again() {
    let mut app = lean();
    reload_of(app.update(Msg::char('a')));
    app.update(Msg::char(' '));
    assert_eq!(app.update(Msg::ReloadFailed("disk on fire".into())), None);
    assert_eq!(app.screen(), Screen::Home);
    assert_eq!(app.notice(), None);
    let error = app.error().unwrap();
    assert!(error.contains("disk on fire"), "{error}");
    assert!(error.contains("2 keys dropped"), "{error}");
    assert!(app.text_pending());
    // The next key that needs it asks again, and runs when it comes.
    let req = reload_of(app.update(Msg::char('a')));
    app.update(arrived(req));
    assert_eq!(app.screen(), Screen::Review);
}

#[test]
fn interview_mode_loads_the_text_before_asking_for_its_plan() {
    let mut app = lean();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 20).unwrap();
    app.set_interview(Some(day), 5);
    let req = reload_of(app.update(Msg::Started));
    match app.update(arrived(req)) {
        Some(Cmd::ComputePrep(p)) => {
            let cards: Vec<usize> = p.decks.iter().map(|(_, c)| c.len()).collect();
            assert_eq!(cards, [2, 1]);
        }
        other => panic!("expected the plan's request, got {other:?}"),
    }
}

#[test]
fn a_whole_app_never_waits() {
    let mut app = crate::tui::app::tests::app(whole());
    assert!(!app.text_pending());
    app.update(Msg::char('a'));
    assert_eq!(app.screen(), Screen::Review);
}

#[test]
fn the_text_alone_arrives_for_the_same_ids_and_the_study_stays() {
    let mut app = lean();
    let req = reload_of(app.update(Msg::char('a')));
    let key = req.text_for.expect("a lean reload asks for the text");
    // The key the runtime compares with the decks on disk.
    assert_eq!(key, crate::tui::msg::decks_key(&whole()));
    let study = app.study().clone();
    app.update(Msg::TextLoaded(whole()));
    assert!(!app.text_pending());
    assert_eq!(app.study(), &study);
    assert_eq!(app.screen(), Screen::Review);
    assert_eq!(app.current_card().map(|(_, c, _)| c.id.as_str()), Some("a"));
    // Once the text is in, a reload is a whole one again.
    assert_eq!(app.reload_request().text_for, None);
}

#[test]
fn other_ids_on_disk_give_a_key_of_their_own() {
    let key = crate::tui::msg::decks_key;
    let same = key(&whole());
    for other in [
        vec![deck("d1", &["a", "b"])],
        vec![deck("d1", &["b", "a"]), deck("d2", &["c"])],
        vec![deck("d1", &["a"]), deck("d2", &["b", "c"])],
        vec![deck("d1", &["a", "b"]), deck("d3", &["c"])],
    ] {
        assert_ne!(key(&other), same);
    }
}
