//! JSON output that is safe in a terminal: `serde_json` escapes the C0
//! controls, and these writers also write DEL, the C1 controls, bidi and
//! other format characters and line separators (every
//! [`super::terminal::is_hidden`] character) as `\uXXXX`. The output stays
//! valid JSON and parses back to the same values.

use std::io;

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};

use super::terminal::is_hidden;

/// A formatter that escapes hidden characters inside strings and leaves
/// the layout to `F`.
struct Escaping<F>(F);

impl<F: Formatter> Formatter for Escaping<F> {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if is_hidden(c) {
                w.write_all(&fragment.as_bytes()[start..i])?;
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    write!(w, "\\u{:04x}", u)?;
                }
                start = i + c.len_utf8();
            }
        }
        w.write_all(&fragment.as_bytes()[start..])
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn end_object_key<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_key(w)
    }
    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// Writes `value` as compact JSON, hidden characters escaped.
pub fn to_writer<W: io::Write, T: ?Sized + Serialize>(w: W, value: &T) -> serde_json::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(w, Escaping(CompactFormatter));
    value.serialize(&mut ser)
}

/// Writes `value` as indented JSON, hidden characters escaped.
pub fn to_writer_pretty<W: io::Write, T: ?Sized + Serialize>(
    w: W,
    value: &T,
) -> serde_json::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(w, Escaping(PrettyFormatter::new()));
    value.serialize(&mut ser)
}

/// Appends `s` as a JSON string, byte for byte as [`to_writer`] writes it:
/// printable ASCII without `"` and `\\` as it is (the common case, one copy),
/// anything else through the escaping serializer.
pub fn push_str(out: &mut Vec<u8>, s: &str) {
    if s.bytes()
        .all(|b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\')
    {
        out.reserve(s.len() + 2);
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    } else {
        // Writing to a vector cannot fail, nor serializing a string.
        let _ = to_writer(&mut *out, s);
    }
}

/// `value` as compact JSON text, hidden characters escaped.
pub fn to_string<T: ?Sized + Serialize>(value: &T) -> serde_json::Result<String> {
    let mut out = Vec::new();
    to_writer(&mut out, value)?;
    // The serializer writes only UTF-8.
    Ok(String::from_utf8_lossy(&out).into_owned())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn hidden_characters_become_unicode_escapes_and_parse_back() {
        let v = vec![
            "a\u{1b}[2J",
            "b\u{7f}\u{9b}",
            "c\u{202e}d\u{200b}",
            "tag\u{e0041}",
            "plain é",
        ];
        let s = to_string(&v).unwrap();
        assert_eq!(
            s,
            r#"["a\u001b[2J","b\u007f\u009b","c\u202ed\u200b","tag\udb40\udc41","plain é"]"#
        );
        let back: Vec<String> = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
        let mut pretty = Vec::new();
        to_writer_pretty(&mut pretty, &v).unwrap();
        let pretty = String::from_utf8(pretty).unwrap();
        assert!(pretty.contains("\n  \"b\\u007f\\u009b\""), "{pretty}");
        assert_eq!(serde_json::from_str::<Vec<String>>(&pretty).unwrap(), v);
    }

    proptest::proptest! {
        #[test]
        fn push_str_writes_what_the_serializer_writes(s in "[ -~]{0,12}|[\\x00-\\x7f]{0,12}|\\PC{0,12}") {
            let mut out = b"x".to_vec();
            push_str(&mut out, &s);
            let want = to_string(&s).unwrap();
            proptest::prop_assert_eq!(&out[1..], want.as_bytes());
        }

        #[test]
        fn output_has_no_hidden_character_and_round_trips(s in proptest::prelude::any::<String>()) {
            let out = to_string(&s).unwrap();
            proptest::prop_assert!(!out.chars().any(is_hidden));
            let back: String = serde_json::from_str(&out).unwrap();
            proptest::prop_assert_eq!(back, s);
        }
    }
}
