//! An Anki package (`.apkg`): a zip holding `collection.anki2`, a SQLite
//! collection in Anki's schema 11 (the one every Anki since 2.1 imports),
//! and an empty `media` map. Built with `rusqlite` in memory and `zip`.
//!
//! It brings two note types of its own, so that `explain` has a field:
//! "concur" (fields Front, Back, Explain, Reverse; card 1 asks the front,
//! card 2, made when Reverse is not empty, the back) and "concur cloze" (a
//! Cloze note type with Text, Back Extra, Explain: one card per deletion
//! number). Fields are HTML ([`super::html`]). Ids are hashed from the
//! guids, deck ids and note types' names, so a second export of the same
//! decks has the same ids and Anki updates its notes in place.

use std::collections::HashSet;
use std::io::{Cursor, Write};

use rusqlite::{Connection, params};
use serde_json::{Value, json};
use zip::write::SimpleFileOptions;

use super::{ExportError, Note, anki_decks, anki_tags, guid_of, html, notes, reversed};
use crate::deck::{Deck, cloze};

/// The id of the "concur" note type (fixed: Anki matches note types by id).
pub const NOTETYPE_ID: i64 = 1_764_547_200_001;
/// The id of the "concur cloze" note type.
pub const CLOZE_NOTETYPE_ID: i64 = 1_764_547_200_002;
/// When the note types last changed, in seconds: raise it with any change
/// to their fields, templates or style, so that Anki takes the new ones.
const NOTETYPE_MOD: i64 = 1_764_547_200;

const SCHEMA: &str = "
CREATE TABLE col (id integer primary key, crt integer not null, mod integer not null,
  scm integer not null, ver integer not null, dty integer not null, usn integer not null,
  ls integer not null, conf text not null, models text not null, decks text not null,
  dconf text not null, tags text not null);
CREATE TABLE notes (id integer primary key, guid text not null, mid integer not null,
  mod integer not null, usn integer not null, tags text not null, flds text not null,
  sfld integer not null, csum integer not null, flags integer not null, data text not null);
CREATE TABLE cards (id integer primary key, nid integer not null, did integer not null,
  ord integer not null, mod integer not null, usn integer not null, type integer not null,
  queue integer not null, due integer not null, ivl integer not null, factor integer not null,
  reps integer not null, lapses integer not null, left integer not null, odue integer not null,
  odid integer not null, flags integer not null, data text not null);
CREATE TABLE revlog (id integer primary key, cid integer not null, usn integer not null,
  ease integer not null, ivl integer not null, lastIvl integer not null, factor integer not null,
  time integer not null, type integer not null);
CREATE TABLE graves (usn integer not null, oid integer not null, type integer not null);
CREATE INDEX ix_notes_usn on notes (usn);
CREATE INDEX ix_cards_usn on cards (usn);
CREATE INDEX ix_revlog_usn on revlog (usn);
CREATE INDEX ix_cards_nid on cards (nid);
CREATE INDEX ix_cards_sched on cards (did, queue, due);
CREATE INDEX ix_revlog_cid on revlog (cid);
CREATE INDEX ix_notes_csum on notes (csum);
";

const CSS: &str = ".card { font-family: sans-serif; font-size: 20px; text-align: center; }
pre { text-align: left; display: inline-block; padding: 0.5em; background: rgba(127,127,127,0.12); }
code { font-family: monospace; }
.explain { font-size: 0.85em; opacity: 0.8; }";

const EXPLAIN: &str =
    "{{#Explain}}<hr class=\"explain\"><div class=\"explain\">{{Explain}}</div>{{/Explain}}";

/// An id from `key`: positive and below 2^53 (Anki's ids go through
/// JavaScript), the same for the same key in every export.
fn id_of(key: &str) -> i64 {
    let h = xxhash_rust::xxh3::xxh3_64(key.as_bytes()) >> 11;
    i64::try_from(h).unwrap_or(i64::MAX >> 11) + 2
}

/// `id_of(key)`, or the next free one if an earlier row took it.
fn unique_id(key: &str, used: &mut HashSet<i64>) -> i64 {
    let mut id = id_of(key);
    while !used.insert(id) {
        id += 1;
    }
    id
}

fn field_json(name: &str, ord: usize) -> Value {
    json!({"name": name, "ord": ord, "sticky": false, "rtl": false, "font": "Arial",
           "size": 20, "media": []})
}

fn template_json(name: &str, ord: usize, qfmt: &str, afmt: &str) -> Value {
    json!({"name": name, "ord": ord, "qfmt": qfmt, "afmt": afmt, "bqfmt": "", "bafmt": "",
           "did": null, "bfont": "", "bsize": 0})
}

fn notetype_json(id: i64, name: &str, kind: u8, fields: &[&str], tmpls: Vec<Value>) -> Value {
    let req = if kind == 0 {
        json!([[0, "any", [0]], [1, "any", [3]]])
    } else {
        json!([[0, "any", [0]]])
    };
    json!({
        "id": id, "name": name, "type": kind, "mod": NOTETYPE_MOD, "usn": -1, "sortf": 0,
        "did": 1, "tmpls": tmpls,
        "flds": fields.iter().enumerate().map(|(i, f)| field_json(f, i)).collect::<Vec<_>>(),
        "css": CSS, "latexPre": "\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n",
        "latexPost": "\\end{document}", "latexsvg": false, "req": req, "tags": [], "vers": []
    })
}

/// The two note types, as the `models` column holds them.
fn notetypes() -> Value {
    let basic = notetype_json(
        NOTETYPE_ID,
        "concur",
        0,
        &["Front", "Back", "Explain", "Reverse"],
        vec![
            template_json(
                "Card 1",
                0,
                "{{Front}}",
                &format!("{{{{FrontSide}}}}<hr id=answer>{{{{Back}}}}{EXPLAIN}"),
            ),
            template_json(
                "Card 2",
                1,
                "{{#Reverse}}{{Back}}{{/Reverse}}",
                &format!("{{{{FrontSide}}}}<hr id=answer>{{{{Front}}}}{EXPLAIN}"),
            ),
        ],
    );
    let cloze = notetype_json(
        CLOZE_NOTETYPE_ID,
        "concur cloze",
        1,
        &["Text", "Back Extra", "Explain"],
        vec![template_json(
            "Cloze",
            0,
            "{{cloze:Text}}",
            &format!("{{{{cloze:Text}}}}<br>{{{{Back Extra}}}}{EXPLAIN}"),
        )],
    );
    json!({ NOTETYPE_ID.to_string(): basic, CLOZE_NOTETYPE_ID.to_string(): cloze })
}

fn deck_json(id: i64, name: &str, desc: &str, modified: i64) -> Value {
    json!({"id": id, "name": name, "desc": desc, "mod": modified, "usn": -1, "collapsed": false,
           "browserCollapsed": false, "dyn": 0, "conf": 1, "extendNew": 0, "extendRev": 0,
           "newToday": [0, 0], "revToday": [0, 0], "lrnToday": [0, 0], "timeToday": [0, 0]})
}

fn deck_config() -> Value {
    json!({"1": {
        "id": 1, "name": "Default", "mod": 0, "usn": 0, "maxTaken": 60, "autoplay": true,
        "timer": 0, "replayq": true, "dyn": false,
        "new": {"bury": true, "delays": [1.0, 10.0], "initialFactor": 2500, "ints": [1, 4, 7],
                "order": 1, "perDay": 20, "separate": true},
        "lapse": {"delays": [10.0], "leechAction": 1, "leechFails": 8, "minInt": 1, "mult": 0.0},
        "rev": {"bury": true, "ease4": 1.3, "fuzz": 0.05, "ivlFct": 1.0, "maxIvl": 36500,
                "minSpace": 1, "perDay": 200}
    }})
}

fn collection_conf() -> Value {
    json!({"activeDecks": [1], "curDeck": 1, "newSpread": 0, "collapseTime": 1200,
           "timeLim": 0, "estTimes": true, "dueCounts": true, "curModel": NOTETYPE_ID.to_string(),
           "nextPos": 1, "sortType": "noteFld", "sortBackwards": false, "addToCur": true})
}

/// The fields (HTML), note type and card ordinals of `note`.
fn note_fields(deck: &Deck, note: &Note<'_>) -> (i64, Vec<String>, Vec<u8>) {
    let card = note.card();
    let explain = card.explain.as_deref().map(html::field).unwrap_or_default();
    match note {
        Note::Plain(c) => {
            let rev = reversed(deck, c);
            let fields = vec![
                html::field(&c.front),
                html::field(&c.back),
                explain,
                if rev { "y".to_string() } else { String::new() },
            ];
            let ords = if rev { vec![0, 1] } else { vec![0] };
            (NOTETYPE_ID, fields, ords)
        }
        Note::Cloze(_, z) => {
            let ords = cloze::parse(&z.text)
                .map(|s| cloze::numbers(&s).iter().map(|n| n - 1).collect())
                .unwrap_or_default();
            let fields = vec![html::field(&z.text), html::field(note.extra()), explain];
            (CLOZE_NOTETYPE_ID, fields, ords)
        }
    }
}

/// Fills an empty schema-11 collection with `decks`.
fn fill(db: &Connection, decks: &[&Deck], modified: i64) -> Result<(), ExportError> {
    let mut deck_rows = serde_json::Map::new();
    deck_rows.insert("1".into(), deck_json(1, "Default", "", modified));
    let root = id_of("deck\0concur");
    deck_rows.insert(root.to_string(), deck_json(root, "concur", "", modified));
    let mut used = HashSet::from([1, root]);
    let mut note_stmt =
        db.prepare("INSERT INTO notes VALUES (?1, ?2, ?3, ?4, -1, ?5, ?6, ?7, 0, 0, '')")?;
    let mut card_stmt = db.prepare(
        "INSERT INTO cards VALUES (?1, ?2, ?3, ?4, ?5, -1, 0, 0, ?6, 0, 0, 0, 0, 0, 0, 0, 0, '')",
    )?;
    let mut position = 0i64;
    for (deck, name) in decks.iter().zip(anki_decks(decks)) {
        let did = unique_id(&format!("deck\0{}", deck.id), &mut used);
        deck_rows.insert(
            did.to_string(),
            deck_json(did, &name, &html::field(&deck.description), modified),
        );
        for note in notes(deck) {
            let guid = guid_of(deck, &note);
            let nid = unique_id(&guid, &mut used);
            let (mid, fields, ords) = note_fields(deck, &note);
            let tags = anki_tags(deck, note.card());
            let tags = if tags.is_empty() {
                String::new()
            } else {
                format!(" {} ", tags.join(" "))
            };
            let sort = match &note {
                Note::Plain(c) => c.front.as_str(),
                Note::Cloze(_, z) => z.text.as_str(),
            };
            note_stmt.execute(params![
                nid,
                guid,
                mid,
                modified,
                tags,
                fields.join("\x1f"),
                sort
            ])?;
            for ord in ords {
                position += 1;
                let cid = unique_id(&format!("{guid}\0{ord}"), &mut used);
                card_stmt.execute(params![cid, nid, did, ord, modified, position])?;
            }
        }
    }
    db.execute(
        "INSERT INTO col VALUES (1, ?1, ?2, ?2, 11, 0, 0, 0, ?3, ?4, ?5, ?6, '{}')",
        params![
            modified,
            modified.saturating_mul(1000),
            collection_conf().to_string(),
            notetypes().to_string(),
            Value::Object(deck_rows).to_string(),
            deck_config().to_string()
        ],
    )?;
    Ok(())
}

/// Writes `decks` as an Anki package; `modified` (seconds since the epoch)
/// is the notes' modification time.
pub fn write_apkg<W: Write>(decks: &[&Deck], modified: i64, mut w: W) -> Result<(), ExportError> {
    let mut db = Connection::open_in_memory()?;
    db.execute_batch(SCHEMA)?;
    fill(&db, decks, modified)?;
    let bytes = db.serialize(rusqlite::MAIN_DB)?;
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("collection.anki2", options)?;
    zip.write_all(&bytes)?;
    zip.start_file("media", options)?;
    zip.write_all(b"{}")?;
    w.write_all(&zip.finish()?.into_inner())?;
    w.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests;
