//! The block pass: `pulldown-cmark` reads the document (CommonMark with
//! GitHub tables and footnotes) and this module keeps the blocks an import
//! looks at, in document order, each with its 1-based line: headings (ATX
//! and setext), tables (their rows as source text, split by `row`),
//! paragraphs and list items (their inline text rendered by `inline`),
//! and code blocks (fenced or indented) as fenced text, which only a
//! question or answer takes. HTML blocks and footnote definitions are never
//! read. Reference links are links whether or not their label is defined
//! (`inline::resolves`).

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{BrokenLink, CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};

use super::inline::{Render, resolves, tidy};
use crate::text::sanitize;

/// One block of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Block {
    /// A heading: its level (1 to 6) and cleaned text.
    Heading { level: usize, text: String },
    /// A table: the header row and the body rows, as source text.
    Table {
        header: String,
        rows: Vec<(usize, String)>,
    },
    /// A paragraph outside list items, cleaned.
    Paragraph { text: String },
    /// A list item's own text (its paragraphs, not its sub-lists), cleaned.
    Item { text: String },
    /// A code block, written as a fenced block (its language kept), its
    /// text sanitised but otherwise verbatim.
    Code { text: String },
}

/// A block and its 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Located {
    pub line: usize,
    pub block: Block,
}

/// The parser options every import uses.
pub(super) fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES
}

/// 1-based line numbers from byte offsets.
struct Lines(Vec<usize>);

impl Lines {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines(starts)
    }

    fn line(&self, offset: usize) -> usize {
        self.0.partition_point(|&s| s <= offset).max(1)
    }
}

/// What is being collected while the events stream by.
enum Open {
    Heading(usize, Render, usize),
    Paragraph(Render, usize),
    Item(Render, usize),
    Code(String, String, usize),
    Table {
        start: usize,
        header: Option<String>,
        rows: Vec<(usize, String)>,
    },
}

/// The labels of the document's reference definitions (lowercase), and its
/// blocks in order.
pub(super) fn blocks(text: &str) -> (HashSet<String>, Vec<Located>) {
    let lines = Lines::new(text);
    let refs: HashSet<String> = Parser::new_ext(text, options())
        .reference_definitions()
        .iter()
        .map(|(label, _)| label_key(label))
        .collect();
    let mut callback = |link: BrokenLink<'_>| -> Option<(CowStr<'_>, CowStr<'_>)> {
        resolves(&link, &refs).then_some((CowStr::Borrowed(""), CowStr::Borrowed("")))
    };
    let parser = Parser::new_with_broken_link_callback(text, options(), Some(&mut callback));
    let mut out: Vec<(usize, Located)> = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    // Depth inside blocks whose text is never read.
    let mut skip = 0usize;
    let row_text = |r: &Range<usize>| text.get(r.clone()).unwrap_or_default().trim().to_string();
    for (event, range) in parser.into_offset_iter() {
        match &event {
            Event::Start(Tag::FootnoteDefinition(_) | Tag::HtmlBlock) => {
                skip += 1;
                continue;
            }
            Event::End(TagEnd::FootnoteDefinition | TagEnd::HtmlBlock) => {
                skip = skip.saturating_sub(1);
                continue;
            }
            _ if skip > 0 => continue,
            _ => {}
        }
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                stack.push(Open::Heading(level as usize, Render::new(), range.start));
            }
            Event::Start(Tag::Table(_)) => stack.push(Open::Table {
                start: range.start,
                header: None,
                rows: Vec::new(),
            }),
            Event::Start(Tag::TableHead) => {
                if let Some(Open::Table { header, .. }) = stack.last_mut() {
                    *header = Some(row_text(&range));
                }
            }
            Event::Start(Tag::TableRow) => {
                if let Some(Open::Table { rows, .. }) = stack.last_mut() {
                    rows.push((lines.line(range.start), row_text(&range)));
                }
            }
            Event::Start(Tag::Item) => stack.push(Open::Item(Render::new(), range.start)),
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info
                        .split_whitespace()
                        .next()
                        .unwrap_or_default()
                        .to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                stack.push(Open::Code(lang, String::new(), range.start));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(Open::Code(lang, code, start)) = stack.pop() {
                    let text = fenced(&lang, &code);
                    out.push((start, at(&lines, start, Block::Code { text })));
                }
            }
            Event::Start(Tag::Paragraph) => match stack.last_mut() {
                // A later paragraph of the same item starts a new line.
                Some(Open::Item(r, _)) => r.line_break(),
                Some(
                    Open::Table { .. } | Open::Heading(..) | Open::Paragraph(..) | Open::Code(..),
                ) => {}
                None => stack.push(Open::Paragraph(Render::new(), range.start)),
            },
            Event::End(TagEnd::Paragraph) => {
                if let Some(Open::Paragraph(..)) = stack.last()
                    && let Some(Open::Paragraph(r, start)) = stack.pop()
                {
                    let text = tidy(&r.finish());
                    out.push((start, at(&lines, start, Block::Paragraph { text })));
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(Open::Heading(level, r, start)) = stack.pop() {
                    let text = tidy(&r.finish());
                    out.push((start, at(&lines, start, Block::Heading { level, text })));
                }
            }
            Event::End(TagEnd::Item) => {
                if let Some(Open::Item(r, start)) = stack.pop() {
                    let text = tidy(&r.finish());
                    out.push((start, at(&lines, start, Block::Item { text })));
                }
            }
            Event::End(TagEnd::Table) => {
                if let Some(Open::Table {
                    start,
                    header,
                    rows,
                }) = stack.pop()
                {
                    let header = header.unwrap_or_default();
                    out.push((start, at(&lines, start, Block::Table { header, rows })));
                }
            }
            // Inline content goes to the innermost heading, paragraph or item.
            other => match stack.last_mut() {
                Some(Open::Heading(_, r, _) | Open::Paragraph(r, _) | Open::Item(r, _)) => {
                    r.event(other);
                }
                Some(Open::Code(_, code, _)) => {
                    if let Event::Text(t) = other {
                        code.push_str(&t);
                    }
                }
                Some(Open::Table { .. }) | None => {}
            },
        }
    }
    // Items end after their sub-items: put every block back at its start.
    out.sort_by_key(|(start, _)| *start);
    (refs, out.into_iter().map(|(_, b)| b).collect())
}

/// A code block as fenced Markdown, sanitised, with a fence longer than
/// any backtick run at the start of one of its lines.
fn fenced(lang: &str, code: &str) -> String {
    let code = sanitize(code);
    let code = code.trim_end_matches('\n');
    let longest = code
        .lines()
        .map(|l| l.trim_start().chars().take_while(|&c| c == '`').count())
        .max()
        .unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    let lang = sanitize(lang).replace('`', "");
    format!("{fence}{lang}\n{code}\n{fence}")
}

fn at(lines: &Lines, start: usize, block: Block) -> Located {
    Located {
        line: lines.line(start),
        block,
    }
}

/// A reference label as [`blocks`] and the cell renderer compare them:
/// lowercase, whitespace collapsed.
pub(super) fn label_key(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(md: &str) -> Vec<(usize, Block)> {
        blocks(md)
            .1
            .into_iter()
            .map(|l| (l.line, l.block))
            .collect()
    }

    #[test]
    fn setext_headings_and_items_in_order() {
        let got = kinds("Title\n=====\n\n- one\n  - two\n- three\n");
        let texts: Vec<(usize, String)> = got
            .into_iter()
            .map(|(l, b)| match b {
                Block::Heading { text, .. } | Block::Item { text } | Block::Paragraph { text } => {
                    (l, text)
                }
                Block::Table { header, .. } | Block::Code { text: header } => (l, header),
            })
            .collect();
        assert_eq!(
            texts,
            vec![
                (1, "Title".to_string()),
                (4, "one".to_string()),
                (5, "two".to_string()),
                (6, "three".to_string())
            ]
        );
    }

    #[test]
    fn code_blocks_are_code_not_tables() {
        let md = "    a | b\n    --|--\n\n```py title\nc | d\n  --|--\n```\n\n~~~\n```\n~~~\n";
        let got: Vec<Block> = kinds(md).into_iter().map(|(_, b)| b).collect();
        let code = |t: &str| Block::Code {
            text: t.to_string(),
        };
        assert_eq!(
            got,
            vec![
                code("```\na | b\n--|--\n```"),
                code("```py\nc | d\n  --|--\n```"),
                code("````\n```\n````"),
            ]
        );
    }

    #[test]
    fn table_rows_keep_their_lines() {
        let md = "# T\n\nfront | back\n--|--\nq | a\nr | b\n";
        let got = kinds(md);
        assert_eq!(
            got[1],
            (
                3,
                Block::Table {
                    header: "front | back".into(),
                    rows: vec![(5, "q | a".into()), (6, "r | b".into())]
                }
            )
        );
    }
}
