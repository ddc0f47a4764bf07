//! JSON: every field of every deck and note, versioned, for scripts and
//! for `concur import`. A cloze note is one object with its text (markup
//! included) in `cloze` and no `front`.

use std::io::Write;

use serde::Serialize;

use super::{ExportError, Note, notes};
use crate::deck::Deck;

/// The `format` of a JSON export.
pub const JSON_FORMAT: &str = "concur-decks";

/// The `version` of the JSON export's shape; a reader refuses a newer one.
pub const JSON_VERSION: u32 = 1;

#[derive(Serialize)]
struct JsonDemo<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    workers: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    seconds: Option<u32>,
}

#[derive(Serialize)]
struct JsonCard<'a> {
    id: &'a str,
    explicit_id: bool,
    front: &'a str,
    back: &'a str,
    accept: &'a [String],
    explain: Option<&'a str>,
    tags: &'a [String],
    demo: Option<JsonDemo<'a>>,
    reverse: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    guid: Option<&'a str>,
    line: usize,
}

/// A cloze note: the keys it has, and no others.
#[derive(Serialize)]
struct JsonCloze<'a> {
    id: &'a str,
    cloze: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    back: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    explain: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    tags: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    demo: Option<JsonDemo<'a>>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    accept: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    guid: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum JsonNote<'a> {
    Card(JsonCard<'a>),
    Cloze(JsonCloze<'a>),
}

#[derive(Serialize)]
struct JsonDeck<'a> {
    id: &'a str,
    name: &'a str,
    description: &'a str,
    tags: &'a [String],
    reverse: bool,
    source: String,
    cards: Vec<JsonNote<'a>>,
}

#[derive(Serialize)]
struct JsonExport<'a> {
    format: &'static str,
    version: u32,
    decks: Vec<JsonDeck<'a>>,
}

fn json_note<'a>(note: Note<'a>) -> JsonNote<'a> {
    let c = note.card();
    let demo = c.demo.as_ref().map(|d| JsonDemo {
        name: d.id.name(),
        workers: d.workers,
        seconds: d.seconds,
    });
    match note {
        Note::Plain(c) => JsonNote::Card(JsonCard {
            id: &c.id,
            explicit_id: c.has_explicit_id,
            front: &c.front,
            back: &c.back,
            accept: &c.accept,
            explain: c.explain.as_deref(),
            tags: &c.tags,
            demo,
            reverse: c.reverse,
            guid: c.guid.as_deref(),
            line: c.line,
        }),
        Note::Cloze(_, z) => JsonNote::Cloze(JsonCloze {
            id: &z.note,
            cloze: &z.text,
            back: note.extra(),
            explain: c.explain.as_deref(),
            tags: &c.tags,
            demo,
            accept: &c.accept,
            guid: c.guid.as_deref(),
        }),
    }
}

/// `{"format": "concur-decks", "version": 1, "decks": [{id, name,
/// description, tags, reverse, source, cards: [...]}]}`; a card is `{id,
/// explicit_id, front, back, accept, explain, tags, demo, reverse, line}`,
/// a cloze note `{id, cloze, back?, explain?, tags?, demo?, accept?}` (the
/// keys with `?` only when set).
pub fn write_json<W: Write>(decks: &[&Deck], mut w: W) -> Result<(), ExportError> {
    let out = JsonExport {
        format: JSON_FORMAT,
        version: JSON_VERSION,
        decks: decks
            .iter()
            .map(|d| JsonDeck {
                id: &d.id,
                name: &d.name,
                description: &d.description,
                tags: &d.tags,
                reverse: d.reverse,
                source: d.source.to_string(),
                cards: notes(d).map(json_note).collect(),
            })
            .collect(),
    };
    crate::text::json::to_writer_pretty(&mut w, &out)?;
    writeln!(w)?;
    w.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::deck::export::tests::deck;

    #[test]
    fn carries_every_field_and_a_cloze_note_as_one_object() {
        let d = deck();
        let mut out = Vec::new();
        write_json(&[&d], &mut out).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let cards = v["decks"][0]["cards"].as_array().unwrap();
        assert_eq!(cards.len(), 4);
        assert_eq!(cards[0]["reverse"], true);
        assert_eq!(cards[1]["reverse"], serde_json::Value::Null);
        assert_eq!(cards[1]["demo"]["workers"], 2);
        assert_eq!(v["decks"][0]["tags"][0], "two words");
        assert_eq!(
            (&v["format"], &v["version"]),
            (&serde_json::json!(JSON_FORMAT), &serde_json::json!(1))
        );
        assert_eq!(
            cards[3],
            serde_json::json!({
                "id": "z",
                "cloze": "a {{c1::Process}} has its own memory, `{{c2::threads}}` share one",
                "back": "See the demo."
            })
        );
    }
}
