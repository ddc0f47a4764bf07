//! The command line's one convention: `--deck` is always a path, deck ids
//! are positional (`concur quiz [DECK_ID]...`), usage errors exit with 2,
//! failures with 1, and `--new-per-day` is only where it matters. The quiz
//! itself needs a terminal (see `e2e_pty`): here it gets as far as its
//! checks, then stops with "needs a terminal".

use assert_cmd::prelude::*;
use predicates::prelude::*;
use tempfile::TempDir;

use crate::common::{concur_today as concur, write};

const MINE: &str = "[deck]\nid = \"my\"\nname = \"My deck\"\ntags = [\"mine\"]\n\n[[cards]]\nid = \"one\"\nfront = \"One?\"\nback = \"1\"\n";

#[test]
fn a_global_deck_path_and_a_positional_deck_id_work_together() {
    let data = TempDir::new().unwrap();
    let dir = TempDir::new().unwrap();
    let file = write(dir.path(), "my.toml", MINE);
    concur(data.path())
        .arg("--deck")
        .arg(&file)
        .args(["quiz", "my", "--count", "1"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("needs a terminal"))
        .stderr(predicate::str::contains("unknown deck").not());
    // The global option may follow the subcommand: still a path.
    concur(data.path())
        .args(["quiz", "my", "--deck"])
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("needs a terminal"));
}

#[test]
fn an_unknown_deck_id_or_tag_is_a_usage_error_that_lists_what_exists() {
    let data = TempDir::new().unwrap();
    let out = concur(data.path())
        .args(["quiz", "nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown deck id \"nope\": known decks are",
        ))
        .stderr(predicate::str::contains("mt-vs-mp"));
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert_eq!(
        err.matches("unknown deck").count(),
        1,
        "printed once: {err}"
    );
    let dir = TempDir::new().unwrap();
    let file = write(dir.path(), "my.toml", MINE);
    let out = concur(data.path())
        .arg("--deck")
        .arg(&file)
        .args(["quiz", "--tag", "nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown tag \"nope\": the tags are",
        ))
        .stderr(predicate::str::contains("mine"));
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(!err.contains("tags ["), "no program internals: {err}");
    concur(data.path())
        .args(["export", "nope"])
        .assert()
        .code(2);
}

#[test]
fn new_per_day_is_only_in_the_help_of_the_screens_it_affects() {
    let data = TempDir::new().unwrap();
    for (args, shown) in [
        (vec!["--help"], true),
        (vec!["review", "--help"], true),
        (vec!["due", "--help"], false),
        (vec!["quiz", "--help"], false),
        (vec!["check", "--help"], false),
    ] {
        let out = concur(data.path()).args(&args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        let help = String::from_utf8_lossy(&out.stdout);
        assert_eq!(help.contains("--new-per-day"), shown, "{args:?}:\n{help}");
    }
    concur(data.path())
        .args(["due", "--new-per-day", "5"])
        .assert()
        .code(2);
}

#[test]
fn quiz_help_names_deck_ids_as_positional() {
    let data = TempDir::new().unwrap();
    concur(data.path())
        .args(["quiz", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("[DECK_ID]..."));
}
