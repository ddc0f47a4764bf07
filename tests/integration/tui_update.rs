//! The review app's `update` logic, driven by key messages, with the real
//! review log in a temporary folder: reveal, grade, re-ask order, undo, and
//! write failures.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::DateTime;
use concur::data_dir::DataDir;
use concur::deck::{Card, Deck};
use concur::sched::Sm2State;
use concur::store::{self, Kind, Replay};
use concur::tui::{App, Cmd, Msg, Screen, Timer, dispatch};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::common::app::clock;

fn card(id: &str) -> Card {
    Card::new(id, &format!("Question {id}?"), &format!("Answer {id}."))
}

fn deck(id: &str, cards: &[&str]) -> Deck {
    let cards = cards.iter().map(|c| card(c)).collect();
    crate::common::app::deck(id, &format!("Deck {id}"), cards)
}

fn app(decks: Vec<Deck>, log: &Path) -> App {
    // A log that cannot be read (the failure tests) starts empty.
    let replay = store::replay_file(log).unwrap_or_default();
    crate::common::app::app(decks, &replay, log)
}

fn log_in(dir: &tempfile::TempDir) -> PathBuf {
    DataDir::new(dir.path()).log()
}

fn send(app: &mut App, keys: &str) {
    for c in keys.chars() {
        let msg = match c {
            ' ' => Msg::key(KeyCode::Char(' ')),
            '\n' => Msg::key(KeyCode::Enter),
            c => Msg::char(c),
        };
        assert!(!dispatch(app, msg), "unexpected quit on {c:?}");
    }
}

fn current(app: &App) -> Option<String> {
    app.current_card().map(|(_, c, _)| c.id.clone())
}

/// `(card, grade, kind)` of every log line.
fn log_lines(log: &Path) -> Vec<(String, u8, String)> {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    text.lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                v["card"].as_str().unwrap().to_string(),
                u8::try_from(v["grade"].as_u64().unwrap()).unwrap(),
                v["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn reveal_then_grade_writes_one_review_line_and_moves_on() {
    let dir = tempfile::tempdir().unwrap();
    let log = log_in(&dir);
    let mut app = app(vec![deck("d", &["x", "y"])], &log);
    send(&mut app, "\n");
    assert_eq!(app.screen(), Screen::Review);
    assert_eq!(current(&app).as_deref(), Some("x"));
    assert!(!app.revealed());
    // Grades do nothing before the reveal.
    send(&mut app, "5");
    assert_eq!(current(&app).as_deref(), Some("x"));
    assert!(log_lines(&log).is_empty());
    send(&mut app, " ");
    assert!(app.revealed());
    app.timer_mut().advance(Duration::from_millis(4200));
    send(&mut app, "4");
    assert_eq!(current(&app).as_deref(), Some("y"));
    assert!(!app.revealed());
    assert_eq!(log_lines(&log), [("x".into(), 4, "review".into())]);
    let line = std::fs::read_to_string(&log).unwrap();
    assert!(
        line.contains(r#""at":"2026-11-25T10:00:00.000+01:00","deck":"d""#),
        "{line}"
    );
    assert!(line.contains(r#""ms":4200"#), "{line}");
    // The last card ends the session on the summary.
    send(&mut app, " 5");
    assert_eq!(app.screen(), Screen::Summary);
    send(&mut app, "q");
    assert_eq!(app.screen(), Screen::Home);
    assert_eq!(app.update(Msg::char('q')), Some(Cmd::Quit));
}

#[test]
fn cards_below_four_come_back_at_the_end_as_drills_until_four() {
    let dir = tempfile::tempdir().unwrap();
    let log = log_in(&dir);
    let mut app = app(vec![deck("d", &["x", "y", "z"])], &log);
    send(&mut app, "a");
    let mut order = Vec::new();
    for grade in ['2', '5', '3', '1', '4', '4'] {
        order.push(current(&app).unwrap());
        send(&mut app, &format!(" {grade}"));
    }
    assert_eq!(order, ["x", "y", "z", "x", "z", "x"]);
    assert_eq!(app.screen(), Screen::Summary);
    let lines = log_lines(&log);
    let kinds: Vec<&str> = lines.iter().map(|l| l.2.as_str()).collect();
    assert_eq!(
        kinds,
        ["review", "review", "review", "drill", "drill", "drill"]
    );
    // Only the review lines changed the schedule.
    let replay = store::replay_file(&log).unwrap();
    let x = replay.get("d", "x").unwrap();
    assert_eq!((x.card.reviews, x.drills), (1, 2));
    let once = Sm2State::NEW.review(
        concur::sched::Grade::new(2).unwrap(),
        "2026-11-25".parse().unwrap(),
    );
    assert_eq!(x.card.state, once);
    // Starting again the same day: nothing left, the re-ask debt is paid.
    let mut again = self::app(vec![deck("d", &["x", "y", "z"])], &log);
    send(&mut again, "a");
    assert_eq!(again.screen(), Screen::Home);
    assert!(again.notice().unwrap().contains("Nothing to study"));
}

#[test]
fn a_reask_owed_from_a_quit_session_comes_back_the_same_day() {
    let dir = tempfile::tempdir().unwrap();
    let log = log_in(&dir);
    let mut app = app(vec![deck("d", &["x", "y"])], &log);
    send(&mut app, "a 1");
    send(&mut app, "q");
    assert_eq!(app.screen(), Screen::Summary);
    let mut again = self::app(vec![deck("d", &["x", "y"])], &log);
    send(&mut again, "a");
    let kinds: Vec<(String, Kind)> = again
        .session()
        .unwrap()
        .remaining()
        .map(|i| (again.decks()[0].cards[i.card].id.clone(), i.kind))
        .collect();
    assert_eq!(
        kinds,
        [("y".into(), Kind::Review), ("x".into(), Kind::Drill)]
    );
}

#[test]
fn undo_brings_the_card_back_with_its_state_and_logs_an_undo_line() {
    let dir = tempfile::tempdir().unwrap();
    let log = log_in(&dir);
    let decks = vec![deck("d", &["x", "y"])];
    // x has history: reviewed on the 24th, due today.
    store::append(
        &log,
        &store::LogEntry {
            at: DateTime::parse_from_rfc3339("2026-11-24T09:00:00+01:00").unwrap(),
            deck: "d".into(),
            card: "x".into(),
            grade: concur::sched::Grade::new(5).unwrap(),
            kind: Kind::Review,
            spent_ms: 1,
            id: None,
            undoes: None,
            undoes_id: None,
        },
    )
    .unwrap();
    let before = store::replay_file(&log).unwrap().state("d", "x");
    let mut app = app(decks, &log);
    let study_before = app.study().clone();
    send(&mut app, "a 1");
    assert_eq!(current(&app).as_deref(), Some("y"));
    assert_ne!(app.study(), &study_before);
    send(&mut app, "u");
    assert_eq!(current(&app).as_deref(), Some("x"));
    assert!(!app.revealed());
    assert_eq!(app.study(), &study_before);
    // The re-ask the grade caused is gone too: x, then y, nothing else.
    let left: Vec<usize> = app.session().unwrap().remaining().map(|i| i.card).collect();
    assert_eq!(left, [0, 1]);
    assert_eq!(app.session().unwrap().progress(), (0, 2));
    // Append-only: review, review, undo; the replay honours the undo.
    let text = std::fs::read_to_string(&log).unwrap();
    let last: serde_json::Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
    assert_eq!(last["kind"], "undo");
    assert_eq!(last["card"], "x");
    assert_eq!(last["undoes"], "2026-11-25T10:00:00.000+01:00");
    assert_eq!(text.lines().count(), 3);
    let replay = store::replay_file(&log).unwrap();
    assert_eq!(replay.state("d", "x"), before);
    assert_eq!(Replay::default().state("d", "y"), replay.state("d", "y"));
    // Undo from the summary takes the session back to the review.
    send(&mut app, " 5 5");
    assert_eq!(app.screen(), Screen::Summary);
    send(&mut app, "u");
    assert_eq!(app.screen(), Screen::Review);
    assert_eq!(current(&app).as_deref(), Some("y"));
}

/// A write that fails: the session goes on, the grade is kept (never lost)
/// and said to be unsaved; `r` writes it once the cause is fixed.
#[test]
fn a_failed_write_shows_an_error_keeps_the_grade_and_can_be_retried() {
    let dir = tempfile::tempdir().unwrap();
    // The data folder is a file: every append fails.
    let data = dir.path().join("data");
    std::fs::write(&data, "not a folder").unwrap();
    let log = DataDir::new(&data).log();
    let mut app = app(vec![deck("d", &["x", "y"])], &log);
    send(&mut app, "a 5");
    assert_eq!(current(&app).as_deref(), Some("y"));
    let err = app.error().unwrap().to_string();
    assert!(err.contains("Could not save 1 grade"), "{err}");
    assert!(err.contains("not lost"), "{err}");
    assert_eq!(app.saving().len(), 1);
    assert!(app.saving().failure().is_some());
    // Fix the folder, retry: the grade lands.
    std::fs::remove_file(&data).unwrap();
    send(&mut app, "r");
    assert_eq!(app.error(), None);
    assert!(app.saving().is_empty());
    assert_eq!(current(&app).as_deref(), Some("y"));
    assert_eq!(log_lines(&log), [("x".into(), 5, "review".into())]);
}

/// Quitting with a grade that could not be saved waits; the second quit
/// leaves and says which line was not saved.
#[test]
fn quitting_with_an_unsaved_grade_takes_two_presses() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::write(&data, "").unwrap();
    let mut app = app(vec![deck("d", &["x"])], &DataDir::new(&data).log());
    send(&mut app, "a 5");
    assert_eq!(app.screen(), Screen::Summary);
    send(&mut app, "q");
    assert_eq!(app.screen(), Screen::Home);
    // The first q tries once more and waits.
    send(&mut app, "q");
    assert!(app.saving().is_quitting());
    assert!(dispatch(&mut app, Msg::char('q')), "the second q quits");
    let report = app.unsaved_report().unwrap();
    assert!(report.contains("1 grade was not saved"), "{report}");
    assert!(report.contains(r#""card":"x""#), "{report}");
}

#[test]
fn home_keys_move_and_study_one_deck() {
    let dir = tempfile::tempdir().unwrap();
    let log = log_in(&dir);
    let mut app = app(vec![deck("a", &["a1"]), deck("b", &["b1", "b2"])], &log);
    send(&mut app, "jjj");
    assert_eq!(app.selected(), 1);
    send(&mut app, "k");
    assert_eq!(app.selected(), 0);
    dispatch(&mut app, Msg::key(KeyCode::Down));
    send(&mut app, "\n");
    assert_eq!(current(&app).as_deref(), Some("b1"));
    assert_eq!(app.session().unwrap().progress(), (0, 2));
    // q with nothing answered goes straight home.
    send(&mut app, "q");
    assert_eq!(app.screen(), Screen::Home);
    assert!(app.session().is_none());
}

#[test]
fn help_opens_and_closes_and_ctrl_c_quits_anywhere() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(vec![deck("a", &["a1"])], &log_in(&dir));
    send(&mut app, "?");
    assert!(app.help_open());
    // Keys do not leak through the overlay.
    send(&mut app, "a");
    assert_eq!(app.screen(), Screen::Home);
    dispatch(&mut app, Msg::key(KeyCode::Esc));
    assert!(!app.help_open());
    send(&mut app, "a");
    let ctrl_c = Msg::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert_eq!(app.update(ctrl_c), Some(Cmd::Quit));
}

#[test]
fn the_new_card_cap_counts_cards_started_today() {
    let dir = tempfile::tempdir().unwrap();
    let log = log_in(&dir);
    let cards: Vec<String> = (0..6).map(|i| format!("c{i}")).collect();
    let ids: Vec<&str> = cards.iter().map(String::as_str).collect();
    let replay = Replay::default();
    let mut a = App::new(
        vec![deck("d", &ids)],
        &replay,
        clock(),
        4,
        crate::common::app::data_of(&log),
    );
    *a.timer_mut() = Timer::Manual(Duration::ZERO);
    send(&mut a, "a 5 5q");
    assert_eq!(a.study().new_started_today(), 2);
    send(&mut a, "q");
    // Two started, two left of four.
    let replay = store::replay_file(&log).unwrap();
    let mut b = App::new(
        vec![deck("d", &ids)],
        &replay,
        clock(),
        4,
        crate::common::app::data_of(&log),
    );
    send(&mut b, "a");
    assert_eq!(b.session().unwrap().progress(), (0, 2));
}

#[test]
fn scrolling_stays_within_the_card() {
    let dir = tempfile::tempdir().unwrap();
    let mut d = deck("d", &["long"]);
    d.cards[0].back = (1..=60)
        .map(|i| format!("line {i}"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut app = app(vec![d], &log_in(&dir));
    send(&mut app, "a ");
    let max = app.max_scroll();
    assert!(max > 30, "{max}");
    send(&mut app, "k");
    assert_eq!(app.scroll(), 0);
    send(&mut app, "jjj");
    assert_eq!(app.scroll(), 3);
    dispatch(&mut app, Msg::key(KeyCode::PageDown));
    assert!(app.scroll() > 3);
    dispatch(&mut app, Msg::key(KeyCode::End));
    assert_eq!(app.scroll(), max);
    send(&mut app, "j");
    assert_eq!(app.scroll(), max);
    // A taller window needs less scrolling: the offset follows.
    dispatch(&mut app, Msg::Resize(80, 60));
    assert!(app.scroll() <= app.max_scroll());
}

/// `c` on the home screen asks for the quiz options, then quizzes the
/// chosen deck; answers are `cram` lines and the schedule is unchanged.
#[test]
fn quiz_from_home_logs_cram_and_keeps_the_schedule() {
    let dir = tempfile::tempdir().unwrap();
    let log = log_in(&dir);
    let mut a = app(vec![deck("a", &["x", "y"]), deck("b", &["z"])], &log);
    let states_before = a.study().clone();
    dispatch(&mut a, Msg::char('j'));
    dispatch(&mut a, Msg::char('c'));
    assert_eq!(a.screen(), Screen::QuizSetup);
    // Self-graded answers are the default (the settings'): choose typed
    // ones on the fourth field below. The chosen deck is "b".
    for _ in 0..4 {
        dispatch(&mut a, Msg::key(KeyCode::Down));
    }
    dispatch(&mut a, Msg::key(KeyCode::Right));
    assert!(a.quiz_setup().typed);
    dispatch(&mut a, Msg::key(KeyCode::Enter));
    assert_eq!(a.screen(), Screen::Quiz);
    let quiz = a.quiz().unwrap();
    assert_eq!(quiz.items.len(), 1);
    assert_eq!(quiz.items[0].card_ref.deck, "b");
    for c in "answer z".chars() {
        dispatch(&mut a, Msg::char(c));
    }
    dispatch(&mut a, Msg::key(KeyCode::Enter));
    dispatch(&mut a, Msg::key(KeyCode::Enter));
    let lines = std::fs::read_to_string(&log).unwrap();
    let v: serde_json::Value = serde_json::from_str(lines.trim()).unwrap();
    assert_eq!(
        (v["kind"].as_str(), v["card"].as_str(), v["grade"].as_u64()),
        (Some("cram"), Some("z"), Some(5))
    );
    // The score is shown; the weak list is remembered (empty here).
    assert!(a.quiz().unwrap().phase == concur::tui::quiz::Phase::Score);
    assert_eq!(
        concur::store::load_last_weak(&DataDir::new(dir.path())).unwrap(),
        Some(vec![])
    );
    let replay = store::replay_file(&log).unwrap();
    assert_eq!(replay.state("b", "z"), Sm2State::NEW);
    assert_eq!(format!("{:?}", a.study()), format!("{states_before:?}"));
    // Esc leaves the quiz for the home screen.
    dispatch(&mut a, Msg::key(KeyCode::Esc));
    assert_eq!(a.screen(), Screen::Home);
}

/// Revealing a card with a demo starts it; `d` restarts it; Esc stops a
/// running demo before it ends the session; grading leaves the card and
/// stops the demo.
#[test]
fn a_cards_demo_starts_on_reveal_and_stops_when_leaving() {
    let dir = tempfile::tempdir().unwrap();
    let log = log_in(&dir);
    let mut c = card("x");
    c.demo = Some(concur::deck::DemoRef {
        id: concur::demo::DemoId::CpuBound,
        workers: Some(2),
        seconds: Some(3),
    });
    let mut d = deck("a", &[]);
    d.cards = vec![c, card("y")];
    let mut a = app(vec![d], &log);
    dispatch(&mut a, Msg::char('a'));
    assert_eq!(a.update(Msg::char('d')), None, "no demo before the reveal");
    let started = a.update(Msg::char(' '));
    let Some(Cmd::StartDemo(req)) = started else {
        panic!("expected a demo to start, got {started:?}")
    };
    assert_eq!(
        (req.demo.name(), req.workers, req.seconds, req.python),
        ("cpu-bound", Some(2), Some(3), false)
    );
    assert!(a.demo_running());
    assert!(matches!(a.update(Msg::char('d')), Some(Cmd::StartDemo(_))));
    // Esc stops the demo but stays on the card.
    assert_eq!(a.update(Msg::key(KeyCode::Esc)), Some(Cmd::StopDemo));
    assert_eq!(a.screen(), Screen::Review);
    assert!(a.demo().is_none());
    // Restart it, then grade: saving moves to the next card and stops the demo.
    assert!(matches!(a.update(Msg::char('d')), Some(Cmd::StartDemo(_))));
    let graded = a.update(Msg::char('5'));
    let Some(Cmd::Batch(cmds)) = graded else {
        panic!("grading should stop the demo and append a line: {graded:?}")
    };
    assert!(
        matches!(cmds.as_slice(), [Cmd::StopDemo, Cmd::Append(_)]),
        "{cmds:?}"
    );
    assert!(a.demo().is_none());
    assert_eq!(a.update(Msg::Saved), None);
    // The next card has no demo: revealing it starts nothing.
    assert_eq!(a.update(Msg::char(' ')), None);
}
