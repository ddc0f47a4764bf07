//! Markdown notes -> a TOML deck: front|back tables, `Q:`/`A:` notes,
//! cloze notes and (on request) conclusion bullets become cards.
//!
//! Front matter (`front_matter`) is skipped. `pulldown-cmark` reads the
//! Markdown (`markdown`): CommonMark headings (ATX and setext), GitHub
//! tables, code blocks (only a question or an answer takes them), entities,
//! emphasis. Our own policy (`inline`, `decoration`) cleans the text: emoji
//! markers (`Emoji_Presentation` only, at the start or end of a line),
//! citation links such as `[source][1]`, footnote markers, link targets; a
//! `|` inside a code span stays in its cell (`row`). Tables whose header
//! names a front and a back (`table`), question and answer notes (`qa`),
//! paragraphs with cloze deletions (`cloze_notes`) and bullets (`bullets`)
//! become cards; the front matter's title or the first heading names the
//! deck and later headings tag the cards (`headings`); ids are ASCII slugs
//! of the fronts (`ids`); [`to_toml`] writes the result (`toml_out`).

pub mod apkg;
mod bullets;
mod cloze_notes;
mod decoration;
mod front_matter;
mod headings;
mod ids;
mod inline;
mod json;
mod json_keys;
mod markdown;
mod qa;
mod row;
mod table;
mod toml_out;

use std::collections::HashSet;

pub use bullets::{NEEDS_REVIEW_TAG, split_clause};
pub use decoration::is_emoji_presentation;
pub use inline::clean_text;
pub use json::{JsonImport, JsonImportError, import_json};
pub use toml_out::to_toml;

use super::slug::slugify;
use headings::Headings;
use markdown::Block;

/// What to import.
#[derive(Debug, Clone, Copy, Default)]
pub struct ImportOptions {
    /// Turn bullets under a "Conclusion"-style heading into cards too.
    pub bullets: bool,
    /// Import every table of two columns or more, not only those whose
    /// header names a front and a back.
    pub all_tables: bool,
    /// Read `==highlights==` as cloze deletions.
    pub cloze_highlights: bool,
}

/// One card found in the notes (or in an Anki package).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportedCard {
    /// A readable slug, unique in the deck (a cloze note's id: its cards
    /// are `ID::c1`, `ID::c2` …).
    pub id: String,
    /// The question, or the cloze text of a cloze note.
    pub front: String,
    /// The answer, or the extra text of a cloze note (maybe empty).
    pub back: String,
    /// True for a cloze note: written `cloze = …` instead of `front`.
    pub cloze: bool,
    /// A longer explanation, from an `explain` (or `explanation`, `notes`,
    /// `note`, `why`) column.
    pub explain: Option<String>,
    /// Typed-answer alternatives, from an `accept` column (`;`-separated).
    pub accept: Vec<String>,
    /// Tags, slugified: the nearest heading that names a subject when it is
    /// not the title, a table's `tags` column, and [`NEEDS_REVIEW_TAG`] on a
    /// card made from a bullet.
    pub tags: Vec<String>,
    /// 1-based line in the Markdown file.
    pub line: usize,
    /// True if made from a bullet: its front was generated and needs review.
    pub from_bullet: bool,
    /// True if the card is also asked back -> front (`reverse = true`).
    pub reverse: bool,
    /// Another program's id of the card's note (`guid`), e.g. Anki's.
    pub guid: Option<String>,
}

/// The result of an import.
#[derive(Debug, Clone, Default)]
pub struct Imported {
    /// The deck name: the document's first heading (its title).
    pub name: Option<String>,
    /// The cards, in file order.
    pub cards: Vec<ImportedCard>,
    /// Things the user should know: skipped rows and tables, bullets,
    /// questions without an answer.
    pub notes: Vec<Note>,
    /// Markup that cannot be imported (invalid cloze deletions): the import
    /// fails with these.
    pub errors: Vec<Note>,
}

/// Something the user should know about an import, at a line of the
/// Markdown file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// 1-based line.
    pub line: usize,
    /// What happened and what to do.
    pub message: String,
}

fn note(line: usize, message: String) -> Note {
    Note { line, message }
}

/// One import while its blocks are read.
struct Importer {
    opts: ImportOptions,
    /// Labels of the reference link definitions in the whole file.
    refs: HashSet<String>,
    headings: Headings,
    out: Imported,
    /// Cards before ids are assigned.
    raw: Vec<ImportedCard>,
    /// Bullets not imported (no `--bullets`): line and heading.
    skipped_bullets: Vec<(usize, String)>,
    /// Tables not imported (their header names no front and back): line
    /// and header.
    skipped_tables: Vec<(usize, String)>,
    /// A question waiting for its answer.
    pending: Option<qa::Pending>,
    /// The front matter's title: the title rather than the first heading.
    title: Option<String>,
}

impl Importer {
    /// The tags of a card under the current headings: the nearest heading
    /// that names a subject, unless it is the title (the front matter's,
    /// else the first heading).
    fn section_tags(&self) -> Vec<String> {
        let title = self.title.as_ref().or(self.headings.first());
        match self.headings.meaningful() {
            Some(h) if Some(h) != title.map(String::as_str) => {
                vec![slugify(h, "notes")]
            }
            _ => Vec::new(),
        }
    }
}

/// Reads Markdown notes (a UTF-8 byte order mark and front matter are
/// skipped).
pub fn import_markdown(text: &str, opts: ImportOptions) -> Imported {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let front = front_matter::read(text);
    // Front matter is read as blank lines, so that lines keep their numbers.
    let body = match &front {
        Some(f) => format!("{}{}", "\n".repeat(f.lines), &text[f.len..]),
        None => text.to_string(),
    };
    let title = front
        .and_then(|f| f.title)
        .map(|t| inline::tidy(&t))
        .filter(|t| !t.is_empty());
    let (refs, blocks) = markdown::blocks(&body);
    let mut imp = Importer {
        opts,
        refs,
        headings: Headings::default(),
        out: Imported::default(),
        raw: Vec::new(),
        skipped_bullets: Vec::new(),
        skipped_tables: Vec::new(),
        pending: None,
        title,
    };
    for located in blocks {
        let line = located.line;
        match located.block {
            Block::Code { text } => imp.qa_code(&text),
            Block::Heading { level, text } => {
                imp.qa_end();
                imp.headings.push(level, text);
            }
            Block::Table { header, rows } => {
                imp.qa_end();
                imp.table(line, &header, &rows);
            }
            Block::Paragraph { text } => {
                if !imp.qa_text(line, &text) {
                    imp.cloze(line, &text);
                }
            }
            Block::Item { text } => {
                if !imp.qa_text(line, &text)
                    && !imp.cloze(line, &text)
                    && imp.headings.in_conclusion()
                {
                    imp.bullet(line, &text);
                }
            }
        }
    }
    imp.qa_end();
    imp.table_notes();
    imp.bullet_notes();
    let mut out = imp.out;
    out.name = imp.title.or_else(|| imp.headings.first().cloned());
    out.cards = ids::assign(imp.raw);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_in_code_fences_are_ignored() {
        let md = "```\na | b\n--|--\nx | y\n```\n";
        assert!(
            import_markdown(md, ImportOptions::default())
                .cards
                .is_empty()
        );
    }

    proptest::proptest! {
        #[test]
        fn any_text_imports_without_panic_and_ids_are_slugs(s in "\\PC{0,300}") {
            let imp = import_markdown(&s, ImportOptions { bullets: true, all_tables: true, cloze_highlights: true });
            for c in &imp.cards {
                proptest::prop_assert!(crate::deck::slug::is_slug(&c.id), "{:?}", c.id);
            }
        }
    }

    #[test]
    fn blockquotes_and_list_items_hold_tables_and_questions_too() {
        let md =
            "# T\n\n> Q: In a quote?\n> A: yes\n\n- item\n\n  front | back\n  --|--\n  in | list\n";
        let imp = import_markdown(md, ImportOptions::default());
        let sides: Vec<(&str, &str)> = imp
            .cards
            .iter()
            .map(|c| (c.front.as_str(), c.back.as_str()))
            .collect();
        assert_eq!(sides, vec![("In a quote?", "yes"), ("in", "list")]);
    }

    #[test]
    fn duplicate_fronts_get_numbered_ids() {
        let md = "q|a\n-|-\nSame?|1\nsame|2\n";
        let imp = import_markdown(md, ImportOptions::default());
        let ids: Vec<&str> = imp.cards.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, vec!["same", "same-2"]);
    }
}
