//! The rows concur reads from an Anki collection (SQLite, opened read-only
//! and immutable): note types and decks (schema 18 tables, or the legacy
//! JSON columns of `col`), notes, cards and the review log, each within
//! [`Limits`].

use std::collections::HashMap;
use std::path::Path;

use rusqlite::{Connection, OpenFlags};
use serde::Deserialize;

use super::notetype::Notetype;
use super::{ApkgError, Limits, proto};

/// A note as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct NoteRow {
    pub id: i64,
    pub guid: String,
    /// Its note type.
    pub mid: i64,
    /// Space-separated.
    pub tags: String,
    /// The fields' HTML, joined by `\x1f` (cut at [`Limits::note_chars`]).
    pub fields: String,
    /// True if the fields were cut.
    pub cut: bool,
}

/// A card as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct CardRow {
    pub id: i64,
    /// Its note.
    pub nid: i64,
    /// Its deck: the original deck when it sits in a filtered deck.
    pub did: i64,
    /// Its template (or cloze number less one).
    pub ord: i64,
}

/// A review as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct RevRow {
    /// When, in milliseconds since the epoch.
    pub at_ms: i64,
    /// The card.
    pub cid: i64,
    /// The button: 1 Again … 4 Easy; 0 for a manual change.
    pub ease: i64,
    /// Milliseconds on the card.
    pub time: i64,
    /// 0 learn, 1 review, 2 relearn, 3 filtered, 4 manual, 5 rescheduled.
    pub kind: i64,
}

/// An open collection.
pub(super) struct Collection {
    conn: Connection,
    /// Schema 18: note types and decks in tables of their own.
    tables: bool,
}

/// `path` as an SQLite URI that opens it immutable (no journal, no lock).
fn uri(path: &Path) -> String {
    let mut out = String::from("file:");
    for b in path.as_os_str().as_encoded_bytes() {
        if b.is_ascii_alphanumeric() || b"/._-".contains(b) {
            out.push(char::from(*b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out.push_str("?immutable=1");
    out
}

fn damaged(e: rusqlite::Error) -> ApkgError {
    use rusqlite::ErrorCode;
    let why = match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => {
            "the collection is not a readable SQLite database (damaged or encrypted)".to_string()
        }
        Some(ErrorCode::DatabaseCorrupt) => "the collection is damaged".to_string(),
        _ => format!("cannot read the collection ({e})"),
    };
    ApkgError::Collection(why)
}

#[derive(Deserialize)]
struct LegacyModel {
    #[serde(default)]
    name: String,
    #[serde(rename = "type", default)]
    kind: i64,
    #[serde(default)]
    flds: Vec<LegacyNamed>,
    #[serde(default)]
    tmpls: Vec<LegacyTemplate>,
}

#[derive(Deserialize)]
struct LegacyNamed {
    #[serde(default)]
    name: String,
    #[serde(default)]
    ord: Option<i64>,
}

#[derive(Deserialize)]
struct LegacyTemplate {
    #[serde(default)]
    qfmt: String,
    #[serde(default)]
    ord: Option<i64>,
}

#[derive(Deserialize)]
struct LegacyDeck {
    #[serde(default)]
    name: String,
}

impl Collection {
    /// Opens the collection at `path`.
    pub(super) fn open(path: &Path, limits: &Limits) -> Result<Collection, ApkgError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(uri(path), flags).map_err(damaged)?;
        // Schema 18 declares names `COLLATE unicase` (Anki's own, case-blind):
        // SQLite cannot even scan those tables without it.
        conn.create_collation("unicase", |a: &str, b: &str| {
            a.chars()
                .flat_map(char::to_lowercase)
                .cmp(b.chars().flat_map(char::to_lowercase))
        })
        .map_err(damaged)?;
        let mut tables = Vec::new();
        {
            let mut st = conn
                .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
                .map_err(damaged)?;
            let rows = st
                .query_map([], |r| r.get::<_, String>(0))
                .map_err(damaged)?;
            for r in rows {
                tables.push(r.map_err(damaged)?);
            }
        }
        for t in ["col", "notes", "cards", "revlog"] {
            if !tables.iter().any(|n| n == t) {
                return Err(ApkgError::Collection(format!(
                    "not an Anki collection: it has no table `{t}`"
                )));
            }
        }
        let col = Collection {
            tables: ["notetypes", "fields", "templates", "decks"]
                .iter()
                .all(|t| tables.iter().any(|n| n == t)),
            conn,
        };
        for (table, max) in [("notes", limits.notes), ("cards", limits.cards)] {
            let n = col.count(table)?;
            if n > max {
                return Err(ApkgError::TooLarge(format!(
                    "the collection holds {n} {table}, over {max}"
                )));
            }
        }
        Ok(col)
    }

    fn count(&self, table: &str) -> Result<u64, ApkgError> {
        let n: i64 = self
            .conn
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .map_err(damaged)?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// The rows of `sql`, each read by `f`.
    fn rows<T>(
        &self,
        sql: &str,
        f: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>, ApkgError> {
        let mut st = self.conn.prepare(sql).map_err(damaged)?;
        let rows = st.query_map([], f).map_err(damaged)?;
        rows.map(|r| r.map_err(damaged)).collect()
    }

    /// The `col` row's JSON column `column` (legacy schema).
    fn col_json<T: serde::de::DeserializeOwned>(&self, column: &str) -> Result<T, ApkgError> {
        let text: String = self
            .conn
            .query_row(&format!("SELECT {column} FROM col"), [], |r| r.get(0))
            .map_err(damaged)?;
        serde_json::from_str(&text).map_err(|e| {
            ApkgError::Collection(format!("the collection's `{column}` cannot be read ({e})"))
        })
    }

    /// The note types, by id.
    pub(super) fn notetypes(&self) -> Result<HashMap<i64, Notetype>, ApkgError> {
        if !self.tables {
            let models: HashMap<String, LegacyModel> = self.col_json("models")?;
            return Ok(models
                .into_iter()
                .filter_map(|(id, m)| {
                    let mut flds = m.flds;
                    flds.sort_by_key(|f| f.ord);
                    let mut tmpls = m.tmpls;
                    tmpls.sort_by_key(|t| t.ord);
                    Some((
                        id.parse().ok()?,
                        Notetype {
                            name: m.name,
                            cloze: m.kind == 1,
                            fields: flds.into_iter().map(|f| f.name).collect(),
                            questions: tmpls.into_iter().map(|t| t.qfmt).collect(),
                        },
                    ))
                })
                .collect());
        }
        let mut out: HashMap<i64, Notetype> = self
            .rows("SELECT id, name, config FROM notetypes", |r| {
                let config: Vec<u8> = r.get(2)?;
                Ok((
                    r.get::<_, i64>(0)?,
                    Notetype {
                        name: r.get(1)?,
                        // NotetypeConfig.kind: 1 is Cloze.
                        cloze: proto::varint_field(&config, 1) == 1,
                        fields: Vec::new(),
                        questions: Vec::new(),
                    },
                ))
            })?
            .into_iter()
            .collect();
        let mut fields = self.rows("SELECT ntid, ord, name FROM fields", |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        fields.sort_by_key(|f| (f.0, f.1));
        for (ntid, _, name) in fields {
            if let Some(nt) = out.get_mut(&ntid) {
                nt.fields.push(name);
            }
        }
        let mut templates = self.rows("SELECT ntid, ord, config FROM templates", |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, Vec<u8>>(2)?,
            ))
        })?;
        templates.sort_by_key(|t| (t.0, t.1));
        for (ntid, _, config) in templates {
            if let Some(nt) = out.get_mut(&ntid) {
                // CardTemplateConfig.q_format.
                nt.questions.push(proto::string_field(&config, 1));
            }
        }
        Ok(out)
    }

    /// The decks' names (`A::B`), by id.
    pub(super) fn decks(&self) -> Result<HashMap<i64, String>, ApkgError> {
        if !self.tables {
            let decks: HashMap<String, LegacyDeck> = self.col_json("decks")?;
            return Ok(decks
                .into_iter()
                .filter_map(|(id, d)| Some((id.parse().ok()?, d.name)))
                .collect());
        }
        // Schema 18 separates the parts of a name with \x1f.
        Ok(self
            .rows("SELECT id, name FROM decks", |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?.replace('\x1f', "::"),
                ))
            })?
            .into_iter()
            .collect())
    }

    /// Every card.
    pub(super) fn cards(&self) -> Result<Vec<CardRow>, ApkgError> {
        self.rows(
            "SELECT id, nid, CASE WHEN odid != 0 THEN odid ELSE did END, ord FROM cards",
            |r| {
                Ok(CardRow {
                    id: r.get(0)?,
                    nid: r.get(1)?,
                    did: r.get(2)?,
                    ord: r.get(3)?,
                })
            },
        )
    }

    /// Calls `f` with each note, oldest first.
    pub(super) fn for_each_note(
        &self,
        limits: &Limits,
        mut f: impl FnMut(NoteRow),
    ) -> Result<(), ApkgError> {
        let mut st = self
            .conn
            .prepare(
                "SELECT id, guid, mid, tags, substr(flds, 1, ?1), length(flds) > ?1 FROM notes ORDER BY id",
            )
            .map_err(damaged)?;
        let max = i64::try_from(limits.note_chars).unwrap_or(i64::MAX);
        let mut rows = st.query([max]).map_err(damaged)?;
        while let Some(r) = rows.next().map_err(damaged)? {
            let note = (|| {
                Ok::<_, rusqlite::Error>(NoteRow {
                    id: r.get(0)?,
                    guid: r.get(1)?,
                    mid: r.get(2)?,
                    tags: r.get(3)?,
                    fields: r.get(4)?,
                    cut: r.get(5)?,
                })
            })()
            .map_err(damaged)?;
            f(note);
        }
        Ok(())
    }

    /// Rows in the review log.
    pub(super) fn revlog_rows(&self) -> Result<u64, ApkgError> {
        self.count("revlog")
    }

    /// The review log, oldest first.
    pub(super) fn revlog(&self, limits: &Limits) -> Result<Vec<RevRow>, ApkgError> {
        let n = self.revlog_rows()?;
        if n > limits.reviews {
            return Err(ApkgError::TooLarge(format!(
                "the review log holds {n} reviews, over {}",
                limits.reviews
            )));
        }
        self.rows(
            "SELECT id, cid, ease, time, type FROM revlog ORDER BY id",
            |r| {
                Ok(RevRow {
                    at_ms: r.get(0)?,
                    cid: r.get(1)?,
                    ease: r.get(2)?,
                    time: r.get(3)?,
                    kind: r.get(4)?,
                })
            },
        )
    }
}
