//! The demo pane inside the review screen: it takes the rows its content
//! needs when the window has them (nothing cut while rows stay empty),
//! scrolls with `[` `]` (or Shift-↑ ↓) behind a "more ↓" hint when it has
//! not, and never panics. The demo's events are fed in by hand (a finished
//! `gil` demo with fixed numbers), so nothing runs and nothing changes.

use concur::data_dir::DataDir;
use concur::deck::{Deck, DemoRef};
use concur::demo::{DemoEvent, DemoReport, PlannedRun, RunMode, RunResult, Verdict, VerdictStatus};
use concur::store::Replay;
use concur::tui::{App, Msg};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use crate::common::app::{card, deck, draw};

/// The verdict of a disturbed run, three lines long at 100 columns.
const VERDICT: &str = "Under the GIL the 2 threads took turns (153 hand-overs): 1.08×; without it they ran at once: 1.11× (ideal 2×). Threads reached only 1.11× of 2× while other programs used 1.4 of the 2 cores: re-run when the machine is idle.";

fn verdict() -> Verdict {
    Verdict {
        status: VerdictStatus::Inconclusive,
        summary:
            "inconclusive: threads speedup 1.11×, not ≥ 1.60×; other programs used 1.4 of 2 cores"
                .into(),
        text: VERDICT.into(),
    }
}

fn decks() -> Vec<Deck> {
    let mut c = card(
        "concurrency-vs-parallelism",
        "What is the difference between concurrency and parallelism?",
        "Concurrency is dealing with many things at once: tasks are interleaved so that all of them make progress, which hides waiting time (latency) and works even on one core. Parallelism is doing many things at the same instant on several cores, to finish work faster.",
        Some(
            "Concurrency is about structure (several tasks in flight), parallelism about execution (several tasks running simultaneously). A single core can be concurrent but never parallel. In the demo, GIL threads take turns (concurrent), while plain threads run at the same time (parallel).",
        ),
    );
    c.demo = Some(DemoRef {
        id: concur::demo::DemoId::Gil,
        workers: None,
        seconds: None,
    });
    vec![deck(
        "mt-vs-mp",
        "Multithreading vs Multiprocessing",
        vec![c],
    )]
}

fn result(mode: RunMode, workers: usize, wall_ms: f64, speedup: f64, cpu: f64) -> RunResult {
    RunResult {
        mode,
        workers,
        wall_ms,
        speedup: Some(speedup),
        pids: vec![4242],
        cpu_per_wall: Some(cpu),
        ideal: Some(workers as f64),
        ..RunResult::new(mode, workers, wall_ms)
    }
}

/// A finished `gil` demo: GIL threads taking 5 ms turns, plain threads
/// computing side by side.
fn gil_events() -> Vec<DemoEvent> {
    let planned = |mode, workers| PlannedRun {
        mode,
        workers,
        ideal: Some(workers as f64),
    };
    let mut ev = vec![
        DemoEvent::Started {
            demo: concur::demo::DemoId::Gil,
            cores: 2,
            plan: vec![
                planned(RunMode::Sequential, 1),
                planned(RunMode::GilThreads, 2),
                planned(RunMode::Threads, 2),
            ],
        },
        DemoEvent::RunStarted { run: 0 },
        DemoEvent::RunFinished {
            run: 0,
            result: result(RunMode::Sequential, 1, 950.0, 1.0, 1.0),
        },
        DemoEvent::RunStarted { run: 1 },
    ];
    for k in 0..176 {
        let t = f64::from(k) * 5.0;
        ev.push(DemoEvent::Slice {
            run: 1,
            worker: (k % 2) as usize,
            start_ms: t,
            end_ms: t + 5.0,
        });
    }
    ev.push(DemoEvent::RunFinished {
        run: 1,
        result: result(RunMode::GilThreads, 2, 880.0, 1.08, 0.99),
    });
    ev.push(DemoEvent::RunStarted { run: 2 });
    for worker in 0..2 {
        ev.push(DemoEvent::Slice {
            run: 2,
            worker,
            start_ms: 0.0,
            end_ms: 850.0,
        });
    }
    ev.push(DemoEvent::RunFinished {
        run: 2,
        result: result(RunMode::Threads, 2, 855.0, 1.11, 1.21),
    });
    ev.push(DemoEvent::Verdict(verdict()));
    ev.push(DemoEvent::Finished(DemoReport {
        demo: concur::demo::DemoId::Gil,
        cores: 2,
        runs: vec![],
        verdict: verdict(),
        busy_cores: Some(1.4),
        claim: vec![],
        python: None,
        free_threaded: None,
        native: None,
    }));
    ev
}

/// The card revealed in a `w`×`h` window with the finished demo below it.
/// Keys go through `update`, so the demo the reveal asks for never runs.
fn revealed(w: u16, h: u16) -> App {
    let dir = tempfile::tempdir().unwrap();
    let mut app =
        crate::common::app::app(decks(), &Replay::default(), &DataDir::new(dir.path()).log());
    app.update(Msg::Resize(w, h));
    app.update(Msg::char('a'));
    app.update(Msg::char(' '));
    assert!(app.revealed() && app.demo().is_some());
    for ev in gil_events() {
        app.update(Msg::Demo(Box::new(ev)));
    }
    app
}

fn screen(app: &App) -> String {
    let (w, h) = app.size();
    let backend = draw(app, w, h);
    let buf = backend.buffer();
    (0..h)
        .map(|y| (0..w).map(|x| buf[(x, y)].symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

fn shift(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::SHIFT))
}

#[test]
fn pane_fits_its_content_at_100x31_and_100x45() {
    // (31 rows: the summary under the header took one more than before.)
    for (h, name) in [(31, "demo_pane_gil_100x31"), (45, "demo_pane_gil_100x45")] {
        let app = revealed(100, h);
        let s = screen(&app);
        // Both timelines with both workers, the processes, the whole verdict.
        assert_eq!(s.matches("│w1 ").count(), 2, "{s}");
        assert!(s.contains("threads: 1.21 cores, pid 4242"), "{s}");
        assert!(s.contains("when the machine is idle."), "{s}");
        assert!(!s.contains("more ↓"), "{s}");
        // No empty row inside the pane.
        assert!(!s.contains(&format!("│{}│", " ".repeat(96))), "{s}");
        insta::assert_snapshot!(name, draw(&app, 100, h));
    }
}

#[test]
fn a_small_window_scrolls_the_pane_with_a_hint() {
    let mut app = revealed(60, 16);
    let s = screen(&app);
    assert!(s.contains("more ↓ ]"), "{s}");
    insta::assert_snapshot!("demo_pane_gil_60x16", draw(&app, 60, 16));

    // `]` and Shift-↓ scroll the pane down, `[` and Shift-↑ back up; the
    // card's own scroll is left alone.
    let card_scroll = app.scroll();
    app.update(Msg::char(']'));
    assert_eq!(app.demo_scroll(), 1);
    app.update(shift(KeyCode::Down));
    assert_eq!(app.demo_scroll(), 2);
    app.update(shift(KeyCode::Up));
    app.update(Msg::char('['));
    assert_eq!(app.demo_scroll(), 0);
    assert_eq!(app.scroll(), card_scroll);
    // `j` still scrolls the card, not the pane.
    app.update(Msg::char('j'));
    assert_eq!((app.scroll(), app.demo_scroll()), (card_scroll + 1, 0));

    // To the end: the verdict's last words show, and the hint says ↑ only.
    for _ in 0..100 {
        app.update(Msg::char(']'));
    }
    let s = screen(&app);
    assert!(s.contains("machine is idle."), "{s}");
    assert!(s.contains("↑ ["), "{s}");
    assert!(!s.contains("more ↓"), "{s}");
    let end = app.demo_scroll();
    assert!(end > 2, "scrolled only {end} rows");

    // A taller window needs less scrolling: the offset is clamped to it.
    app.update(Msg::Resize(60, 20));
    assert!(app.demo_scroll() < end, "{} >= {end}", app.demo_scroll());
    // And the next demo starts at the top.
    app.update(Msg::char('d'));
    assert_eq!(app.demo_scroll(), 0);
}

#[test]
fn no_size_or_scroll_panics_with_a_demo() {
    let mut app = revealed(100, 30);
    for w in [0, 1, 12, 39, 40, 41, 60, 100, 250] {
        for h in [0, 1, 5, 11, 12, 13, 14, 16, 17, 20, 30, 45, 200] {
            app.update(Msg::Resize(w, h));
            for msg in [Msg::char(']'), Msg::key(KeyCode::End), shift(KeyCode::Down)] {
                app.update(msg);
                let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
                (&app).render(buf.area, &mut buf);
            }
        }
    }
}

/// At 80×24 the pane cannot show everything, but the finished demo's status
/// and one-line summary come right under its header, before the runs, so
/// they show without scrolling; the long text waits below for `]`. (Before,
/// the verdict came last and all of it was hidden: "11 more ↓".)
#[test]
fn at_80x24_the_status_and_summary_show_without_scrolling() {
    let mut app = revealed(80, 24);
    let s = screen(&app);
    assert!(
        s.contains("│inconclusive: threads speedup 1.11×, not ≥ 1.60×;"),
        "{s}"
    );
    assert!(s.contains("other programs used 1.4 of"), "{s}");
    assert!(s.contains("more ↓ ]"), "{s}");
    assert!(!s.contains("machine is idle."), "{s}");
    insta::assert_snapshot!("demo_pane_gil_80x24", draw(&app, 80, 24));
    for _ in 0..100 {
        app.update(Msg::char(']'));
    }
    assert!(screen(&app).contains("machine is idle."));
}
