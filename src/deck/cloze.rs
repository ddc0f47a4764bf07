//! Cloze text: Anki's deletions `{{c1::answer}}` and `{{c1::answer::hint}}`
//! inside a sentence or a piece of code. Pure: parsing into segments, and
//! the front and back of the card asked for one deletion number.
//!
//! The rules, where Anki's own are loose:
//! - a deletion opens at `{{c` followed by a number and `::`, and ends at
//!   the first `}}` after it, in code or not (a deletion may sit inside a
//!   code span or a fenced block, and may hold a code span);
//! - `{{` without `c`, a number and `::` is plain text (`{{name}}` in a
//!   template), and so is `}}` inside code; a `}}` outside code that closes
//!   no deletion is an error;
//! - deletions do not nest, cannot be empty, cannot hold a code fence
//!   (```` ``` ````) and are numbered `c1` to `c99`; deletions sharing a
//!   number are hidden together.

use std::collections::BTreeSet;

/// The highest deletion number (`c99`).
pub const MAX_NUMBER: u8 = 99;

/// Put between a cloze note's id and `c` and the deletion number to make
/// the id of one of its cards: note `gil` gives cards `gil::c1`,
/// `gil::c2`. Fixed forever: review history is keyed by it.
pub const CARD_SEPARATOR: &str = "::";

/// What the front shows for a hidden deletion without a hint.
pub const GAP: &str = "[...]";

/// A piece of cloze text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment<'a> {
    /// Text shown on every card.
    Text(&'a str),
    /// A deletion: hidden on the card of its number.
    Deletion {
        /// `1..=99`.
        number: u8,
        /// The hidden text.
        answer: &'a str,
        /// What the gap shows instead of `...`.
        hint: Option<&'a str>,
    },
}

/// A problem in cloze text, at a byte offset of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClozeError {
    /// Byte offset in the text.
    pub offset: usize,
    /// What is wrong and what to do.
    pub message: String,
}

/// The id of card `number` of the cloze note `note`.
pub fn card_id(note: &str, number: u8) -> String {
    format!("{note}{CARD_SEPARATOR}c{number}")
}

/// The note of a cloze card's id (`gil::c2` gives `gil`), or `None` if the
/// id is not one.
pub fn note_of_card(id: &str) -> Option<&str> {
    let (note, tail) = id.rsplit_once(CARD_SEPARATOR)?;
    let digits = tail.strip_prefix('c')?;
    let ok = !digits.is_empty() && digits.len() <= 2 && digits.bytes().all(|b| b.is_ascii_digit());
    ok.then_some(note)
}

/// Parses cloze text into segments; every problem found, in one pass,
/// when there are any. Never panics.
pub fn parse(text: &str) -> Result<Vec<Segment<'_>>, Vec<ClozeError>> {
    let mut errors = Vec::new();
    let mut segments = Vec::new();
    let mut err = |offset: usize, message: String| errors.push(ClozeError { offset, message });
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut text_start = 0;
    // The open deletion: where `{{` is, where its content starts, its number.
    let mut open: Option<(usize, usize, Option<u8>)> = None;
    // The length of the backtick run that opened the current code, if any.
    let mut code: Option<usize> = None;
    // Deletions opened inside the open one (an error): their `}}` are theirs.
    let mut nested = 0usize;
    while i < bytes.len() {
        if let Some((number, content)) = opener(text, i) {
            if open.is_some() {
                err(
                    i,
                    "a deletion inside a deletion: deletions do not nest; close the first with `}}` before opening another".to_string(),
                );
                nested += 1;
                i = content;
                continue;
            }
            if number.is_none() {
                err(
                    i,
                    format!(
                        "deletion number must be c1 to c{MAX_NUMBER}: write {{{{c1::…}}}}, {{{{c2::…}}}}, …"
                    ),
                );
            }
            if text_start < i {
                segments.push(Segment::Text(&text[text_start..i]));
            }
            open = Some((i, content, number));
            i = content;
            continue;
        }
        if text[i..].starts_with("}}") {
            if open.is_some() && nested > 0 {
                nested -= 1;
                i += 2;
                continue;
            }
            if let Some((at, start, number)) = open.take() {
                let content = &text[start..i];
                let (answer, hint) = match content.split_once("::") {
                    Some((a, h)) => (a, Some(h).filter(|h| !h.trim().is_empty())),
                    None => (content, None),
                };
                if answer.trim().is_empty() {
                    err(
                        at,
                        "empty deletion: write the hidden text, as in {{c1::lock}}".to_string(),
                    );
                } else if content.contains("```") {
                    err(
                        at,
                        "a deletion cannot hold a code fence (```): put the deletion inside the fenced block".to_string(),
                    );
                } else if let Some(number) = number {
                    segments.push(Segment::Deletion {
                        number,
                        answer,
                        hint,
                    });
                }
                i += 2;
                text_start = i;
                continue;
            }
            if code.is_none() {
                err(
                    i,
                    "`}}` closes no deletion: open one with {{c1:: or put the braces in `code`"
                        .to_string(),
                );
            }
            i += 2;
            continue;
        }
        if bytes[i] == b'`' {
            let run = bytes[i..].iter().take_while(|&&b| b == b'`').count();
            code = match code {
                None => Some(run),
                Some(n) if n == run => None,
                other => other,
            };
            i += run;
            continue;
        }
        // Move to the next character boundary.
        i += text[i..].chars().next().map_or(1, char::len_utf8);
    }
    if let Some((at, ..)) = open {
        err(at, "deletion is never closed: end it with `}}`".to_string());
    } else if text_start < text.len() {
        segments.push(Segment::Text(&text[text_start..]));
    }
    let no_error = errors.is_empty();
    if no_error && numbers(&segments).is_empty() {
        errors.push(ClozeError {
            offset: 0,
            message: "cloze has no deletion: mark the text to hide with {{c1::…}}".to_string(),
        });
    }
    if errors.is_empty() {
        Ok(segments)
    } else {
        Err(errors)
    }
}

/// If a deletion opens at byte `i` of `text`: its number (`None` if not
/// `1..=99`) and where its content starts.
fn opener(text: &str, i: usize) -> Option<(Option<u8>, usize)> {
    let rest = text.get(i..)?.strip_prefix("{{c")?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    rest[digits..].strip_prefix("::")?;
    let number = rest[..digits]
        .parse::<u8>()
        .ok()
        .filter(|n| (1..=MAX_NUMBER).contains(n) && digits <= 2);
    Some((number, i + 3 + digits + 2))
}

/// True if `text` opens a deletion somewhere (`{{c` followed by digits
/// and `::`, a valid number or not): it is meant as cloze text, and
/// [`parse`] says whether it is valid.
pub fn has_opener(text: &str) -> bool {
    text.match_indices("{{c")
        .any(|(i, _)| opener(text, i).is_some())
}

/// The deletion numbers used, in order, each once.
pub fn numbers(segments: &[Segment<'_>]) -> Vec<u8> {
    let set: BTreeSet<u8> = segments
        .iter()
        .filter_map(|s| match s {
            Segment::Deletion { number, .. } => Some(*number),
            Segment::Text(_) => None,
        })
        .collect();
    set.into_iter().collect()
}

/// The front of card `number`: its deletions as `[...]` (or `[hint]`), the
/// others as their text.
pub fn front(segments: &[Segment<'_>], number: u8) -> String {
    let mut out = String::new();
    for s in segments {
        match s {
            Segment::Text(t) => out.push_str(t),
            Segment::Deletion {
                number: n,
                answer,
                hint,
            } => {
                if *n == number {
                    match hint {
                        Some(h) => {
                            out.push('[');
                            out.push_str(h);
                            out.push(']');
                        }
                        None => out.push_str(GAP),
                    }
                } else {
                    out.push_str(answer);
                }
            }
        }
    }
    out
}

/// The whole text, every deletion shown.
pub fn full(segments: &[Segment<'_>]) -> String {
    segments
        .iter()
        .map(|s| match s {
            Segment::Text(t) => *t,
            Segment::Deletion { answer, .. } => answer,
        })
        .collect()
}

/// The hidden texts of card `number`, in order.
pub fn answers<'a>(segments: &[Segment<'a>], number: u8) -> Vec<&'a str> {
    segments
        .iter()
        .filter_map(|s| match s {
            Segment::Deletion {
                number: n, answer, ..
            } if *n == number => Some(*answer),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests;
