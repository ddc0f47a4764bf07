//! A deck file's tables read by one pass over its bytes, for the plainest
//! form of the common shape (see `events`): lines that are blank, a
//! comment, `[deck]`, `[[cards]]` or `bare-key = value`, where a value is
//! `true`, `false`, a string (basic, literal, or multi-line of either) or
//! an array of one-line strings; only LF line ends.
//!
//! Anything else gives `None` and the caller reads the file through
//! toml_parser's events: a quoted or dotted key, a space inside a header,
//! a carriage return, a control character, an escape other than `\"`,
//! `\\`, `\b`, `\f`, `\n`, `\r`, `\t` and `\uXXXX`, a line-ending
//! backslash, quotes right before a multi-line string's closing
//! delimiter, and every syntax error. So the scan never has to judge a
//! file that is not valid TOML: whatever it accepts, TOML reads the same
//! way, entry for entry and span for span (checked against the events'
//! reading by the tests below and by the deck fuzzer).

use std::borrow::Cow;

use toml::Spanned;
use toml::de::{DeArray, DeValue};

use super::doc::{At, CardTable, Doc};

/// The deck's tables in `text`, or `None` if it is not of the plain
/// shape (see the module's comment).
pub(super) fn read(text: &str) -> Option<Doc<'_>> {
    let mut s = Scan {
        text,
        pos: 0,
        doc: Doc::default(),
        at: At::Top,
        deck_seen: false,
        table_start: 0,
    };
    loop {
        s.skip_blank();
        match s.peek() {
            None => break,
            Some(b'\n') => {
                s.pos += 1;
                continue;
            }
            Some(b'#') => {}
            Some(b'[') => s.header()?,
            Some(c) if is_bare(c) => s.entry()?,
            Some(_) => return None,
        }
        s.end_of_line()?;
    }
    s.finish_table()?;
    Some(s.doc)
}

struct Scan<'i> {
    text: &'i str,
    pos: usize,
    doc: Doc<'i>,
    at: At,
    deck_seen: bool,
    /// Where the current table's entries start in `doc.entries`.
    table_start: usize,
}

/// Byte classes, as bits of [`CLASS`]: what ends a run of plain bytes in
/// each kind of string or comment.
const QUOTE: u8 = 1;
const APOSTROPHE: u8 = 2;
const BACKSLASH: u8 = 4;
const NEWLINE: u8 = 8;
/// A control character TOML refuses in strings and comments (all but tab
/// and LF; CR is refused too, as the scan reads only LF line ends).
const CONTROL: u8 = 16;

static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = CONTROL;
        i += 1;
    }
    t[b'\t' as usize] = 0;
    t[b'\n' as usize] = NEWLINE;
    t[0x7f] = CONTROL;
    t[b'"' as usize] = QUOTE;
    t[b'\'' as usize] = APOSTROPHE;
    t[b'\\' as usize] = BACKSLASH;
    t
};

fn is_bare(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'-'
}

impl<'i> Scan<'i> {
    fn bytes(&self) -> &'i [u8] {
        self.text.as_bytes()
    }

    fn peek(&self) -> Option<u8> {
        self.bytes().get(self.pos).copied()
    }

    fn starts_with(&self, s: &[u8]) -> bool {
        self.bytes()
            .get(self.pos..)
            .is_some_and(|rest| rest.starts_with(s))
    }

    fn skip_blank(&mut self) {
        while let Some(b' ' | b'\t') = self.peek() {
            self.pos += 1;
        }
    }

    /// Moves past plain bytes: to the first byte of a class in `stop`, or
    /// the end. `stop` always holds [`CONTROL`].
    fn skip_plain(&mut self, stop: u8) {
        use crate::text::word::{below, equal};
        let quote = if stop & QUOTE != 0 {
            b'"'
        } else if stop & APOSTROPHE != 0 {
            b'\''
        } else {
            0x7f
        };
        let backslash = if stop & BACKSLASH != 0 { b'\\' } else { 0x7f };
        let bytes = self.bytes();
        let mut pos = self.pos;
        loop {
            // Eight bytes at a time while none of them may stop: none is a
            // control character (tab and LF included), DEL, the quote or
            // the backslash.
            while let Some(word) = bytes.get(pos..).and_then(|b| b.first_chunk::<8>()) {
                let w = u64::from_le_bytes(*word);
                let may_stop =
                    below(w, 0x20) | equal(w, 0x7f) | equal(w, quote) | equal(w, backslash);
                if may_stop != 0 {
                    break;
                }
                pos += 8;
            }
            // Then byte by byte through the word that may (or the last
            // bytes, fewer than eight).
            let end = (pos + 8).min(bytes.len());
            while pos < end {
                if bytes
                    .get(pos)
                    .is_some_and(|&c| CLASS[usize::from(c)] & stop != 0)
                {
                    self.pos = pos;
                    return;
                }
                pos += 1;
            }
            if pos >= bytes.len() {
                self.pos = pos;
                return;
            }
        }
    }

    /// Blanks, a comment, then a line end (taken) or the end of the text.
    fn end_of_line(&mut self) -> Option<()> {
        self.skip_blank();
        if self.peek() == Some(b'#') {
            self.pos += 1;
            self.skip_plain(NEWLINE | CONTROL);
        }
        match self.peek() {
            None => Some(()),
            Some(b'\n') => {
                self.pos += 1;
                Some(())
            }
            Some(_) => None,
        }
    }

    /// Blanks, comments and line ends, as between an array's items.
    fn skip_space(&mut self) -> Option<()> {
        loop {
            self.skip_blank();
            match self.peek() {
                Some(b'\n') => self.pos += 1,
                Some(b'#') => {
                    self.pos += 1;
                    self.skip_plain(NEWLINE | CONTROL);
                    if self.peek() != Some(b'\n') {
                        // A control character, or a comment at the very end
                        // of the file inside an unclosed array.
                        return None;
                    }
                }
                _ => return Some(()),
            }
        }
    }

    /// Closes the current table ([`Doc::finish_table`]); `None` on a
    /// repeated key.
    fn finish_table(&mut self) -> Option<()> {
        let unique = self.doc.finish_table(self.at, self.table_start);
        self.table_start = self.doc.entries.len();
        unique.then_some(())
    }

    /// `[deck]` (once) or `[[cards]]`.
    fn header(&mut self) -> Option<()> {
        let start = self.pos;
        if self.starts_with(b"[[cards]]") {
            self.finish_table()?;
            self.pos += b"[[cards]]".len();
            self.at = At::Card;
            let number = self.doc.cards.len() + 1;
            self.doc.cards.push(CardTable {
                number,
                span: start..self.pos,
                fields: 0..0,
            });
            Some(())
        } else if self.starts_with(b"[deck]") && !self.deck_seen {
            self.finish_table()?;
            self.pos += b"[deck]".len();
            self.at = At::Deck;
            self.deck_seen = true;
            Some(())
        } else {
            None
        }
    }

    /// `key = value` in a table.
    fn entry(&mut self) -> Option<()> {
        if self.at == At::Top {
            return None;
        }
        let start = self.pos;
        while self.peek().is_some_and(is_bare) {
            self.pos += 1;
        }
        let key = self.text.get(start..self.pos)?;
        let key = Spanned::new(start..self.pos, Cow::Borrowed(key));
        self.skip_blank();
        if self.peek() != Some(b'=') {
            return None;
        }
        self.pos += 1;
        self.skip_blank();
        let value = self.value()?;
        self.doc.entries.push((key, value));
        Some(())
    }

    fn value(&mut self) -> Option<Spanned<DeValue<'i>>> {
        let start = self.pos;
        let value = match self.peek()? {
            b'"' | b'\'' => DeValue::String(self.string(true)?),
            b'[' => DeValue::Array(self.array()?),
            b't' if self.starts_with(b"true") => {
                self.pos += 4;
                DeValue::Boolean(true)
            }
            b'f' if self.starts_with(b"false") => {
                self.pos += 5;
                DeValue::Boolean(false)
            }
            _ => return None,
        };
        Some(Spanned::new(start..self.pos, value))
    }

    /// An array of one-line strings, at its `[`.
    fn array(&mut self) -> Option<DeArray<'i>> {
        self.pos += 1;
        let mut items = DeArray::new();
        loop {
            self.skip_space()?;
            if self.peek()? == b']' {
                self.pos += 1;
                return Some(items);
            }
            let start = self.pos;
            let item = self.string(false)?;
            items.push(Spanned::new(start..self.pos, DeValue::String(item)));
            self.skip_space()?;
            match self.peek()? {
                b',' => self.pos += 1,
                b']' => {
                    self.pos += 1;
                    return Some(items);
                }
                _ => return None,
            }
        }
    }

    /// A string at its opening quote; multi-line ones only if
    /// `multi_line`.
    fn string(&mut self, multi_line: bool) -> Option<Cow<'i, str>> {
        let quote = self.peek()?;
        let basic = quote == b'"';
        let triple: &[u8] = if basic { b"\"\"\"" } else { b"'''" };
        let (delimiter, stop) = match (self.starts_with(triple), basic) {
            (true, _) if !multi_line => return None,
            (true, true) => (3, QUOTE | BACKSLASH | CONTROL),
            (true, false) => (3, APOSTROPHE | CONTROL),
            (false, true) => (1, QUOTE | BACKSLASH | NEWLINE | CONTROL),
            (false, false) => (1, APOSTROPHE | NEWLINE | CONTROL),
        };
        self.pos += delimiter;
        if delimiter == 3 && self.peek() == Some(b'\n') {
            // A newline right after the opening delimiter is not part of
            // the string.
            self.pos += 1;
        }
        let mut out = Cow::Borrowed("");
        let mut run = self.pos;
        loop {
            self.skip_plain(stop);
            let piece = self.text.get(run..self.pos)?;
            match self.peek()? {
                b'\\' => {
                    append(&mut out, piece);
                    let c = self.escape()?;
                    out.to_mut().push(c);
                    run = self.pos;
                }
                c if c == quote => {
                    let rest = self.bytes().get(self.pos..)?;
                    let quotes = rest.iter().take_while(|&&b| b == quote).count();
                    if delimiter == 1 || quotes >= 3 {
                        if delimiter == 3 && quotes != 3 {
                            return None;
                        }
                        append(&mut out, piece);
                        self.pos += delimiter;
                        return Some(out);
                    }
                    // One or two quotes inside a multi-line string: text.
                    self.pos += quotes;
                }
                _ => return None,
            }
        }
    }

    /// The character of an escape at its backslash.
    fn escape(&mut self) -> Option<char> {
        let c = match *self.bytes().get(self.pos + 1)? {
            b'"' => '"',
            b'\\' => '\\',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let hex = self.text.get(self.pos + 2..self.pos + 6)?;
                if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return None;
                }
                let c = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
                self.pos += 6;
                return Some(c);
            }
            _ => return None,
        };
        self.pos += 2;
        Some(c)
    }
}

/// `piece` added to the end of `out` (borrowed while it is the first).
fn append<'i>(out: &mut Cow<'i, str>, piece: &'i str) {
    if out.is_empty() {
        *out = Cow::Borrowed(piece);
    } else {
        out.to_mut().push_str(piece);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::read;
    use crate::deck::BUNDLED;
    use proptest::prelude::*;

    /// The scan's reading of `text`, if it takes the file, is the events'
    /// reading entry for entry, span for span.
    fn same_as_events(text: &str) -> bool {
        let Some(doc) = read(text) else {
            return false;
        };
        let events = super::super::events::read(text);
        assert!(events.is_some(), "scan took what TOML refuses: {text:?}");
        assert_eq!(
            format!("{:?}", Some(doc)),
            format!("{events:?}"),
            "{text:?}"
        );
        true
    }

    const PLAIN: &str = "# a deck\n[deck]\nid = \"d\"\nname = 'D'\ntags = [\"a\", 'b',]\nreverse = false\n\n[[cards]]\nid = \"c1\"\nfront = \"\"\"\nQ?\\n\\u00e9 \"quoted\" \"\"twice\"\" end\"\"\"\nback = '''\nA\n'B' ''C'' end''' # after\naccept = [\n  \"x\", # why\n  \"y\"\n]\n  [[cards]]\t# two\nid=\"c2\"\nfront = \"F\\t\\u001b[1m \\\"\\\\ \\b\\f\\r\"\nback = \"B\\u00E9\"\ntags = []\nreverse = true\nexplain = \"e\"\nguid = \"g\"\ndemo = \"cpu-bound\"\ncloze = \"x\"";

    #[test]
    fn the_plain_shape_is_scanned_and_reads_as_the_events_read_it() {
        assert!(same_as_events(PLAIN));
        assert!(same_as_events(""));
        assert!(same_as_events("# only a comment"));
        for (name, text) in BUNDLED {
            assert!(same_as_events(text), "{name}");
        }
    }

    #[test]
    fn what_the_scan_does_not_know_is_left_to_the_events() {
        for text in [
            "[deck]\r\nid = \"a\"\r\n",
            "[ deck ]\n",
            "[[ cards ]]\n",
            "[deck]\n[deck]\n",
            "[deck]\n\"id\" = \"a\"\n",
            "[deck]\na.b = \"x\"\n",
            "[deck]\nid = \"a\"\nid = \"b\"\n",
            "id = \"top\"\n[deck]\n",
            "[deck]\nid = \"\\e\"\n",
            "[deck]\nid = \"\\x41\"\n",
            "[deck]\nid = \"\\U0001F600\"\n",
            "[deck]\nid = \"\\ud800\"\n",
            "[deck]\nid = \"\"\"a\\\n  b\"\"\"\n",
            "[deck]\nid = \"\"\"a\"\"\"\"\n",
            "[deck]\nid = '''a'''''\n",
            "[deck]\nid = \"tab\tok but bell \u{7}\"\n",
            "[deck]\nid = \"del \u{7f}\"\n",
            "[deck]\n# bell \u{7}\n",
            "[deck]\ntags = [\"\"\"a\"\"\"]\n",
            "[deck]\ntags = [\"a\" \"b\"]\n",
            "[deck]\ntags = [,]\n",
            "[deck]\ntags = [\"a\",,]\n",
            "[deck]\ntags = [true]\n",
            "[deck]\ntags = [\"a\"\n",
            "[deck]\ntags = [\"a\" # c",
            "[deck]\nreverse = truex\n",
            "[deck]\nreverse = True\n",
            "[deck]\nn = 1\n",
            "[deck]\nid = \"a\" b\n",
            "[deck]\nid = \"open\n",
            "[deck]\nid = 'open\n",
            "[deck]\nid\n",
            "\u{feff}[deck]\n",
            "[deck] x\n",
            "[cards]\n",
            "[[deck]]\n",
            "[[cards]]\ndemo = { name = \"x\" }\n",
        ] {
            assert!(read(text).is_none(), "{text:?}");
        }
    }

    /// Pieces of deck files, valid and not, to put together.
    const PIECES: &[&str] = &[
        "[deck]",
        "[[cards]]",
        "[cards]",
        "[ deck ]",
        "\n",
        "\n",
        "\n",
        "\r\n",
        " ",
        "\t",
        "# c",
        "#",
        "id",
        "front",
        "k-1_2",
        "\"id\"",
        "a.b",
        "=",
        " = ",
        "\"",
        "'",
        "\"\"\"",
        "'''",
        "text",
        "é",
        "\\",
        "\\n",
        "\\\"",
        "\\u00e9",
        "\\uD800",
        "\\U0001F600",
        "\\e",
        "\\x",
        "\u{1}",
        "\u{7f}",
        "[",
        "]",
        ",",
        "true",
        "false",
        "1",
        "{",
        "}",
    ];

    /// Entries of the plain shape, with a twist or two.
    const LINES: &[&str] = &[
        "[deck]",
        "[[cards]]",
        "id = \"a\"",
        "id = 'a'",
        "front = \"q \\\"x\\\" \\u00e9\\t\"",
        "back = \"\"\"\nline\n\"two\" \"\"three\"\"\n\"\"\"",
        "back = '''\n'a' ''b'' \\ '''",
        "back = \"\"\"x\"\"\"\"",
        "tags = [\"a\", 'b' , # c\n \"c\",\n]",
        "tags = []",
        "tags = [ ]",
        "reverse = true",
        "reverse = false # no",
        "explain = \"\"",
        "id = \"a\"",
        "  # indented comment",
        "",
        "\t",
        "x = 1",
        "a.b = \"c\"",
    ];

    proptest! {
        #[test]
        fn plain_bytes_end_at_the_first_byte_of_a_stop_class(
            text in "[a \t\n\r\"'\\\\\u{1}\u{1f}\u{7f}\u{80}é😀x]{0,40}",
            from in 0..40usize,
        ) {
            for stop in [
                super::QUOTE | super::BACKSLASH | super::NEWLINE | super::CONTROL,
                super::APOSTROPHE | super::NEWLINE | super::CONTROL,
                super::QUOTE | super::BACKSLASH | super::CONTROL,
                super::APOSTROPHE | super::CONTROL,
                super::NEWLINE | super::CONTROL,
            ] {
                let from = from.min(text.len());
                let mut s = super::Scan {
                    text: &text,
                    pos: from,
                    doc: super::Doc::default(),
                    at: super::At::Top,
                    deck_seen: false,
                    table_start: 0,
                };
                s.skip_plain(stop);
                let expected = text.as_bytes()[from..]
                    .iter()
                    .position(|&c| super::CLASS[usize::from(c)] & stop != 0)
                    .map_or(text.len(), |i| from + i);
                prop_assert_eq!(s.pos, expected, "{:?} from {} stop {}", text, from, stop);
            }
        }

        #[test]
        fn whatever_the_scan_takes_reads_as_the_events_read_it(
            picks in proptest::collection::vec(0..PIECES.len(), 0..40),
        ) {
            let text: String = picks.iter().map(|&i| PIECES[i]).collect();
            same_as_events(&text);
        }

        #[test]
        fn plain_lines_in_any_order_read_as_the_events_read_them(
            picks in proptest::collection::vec(0..LINES.len(), 0..30),
            end in proptest::option::of(Just("\n")),
        ) {
            let mut text = picks.iter().map(|&i| LINES[i]).collect::<Vec<_>>().join("\n");
            text.push_str(end.unwrap_or(""));
            same_as_events(&text);
        }
    }
}
