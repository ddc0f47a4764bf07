//! The back of a cloze card with its answer highlighted: the words of the
//! card's deletions are marked, in order, on the wrapped lines.
//!
//! Each word is marked at its first place after the previous word's, so a
//! word that also appears earlier in the text than its deletion (as in
//! "the {{c1::the}}") is marked at that earlier place.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::wrap_card_text;
use crate::deck::{Card, cloze};
use crate::tui::theme;

/// The back of `card` wrapped to `width` in `style`; a cloze card's answer
/// in the answer style.
pub fn card_back(card: &Card, width: u16, style: Style) -> Vec<Line<'static>> {
    let mut lines = wrap_card_text(&card.back, width, style);
    if let Some(c) = &card.cloze
        && let Ok(segments) = cloze::parse(&c.text)
    {
        let answers = cloze::answers(&segments, c.number);
        let words: Vec<&str> = answers
            .iter()
            .flat_map(|a| a.split(|ch: char| ch.is_whitespace() || ch == '`'))
            .filter(|w| !w.is_empty())
            .collect();
        mark_words(&mut lines, &words, theme::cloze_answer());
    }
    lines
}

/// Marks `words` in `lines`, each at its first place after the previous.
fn mark_words(lines: &mut [Line<'static>], words: &[&str], style: Style) {
    let mut marks: Vec<Vec<(usize, usize)>> = vec![Vec::new(); lines.len()];
    let texts: Vec<String> = lines.iter().map(ToString::to_string).collect();
    let (mut line, mut from) = (0, 0);
    for word in words {
        let mut at = (line, from);
        while let Some(text) = texts.get(at.0) {
            if let Some(i) = text.get(at.1..).and_then(|t| t.find(word)) {
                let start = at.1 + i;
                marks[at.0].push((start, start + word.len()));
                (line, from) = (at.0, start + word.len());
                break;
            }
            at = (at.0 + 1, 0);
        }
    }
    for (l, m) in lines.iter_mut().zip(marks) {
        if !m.is_empty() {
            *l = marked(l, &m, style);
        }
    }
}

/// `line` with the byte ranges `marks` (of its text, in order, apart)
/// patched with `style`.
fn marked(line: &Line<'static>, marks: &[(usize, usize)], style: Style) -> Line<'static> {
    let mut spans = Vec::new();
    let mut offset = 0;
    for span in &line.spans {
        let text = span.content.as_ref();
        let end = offset + text.len();
        // Cut points inside this span.
        let mut cuts: Vec<usize> = marks
            .iter()
            .flat_map(|&(a, b)| [a, b])
            .filter(|&c| c > offset && c < end)
            .map(|c| c - offset)
            .collect();
        cuts.push(text.len());
        let mut prev = 0;
        for cut in cuts {
            if cut <= prev || !text.is_char_boundary(cut) {
                continue;
            }
            let piece = &text[prev..cut];
            let at = offset + prev;
            let inside = marks.iter().any(|&(a, b)| at >= a && at < b);
            let s = if inside {
                span.style.patch(style)
            } else {
                span.style
            };
            spans.push(Span::styled(piece.to_string(), s));
            prev = cut;
        }
        offset = end;
    }
    Line::from(spans).style(line.style)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_answer_words_are_marked_in_order_across_wrapped_lines() {
        let mut lines = wrap_card_text("a lock and the shared lock here", 12, Style::new());
        mark_words(&mut lines, &["shared", "lock"], theme::cloze_answer());
        let marked: Vec<String> = lines
            .iter()
            .flat_map(|l| l.spans.iter())
            .filter(|s| s.style == theme::cloze_answer())
            .map(|s| s.content.to_string())
            .collect();
        assert_eq!(marked, vec!["shared", "lock"]);
        let all: String = lines.iter().map(ToString::to_string).collect();
        assert_eq!(all, "a lock andthe sharedlock here");
    }
}
