//! Inline text of a heading, paragraph, list item or table cell, as
//! `pulldown-cmark` reads it, turned into card text: emphasis markers
//! dropped, entities decoded, code spans kept with their backticks (the
//! review screen renders them), `<br>` and hard breaks made line breaks,
//! images and links reduced to their text (inline, reference, autolinks),
//! citation links such as `[source][1]` and footnote markers (`[^1]`,
//! defined or not) dropped. Then [`tidy`] removes terminal controls, emoji
//! decorations and extra whitespace.

use std::collections::HashSet;

use pulldown_cmark::{BrokenLink, CowStr, Event, LinkType, Parser, Tag, TagEnd};

use super::decoration::strip_decorations;
use super::markdown::{label_key, options};
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

/// True if a reference link with this text is a citation.
fn is_citation(text: &str) -> bool {
    let key = text.trim().to_lowercase();
    CITATION_WORDS.contains(&key.as_str())
        || key.starts_with('^')
        || (!key.is_empty() && key.chars().all(|c| c.is_ascii_digit()))
}

/// Whether a reference the parser found no definition for is read as a
/// link all the same: a full or collapsed reference (`[text][label]`,
/// `[text][]`) always is, so that notes copied without their definitions
/// keep only the text; a shortcut (`[x]`) only when `refs` (the document's
/// labels, [`label_key`]) defines it.
pub(super) fn resolves(link: &BrokenLink<'_>, refs: &HashSet<String>) -> bool {
    matches!(
        link.link_type,
        LinkType::Reference
            | LinkType::Collapsed
            | LinkType::ReferenceUnknown
            | LinkType::CollapsedUnknown
    ) || refs.contains(&label_key(&link.reference))
}

/// `text` without footnote markers (`[^1]`, `[^note]`): a `[^`, a label
/// without spaces or brackets, and `]`.
fn strip_footnote_markers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("[^") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let label = after
            .find(|c: char| c == ']' || c == '[' || c.is_whitespace())
            .filter(|&end| end > 0 && after[end..].starts_with(']'));
        match label {
            Some(end) => rest = &after[end + 1..],
            None => {
                out.push_str("[^");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Collects the text of inline events.
pub(super) struct Render {
    out: String,
    /// Text events not yet written: the parser splits `[^1]` into several,
    /// which [`strip_footnote_markers`] must see together.
    pending: String,
    /// Open links and images: what was written before each, and its kind.
    links: Vec<(String, Option<LinkType>)>,
}

impl Render {
    /// An empty text.
    pub fn new() -> Self {
        Render {
            out: String::new(),
            pending: String::new(),
            links: Vec::new(),
        }
    }

    /// Starts a new line (a later paragraph of a list item).
    pub fn line_break(&mut self) {
        self.flush();
        if !self.out.trim().is_empty() {
            self.out.push('\n');
        }
    }

    /// Reads one inline event.
    pub fn event(&mut self, event: Event<'_>) {
        if let Event::Text(t) = &event {
            self.pending.push_str(t);
            return;
        }
        self.flush();
        match event {
            Event::Code(c) => push_code(&mut self.out, &c),
            Event::SoftBreak => self.out.push(' '),
            Event::HardBreak => self.out.push('\n'),
            Event::InlineHtml(h) | Event::Html(h) if is_br(&h) => self.out.push('\n'),
            Event::Start(Tag::Link { link_type, .. }) => {
                self.links
                    .push((std::mem::take(&mut self.out), Some(link_type)));
            }
            Event::Start(Tag::Image { .. }) => {
                self.links.push((std::mem::take(&mut self.out), None));
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if let Some((before, kind)) = self.links.pop() {
                    let text = std::mem::replace(&mut self.out, before);
                    if keep_link(kind, &text) {
                        self.out.push_str(&text);
                    }
                }
            }
            // Emphasis, strong, footnote references, rules: no text.
            _ => {}
        }
    }

    /// Writes the pending text, without its footnote markers.
    /// Parentheses left empty by a citation dropped between them
    /// (`finish ([src][1]).`) go too, with the space before them.
    fn flush(&mut self) {
        if !self.pending.is_empty() {
            let text = strip_footnote_markers(&std::mem::take(&mut self.pending));
            let text = match text.strip_prefix(')') {
                Some(rest) if self.out.ends_with('(') => {
                    self.out.pop();
                    self.out.truncate(self.out.trim_end().len());
                    rest.to_string()
                }
                _ => text,
            };
            self.out.push_str(&text);
        }
    }

    /// The text collected, raw (see [`tidy`]).
    pub fn finish(mut self) -> String {
        self.flush();
        // A link left open (cannot happen with a well-formed stream).
        while let Some((before, _)) = self.links.pop() {
            let text = std::mem::replace(&mut self.out, before);
            self.out.push_str(&text);
        }
        self.out
    }
}

/// Whether a link's text stays: inline links and images keep it; a
/// reference link keeps it unless it is a citation; a shortcut link to a
/// definition (`[1]`) is dropped.
fn keep_link(kind: Option<LinkType>, text: &str) -> bool {
    match kind {
        None => true,
        Some(LinkType::Shortcut | LinkType::ShortcutUnknown) => false,
        Some(
            LinkType::Reference
            | LinkType::ReferenceUnknown
            | LinkType::Collapsed
            | LinkType::CollapsedUnknown,
        ) => !is_citation(text),
        Some(_) => true,
    }
}

/// Writes a code span with backticks, a run longer than any inside it.
fn push_code(out: &mut String, code: &str) {
    let mut longest = 0;
    let mut run = 0;
    for c in code.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if code.starts_with('`') || code.ends_with('`') {
        " "
    } else {
        ""
    };
    out.push_str(&fence);
    out.push_str(pad);
    out.push_str(code);
    out.push_str(pad);
    out.push_str(&fence);
}

/// True for `<br>`, `<br/>` and `<br />` in any case.
fn is_br(html: &str) -> bool {
    let t: String = html
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    t == "<br>" || t == "<br/>"
}

/// Sanitised for the terminal, emoji decorations removed, each line's
/// whitespace collapsed, the whole trimmed.
pub(super) fn tidy(raw: &str) -> String {
    let clean = sanitize(raw);
    let lines: Vec<String> = clean
        .lines()
        .map(|l| strip_decorations(&l.split_whitespace().collect::<Vec<_>>().join(" ")))
        .collect();
    lines.join("\n").trim().to_string()
}

/// Marks the start of a cell so that it is read as inline text: `1. x`,
/// `# x` or `- x` in a table cell is text, not a list or a heading.
const INLINE_GUARD: &str = "\u{E000} ";

/// The card text of one table cell (Markdown source, inline only). `refs`
/// are the document's reference labels (`markdown::label_key`),
/// so that `[source][1]` is known to cite definition `1`.
pub fn clean_text(raw: &str, refs: &HashSet<String>) -> String {
    let src = format!("{INLINE_GUARD}{raw}");
    let mut callback = |link: BrokenLink<'_>| -> Option<(CowStr<'_>, CowStr<'_>)> {
        resolves(&link, refs).then_some((CowStr::Borrowed(""), CowStr::Borrowed("")))
    };
    let parser = Parser::new_with_broken_link_callback(&src, options(), Some(&mut callback));
    let mut r = Render::new();
    for event in parser {
        match event {
            Event::Start(Tag::Paragraph) => r.line_break(),
            other => r.event(other),
        }
    }
    let text = r.finish();
    let text = text.strip_prefix('\u{E000}').unwrap_or(&text);
    tidy(text)
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

    #[test]
    fn footnote_markers_go_and_links_keep_their_text_defined_or_not() {
        let r = refs(&[]);
        assert_eq!(clean_text("What[^1] is it[^note]?", &r), "What is it?");
        assert_eq!(clean_text("a [^ b] [^] c", &r), "a [^ b] [^] c");
        assert_eq!(clean_text("`x[^1]` y", &r), "`x[^1]` y");
        assert_eq!(
            clean_text("the [GIL][gil] and [docs][]", &r),
            "the GIL and docs"
        );
        assert_eq!(clean_text("cited [src][1].", &r), "cited .");
        assert_eq!(
            clean_text("done ([src][1]). `f()` (x)", &r),
            "done. `f()` (x)"
        );
        assert_eq!(
            clean_text("see <https://a.example/x>", &r),
            "see https://a.example/x"
        );
        assert_eq!(clean_text("keep [x] as text", &r), "keep [x] as text");
    }

    #[test]
    fn markdown_inline_syntax_is_read() {
        let r = refs(&[]);
        assert_eq!(clean_text("*em* _em_ __strong__", &r), "em em strong");
        assert_eq!(clean_text("a &amp; b&nbsp;c &#x2713;", &r), "a & b c ✓");
        assert_eq!(clean_text("1. not a list", &r), "1. not a list");
        assert_eq!(clean_text("# not a heading", &r), "# not a heading");
        assert_eq!(clean_text("`a || b`", &r), "`a || b`");
        assert_eq!(clean_text("``a ` b``", &r), "``a ` b``");
        assert_eq!(clean_text("♯ ♭ ★ ✓ □ ■ ♔", &r), "♯ ♭ ★ ✓ □ ■ ♔");
    }
}
