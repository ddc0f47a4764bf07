//! `concur import` on hostile or huge Anki packages, built here with the
//! `zip` and `rusqlite` crates: a clear error (exit 1, nothing written) or
//! a bounded import, never a panic.

use std::io::Write;
use std::path::{Path, PathBuf};

use assert_cmd::prelude::*;
use predicates::prelude::*;

use concur::deck::import::apkg::{ApkgOptions, LIMITS, Limits, import_apkg_with};

use crate::common::concur;

/// A zip at `dir/name` holding `entries` (deflated).
fn zip_file(dir: &Path, name: &str, entries: &[(&str, &[u8])]) -> PathBuf {
    let path = dir.join(name);
    let mut z = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (n, bytes) in entries {
        z.start_file(*n, opts).unwrap();
        z.write_all(bytes).unwrap();
    }
    z.finish().unwrap();
    path
}

/// A legacy (schema 11) collection with one Basic note type and one deck
/// "Big", holding a note per `(front, back)`, as SQLite bytes.
fn legacy_collection(dir: &Path, notes: impl Iterator<Item = (String, String)>) -> Vec<u8> {
    let db = dir.join("collection.anki21");
    let _ = std::fs::remove_file(&db);
    let mut conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(
        "CREATE TABLE col (id integer PRIMARY KEY, models text NOT NULL, decks text NOT NULL);
         CREATE TABLE notes (id integer PRIMARY KEY, guid text NOT NULL, mid integer NOT NULL, tags text NOT NULL, flds text NOT NULL);
         CREATE TABLE cards (id integer PRIMARY KEY, nid integer NOT NULL, did integer NOT NULL, ord integer NOT NULL, odid integer NOT NULL);
         CREATE TABLE revlog (id integer PRIMARY KEY, cid integer NOT NULL, ease integer NOT NULL, time integer NOT NULL, type integer NOT NULL);",
    )
    .unwrap();
    let models = r#"{"7":{"name":"Basic","type":0,"flds":[{"name":"Front","ord":0},{"name":"Back","ord":1}],"tmpls":[{"qfmt":"{{Front}}","ord":0}]}}"#;
    conn.execute(
        "INSERT INTO col VALUES (1, ?1, ?2)",
        [models, r#"{"5":{"name":"Big"}}"#],
    )
    .unwrap();
    let tx = conn.transaction().unwrap();
    for (i, (front, back)) in notes.enumerate() {
        let id = i as i64 + 1;
        tx.execute(
            "INSERT INTO notes VALUES (?1, ?2, 7, ' t ', ?3)",
            rusqlite::params![id, format!("g{id}"), format!("{front}\x1f{back}")],
        )
        .unwrap();
        tx.execute(
            "INSERT INTO cards VALUES (?1, ?1, 5, 0, 0)",
            rusqlite::params![id],
        )
        .unwrap();
    }
    tx.commit().unwrap();
    drop(conn);
    std::fs::read(&db).unwrap()
}

fn import(data: &Path, package: &Path) -> assert_cmd::assert::Assert {
    concur(data).arg("import").arg(package).assert()
}

fn nothing_written(data: &Path) {
    assert!(!data.join("decks").exists(), "decks were written");
    assert!(!data.join("reviews.jsonl").exists());
}

#[test]
fn broken_packages_are_clear_errors_and_write_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let data = dir.join("data");
    let real = legacy_collection(dir, [("q".to_string(), "a".to_string())].into_iter());
    let not_zip = dir.join("notes.apkg");
    std::fs::write(&not_zip, "# just Markdown\n").unwrap();
    let cases: Vec<(PathBuf, &str)> = vec![
        (not_zip, "not an Anki package: it is not a zip file"),
        (
            zip_file(dir, "empty.apkg", &[("media", b"{}")]),
            "a zip file without an Anki collection",
        ),
        (
            zip_file(dir, "garbage.apkg", &[("collection.anki21", &[7u8; 4096])]),
            "collection.anki21 is not an SQLite database (it is damaged, encrypted, or not made by Anki)",
        ),
        (
            zip_file(
                dir,
                "truncated.apkg",
                &[("collection.anki21", &real[..real.len() / 2])],
            ),
            "export the package again from Anki",
        ),
        (
            zip_file(dir, "notzstd.apkg", &[("collection.anki21b", &real)]),
            "cannot read collection.anki21b in the zip: not zstd data",
        ),
    ];
    for (package, message) in cases {
        import(&data, &package)
            .code(1)
            .stderr(predicate::str::contains(message))
            .stderr(predicate::str::contains("panicked").not());
        nothing_written(&data);
    }
    // Any zip is read as a package, whatever its name.
    let named_md = zip_file(dir, "deck.md", &[("media", b"{}")]);
    import(&data, &named_md)
        .code(1)
        .stderr(predicate::str::contains("without an Anki collection"));
}

#[test]
fn a_huge_field_is_cut_and_deep_nesting_is_read() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let data = dir.join("data");
    let huge = "word ".repeat(2 * 1024 * 1024);
    let deep = format!(
        "{}deep{}",
        "<div><b>".repeat(10_000),
        "</b></div>".repeat(10_000)
    );
    let col = legacy_collection(
        dir,
        [("Huge?".to_string(), huge), (deep, "nested".to_string())].into_iter(),
    );
    let package = zip_file(dir, "big.apkg", &[("collection.anki21", &col)]);
    import(&data, &package)
        .success()
        .stderr(predicate::str::contains(
            "1 field cut: over 64 KiB of text each",
        ));
    let text = std::fs::read_to_string(data.join("decks/big.toml")).unwrap();
    assert!(text.len() < 100 * 1024, "{}", text.len());
    assert!(text.contains("front = \"deep\""), "{}", &text[..300]);
    concur(&data).arg("check").assert().success();
}

#[test]
fn a_hundred_thousand_notes_import() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let data = dir.join("data");
    let col = legacy_collection(
        dir,
        (0..100_000).map(|i| (format!("q{i}"), format!("a{i}"))),
    );
    let package = zip_file(dir, "many.apkg", &[("collection.anki21", &col)]);
    import(&data, &package)
        .success()
        .stderr(predicate::str::contains("Imported 100000 notes in 1 deck"));
}

fn error_within(path: &Path, limits: &Limits) -> String {
    import_apkg_with(path, ApkgOptions::default(), limits)
        .unwrap_err()
        .to_string()
}

#[test]
fn a_zip_bomb_stops_at_the_collection_bound() {
    let tmp = tempfile::tempdir().unwrap();
    // 4 MiB of zeros deflate to a few KiB; the bound (small here) is 1 MiB.
    let zeros = vec![0u8; 4 * 1024 * 1024];
    let path = zip_file(tmp.path(), "bomb.apkg", &[("collection.anki21", &zeros)]);
    assert!(std::fs::metadata(&path).unwrap().len() < 64 * 1024);
    let limits = Limits {
        collection_bytes: 1024 * 1024,
        ..LIMITS
    };
    let e = error_within(&path, &limits);
    assert!(
        e.contains("the collection is over 1 MiB once decompressed"),
        "{e}"
    );
    // zstd in the current format too.
    let frame =
        ruzstd::encoding::compress_to_vec(&zeros[..], ruzstd::encoding::CompressionLevel::Fastest);
    let path = zip_file(
        tmp.path(),
        "bomb21b.apkg",
        &[("collection.anki21b", &frame)],
    );
    let e = error_within(&path, &limits);
    assert!(e.contains("over 1 MiB once decompressed"), "{e}");
}

#[test]
fn too_many_entries_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let names: Vec<String> = (0..11).map(|i| i.to_string()).collect();
    let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b""[..])).collect();
    let path = zip_file(tmp.path(), "many.apkg", &entries);
    let limits = Limits {
        entries: 10,
        ..LIMITS
    };
    let e = error_within(&path, &limits);
    assert!(e.contains("the zip holds 11 files, over 10"), "{e}");
}
