//! `concur import` of JSON exports and the options that name decks:
//! `--deck-id` picks a deck of the export, `--as` renames, every deck of a
//! multi-deck export by default (into a folder), an `--as` that clashes
//! with a loaded deck is an error; cloze notes in the export's shape
//! (`cloze` on the card, `id` the note's id), and their bad markup at
//! `file:line:col`.

use crate::common::{concur, stdout, write, write_deck};

/// A hand-written export of two decks; `gil` holds a cloze note.
const TWO_DECKS: &str = r#"{
  "format": "concur-decks",
  "version": 1,
  "decks": [
    {
      "id": "gil",
      "name": "The GIL",
      "cards": [
        {"id": "what", "front": "What is the GIL?", "back": "A lock"},
        {
          "id": "proc-threads",
          "cloze": "a {{c1::Process}} has its own memory, {{c2::threads::what?}} share one",
          "back": "See the demo.",
          "explain": "Threads share the heap.",
          "tags": ["memory"],
          "accept": ["processes"],
          "demo": {"name": "cpu-bound", "workers": 2}
        }
      ]
    },
    {
      "id": "locks",
      "name": "Locks",
      "cards": [{"id": "mutex", "front": "Mutex?", "back": "mutual exclusion"}]
    }
  ]
}
"#;

/// Runs `concur import` in `data` and returns (exit code, stdout, stderr).
fn run(data: &std::path::Path, args: &[&std::ffi::OsStr]) -> (i32, String, String) {
    let out = concur(data).arg("import").args(args).output().unwrap();
    let err = String::from_utf8(out.stderr.clone()).unwrap();
    (out.status.code().unwrap(), stdout(&out), err)
}

#[test]
fn every_deck_of_an_export_goes_to_a_folder_and_loads_with_its_cloze_cards() {
    let tmp = tempfile::tempdir().unwrap();
    let json = write(tmp.path(), "all.json", TWO_DECKS);
    let dir = tmp.path().join("out");
    std::fs::create_dir(&dir).unwrap();
    let (code, _, err) = run(tmp.path(), &[json.as_ref(), "-o".as_ref(), dir.as_ref()]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("Wrote 3 cards to"), "{err}");
    assert!(err.contains("(deck id \"locks\")"), "{err}");
    let gil = std::fs::read_to_string(dir.join("gil.toml")).unwrap();
    assert!(gil.contains("cloze = \"a {{c1::Process}}"), "{gil}");
    assert!(
        std::fs::read_to_string(dir.join("locks.toml"))
            .unwrap()
            .contains("Mutex?")
    );
    let check = concur(tmp.path()).arg("check").arg(&dir).output().unwrap();
    assert!(check.status.success(), "{check:?}");
    assert_eq!(stdout(&check), "2 decks, 4 cards, 0 warnings\n");
    let due = concur(tmp.path())
        .args(["--today", "2026-11-25", "--deck"])
        .arg(dir.join("gil.toml"))
        .args(["due", "--json"])
        .output()
        .unwrap();
    let due = stdout(&due);
    for id in ["\"what\"", "\"proc-threads::c1\"", "\"proc-threads::c2\""] {
        assert!(due.contains(id), "{id} in {due}");
    }
    // Again without --force: nothing is overwritten.
    let (code, _, err) = run(tmp.path(), &[json.as_ref(), "-o".as_ref(), dir.as_ref()]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("already exists"), "{err}");
}

#[test]
fn deck_id_picks_as_renames_and_several_decks_need_a_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let json = write(tmp.path(), "all.json", TWO_DECKS);
    let (code, out, err) = run(tmp.path(), &[json.as_ref()]);
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert!(
        err.contains("the export holds 2 decks (gil, locks): pass -o FOLDER"),
        "{err}"
    );
    let (code, out, err) = run(
        tmp.path(),
        &[json.as_ref(), "--deck-id".as_ref(), "locks".as_ref()],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("id = \"locks\"") && !out.contains("GIL"),
        "{out}"
    );
    let args = [
        json.as_ref(),
        "--deck-id".as_ref(),
        "locks".as_ref(),
        "--as".as_ref(),
        "my-locks".as_ref(),
    ];
    let (code, out, err) = run(tmp.path(), &args);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("id = \"my-locks\"\nname = \"Locks\""), "{out}");
    let (code, _, err) = run(tmp.path(), &[json.as_ref(), "--as".as_ref(), "x".as_ref()]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("--as names one deck, but the export holds 2 decks"),
        "{err}"
    );
    // On Markdown, --deck-id names no deck of a file: it says to use --as.
    let md = write(tmp.path(), "n.md", "front | back\n--|--\nq | a\n");
    let (code, _, err) = run(
        tmp.path(),
        &[md.as_ref(), "--deck-id".as_ref(), "n".as_ref()],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("pass --as ID"), "{err}");
}

#[test]
fn an_as_id_that_a_loaded_deck_has_is_an_error_that_names_as() {
    let tmp = tempfile::tempdir().unwrap();
    write_deck(
        tmp.path(),
        "threads.toml",
        "[deck]\nid = \"threads\"\nname = \"Threads\"\n\n[[cards]]\nid = \"a\"\nfront = \"f\"\nback = \"b\"\n",
    );
    let md = write(
        tmp.path(),
        "notes.md",
        "# Threads\n\nfront | back\n--|--\nq | a\n",
    );
    let out_file = tmp.path().join("new.toml");
    let args = [
        md.as_ref(),
        "--as".as_ref(),
        "threads".as_ref(),
        "-o".as_ref(),
        out_file.as_ref(),
    ];
    let (code, _, err) = run(tmp.path(), &args);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("deck id \"threads\" is already used by"),
        "{err}"
    );
    assert!(err.contains("pass --as with another id"), "{err}");
    assert!(!out_file.exists());
    // The id taken from the heading only warns, and says how to change it.
    let (code, _, err) = run(tmp.path(), &[md.as_ref(), "-o".as_ref(), out_file.as_ref()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("warning: deck id \"threads\" is already used"),
        "{err}"
    );
    assert!(err.contains("pass --as ID"), "{err}");
    // A bundled deck's id is no clash: the import replaces it, and says so.
    let other = tmp.path().join("mine.toml");
    let args = [
        md.as_ref(),
        "--as".as_ref(),
        "mt-vs-mp".as_ref(),
        "-o".as_ref(),
        other.as_ref(),
    ];
    let (code, _, err) = run(tmp.path(), &args);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("mine.toml replaces the bundled deck mt-vs-mp"),
        "{err}"
    );
}

#[test]
fn bad_cloze_markup_in_an_export_is_an_error_at_its_line_and_column() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = TWO_DECKS.replace("{{c2::threads::what?}}", "{{c2::threads");
    let json = write(tmp.path(), "bad.json", &bad);
    let (code, out, err) = run(tmp.path(), &[json.as_ref()]);
    assert_eq!((code, out.as_str()), (1, ""), "{err}");
    assert!(
        err.contains("bad.json:12:59: error: deck \"gil\", card 2 (\"proc-threads\"): cloze: deletion is never closed"),
        "{err}"
    );
}

/// The `source` and `line` of every card, which say where a deck was read.
fn without_sources(mut v: serde_json::Value) -> serde_json::Value {
    for deck in v["decks"].as_array_mut().unwrap() {
        deck.as_object_mut().unwrap().remove("source");
        for card in deck["cards"].as_array_mut().unwrap() {
            let card = card.as_object_mut().unwrap();
            card.remove("source");
            card.remove("line");
        }
    }
    v
}

#[test]
fn the_bundled_decks_round_trip_through_json_with_their_cloze_notes() {
    let tmp = tempfile::tempdir().unwrap();
    let first = tmp.path().join("first.json");
    let ok = |o: std::process::Output| assert!(o.status.success(), "{o:?}");
    ok(concur(tmp.path())
        .args(["export", "--format", "json", "-o"])
        .arg(&first)
        .output()
        .unwrap());
    let text = std::fs::read_to_string(&first).unwrap();
    assert!(text.contains("\"cloze\""), "no cloze note in the export");
    // Into the data folder's decks: they replace the bundled decks.
    let dir = tmp.path().join("decks");
    std::fs::create_dir(&dir).unwrap();
    let (code, _, err) = run(tmp.path(), &[first.as_ref(), "-o".as_ref(), dir.as_ref()]);
    assert_eq!(code, 0, "{err}");
    let check = concur(tmp.path()).arg("check").output().unwrap();
    assert!(check.status.success(), "{check:?}");
    assert_eq!(
        stdout(&check).matches("replaces the bundled deck").count(),
        3
    );
    let second = tmp.path().join("second.json");
    ok(concur(tmp.path())
        .args(["export", "--format", "json", "-o"])
        .arg(&second)
        .output()
        .unwrap());
    let read = |p: &std::path::Path| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
    };
    assert_eq!(
        without_sources(read(&first)),
        without_sources(read(&second))
    );
}
