//! A deck file's tables read straight from toml_parser's events, without
//! building toml's document tree (a map per card, the most costly part of
//! a parse), for the shape nearly every deck file has: a `[deck]` table and
//! `[[cards]]` tables whose values are strings, booleans and arrays of
//! strings, each key written once.
//!
//! Anything else (a syntax error, keys at the top, dotted keys, inline
//! tables, numbers, dates, nested arrays, another table, a repeated key or
//! `[deck]`) gives `None`, and the caller parses the file with toml's
//! document tree instead: that path has every rule of TOML and every
//! message, so a file reads the same whichever path took it.

use std::borrow::Cow;

use toml::Spanned;
use toml::de::{DeArray, DeValue};
use toml_parser::decoder::{Encoding, ScalarKind};
use toml_parser::parser::{EventReceiver, RecursionGuard, ValidateWhitespace};
use toml_parser::{ErrorSink, ParseError, Raw, Source, Span};

use super::doc::{At, CardTable, Doc};

/// toml's limit on nesting (the same, so that both paths see the same
/// events).
const MAX_DEPTH: u32 = 80;

/// The deck's tables in `text`, or `None` if the file is not of the
/// common shape (see the module's comment).
pub(super) fn read(text: &str) -> Option<Doc<'_>> {
    let source = Source::new(text);
    let tokens = source.lex().into_vec();
    let mut reader = Reader {
        source,
        doc: Doc::default(),
        at: At::Top,
        header: None,
        key: None,
        array: None,
        table_start: 0,
        off: false,
    };
    let mut error: Option<ParseError> = None;
    {
        let mut checked = ValidateWhitespace::new(&mut reader, source);
        let mut guarded = RecursionGuard::new(&mut checked, MAX_DEPTH);
        toml_parser::parser::parse_document(&tokens, &mut guarded, &mut error);
    }
    if error.is_some() || reader.off || reader.key.is_some() || reader.array.is_some() {
        return None;
    }
    reader.finish_table();
    (!reader.off).then_some(reader.doc)
}

/// A table header being read: `[[cards]]` if `array`, where it starts,
/// and its key once read.
struct Header<'i> {
    array: bool,
    start: usize,
    key: Option<Cow<'i, str>>,
}

/// Receives the parser's events; `off` once the file turns out not to be
/// of the common shape (later events are then ignored).
struct Reader<'i> {
    source: Source<'i>,
    doc: Doc<'i>,
    at: At,
    header: Option<Header<'i>>,
    /// The key of the entry being read, once its `=` is seen (`true`).
    key: Option<(Spanned<Cow<'i, str>>, bool)>,
    /// The array value being read: where it opens, and its items.
    array: Option<(usize, DeArray<'i>)>,
    /// Where the current table's entries start in `doc.entries`.
    table_start: usize,
    off: bool,
}

impl<'i> Reader<'i> {
    /// Closes the current table ([`Doc::finish_table`]); a repeated key
    /// turns the reader off.
    fn finish_table(&mut self) {
        if !self.doc.finish_table(self.at, self.table_start) {
            self.off = true;
        }
        self.table_start = self.doc.entries.len();
    }

    fn open_header(&mut self, array: bool, span: Span) {
        if self.key.is_some() || self.array.is_some() || self.header.is_some() {
            self.off = true;
            return;
        }
        self.finish_table();
        self.header = Some(Header {
            array,
            start: span.start(),
            key: None,
        });
    }

    fn close_header(&mut self, span: Span) {
        let Some(Header { array, start, key }) = self.header.take() else {
            self.off = true;
            return;
        };
        match (array, key.as_deref()) {
            (false, Some("deck")) if self.doc.deck.is_none() => {
                self.at = At::Deck;
            }
            (true, Some("cards")) => {
                self.at = At::Card;
                let number = self.doc.cards.len() + 1;
                self.doc.cards.push(CardTable {
                    number,
                    span: start..span.end(),
                    fields: 0..0,
                });
            }
            _ => self.off = true,
        }
    }

    /// The text of a token with its encoding (as the event gives it).
    fn raw(&self, span: Span, encoding: Option<Encoding>) -> Option<Raw<'i>> {
        let text = self.source.input().get(span.start()..span.end())?;
        Some(Raw::new_unchecked(text, encoding, span))
    }

    /// A key as toml decodes it; `None` (and off) on an error.
    fn key(&mut self, span: Span, encoding: Option<Encoding>) -> Option<Cow<'i, str>> {
        let Some(raw) = self.raw(span, encoding) else {
            self.off = true;
            return None;
        };
        let mut out = Cow::Borrowed("");
        let mut error: Option<ParseError> = None;
        raw.decode_key(&mut out, &mut error);
        self.off |= error.is_some();
        error.is_none().then_some(out)
    }

    /// A string or boolean value as toml decodes it; `None` (and off) on
    /// an error or another type.
    fn value(&mut self, span: Span, encoding: Option<Encoding>) -> Option<DeValue<'i>> {
        let Some(raw) = self.raw(span, encoding) else {
            self.off = true;
            return None;
        };
        let mut out = Cow::Borrowed("");
        let mut error: Option<ParseError> = None;
        let value = match raw.decode_scalar(&mut out, &mut error) {
            ScalarKind::String => Some(DeValue::String(out)),
            ScalarKind::Boolean(b) => Some(DeValue::Boolean(b)),
            _ => None,
        };
        let value = value.filter(|_| error.is_none());
        self.off |= value.is_none();
        value
    }

    fn push_entry(&mut self, value: Spanned<DeValue<'i>>) {
        match self.key.take() {
            Some((key, true)) => self.doc.entries.push((key, value)),
            _ => self.off = true,
        }
    }
}

impl EventReceiver for Reader<'_> {
    fn std_table_open(&mut self, span: Span, _: &mut dyn ErrorSink) {
        self.open_header(false, span);
    }
    fn std_table_close(&mut self, span: Span, _: &mut dyn ErrorSink) {
        self.close_header(span);
    }
    fn array_table_open(&mut self, span: Span, _: &mut dyn ErrorSink) {
        self.open_header(true, span);
    }
    fn array_table_close(&mut self, span: Span, _: &mut dyn ErrorSink) {
        self.close_header(span);
    }
    fn inline_table_open(&mut self, _: Span, _: &mut dyn ErrorSink) -> bool {
        self.off = true;
        true
    }
    fn array_open(&mut self, span: Span, _: &mut dyn ErrorSink) -> bool {
        match (&self.key, &self.array) {
            (Some((_, true)), None) => self.array = Some((span.start(), DeArray::new())),
            _ => self.off = true,
        }
        true
    }
    fn array_close(&mut self, span: Span, _: &mut dyn ErrorSink) {
        match self.array.take() {
            Some((start, items)) => {
                self.push_entry(Spanned::new(start..span.end(), DeValue::Array(items)));
            }
            None => self.off = true,
        }
    }
    fn simple_key(&mut self, span: Span, encoding: Option<Encoding>, _: &mut dyn ErrorSink) {
        if self.off {
            return;
        }
        let Some(key) = self.key(span, encoding) else {
            return;
        };
        if let Some(header) = &mut self.header {
            if header.key.replace(key).is_some() {
                self.off = true;
            }
        } else if self.key.is_some() || self.at == At::Top {
            self.off = true;
        } else {
            self.key = Some((Spanned::new(span.start()..span.end(), key), false));
        }
    }
    fn key_sep(&mut self, _: Span, _: &mut dyn ErrorSink) {
        self.off = true;
    }
    fn key_val_sep(&mut self, _: Span, _: &mut dyn ErrorSink) {
        match &mut self.key {
            Some((_, seen @ false)) => *seen = true,
            _ => self.off = true,
        }
    }
    fn scalar(&mut self, span: Span, encoding: Option<Encoding>, _: &mut dyn ErrorSink) {
        if self.off {
            return;
        }
        let Some(value) = self.value(span, encoding) else {
            return;
        };
        let value = Spanned::new(span.start()..span.end(), value);
        match &mut self.array {
            Some((_, items)) if matches!(value.get_ref(), DeValue::String(_)) => items.push(value),
            Some(_) => self.off = true,
            None => self.push_entry(value),
        }
    }
    fn value_sep(&mut self, _: Span, _: &mut dyn ErrorSink) {
        if self.array.is_none() {
            self.off = true;
        }
    }
    fn error(&mut self, _: Span, _: &mut dyn ErrorSink) {
        self.off = true;
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::super::parse_deck_on;
    use super::read;
    use crate::deck::{BUNDLED, DeckSource};
    use proptest::prelude::*;

    /// Parses `text` both ways, lint on and off: the same deck and the same
    /// diagnostics; and without the cards' texts, the same ids and
    /// diagnostics.
    fn same_both_ways(text: &str) {
        for lint in [true, false] {
            let on = |events, keep_text| {
                parse_deck_on(
                    text.as_bytes(),
                    "t.toml",
                    "t",
                    DeckSource::Bundled("t.toml"),
                    lint,
                    events,
                    keep_text,
                )
            };
            let whole = on(true, true);
            assert_eq!(whole, on(false, true), "{text:?}");
            let ids = |(deck, diags): (Option<crate::deck::Deck>, _)| {
                let deck = deck.map(|d| {
                    let cards: Vec<_> = d.cards.into_iter().map(|c| (c.id, c.line)).collect();
                    (d.id, d.name, d.id_pos, cards)
                });
                (deck, diags)
            };
            // As `parse_deck_ids` parses: the texts are kept for lint.
            assert_eq!(ids(on(true, lint)), ids(whole), "{text:?}");
        }
    }

    const COMMON: &str = "# a deck\n[deck]\nid = \"d\"\nname = 'D'\ntags = [\"a\", 'b',]\nreverse = false\n\n[[cards]]\nid = \"c1\"\nfront = \"\"\"\nQ?\\n\\u00e9\"\"\"\nback = '''\nA'''\naccept = [\n  \"x\", # why\n  \"y\"\n]\n[[ cards ]] # two\n\"id\" = \"c2\"\nfront = \"F\\t\\u001b[1m\"\nback = \"B\"\ntags = []\nreverse = true\nexplain = \"e\"\nguid = \"g\"\ndemo = \"cpu-bound\"\ncloze = \"x\"\n";

    #[test]
    fn the_common_shape_is_read_from_events_and_reads_the_same() {
        assert!(read(COMMON).is_some());
        same_both_ways(COMMON);
        for (_, text) in BUNDLED {
            assert!(read(text).is_some());
            same_both_ways(text);
        }
        for dir in ["fuzz/corpus/deck_parse", "decks"] {
            for entry in std::fs::read_dir(dir).unwrap() {
                let bytes = std::fs::read(entry.unwrap().path()).unwrap();
                same_both_ways(&String::from_utf8_lossy(&bytes));
            }
        }
    }

    #[test]
    fn any_other_shape_goes_through_the_tree() {
        for text in [
            "x = 1\n[deck]\n",
            "[deck]\nid = \"a\"\nid = \"b\"\n",
            "[deck]\n[deck]\n",
            "[deck]\na.b = \"x\"\n",
            "[deck]\nid = 1\n",
            "[[cards]]\ndemo = { name = \"x\" }\n",
            "[[cards]]\ntags = [[\"a\"]]\n",
            "[[cards]]\ntags = [\"a\", 1]\n",
            "[cards]\n",
            "[[deck]]\n",
            "[deck.x]\n",
            "[[cards]]\nfront = \"a\"\n\"front\" = \"b\"\n",
            "[[cards]]\nfront = \"\\q\"\n",
            "[[cards]]\nfront = \"a\" b\n",
            "[[cards]]\nwhen = 2024-01-01\n",
        ] {
            assert!(read(text).is_none(), "{text:?}");
            same_both_ways(text);
        }
    }

    /// Lines of deck files, good and bad, to put together.
    const LINES: &[&str] = &[
        "[deck]",
        "[[cards]]",
        "[cards]",
        "[[deck]]",
        "[ deck ]",
        "[\"deck\"]",
        "[[ cards ]] # c",
        "[deck.sub]",
        "id = \"a\"",
        "id = \"b\"",
        "id = 'a~rev'",
        "id = \"x y\"",
        "id = \"\"",
        "\"id\" = \"q\"",
        "front = \"Q?\"",
        "front = \"q?\"",
        "front = \"\"\"\nmulti\nline\"\"\"",
        "front = ''",
        "front = 3",
        "back = \"A\"",
        "back = '\\u001b[2J x'",
        "back = \"esc \\u001b]0;t\\u0007 y\"",
        "cloze = \"a {{c1::b}} c\"",
        "cloze = \"a {{c1::}} c\"",
        "accept = [\"x\", \" \", \"y\"]",
        "accept = \"x\"",
        "tags = [\"t\", 'u',]",
        "tags = [1]",
        "tags = []",
        "reverse = true",
        "reverse = \"yes\"",
        "explain = \"E\"",
        "guid = \"g h\"",
        "demo = \"cpu-bound\"",
        "demo = \"nope\"",
        "demo = { name = \"cpu-bound\", workers = 99 }",
        "name = \"N\"",
        "description = \"D\"",
        "nme = \"x\"",
        "a.b = 1",
        "deck = 1",
        "cards = []",
        "cards = [1]",
        "# comment",
        "",
        "   ",
        "x = [[1], 2]",
        "front = \"unterminated",
        "= \"no key\"",
        "k = 1979-05-27",
        "\u{0}",
    ];

    proptest! {
        #[test]
        fn both_ways_read_any_mix_of_lines_the_same(
            picks in proptest::collection::vec(0..LINES.len(), 0..24),
            crlf in any::<bool>(),
        ) {
            let newline = if crlf { "\r\n" } else { "\n" };
            let text: Vec<&str> = picks.iter().map(|&i| LINES[i]).collect();
            same_both_ways(&text.join(newline));
        }

        #[test]
        fn both_ways_read_any_text_the_same(s in "(\\[\\[cards\\]\\]|\\[deck\\]|front|back|id|tags|=|\"|'|\\n| |x|1|\\{|\\}|,|\\[|\\]|#|\\.)*") {
            same_both_ways(&s);
        }
    }
}
