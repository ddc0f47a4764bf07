//! Table rows -> cards: which columns hold the front, back, explanation,
//! accepted answers and tags; which heading names the deck (the first
//! table's) and which tag the cards of later tables.

use super::blocks::{TableBlock, split_row};
use super::headings::heading_key;
use super::inline::clean_text;
use super::{ImportedCard, Importer, note};
use crate::deck::slug::slugify;

/// Which column holds what.
#[derive(Debug, Default)]
struct Columns {
    front: usize,
    back: usize,
    explain: Option<usize>,
    accept: Option<usize>,
    tags: Option<usize>,
}

/// The columns of a table by their header names; a two-column table with
/// other names is read as front and back.
fn columns(header: &[String]) -> Option<Columns> {
    let find = |names: &[&str]| {
        header
            .iter()
            .position(|h| names.contains(&heading_key(h).as_str()))
    };
    let front = find(&["front", "question", "q", "prompt", "term", "recto"]);
    let back = find(&["back", "answer", "a", "response", "definition", "verso"]);
    match (front, back) {
        (Some(front), Some(back)) if front != back => Some(Columns {
            front,
            back,
            explain: find(&["explain", "explanation", "notes", "note", "why"]),
            accept: find(&["accept", "also accept", "alternatives"]),
            tags: find(&["tags", "tag"]),
        }),
        _ if header.len() == 2 => Some(Columns {
            front: 0,
            back: 1,
            ..Columns::default()
        }),
        _ => None,
    }
}

impl Importer {
    /// Turns the rows of `table` into cards, or notes why the table or a
    /// row is skipped.
    pub(super) fn table(&mut self, table: &TableBlock<'_>) {
        let header: Vec<String> = split_row(table.header)
            .iter()
            .map(|c| clean_text(c, &self.refs))
            .collect();
        let n_sep = table.separator_cells;
        if header.len() != n_sep {
            self.out.notes.push(note(
                table.line,
                format!(
                    "table skipped: its header has {} cells but the separator row has {n_sep}",
                    header.len()
                ),
            ));
            return;
        }
        let Some(cols) = columns(&header) else {
            self.out.notes.push(note(table.line, format!("table skipped: it has {} columns and no `front` and `back` headers; name two columns front and back to import it",
                header.len()
            )));
            return;
        };
        self.tables += 1;
        let heading = self.headings.meaningful().map(str::to_string);
        let tags = if self.tables == 1 {
            self.out.name = heading.clone().or_else(|| self.headings.first().cloned());
            Vec::new()
        } else {
            match &heading {
                Some(h) if Some(h) != self.out.name.as_ref() => vec![slugify(h, "notes")],
                _ => Vec::new(),
            }
        };
        for &(n, row) in &table.rows {
            let cells: Vec<String> = split_row(row)
                .iter()
                .map(|c| clean_text(c, &self.refs))
                .collect();
            let cell = |k: usize| cells.get(k).cloned().unwrap_or_default();
            let (front, back) = (cell(cols.front), cell(cols.back));
            if front.is_empty() && back.is_empty() {
                continue;
            }
            if front.is_empty() || back.is_empty() {
                let side = if front.is_empty() { "front" } else { "back" };
                self.out
                    .notes
                    .push(note(n, format!("row skipped: its {side} is empty")));
                continue;
            }
            let mut card_tags = tags.clone();
            if let Some(k) = cols.tags {
                for t in cell(k).split([',', ' ', ';']).filter(|t| !t.is_empty()) {
                    let t = slugify(t, "tag");
                    if !card_tags.contains(&t) {
                        card_tags.push(t);
                    }
                }
            }
            self.raw.push(ImportedCard {
                id: String::new(),
                front,
                back,
                explain: cols.explain.map(cell).filter(|s| !s.is_empty()),
                accept: cols
                    .accept
                    .map(cell)
                    .map(|s| {
                        s.split(';')
                            .map(|a| a.trim().to_string())
                            .filter(|a| !a.is_empty())
                            .collect()
                    })
                    .unwrap_or_default(),
                tags: card_tags,
                line: n,
                from_bullet: false,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{ImportOptions, import_markdown};

    #[test]
    fn first_table_names_the_deck_later_tables_tag() {
        let md = "# Topic\n## Flash cards\nfront | back\n--|--\nQ1 | A1\n\n## Other part\n| Question | Answer | Notes |\n|---|---|---|\n| Q2 | A2 | why |\n| | |\n";
        let imp = import_markdown(md, ImportOptions::default());
        assert_eq!(imp.name.as_deref(), Some("Topic"));
        assert_eq!(imp.cards.len(), 2);
        assert_eq!(imp.cards[0].tags, Vec::<String>::new());
        assert_eq!(imp.cards[1].tags, vec!["other-part"]);
        assert_eq!(imp.cards[1].explain.as_deref(), Some("why"));
        assert_eq!(imp.cards[1].line, 10);
    }
}
