//! The find screens (`/`) on ratatui's `TestBackend`: the list narrowed by
//! typing, moving and opening a card with its state, Esc back to the list
//! and then to the screen `/` was pressed on (a review session waits on its
//! card).

use concur::data_dir::DataDir;
use concur::deck::Deck;
use concur::sched::Grade;
use concur::store::{Kind, LogEntry, Replay};
use concur::tui::{App, Msg, Screen, dispatch};
use ratatui::crossterm::event::KeyCode;

use crate::common::app::{at, card, deck, draw};

fn decks() -> Vec<Deck> {
    let mut gil = card(
        "gil",
        "In CPython, how many threads can run Python bytecode at once?",
        "One: the GIL must be held to run bytecode.",
        Some("Free-threaded builds have no GIL."),
    );
    gil.tags = vec!["gil".into()];
    gil.line = 7;
    vec![
        deck(
            "threads",
            "Threads and processes",
            vec![
                gil,
                card(
                    "spawn",
                    "Which start method does multiprocessing use on Linux?",
                    "fork, before 3.14.",
                    None,
                ),
            ],
        ),
        deck(
            "async",
            "Coroutines",
            vec![
                card(
                    "await",
                    "What does await do?",
                    "Suspends the coroutine.",
                    None,
                ),
                card(
                    "loop",
                    "What runs coroutines?",
                    "An event loop, which holds the GIL.",
                    None,
                ),
            ],
        ),
    ]
}

/// "gil" was reviewed twice (due the 26th).
fn history() -> Vec<LogEntry> {
    let line = |t: &str| LogEntry {
        at: at(t),
        deck: "threads".into(),
        card: "gil".into(),
        grade: Grade::new(5).unwrap(),
        kind: Kind::Review,
        spent_ms: 1000,
        id: None,
        undoes: None,
        undoes_id: None,
    };
    vec![
        line("2026-11-19T09:00:00+01:00"),
        line("2026-11-20T09:00:00+01:00"),
    ]
}

fn app(dir: &tempfile::TempDir) -> App {
    let log = DataDir::new(dir.path()).log();
    crate::common::app::app(decks(), &Replay::from_entries(&history()), &log)
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        dispatch(app, Msg::char(c));
    }
}

#[test]
fn typing_narrows_the_list_best_match_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(&dir);
    typed(&mut app, "/");
    assert_eq!(app.screen(), Screen::Find);
    assert_eq!(app.find_view().hits().len(), 4, "an empty query lists all");
    // `q` and `?` are text here, not quit or help.
    typed(&mut app, "gil?");
    assert_eq!(app.screen(), Screen::Find);
    assert!(!app.help_open());
    dispatch(&mut app, Msg::key(KeyCode::Backspace));
    assert_eq!(app.find_view().query(), "gil");
    insta::assert_snapshot!("find_list", draw(&app, 80, 16));
    let first = app.found_card().unwrap().2.id.clone();
    assert_eq!(first, "gil", "the front, tag and id match ranks first");
}

#[test]
fn enter_shows_the_card_with_its_state_and_esc_goes_back_step_by_step() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(&dir);
    typed(&mut app, "/gil");
    dispatch(&mut app, Msg::key(KeyCode::Enter));
    assert_eq!(app.screen(), Screen::FindCard);
    insta::assert_snapshot!("find_card", draw(&app, 80, 24));
    dispatch(&mut app, Msg::key(KeyCode::Esc));
    assert_eq!(app.screen(), Screen::Find);
    dispatch(&mut app, Msg::key(KeyCode::Down));
    assert_eq!(app.find_view().selected(), 1);
    dispatch(&mut app, Msg::key(KeyCode::Esc));
    assert_eq!(app.screen(), Screen::Home);
}

#[test]
fn slash_during_a_review_comes_back_to_the_same_card() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(&dir);
    typed(&mut app, "a ");
    assert_eq!(app.screen(), Screen::Review);
    assert!(app.revealed());
    let asked = app.current_card().unwrap().1.id.clone();
    typed(&mut app, "/loop");
    assert_eq!(app.screen(), Screen::Find);
    dispatch(&mut app, Msg::key(KeyCode::Enter));
    assert_eq!(app.found_card().unwrap().2.id, "loop");
    dispatch(&mut app, Msg::key(KeyCode::Esc));
    dispatch(&mut app, Msg::key(KeyCode::Esc));
    assert_eq!(app.screen(), Screen::Review);
    assert_eq!(app.current_card().unwrap().1.id, asked);
    assert!(app.revealed(), "the card is as it was left");
}

#[test]
fn a_query_matching_nothing_says_so_and_enter_does_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(&dir);
    typed(&mut app, "/zzqx");
    assert!(app.find_view().hits().is_empty());
    dispatch(&mut app, Msg::key(KeyCode::Enter));
    assert_eq!(app.screen(), Screen::Find);
    let text = format!("{:?}", draw(&app, 60, 10));
    assert!(text.contains("No card matches."), "{text}");
}

/// The real binary in a pseudo-terminal: `/`, a query, Enter on the best
/// match, Esc twice back home, then quit.
#[test]
fn find_in_a_real_terminal() {
    let data = tempfile::tempdir().unwrap();
    let mut app = crate::common::pty::Running::start(data.path());
    app.wait_for("New cards per day");
    app.press("/");
    app.wait_for("Find:");
    app.press("'parallelism");
    app.wait_for("Enter show");
    app.wait_for("match");
    app.press("\r");
    app.wait_for("Reviews in a row");
    app.wait_for("<bundled>/");
    app.press("\x1b");
    app.wait_for("Find: 'parallelism");
    app.press("\x1b");
    app.wait_for("New cards per day");
    app.press("q");
    assert!(app.wait_exit().success());
}

#[test]
fn a_long_card_scrolls_within_its_lines_and_a_new_search_starts_empty() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(&dir);
    dispatch(&mut app, Msg::Resize(40, 12));
    typed(&mut app, "/'bytecode");
    dispatch(&mut app, Msg::key(KeyCode::Enter));
    for _ in 0..50 {
        typed(&mut app, "j");
    }
    let bottom = app.find_view().scroll();
    assert!(bottom > 0, "the card is longer than 11 rows");
    let text = format!("{:?}", draw(&app, 40, 12));
    assert!(text.contains("Tags: gil"), "the last line shows: {text}");
    assert!(!text.contains("more ↓"), "{text}");
    typed(&mut app, "k");
    assert_eq!(app.find_view().scroll(), bottom - 1);
    dispatch(&mut app, Msg::key(KeyCode::Esc));
    dispatch(&mut app, Msg::key(KeyCode::Esc));
    typed(&mut app, "/");
    assert_eq!(app.find_view().query(), "");
    assert_eq!(app.find_view().hits().len(), 4);
}

/// `@` on a found card suspends it, `@` again takes it back, `-` buries it:
/// each a line in the review log, as on the review screen.
#[test]
fn a_found_card_can_be_suspended_unsuspended_and_buried() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app(&dir);
    typed(&mut app, "/gil");
    dispatch(&mut app, Msg::key(KeyCode::Enter));
    assert_eq!(app.screen(), Screen::FindCard);
    let known = |app: &App| app.study().known(0, 0);
    typed(&mut app, "@");
    assert!(known(&app).suspended);
    assert!(
        format!("{:?}", draw(&app, 80, 24)).contains("suspended"),
        "the status says so"
    );
    // The list shows the status whole too.
    dispatch(&mut app, Msg::key(KeyCode::Esc));
    assert!(format!("{:?}", draw(&app, 80, 16)).contains(" suspended "));
    dispatch(&mut app, Msg::key(KeyCode::Enter));
    typed(&mut app, "@");
    assert!(!known(&app).suspended);
    typed(&mut app, "-");
    assert!(known(&app).buried_until.is_some());
    assert_eq!(app.screen(), Screen::FindCard);
    let log = std::fs::read_to_string(DataDir::new(dir.path()).log()).unwrap();
    let kinds: Vec<&str> = ["suspend", "unsuspend", "bury"]
        .into_iter()
        .filter(|k| log.contains(&format!("\"kind\":\"{k}\"")))
        .collect();
    assert_eq!(kinds, ["suspend", "unsuspend", "bury"], "{log}");
}
