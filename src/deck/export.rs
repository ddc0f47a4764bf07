//! Writing decks out for other tools: Anki's plain-text import, CSV and
//! JSON. Cards are exported as written in the file: the reverse cards made
//! at load time are left out, and `reverse` is carried as a field instead.
//! A cloze note is exported as its cards, each a plain front (the text
//! with its deletion hidden) and back (the whole text); in CSV and JSON
//! their ids `NOTE::cN` become `NOTE-cN`, an id a deck may hold, so that
//! `import` of the JSON gives a deck that loads.

use std::io::Write;

use serde::Serialize;

use super::{Card, Deck, DemoRef};

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Tab-separated text for Anki's File > Import.
    Anki,
    /// RFC 4180 CSV with a header row.
    Csv,
    /// Every field, as JSON.
    Json,
}

/// Errors while exporting.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Writing failed.
    #[error("cannot write the export: {0}")]
    Io(#[from] std::io::Error),
    /// CSV writing failed.
    #[error("cannot write the CSV export: {0}")]
    Csv(#[from] csv::Error),
    /// JSON writing failed.
    #[error("cannot write the JSON export: {0}")]
    Json(#[from] serde_json::Error),
}

/// Writes `decks` in `format`.
pub fn export<W: Write>(decks: &[&Deck], format: Format, w: W) -> Result<(), ExportError> {
    match format {
        Format::Anki => write_anki(decks, w),
        Format::Csv => write_csv(decks, w),
        Format::Json => write_json(decks, w),
    }
}

/// The cards exported: those written in the file, and every card of a
/// cloze note.
pub fn written(deck: &Deck) -> impl Iterator<Item = &Card> {
    deck.cards
        .iter()
        .filter(|c| c.is_written() || c.cloze.is_some())
}

/// The id a card has in CSV and JSON (see the module's doc).
fn plain_id(card: &Card) -> String {
    if card.cloze.is_some() {
        card.id.replace(super::cloze::CARD_SEPARATOR, "-")
    } else {
        card.id.clone()
    }
}

/// A field of Anki's plain-text format: quoted with `"` (inner quotes
/// doubled) when it holds a tab, a line break or a quote, or starts with
/// `#` (which Anki would read as a header line).
pub fn anki_field(s: &str) -> String {
    if s.contains(['\t', '\n', '\r', '"']) || s.starts_with('#') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Anki tags: no spaces inside a tag.
fn anki_tag(t: &str) -> String {
    t.split_whitespace().collect::<Vec<_>>().join("_")
}

/// The Anki note id of a card: stable across exports, so that importing an
/// edited deck again updates its notes instead of adding new ones.
pub fn anki_guid(deck: &Deck, card: &Card) -> String {
    format!("concur:{}:{}", deck.id, card.id)
}

/// The Anki deck a deck's notes go to (`::` nests it under "concur").
pub fn anki_deck(deck: &Deck) -> String {
    format!("concur::{}", deck.name.replace(['\t', '\n', '\r'], " "))
}

/// The line between a back and its explanation in Anki's back field.
pub const ANKI_EXPLAIN_RULE: &str = "\n\n---\n";

/// Anki's note types: the built-in "Basic", and "Basic (and reversed card)"
/// for a card with `reverse` on (Anki makes both directions).
fn anki_notetype(deck: &Deck, card: &Card) -> &'static str {
    if card.cloze.is_none() && card.reverse.unwrap_or(deck.reverse) {
        "Basic (and reversed card)"
    } else {
        "Basic"
    }
}

/// Anki's tab-separated text (File > Import): one note per card with the
/// columns guid, note type, deck, front, back, tags. The back carries the
/// explanation after [`ANKI_EXPLAIN_RULE`]; the tags are the deck id, the
/// deck's tags and the card's tags.
pub fn write_anki<W: Write>(decks: &[&Deck], mut w: W) -> Result<(), ExportError> {
    writeln!(w, "#separator:tab")?;
    writeln!(w, "#html:false")?;
    writeln!(w, "#guid column:1")?;
    writeln!(w, "#notetype column:2")?;
    writeln!(w, "#deck column:3")?;
    writeln!(w, "#tags column:6")?;
    for deck in decks {
        for card in written(deck) {
            let mut tags: Vec<String> = Vec::new();
            for t in std::iter::once(&deck.id)
                .chain(&deck.tags)
                .chain(&card.tags)
                .map(|t| anki_tag(t))
            {
                if !t.is_empty() && !tags.contains(&t) {
                    tags.push(t);
                }
            }
            let back = match &card.explain {
                Some(e) => format!("{}{ANKI_EXPLAIN_RULE}{e}", card.back),
                None => card.back.clone(),
            };
            writeln!(
                w,
                "{}\t{}\t{}\t{}\t{}\t{}",
                anki_field(&anki_guid(deck, card)),
                anki_field(anki_notetype(deck, card)),
                anki_field(&anki_deck(deck)),
                anki_field(&card.front),
                anki_field(&back),
                anki_field(&tags.join(" "))
            )?;
        }
    }
    w.flush()?;
    Ok(())
}

fn demo_name(d: &Option<DemoRef>) -> String {
    d.as_ref()
        .map(|d| d.id.name().to_string())
        .unwrap_or_default()
}

/// The CSV header.
pub const CSV_HEADER: [&str; 8] = [
    "deck", "id", "front", "back", "accept", "explain", "tags", "demo",
];

/// A list (`accept`, `tags`) in one CSV cell: the items joined with `;`,
/// each with `\` written `\\` and `;` written `\;`, so any value survives
/// ([`split_list`] reads it back).
pub fn join_list(items: &[String]) -> String {
    items
        .iter()
        .map(|i| i.replace('\\', "\\\\").replace(';', "\\;"))
        .collect::<Vec<_>>()
        .join(";")
}

/// The items of a [`join_list`] cell (none for an empty cell).
pub fn split_list(cell: &str) -> Vec<String> {
    let mut items = Vec::new();
    if cell.is_empty() {
        return items;
    }
    let mut cur = String::new();
    let mut chars = cell.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => cur.extend(chars.next()),
            ';' => items.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    items.push(cur);
    items
}

/// RFC 4180 CSV (CRLF line ends, quoted where needed) with the header
/// [`CSV_HEADER`]; `accept` and `tags` are lists written by [`join_list`].
pub fn write_csv<W: Write>(decks: &[&Deck], w: W) -> Result<(), ExportError> {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(w);
    out.write_record(CSV_HEADER)?;
    for deck in decks {
        for card in written(deck) {
            out.write_record([
                deck.id.as_str(),
                &plain_id(card),
                card.front.as_str(),
                card.back.as_str(),
                &join_list(&card.accept),
                card.explain.as_deref().unwrap_or(""),
                &join_list(&card.tags),
                &demo_name(&card.demo),
            ])?;
        }
    }
    out.flush()?;
    Ok(())
}

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
    id: String,
    explicit_id: bool,
    front: &'a str,
    back: &'a str,
    accept: &'a [String],
    explain: Option<&'a str>,
    tags: &'a [String],
    demo: Option<JsonDemo<'a>>,
    reverse: Option<bool>,
    line: usize,
}

#[derive(Serialize)]
struct JsonDeck<'a> {
    id: &'a str,
    name: &'a str,
    description: &'a str,
    tags: &'a [String],
    reverse: bool,
    source: String,
    cards: Vec<JsonCard<'a>>,
}

#[derive(Serialize)]
struct JsonExport<'a> {
    format: &'static str,
    version: u32,
    decks: Vec<JsonDeck<'a>>,
}

/// The `format` of a JSON export.
pub const JSON_FORMAT: &str = "concur-decks";

/// The `version` of the JSON export's shape; a reader refuses a newer one.
pub const JSON_VERSION: u32 = 1;

/// `{"format": "concur-decks", "version": 1, "decks": [{id, name,
/// description, tags, reverse, source, cards: [{id, explicit_id, front,
/// back, accept, explain, tags, demo, reverse, line}]}]}`.
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
                cards: written(d)
                    .map(|c| JsonCard {
                        id: plain_id(c),
                        explicit_id: c.has_explicit_id,
                        front: &c.front,
                        back: &c.back,
                        accept: &c.accept,
                        explain: c.explain.as_deref(),
                        tags: &c.tags,
                        demo: c.demo.as_ref().map(|d| JsonDemo {
                            name: d.id.name(),
                            workers: d.workers,
                            seconds: d.seconds,
                        }),
                        reverse: c.reverse,
                        line: c.line,
                    })
                    .collect(),
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
    use crate::deck::{DeckSource, parse_deck};

    fn deck() -> Deck {
        let text = "[deck]\nid = \"d\"\ntags = [\"two words\"]\n[[cards]]\nid = \"a\"\nfront = \"tab\\there \\\"q\\\"\"\nback = \"line\\nbreak\"\nreverse = true\nexplain = \"why\"\ntags = [\"x\"]\n[[cards]]\nid = \"b\"\nfront = \"#hash\"\nback = \"plain\"\naccept = [\"p\", \"pl\"]\ndemo = { name = \"cpu-bound\", workers = 2 }\n";
        let (d, diags) = parse_deck(
            text.as_bytes(),
            "d.toml",
            "d",
            DeckSource::Bundled("d.toml"),
        );
        assert!(diags.is_empty(), "{diags:?}");
        d.unwrap()
    }

    #[test]
    fn anki_quotes_fields_that_need_it() {
        let d = deck();
        let mut out = Vec::new();
        write_anki(&[&d], &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "#separator:tab\n#html:false\n#guid column:1\n#notetype column:2\n#deck column:3\n#tags column:6\n\
             concur:d:a\tBasic (and reversed card)\tconcur::d\tFRONT\t\"line\nbreak\n\n---\nwhy\"\td two_words x\n\
             concur:d:b\tBasic\tconcur::d\t\"#hash\"\tplain\td two_words\n"
                .replace("FRONT", "\"tab    here \"\"q\"\"\"")
        );
        assert_eq!(anki_field("a\tb"), "\"a\tb\"");
    }

    #[test]
    fn csv_is_rfc4180_and_leaves_out_reverse_expansions() {
        let d = deck();
        assert_eq!(d.cards.len(), 3);
        let mut out = Vec::new();
        write_csv(&[&d], &mut out).unwrap();
        let mut r = csv::Reader::from_reader(out.as_slice());
        assert_eq!(r.headers().unwrap(), CSV_HEADER.as_slice());
        let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(&rows[0][3], "line\nbreak");
        assert_eq!(&rows[1][4], "p;pl");
        assert_eq!(split_list(&rows[1][4]), vec!["p", "pl"]);
        assert_eq!(&rows[1][7], "cpu-bound");
        assert!(String::from_utf8(out).unwrap().contains("\r\n"));
    }

    proptest::proptest! {
        #[test]
        fn csv_lists_survive_any_value(items in proptest::collection::vec("[a-z;\\\\ ]{0,6}", 0..5)) {
            // An empty list and a list of one empty item read back alike:
            // both are "no value" for accept and tags.
            let back = split_list(&join_list(&items));
            if items.len() == 1 && items[0].is_empty() {
                proptest::prop_assert!(back.is_empty());
            } else {
                proptest::prop_assert_eq!(back, items);
            }
        }
    }

    #[test]
    fn json_carries_every_field() {
        let d = deck();
        let mut out = Vec::new();
        write_json(&[&d], &mut out).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let cards = &v["decks"][0]["cards"];
        assert_eq!(cards.as_array().unwrap().len(), 2);
        assert_eq!(cards[0]["reverse"], true);
        assert_eq!(cards[1]["reverse"], serde_json::Value::Null);
        assert_eq!(cards[1]["demo"]["workers"], 2);
        assert_eq!(v["decks"][0]["tags"][0], "two words");
        assert_eq!(
            (&v["format"], &v["version"]),
            (&serde_json::json!(JSON_FORMAT), &serde_json::json!(1))
        );
    }
}
