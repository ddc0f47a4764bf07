//! Inline clean-up of one table cell, heading or bullet: emoji markers,
//! citation links, inline links and images (their text is kept), `**` bold
//! markers, backslash escapes and `<br>` line breaks. Code spans are copied
//! unchanged.

use std::collections::HashSet;

use crate::text::sanitize;

/// Link texts that are citations, not content: a reference link with one
/// of them as text (`[source][1]`), like one with a number or `^...` as
/// text, is dropped.
const CITATION_WORDS: &[&str] = &[
    "source",
    "sources",
    "src",
    "ref",
    "reference",
    "references",
    "link",
    "here",
    "more",
    "via",
    "see",
];

/// Emoji and pictographic symbols used as decorations (❓ ✅ 🚀 ⭐ ...),
/// with their variation selectors and joiners.
pub fn is_decoration(c: char) -> bool {
    matches!(c as u32,
        0x1F000..=0x1FAFF   // emoji, pictographs, flags, symbols
        | 0x2600..=0x27BF   // miscellaneous symbols, dingbats (✅ ❓ ✔ ❤)
        | 0x2B00..=0x2BFF   // stars, large shapes (⭐ ⬛)
        | 0x231A..=0x231B   // ⌚ ⌛
        | 0x23E9..=0x23FA   // ⏩ ... ⏺
        | 0x25A0..=0x25FF   // geometric shapes used as bullets (▶ ◀ ■)
        | 0xFE00..=0xFE0F   // variation selectors
        | 0x200D            // zero-width joiner
        | 0x20E3            // combining keycap
        | 0xE0020..=0xE007F // tag characters
    )
}

/// Removes decorations from one cell, heading or bullet, drops control
/// characters and tidies its spacing (each line's whitespace collapsed, the
/// whole trimmed). `refs` are the labels of reference definitions
/// (`[1]: https://...`): a shortcut link `[1]` to one of them is dropped.
pub fn clean_text(raw: &str, refs: &HashSet<String>) -> String {
    let with_breaks = replace_br(raw);
    let mut out = String::with_capacity(with_breaks.len());
    let chars: Vec<char> = with_breaks.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '`' => {
                // A code span: copy it unchanged up to the matching run.
                let run = chars[i..].iter().take_while(|&&x| x == '`').count();
                let body_start = i + run;
                let mut j = body_start;
                let mut end = None;
                while j < chars.len() {
                    if chars[j] == '`' {
                        let r = chars[j..].iter().take_while(|&&x| x == '`').count();
                        if r == run {
                            end = Some(j);
                            break;
                        }
                        j += r;
                    } else {
                        j += 1;
                    }
                }
                match end {
                    Some(e) => {
                        out.extend(&chars[i..e + run]);
                        i = e + run;
                    }
                    None => {
                        out.extend(&chars[i..body_start]);
                        i = body_start;
                    }
                }
            }
            '\\' if i + 1 < chars.len() && chars[i + 1].is_ascii_punctuation() => {
                out.push(chars[i + 1]);
                i += 2;
            }
            '!' if chars.get(i + 1) == Some(&'[') => {
                // An image: keep its alt text.
                match link_at(&chars, i + 1) {
                    Some(link) => {
                        out.push_str(&link.text);
                        i = link.end;
                    }
                    None => {
                        out.push(c);
                        i += 1;
                    }
                }
            }
            '[' => match link_at(&chars, i) {
                Some(link) => {
                    let text_key = link.text.trim().to_lowercase();
                    let citation = CITATION_WORDS.contains(&text_key.as_str())
                        || text_key.starts_with('^')
                        || (!text_key.is_empty() && text_key.chars().all(|c| c.is_ascii_digit()));
                    let keep = match link.kind {
                        LinkKind::Inline => true,
                        LinkKind::Reference => !citation,
                        LinkKind::Shortcut => {
                            !(refs.contains(&text_key) || text_key.starts_with('^'))
                        }
                    };
                    if keep {
                        if link.kind == LinkKind::Shortcut {
                            out.push('[');
                            out.push_str(&link.text);
                            out.push(']');
                        } else {
                            out.push_str(&link.text);
                        }
                    }
                    i = link.end;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            },
            '*' if chars.get(i + 1) == Some(&'*') => i += 2,
            c if is_decoration(c) => i += 1,
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    let tidy: Vec<String> = sanitize(&out)
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    tidy.join("\n").trim().to_string()
}

/// `s` with each `<br>`, `<br/>` and `<br />` (any case) made a line break.
fn replace_br(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let len = ["<br />", "<br/>", "<br>"]
            .iter()
            .find(|p| {
                tail.get(..p.len())
                    .is_some_and(|x| x.eq_ignore_ascii_case(p))
            })
            .map(|p| p.len());
        match len {
            Some(n) => {
                out.push('\n');
                rest = &tail[n..];
            }
            None => {
                out.push('<');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The three forms of a Markdown link.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
enum LinkKind {
    /// `[text](url)`
    Inline,
    /// `[text][label]`
    Reference,
    /// `[label]`
    Shortcut,
}

/// A link found in the text.
struct Link {
    /// The text between the first brackets.
    text: String,
    /// Which form it has.
    kind: LinkKind,
    /// Index just past the link.
    end: usize,
}

/// The link starting at `chars[start] == '['`, if it is one.
fn link_at(chars: &[char], start: usize) -> Option<Link> {
    let close = matching(chars, start, '[', ']')?;
    let text: String = chars[start + 1..close].iter().collect();
    match chars.get(close + 1) {
        Some('(') => {
            let end = matching(chars, close + 1, '(', ')')?;
            Some(Link {
                text,
                kind: LinkKind::Inline,
                end: end + 1,
            })
        }
        Some('[') => {
            let end = matching(chars, close + 1, '[', ']')?;
            Some(Link {
                text,
                kind: LinkKind::Reference,
                end: end + 1,
            })
        }
        _ => Some(Link {
            text,
            kind: LinkKind::Shortcut,
            end: close + 1,
        }),
    }
}

/// The index of the `close` that matches the `open` at `open_at`, on the
/// same line, skipping backslash escapes.
fn matching(chars: &[char], open_at: usize, open: char, close: char) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = open_at;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' {
            i += 2;
            continue;
        }
        if c == open {
            depth += 1;
        } else if c == close {
            depth = depth.checked_sub(1)?;
            if depth == 0 {
                return Some(i);
            }
        } else if c == '\n' {
            return None;
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs(labels: &[&str]) -> HashSet<String> {
        labels.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn cleans_decorations() {
        let r = refs(&["1", "2"]);
        assert_eq!(
            clean_text("❓ Multithreading vs Multiprocessing   ", &r),
            "Multithreading vs Multiprocessing"
        );
        assert_eq!(clean_text("[source][1]", &r), "");
        assert_eq!(
            clean_text("see [the docs](https://x.y/z) ✅", &r),
            "see the docs"
        );
        assert_eq!(clean_text("a \\| b", &r), "a | b");
        assert_eq!(clean_text("**bold** `x[1]` [1]", &r), "bold `x[1]`");
        assert_eq!(clean_text("one<br>two", &r), "one\ntwo");
        assert_eq!(clean_text("keep [x] and [y][2]", &r), "keep [x] and y");
        assert_eq!(clean_text("🚀👍🏽 go", &r), "go");
    }
}
