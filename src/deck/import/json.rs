//! A JSON export (`concur export --format json`) back into a TOML deck:
//! every field the export carries is written, so that export -> import ->
//! export gives the same JSON apart from source positions (`source`,
//! `line`). A card whose id was hashed from its front (`explicit_id` false)
//! is written without `id`, so it keeps that id.

use serde::Deserialize;
use toml_edit::{Array, ArrayOfTables, DocumentMut, InlineTable, Item, Table, value};

use crate::deck::export::{JSON_FORMAT, JSON_VERSION};

/// Why a JSON file cannot be imported.
#[derive(Debug, thiserror::Error)]
pub enum JsonImportError {
    /// Not JSON, or not the export's shape. The parser's message is part of
    /// this one, not a source, so that a chain of causes shows it once.
    #[error("not a concur JSON export ({0}): export decks with `concur export --format json`")]
    Shape(serde_json::Error),
    /// Another program's JSON.
    #[error("not a concur JSON export (its format is {0:?}, not {JSON_FORMAT:?})")]
    Format(String),
    /// A newer concur wrote it.
    #[error(
        "the export's version is {0}, newer than this concur reads ({JSON_VERSION}): update concur"
    )]
    Version(u32),
    /// No deck, or several and none chosen.
    #[error("{0}")]
    Choice(String),
}

#[derive(Debug, Deserialize)]
struct Export {
    format: String,
    version: u32,
    decks: Vec<JsonDeck>,
}

#[derive(Debug, Deserialize)]
struct JsonDeck {
    id: String,
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    reverse: bool,
    cards: Vec<JsonCard>,
}

#[derive(Debug, Deserialize)]
struct JsonCard {
    id: String,
    #[serde(default = "yes")]
    explicit_id: bool,
    front: String,
    back: String,
    #[serde(default)]
    accept: Vec<String>,
    explain: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    demo: Option<JsonDemo>,
    reverse: Option<bool>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
struct JsonDemo {
    name: String,
    workers: Option<u32>,
    seconds: Option<u32>,
}

/// A deck read from a JSON export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonImport {
    /// The deck's id.
    pub deck_id: String,
    /// How many cards.
    pub cards: usize,
    /// The deck as TOML.
    pub toml: String,
}

fn strings(items: &[String]) -> Array {
    items.iter().map(String::as_str).collect()
}

/// Reads a JSON export and writes the deck whose id is `choose` (or its
/// only deck) as TOML; `source_name` is shown in a comment.
pub fn import_json(
    text: &str,
    choose: Option<&str>,
    source_name: &str,
) -> Result<JsonImport, JsonImportError> {
    let export: Export = serde_json::from_str(text).map_err(JsonImportError::Shape)?;
    if export.format != JSON_FORMAT {
        return Err(JsonImportError::Format(export.format));
    }
    if export.version > JSON_VERSION {
        return Err(JsonImportError::Version(export.version));
    }
    let ids: Vec<&str> = export.decks.iter().map(|d| d.id.as_str()).collect();
    let deck = match (choose, export.decks.as_slice()) {
        (None, [one]) => one,
        (None, []) => {
            return Err(JsonImportError::Choice(
                "the export holds no deck".to_string(),
            ));
        }
        (None, _) => {
            return Err(JsonImportError::Choice(format!(
                "the export holds {} decks ({}): pass --deck-id to import one",
                ids.len(),
                ids.join(", ")
            )));
        }
        (Some(id), decks) => decks.iter().find(|d| d.id == id).ok_or_else(|| {
            JsonImportError::Choice(format!(
                "the export has no deck {id:?}: {}it holds {}",
                crate::text::did_you_mean(id, ids.iter().copied()),
                ids.join(", ")
            ))
        })?,
    };
    Ok(JsonImport {
        deck_id: deck.id.clone(),
        cards: deck.cards.len(),
        toml: to_toml(deck, source_name),
    })
}

fn to_toml(deck: &JsonDeck, source_name: &str) -> String {
    let mut doc = DocumentMut::new();
    let mut t = Table::new();
    t.decor_mut().set_prefix(format!(
        "# Imported from {} by `concur import`.\n",
        source_name.replace(['\n', '\r'], " ")
    ));
    t.insert("id", value(deck.id.as_str()));
    t.insert("name", value(deck.name.as_str()));
    if !deck.description.is_empty() {
        t.insert("description", value(deck.description.as_str()));
    }
    if !deck.tags.is_empty() {
        t.insert("tags", value(strings(&deck.tags)));
    }
    if deck.reverse {
        t.insert("reverse", value(true));
    }
    doc.insert("deck", Item::Table(t));
    let mut cards = ArrayOfTables::new();
    for c in &deck.cards {
        let mut t = Table::new();
        t.decor_mut().set_prefix("\n");
        if c.explicit_id {
            t.insert("id", value(c.id.as_str()));
        }
        t.insert("front", value(c.front.as_str()));
        t.insert("back", value(c.back.as_str()));
        if !c.accept.is_empty() {
            t.insert("accept", value(strings(&c.accept)));
        }
        if let Some(e) = &c.explain {
            t.insert("explain", value(e.as_str()));
        }
        if !c.tags.is_empty() {
            t.insert("tags", value(strings(&c.tags)));
        }
        if let Some(d) = &c.demo {
            if d.workers.is_none() && d.seconds.is_none() {
                t.insert("demo", value(d.name.as_str()));
            } else {
                let mut inline = InlineTable::new();
                inline.insert("name", d.name.as_str().into());
                if let Some(w) = d.workers {
                    inline.insert("workers", i64::from(w).into());
                }
                if let Some(s) = d.seconds {
                    inline.insert("seconds", i64::from(s).into());
                }
                t.insert("demo", value(inline));
            }
        }
        if let Some(r) = c.reverse {
            t.insert("reverse", value(r));
        }
        cards.push(t);
    }
    doc.insert("cards", Item::ArrayOfTables(cards));
    doc.to_string()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::deck::export::write_json;
    use crate::deck::{DeckSource, parse_deck};

    #[test]
    fn refuses_other_json_and_newer_versions() {
        assert!(matches!(
            import_json("{\"a\":1}", None, "x.json"),
            Err(JsonImportError::Shape(_))
        ));
        let other = "{\"format\":\"x\",\"version\":1,\"decks\":[]}";
        assert!(matches!(
            import_json(other, None, "x.json"),
            Err(JsonImportError::Format(_))
        ));
        let newer = format!("{{\"format\":\"{JSON_FORMAT}\",\"version\":99,\"decks\":[]}}");
        assert!(matches!(
            import_json(&newer, None, "x.json"),
            Err(JsonImportError::Version(99))
        ));
    }

    #[test]
    fn export_import_export_is_identical_but_for_positions() {
        let text = "[deck]\nid = \"d\"\nname = \"D\"\ndescription = \"x\"\ntags = [\"t\"]\nreverse = true\n\n[[cards]]\nid = \"a\"\nfront = \"F\\\"q\\\"\"\nback = \"l1\\nl2\"\naccept = [\"b;c\"]\nexplain = \"why\"\ntags = [\"x\"]\ndemo = { name = \"cpu-bound\", workers = 2 }\nreverse = false\n\n[[cards]]\nfront = \"hashed\"\nback = \"b\"\ndemo = \"cpu-bound\"\n";
        let (deck, diags) = parse_deck(
            text.as_bytes(),
            "d.toml",
            "d",
            DeckSource::Bundled("d.toml"),
        );
        assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}");
        let deck = deck.unwrap();
        let mut first = Vec::new();
        write_json(&[&deck], &mut first).unwrap();
        let imported = import_json(std::str::from_utf8(&first).unwrap(), None, "d.json").unwrap();
        let (again, diags) = parse_deck(
            imported.toml.as_bytes(),
            "d.toml",
            "d",
            DeckSource::Bundled("d.toml"),
        );
        assert!(
            diags.iter().all(|d| !d.is_error()),
            "{diags:?}\n{}",
            imported.toml
        );
        let mut second = Vec::new();
        write_json(&[&again.unwrap()], &mut second).unwrap();
        let strip = |b: &[u8]| {
            let mut v: serde_json::Value = serde_json::from_slice(b).unwrap();
            for d in v["decks"].as_array_mut().unwrap() {
                d["source"] = serde_json::Value::Null;
                for c in d["cards"].as_array_mut().unwrap() {
                    c["line"] = serde_json::Value::Null;
                }
            }
            v
        };
        assert_eq!(strip(&first), strip(&second), "{}", imported.toml);
    }
}
