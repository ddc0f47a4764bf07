//! Load benchmark for issue #2: 100 deck files of 1,000 cards each and a log
//! of 1,000,000 reviews, then `concur due --json` on them.
//!
//! Run: `cargo bench --bench load`. It prints the median wall time over 5 runs
//! (after one warm-up) and the peak resident memory of the `concur` process.
//! The data is generated once into `target/bench-data/load/`.
#![allow(clippy::unwrap_used)]

use std::fmt::Write as _;
use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

const DECKS: usize = 100;
const CARDS: usize = 1_000;
const REVIEWS: usize = 1_000_000;

pub fn generate(dir: &Path) {
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
    // 10 reviews for each of the 100,000 cards, in time order, as the app writes them.
    let log = fs::File::create(dir.join("reviews.jsonl")).unwrap();
    let mut w = BufWriter::new(log);
    let start = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    let per_card = REVIEWS / (DECKS * CARDS);
    for round in 0..per_card {
        for d in 0..DECKS {
            for c in 0..CARDS {
                let day = start + chrono::Days::new((round * 60 + (c % 50)) as u64);
                let grade = [5, 4, 3, 5, 2, 4][(c + round) % 6];
                writeln!(
                    w,
                    "{{\"at\":\"{day}T09:{:02}:{:02}.000+01:00\",\"deck\":\"deck-{d:03}\",\"card\":\"card-{c:04}\",\"grade\":{grade},\"kind\":\"review\",\"ms\":4200}}",
                    (c / 60) % 60,
                    c % 60
                )
                .unwrap();
            }
        }
    }
    w.flush().unwrap();
    fs::write(marker, "").unwrap();
}

fn max_rss_children_kib() -> i64 {
    use nix::sys::resource::{UsageWho, getrusage};
    getrusage(UsageWho::RUSAGE_CHILDREN).map_or(0, |ru| ru.max_rss())
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data/load");
    let t = Instant::now();
    generate(&root);
    eprintln!(
        "data ready in {:.1} s ({})",
        t.elapsed().as_secs_f64(),
        root.display()
    );
    let log_mb = fs::metadata(root.join("reviews.jsonl")).unwrap().len() as f64 / 1e6;
    let exe = env!("CARGO_BIN_EXE_concur");
    let run = || {
        let t = Instant::now();
        let status = Command::new(exe)
            .arg("--data-dir")
            .arg(&root)
            .args(["--today", "2026-11-25", "due", "--json"])
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success());
        t.elapsed().as_secs_f64()
    };
    // Cold: no parsed-deck cache, every TOML file is parsed and validated.
    let cache = root.join("cache");
    let mut cold: Vec<f64> = (0..3)
        .map(|_| {
            let _ = fs::remove_dir_all(&cache);
            run()
        })
        .collect();
    cold.sort_by(f64::total_cmp);
    let cold_rss = max_rss_children_kib();
    // Warm: the cache written by the last cold run is used.
    let mut warm: Vec<f64> = (0..5).map(|_| run()).collect();
    warm.sort_by(f64::total_cmp);
    println!(
        "concur due --json: {DECKS} decks x {CARDS} cards, {REVIEWS} reviews ({log_mb:.0} MB log)"
    );
    println!(
        "  cold (no deck cache): median {:.3} s (min {:.3}, max {:.3}) over 3 runs, peak RSS {:.1} MiB",
        cold[1],
        cold[0],
        cold[2],
        cold_rss as f64 / 1024.0
    );
    println!(
        "  warm (deck cache):    median {:.3} s (min {:.3}, max {:.3}) over 5 runs, peak RSS of all runs {:.1} MiB",
        warm[2],
        warm[0],
        warm[4],
        max_rss_children_kib() as f64 / 1024.0
    );
}
