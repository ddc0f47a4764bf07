//! `concur export --format apkg` and `--format anki` as Anki reads them:
//! the package is unzipped and its collection opened with SQLite, in a
//! temporary folder. (`scripts/check_anki_export.py` imports both into
//! real Anki; it is not run here.)

use std::io::Read;
use std::path::Path;

use assert_cmd::prelude::*;
use predicates::prelude::*;

use crate::common::{concur, stdout, write_deck};

const CODE: &str = r#"[deck]
id = "code"
name = "Threads"

[[cards]]
id = "lock"
front = "Make it safe"
back = """
```python
with lock:
    if n < 10:
        n += 1
```"""
explain = "The `with` block holds the lock."

[[cards]]
id = "sizing"
cloze = "use `n = {{c1::n_cores}}`; a {{c2::Process}} has its own memory"
back = "extra"
"#;

const SAME_NAME: &str = "[deck]\nid = \"other\"\nname = \"Threads\"\n[[cards]]\nid = \"x\"\nfront = \"f\"\nback = \"b\"\n";

/// The collection of the package at `apkg`, copied out of the zip.
fn collection(apkg: &Path, dir: &Path) -> rusqlite::Connection {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(apkg).unwrap()).unwrap();
    let mut bytes = Vec::new();
    zip.by_name("collection.anki2")
        .unwrap()
        .read_to_end(&mut bytes)
        .unwrap();
    let db = dir.join("collection.anki2");
    std::fs::write(&db, bytes).unwrap();
    rusqlite::Connection::open(db).unwrap()
}

fn strings(db: &rusqlite::Connection, sql: &str) -> Vec<String> {
    let mut stmt = db.prepare(sql).unwrap();
    stmt.query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn export_apkg(data: &Path, to: &Path) {
    concur(data)
        .args(["export", "--format", "apkg", "code", "other", "-o"])
        .arg(to)
        .assert()
        .success()
        .stderr(predicate::str::contains("Wrote 3 notes from 2 decks"));
}

#[test]
fn apkg_has_code_as_code_explain_in_its_field_a_cloze_note_and_a_deck_per_id() {
    let tmp = tempfile::tempdir().unwrap();
    write_deck(tmp.path(), "code.toml", CODE);
    write_deck(tmp.path(), "other.toml", SAME_NAME);
    let apkg = tmp.path().join("out.apkg");
    export_apkg(tmp.path(), &apkg);
    let db = collection(&apkg, tmp.path());
    let fields = strings(&db, "SELECT flds FROM notes ORDER BY guid");
    assert_eq!(
        fields[0],
        "<pre><code class=\"language-python\">with lock:\n    if n &lt; 10:\n        n += 1</code></pre>"
            .replace("<pre>", "Make it safe\x1f<pre>")
            + "\x1fThe <code>with</code> block holds the lock.\x1f"
    );
    assert_eq!(
        fields[1],
        "use <code>n = {{c1::n_cores}}</code>; a {{c2::Process}} has its own memory\x1fextra\x1f"
    );
    assert_eq!(
        strings(&db, "SELECT guid FROM notes ORDER BY guid"),
        ["concur:code:lock", "concur:code:sizing", "concur:other:x"]
    );
    // The cloze note makes one card per number, in the deck of its own.
    assert_eq!(
        strings(
            &db,
            "SELECT group_concat(ord) FROM (SELECT ord FROM cards WHERE nid = (SELECT id FROM notes WHERE guid = 'concur:code:sizing') ORDER BY ord)"
        ),
        ["0,1"]
    );
    let decks = strings(&db, "SELECT decks FROM col").remove(0);
    assert!(decks.contains("\"concur::Threads (code)\""), "{decks}");
    assert!(decks.contains("\"concur::Threads (other)\""), "{decks}");
    let dids = strings(&db, "SELECT DISTINCT CAST(did AS TEXT) FROM cards");
    assert_eq!(dids.len(), 2);
}

#[test]
fn a_second_apkg_has_the_same_ids_so_anki_updates_in_place() {
    let tmp = tempfile::tempdir().unwrap();
    write_deck(tmp.path(), "code.toml", CODE);
    write_deck(tmp.path(), "other.toml", SAME_NAME);
    let ids = |name: &str| {
        let apkg = tmp.path().join(name);
        export_apkg(tmp.path(), &apkg);
        let db = collection(&apkg, tmp.path());
        strings(
            &db,
            "SELECT n.guid || ' ' || n.id || ' ' || c.id || ' ' || c.did FROM cards c JOIN notes n ON n.id = c.nid ORDER BY c.id",
        )
    };
    let one = ids("one.apkg");
    assert_eq!(one.len(), 4);
    assert_eq!(one, ids("two.apkg"));
}

#[test]
fn apkg_needs_a_file() {
    let tmp = tempfile::tempdir().unwrap();
    concur(tmp.path())
        .args(["export", "--format", "apkg"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("name the file with -o"));
}

#[test]
fn anki_text_is_html_with_a_cloze_note_and_a_deck_per_id() {
    let tmp = tempfile::tempdir().unwrap();
    write_deck(tmp.path(), "code.toml", CODE);
    write_deck(tmp.path(), "other.toml", SAME_NAME);
    let out = concur(tmp.path())
        .args(["export", "--format", "anki", "code", "other"])
        .output()
        .unwrap();
    let text = stdout(&out);
    let rows: Vec<&str> = text.split("\nconcur:").skip(1).collect();
    assert_eq!(rows.len(), 3, "{text}");
    assert!(rows[0].starts_with(
        "code:lock\tBasic\tconcur::Threads (code)\tMake it safe\t\"<pre><code class=\"\"language-python\"\">with lock:\n    if n &lt; 10:\n"
    ), "{text}");
    assert!(rows[0].ends_with(
        "</code></pre><hr class=\"\"explain\"\">The <code>with</code> block holds the lock.\"\tcode"
    ), "{text}");
    assert_eq!(
        rows[1],
        "code:sizing\tCloze\tconcur::Threads (code)\tuse <code>n = {{c1::n_cores}}</code>; a {{c2::Process}} has its own memory\textra\tcode"
    );
    assert_eq!(
        rows[2],
        "other:x\tBasic\tconcur::Threads (other)\tf\tb\tother\n"
    );
}
