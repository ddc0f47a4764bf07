//! Diagnostics: problems found in user files, with where they are.

pub mod toml_value;

use std::cell::{Cell, OnceCell};
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::text::for_terminal;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The file still works, but something is probably not what was meant.
    Warning,
    /// The file (or a part of it) cannot be used until this is fixed.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// One problem at one place: `path:line:col: severity: message`. Its
/// `Display` escapes the path and the message for the terminal
/// ([`for_terminal`]): both may hold text from a hostile file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// The file, as given or found.
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub col: usize,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong and what to do.
    pub message: String,
}

impl Diagnostic {
    /// An error at `line:col` of `path`.
    pub fn error(path: &str, line: usize, col: usize, message: String) -> Diagnostic {
        Diagnostic {
            path: path.to_string(),
            line,
            col,
            severity: Severity::Error,
            message,
        }
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}: {}",
            for_terminal(&self.path),
            self.line,
            self.col,
            self.severity,
            for_terminal(&self.message)
        )
    }
}

/// Maps byte offsets of a text to 1-based line and column numbers.
///
/// Offsets asked for in increasing order (a deck's cards, each at its
/// `[[cards]]` header) are found by counting the line breaks since the
/// last one; the first offset before the last one makes a table of every
/// line's start, searched from then on.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    /// The byte offset of each line's start, made when an offset before
    /// the last one asked for is first asked for (most files are read
    /// front to back, and most parse without a single diagnostic).
    starts: OnceCell<Vec<usize>>,
    /// The last offset asked for before `starts` was made, and its line.
    last: Cell<(usize, usize)>,
}

impl<'a> LineIndex<'a> {
    /// The text indexed.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// An index of the line starts of `text` (made on first use).
    pub fn new(text: &'a str) -> Self {
        LineIndex {
            text,
            starts: OnceCell::new(),
            last: Cell::new((0, 1)),
        }
    }

    /// The 1-based (line, column) of byte `offset`; the column counts
    /// characters. Offsets past the end map to the end.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line(offset);
        let mut end = offset;
        while end > 0 && !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let before = &self.text.as_bytes()[..end];
        let start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
        let col = self.text[start..end].chars().count() + 1;
        (line, col)
    }

    /// The 1-based line of byte `offset` ([`LineIndex::position`]'s line).
    pub fn line(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        let (at, line) = self.last.get();
        if self.starts.get().is_none() && offset >= at {
            let between = &self.text.as_bytes()[at..offset];
            let line = line + memchr::memchr_iter(b'\n', between).count();
            self.last.set((offset, line));
            return line;
        }
        let starts = self.starts.get_or_init(|| {
            let mut starts = vec![0];
            starts.extend(memchr::memchr_iter(b'\n', self.text.as_bytes()).map(|i| i + 1));
            starts
        });
        starts.partition_point(|&s| s <= offset).max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based() {
        let idx = LineIndex::new("ab\ncdé\nf");
        assert_eq!(idx.position(0), (1, 1));
        assert_eq!(idx.position(1), (1, 2));
        assert_eq!(idx.position(3), (2, 1));
        assert_eq!(idx.position(7), (2, 4));
        assert_eq!(idx.position(8), (3, 1));
        assert_eq!(idx.position(999), (3, 2));
    }

    /// Line and column by the definition: line breaks before `offset`,
    /// characters since the last one.
    fn reference(text: &str, offset: usize) -> (usize, usize) {
        let mut end = offset.min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let before = &text[..end];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        (line, col)
    }

    #[test]
    fn an_offset_before_the_last_makes_the_table() {
        let idx = LineIndex::new("a\nb\nc\n");
        assert_eq!(idx.position(4), (3, 1));
        assert!(idx.starts.get().is_none());
        assert_eq!(idx.line(2), 2);
        assert!(idx.starts.get().is_some());
        assert_eq!(idx.position(5), (3, 2));
    }

    proptest::proptest! {
        /// Offsets in any order (forward runs counted, backward ones
        /// searched) give the positions of the definition.
        #[test]
        fn positions_in_any_order_are_those_of_the_definition(
            text in "[ab\né東\r]{0,40}",
            offsets in proptest::collection::vec((0usize..50, proptest::bool::ANY), 0..12),
        ) {
            let mut sorted = offsets.clone();
            sorted.sort_unstable();
            for order in [offsets, sorted] {
                let idx = LineIndex::new(&text);
                for (offset, whole) in order {
                    let want = reference(&text, offset);
                    if whole {
                        proptest::prop_assert_eq!(idx.position(offset), want);
                    } else {
                        proptest::prop_assert_eq!(idx.line(offset), want.0);
                    }
                }
            }
        }
    }

    #[test]
    fn display_is_compiler_style() {
        let d = Diagnostic {
            path: "a.toml".into(),
            line: 3,
            col: 1,
            severity: Severity::Error,
            message: "unknown key `fron`".into(),
        };
        assert_eq!(d.to_string(), "a.toml:3:1: error: unknown key `fron`");
        let hostile = Diagnostic {
            path: "x\u{1b}]52;c;eA==\u{7}.toml".into(),
            message: "id \u{202e}cba".into(),
            ..d
        };
        assert_eq!(
            hostile.to_string(),
            "x\\u{1b}]52;c;eA==\\u{7}.toml:3:1: error: id \\u{202e}cba"
        );
    }
}
