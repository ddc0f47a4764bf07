//! Hostile files (issue 14): FIFOs and devices where files are expected,
//! folders that link to themselves, and two devices grading one card on one
//! day. Every command must end (a hang is a failure: the timeout below is a
//! guard, not a speed check) with an error that names the path.

use std::path::Path;
use std::time::Duration;

use tempfile::TempDir;

use crate::common::{concur_today, write, write_deck};

const DECK: &str =
    "[deck]\nid = \"mine\"\n[[cards]]\nid = \"one\"\nfront = \"One?\"\nback = \"1\"\n";

/// Runs `concur` with `args` in data folder `data`; a hang fails the test.
fn run(data: &Path, args: &[&str]) -> (i32, String, String) {
    let mut c = assert_cmd::Command::from_std(concur_today(data));
    let out = c
        .args(args)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    // A killed (hung) command has no exit code.
    let code = out.status.code().expect("concur hung on a FIFO or device");
    (code, text(&out.stdout), text(&out.stderr))
}

/// True if `/dev/zero` is the character device it should be: the tests
/// that give it to concur (to read, never to write) check first, so that a
/// machine whose `/dev` was damaged does not fail them.
fn dev_zero_is_a_device() -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::symlink_metadata("/dev/zero").is_ok_and(|m| m.file_type().is_char_device())
}

fn mkfifo(p: &Path) {
    rustix::fs::mknodat(
        rustix::fs::CWD,
        p,
        rustix::fs::FileType::Fifo,
        rustix::fs::Mode::from_raw_mode(0o600),
        0,
    )
    .unwrap();
}

#[test]
fn a_fifo_named_like_a_deck_is_an_error_naming_it_not_a_hang() {
    let data = TempDir::new().unwrap();
    write_deck(data.path(), "mine.toml", DECK);
    std::fs::create_dir_all(data.path().join("decks")).unwrap();
    let in_decks = data.path().join("decks/pipe.toml");
    mkfifo(&in_decks);
    let given = data.path().join("given.toml");
    mkfifo(&given);
    let given_s = given.to_str().unwrap();
    // In $DATA/decks: the other decks still load.
    let (code, stdout, stderr) = run(data.path(), &["due"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("mine"), "{stdout}");
    assert!(
        stderr.contains("pipe.toml") && stderr.contains("a FIFO"),
        "{stderr}"
    );
    // As --deck and as `check PATH`.
    let (_, _, stderr) = run(data.path(), &["--deck", given_s, "due"]);
    assert!(
        stderr.contains("given.toml") && stderr.contains("a FIFO"),
        "{stderr}"
    );
    let (code, out, err) = run(data.path(), &["check", given_s]);
    assert_ne!(code, 0);
    assert!(format!("{out}{err}").contains("given.toml"), "{out}{err}");
    // A device, whatever its size says: refused, never read to the end.
    if !dev_zero_is_a_device() {
        return;
    }
    let (_, _, stderr) = run(data.path(), &["--deck", "/dev/zero", "due"]);
    assert!(
        stderr.contains("/dev/zero") && stderr.contains("a device"),
        "{stderr}"
    );
}

#[test]
fn importing_a_fifo_or_a_device_is_an_error_not_a_hang() {
    let data = TempDir::new().unwrap();
    let notes = data.path().join("notes.md");
    mkfifo(&notes);
    let (code, _, stderr) = run(data.path(), &["import", notes.to_str().unwrap()]);
    assert_ne!(code, 0);
    assert!(
        stderr.contains("notes.md") && stderr.contains("a FIFO"),
        "{stderr}"
    );
    if !dev_zero_is_a_device() {
        return;
    }
    let (code, _, stderr) = run(data.path(), &["import", "/dev/zero"]);
    assert_ne!(code, 0);
    assert!(stderr.contains("a device"), "{stderr}");
}

#[test]
fn a_review_log_that_is_a_fifo_is_an_error_naming_it_not_a_hang() {
    let data = TempDir::new().unwrap();
    write_deck(data.path(), "mine.toml", DECK);
    mkfifo(&data.path().join("reviews.jsonl"));
    let (code, _, stderr) = run(data.path(), &["due"]);
    assert_ne!(code, 0);
    assert!(
        stderr.contains("reviews.jsonl") && stderr.contains("not a regular file"),
        "{stderr}"
    );
    assert_eq!(
        stderr.matches("not a regular file").count(),
        1,
        "the cause said once: {stderr}"
    );
}

#[test]
fn a_deck_folder_that_links_to_itself_loads_each_deck_once() {
    let data = TempDir::new().unwrap();
    let decks = data.path().join("decks");
    write_deck(data.path(), "mine.toml", DECK);
    std::os::unix::fs::symlink(&decks, decks.join("loop1")).unwrap();
    std::os::unix::fs::symlink(&decks, decks.join("loop2")).unwrap();
    let (code, stdout, stderr) = run(data.path(), &["due"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("duplicate deck id"), "{stderr}");
    assert_eq!(
        stdout.matches("mine ").count(),
        2,
        "one card row, one count row:\n{stdout}"
    );
    let (code, out, err) = run(data.path(), &["check"]);
    assert_eq!(code, 0, "{out}{err}");
}

#[test]
fn two_devices_grading_one_card_on_one_day_count_one_review() {
    let data = TempDir::new().unwrap();
    write_deck(data.path(), "mine.toml", DECK);
    let line = |t: &str| {
        format!(
            "{{\"at\":\"2026-11-24T{t}+01:00\",\"deck\":\"mine\",\"card\":\"one\",\"grade\":5,\"kind\":\"review\",\"ms\":900}}\n"
        )
    };
    // Two devices, one day, both saw the card due: a merged log.
    write(
        data.path(),
        "reviews.jsonl",
        &[line("09:00:00"), line("21:00:00")].concat(),
    );
    let (code, stdout, stderr) = run(data.path(), &["due", "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let card = v["cards"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["deck"] == "mine")
        .unwrap()
        .clone();
    // One review: due the next day, not in six days.
    assert_eq!(
        (card["n"].clone(), card["interval"].clone()),
        (1.into(), 1.into())
    );
    assert_eq!(card["due"], "2026-11-25");
}
