//! Diagnostics: problems found in user files, with where they are.

pub mod toml_value;

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
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// The text indexed.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// Indexes the line starts of `text`.
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { text, starts }
    }

    /// The 1-based (line, column) of byte `offset`; the column counts
    /// characters. Offsets past the end map to the end.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let mut end = offset;
        while end > start && !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let col = self.text[start..end].chars().count() + 1;
        (line, col)
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
