//! Text helpers shared by decks, the log and the screens: [`sanitize`]
//! for card text on the screens, [`for_terminal`] for anything the command
//! line prints that came from a file or the log, [`json`] for JSON output,
//! [`nearest`] for "did you mean …?", [`plural`] for counts in words.

pub mod json;
mod plural;
mod suggest;
mod terminal;

pub use plural::plural;
pub use suggest::{did_you_mean, nearest};

pub use terminal::{for_terminal, for_terminal_lines, is_hidden};

/// Removes terminal escape sequences and control characters from untrusted
/// text, keeping newlines. Tabs become four spaces; carriage returns are
/// dropped. ESC-introduced sequences (CSI, OSC, DCS, ...) are removed whole,
/// as are the 8-bit C1 controls, so a deck can never drive the terminal.
pub fn sanitize(input: &str) -> String {
    if !input.chars().any(needs_work) {
        return input.to_string();
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
    out
}

fn needs_work(c: char) -> bool {
    (c.is_control() && c != '\n') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
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

    proptest! {
        #[test]
        fn sanitized_text_has_no_controls(s in any::<String>()) {
            let out = sanitize(&s);
            prop_assert!(!out.chars().any(|c| c.is_control() && c != '\n'));
            prop_assert_eq!(sanitize(&out), out.clone());
        }
    }
}
