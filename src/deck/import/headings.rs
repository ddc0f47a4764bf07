//! Which headings name a subject: the stack of headings above the current
//! line, the generic headings ("Flash cards") that do not name one, and the
//! "Conclusion"-style headings whose bullets are conclusions.

/// Headings that name the kind of content rather than its subject.
const GENERIC_HEADINGS: &[&str] = &[
    "flash card",
    "flash cards",
    "flashcard",
    "flashcards",
    "card",
    "cards",
    "quiz",
    "questions",
    "q a",
    "qa",
    "review",
    "table",
    "exercises",
    "drill",
    "anki",
];

/// Headings under which bullets are conclusions rather than notes.
const CONCLUSION_HEADINGS: &[&str] = &[
    "conclusion",
    "conclusions",
    "summary",
    "key points",
    "takeaways",
    "key takeaways",
    "tl dr",
    "tldr",
    "recap",
    "in short",
    "to remember",
];

/// The key under which a heading or column header is compared with the
/// names above: lowercase, punctuation dropped, whitespace collapsed.
pub(super) fn heading_key(text: &str) -> String {
    crate::deck::parse::near_duplicate_key(text)
}

fn is_generic(heading: &str) -> bool {
    GENERIC_HEADINGS.contains(&heading_key(heading).as_str())
}

fn is_conclusion(heading: &str) -> bool {
    CONCLUSION_HEADINGS.contains(&heading_key(heading).as_str())
}

/// The headings above the current line, each with its level, and the
/// first non-empty heading of the file.
#[derive(Debug, Default)]
pub(super) struct Headings {
    stack: Vec<(usize, String)>,
    first: Option<String>,
}

impl Headings {
    /// Enters a heading of `level` whose cleaned text is `text`: it
    /// replaces the headings of the same or a deeper level.
    pub fn push(&mut self, level: usize, text: String) {
        while self.stack.last().is_some_and(|(l, _)| *l >= level) {
            self.stack.pop();
        }
        if self.first.is_none() && !text.is_empty() {
            self.first = Some(text.clone());
        }
        self.stack.push((level, text));
    }

    /// The first non-empty heading of the file so far.
    pub fn first(&self) -> Option<&String> {
        self.first.as_ref()
    }

    /// The innermost heading, or "" before the first one.
    pub fn innermost(&self) -> &str {
        self.stack
            .last()
            .map(|(_, h)| h.as_str())
            .unwrap_or_default()
    }

    /// True if the innermost heading is a "Conclusion"-style heading.
    pub fn in_conclusion(&self) -> bool {
        self.stack.last().is_some_and(|(_, h)| is_conclusion(h))
    }

    /// The nearest heading that names a subject (not "Flash card").
    pub fn meaningful(&self) -> Option<&str> {
        self.stack
            .iter()
            .rev()
            .map(|(_, t)| t.as_str())
            .find(|t| !t.is_empty() && !is_generic(t) && !is_conclusion(t))
    }
}
