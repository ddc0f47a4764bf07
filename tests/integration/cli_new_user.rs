//! The command line as a new user meets it: every error on one
//! `concur: error:` path with the right exit code, counts in proper
//! singular and plural, and the `concur new` template telling the truth.

use std::fs;

use assert_cmd::prelude::*;
use predicates::prelude::*;
use tempfile::TempDir;

use crate::common::{concur_today as concur, write, write_deck};

const ONE_CARD: &str = "[deck]\nid = \"solo\"\nname = \"Solo\"\n\n[[cards]]\nid = \"a\"\nfront = \"A?\"\nback = \"a\"\n";

/// Stderr must be one error that starts with the common prefix.
fn one_error(stderr: &[u8]) -> String {
    let text = String::from_utf8(stderr.to_vec()).unwrap();
    assert!(text.starts_with("concur: error: "), "{text}");
    assert_eq!(text.matches("error:").count(), 1, "{text}");
    text
}

#[test]
fn a_deck_path_that_does_not_exist_makes_due_fail_after_printing() {
    let data = TempDir::new().unwrap();
    let missing = data.path().join("nonexistent");
    for args in [&["due"][..], &["due", "--json"], &["stats"]] {
        concur(data.path())
            .arg("--deck")
            .arg(&missing)
            .args(args)
            .assert()
            .code(1)
            .stdout(predicate::str::is_empty().not())
            .stderr(predicate::str::contains("cannot read deck path"));
    }
    // A deck file given with --deck that has errors fails too; the same
    // error in a folder's deck only skips that deck.
    let dir = TempDir::new().unwrap();
    let broken = write(dir.path(), "broken.toml", "[deck]\nid = \n");
    concur(data.path())
        .arg("--deck")
        .arg(&broken)
        .arg("due")
        .assert()
        .code(1);
    concur(data.path())
        .arg("--deck")
        .arg(dir.path())
        .arg("due")
        .assert()
        .success();
}

#[test]
fn bad_values_are_usage_errors_with_exit_2() {
    let data = TempDir::new().unwrap();
    for (args, says) in [
        (
            &["simulate", "6"][..],
            "grade \"6\" is not a whole number from 0 to 5",
        ),
        (&["simulate", "5,6"], "grade \"6\""),
        (&["simulate", "--from", "2,1.2,6", "3"], "invalid E-Factor"),
        (&["simulate", "--from", "2,2.5", "3"], "N,EF,INTERVAL"),
        (&["demo", "io-bound", "--duration", "0"], "above 0"),
        (&["demo", "io-bound", "--duration", "NaN"], "above 0"),
    ] {
        let out = concur(data.path()).args(args).assert().code(2);
        let err = one_error(&out.get_output().stderr);
        assert!(err.contains(says), "{args:?}: {err}");
    }
}

#[test]
fn clap_errors_carry_the_prefix_and_keep_usage_and_tips() {
    let data = TempDir::new().unwrap();
    for args in [&["due", "--new-per-day", "5"][..], &["simulate"], &["duee"]] {
        let out = concur(data.path()).args(args).assert().code(2);
        let err = one_error(&out.get_output().stderr);
        assert!(err.contains("For more information, try '--help'."), "{err}");
    }
    let out = concur(data.path()).arg("simulate").assert().code(2);
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("Usage: concur simulate"));
    // A mistyped command is offered the real one.
    concur(data.path())
        .arg("duee")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("similar subcommand exists: 'due'"));
    // Help and version are not errors.
    concur(data.path())
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Usage: concur"));
    concur(data.path()).arg("--version").assert().success();
}

#[test]
fn unknown_names_offer_the_nearest_one() {
    let data = TempDir::new().unwrap();
    for (args, says) in [
        (&["stats", "mt-vs-mq"][..], "did you mean \"mt-vs-mp\"?"),
        (&["export", "mt-vs-mq"], "did you mean \"mt-vs-mp\"?"),
        (
            &["quiz", "--tag", "concurency"],
            "did you mean \"concurrency\"?",
        ),
        (&["quiz", "mt-vs-mq"], "did you mean \"mt-vs-mp\"?"),
    ] {
        let out = concur(data.path()).args(args).assert().code(2);
        let err = one_error(&out.get_output().stderr);
        assert!(err.contains(says), "{args:?}: {err}");
    }
}

#[test]
fn a_deck_id_missing_from_a_json_export_offers_the_nearest_one() {
    let data = TempDir::new().unwrap();
    let dir = TempDir::new().unwrap();
    let all = dir.path().join("all.json");
    concur(data.path())
        .args(["export", "--format", "json", "-o"])
        .arg(&all)
        .assert()
        .success();
    for (extra, says) in [
        (&["--deck-id", "mt-vs-mq"][..], "did you mean \"mt-vs-mp\"?"),
        (
            &[],
            "pass -o FOLDER to write each to FOLDER/ID.toml, or --deck-id ID to import one",
        ),
    ] {
        let out = concur(data.path())
            .arg("import")
            .arg(&all)
            .args(extra)
            .assert()
            .code(2);
        let err = one_error(&out.get_output().stderr);
        assert!(err.contains(says), "{err}");
    }
}

#[test]
fn the_review_option_new_per_day_is_refused_by_other_commands() {
    let data = TempDir::new().unwrap();
    let out = concur(data.path())
        .args(["--new-per-day", "5", "due"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty());
    let err = one_error(&out.get_output().stderr);
    assert!(err.contains("--new-per-day"), "{err}");
    // Where it applies it is still taken (piped: the due summary).
    concur(data.path())
        .args(["--new-per-day", "5"])
        .assert()
        .success();
}

#[test]
fn export_to_a_folder_says_so_before_anything_else() {
    let data = TempDir::new().unwrap();
    // A broken deck would be reported first if the decks were loaded.
    write_deck(data.path(), "broken.toml", "[deck]\nid = \n");
    let folder = data.path().join("out");
    fs::create_dir(&folder).unwrap();
    for force in [true, false] {
        let mut cmd = concur(data.path());
        cmd.arg("export").arg("-o").arg(&folder);
        if force {
            cmd.arg("--force");
        }
        let out = cmd.assert().code(2);
        let err = one_error(&out.get_output().stderr);
        assert!(err.contains("is a folder, not a file"), "{err}");
        assert!(!err.contains("Is a directory"), "{err}");
    }
    assert!(folder.is_dir());
}

#[test]
fn import_of_a_file_that_is_not_json_gives_the_cause_once() {
    let data = TempDir::new().unwrap();
    let dir = TempDir::new().unwrap();
    let file = write(dir.path(), "x.json", "{\"a\":\n");
    let out = concur(data.path())
        .arg("import")
        .arg(&file)
        .assert()
        .code(1);
    let err = one_error(&out.get_output().stderr);
    assert!(err.contains("not a concur JSON export"), "{err}");
    assert_eq!(err.matches("EOF while parsing").count(), 1, "{err}");
}

#[test]
fn counts_of_one_are_singular() {
    let data = TempDir::new().unwrap();
    let dir = TempDir::new().unwrap();
    let deck = write(dir.path(), "solo.toml", ONE_CARD);
    // One deck of one card, one orphan, one study day (bundled decks load
    // too, so the counts of one are per deck).
    fs::write(
        data.path().join("reviews.jsonl"),
        "{\"at\":\"2026-11-24T10:00:00+00:00\",\"deck\":\"solo\",\"card\":\"gone\",\"grade\":4,\"kind\":\"review\",\"ms\":1000}\n",
    )
    .unwrap();
    let due = concur(data.path())
        .arg("--deck")
        .arg(&deck)
        .args(["due"])
        .output()
        .unwrap();
    let due = String::from_utf8(due.stdout).unwrap();
    assert!(due.contains("\n1 card in "), "{due}");
    assert!(
        due.contains(" has history but no longer exists in any deck"),
        "{due}"
    );
    let out = concur(data.path())
        .arg("--deck")
        .arg(&deck)
        .args(["stats", "solo"])
        .assert()
        .success();
    let stats = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(stats.contains("(1 deck)"), "{stats}");
    assert!(
        stats.contains("1 study day in the last 365 days"),
        "{stats}"
    );
    let file = dir.path().join("out.txt");
    concur(data.path())
        .arg("--deck")
        .arg(&deck)
        .args(["export", "solo", "-o"])
        .arg(&file)
        .assert()
        .success()
        .stderr(predicate::str::contains("Wrote 1 note from 1 deck to "));
}

#[test]
fn the_quiz_without_a_terminal_names_the_quiz() {
    let data = TempDir::new().unwrap();
    let out = concur(data.path()).arg("quiz").assert().code(1);
    let err = one_error(&out.get_output().stderr);
    assert!(err.contains("the quiz needs a terminal"), "{err}");
}

#[test]
fn the_new_template_says_how_many_cards_it_writes_and_what_reverse_asks() {
    let data = TempDir::new().unwrap();
    let out = concur(data.path()).args(["new", "mine"]).assert().success();
    let said = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(!said.contains("the two example cards"), "{said}");
    assert!(said.contains("three cards"), "{said}");
    let due = concur(data.path())
        .args(["due", "--json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&due.stdout).unwrap();
    let mine = v["cards"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["deck"] == "mine")
        .count();
    assert_eq!(mine, 3);
    let text = fs::read_to_string(data.path().join("decks/mine.toml")).unwrap();
    assert!(
        text.contains("\"Global Interpreter Lock\" -> \"GIL\""),
        "{text}"
    );
    assert!(text.contains("front = \"GIL\""), "{text}");
}
