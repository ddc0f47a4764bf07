//! Writing decks out for other tools: Anki's plain-text import, CSV and
//! JSON. Cards are exported as written in the file: the reverse cards made
//! at load time are left out, and `reverse` is carried as a field instead.

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

fn written(deck: &Deck) -> impl Iterator<Item = &Card> {
    deck.cards.iter().filter(|c| c.is_written())
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

/// Anki's tab-separated text: front, back, tags (the deck id, the deck's
/// tags and the card's tags, space-separated).
pub fn write_anki<W: Write>(decks: &[&Deck], mut w: W) -> Result<(), ExportError> {
    writeln!(w, "#separator:tab")?;
    writeln!(w, "#html:false")?;
    writeln!(w, "#tags column:3")?;
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
            writeln!(
                w,
                "{}\t{}\t{}",
                anki_field(&card.front),
                anki_field(&card.back),
                anki_field(&tags.join(" "))
            )?;
        }
    }
    w.flush()?;
    Ok(())
}

fn demo_name(d: &Option<DemoRef>) -> String {
    d.as_ref().map(|d| d.name.clone()).unwrap_or_default()
}

/// The CSV header.
pub const CSV_HEADER: [&str; 8] = [
    "deck", "id", "front", "back", "accept", "explain", "tags", "demo",
];

/// RFC 4180 CSV (CRLF line ends, quoted where needed) with the header
/// [`CSV_HEADER`]; `accept` and `tags` are joined with `;`.
pub fn write_csv<W: Write>(decks: &[&Deck], w: W) -> Result<(), ExportError> {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(w);
    out.write_record(CSV_HEADER)?;
    for deck in decks {
        for card in written(deck) {
            out.write_record([
                deck.id.as_str(),
                card.id.as_str(),
                card.front.as_str(),
                card.back.as_str(),
                &card.accept.join(";"),
                card.explain.as_deref().unwrap_or(""),
                &card.tags.join(";"),
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
    id: &'a str,
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
    decks: Vec<JsonDeck<'a>>,
}

/// `{"decks": [{id, name, description, tags, reverse, source, cards: [{id,
/// explicit_id, front, back, accept, explain, tags, demo, reverse, line}]}]}`.
pub fn write_json<W: Write>(decks: &[&Deck], mut w: W) -> Result<(), ExportError> {
    let out = JsonExport {
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
                        id: &c.id,
                        explicit_id: c.has_explicit_id,
                        front: &c.front,
                        back: &c.back,
                        accept: &c.accept,
                        explain: c.explain.as_deref(),
                        tags: &c.tags,
                        demo: c.demo.as_ref().map(|d| JsonDemo {
                            name: &d.name,
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
    serde_json::to_writer_pretty(&mut w, &out)?;
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
        let text = "[deck]\nid = \"d\"\ntags = [\"two words\"]\n[[cards]]\nid = \"a\"\nfront = \"tab\\there \\\"q\\\"\"\nback = \"line\\nbreak\"\nreverse = true\ntags = [\"x\"]\n[[cards]]\nid = \"b\"\nfront = \"#hash\"\nback = \"plain\"\naccept = [\"p\", \"pl\"]\ndemo = { name = \"cpu-bound\", workers = 2 }\n";
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
            "#separator:tab\n#html:false\n#tags column:3\n\
             tab    here \"q\"\t\"line\nbreak\"\td two_words x\n\
             \"#hash\"\tplain\td two_words\n"
                .replace("tab    here \"q\"", "\"tab    here \"\"q\"\"\"")
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
        assert_eq!(&rows[1][7], "cpu-bound");
        assert!(String::from_utf8(out).unwrap().contains("\r\n"));
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
    }
}
