//! Helpers every integration-test module shares: the `concur` binary with a
//! private data folder, files in temporary folders, and (in submodules) app
//! builders, the pseudo-terminal driver and process checks.

pub mod app;
pub mod procs;
pub mod pty;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The fixed day the tests run `concur` on unless they say otherwise.
pub const TODAY: &str = "2026-11-25";

/// The `concur` binary cargo built for these tests.
pub fn exe() -> PathBuf {
    env!("CARGO_BIN_EXE_concur").into()
}

/// `concur` with a private data folder (and no `$CONCUR_HOME`).
pub fn concur(data: &Path) -> Command {
    let mut c = Command::new(exe());
    c.env_remove("CONCUR_HOME").arg("--data-dir").arg(data);
    c
}

/// `concur` with a private data folder, on the day [`TODAY`].
pub fn concur_today(data: &Path) -> Command {
    let mut c = concur(data);
    c.args(["--today", TODAY]);
    c
}

/// A command's standard output, as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

/// `concur due --json` for a data folder on `day`, as text; it must succeed.
pub fn due_json(data: &Path, day: &str) -> String {
    let out = concur(data)
        .args(["--today", day, "due", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    stdout(&out)
}

/// Writes `text` to `dir/name`, creating the folders on the way.
pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, text).unwrap();
    p
}

/// Writes a deck file into a data folder's `decks/`.
pub fn write_deck(data: &Path, name: &str, text: &str) -> PathBuf {
    write(&data.join("decks"), name, text)
}

/// One review-log line for `deck`/`card` of `kind`, graded 4.
pub fn log_line(deck: &str, card: &str, kind: &str) -> String {
    format!(
        "{{\"at\":\"2026-01-01T10:00:00+00:00\",\"deck\":\"{deck}\",\"card\":\"{card}\",\"grade\":4,\"kind\":\"{kind}\",\"ms\":1000}}\n"
    )
}

/// The `kind` of every line of the review log at `log`, as JSON text
/// (`"suspend"`), in order.
pub fn log_kinds(log: &Path) -> Vec<String> {
    std::fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["kind"].to_string())
        .collect()
}

/// The seed notes the first decks came from (a test fixture).
pub fn seed() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seed_notes.md")
}

/// The card ids of deck `deck`, as `concur due --json` lists them.
pub fn card_ids(data: &Path, deck: &str) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(&due_json(data, "2026-01-02")).unwrap();
    v["cards"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["deck"] == deck)
        .map(|c| c["card"].as_str().unwrap().to_string())
        .collect()
}
