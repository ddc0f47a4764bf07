//! Cloze notes in Markdown: a paragraph or list item holding Anki's
//! deletions (`{{c1::text}}`, `{{c2::text::hint}}`) is a cloze note, and
//! with `--cloze-highlights` so is one with `==highlights==` (Obsidian's
//! syntax), each highlight a deletion numbered after the written ones, in
//! order. Invalid markup is an error at its line: the parser is the deck
//! format's own (`deck::cloze`).

use std::collections::HashMap;

use super::{ImportedCard, Importer, note};
use crate::deck::cloze;

/// `text` with each `==highlight==` outside code spans made a deletion
/// (`{{cN::highlight}}`), numbered from one more than the highest number
/// already written. A highlight is not empty, does not start or end with
/// a space, stays on one line and is not part of a longer run of `=`
/// (`a == b` and `===` stay as they are).
pub(super) fn highlights_to_deletions(text: &str) -> String {
    let written = cloze::parse(text)
        .map(|s| cloze::numbers(&s).last().copied().unwrap_or(0))
        .unwrap_or(0);
    let mut next = u16::from(written) + 1;
    let spans = code_spans(text);
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        if rest.starts_with('`') {
            let end = run_end(text, &spans, i);
            out.push_str(&text[i..end]);
            i = end;
        } else if rest.starts_with("==") && !text[..i].ends_with('=') && !rest[2..].starts_with('=')
        {
            match highlight_end(text, &spans, i + 2) {
                Some(end) => {
                    out.push_str(&format!("{{{{c{next}::{}}}}}", &text[i + 2..end]));
                    next += 1;
                    i = end + 2;
                }
                None => {
                    out.push_str("==");
                    i += 2;
                }
            }
        } else {
            let c = rest.chars().next().map_or(1, char::len_utf8);
            out.push_str(&rest[..c]);
            i += c;
        }
    }
    out
}

/// The code spans of `text`: the start of each backtick run that opens
/// one, and the end of the run that closes it. Runs pair left to right,
/// each with the next run of its length; one with none after it is text.
/// Linear: the next run of each length is found once, from the right.
fn code_spans(text: &str) -> HashMap<usize, usize> {
    let bytes = text.as_bytes();
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let len = bytes[i..].iter().take_while(|&&b| b == b'`').count();
        if len > 0 {
            runs.push((i, len));
        }
        i += len.max(1);
    }
    let mut next_same = vec![None; runs.len()];
    let mut seen: HashMap<usize, usize> = HashMap::new();
    for (k, &(_, len)) in runs.iter().enumerate().rev() {
        next_same[k] = seen.insert(len, k);
    }
    let mut spans = HashMap::new();
    let mut k = 0;
    while k < runs.len() {
        match next_same[k] {
            Some(close) => {
                let (start, _) = runs[k];
                let (at, len) = runs[close];
                spans.insert(start, at + len);
                k = close + 1;
            }
            None => k += 1,
        }
    }
    spans
}

/// The end of the code span or backtick run at `start`.
fn run_end(text: &str, spans: &HashMap<usize, usize>, start: usize) -> usize {
    spans
        .get(&start)
        .copied()
        .unwrap_or_else(|| start + text[start..].bytes().take_while(|&b| b == b'`').count())
}

/// Where the highlight whose text starts at `from` ends (the index of its
/// closing `==`), if it is one.
fn highlight_end(text: &str, spans: &HashMap<usize, usize>, from: usize) -> Option<usize> {
    let mut j = from;
    while j < text.len() {
        let rest = &text[j..];
        if rest.starts_with('\n') {
            return None;
        }
        if rest.starts_with('`') {
            j = run_end(text, spans, j);
            continue;
        }
        if let Some(after) = rest.strip_prefix("==") {
            let inner = &text[from..j];
            let ok = !inner.is_empty()
                && !inner.starts_with(char::is_whitespace)
                && !inner.ends_with(char::is_whitespace)
                && !after.starts_with('=');
            return ok.then_some(j);
        }
        j += rest.chars().next().map_or(1, char::len_utf8);
    }
    None
}

impl Importer {
    /// Reads a paragraph or item as a cloze note: a card if its deletions
    /// are valid, an error at `line` if not; false if it has none.
    pub(super) fn cloze(&mut self, line: usize, text: &str) -> bool {
        let text = if self.opts.cloze_highlights {
            highlights_to_deletions(text)
        } else {
            text.to_string()
        };
        if !cloze::has_opener(&text) {
            return false;
        }
        if let Err(errors) = cloze::parse(&text) {
            for e in errors {
                self.out.errors.push(note(
                    line,
                    format!(
                        "cloze: {}; fix the `{{{{cN::…}}}}` markup, or escape the braces (`\\{{{{`) if it is not a cloze",
                        e.message
                    ),
                ));
            }
            return true;
        }
        let tags = self.section_tags();
        self.raw.push(ImportedCard {
            front: text,
            tags,
            line,
            cloze: true,
            ..ImportedCard::default()
        });
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_become_deletions_in_order_outside_code() {
        let h = highlights_to_deletions;
        assert_eq!(
            h("a ==Process== has its own ==memory=="),
            "a {{c1::Process}} has its own {{c2::memory}}"
        );
        assert_eq!(h("{{c1::x}} and ==y=="), "{{c1::x}} and {{c2::y}}");
        assert_eq!(h("`a == b` and ==`lock`=="), "`a == b` and {{c1::`lock`}}");
        assert_eq!(h("x == y == z"), "x == y == z");
        assert_eq!(h("=== not ==="), "=== not ===");
        assert_eq!(h("====x===="), "====x====");
        assert_eq!(h("==one\nline=="), "==one\nline==");
        assert_eq!(h("``code ==x== `` ==é=="), "``code ==x== `` {{c1::é}}");
        assert_eq!(h("unclosed `==x=="), "unclosed `{{c1::x}}");
        assert_eq!(h("=="), "==");
        assert_eq!(h("` `` ==a== ``` `"), "` `` ==a== ``` `");
        assert_eq!(h("``` x `` ==a=="), "``` x `` {{c1::a}}");
        assert_eq!(h("`` ` ==a== ``"), "`` ` ==a== ``");
    }

    proptest::proptest! {
        #[test]
        fn any_text_converts_without_panic(s in "(==|`|=|a| |\n|é|\\{\\{c1::|\\}\\})*") {
            let _ = highlights_to_deletions(&s);
        }
    }
}
