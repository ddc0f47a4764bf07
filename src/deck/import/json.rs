//! A JSON export (`concur export --format json`) back into a TOML deck:
//! every field the export carries is written, so that export -> import ->
//! export gives the same JSON apart from source positions (`source`,
//! `line`). A card whose id was hashed from its front (`explicit_id` false)
//! is written without `id`, so it keeps that id. A cloze note is a card
//! with `cloze` (its text with the markup) instead of `front`, `back` its
//! extra text, `id` the note's id (its cards are `ID::c1` …); its markup is
//! checked by the deck format's own parser, each error at its line.

use serde::Deserialize;
use toml_edit::{Array, ArrayOfTables, DocumentMut, InlineTable, Item, Table, value};

use super::json_keys::{ValueAt, cloze_values};
use crate::deck::cloze;
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
    /// No deck, or no deck with the id asked for.
    #[error("{0}")]
    Choice(String),
    /// Cards that cannot be written as a deck (invalid cloze markup, no
    /// front): each with its line and column (0 when not known) in the
    /// JSON text.
    #[error("{}", .0.iter().map(|(l, c, m)| format!("line {l}:{c}: {m}")).collect::<Vec<_>>().join("; "))]
    Cards(Vec<(usize, usize, String)>),
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
    front: Option<String>,
    #[serde(default)]
    back: String,
    cloze: Option<String>,
    #[serde(default)]
    accept: Vec<String>,
    explain: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    demo: Option<JsonDemo>,
    reverse: Option<bool>,
    /// The note's guid in Anki, kept through an export and import.
    guid: Option<String>,
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

/// Reads a JSON export and writes each of its decks (or only the one
/// whose id is `choose`) as TOML, under the id `rename` if given (one deck
/// only); `source_name` is shown in a comment.
pub fn import_json(
    text: &str,
    choose: Option<&str>,
    rename: Option<&str>,
    source_name: &str,
) -> Result<Vec<JsonImport>, JsonImportError> {
    let export: Export = serde_json::from_str(text).map_err(JsonImportError::Shape)?;
    if export.format != JSON_FORMAT {
        return Err(JsonImportError::Format(export.format));
    }
    if export.version > JSON_VERSION {
        return Err(JsonImportError::Version(export.version));
    }
    check_cards(text, &export.decks)?;
    let ids: Vec<&str> = export.decks.iter().map(|d| d.id.as_str()).collect();
    let decks: Vec<&JsonDeck> = match choose {
        None if export.decks.is_empty() => {
            return Err(JsonImportError::Choice(
                "the export holds no deck".to_string(),
            ));
        }
        None => export.decks.iter().collect(),
        Some(id) => vec![export.decks.iter().find(|d| d.id == id).ok_or_else(|| {
            JsonImportError::Choice(format!(
                "the export has no deck {id:?}: {}it holds {}",
                crate::text::did_you_mean(id, ids.iter().copied()),
                ids.join(", ")
            ))
        })?],
    };
    if rename.is_some() && decks.len() > 1 {
        return Err(JsonImportError::Choice(format!(
            "--as names one deck, but the export holds {} decks ({}): pick one with --deck-id ID",
            ids.len(),
            ids.join(", ")
        )));
    }
    Ok(decks
        .into_iter()
        .map(|deck| {
            let id = rename.unwrap_or(&deck.id);
            JsonImport {
                deck_id: id.to_string(),
                cards: deck.cards.len(),
                toml: to_toml(deck, id, source_name),
            }
        })
        .collect())
}

/// Every card has a front or a cloze text, not both, and every cloze text
/// is valid: the problems, each at its line in `text`.
fn check_cards(text: &str, decks: &[JsonDeck]) -> Result<(), JsonImportError> {
    let mut at = cloze_values(text).into_iter();
    let mut problems = Vec::new();
    for deck in decks {
        for (n, card) in deck.cards.iter().enumerate() {
            let name = format!("deck {:?}, card {} ({:?})", deck.id, n + 1, card.id);
            let Some(text) = &card.cloze else {
                if card.front.is_none() {
                    problems.push((
                        0,
                        0,
                        format!("{name} has no `front` (nor `cloze`): give it one"),
                    ));
                }
                continue;
            };
            let place = at.next().unwrap_or(ValueAt {
                line: 0,
                col: 0,
                plain: false,
            });
            if card.front.is_some() {
                problems.push((place.line, place.col, format!("{name} has both `cloze` and `front`: a cloze note has no front, keep one of them")));
            }
            if let Err(errors) = cloze::parse(text) {
                for e in errors {
                    // Inside a string without escapes, an offset is a column.
                    let col = if place.plain {
                        place.col + 1 + text.get(..e.offset).map_or(0, |t| t.chars().count())
                    } else {
                        place.col
                    };
                    problems.push((place.line, col, format!("{name}: cloze: {}", e.message)));
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(JsonImportError::Cards(problems))
    }
}

fn to_toml(deck: &JsonDeck, id: &str, source_name: &str) -> String {
    let mut doc = DocumentMut::new();
    let mut t = Table::new();
    t.decor_mut().set_prefix(format!(
        "# Imported from {} by `concur import`.\n",
        source_name.replace(['\n', '\r'], " ")
    ));
    t.insert("id", value(id));
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
            // A cloze card's id, given instead of its note's, names the note.
            let id = match &c.cloze {
                Some(_) => cloze::note_of_card(&c.id).unwrap_or(&c.id),
                None => &c.id,
            };
            t.insert("id", value(id));
        }
        if let Some(g) = &c.guid {
            t.insert("guid", value(g.as_str()));
        }
        match &c.cloze {
            Some(text) => {
                t.insert("cloze", value(text.as_str()));
                if !c.back.is_empty() {
                    t.insert("back", value(c.back.as_str()));
                }
            }
            None => {
                t.insert("front", value(c.front.as_deref().unwrap_or_default()));
                t.insert("back", value(c.back.as_str()));
            }
        }
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
            import_json("{\"a\":1}", None, None, "x.json"),
            Err(JsonImportError::Shape(_))
        ));
        let other = "{\"format\":\"x\",\"version\":1,\"decks\":[]}";
        assert!(matches!(
            import_json(other, None, None, "x.json"),
            Err(JsonImportError::Format(_))
        ));
        let newer = format!("{{\"format\":\"{JSON_FORMAT}\",\"version\":99,\"decks\":[]}}");
        assert!(matches!(
            import_json(&newer, None, None, "x.json"),
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
        let imported = import_json(std::str::from_utf8(&first).unwrap(), None, None, "d.json")
            .unwrap()
            .remove(0);
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

    /// A JSON export of decks `(id, cards)`, the cards written as given.
    fn export(decks: &[(&str, &str)]) -> String {
        let decks: Vec<String> = decks
            .iter()
            .map(|(id, cards)| {
                format!("{{\"id\": \"{id}\", \"name\": \"{id}\", \"cards\": [{cards}]}}")
            })
            .collect();
        format!(
            "{{\"format\": \"{JSON_FORMAT}\", \"version\": 1, \"decks\": [\n{}\n]}}",
            decks.join(",\n")
        )
    }

    #[test]
    fn every_deck_by_default_or_the_one_chosen() {
        let text = export(&[
            ("a", "{\"id\": \"x\", \"front\": \"f\", \"back\": \"b\"}"),
            ("b", ""),
        ]);
        let all = import_json(&text, None, None, "e.json").unwrap();
        let ids: Vec<&str> = all.iter().map(|d| d.deck_id.as_str()).collect();
        assert_eq!(ids, vec!["a", "b"]);
        let one = import_json(&text, Some("b"), None, "e.json").unwrap();
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].deck_id, "b");
        let err = import_json(&text, Some("c"), None, "e.json")
            .unwrap_err()
            .to_string();
        assert!(err.contains("no deck \"c\""), "{err}");
        let err = import_json(&text, None, Some("n"), "e.json")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("--as names one deck, but the export holds 2 decks (a, b)"),
            "{err}"
        );
        let renamed = import_json(&text, Some("a"), Some("n"), "e.json").unwrap();
        assert!(
            renamed[0].toml.contains("id = \"n\""),
            "{}",
            renamed[0].toml
        );
        assert_eq!(renamed[0].deck_id, "n");
    }

    #[test]
    fn cloze_notes_are_written_as_cloze_and_load_as_their_cards() {
        let text = export(&[(
            "d",
            "{\"id\": \"pt\", \"cloze\": \"a {{c1::Process}} has its own memory, {{c2::threads::what}} share one\", \"back\": \"extra\", \"explain\": \"why\", \"tags\": [\"t\"], \"accept\": [\"procs\"], \"demo\": {\"name\": \"cpu-bound\"}},\n{\"id\": \"h-1::c1\", \"explicit_id\": false, \"cloze\": \"plain {{c1::x}}\"}",
        )]);
        let d = import_json(&text, None, None, "e.json").unwrap().remove(0);
        assert!(d.toml.contains("cloze = \"a {{c1::Process}}"), "{}", d.toml);
        assert!(!d.toml.contains("front"), "{}", d.toml);
        let (deck, diags) = parse_deck(
            d.toml.as_bytes(),
            "d.toml",
            "d",
            DeckSource::Bundled("d.toml"),
        );
        assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}\n{}", d.toml);
        let deck = deck.unwrap();
        let ids: Vec<&str> = deck.cards.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids[..2], ["pt::c1", "pt::c2"]);
        assert!(
            ids[2].starts_with("h-") && ids[2].ends_with("::c1"),
            "{ids:?}"
        );
        let c1 = &deck.cards[0];
        assert_eq!(c1.front, "a [...] has its own memory, threads share one");
        assert!(c1.back.ends_with("\n\nextra"), "{:?}", c1.back);
        assert_eq!(
            (c1.explain.as_deref(), c1.tags.as_slice()),
            (Some("why"), &["t".to_string()][..])
        );
        assert_eq!(c1.accept, vec!["procs"]);
    }

    #[test]
    fn bad_cloze_markup_is_an_error_at_its_line_and_column() {
        let text = export(&[(
            "d",
            "{\"id\": \"ok\", \"cloze\": \"fine {{c1::x}}\"},\n{\"id\": \"bad\", \"cloze\": \"x {{c1::y\"},\n{\"id\": \"two\", \"front\": \"f\", \"cloze\": \"{{c0::z}}\"},\n{\"id\": \"none\"}",
        )]);
        let err = import_json(&text, None, None, "e.json")
            .unwrap_err()
            .to_string();
        for want in [
            "line 3:27: deck \"d\", card 2 (\"bad\"): cloze: deletion is never closed",
            "line 4:39: deck \"d\", card 3 (\"two\"): cloze: deletion number must be c1 to c99",
            "card 3 (\"two\") has both `cloze` and `front`",
            "card 4 (\"none\") has no `front`",
        ] {
            assert!(err.contains(want), "{want} in {err}");
        }
    }
}
