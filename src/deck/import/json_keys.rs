//! Where the `"cloze"` keys of a JSON text are: the line and column of
//! each key's value, in document order, so that an error in the k-th cloze
//! note's text points at its line. A small scanner, not a parser: it skips
//! strings (escapes included) and reports a string followed by `:` whose
//! content is `cloze`. The text has already been parsed by `serde_json`.
//! The k-th position belongs to the k-th card with `cloze`; a `cloze` key
//! where the export has none (on a deck) would shift them, and the errors
//! then point at the wrong line, never at a panic.

/// A position in the JSON text: 1-based line and column (in characters),
/// and the raw text of the value's string when it has no escapes (so that
/// offsets in it are columns).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ValueAt {
    pub line: usize,
    pub col: usize,
    pub plain: bool,
}

/// The position of the value of every `"cloze"` key, in order.
pub(super) fn cloze_values(text: &str) -> Vec<ValueAt> {
    let mut out = Vec::new();
    let mut chars = text.char_indices();
    // 1: the last string read was `cloze`; 2: and a `:` followed it.
    let mut state = 0u8;
    // The line of `at` and where it starts (a string holds no line break).
    let (mut line, mut line_start) = (1, 0);
    while let Some((at, c)) = chars.next() {
        match c {
            '\n' => {
                line += 1;
                line_start = at + 1;
            }
            '"' => {
                let mut content = String::new();
                let mut escaped = false;
                while let Some((_, s)) = chars.next() {
                    match s {
                        '\\' => {
                            escaped = true;
                            content.push('\\');
                            if let Some((_, e)) = chars.next() {
                                content.push(e);
                            }
                        }
                        '"' => break,
                        s => content.push(s),
                    }
                }
                if state == 2 {
                    out.push(ValueAt {
                        line,
                        col: text[line_start..at].chars().count() + 1,
                        plain: !escaped,
                    });
                }
                state = u8::from(content == "cloze");
            }
            ':' if state == 1 => state = 2,
            c if c.is_whitespace() => {}
            _ => state = 0,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_cloze_value_and_nothing_in_strings() {
        let text = "{\"cards\": [\n  {\"id\": \"a\", \"cloze\": \"x {{c1::y}}\"},\n  {\"front\": \"\\\"cloze\\\": no\", \"tags\": [\"cloze\", \"b\"], \"cloze\" :\n    \"é\\n\"}\n]}";
        let got = cloze_values(text);
        assert_eq!(
            got,
            vec![
                ValueAt {
                    line: 2,
                    col: 24,
                    plain: true
                },
                ValueAt {
                    line: 4,
                    col: 5,
                    plain: false
                },
            ]
        );
    }
}
