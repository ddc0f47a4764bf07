//! The one escaping function for text the command line prints: every
//! character a terminal could act on or that hides or reorders text
//! (controls, DEL, C1, bidi overrides and isolates, zero-width and other
//! format characters, line and paragraph separators) becomes a visible
//! escape like `\u{1b}`; plain text is returned borrowed, unchanged.
//!
//! Unlike [`super::sanitize`] (which the screens use on card text and which
//! drops escape sequences), this keeps every character visible, so a hostile
//! file name or id is shown for what it is and never drives the terminal.

use std::borrow::Cow;
use std::fmt::Write;

use unicode_properties::general_category::{GeneralCategory, UnicodeGeneralCategory};

/// True for a character that must not reach a terminal raw: a control
/// character (C0, DEL, C1), a format character (Unicode category Cf: bidi
/// overrides and isolates, zero-width spaces and joiners, the byte order
/// mark, ...) or a line or paragraph separator.
pub fn is_hidden(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_control();
    }
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}')
        || c.general_category() == GeneralCategory::Format
}

/// `s` with every [`is_hidden`] character written as `\u{…}` (lowercase
/// hex, as Rust writes it). Borrowed when there is nothing to escape. The
/// result contains no hidden character, and escaping it again changes
/// nothing.
pub fn for_terminal(s: &str) -> Cow<'_, str> {
    escape(s, false)
}

/// Like [`for_terminal`], but keeps line breaks (`\n`): for whole messages
/// of several lines, such as an error printed by the command line.
pub fn for_terminal_lines(s: &str) -> Cow<'_, str> {
    escape(s, true)
}

fn escape(s: &str, keep_newlines: bool) -> Cow<'_, str> {
    let hidden = |c: char| is_hidden(c) && !(keep_newlines && c == '\n');
    if !s.chars().any(hidden) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if hidden(c) {
            // Writing to a String cannot fail.
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn plain_text_is_borrowed() {
        let s = "decks/gil-basics.toml: café 東京 `code` \\u{1b}";
        assert!(matches!(for_terminal(s), Cow::Borrowed(_)));
    }

    #[test]
    fn controls_bidi_and_format_characters_are_escaped() {
        assert_eq!(
            for_terminal("a\u{1b}]52;c;eA==\u{7}b"),
            "a\\u{1b}]52;c;eA==\\u{7}b"
        );
        assert_eq!(for_terminal("x\u{7f}\u{9b}y"), "x\\u{7f}\\u{9b}y");
        assert_eq!(for_terminal("id\u{202e}txt.exe"), "id\\u{202e}txt.exe");
        assert_eq!(for_terminal("a\u{2066}b\u{2069}"), "a\\u{2066}b\\u{2069}");
        assert_eq!(
            for_terminal("zero\u{200b}width\u{feff}"),
            "zero\\u{200b}width\\u{feff}"
        );
        assert_eq!(for_terminal("tag\u{e0041}"), "tag\\u{e0041}");
        assert_eq!(for_terminal("l\u{2028}p"), "l\\u{2028}p");
        assert_eq!(for_terminal("two\nlines\r"), "two\\u{a}lines\\u{d}");
        assert_eq!(for_terminal_lines("two\nlines\r"), "two\nlines\\u{d}");
    }

    proptest! {
        #[test]
        fn escaped_text_has_no_hidden_character_and_is_stable(s in any::<String>()) {
            let once = for_terminal(&s).into_owned();
            prop_assert!(!once.chars().any(is_hidden));
            prop_assert_eq!(for_terminal(&once).into_owned(), once.clone());
            let lines = for_terminal_lines(&s).into_owned();
            prop_assert!(!lines.chars().any(|c| is_hidden(c) && c != '\n'));
        }

        #[test]
        fn text_without_hidden_characters_is_unchanged(s in "[a-zA-Z0-9 ./:é東-]{0,40}") {
            prop_assert!(matches!(for_terminal(&s), Cow::Borrowed(_)));
        }
    }
}
