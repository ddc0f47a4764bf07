//! Text helpers shared by decks, the log and the screens: [`sanitize`]
//! for card text on the screens, [`for_terminal`] for anything the command
//! line prints that came from a file or the log, [`json`] for JSON output,
//! [`nearest`] for "did you mean …?", [`plural`] for counts in words.

pub mod json;
mod plural;
mod suggest;
mod terminal;
pub(crate) mod word;

pub use plural::plural;
pub use suggest::{did_you_mean, nearest};

pub use terminal::{for_terminal, for_terminal_lines, is_hidden};

use std::borrow::Cow;

/// Removes terminal escape sequences and control characters from untrusted
/// text, keeping newlines. Tabs become four spaces; carriage returns are
/// dropped. ESC-introduced sequences (CSI, OSC, DCS, ...) are removed whole,
/// as are the 8-bit C1 controls, so a deck can never drive the terminal.
pub fn sanitize(input: &str) -> String {
    sanitized(input).into_owned()
}

/// [`sanitize`], borrowed when there is nothing to remove (the common case:
/// no control character but newlines and no bidi override), found by one
/// scan of the bytes.
pub fn sanitized(input: &str) -> Cow<'_, str> {
    if is_clean(input) {
        return Cow::Borrowed(input);
    }
    let mut out = String::with_capacity(input.len());
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => out.push('\n'),
            '\t' => out.push_str("    "),
            '\u{1b}' => skip_escape(&mut chars),
            // CSI, OSC, DCS, SOS, PM, APC as 8-bit C1 controls: drop the body too.
            '\u{9b}' => skip_csi_body(&mut chars),
            '\u{90}' | '\u{98}' | '\u{9d}' | '\u{9e}' | '\u{9f}' => skip_string_body(&mut chars),
            c if c.is_control() => {}
            // Bidirectional overrides can make text read differently than it is.
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// True if `s` has no character [`sanitized`] changes: no control
/// character (C0 but the newline, DEL, C1) and no bidi override or
/// isolate (U+202A..=U+202E, U+2066..=U+2069). Runs of printable ASCII
/// are passed 16 bytes at a time, then 8 ([`printable_ascii`]); 8 bytes
/// with any other byte are checked byte by byte, on the UTF-8 encoding
/// (C1 is `C2 80..=9F`, the bidi ranges `E2 80 AA..=AE` and
/// `E2 81 A6..=A9`).
fn is_clean(s: &str) -> bool {
    const WORD: usize = 8;
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        while let Some(&words) = b.get(i..i + 2 * WORD).and_then(|w| w.first_chunk::<16>())
            && {
                let w = u128::from_le_bytes(words);
                printable_ascii(w as u64) & printable_ascii((w >> 64) as u64)
            }
        {
            i += 2 * WORD;
        }
        // The last word of the text ends at its end, overlapping bytes
        // already found clean.
        let at = i.min(b.len().saturating_sub(WORD));
        if let Some(&word) = b.get(at..at + WORD).and_then(|w| w.first_chunk::<WORD>())
            && printable_ascii(u64::from_le_bytes(word))
        {
            i = at + WORD;
            continue;
        }
        let end = (i + WORD).min(b.len());
        // Lookahead past `end` is fine: those bytes are checked in turn.
        while i < end {
            let next = |k: usize| b.get(i + k).copied().unwrap_or(0);
            let bad = match b[i] {
                c if c < 0x20 => c != b'\n',
                0x7f => true,
                0xc2 => (0x80..=0x9f).contains(&next(1)),
                0xe2 => matches!(
                    (next(1), next(2)),
                    (0x80, 0xaa..=0xae) | (0x81, 0xa6..=0xa9)
                ),
                _ => false,
            };
            if bad {
                return false;
            }
            i += 1;
        }
    }
    true
}

/// True if each byte of `w` is printable ASCII (0x20..=0x7e): none has
/// its high bit set, none is below 0x20, none is 0x7f.
fn printable_ascii(w: u64) -> bool {
    use word::{below, each, equal};
    (w & each(0x80)) | below(w, 0x20) | equal(w, 0x7f) == 0
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

fn skip_escape(chars: &mut Chars<'_>) {
    match chars.next() {
        Some('[') => skip_csi_body(chars),
        Some(']' | 'P' | 'X' | '^' | '_') => skip_string_body(chars),
        // Two-character sequences (ESC c, ESC 7, ESC ( B ...): the intermediate
        // bytes 0x20..=0x2f are followed by one final byte.
        Some(c) if ('\u{20}'..='\u{2f}').contains(&c) => {
            while let Some(&n) = chars.peek() {
                chars.next();
                if !('\u{20}'..='\u{2f}').contains(&n) {
                    break;
                }
            }
        }
        _ => {}
    }
}

/// Skips parameter and intermediate bytes up to and including the final byte.
fn skip_csi_body(chars: &mut Chars<'_>) {
    for c in chars.by_ref() {
        if ('\u{40}'..='\u{7e}').contains(&c) {
            break;
        }
        if !('\u{20}'..='\u{3f}').contains(&c) {
            break;
        }
    }
}

/// Skips a string body up to BEL or ST (ESC \ or 0x9c).
fn skip_string_body(chars: &mut Chars<'_>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => break,
            '\u{1b}' => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                break;
            }
            _ => {}
        }
    }
}

/// `s` on one line: every run of whitespace (line breaks too) turned into
/// one space, none at either end.
pub fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Case- and whitespace-insensitive form of a text, used to key cards that
/// have no `id` and to spot duplicate fronts.
pub fn normalize_ws_case(s: &str) -> String {
    s.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn strips_csi_osc_and_controls() {
        assert_eq!(sanitize("a\u{1b}[31mred\u{1b}[0m b"), "ared b");
        assert_eq!(sanitize("x\u{1b}]0;title\u{7}y"), "xy");
        assert_eq!(
            sanitize("x\u{1b}]8;;http://e\u{1b}\\link\u{1b}]8;;\u{1b}\\y"),
            "xlinky"
        );
        assert_eq!(sanitize("bell\u{7}\r\n"), "bell\n");
        assert_eq!(sanitize("t\tab"), "t    ab");
        assert_eq!(sanitize("c1\u{9b}2Jz"), "c1z");
        assert_eq!(sanitize("esc\u{1b}(Bx"), "escx");
        assert_eq!(sanitize("\u{202e}abc"), "abc");
        assert_eq!(sanitize("plain `code`\nline"), "plain `code`\nline");
    }

    #[test]
    fn normalizes_case_and_spaces() {
        assert_eq!(
            normalize_ws_case("  Many   Threads\n at once "),
            "many threads at once"
        );
    }

    /// The character test `sanitized` made before it scanned bytes.
    fn needs_work(c: char) -> bool {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    }

    #[test]
    fn clean_text_is_borrowed() {
        let s = "plain `code`\nline, café 東京 \u{2028} \u{2029}\u{206a}\u{2065} ~";
        assert!(matches!(sanitized(s), Cow::Borrowed(_)));
        for bad in [
            "\u{85}",
            "x\u{9f}",
            "\u{202a}",
            "a\u{202e}",
            "\u{2066}",
            "\u{2069}",
            "\u{7f}",
        ] {
            assert!(matches!(sanitized(bad), Cow::Owned(_)), "{bad:?}");
        }
    }

    proptest! {
        #[test]
        fn the_byte_scan_agrees_with_the_character_test(
            s in "[a-z \n\t\r\u{0}-\u{1f}\u{7f}-\u{a1}\u{c0}-\u{c3}\u{2000}-\u{2070}\u{feff}é東]{0,48}",
            any_s in any::<String>(),
        ) {
            for s in [&s, &any_s] {
                let clean = !s.chars().any(needs_work);
                prop_assert_eq!(is_clean(s), clean);
                prop_assert_eq!(matches!(sanitized(s), Cow::Borrowed(_)), clean);
                prop_assert_eq!(sanitized(s).into_owned(), sanitize(s));
            }
        }

        /// Long runs of printable ASCII with a few other characters
        /// anywhere: every position of a word, the overlapping last word.
        #[test]
        fn the_word_scan_agrees_with_the_character_test(
            parts in proptest::collection::vec(
                ("[ -~]{0,20}", "[\n\t\u{0}\u{1f}\u{7f}\u{80}\u{9f}\u{a0}\u{202a}\u{202e}\u{2066}\u{2069}\u{2070}é]"),
                0..6,
            ),
            tail in "[ -~]{0,20}",
        ) {
            let mut s: String = parts.iter().map(|(run, c)| format!("{run}{c}")).collect();
            s.push_str(&tail);
            prop_assert_eq!(is_clean(&s), !s.chars().any(needs_work));
        }

        #[test]
        fn printable_ascii_words_are_exactly_those_of_printable_bytes(
            printable in "[ -~]{8}",
            at in 0usize..8,
            byte in any::<u8>(),
            any_bytes in any::<[u8; 8]>(),
        ) {
            let mut one_other = [0; 8];
            one_other.copy_from_slice(printable.as_bytes());
            one_other[at] = byte;
            for w in [one_other, any_bytes] {
                let all = w.iter().all(|c| (0x20..0x7f).contains(c));
                prop_assert_eq!(printable_ascii(u64::from_le_bytes(w)), all);
            }
        }

        #[test]
        fn sanitized_text_has_no_controls(s in any::<String>()) {
            let out = sanitize(&s);
            prop_assert!(!out.chars().any(|c| c.is_control() && c != '\n'));
            prop_assert_eq!(sanitize(&out), out.clone());
        }
    }
}
