//! Table rows -> cards: which columns hold the front, back, explanation,
//! accepted answers and tags; a note for each row skipped and each extra
//! cell dropped.

use super::headings::heading_key;
use super::inline::clean_text;
use super::row::split_row;
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
    /// Turns the rows of a table into cards, or notes why the table or a
    /// row is skipped. `line` is the header's line.
    pub(super) fn table(&mut self, line: usize, header: &str, rows: &[(usize, String)]) {
        let header: Vec<String> = split_row(header)
            .iter()
            .map(|c| clean_text(c, &self.refs))
            .collect();
        let Some(cols) = columns(&header) else {
            self.out.notes.push(note(line, format!("table skipped: it has {} columns and no `front` and `back` headers; name two columns front and back to import it",
                header.len()
            )));
            return;
        };
        let tags = self.section_tags();
        for (n, row) in rows {
            let n = *n;
            let raw = split_row(row);
            let cells: Vec<String> = raw.iter().map(|c| clean_text(c, &self.refs)).collect();
            for (k, extra) in cells.iter().enumerate().skip(header.len()) {
                if !extra.is_empty() {
                    self.out.notes.push(note(
                        n,
                        format!(
                            "cell {} ({}) dropped: the header has {} columns; add a header for it or remove it",
                            k + 1,
                            quote_short(extra),
                            header.len()
                        ),
                    ));
                }
            }
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
                ..ImportedCard::default()
            });
        }
    }
}

/// `s` quoted, cut to 30 characters.
fn quote_short(s: &str) -> String {
    let cut: String = s.chars().take(30).collect();
    if cut.len() < s.len() {
        format!("{:?}", format!("{cut}…"))
    } else {
        format!("{s:?}")
    }
}

#[cfg(test)]
mod tests {
    use super::super::{ImportOptions, import_markdown};

    #[test]
    fn the_title_names_the_deck_later_headings_tag() {
        let md = "# Topic\n## Flash cards\nfront | back\n--|--\nQ1 | A1\n\n## Other part\n| Question | Answer | Notes |\n|---|---|---|\n| Q2 | A2 | why |\n| | |\n";
        let imp = import_markdown(md, ImportOptions::default());
        assert_eq!(imp.name.as_deref(), Some("Topic"));
        assert_eq!(imp.cards.len(), 2);
        assert_eq!(imp.cards[0].tags, Vec::<String>::new());
        assert_eq!(imp.cards[1].tags, vec!["other-part"]);
        assert_eq!(imp.cards[1].explain.as_deref(), Some("why"));
        assert_eq!(imp.cards[1].line, 10);
        let imp = import_markdown(
            "# Title\n## Part\nfront|back\n-|-\nq|a\n",
            ImportOptions::default(),
        );
        assert_eq!(imp.name.as_deref(), Some("Title"));
        assert_eq!(imp.cards[0].tags, vec!["part"]);
    }

    #[test]
    fn extra_cells_are_noted_and_code_keeps_its_pipes() {
        let md = "front|back\n-|-\nq|a|stray\n`a || b`|either\n";
        let imp = import_markdown(md, ImportOptions::default());
        assert_eq!(imp.cards.len(), 2);
        assert_eq!(imp.cards[1].front, "`a || b`");
        assert_eq!(imp.notes.len(), 1, "{:?}", imp.notes);
        assert_eq!(imp.notes[0].line, 3);
        assert!(imp.notes[0].message.contains("cell 3 (\"stray\") dropped"));
    }
}
