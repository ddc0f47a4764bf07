//! Time to the first frame: load the bundled decks (and the empty
//! `$DATA/decks`), replay an empty review log, build the app and render the
//! home screen on an 80x24 `TestBackend`. The same load path as `concur`.
//! Target: under 50 ms. Reported, never asserted.
//!
//! With the data `cargo bench --bench load` generates (100 decks x 1,000
//! cards, a 1,000,000-line log), it also times the first frame on that,
//! warm (caches valid), to compare with `concur due --json` on the same data.
//!
//! On that data it also measures the resident peak (`VmHWM`) of a fresh
//! process that loads the app and draws its home screen, lean (`concur`:
//! the decks' ids, the text left for later) and whole (every card's text,
//! as `concur quiz` and the review screen before the lean start).
//!
//! Run with `cargo bench --bench first_frame`.
#![allow(clippy::unwrap_used)]

use std::time::{Duration, Instant};

use concur::clock::Clock;
use concur::env::Env;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const RUNS: usize = 200;

fn first_frame(env: &Env) -> Duration {
    first_frame_with(env, concur::tui::load)
}

/// [`first_frame`] with the app `load` builds.
fn first_frame_with(env: &Env, load: fn(&Env) -> anyhow::Result<concur::tui::App>) -> Duration {
    let start = Instant::now();
    let app = load(env).unwrap();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| f.render_widget(&app, f.area())).unwrap();
    let took = start.elapsed();
    std::hint::black_box(terminal.backend().buffer().content.len());
    took
}

/// A key press to the frame that shows it: reveal a card and draw it.
/// The runtime lives on, as in the app: a demo the key starts runs on its
/// own threads (and is stopped after the timing).
fn key_to_frame(env: &Env) -> Duration {
    use concur::tui::{Msg, Runtime, dispatch_in};
    // Whole decks: this runtime loads no text in the background.
    let mut app = concur::tui::load_whole(env).unwrap();
    let mut rt = Runtime::default();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    dispatch_in(&mut rt, &mut app, Msg::char('a'));
    terminal.draw(|f| f.render_widget(&app, f.area())).unwrap();
    let start = Instant::now();
    dispatch_in(&mut rt, &mut app, Msg::char(' '));
    terminal.draw(|f| f.render_widget(&app, f.area())).unwrap();
    let took = start.elapsed();
    // Leaving the card stops its demo: that too must not wait.
    let start = Instant::now();
    dispatch_in(&mut rt, &mut app, Msg::char('q'));
    let stop = start.elapsed();
    STOPS.with(|s| s.borrow_mut().push(stop));
    took
}

thread_local! {
    /// How long leaving a card with a running demo took, per run.
    static STOPS: std::cell::RefCell<Vec<Duration>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The variable that makes this bench a child measuring one peak: `lean`
/// or `whole`, with the data folder in [`PEAK_DATA`].
const PEAK: &str = "CONCUR_BENCH_PEAK";
/// The data folder of a [`PEAK`] child.
const PEAK_DATA: &str = "CONCUR_BENCH_PEAK_DATA";

fn main() {
    if let Some(kind) = std::env::var_os(PEAK) {
        peak_child(&kind.to_string_lossy());
        return;
    }
    let data = tempfile::tempdir().unwrap();
    let env = Env {
        data: concur::data_dir::DataDir::new(data.path()),
        deck_paths: Vec::new(),
        clock: Clock::system(None),
        settings: concur::config::Settings::default(),
    };
    // One warm-up run (page cache, allocator).
    first_frame(&env);
    let mut times: Vec<Duration> = (0..RUNS).map(|_| first_frame(&env)).collect();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "first frame (bundled decks + empty log -> home on 80x24): median {:.2} ms, min {:.2} ms, p90 {:.2} ms, max {:.2} ms over {RUNS} runs (target < 50 ms)",
        ms(times[RUNS / 2]),
        ms(times[0]),
        ms(times[RUNS * 9 / 10]),
        ms(times[RUNS - 1]),
    );
    big_first_frame();
    let mut keys: Vec<Duration> = (0..RUNS).map(|_| key_to_frame(&env)).collect();
    keys.sort();
    println!(
        "key to frame (Space reveals a card, redraw 80x24): median {:.3} ms, p90 {:.3} ms over {RUNS} runs",
        ms(keys[RUNS / 2]),
        ms(keys[RUNS * 9 / 10]),
    );
    let mut stops = STOPS.with(|s| s.take());
    stops.sort();
    if let (Some(mid), Some(p90)) = (stops.get(stops.len() / 2), stops.get(stops.len() * 9 / 10)) {
        println!(
            "leaving a card while its demo runs (q, the demo stopped): median {:.3} ms, p90 {:.3} ms over {} runs",
            ms(*mid),
            ms(*p90),
            stops.len()
        );
    }
}

/// The first frame on the load benchmark's data, if it was generated.
fn big_first_frame() {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    for name in ["load", "load-random"] {
        let data = root.join(name);
        if !data.join("complete").exists() {
            println!("({name}: no data; run `cargo bench --bench load` first)");
            continue;
        }
        let env = Env {
            data: concur::data_dir::DataDir::new(&data),
            deck_paths: Vec::new(),
            clock: Clock::system(chrono::NaiveDate::from_ymd_opt(2026, 11, 25)),
            settings: concur::config::Settings::default(),
        };
        // Sets the caches up (the first run after generating them).
        first_frame(&env);
        let mut times: Vec<Duration> = (0..5).map(|_| first_frame(&env)).collect();
        times.sort();
        let mut whole: Vec<Duration> = (0..5)
            .map(|_| first_frame_with(&env, concur::tui::load_whole))
            .collect();
        whole.sort();
        println!(
            "first frame on 100 decks x 1,000 cards, 1,000,000-line log ({name}), caches warm: median {:.1} ms lean, {:.1} ms whole (every card's text) over 5 runs",
            times[2].as_secs_f64() * 1000.0,
            whole[2].as_secs_f64() * 1000.0,
        );
        let peak = |kind: &str| {
            let out = std::process::Command::new(std::env::current_exe().unwrap())
                .env(PEAK, kind)
                .env(PEAK_DATA, &data)
                .output()
                .unwrap();
            String::from_utf8_lossy(&out.stdout).trim().to_string()
        };
        println!(
            "resident peak at the home screen ({name}, a fresh process: load, draw 80x24): lean {}, whole {}",
            peak("lean"),
            peak("whole")
        );
    }
}

/// A [`PEAK`] child: loads the app (`kind`: lean or whole), draws its home
/// screen, and prints its resident peak (`VmHWM` in `/proc/self/status`).
fn peak_child(kind: &str) {
    let env = Env {
        data: concur::data_dir::DataDir::new(std::env::var_os(PEAK_DATA).unwrap()),
        deck_paths: Vec::new(),
        clock: Clock::system(chrono::NaiveDate::from_ymd_opt(2026, 11, 25)),
        settings: concur::config::Settings::default(),
    };
    let load = if kind == "whole" {
        concur::tui::load_whole
    } else {
        concur::tui::load
    };
    first_frame_with(&env, load);
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let hwm = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok());
    match hwm {
        Some(kb) => println!("{:.1} MiB", kb / 1024.0),
        None => println!("unknown (no /proc/self/status)"),
    }
}
