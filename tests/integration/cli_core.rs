//! CLI tests for the core commands, on real files in temp dirs.

use std::fs;
use std::process::Command;

use assert_cmd::prelude::*;
use predicates::prelude::*;
use tempfile::TempDir;

use crate::common::{concur_today as concur, exe, write};

const GOOD: &str = r#"
[deck]
id = "mine"
name = "My deck"

[[cards]]
id = "one"
front = "One?"
back = "1"

[[cards]]
id = "two"
front = "Two?"
back = "2"
"#;

#[test]
fn check_bundled_decks_passes_with_summary() {
    let data = TempDir::new().unwrap();
    concur(data.path())
        .arg("check")
        .assert()
        .success()
        .stdout(predicate::str::is_match(r"^3 decks, \d+ cards, 0 warnings\n$").unwrap());
}

#[test]
fn check_reports_every_problem_in_every_file() {
    let data = TempDir::new().unwrap();
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    write(d, "a_syntax.toml", "[deck]\nid = \"a\"\nname = \n");
    write(
        d,
        "b_keys.toml",
        "[deck]\nid = \"b\"\ncolour = \"red\"\n\n[[cards]]\nid = \"x\"\nfront = \"F\"\nback = 42\nextra = 1\n\n[[cards]]\nid = \"y\"\nback = \"B\"\n\n[[cards]]\nid = \"z\"\nfront = \"Q\"\nback = \"\"\n",
    );
    write(
        d,
        "c_dups.toml",
        "[deck]\nid = \"c\"\n\n[[cards]]\nid = \"k\"\nfront = \"Same\"\nback = \"1\"\n\n[[cards]]\nid = \"k\"\nfront = \"Other\"\nback = \"2\"\n",
    );
    write(
        d,
        "d_dup_deck.toml",
        "[deck]\nid = \"e\"\n[[cards]]\nid = \"k\"\nfront = \"f\"\nback = \"b\"\n",
    );
    write(
        d,
        "e_dup_deck.toml",
        "[deck]\nid = \"e\"\n[[cards]]\nid = \"k\"\nfront = \"f\"\nback = \"b\"\n",
    );
    write(
        d,
        "f_warn.toml",
        "[deck]\nid = \"f\"\n[[cards]]\nfront = \"Hello there\"\nback = \"1\"\n[[cards]]\nid = \"b\"\nfront = \"hello  THERE\"\nback = \"2\"\n",
    );
    let out = concur(data.path()).arg("check").arg(d).assert().code(1);
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let p = |name: &str| d.join(name).display().to_string();
    let expect = [
        format!("{}:3:8: error: TOML syntax", p("a_syntax.toml")),
        format!(
            "{}:3:1: error: unknown key `colour` in [deck]",
            p("b_keys.toml")
        ),
        format!(
            "{}:8:8: error: `back` must be a string, found an integer",
            p("b_keys.toml")
        ),
        format!(
            "{}:9:1: error: unknown key `extra` in card",
            p("b_keys.toml")
        ),
        format!("{}:11:1: error: card 2 has no `front`", p("b_keys.toml")),
        format!("{}:18:8: error: `back` is empty", p("b_keys.toml")),
        format!(
            "{}:10:6: error: duplicate card id \"k\" (first used on line 4)",
            p("c_dups.toml")
        ),
        format!(
            "{}:2:6: error: duplicate deck id \"e\"",
            p("e_dup_deck.toml")
        ),
        format!("{}:3:1: warning: card 1 has no `id`", p("f_warn.toml")),
        format!(
            "{}:7:6: warning: card has the same front as the card on line 3",
            p("f_warn.toml")
        ),
    ];
    for e in &expect {
        assert!(stdout.contains(e.as_str()), "missing {e:?} in:\n{stdout}");
    }
    assert!(
        stdout
            .lines()
            .last()
            .unwrap()
            .contains("errors: fix the errors above"),
        "{stdout}"
    );
    // One problem per line, each `path:line:col: severity: message`.
    let re = regex_lite(&stdout);
    assert!(re, "{stdout}");
}

/// Every line but the summary looks like `path:line:col: error|warning: ...`.
fn regex_lite(stdout: &str) -> bool {
    let lines: Vec<&str> = stdout.lines().collect();
    lines[..lines.len() - 1].iter().all(|l| {
        let mut parts = l.splitn(4, ':');
        let (_, line, col, rest) = (parts.next(), parts.next(), parts.next(), parts.next());
        line.is_some_and(|s| s.parse::<usize>().is_ok())
            && col.is_some_and(|s| s.parse::<usize>().is_ok())
            && rest.is_some_and(|r| r.starts_with(" error: ") || r.starts_with(" warning: "))
    })
}

#[test]
fn check_survives_garbage_bad_utf8_empty_and_huge_files() {
    let data = TempDir::new().unwrap();
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let garbage: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    fs::write(d.join("garbage.toml"), &garbage).unwrap();
    fs::write(d.join("latin1.toml"), b"[deck]\nname = \"caf\xe9\"\n").unwrap();
    fs::write(d.join("empty.toml"), b"").unwrap();
    let mut huge = String::from("[deck]\nid = \"huge\"\n");
    while huge.len() < 50 * 1024 * 1024 {
        huge.push_str(
            "[[cards]]\nfront = \"a question that is quite long to fill the file\"\nback = \"b\"\n",
        );
    }
    fs::write(d.join("huge.toml"), huge).unwrap();
    let out = concur(data.path()).arg("check").arg(d).assert().code(1);
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        stdout.contains("latin1.toml:2:12: error: not valid UTF-8"),
        "{stdout}"
    );
    assert!(
        stdout.contains("empty.toml:1:1: warning: deck has no cards"),
        "{stdout}"
    );
    assert!(
        stdout.contains("huge.toml:1:1: error: deck file is 50 MiB"),
        "{stdout}"
    );
    assert!(stdout.contains("garbage.toml:"), "{stdout}");
    assert!(!stdout.contains("panicked"));
}

#[test]
fn check_missing_path_says_so() {
    let data = TempDir::new().unwrap();
    concur(data.path())
        .args(["check", "/nonexistent/deck.toml"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "/nonexistent/deck.toml:1:1: error: no such file or folder: check the path given to `concur check`",
        ));
}

#[test]
fn check_rejects_unknown_demo_names() {
    let data = TempDir::new().unwrap();
    let dir = TempDir::new().unwrap();
    let f = write(
        dir.path(),
        "d.toml",
        "[[cards]]\nid = \"a\"\nfront = \"f\"\nback = \"b\"\ndemo = \"rm -rf /\"\n",
    );
    concur(data.path())
        .arg("check")
        .arg(&f)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "d.toml:5:8: error: unknown demo \"rm -rf /\"",
        ));
}

#[test]
fn invalid_user_deck_is_reported_and_others_still_load() {
    let data = TempDir::new().unwrap();
    write(data.path(), "decks/good.toml", GOOD);
    write(data.path(), "decks/bad.toml", "[[cards]]\nfront = 1\n");
    let out = concur(data.path())
        .args(["due", "--json"])
        .assert()
        .success();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("bad.toml:2:9: error: `front` must be a string"),
        "{stderr}"
    );
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let decks: Vec<&str> = v["cards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["deck"].as_str().unwrap())
        .collect();
    assert!(decks.contains(&"mine"));
    assert!(decks.contains(&"mt-vs-mp"));
}

#[test]
fn simulate_table_and_json() {
    let data = TempDir::new().unwrap();
    let out = concur(data.path())
        .args(["simulate", "--json", "5", "5", "5", "5", "5", "5"])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let intervals: Vec<u64> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["interval"].as_u64().unwrap())
        .collect();
    assert_eq!(intervals, vec![1, 6, 17, 48, 140, 420]);
    assert_eq!(
        v[0],
        serde_json::json!({"grade": 5, "n": 1, "ef": 2.6, "interval": 1})
    );
    assert_eq!(v[5]["ef"], serde_json::json!(3.1));

    concur(data.path())
        .args(["simulate", "--from", "2,1.3,6", "3"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "   1      3     3   1.30         8  2026-12-03",
        ));
}

#[test]
fn simulate_rejects_bad_input() {
    let data = TempDir::new().unwrap();
    concur(data.path())
        .args(["simulate", "7"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "grade \"7\" is not a whole number from 0 to 5",
        ));
    concur(data.path())
        .args(["simulate", "--from", "1,2.555,1", "5"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid E-Factor"));
    concur(data.path()).args(["simulate"]).assert().code(2);
}

#[test]
fn due_json_reflects_the_log_and_reports_torn_lines_and_orphans() {
    let data = TempDir::new().unwrap();
    write(data.path(), "decks/mine.toml", GOOD);
    let log = concat!(
        "{\"at\":\"2026-11-20T09:00:00+01:00\",\"deck\":\"mine\",\"card\":\"one\",\"grade\":5,\"kind\":\"review\",\"ms\":900}\n",
        "{\"at\":\"2026-11-21T09:00:00+01:00\",\"deck\":\"mine\",\"card\":\"one\",\"grade\":4,\"kind\":\"review\",\"ms\":900}\n",
        "{\"at\":\"2026-11-24T09:00:00+01:00\",\"deck\":\"mine\",\"card\":\"two\",\"grade\":1,\"kind\":\"review\",\"ms\":900}\n",
        "{\"at\":\"2026-11-24T09:01:00+01:00\",\"deck\":\"mine\",\"card\":\"two\",\"grade\":5,\"kind\":\"drill\",\"ms\":900}\n",
        "{\"at\":\"2026-11-24T09:02:00+01:00\",\"deck\":\"gone\",\"card\":\"old\",\"grade\":5,\"kind\":\"review\",\"ms\":900}\n",
        "{\"at\":\"2026-11-24T09:03:00+01:00\",\"deck\":\"mine\",\"ca"
    );
    write(data.path(), "reviews.jsonl", log);
    let out = concur(data.path())
        .args(["due", "--json"])
        .assert()
        .success();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("reviews.jsonl:6: warning: incomplete last line"),
        "{stderr}"
    );
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["today"], "2026-11-25");
    let card = |id: &str| {
        v["cards"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["deck"] == "mine" && c["card"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(
        card("one"),
        serde_json::json!({"deck":"mine","card":"one","status":"later","n":2,"ef":2.6,"interval":6,"due":"2026-11-27"})
    );
    assert_eq!(
        card("two"),
        serde_json::json!({"deck":"mine","card":"two","status":"due","n":0,"ef":1.96,"interval":1,"due":"2026-11-25"})
    );
    let first_bundled = v["cards"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["deck"] == "mt-vs-mp")
        .unwrap();
    assert_eq!(first_bundled["status"], "new");
    assert_eq!(first_bundled["due"], serde_json::Value::Null);
    // The log is never rewritten.
    assert_eq!(
        fs::read_to_string(data.path().join("reviews.jsonl")).unwrap(),
        log
    );

    let plain = concur(data.path()).arg("due").assert().success();
    let stdout = String::from_utf8(plain.get_output().stdout.clone()).unwrap();
    assert!(stdout.contains("Today is 2026-11-25."), "{stdout}");
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("mine ") && l.contains(" two ") && l.contains(" due ")),
        "{stdout}"
    );
    // The total counts the decks' cards (due + new + later), not the
    // orphan; it used to be matched as "1 cards in", which only held while
    // the bundled decks had 39 cards.
    let total = stdout.lines().find(|l| l.starts_with("total ")).unwrap();
    let numbers: Vec<usize> = total
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|w| w.parse().ok())
        .collect();
    assert_eq!(numbers.len(), 5, "{total}");
    assert_eq!(numbers[0] + numbers[1] + numbers[2], numbers[3], "{total}");
    assert!(total.ends_with("cards in 4 decks)"), "{total}");
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("mine ") && l.contains("1 due") && l.contains("1 later")),
        "{stdout}"
    );
}

#[test]
fn data_dir_comes_from_concur_home_unless_flag_given() {
    let home = TempDir::new().unwrap();
    write(home.path(), "decks/mine.toml", GOOD);
    let mut c = Command::new(exe());
    c.env("CONCUR_HOME", home.path()).args(["due", "--json"]);
    let out = c.assert().success();
    assert!(String::from_utf8_lossy(&out.get_output().stdout).contains("\"deck\":\"mine\""));
    // --data-dir wins over $CONCUR_HOME.
    let other = TempDir::new().unwrap();
    let mut c = Command::new(exe());
    c.env("CONCUR_HOME", home.path())
        .arg("--data-dir")
        .arg(other.path())
        .args(["due", "--json"]);
    let out = c.assert().success();
    assert!(!String::from_utf8_lossy(&out.get_output().stdout).contains("\"deck\":\"mine\""));
}

#[test]
fn deck_flag_adds_files_and_folders() {
    let data = TempDir::new().unwrap();
    let dir = TempDir::new().unwrap();
    let f = write(dir.path(), "x/mine.toml", GOOD);
    for path in [f.clone(), dir.path().join("x")] {
        concur(data.path())
            .arg("--deck")
            .arg(&path)
            .args(["due", "--json"])
            .assert()
            .success()
            .stdout(predicate::str::contains("\"deck\":\"mine\""));
    }
}

#[test]
fn bad_today_is_a_usage_error() {
    let mut c = Command::new(exe());
    c.args(["--today", "25/11/2026", "due"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("YYYY-MM-DD"));
}

#[test]
fn no_subcommand_prints_the_due_summary_when_not_a_terminal() {
    let data = TempDir::new().unwrap();
    concur(data.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("Today is 2026-11-25."))
        .stdout(predicate::str::contains("mt-vs-mp"));
}

#[test]
fn quiz_last_weak_without_a_finished_quiz_says_so() {
    let data = TempDir::new().unwrap();
    concur(data.path())
        .args(["quiz", "--last-weak"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no quiz has been finished yet"));
    concur(data.path())
        .args(["quiz", "--count", "0"])
        .assert()
        .code(2);
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let data = TempDir::new().unwrap();
    let mut child = Command::new(exe())
        .arg("--data-dir")
        .arg(data.path())
        .arg("due")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Close the reading end at once, like `concur due | head -0`.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}
