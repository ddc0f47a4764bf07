//! Card text to screen lines: word wrapping to the window, with inline
//! `code` and fenced code blocks kept verbatim (whitespace included) in a
//! distinct style. Input is already sanitised by the deck loader.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::theme;

mod highlight;

pub use highlight::card_back;

/// One unbreakable-if-possible piece of a source line.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    /// A word (or a whole inline code span) and its style.
    Word(String, Style),
    /// A run of spaces between words.
    Space(usize),
}

/// Wraps card text to `width` columns, in `style`.
///
/// Paragraph lines are word-wrapped (a word wider than the window is broken
/// by characters); indentation at the start of a line is kept. Lines between
/// ```` ``` ```` fences are code: kept exactly, broken only where wider than
/// the window, and shown in the code style. Inline `code` keeps its spaces.
pub fn wrap_card_text(text: &str, width: u16, style: Style) -> Vec<Line<'static>> {
    let width = usize::from(width.max(1));
    let mut out = Vec::new();
    let mut in_fence = false;
    for raw in text.split('\n') {
        if raw.trim_start().starts_with("```") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            if raw.is_empty() {
                out.push(Line::default());
            }
            for chunk in break_chars(raw, width) {
                out.push(Line::from(Span::styled(chunk, theme::code())));
            }
        } else {
            wrap_tokens(&tokenize(raw, style), width, style, &mut out);
        }
    }
    out
}

/// Wraps a list of atoms (each a few spans that stay together when they
/// fit), separated by `gap` spaces, to `width` columns.
pub fn wrap_atoms(atoms: &[Vec<Span<'static>>], gap: usize, width: u16) -> Vec<Line<'static>> {
    let width = usize::from(width.max(1));
    let mut out = Vec::new();
    let mut line: Vec<Span<'static>> = Vec::new();
    let mut col = 0;
    for atom in atoms {
        let w: usize = atom.iter().map(|s| s.content.width()).sum();
        if col > 0 && col + gap + w > width {
            out.push(Line::from(std::mem::take(&mut line)));
            col = 0;
        }
        if col > 0 {
            line.push(Span::raw(" ".repeat(gap)));
            col += gap;
        }
        line.extend(atom.iter().cloned());
        col += w;
    }
    if !line.is_empty() {
        out.push(Line::from(line));
    }
    out
}

/// Splits a paragraph line into words, space runs and inline code spans.
/// An unmatched backtick is kept as text.
fn tokenize(line: &str, style: Style) -> Vec<Tok> {
    let mut toks = Vec::new();
    let pieces: Vec<&str> = line.split('`').collect();
    // With an even number of pieces the last backtick has no partner.
    let paired = if pieces.len().is_multiple_of(2) {
        pieces.len() - 1
    } else {
        pieces.len()
    };
    for (i, piece) in pieces.iter().enumerate() {
        let is_code = i % 2 == 1 && i < paired;
        if is_code {
            if !piece.is_empty() {
                toks.push(Tok::Word((*piece).to_string(), theme::code()));
            }
            continue;
        }
        let text = if i >= paired && i > 0 {
            format!("`{piece}")
        } else {
            (*piece).to_string()
        };
        plain_tokens(&text, style, &mut toks);
    }
    toks
}

fn plain_tokens(text: &str, style: Style, toks: &mut Vec<Tok>) {
    let mut word = String::new();
    let mut spaces = 0;
    for c in text.chars() {
        if c == ' ' {
            if !word.is_empty() {
                toks.push(Tok::Word(std::mem::take(&mut word), style));
            }
            spaces += 1;
        } else {
            if spaces > 0 {
                toks.push(Tok::Space(spaces));
                spaces = 0;
            }
            word.push(c);
        }
    }
    if !word.is_empty() {
        toks.push(Tok::Word(word, style));
    }
    if spaces > 0 {
        toks.push(Tok::Space(spaces));
    }
}

fn wrap_tokens(toks: &[Tok], width: usize, style: Style, out: &mut Vec<Line<'static>>) {
    let mut line: Vec<Span<'static>> = Vec::new();
    let mut col = 0;
    let mut at_start = true;
    let mut gap = 0;
    for tok in toks {
        match tok {
            Tok::Space(n) => {
                if at_start {
                    // Indentation at the start of the source line is kept.
                    let n = (*n).min(width.saturating_sub(1));
                    line.push(Span::styled(" ".repeat(n), style));
                    col += n;
                } else {
                    gap = *n;
                }
            }
            Tok::Word(w, st) => {
                at_start = false;
                let ww = w.width();
                if col > 0 && col + gap + ww > width {
                    out.push(Line::from(std::mem::take(&mut line)));
                    col = 0;
                    gap = 0;
                }
                if gap > 0 && col > 0 {
                    line.push(Span::styled(" ".repeat(gap), style));
                    col += gap;
                }
                gap = 0;
                if ww <= width.saturating_sub(col) {
                    line.push(Span::styled(w.clone(), *st));
                    col += ww;
                    continue;
                }
                // Wider than the window: break it by characters.
                let chunks = break_chars_from(w, width, width.saturating_sub(col));
                let last = chunks.len().saturating_sub(1);
                for (i, chunk) in chunks.into_iter().enumerate() {
                    let cw = chunk.width();
                    line.push(Span::styled(chunk, *st));
                    col += cw;
                    if i < last {
                        out.push(Line::from(std::mem::take(&mut line)));
                        col = 0;
                    }
                }
            }
        }
    }
    out.push(Line::from(line));
}

/// Breaks `s` into pieces of at most `width` columns.
fn break_chars(s: &str, width: usize) -> Vec<String> {
    if s.is_empty() {
        return Vec::new();
    }
    break_chars_from(s, width, width)
}

/// Like [`break_chars`], but the first piece has only `first` columns.
fn break_chars_from(s: &str, width: usize, first: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut col = 0;
    let mut limit = if first == 0 { width } else { first };
    if first == 0 {
        out.push(String::new());
    }
    for c in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if col + cw > limit && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
            col = 0;
            limit = width;
        }
        cur.push(c);
        col += cw;
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(lines: &[Line<'_>]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn wraps_words_to_the_width() {
        let l = wrap_card_text("one two three four", 9, Style::new());
        assert_eq!(plain(&l), ["one two", "three", "four"]);
        for line in &l {
            assert!(line.width() <= 9);
        }
    }

    #[test]
    fn long_words_break_by_characters() {
        let l = wrap_card_text("ab abcdefghij", 4, Style::new());
        assert_eq!(plain(&l), ["ab", "abcd", "efgh", "ij"]);
    }

    #[test]
    fn inline_code_keeps_spaces_and_gets_the_code_style() {
        let l = wrap_card_text("call `a  =  b` now", 40, Style::new());
        assert_eq!(plain(&l), ["call a  =  b now"]);
        let code = l[0]
            .spans
            .iter()
            .find(|s| s.content == "a  =  b")
            .map(|s| s.style);
        assert_eq!(code, Some(theme::code()));
    }

    #[test]
    fn fenced_code_is_verbatim() {
        let text = "Look:\n```python\ndef f():\n    return  1\n```\nend";
        let l = wrap_card_text(text, 40, Style::new());
        assert_eq!(plain(&l), ["Look:", "def f():", "    return  1", "end"]);
        assert_eq!(l[2].spans[0].style, theme::code());
    }

    #[test]
    fn unmatched_backtick_is_text() {
        let l = wrap_card_text("a `b c", 40, Style::new());
        assert_eq!(plain(&l), ["a `b c"]);
    }

    #[test]
    fn tiny_widths_do_not_panic() {
        for w in 0..5 {
            let _ = wrap_card_text(
                "  indented `code here` and ```\nx\n```  wide-wide",
                w,
                Style::new(),
            );
        }
    }
}
