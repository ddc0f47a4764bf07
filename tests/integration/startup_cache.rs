//! The start-up caches (`$DATA/cache`): the replay snapshot and the deck
//! caches never change what `concur due` prints, whatever happens to the
//! log and the decks, nor how a path is spelled.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use proptest::prelude::*;

use crate::common::{concur_today, stdout, write, write_deck};

/// `concur due --json` and the human `due`, stdout and stderr, with the
/// data folder's path replaced by `$DATA`.
fn due_all(data: &Path) -> String {
    let mut all = String::new();
    for args in [&["due", "--json"][..], &["due"][..]] {
        let out = concur_today(data).args(args).output().unwrap();
        assert!(out.status.success(), "{out:?}");
        all.push_str(&stdout(&out));
        all.push_str(&String::from_utf8_lossy(&out.stderr));
    }
    all.replace(&data.display().to_string(), "$DATA")
}

fn deck_text(id: &str, cards: &[&str]) -> String {
    let mut s = format!("[deck]\nid = \"{id}\"\n");
    for c in cards {
        s.push_str(&format!(
            "\n[[cards]]\nid = \"{c}\"\nfront = \"Front {c}?\"\nback = \"Back {c}\"\n"
        ));
    }
    s
}

fn line(card: u8, q: u8, kind: u8, hours: i64, id: u64) -> String {
    let deck = if card.is_multiple_of(2) { "d" } else { "e" };
    let day = 1 + hours / 24;
    let (mo, d) = (1 + (day / 28) % 12, 1 + day % 28);
    let h = hours % 24;
    let at = format!("2026-{mo:02}-{d:02}T{h:02}:00:00.000+01:00");
    let id_part = if id.is_multiple_of(3) {
        String::new()
    } else {
        format!(",\"id\":\"{id:x}\"")
    };
    match kind % 5 {
        4 => format!(
            "{{\"at\":\"{at}\",\"deck\":\"{deck}\",\"card\":\"c{card}\",\"grade\":{q},\"kind\":\"undo\",\"ms\":0,\"undoes\":\"{at}\"{}}}",
            if id.is_multiple_of(2) {
                format!(",\"undoes_id\":\"{:x}\"", id.saturating_sub(1))
            } else {
                String::new()
            }
        ),
        k => {
            let kind = ["review", "review", "drill", "cram"][usize::from(k)];
            format!(
                "{{\"at\":\"{at}\",\"deck\":\"{deck}\",\"card\":\"c{card}\",\"grade\":{q},\"kind\":\"{kind}\",\"ms\":10{id_part}}}"
            )
        }
    }
}

fn arb_lines(max: usize) -> impl Strategy<Value = Vec<String>> {
    proptest::collection::vec((0u8..6, 0u8..6, 0u8..5, -20i64..40), 0..max).prop_map(|v| {
        let mut h = 24;
        v.into_iter()
            .enumerate()
            .map(|(i, (c, q, k, step))| {
                h = (h + step).clamp(0, 24 * 300);
                line(c, q, k, h, i as u64 + 1)
            })
            .collect()
    })
}

#[derive(Debug, Clone)]
enum Edit {
    Append(Vec<String>),
    Insert(usize, String),
    Truncate(usize),
    Swap(usize, usize),
    Torn(String),
    ReplaceLog(Vec<String>),
    /// Deck `d` gets these cards (c0..c5 subsets).
    DeckCards(Vec<u8>),
    /// Deck `e`'s file is removed, or written back.
    DeckE(bool),
    /// A broken deck file appears (or is removed).
    Broken(bool),
}

fn arb_edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => arb_lines(6).prop_map(Edit::Append),
        1 => (any::<usize>(), arb_lines(2)).prop_map(|(i, l)| Edit::Insert(i, l.concat())),
        1 => any::<usize>().prop_map(Edit::Truncate),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::Swap(a, b)),
        1 => arb_lines(2).prop_map(|l| Edit::Torn(l.concat())),
        1 => arb_lines(20).prop_map(Edit::ReplaceLog),
        2 => proptest::collection::vec(0u8..6, 0..6).prop_map(Edit::DeckCards),
        1 => any::<bool>().prop_map(Edit::DeckE),
        1 => any::<bool>().prop_map(Edit::Broken),
    ]
}

fn apply(data: &Path, edit: &Edit, step: u64) {
    let log = data.join("reviews.jsonl");
    let text = fs::read_to_string(&log).unwrap_or_default();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let join = |lines: &[String]| lines.iter().map(|l| format!("{l}\n")).collect::<String>();
    let new_log = match edit {
        Edit::Append(new) => {
            let mut s = text.clone();
            if !s.is_empty() && !s.ends_with('\n') {
                s.push('\n');
            }
            s.push_str(&join(new));
            Some(s)
        }
        Edit::Insert(i, l) => {
            lines.insert(i % (lines.len() + 1), l.clone());
            Some(join(&lines))
        }
        Edit::Truncate(n) => Some(text.get(..n % (text.len() + 1)).unwrap_or("").to_string()),
        Edit::Swap(a, b) if !lines.is_empty() => {
            let n = lines.len();
            lines.swap(a % n, b % n);
            Some(join(&lines))
        }
        Edit::Torn(l) => Some(format!("{}{}", join(&lines), &l[..l.len() / 2])),
        Edit::ReplaceLog(new) => Some(join(new)),
        _ => None,
    };
    if let Some(s) = new_log {
        fs::write(&log, s).unwrap();
        return;
    }
    // Deck edits; the file's time is set well in the past and distinct per
    // step, so that unchanged files take the cache's stat-only path.
    let old = SystemTime::now() - Duration::from_secs(3600) + Duration::from_secs(step);
    let touch = |p: &PathBuf| {
        fs::File::options()
            .write(true)
            .open(p)
            .unwrap()
            .set_modified(old)
            .unwrap();
    };
    match edit {
        Edit::DeckCards(cards) => {
            let ids: Vec<String> = cards.iter().map(|c| format!("c{c}")).collect();
            let mut ids: Vec<&str> = ids.iter().map(String::as_str).collect();
            ids.sort_unstable();
            ids.dedup();
            touch(&write_deck(data, "d.toml", &deck_text("d", &ids)));
        }
        Edit::DeckE(true) => {
            touch(&write_deck(
                data,
                "e.toml",
                &deck_text("e", &["c1", "c3", "c5"]),
            ));
        }
        Edit::DeckE(false) => {
            let _ = fs::remove_file(data.join("decks/e.toml"));
        }
        Edit::Broken(true) => {
            touch(&write_deck(data, "broken.toml", "[deck]\nid = 3\n"));
        }
        Edit::Broken(false) => {
            let _ = fs::remove_file(data.join("decks/broken.toml"));
        }
        _ => {}
    }
}

/// A copy of `data` without its cache.
fn copy_without_cache(data: &Path, to: &Path) {
    let _ = fs::remove_dir_all(to);
    fs::create_dir_all(to.join("decks")).unwrap();
    if let Ok(log) = fs::read(data.join("reviews.jsonl")) {
        fs::write(to.join("reviews.jsonl"), log).unwrap();
    }
    for e in fs::read_dir(data.join("decks")).unwrap() {
        let e = e.unwrap();
        fs::copy(e.path(), to.join("decks").join(e.file_name())).unwrap();
    }
}

proptest! {
    // Each case runs `concur` a dozen times: keep the count modest.
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn due_with_the_caches_equals_due_without(
        base in arb_lines(30),
        edits in proptest::collection::vec(arb_edit(), 1..5),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let fresh = dir.path().join("fresh");
        apply(&data, &Edit::DeckCards(vec![0, 2, 4]), 0);
        apply(&data, &Edit::DeckE(true), 0);
        apply(&data, &Edit::Append(base), 0);
        // Builds the snapshot and the deck caches.
        due_all(&data);
        prop_assert!(data.join("cache/replay.bin").exists() || !data.join("reviews.jsonl").exists()
            || fs::read(data.join("reviews.jsonl")).unwrap().is_empty());
        for (step, edit) in edits.iter().enumerate() {
            apply(&data, edit, step as u64 + 1);
            let cached = due_all(&data);
            copy_without_cache(&data, &fresh);
            prop_assert_eq!(&cached, &due_all(&fresh), "after {:?}", edit);
        }
    }
}

#[test]
fn three_spellings_of_a_deck_path_give_the_same_output_and_messages() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let work = dir.path().join("work");
    write(&work, "decks/a.toml", &deck_text("a", &["x", "y"]));
    write(&work, "decks/bad.toml", "[deck]\nid = 3\n");
    let abs = work.join("decks").display().to_string();
    let mut outputs = Vec::new();
    for spelling in ["./decks", "decks", abs.as_str()] {
        let out = concur_today(&data)
            .current_dir(&work)
            .args(["--deck", spelling, "due", "--json"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        // The error names the file as this run spelled it, cached or not.
        assert!(
            err.contains(&format!("{spelling}/bad.toml:")),
            "{spelling}: {err}"
        );
        outputs.push(stdout(&out));
    }
    assert!(outputs.iter().all(|o| o == &outputs[0]) && outputs[0].contains("\"card\":\"y\""));
    // (That the three are one cache entry, and that entries of deleted files
    // go, is checked where the index can be read: `deck::load`'s tests.)
}
