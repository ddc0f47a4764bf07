//! How start-up grows with the log (issue #25): the bench decks (100 files
//! of 1,000 cards) with logs of 0, 100,000, 1,000,000 and 3,000,000 lines
//! in time order. For each: warm `due --json` (one new line since the
//! snapshot), warm `stats --json`, and cold `due --json` (no cache at all);
//! medians of 5 runs (`load::measure`). With `CONCUR_BENCH_OLD` the same
//! `due` runs are made with that binary, in the same run. The data is
//! generated once into `target/bench-data/scale-N/`. Nothing is asserted.
#![allow(clippy::unwrap_used)]

#[allow(dead_code)]
#[path = "load.rs"]
mod load;

use std::path::PathBuf;

use load::Situation;

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    let sizes: Vec<usize> = std::env::var("CONCUR_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![0, 100_000, 1_000_000, 3_000_000]);
    let (new, old) = load::binaries();
    println!(
        "100 decks x 1000 cards; median of {} runs; load average before: {}",
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
                false,
            ),
            ("cold due --json", &["due", "--json"], Situation::Cold, true),
        ];
        for (name, args, situation, compare) in runs {
            let (t, rss, _) = load::measure(&new, &dir, situation, args, false);
            let mut line = format!("  {name:<20} {t:.3} s, peak {rss:.0} MiB");
            if let (Some(old), true) = (&old, compare) {
                let (to, rsso, _) = load::measure(old, &dir, situation, args, false);
                line.push_str(&format!(
                    "   | old: {to:.3} s, peak {rsso:.0} MiB | {:.2}x faster",
                    to / t
                ));
            }
            println!("{line}");
        }
        let _ = std::fs::remove_dir_all(dir.join("cache"));
    }
}
