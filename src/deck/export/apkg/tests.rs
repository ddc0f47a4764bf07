#![allow(clippy::unwrap_used)]
use std::io::Read;

use super::*;
use crate::deck::export::tests::deck;

/// The package's collection, opened from a temporary file.
fn collection(decks: &[&Deck], modified: i64) -> (tempfile::TempDir, Connection) {
    let mut out = Vec::new();
    write_apkg(decks, modified, &mut out).unwrap();
    let mut zip = zip::ZipArchive::new(Cursor::new(out)).unwrap();
    let mut media = String::new();
    zip.by_name("media")
        .unwrap()
        .read_to_string(&mut media)
        .unwrap();
    assert_eq!(media, "{}");
    let mut bytes = Vec::new();
    zip.by_name("collection.anki2")
        .unwrap()
        .read_to_end(&mut bytes)
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.anki2");
    std::fs::write(&path, bytes).unwrap();
    let db = Connection::open(&path).unwrap();
    (dir, db)
}

fn rows(db: &Connection, sql: &str) -> Vec<(String, String)> {
    let mut stmt = db.prepare(sql).unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn one_note_per_written_card_with_explain_and_code_in_fields() {
    let d = deck();
    let (_dir, db) = collection(&[&d], 1_800_000_000);
    let notes = rows(&db, "SELECT guid, flds FROM notes ORDER BY guid");
    let guids: Vec<&str> = notes.iter().map(|(g, _)| g.as_str()).collect();
    assert_eq!(
        guids,
        vec!["concur:d:a", "concur:d:b", "concur:d:c", "concur:d:z"]
    );
    let fields: Vec<Vec<&str>> = notes
        .iter()
        .map(|(_, f)| f.split('\x1f').collect())
        .collect();
    assert_eq!(
        fields[0],
        vec![
            "tab &nbsp;&nbsp;&nbsp;here &quot;q&quot;",
            "line<br>break",
            "why",
            "y"
        ]
    );
    assert_eq!(fields[1], vec!["#hash", "plain", "", ""]);
    assert_eq!(
        fields[2][1],
        "<pre><code class=\"language-python\">with lock:\n    n += 1</code></pre>"
    );
    assert_eq!(
        fields[3],
        vec![
            "a {{c1::Process}} has its own memory, <code>{{c2::threads}}</code> share one",
            "See the demo.",
            ""
        ]
    );
}

#[test]
fn cards_are_the_anki_cards_each_note_makes() {
    let d = deck();
    let (_dir, db) = collection(&[&d], 1_800_000_000);
    let cards = rows(
        &db,
        "SELECT guid, (SELECT group_concat(ord, ',') FROM (SELECT ord FROM cards WHERE nid = n.id ORDER BY ord)) FROM notes n ORDER BY guid",
    );
    let want = [("a", "0,1"), ("b", "0"), ("c", "0"), ("z", "0,1")];
    assert_eq!(
        cards,
        want.map(|(g, o)| (format!("concur:d:{g}"), o.to_string()))
    );
    let kinds = rows(
        &db,
        "SELECT guid, CAST(mid AS TEXT) FROM notes WHERE guid = 'concur:d:z'",
    );
    assert_eq!(kinds[0].1, CLOZE_NOTETYPE_ID.to_string());
}

#[test]
fn the_collection_names_note_types_and_one_anki_deck_per_deck() {
    let d = deck();
    let mut e = deck();
    e.id = "e".into();
    let (_dir, db) = collection(&[&d, &e], 1_800_000_000);
    let col = rows(&db, "SELECT models, decks FROM col");
    let models: Value = serde_json::from_str(&col[0].0).unwrap();
    let names: Vec<&str> = models
        .as_object()
        .unwrap()
        .values()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["concur", "concur cloze"]);
    let decks: Value = serde_json::from_str(&col[0].1).unwrap();
    let mut names: Vec<&str> = decks
        .as_object()
        .unwrap()
        .values()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    names.sort_unstable();
    assert_eq!(
        names,
        vec!["Default", "concur", "concur::d (d)", "concur::d (e)"]
    );
    let per_deck = rows(
        &db,
        "SELECT CAST(did AS TEXT), CAST(count(*) AS TEXT) FROM cards GROUP BY did",
    );
    assert_eq!(per_deck.len(), 2);
    assert!(per_deck.iter().all(|(_, n)| n == "6"));
}

#[test]
fn ids_are_the_same_in_every_export_and_only_the_time_moves() {
    let d = deck();
    let ids = |modified| {
        let (_dir, db) = collection(&[&d], modified);
        rows(
            &db,
            "SELECT CAST(c.id AS TEXT), CAST(n.id AS TEXT) || ' ' || n.mod FROM cards c JOIN notes n ON n.id = c.nid ORDER BY c.id",
        )
    };
    let (one, two) = (ids(1_800_000_000), ids(1_800_000_001));
    assert_eq!(one.len(), 6);
    for (a, b) in one.iter().zip(&two) {
        assert_eq!(a.0, b.0);
        assert_eq!(
            a.1.replace("1800000000", "T"),
            b.1.replace("1800000001", "T")
        );
    }
    assert!(one.iter().all(|(c, _)| {
        let id: i64 = c.parse().unwrap();
        id > 0 && id < 1 << 53
    }));
}
