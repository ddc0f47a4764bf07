//! `concur import deck.apkg` end to end, on packages made by real Anki
//! (`tests/fixtures/anki/`, from `scripts/make_apkg_fixtures.py`): both
//! formats give the same decks, which pass `check` with their text, code
//! indentation, decks, tags, reverse cards, clozes and guids; progress only
//! on request, once; nothing written when anything is refused.

use std::path::{Path, PathBuf};

use assert_cmd::prelude::*;
use predicates::prelude::*;

use crate::common::{concur, concur_today, due_json};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/anki")
        .join(name)
}

fn deck(data: &Path, id: &str) -> toml::Table {
    let text = std::fs::read_to_string(data.join("decks").join(format!("{id}.toml"))).unwrap();
    toml::from_str(&text).unwrap()
}

fn card<'a>(deck: &'a toml::Table, id: &str) -> &'a toml::Table {
    deck["cards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_table().unwrap())
        .find(|c| c["id"].as_str() == Some(id))
        .unwrap_or_else(|| panic!("no card {id} in {deck:#?}"))
}

fn s<'a>(t: &'a toml::Table, key: &str) -> &'a str {
    t[key].as_str().unwrap()
}

#[test]
fn both_formats_import_into_decks_that_pass_check_with_everything_kept() {
    for package in ["current.apkg", "legacy.apkg"] {
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path();
        concur_today(data)
            .arg("import")
            .arg(fixture(package))
            .assert()
            .success()
            .stderr(predicate::str::contains("Imported 9 notes in 4 decks"))
            .stderr(predicate::str::contains(
                "note type \"Vocabulary\" (1 note, fields Word, Meaning, Example) is not Basic, reversed or Cloze",
            ))
            .stderr(predicate::str::contains("1 image and 1 sound left out"))
            .stderr(predicate::str::contains(
                "progress not imported: the package's review log holds 3 reviews; pass --with-progress",
            ));
        concur_today(data)
            .arg("check")
            .assert()
            .success()
            .stdout(predicate::str::contains("0 warnings"));

        let py = deck(data, "python-concurrency");
        assert_eq!(
            s(py["deck"].as_table().unwrap(), "name"),
            "Python › Concurrency"
        );
        let gil = card(&py, "what-does-the-gil-protect");
        assert_eq!(s(gil, "front"), "What does the GIL protect?");
        assert_eq!(
            s(gil, "back"),
            "CPython's interpreter state & reference counts\n(one thread runs bytecode at a time)"
        );
        assert_eq!(s(gil, "guid"), "f>Xk1@2Z\"q");
        assert_eq!(gil["tags"].as_array().unwrap().len(), 2);
        let code = card(&py, "start-a-thread-that-runs-work-1");
        assert_eq!(s(code, "front"), "Start a thread that runs `work(1)`");
        assert_eq!(
            s(code, "back"),
            "```\nimport threading\n\ndef main():\n    t = threading.Thread(target=work, args=(1,))\n    t.start()\n    t.join()\n```"
        );
        assert!(
            code["tags"]
                .as_array()
                .unwrap()
                .iter()
                .any(|t| t.as_str() == Some("threading::basics"))
        );
        let cloze = card(&py, "a-process-has-its-own-memory-threads-share-one");
        assert_eq!(
            s(cloze, "cloze"),
            "A {{c1::process}} has its own memory; {{c2::threads::what?}} share one."
        );
        assert_eq!(s(cloze, "back"), "See multiprocessing.");
        assert_eq!(s(cloze, "guid"), "cloze-1");

        let top = deck(data, "python");
        let divs = card(&top, "compare-with-and-in-python");
        assert_eq!(s(divs, "front"), "Compare with <, > and & in Python?");
        assert_eq!(
            s(divs, "back"),
            "if a < b:\n    print(\"less\")\n- one\n- two"
        );

        let rust = deck(data, "rust-basics");
        assert_eq!(card(&rust, "ownership")["reverse"].as_bool(), Some(true));
        assert_eq!(card(&rust, "borrow")["reverse"].as_bool(), Some(true));
        assert!(card(&rust, "lifetime").get("reverse").is_none());
        // A copy of Basic under another name is Basic.
        let grund = card(&rust, "was-ist-box-t");
        assert_eq!(s(grund, "front"), "Was ist `Box<T>`?");
        assert_eq!(s(grund, "back"), "ein Zeiger auf den Heap");

        let german = deck(data, "languages-german");
        let vocab = card(&german, "der-faden");
        assert_eq!(
            s(vocab, "back"),
            "Meaning: the thread\n\nExample: Der Faden läuft. [image: diagram.png] [sound: faden.mp3]"
        );
        assert!(s(vocab, "explain").contains("image diagram.png, sound faden.mp3"));

        let due = due_json(data, "2026-11-25");
        for id in [
            "\"ownership~rev\"",
            "\"borrow~rev\"",
            "\"a-process-has-its-own-memory-threads-share-one::c1\"",
            "\"a-process-has-its-own-memory-threads-share-one::c2\"",
        ] {
            assert!(due.contains(id), "{id} not in {due}");
        }
        assert!(!due.contains("\"lifetime~rev\""));
    }
}

#[test]
fn progress_is_imported_on_request_and_only_once() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path();
    let import = || {
        let mut c = concur_today(data);
        c.env("TZ", "UTC")
            .arg("import")
            .arg("--with-progress")
            .arg("--force")
            .arg(fixture("current.apkg"));
        c
    };
    import()
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "Added 2 reviews to the review log.",
        ))
        .stderr(predicate::str::contains(
            "1 row of the review log not imported: manual reschedules",
        ));
    let log = std::fs::read_to_string(data.join("reviews.jsonl")).unwrap();
    let lines: Vec<serde_json::Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{log}");
    // Again -> 1 on 2026-11-20, Good -> 4 on 2026-11-21.
    assert_eq!(lines[0]["grade"], 1);
    assert_eq!(lines[1]["grade"], 4);
    assert!(
        lines[1]["at"]
            .as_str()
            .unwrap()
            .starts_with("2026-11-21T09:00:00")
    );
    assert_eq!(lines[1]["card"], "what-does-the-gil-protect");
    assert_eq!(lines[1]["ms"], 4500);
    // The card has its progress: reviewed, due again after its interval.
    let due = due_json(data, "2026-11-25");
    assert!(
        due.contains("\"card\":\"what-does-the-gil-protect\",\"status\":\"due\",\"n\":1"),
        "{due}"
    );
    // Again: the decks are overwritten, the history not added twice.
    import()
        .assert()
        .success()
        .stderr(predicate::str::contains("1 card already had history"));
    let again = std::fs::read_to_string(data.join("reviews.jsonl")).unwrap();
    assert_eq!(again, log);
}

#[test]
fn existing_decks_are_refused_without_force_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path();
    crate::common::write_deck(
        data,
        "python.toml",
        "[deck]\nid = \"python\"\n[[cards]]\nid = \"a\"\nfront = \"mine\"\nback = \"b\"\n",
    );
    concur(data)
        .arg("import")
        .arg(fixture("legacy.apkg"))
        .arg("--with-progress")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "python.toml already exists: pass --force to overwrite, or -o another folder; nothing was written",
        ));
    let files: Vec<_> = std::fs::read_dir(data.join("decks")).unwrap().collect();
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(!data.join("reviews.jsonl").exists());
    concur(data)
        .arg("import")
        .arg(fixture("legacy.apkg"))
        .arg("--force")
        .assert()
        .success();
    assert_eq!(std::fs::read_dir(data.join("decks")).unwrap().count(), 4);
}

#[test]
fn dash_o_names_an_existing_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let out = tmp.path().join("out");
    std::fs::create_dir(&out).unwrap();
    concur(&data)
        .arg("import")
        .arg(fixture("current.apkg"))
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        .stderr(predicate::str::contains("Next: concur check"));
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 4);
    assert!(!data.join("decks").exists());
    concur(&data).arg("check").arg(&out).assert().success();
    for bad in [tmp.path().join("missing"), out.join("python.toml")] {
        concur(&data)
            .arg("import")
            .arg(fixture("current.apkg"))
            .arg("-o")
            .arg(&bad)
            .assert()
            .code(2);
    }
    concur(&data)
        .arg("import")
        .arg(fixture("current.apkg"))
        .arg("--deck-id")
        .arg("x")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--deck-id and --bullets are for Markdown",
        ));
}

#[test]
fn an_imported_notes_guid_goes_back_to_anki_and_through_json() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path();
    concur_today(data)
        .arg("import")
        .arg(fixture("current.apkg"))
        .assert()
        .success();
    let text = tmp.path().join("out.txt");
    concur_today(data)
        .args(["export", "--format", "anki", "-o"])
        .arg(&text)
        .arg("python-concurrency")
        .assert()
        .success();
    let rows = std::fs::read_to_string(&text).unwrap();
    // Anki's guid column: the note's own guid, not one made up by concur.
    for guid in ["cloze-1\t", "\"f>Xk1@2Z\"\"q\"\t"] {
        assert!(rows.contains(guid), "{guid} not in {rows}");
    }
    assert!(!rows.contains("concur:python-concurrency:"), "{rows}");
    // JSON export and import keep the guid.
    let json = tmp.path().join("all.json");
    concur_today(data)
        .args(["export", "--format", "json", "-o"])
        .arg(&json)
        .arg("python-concurrency")
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(&json)
            .unwrap()
            .contains("\"guid\": \"cloze-1\"")
    );
    let again = tempfile::tempdir().unwrap();
    let out = concur_today(again.path())
        .arg("import")
        .arg(&json)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let back: toml::Table = toml::from_str(&String::from_utf8(out.stdout).unwrap()).unwrap();
    let cloze = card(&back, "a-process-has-its-own-memory-threads-share-one");
    assert_eq!(s(cloze, "guid"), "cloze-1");
}
