//! Hostile text never reaches the terminal raw: a deck file named with ESC,
//! OSC 52 and BEL bytes, a deck id with a bidi override, review-log lines
//! with such bytes in `kind`, `deck` and `card`. Every command's stdout and
//! stderr are checked for raw ESC, BEL, C1, bidi and format characters, and
//! ids from file names are refused with a message saying how to set one.

use std::path::Path;
use std::process::Output;

use concur::text::is_hidden;

use crate::common::{concur_today, write, write_deck};

/// OSC 52 (set the clipboard), a bell and a screen clear.
const EVIL: &str = "evil\u{1b}]52;c;aGk=\u{7}\u{1b}[2J";

/// The hidden characters in `bytes` (line breaks, and the tabs that
/// separate the fields of `export`'s tab-separated output, are allowed).
fn hidden(bytes: &[u8]) -> Vec<char> {
    String::from_utf8_lossy(bytes)
        .chars()
        .filter(|&c| is_hidden(c) && c != '\n' && c != '\t')
        .collect()
}

/// Asserts that neither output stream holds a hidden character.
fn assert_clean(what: &str, out: &Output) {
    for (name, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let bad = hidden(bytes);
        assert!(
            bad.is_empty(),
            "`concur {what}` wrote {bad:?} raw on {name}:\n{}",
            String::from_utf8_lossy(bytes)
        );
    }
}

/// A data folder with hostile deck files and a hostile review log.
fn hostile_data(data: &Path) {
    let card = "[[cards]]\nid = \"a\"\nfront = \"q\"\nback = \"b\"\n";
    write_deck(data, &format!("{EVIL}.toml"), card);
    write_deck(
        data,
        "rtl.toml",
        &format!("[deck]\nid = \"abc\u{202e}txt\"\n{card}"),
    );
    write_deck(data, "good.toml", &format!("[deck]\nid = \"good\"\n{card}"));
    let line = |deck: &str, card: &str, kind: &str| {
        format!(
            "{{\"at\":\"2026-01-01T10:00:00+00:00\",\"deck\":{},\"card\":{},\"grade\":4,\"kind\":{},\"ms\":1000}}\n",
            serde_json::to_string(deck).unwrap(),
            serde_json::to_string(card).unwrap(),
            serde_json::to_string(kind).unwrap()
        )
    };
    let mut log = String::new();
    log.push_str(&line("good", "a", "review"));
    // An unknown kind, echoed in the problem message.
    log.push_str(&line("good", "a", EVIL));
    // Orphans with hostile ids, listed by `check --orphans`.
    log.push_str(&line(EVIL, "a", "review"));
    log.push_str(&line("good", "x\u{202e}\u{200b}y\u{9b}", "review"));
    // Raw control bytes: not even JSON.
    log.push_str(&format!("{{\"at\":\"{EVIL}\u{85}\n"));
    write(data, "reviews.jsonl", &log);
}

#[test]
fn no_command_prints_raw_control_bidi_or_format_characters() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path();
    hostile_data(data);
    let notes = write(data, &format!("notes-{EVIL}.md"), "front|back\n-|-\nq|a\n");
    let runs: Vec<Vec<String>> = vec![
        vec![],
        vec!["check".into()],
        vec!["check".into(), "--json".into()],
        vec!["check".into(), "--orphans".into()],
        vec!["check".into(), "--orphans".into(), "--json".into()],
        vec!["check".into(), data.join("decks").display().to_string()],
        vec!["check".into(), format!("{EVIL}-missing.toml")],
        vec![
            "--deck".into(),
            format!("{EVIL}-missing.toml"),
            "due".into(),
        ],
        vec!["due".into()],
        vec!["due".into(), "--json".into()],
        vec!["export".into()],
        vec!["export".into(), EVIL.into()],
        vec!["export".into(), "--format".into(), "json".into()],
        vec!["quiz".into(), EVIL.into()],
        vec!["new".into(), EVIL.into()],
        vec!["import".into(), notes.display().to_string()],
        vec!["import".into(), format!("{EVIL}.md")],
        vec!["simulate".into(), "4".into(), "5".into()],
    ];
    let mut failures = Vec::new();
    for args in &runs {
        let out = concur_today(data).args(args).output().unwrap();
        let what = args.join(" ");
        for (name, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            let bad = hidden(bytes);
            if !bad.is_empty() {
                failures.push(format!(
                    "`concur {}` wrote {bad:?} raw on {name}",
                    what.escape_debug()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn ids_from_file_names_and_ids_with_bidi_overrides_are_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path();
    hostile_data(data);
    let out = concur_today(data).arg("check").output().unwrap();
    assert_clean("check", &out);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(
            "evil\\u{1b}]52;c;aGk=\\u{7}\\u{1b}[2J.toml:1:1: error: the deck id would be the file name \"evil\\u{1b}]52;c;aGk=\\u{7}\\u{1b}[2J\", which contains a control character (\\u{1b}): set one in the file with [deck] id = \"evil-52-c-agk-2j\""
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "rtl.toml:2:6: error: deck id \"abc\\u{202e}txt\" contains a bidirectional override (\\u{202e})"
        ),
        "{text}"
    );
    // The good deck still loads; the broken ones are named, not loaded.
    let out = concur_today(data).args(["due", "--json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let decks: Vec<&str> = v["cards"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["deck"].as_str())
        .collect();
    assert!(decks.contains(&"good"), "{v}");
    assert!(
        !decks
            .iter()
            .any(|d| d.starts_with("evil") || d.starts_with("abc")),
        "{v}"
    );
}

#[test]
fn json_output_escapes_hidden_characters_and_stays_valid() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path();
    hostile_data(data);
    let out = concur_today(data)
        .args(["check", "--orphans", "--json"])
        .output()
        .unwrap();
    assert_clean("check --orphans --json", &out);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let orphans = v["orphans"].as_array().unwrap();
    // The JSON is escaped, not altered: the ids parse back as they are in
    // the log.
    assert!(orphans.iter().any(|o| o["deck"] == EVIL), "{v}");
    assert!(
        orphans
            .iter()
            .any(|o| o["card"] == "x\u{202e}\u{200b}y\u{9b}"),
        "{v}"
    );
    let raw = String::from_utf8_lossy(&out.stdout);
    assert!(raw.contains("x\\u202e\\u200by\\u009b"), "{raw}");
}

#[test]
fn an_id_of_65536_bytes_is_an_error_in_check_and_due_does_not_panic() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path();
    let long = "x".repeat(65_536);
    let path = write_deck(
        data,
        "long.toml",
        &format!(
            "[deck]\nid = \"long\"\n[[cards]]\nid = \"{long}\"\nfront = \"q\"\nback = \"b\"\n"
        ),
    );
    let out = concur_today(data).arg("check").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("long.toml:4:6: error: card id \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…\" is 65536 characters long (at most 128)"),
        "{text}"
    );
    for args in [&["due"][..], &["due", "--json"], &[]] {
        let out = concur_today(data).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}: {out:?}");
        assert_clean(&args.join(" "), &out);
    }
}
