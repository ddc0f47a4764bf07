//! How start-up grows with the log (issue #25): the bench decks (100 files
//! of 1,000 cards) with logs of 0, 100,000, 1,000,000 and 3,000,000 lines
//! in time order (`CONCUR_BENCH_SIZES=0,100000` for others). For each: warm
//! `due --json` (one new line since the snapshot), warm `stats --json`, and
//! cold `due --json` (no cache at all); the median wall time and the median
//! CPU time (user + system, from `/usr/bin/time`, steadier than wall time
//! on a shared machine) of 5 runs after one that sets the caches up, and
//! the largest peak RSS. With `CONCUR_BENCH_OLD` the same runs are made
//! with that binary, in the same run. The data is generated once into
//! `target/bench-data/scale-N/` (the 1,000,000-line one is the load
//! bench's). Nothing is asserted.
#![allow(clippy::unwrap_used)]

#[allow(dead_code)]
#[path = "load.rs"]
mod load;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use load::Situation;

/// Median wall seconds, median CPU seconds and peak RSS (MiB) of
/// `load::RUNS` runs of `exe ARGS` in `situation`.
fn measure(exe: &Path, data: &Path, situation: Situation, args: &[&str]) -> (f64, f64, f64) {
    let _ = std::fs::remove_dir_all(data.join("cache"));
    let run = || {
        let t = Instant::now();
        let out = Command::new("/usr/bin/time")
            .args(["-f", "%U %S %M"])
            .arg(exe)
            .arg("--data-dir")
            .arg(data)
            .args(["--today", "2026-11-25"])
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        let wall = t.elapsed().as_secs_f64();
        assert!(out.status.success(), "{out:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        let f: Vec<f64> = err
            .lines()
            .last()
            .unwrap_or("")
            .split_whitespace()
            .filter_map(|x| x.parse().ok())
            .collect();
        (wall, f[0] + f[1], f[2] / 1024.0)
    };
    run();
    let (mut walls, mut cpus, mut rss) = (Vec::new(), Vec::new(), 0f64);
    for _ in 0..load::RUNS {
        situation.before_run(data);
        let (w, c, r) = run();
        walls.push(w);
        cpus.push(c);
        rss = rss.max(r);
    }
    (load::median(walls), load::median(cpus), rss)
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    let sizes: Vec<usize> = std::env::var("CONCUR_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![0, 100_000, 1_000_000, 3_000_000]);
    let (new, old) = load::binaries();
    println!(
        "100 decks x 1000 cards; medians of {} runs (wall, cpu = user + system); load average before: {}",
        load::RUNS,
        load::load_average()
    );
    for n in sizes {
        let dir = if n == 1_000_000 {
            root.join("load")
        } else {
            root.join(format!("scale-{n}"))
        };
        load::generate_n(&dir, false, n);
        println!("log of {n} lines (load average {}):", load::load_average());
        let runs: [(&str, &[&str], Situation, bool); 3] = [
            ("warm due --json", &["due", "--json"], Situation::Warm, true),
            (
                "warm stats --json",
                &["stats", "--json"],
                Situation::Warm,
                true,
            ),
            ("cold due --json", &["due", "--json"], Situation::Cold, true),
        ];
        for (name, args, situation, compare) in runs {
            let (t, cpu, rss) = measure(&new, &dir, situation, args);
            let mut line = format!("  {name:<18} {t:.3} s (cpu {cpu:.2} s), peak {rss:.0} MiB");
            if let (Some(old), true) = (&old, compare) {
                let (to, cpuo, rsso) = measure(old, &dir, situation, args);
                line.push_str(&format!(
                    "   | old: {to:.3} s (cpu {cpuo:.2} s), peak {rsso:.0} MiB"
                ));
            }
            println!("{line}");
        }
        let _ = std::fs::remove_dir_all(dir.join("cache"));
    }
}
