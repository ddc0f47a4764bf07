//! The stats screen: `s` on the home screen shows "computing…" and asks
//! for the figures off the UI thread; they arrive as a message and are
//! drawn. Snapshots at 80×24 and 120×40 of a fixed log on a frozen clock;
//! every size draws without a panic and never cuts a label; a leech is
//! marked on the review screen.

use std::path::Path;

use concur::deck::Deck;
use concur::sched::Grade;
use concur::store::{Kind, LogEntry, Replay};
use concur::tui::{App, Cmd, Msg, Screen, dispatch, stats_for};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use crate::common::app::{app, at, card, deck, draw};

fn decks() -> Vec<Deck> {
    vec![
        deck(
            "threads",
            "Threads and processes",
            vec![
                card(
                    "gil",
                    "How many threads run Python bytecode at once under the GIL?",
                    "One.",
                    None,
                ),
                card("spawn", "Default start method on Linux?", "fork", None),
                card("pool", "What does Pool.map return?", "A list.", None),
                card("new", "A card never studied", "-", None),
            ],
        ),
        deck(
            "async",
            "Coroutines",
            vec![
                card("await", "What does await do?", "Suspends.", None),
                card("loop", "What runs coroutines?", "An event loop.", None),
                card("q1", "Q1", "-", None),
                card("q2", "Q2", "-", None),
                card("q3", "Q3", "-", None),
                card("q4", "Q4", "-", None),
                card("q5", "Q5", "-", None),
                card("q6", "Q6", "-", None),
                card("q7", "Q7", "-", None),
                card("q8", "Q8", "-", None),
            ],
        ),
    ]
}

fn line(
    day: chrono::NaiveDate,
    minute: u32,
    deck: &str,
    card: &str,
    q: u8,
    kind: Kind,
) -> LogEntry {
    LogEntry {
        at: at(&format!("{day}T09:{minute:02}:00+01:00")),
        deck: deck.into(),
        card: card.into(),
        grade: Grade::new(q).unwrap(),
        kind,
        spent_ms: 6_000,
        id: None,
        undoes: None,
        undoes_id: None,
    }
}

/// Months of fixed history up to today (2026-11-25): "gil" lapses every
/// other day for three weeks (a leech), "await" is learned and grows
/// mature, the others are studied on some days, with drills and a quiz.
fn history() -> Vec<LogEntry> {
    let start: chrono::NaiveDate = "2026-06-01".parse().unwrap();
    let mut out = Vec::new();
    let mut d = start;
    let mut i = 0u32;
    while d <= "2026-11-25".parse().unwrap() {
        if i % 3 != 2 {
            out.push(line(
                d,
                1,
                "threads",
                "spawn",
                [5, 4, 3, 4][(i % 4) as usize],
                Kind::Review,
            ));
        }
        if i.is_multiple_of(5) {
            out.push(line(
                d,
                2,
                "threads",
                "pool",
                [4, 2, 5][(i % 3) as usize],
                Kind::Review,
            ));
            out.push(line(d, 3, "threads", "pool", 4, Kind::Drill));
        }
        if i.is_multiple_of(7) {
            out.push(line(d, 4, "async", "await", 5, Kind::Review));
        }
        if (140..170).contains(&i) {
            out.push(line(
                d,
                5,
                "threads",
                "gil",
                if i.is_multiple_of(2) { 4 } else { 1 },
                Kind::Review,
            ));
        }
        if i.is_multiple_of(11) {
            out.push(line(d, 6, "async", "loop", 3, Kind::Cram));
        }
        d = d.succ_opt().unwrap();
        i += 1;
    }
    // q1..q8 learned in the last week: each due 6 days after its second
    // review, so the forecast has bars.
    for k in 1..=8u64 {
        let first: chrono::NaiveDate = "2026-11-16".parse().unwrap();
        let first = first + chrono::Days::new(k);
        let card = format!("q{k}");
        out.push(line(first, 7, "async", &card, 4, Kind::Review));
        if k % 3 != 0 {
            out.push(line(
                first.succ_opt().unwrap(),
                7,
                "async",
                &card,
                5,
                Kind::Review,
            ));
        }
    }
    out
}

fn write_log(dir: &Path) -> std::path::PathBuf {
    let p = dir.join("reviews.jsonl");
    let text: String = history().iter().map(|e| e.to_json_line() + "\n").collect();
    std::fs::write(&p, text).unwrap();
    p
}

/// The app on the stats screen with its figures computed.
fn stats_app(dir: &Path) -> App {
    let log = write_log(dir);
    let mut a = app(decks(), &Replay::from_entries(&history()), &log);
    let Some(Cmd::ComputeStats(req)) = a.update(Msg::char('s')) else {
        panic!("s asks for the stats");
    };
    assert_eq!(a.screen(), Screen::Stats);
    for msg in stats_for(&crate::common::app::data_of(&log), &req) {
        dispatch(&mut a, msg);
    }
    a
}

#[test]
fn s_shows_computing_then_the_figures() {
    let dir = tempfile::tempdir().unwrap();
    let log = write_log(dir.path());
    let mut a = app(decks(), &Replay::from_entries(&history()), &log);
    let Some(Cmd::ComputeStats(req)) = a.update(Msg::char('s')) else {
        panic!("s asks for the stats");
    };
    assert!(draw(&a, 80, 24).to_string().contains("computing…"));
    // A stale result (an older request's) is dropped.
    let mut old = stats_for(&crate::common::app::data_of(&log), &req);
    if let Some(Msg::StatsComputed { generation, .. }) = old.last_mut() {
        *generation -= 1;
    }
    for m in old {
        dispatch(&mut a, m);
    }
    assert!(draw(&a, 80, 24).to_string().contains("computing…"));
    for m in stats_for(&crate::common::app::data_of(&log), &req) {
        dispatch(&mut a, m);
    }
    let s = draw(&a, 80, 24).to_string();
    assert!(!s.contains("computing…"), "{s}");
    assert!(s.contains("Retention"), "{s}");
    // q goes back home; the leeches are known to the app now.
    dispatch(&mut a, Msg::char('q'));
    assert_eq!(a.screen(), Screen::Home);
    assert_eq!(a.leech_lapses("threads", "gil"), Some(15));
}

#[test]
fn stats_80x24() {
    let dir = tempfile::tempdir().unwrap();
    let a = stats_app(dir.path());
    insta::assert_snapshot!("stats_80x24", draw(&a, 80, 24));
}

#[test]
fn stats_120x40() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = stats_app(dir.path());
    dispatch(&mut a, Msg::Resize(120, 40));
    insta::assert_snapshot!("stats_120x40", draw(&a, 120, 40));
}

/// Every text the screen can show at full width, to check that what a
/// small window shows is one of them, whole.
fn rows(buf: &Buffer) -> Vec<String> {
    let a = buf.area;
    (a.y..a.bottom())
        .map(|y| (a.x..a.right()).map(|x| buf[(x, y)].symbol()).collect())
        .collect()
}

#[test]
fn every_size_draws_without_a_panic_and_says_what_it_leaves_out() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = stats_app(dir.path());
    for w in (0..=130)
        .step_by(3)
        .chain([39, 40, 41, 71, 72, 79, 80, 81, 109, 110])
    {
        for h in (0..=45).step_by(2).chain([11, 12, 13, 21, 23, 24, 25]) {
            dispatch(&mut a, Msg::Resize(w, h));
            let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
            (&a).render(buf.area, &mut buf);
            let text = rows(&buf).join("\n");
            if w >= 40 && h >= 12 {
                // Panels left out are named, never silently dropped.
                let all = ["Reviews", "Due", "Retention", "Cards", "Time", "Hardest"];
                let missing = all.iter().filter(|p| !text.contains(*p)).count();
                assert!(
                    missing == 0
                        || text.contains("not shown")
                        || text.contains("Not shown")
                        || text.contains("larger window"),
                    "{w}x{h}: panels missing without a note:\n{text}"
                );
            }
            // Labels are whole words: no title is cut mid-word.
            for cut in ["Retentio ", "Hardes ", "Forecas", "computin "] {
                assert!(!text.contains(cut), "{w}x{h}: cut label {cut:?}:\n{text}");
            }
        }
    }
}

#[test]
fn eighty_by_twenty_four_shows_every_panel() {
    let dir = tempfile::tempdir().unwrap();
    let a = stats_app(dir.path());
    let s = draw(&a, 80, 24).to_string();
    for p in ["Reviews", "Due", "Retention", "Cards", "Time", "Hardest"] {
        assert!(s.contains(p), "{p} missing at 80x24:\n{s}");
    }
    assert!(!s.contains("ot shown"), "{s}");
}

#[test]
fn a_leech_is_marked_on_the_review_screen() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("reviews.jsonl");
    let mut a = app(decks(), &Replay::default(), &log);
    dispatch(
        &mut a,
        Msg::Leeches(vec![("threads".into(), "gil".into(), 9)]),
    );
    dispatch(&mut a, Msg::key(KeyCode::Enter));
    assert_eq!(a.screen(), Screen::Review);
    let s = draw(&a, 80, 24).to_string();
    assert!(
        s.contains("leech: consider rewriting this card (9 lapses)"),
        "{s}"
    );
    // The next card is not a leech.
    dispatch(&mut a, Msg::char(' '));
    dispatch(&mut a, Msg::char('5'));
    let s = draw(&a, 80, 24).to_string();
    assert!(!s.contains("leech"), "{s}");
}

#[test]
fn s_again_while_computing_waits_and_r_computes_again() {
    let dir = tempfile::tempdir().unwrap();
    let log = write_log(dir.path());
    let mut a = app(decks(), &Replay::from_entries(&history()), &log);
    let Some(Cmd::ComputeStats(first)) = a.update(Msg::char('s')) else {
        panic!("s asks for the stats");
    };
    // Back home and s again before the figures came: no second read.
    a.update(Msg::char('q'));
    assert_eq!(a.update(Msg::char('s')), None);
    assert_eq!(a.screen(), Screen::Stats);
    for m in stats_for(&crate::common::app::data_of(&log), &first) {
        dispatch(&mut a, m);
    }
    assert!(!draw(&a, 80, 24).to_string().contains("computing…"));
    // r asks again, with a newer generation, and shows "computing…".
    let Some(Cmd::ComputeStats(again)) = a.update(Msg::char('r')) else {
        panic!("r asks for the stats again");
    };
    assert_eq!(again.generation, first.generation + 1);
    assert!(draw(&a, 80, 24).to_string().contains("computing…"));
    // Help lists the screen's keys.
    dispatch(&mut a, Msg::char('?'));
    assert!(
        draw(&a, 80, 24)
            .to_string()
            .contains("compute the figures again")
    );
}
