//! RFC 4180 CSV: one row per note, a cloze note in the `cloze` column with
//! its `{{cN::…}}` markup (and its extra text in `back`).

use std::io::Write;

use super::{ExportError, Note, notes};
use crate::deck::{Deck, DemoRef};

/// The CSV header.
pub const CSV_HEADER: [&str; 9] = [
    "deck", "id", "front", "back", "cloze", "accept", "explain", "tags", "demo",
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

fn demo_name(d: &Option<DemoRef>) -> String {
    d.as_ref()
        .map(|d| d.id.name().to_string())
        .unwrap_or_default()
}

/// RFC 4180 CSV (CRLF line ends, quoted where needed) with the header
/// [`CSV_HEADER`]; `accept` and `tags` are lists written by [`join_list`].
/// A front/back card leaves `cloze` empty; a cloze note leaves `front`
/// empty and has its extra text, if any, in `back`.
pub fn write_csv<W: Write>(decks: &[&Deck], w: W) -> Result<(), ExportError> {
    let mut out = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(w);
    out.write_record(CSV_HEADER)?;
    for deck in decks {
        for note in notes(deck) {
            let card = note.card();
            let (front, back, cloze) = match &note {
                Note::Plain(c) => (c.front.as_str(), c.back.as_str(), ""),
                Note::Cloze(_, z) => ("", note.extra(), z.text.as_str()),
            };
            out.write_record([
                deck.id.as_str(),
                note.id(),
                front,
                back,
                cloze,
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::deck::export::tests::deck;

    #[test]
    fn rfc4180_one_row_per_note_and_cloze_keeps_its_markup() {
        let d = deck();
        let mut out = Vec::new();
        write_csv(&[&d], &mut out).unwrap();
        let mut r = ::csv::Reader::from_reader(out.as_slice());
        assert_eq!(r.headers().unwrap(), CSV_HEADER.as_slice());
        let rows: Vec<::csv::StringRecord> = r.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 4);
        assert_eq!(&rows[0][3], "line\nbreak");
        assert_eq!(&rows[1][5], "p;pl");
        assert_eq!(split_list(&rows[1][5]), vec!["p", "pl"]);
        assert_eq!(&rows[1][8], "cpu-bound");
        let z = &rows[3];
        assert_eq!((&z[1], &z[2], &z[3]), ("z", "", "See the demo."));
        assert_eq!(
            &z[4],
            "a {{c1::Process}} has its own memory, `{{c2::threads}}` share one"
        );
        assert!(String::from_utf8(out).unwrap().contains("\r\n"));
    }

    proptest::proptest! {
        #[test]
        fn lists_survive_any_value(items in proptest::collection::vec("[a-z;\\\\ ]{0,6}", 0..5)) {
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
}
