//! Markdown notes -> a TOML deck: front|back tables, `Q:`/`A:` notes and
//! (on request) conclusion bullets become cards.
//!
//! `pulldown-cmark` reads the Markdown (`markdown`): CommonMark headings
//! (ATX and setext), GitHub tables, code blocks (never read), entities,
//! emphasis. Our own policy (`inline`, `decoration`) cleans the text: emoji
//! markers (`Emoji_Presentation` only, at the start or end of a line),
//! citation links such as `[source][1]`, link targets; a `|` inside a code
//! span stays in its cell (`row`). Tables (`table`), question and answer
//! notes (`qa`) and bullets (`bullets`) become cards; the first heading
//! names the deck and later ones tag the cards (`headings`); ids are ASCII
//! slugs of the fronts (`ids`); [`to_toml`] writes the result (`toml_out`).

pub mod apkg;
mod bullets;
mod decoration;
mod headings;
mod ids;
mod inline;
mod json;
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
}

/// One card found in the notes (or in an Anki package).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportedCard {
    /// A readable slug, unique in the deck.
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
    /// Things the user should know: skipped rows and tables, bullets.
    pub notes: Vec<Note>,
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
}

impl Importer {
    /// The tags of a card under the current headings: the nearest heading
    /// that names a subject, unless it is the title.
    fn section_tags(&self) -> Vec<String> {
        match self.headings.meaningful() {
            Some(h) if Some(h) != self.headings.first().map(String::as_str) => {
                vec![slugify(h, "notes")]
            }
            _ => Vec::new(),
        }
    }

    /// A card from a question and answer note.
    fn qa(&mut self, line: usize, front: String, back: String) {
        let tags = self.section_tags();
        self.raw.push(ImportedCard {
            id: String::new(),
            front,
            back,
            explain: None,
            accept: Vec::new(),
            tags,
            line,
            from_bullet: false,
            ..ImportedCard::default()
        });
    }
}

/// Reads Markdown notes (a UTF-8 byte order mark is skipped).
pub fn import_markdown(text: &str, opts: ImportOptions) -> Imported {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let (refs, blocks) = markdown::blocks(text);
    let mut imp = Importer {
        opts,
        refs,
        headings: Headings::default(),
        out: Imported::default(),
        raw: Vec::new(),
        skipped_bullets: Vec::new(),
    };
    // A `Q:` paragraph or item waiting for its `A:`.
    let mut question: Option<(usize, String)> = None;
    for located in blocks {
        let line = located.line;
        match located.block {
            Block::Heading { level, text } => {
                question = None;
                imp.headings.push(level, text);
            }
            Block::Table { header, rows } => {
                question = None;
                imp.table(line, &header, &rows);
            }
            Block::Paragraph { text } | Block::Item { text } if qa::pair(&text).is_some() => {
                question = None;
                if let Some((q, a)) = qa::pair(&text) {
                    imp.qa(line, q, a);
                }
            }
            Block::Paragraph { text } | Block::Item { text } if qa::question(&text).is_some() => {
                question = qa::question(&text).map(|q| (line, q));
            }
            Block::Paragraph { text } | Block::Item { text }
                if question.is_some() && qa::answer(&text).is_some() =>
            {
                if let (Some((qline, q)), Some(a)) = (question.take(), qa::answer(&text)) {
                    imp.qa(qline, q, a);
                }
            }
            Block::Paragraph { .. } => question = None,
            Block::Item { text } => {
                question = None;
                if imp.headings.in_conclusion() {
                    imp.bullet(line, &text);
                }
            }
        }
    }
    imp.bullet_notes();
    let mut out = imp.out;
    out.name = imp.headings.first().cloned();
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
            let imp = import_markdown(&s, ImportOptions { bullets: true });
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
        let md = "a|b\n-|-\nSame?|1\nsame|2\n";
        let imp = import_markdown(md, ImportOptions::default());
        let ids: Vec<&str> = imp.cards.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, vec!["same", "same-2"]);
    }
}
