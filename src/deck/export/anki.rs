//! Anki's plain-text import (File > Import): one line per note, with the
//! columns guid, note type, deck, two fields and tags, fields in HTML.
//!
//! A text file can only name note types the collection already has, so it
//! uses Anki's built-in ones: "Basic", "Basic (and reversed card)" for a
//! card with `reverse` on, and "Cloze" (fields Text and Back Extra) for a
//! cloze note. None of them has a field for `explain`: it is put after the
//! back, under a rule. The `.apkg` export ([`super::write_apkg`]) has a field
//! for it.

use std::io::Write;

use super::{ExportError, Note, anki_decks, anki_tags, guid_of, html, notes, reversed};
use crate::deck::Deck;

/// What separates the back from `explain` in a text export's back field.
pub const EXPLAIN_RULE: &str = "<hr class=\"explain\">";

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

/// The note type and the two fields (HTML) of `note`.
fn columns(deck: &Deck, note: &Note<'_>) -> (&'static str, String, String) {
    let card = note.card();
    let (kind, first, second) = match note {
        Note::Plain(c) => {
            let kind = if reversed(deck, c) {
                "Basic (and reversed card)"
            } else {
                "Basic"
            };
            (kind, html::field(&c.front), html::field(&c.back))
        }
        Note::Cloze(_, z) => ("Cloze", html::field(&z.text), html::field(note.extra())),
    };
    let second = match &card.explain {
        Some(e) if second.is_empty() => html::field(e),
        Some(e) => format!("{second}{EXPLAIN_RULE}{}", html::field(e)),
        None => second,
    };
    (kind, first, second)
}

/// The text export: the headers `#separator:tab`, `#html:true`, `#guid
/// column:1`, `#notetype column:2`, `#deck column:3`, `#tags column:6`, then
/// one line per note.
pub fn write_anki<W: Write>(decks: &[&Deck], mut w: W) -> Result<(), ExportError> {
    writeln!(w, "#separator:tab")?;
    writeln!(w, "#html:true")?;
    writeln!(w, "#guid column:1")?;
    writeln!(w, "#notetype column:2")?;
    writeln!(w, "#deck column:3")?;
    writeln!(w, "#tags column:6")?;
    for (deck, anki_deck) in decks.iter().zip(anki_decks(decks)) {
        for note in notes(deck) {
            let (kind, first, second) = columns(deck, &note);
            let tags = anki_tags(deck, note.card()).join(" ");
            writeln!(
                w,
                "{}\t{}\t{}\t{}\t{}\t{}",
                anki_field(&guid_of(deck, &note)),
                anki_field(kind),
                anki_field(&anki_deck),
                anki_field(&first),
                anki_field(&second),
                anki_field(&tags)
            )?;
        }
    }
    w.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::deck::export::tests::deck;

    fn text(decks: &[&Deck]) -> String {
        let mut out = Vec::new();
        write_anki(decks, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn fields_are_html_and_quoted_where_needed() {
        let d = deck();
        let t = text(&[&d]);
        let rows: Vec<&str> = t.lines().skip(6).collect();
        assert!(t.starts_with("#separator:tab\n#html:true\n"));
        assert_eq!(
            rows[0],
            "concur:d:a\tBasic (and reversed card)\tconcur::d\ttab &nbsp;&nbsp;&nbsp;here &quot;q&quot;\t\"line<br>break<hr class=\"\"explain\"\">why\"\td two_words x"
        );
        assert_eq!(
            rows[1],
            "concur:d:b\tBasic\tconcur::d\t\"#hash\"\tplain\td two_words"
        );
        assert_eq!(anki_field("a\tb"), "\"a\tb\"");
    }

    #[test]
    fn code_is_code_and_a_cloze_is_one_cloze_note() {
        let d = deck();
        let t = text(&[&d]);
        assert!(
            t.contains(
                "<pre><code class=\"\"language-python\"\">with lock:\n    n += 1</code></pre>"
            ),
            "{t}"
        );
        let cloze: Vec<&str> = t.lines().filter(|l| l.contains("\tCloze\t")).collect();
        assert_eq!(cloze.len(), 1, "{t}");
        assert_eq!(
            cloze[0],
            "concur:d:z\tCloze\tconcur::d\ta {{c1::Process}} has its own memory, <code>{{c2::threads}}</code> share one\tSee the demo.\td two_words"
        );
    }
}
