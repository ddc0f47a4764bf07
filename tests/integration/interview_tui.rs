//! Interview mode in the app: the home screen's countdown (a snapshot),
//! `a` studying the plan's prep cards after the SM-2 ones as `prep` lines,
//! and a past date switching the mode off with a note. The plan is
//! computed by the runtime's own function, called here directly (no
//! thread, nothing to wait for).

use concur::data_dir::DataDir;
use concur::deck::Deck;
use concur::sched::Grade;
use concur::store::{Kind, LogEntry, Replay};
use concur::tui::{App, Cmd, Msg, dispatch, prep_for};

use crate::common::app::{at, card, deck, draw};
use crate::common::log_kinds;

fn decks() -> Vec<Deck> {
    vec![deck(
        "threads",
        "Threads and processes",
        vec![
            card(
                "gil",
                "How many threads run bytecode at once?",
                "One.",
                None,
            ),
            card("spawn", "The default start method on Linux?", "fork.", None),
            card("pool", "What does `Pool.map` return?", "A list.", None),
            card(
                "lock",
                "What does a `Lock` protect?",
                "A critical section.",
                None,
            ),
        ],
    )]
}

/// "gil" learned three weeks ago, "spawn" yesterday (both due today);
/// "pool" is new; "lock", answered with difficulty a week ago, is due
/// tomorrow for SM-2 but half forgotten for FSRS.
fn history() -> Vec<LogEntry> {
    let line = |t: &str, card: &str, q: u8| {
        LogEntry::new(
            at(t),
            "threads".into(),
            card.into(),
            Grade::new(q).unwrap(),
            Kind::Review,
            1000,
        )
    };
    vec![
        line("2026-11-01T09:00:00+01:00", "gil", 4),
        line("2026-11-02T09:00:00+01:00", "gil", 4),
        line("2026-11-24T09:00:00+01:00", "spawn", 3),
        line("2026-11-19T09:00:00+01:00", "lock", 3),
        line("2026-11-20T09:00:00+01:00", "lock", 3),
    ]
}

/// The app with its history on disk, in interview mode for `date` (3 prep
/// reviews a day), with the plan computed.
fn app_for(dir: &std::path::Path, date: &str) -> App {
    let data = DataDir::new(dir);
    let text: String = history().iter().map(|e| e.to_json_line() + "\n").collect();
    std::fs::write(data.log(), text).unwrap();
    let mut app = crate::common::app::app(decks(), &Replay::from_entries(&history()), &data.log());
    app.set_interview(Some(date.parse().unwrap()), 3);
    if let Some(Cmd::ComputePrep(req)) = app.update(Msg::Started) {
        let planned = prep_for(&data, &req);
        assert!(app.update(planned).is_none());
    }
    app
}

#[test]
fn the_home_screen_counts_down_with_the_readiness() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_for(dir.path(), "2026-12-14");
    let countdown = app.countdown().unwrap();
    assert!(
        countdown.starts_with("Interview in 19 days · ready "),
        "{countdown}"
    );
    assert!(countdown.contains("if you keep the plan"), "{countdown}");
    insta::assert_snapshot!("interview_home", draw(&app, 80, 24));
}

#[test]
fn a_studies_the_prep_cards_after_the_sm2_ones_as_prep_lines() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_for(dir.path(), "2026-11-26");
    // "gil", "spawn" and "pool" are SM-2's today; "lock" comes after them
    // as the plan's prep card.
    dispatch(&mut app, Msg::char('a'));
    let session = app.session().unwrap().clone();
    let kinds: Vec<Kind> = session.remaining().map(|i| i.kind).collect();
    assert_eq!(kinds.first(), Some(&Kind::Review), "{kinds:?}");
    assert!(kinds.contains(&Kind::Prep), "{kinds:?}");
    let first_prep = kinds.iter().position(|k| *k == Kind::Prep).unwrap();
    assert!(
        kinds[first_prep..].iter().all(|k| *k == Kind::Prep),
        "{kinds:?}"
    );
    for _ in 0..kinds.len() {
        dispatch(&mut app, Msg::char(' '));
        dispatch(&mut app, Msg::char('5'));
    }
    let written = log_kinds(&DataDir::new(dir.path()).log());
    let preps = written.iter().filter(|k| *k == "\"prep\"").count();
    assert_eq!(preps, kinds.len() - first_prep, "{written:?}");
    // Done: back home, `a` has nothing more today.
    dispatch(&mut app, Msg::char('q'));
    dispatch(&mut app, Msg::char('a'));
    assert!(
        app.notice()
            .is_some_and(|n| n.starts_with("Nothing to study")),
        "{:?}",
        app.notice()
    );
}

#[test]
fn a_prep_card_waits_when_its_sibling_was_studied_today() {
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::new(dir.path());
    // "lock" is the plan's prep card today (see above); its reverse, a card
    // of the same note, had its SM-2 review this morning.
    let mut decks = decks();
    decks[0].cards.push(card(
        "lock~rev",
        "A critical section.",
        "What a `Lock` protects.",
        None,
    ));
    let mut history = history();
    history.push(LogEntry::new(
        at("2026-11-25T08:00:00+01:00"),
        "threads".into(),
        "lock~rev".into(),
        Grade::new(4).unwrap(),
        Kind::Review,
        1000,
    ));
    let text: String = history.iter().map(|e| e.to_json_line() + "\n").collect();
    std::fs::write(data.log(), text).unwrap();
    let mut app = crate::common::app::app(decks, &Replay::from_entries(&history), &data.log());
    app.set_interview(Some("2026-11-26".parse().unwrap()), 3);
    let Some(Cmd::ComputePrep(req)) = app.update(Msg::Started) else {
        panic!("no plan asked for");
    };
    let planned = prep_for(&data, &req);
    assert!(app.update(planned).is_none());
    dispatch(&mut app, Msg::char('a'));
    let session = app.session().unwrap().clone();
    let asked: Vec<(String, Kind)> = session
        .remaining()
        .map(|i| (app.decks()[i.deck].cards[i.card].id.clone(), i.kind))
        .collect();
    assert!(
        !asked.iter().any(|(id, _)| id.starts_with("lock")),
        "{asked:?}"
    );
}

#[test]
fn a_past_interview_switches_the_mode_off_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_for(dir.path(), "2026-11-20");
    assert_eq!(app.countdown(), None);
    assert_eq!(app.interview_date(), None);
    assert_eq!(
        app.notice(),
        Some(
            "The interview of 2026-11-20 is past: interview mode is off (remove `interview` from config.toml)."
        )
    );
}

/// The real binary in a pseudo-terminal: `--interview` counts down on the
/// home screen once the plan, computed on its own thread, has arrived.
#[test]
fn the_countdown_in_a_real_terminal() {
    let data = tempfile::tempdir().unwrap();
    let mut app =
        crate::common::pty::Running::start_with(data.path(), &["--interview", "2026-12-14"]);
    app.wait_for("Interview in 19 days · ready 0 %,");
    app.wait_for("if you keep the plan");
    app.press("q");
    let status = app.wait_exit();
    assert!(status.success(), "exit status {status:?}");
}

#[test]
fn on_the_day_the_countdown_says_today_with_the_readiness() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_for(dir.path(), "2026-11-25");
    let c = app.countdown().unwrap();
    assert!(c.starts_with("Interview today · ready "), "{c}");
    assert!(!c.contains("plan"), "{c}");
}
