//! Start-up benchmark (issues #2 and #11): 100 deck files of 1,000 cards
//! each and a log of 1,000,000 reviews, then `concur due --json` on them.
//!
//! Run: `cargo bench --bench load`. Two logs: in time order, as the app
//! writes them, and in random card order with identical timestamps per day
//! (where replay was slowest). Four situations each:
//!
//! - warm: caches valid, one new log line since the snapshot;
//! - warm, no snapshot: deck caches valid, `cache/replay.bin` deleted (the
//!   first start after an upgrade or a git merge);
//! - cold, snapshot present: deck caches deleted;
//! - cold: `cache/` deleted.
//!
//! Each prints the median wall time of 5 runs (after one run that sets the
//! situation up) and the peak resident memory of the slowest-memory run
//! (`/usr/bin/time -f %M`, if present), and each log its cold time over its
//! warm time (the issue #25 target: at most 4). With
//! `CONCUR_BENCH_OLD=/path/to/an older/concur` the same runs are made with
//! that binary, on a copy of the data (its own cache), alternating with
//! the runs of the binary under test one by one, so that a machine whose
//! speed drifts slows both alike; `CONCUR_BENCH_RUNS` sets the number of
//! runs. The data is generated once into `target/bench-data/`.
//! `CONCUR_BENCH_NEW` replaces the binary under test. Nothing is asserted.
#![allow(clippy::unwrap_used)]

use std::fmt::Write as _;
use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use rand::SeedableRng;
use rand::seq::SliceRandom;

const DECKS: usize = 100;
const CARDS: usize = 1_000;
const REVIEWS: usize = 1_000_000;
pub const RUNS: usize = 5;

pub fn generate(dir: &Path, shuffled: bool) {
    generate_n(dir, shuffled, REVIEWS);
}

/// [`generate`] with `reviews` log lines (a multiple of the cards, spread
/// over the same 600 days whatever their number).
pub fn generate_n(dir: &Path, shuffled: bool, reviews: usize) {
    let marker = dir.join("complete");
    if marker.exists() {
        return;
    }
    let decks = dir.join("decks");
    fs::create_dir_all(&decks).unwrap();
    for d in 0..DECKS {
        let mut s = String::with_capacity(CARDS * 200);
        writeln!(
            s,
            "[deck]\nid = \"deck-{d:03}\"\nname = \"Generated deck {d}\"\ntags = [\"bench\"]\n"
        )
        .unwrap();
        for c in 0..CARDS {
            writeln!(
                s,
                "[[cards]]\nid = \"card-{c:04}\"\nfront = \"Question {c} of deck {d}: what does this generated card ask?\"\nback = \"Answer {c}: a reasonably sized answer text of about one line, with `code`.\"\ntags = [\"t{}\"]\n",
                c % 7
            )
            .unwrap();
        }
        fs::write(decks.join(format!("deck-{d:03}.toml")), s).unwrap();
    }
    // 10 reviews for each of the 100,000 cards.
    let log = fs::File::create(dir.join("reviews.jsonl")).unwrap();
    let mut w = BufWriter::new(log);
    let start = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    let per_card = reviews / (DECKS * CARDS);
    let step = 600 / per_card.max(1);
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(11);
    let mut order: Vec<(usize, usize)> = (0..DECKS)
        .flat_map(|d| (0..CARDS).map(move |c| (d, c)))
        .collect();
    for round in 0..per_card {
        if shuffled {
            order.shuffle(&mut rng);
        }
        for &(d, c) in &order {
            let grade = [5, 4, 3, 5, 2, 4][(c + round) % 6];
            let (day, time) = if shuffled {
                // One day per round, every line at the same instant.
                (
                    start + chrono::Days::new((round * step) as u64),
                    "09:00:00".to_string(),
                )
            } else {
                (
                    start + chrono::Days::new((round * step + (c % 50)) as u64),
                    format!("09:{:02}:{:02}", (c / 60) % 60, c % 60),
                )
            };
            writeln!(
                w,
                "{{\"at\":\"{day}T{time}.000+01:00\",\"deck\":\"deck-{d:03}\",\"card\":\"card-{c:04}\",\"grade\":{grade},\"kind\":\"review\",\"ms\":4200}}"
            )
            .unwrap();
        }
    }
    w.flush().unwrap();
    fs::write(marker, "").unwrap();
}

/// `exe --data-dir data --today 2026-11-25 ARGS...`, under `/usr/bin/time`
/// where present: (seconds, peak RSS in KiB if measured, stdout if kept).
pub fn run_concur(
    exe: &Path,
    data: &Path,
    args: &[&str],
    keep_stdout: bool,
) -> (f64, Option<u64>, Vec<u8>) {
    let time = Path::new("/usr/bin/time");
    let mut cmd = if time.exists() {
        let mut c = Command::new(time);
        c.args(["-f", "%M"]).arg(exe);
        c
    } else {
        Command::new(exe)
    };
    cmd.arg("--data-dir")
        .arg(data)
        .args(["--today", "2026-11-25"])
        .args(args)
        .stdout(if keep_stdout {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stderr(Stdio::piped());
    let t = Instant::now();
    let out = cmd.output().unwrap();
    let secs = t.elapsed().as_secs_f64();
    assert!(out.status.success(), "{out:?}");
    let rss = String::from_utf8_lossy(&out.stderr)
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok());
    (secs, rss, out.stdout)
}

#[derive(Clone, Copy)]
pub enum Situation {
    Warm,
    WarmNoSnapshot,
    ColdWithSnapshot,
    Cold,
}

impl Situation {
    fn name(self) -> &'static str {
        match self {
            Situation::Warm => "warm (caches valid, 1 new line since the snapshot)",
            Situation::WarmNoSnapshot => "warm, no snapshot (deck caches valid)",
            Situation::ColdWithSnapshot => "cold, snapshot present (no deck cache)",
            Situation::Cold => "cold (no cache at all)",
        }
    }

    /// Sets the situation up before one timed run.
    pub fn before_run(self, data: &Path) {
        let cache = data.join("cache");
        match self {
            Situation::Warm => {
                let mut f = fs::OpenOptions::new()
                    .append(true)
                    .open(data.join("reviews.jsonl"))
                    .unwrap();
                writeln!(
                    f,
                    "{{\"at\":\"2026-11-24T10:00:00.000+01:00\",\"deck\":\"deck-000\",\"card\":\"card-0000\",\"grade\":4,\"kind\":\"cram\",\"ms\":1}}"
                )
                .unwrap();
            }
            Situation::WarmNoSnapshot => {
                let _ = fs::remove_file(cache.join("replay.bin"));
            }
            Situation::ColdWithSnapshot => {
                let _ = fs::remove_dir_all(cache.join("decks"));
                let _ = fs::remove_file(cache.join("deck-ids.bin"));
            }
            Situation::Cold => {
                let _ = fs::remove_dir_all(&cache);
            }
        }
    }
}

/// Median seconds and peak RSS (MiB) of `RUNS` runs of `concur ARGS` in
/// `situation`, starting from no cache and one untimed run; and the last
/// run's standard output if `keep_stdout`.
pub fn measure(
    exe: &Path,
    data: &Path,
    situation: Situation,
    args: &[&str],
    keep_stdout: bool,
) -> (f64, f64, Vec<u8>) {
    measure_runs(exe, data, situation, args, keep_stdout, RUNS)
}

/// [`measure`] with `runs` runs.
fn measure_runs(
    exe: &Path,
    data: &Path,
    situation: Situation,
    args: &[&str],
    keep_stdout: bool,
    runs: usize,
) -> (f64, f64, Vec<u8>) {
    let _ = fs::remove_dir_all(data.join("cache"));
    run_concur(exe, data, args, false);
    let mut times = Vec::new();
    let mut rss = 0;
    let mut out = Vec::new();
    for _ in 0..runs {
        situation.before_run(data);
        let (t, r, o) = run_concur(exe, data, args, keep_stdout);
        times.push(t);
        rss = rss.max(r.unwrap_or(0));
        out = o;
    }
    (median(times), rss as f64 / 1024.0, out)
}

/// The median of `times` (the upper one of an even count).
pub fn median(mut times: Vec<f64>) -> f64 {
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

/// The time-ordered data set in `target/bench-data/load`, generated first
/// if it is not there (for the benches that reuse it).
pub fn time_ordered_data() -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data/load");
    let t = Instant::now();
    generate(&root, false);
    eprintln!(
        "data ready in {:.1} s ({})",
        t.elapsed().as_secs_f64(),
        root.display()
    );
    root
}

/// The binary under test (`CONCUR_BENCH_NEW`, a copy, since a shared
/// target folder may hold another branch's build by the time the runs
/// start; else this build's) and the one to compare with
/// (`CONCUR_BENCH_OLD`).
pub fn binaries() -> (PathBuf, Option<PathBuf>) {
    let new = std::env::var_os("CONCUR_BENCH_NEW").map_or_else(
        || PathBuf::from(env!("CARGO_BIN_EXE_concur")),
        PathBuf::from,
    );
    (new, std::env::var_os("CONCUR_BENCH_OLD").map(PathBuf::from))
}

/// The load average's three figures, as `/proc/loadavg` gives them.
pub fn load_average() -> String {
    let load = fs::read_to_string("/proc/loadavg").unwrap_or_default();
    load.split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

/// [`measure`] of two binaries, each on its own copy of the data, their
/// runs alternating: the median seconds and peak RSS (MiB) of each.
fn measure_pair(
    (new, new_data): (&Path, &Path),
    (old, old_data): (&Path, &Path),
    situation: Situation,
    args: &[&str],
    runs: usize,
) -> ((f64, f64), (f64, f64)) {
    let mut times = [Vec::new(), Vec::new()];
    let mut rss = [0, 0];
    let pair = [(new, new_data), (old, old_data)];
    for (exe, data) in pair {
        let _ = fs::remove_dir_all(data.join("cache"));
        run_concur(exe, data, args, false);
    }
    for _ in 0..runs {
        for (k, (exe, data)) in pair.into_iter().enumerate() {
            situation.before_run(data);
            let (t, r, _) = run_concur(exe, data, args, false);
            times[k].push(t);
            rss[k] = rss[k].max(r.unwrap_or(0));
        }
    }
    let [tn, to] = times;
    (
        (median(tn), rss[0] as f64 / 1024.0),
        (median(to), rss[1] as f64 / 1024.0),
    )
}

/// A copy of the data set `dir` (decks and log) for another binary, made
/// afresh.
fn copy_of(dir: &Path) -> PathBuf {
    let copy = dir.with_extension("old-binary");
    let _ = fs::remove_dir_all(&copy);
    fs::create_dir_all(copy.join("decks")).unwrap();
    for e in fs::read_dir(dir.join("decks")).unwrap() {
        let e = e.unwrap();
        fs::copy(e.path(), copy.join("decks").join(e.file_name())).unwrap();
    }
    fs::copy(dir.join("reviews.jsonl"), copy.join("reviews.jsonl")).unwrap();
    copy
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    let t = Instant::now();
    let sets = [
        ("in time order", root.join("load"), false),
        (
            "random card order, identical timestamps per day",
            root.join("load-random"),
            true,
        ),
    ];
    for (_, dir, shuffled) in &sets {
        generate(dir, *shuffled);
    }
    eprintln!(
        "data ready in {:.1} s ({})",
        t.elapsed().as_secs_f64(),
        root.display()
    );
    let (new, old) = binaries();
    let runs = std::env::var("CONCUR_BENCH_RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(RUNS)
        .max(1);
    println!(
        "concur due --json: {DECKS} decks x {CARDS} cards, {REVIEWS} reviews; median of {runs} runs{}; load average before: {}",
        if old.is_some() {
            ", alternating with the old binary's"
        } else {
            ""
        },
        load_average()
    );
    for (name, dir, _) in &sets {
        let log_mb = fs::metadata(dir.join("reviews.jsonl")).unwrap().len() as f64 / 1e6;
        println!("log {name} ({log_mb:.0} MB):");
        let old_dir = old.as_ref().map(|_| copy_of(dir));
        // Warm and cold times, the binary under test's and the old one's.
        let mut warm_cold = [[0.0; 2]; 2];
        for s in [
            Situation::Warm,
            Situation::WarmNoSnapshot,
            Situation::ColdWithSnapshot,
            Situation::Cold,
        ] {
            let due = ["due", "--json"];
            let ((t, rss), old_figures) = match (&old, &old_dir) {
                (Some(old), Some(old_dir)) => {
                    let (n, o) = measure_pair((&new, dir), (old, old_dir), s, &due, runs);
                    (n, Some(o))
                }
                _ => {
                    let (t, rss, _) = measure_runs(&new, dir, s, &due, false, runs);
                    ((t, rss), None)
                }
            };
            let mut line = format!("  {:<50} {t:.3} s, peak {rss:.0} MiB", s.name());
            if let Some((to, rsso)) = old_figures {
                write!(
                    line,
                    "   | old: {to:.3} s, peak {rsso:.0} MiB | {:.1}x faster",
                    to / t
                )
                .unwrap();
            }
            println!("{line}");
            let slot = match s {
                Situation::Warm => Some(0),
                Situation::Cold => Some(1),
                _ => None,
            };
            if let Some(k) = slot {
                warm_cold[0][k] = t;
                warm_cold[1][k] = old_figures.map_or(0.0, |(to, _)| to);
            }
        }
        let ratio = |[w, c]: [f64; 2]| c / w;
        let mut line = format!("  cold / warm: {:.2}", ratio(warm_cold[0]));
        if old.is_some() {
            write!(line, "   | old: {:.2}", ratio(warm_cold[1])).unwrap();
        }
        println!("{line}");
        let _ = fs::remove_dir_all(dir.join("cache"));
        if let Some(d) = old_dir {
            let _ = fs::remove_dir_all(d);
        }
    }
}
