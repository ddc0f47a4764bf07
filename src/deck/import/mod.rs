//! Markdown notes -> a TOML deck: front|back tables become cards.
//!
//! Recognised: GitHub-style tables (a header row, then a `--|--` separator
//! row); ATX headings (`#` to `######`); bullet lists under a
//! "Conclusion"-style heading (cards only with `--bullets`); reference-style
//! link definitions. Text inside fenced code blocks is never read as a table.
//! Decorations are removed from every cell: emoji markers, citation links
//! such as `[source][1]`, inline links (`[text](url)` keeps `text`), `**`
//! bold markers and surrounding whitespace; `\|` is a literal pipe and
//! `<br>` a line break.
//!
//! [`import_markdown`] scans the lines (`blocks`), cleans text (`inline`),
//! turns tables (`table`) and bullets (`bullets`) into cards, and names the
//! deck and tags from the headings (`headings`); [`to_toml`] writes the
//! result (`toml_out`).

mod blocks;
mod bullets;
mod headings;
mod inline;
mod table;
mod toml_out;

use std::collections::HashSet;

pub use bullets::{NEEDS_REVIEW_TAG, split_clause};
pub use inline::{clean_text, is_decoration};
pub use toml_out::to_toml;

use super::slug::{Unique, slugify};
use blocks::{bullet_at, fenced_block_end, heading, reference_label, table_at};
use headings::Headings;

/// What to import.
#[derive(Debug, Clone, Copy, Default)]
pub struct ImportOptions {
    /// Turn bullets under a "Conclusion"-style heading into cards too.
    pub bullets: bool,
}

/// One card found in the notes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedCard {
    /// A readable slug, unique in the deck.
    pub id: String,
    /// The question.
    pub front: String,
    /// The answer.
    pub back: String,
    /// A longer explanation, from an `explain` (or `explanation`, `notes`,
    /// `note`, `why`) column.
    pub explain: Option<String>,
    /// Typed-answer alternatives, from an `accept` column (`;`-separated).
    pub accept: Vec<String>,
    /// Tags, slugified: a table card has the heading of its table when that
    /// is not the first table's, and its `tags` column; a bullet card has
    /// the nearest heading that names a subject, and [`NEEDS_REVIEW_TAG`].
    pub tags: Vec<String>,
    /// 1-based line in the Markdown file.
    pub line: usize,
    /// True if made from a bullet: its front was generated and needs review.
    pub from_bullet: bool,
}

/// The result of an import.
#[derive(Debug, Clone, Default)]
pub struct Imported {
    /// The deck name: the nearest heading above the first table that names
    /// a subject (not "Flash cards"), else the first heading of the file.
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

/// One import while its lines are scanned.
struct Importer {
    opts: ImportOptions,
    /// Labels of the reference link definitions in the whole file.
    refs: HashSet<String>,
    headings: Headings,
    out: Imported,
    /// Tables turned into cards so far (skipped tables do not count).
    tables: usize,
    /// Cards before ids are assigned.
    raw: Vec<ImportedCard>,
    /// Bullets not imported (no `--bullets`): line and heading.
    skipped_bullets: Vec<(usize, String)>,
}

/// Reads Markdown notes.
pub fn import_markdown(text: &str, opts: ImportOptions) -> Imported {
    let lines: Vec<&str> = text.lines().collect();
    let mut imp = Importer {
        opts,
        refs: lines.iter().filter_map(|l| reference_label(l)).collect(),
        headings: Headings::default(),
        out: Imported::default(),
        tables: 0,
        raw: Vec::new(),
        skipped_bullets: Vec::new(),
    };
    let mut i = 0;
    while i < lines.len() {
        if let Some(end) = fenced_block_end(&lines, i) {
            i = end;
        } else if let Some((level, htext)) = heading(lines[i]) {
            let clean = clean_text(htext, &imp.refs);
            imp.headings.push(level, clean);
            i += 1;
        } else if let Some(table) = table_at(&lines, i) {
            i = table.end;
            imp.table(&table);
        } else if imp.headings.in_conclusion()
            && let Some(bullet) = bullet_at(&lines, i)
        {
            i = bullet.end;
            imp.bullet(&bullet);
        } else {
            i += 1;
        }
    }
    imp.bullet_notes();
    let mut out = imp.out;
    if out.name.is_none() {
        out.name = imp.headings.first().cloned();
    }
    let mut unique = Unique::default();
    for mut c in imp.raw {
        let base = slugify(c.front.trim_end_matches(['…', ' ']), "card");
        c.id = unique.make(&base);
        out.cards.push(c);
    }
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

    #[test]
    fn duplicate_fronts_get_numbered_ids() {
        let md = "a|b\n-|-\nSame?|1\nsame|2\n";
        let imp = import_markdown(md, ImportOptions::default());
        let ids: Vec<&str> = imp.cards.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, vec!["same", "same-2"]);
    }
}
