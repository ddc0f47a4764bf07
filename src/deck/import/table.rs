//! Table rows -> cards: which columns hold the front, back, explanation,
//! accepted answers and tags; a note for each row skipped and each extra
//! cell dropped. Only a table whose header names a front and a back
//! (`Front | Back`, `Question | Answer`, `Q | A`, `Term | Definition` and
//! their common translations) is flashcards: notes are full of reference
//! tables ("HTTP status | Meaning") that are not. `--all-tables` reads
//! every other table of two columns or more as front and back too.

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

/// Headers of a front column, compared without case, punctuation or
/// spaces.
const FRONT_HEADERS: &[&str] = &[
    // English
    "front",
    "frontside",
    "question",
    "q",
    "prompt",
    "term",
    "recto",
    "word",
    // German, French, Spanish, Italian, Portuguese, Russian
    "frage",
    "vorderseite",
    "begriff",
    "terme",
    "pregunta",
    "anverso",
    "termino",
    "término",
    "domanda",
    "fronte",
    "pergunta",
    "frente",
    "вопрос",
    // Chinese, Japanese, Korean
    "问题",
    "問題",
    "问",
    "問",
    "正面",
    "术语",
    "質問",
    "表",
    "おもて",
    "질문",
    "앞면",
    "문제",
];

/// Headers of a back column, as [`FRONT_HEADERS`].
const BACK_HEADERS: &[&str] = &[
    "back",
    "backside",
    "answer",
    "a",
    "response",
    "definition",
    "verso",
    "meaning",
    "antwort",
    "rückseite",
    "ruckseite",
    "réponse",
    "reponse",
    "définition",
    "respuesta",
    "reverso",
    "definición",
    "definicion",
    "risposta",
    "retro",
    "resposta",
    "ответ",
    "答案",
    "答",
    "背面",
    "定义",
    "定義",
    "答え",
    "解答",
    "裏",
    "うら",
    "답변",
    "답",
    "뒷면",
    "정답",
];

/// A header cell as compared with the names above.
fn header_key(cell: &str) -> String {
    heading_key(cell).replace(' ', "")
}

/// The columns of a table by their header names; with `all_tables`, the
/// first two columns of a table that names none.
fn columns(header: &[String], all_tables: bool) -> Option<Columns> {
    let find = |names: &[&str]| {
        header
            .iter()
            .position(|h| names.contains(&header_key(h).as_str()))
    };
    let front = find(FRONT_HEADERS);
    let back = find(BACK_HEADERS);
    match (front, back) {
        (Some(front), Some(back)) if front != back => Some(Columns {
            front,
            back,
            explain: find(&["explain", "explanation", "notes", "note", "why"]),
            accept: find(&["accept", "also accept", "alternatives"]),
            tags: find(&["tags", "tag"]),
        }),
        _ if all_tables && header.len() >= 2 => Some(Columns {
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
        let Some(cols) = columns(&header, self.opts.all_tables) else {
            self.skipped_tables.push((line, header.join(" | ")));
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

impl Importer {
    /// The note on tables, at the end of the import: how many were skipped,
    /// where, and why.
    pub(super) fn table_notes(&mut self) {
        let Some((first, header)) = self.skipped_tables.first() else {
            return;
        };
        let n = self.skipped_tables.len();
        let lines: Vec<String> = self
            .skipped_tables
            .iter()
            .map(|(l, _)| l.to_string())
            .collect();
        let (lines_word, their) = if n == 1 {
            ("line", "its header names")
        } else {
            ("lines", "their headers name")
        };
        let message = format!(
            "{} skipped (at {lines_word} {}): {their} no front and back column ({}{}); name them Front | Back, Question | Answer, Q | A or Term | Definition, or pass --all-tables to import every table",
            crate::text::plural(n, "table"),
            lines.join(", "),
            quote_short(header),
            if n > 1 { ", …" } else { "" },
        );
        self.out.notes.push(note(*first, message));
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

    #[test]
    fn only_front_back_headers_make_cards_unless_all_tables() {
        let md = "# Notes\n\n| Model | Meaning of it |\n|--|--|\n| Inversion | think backwards |\n\n| Code | Status |\n|--|--|\n| 404 | Not Found |\n\n| Front Side | BACK |\n|--|--|\n| q | a |\n";
        let imp = import_markdown(md, ImportOptions::default());
        let fronts: Vec<&str> = imp.cards.iter().map(|c| c.front.as_str()).collect();
        assert_eq!(fronts, vec!["q"]);
        assert_eq!(imp.notes.len(), 1, "{:?}", imp.notes);
        assert_eq!(imp.notes[0].line, 3);
        assert!(
            imp.notes[0].message.starts_with("2 tables skipped (at lines 3, 7): their headers name no front and back column (\"Model | Meaning of it\", …)"),
            "{}",
            imp.notes[0].message
        );
        assert!(imp.notes[0].message.contains("--all-tables"));
        let all = ImportOptions {
            all_tables: true,
            ..ImportOptions::default()
        };
        let imp = import_markdown(md, all);
        assert_eq!(imp.cards.len(), 3);
        assert!(imp.notes.is_empty(), "{:?}", imp.notes);
    }

    #[test]
    fn translated_headers_are_front_and_back() {
        for header in [
            "Frage | Antwort",
            "Question | Réponse",
            "Pregunta | Respuesta",
            "问题 | 答案",
            "正面 | 背面",
            "質問 | 答え",
            "表 | 裏",
            "질문 | 답변",
            "앞면 | 뒷면",
            "Term | Definition",
            "q | a",
            " FRONT | back ",
        ] {
            let md = format!("{header}\n--|--\nx | y\n");
            let imp = import_markdown(&md, ImportOptions::default());
            assert_eq!(imp.cards.len(), 1, "{header}: {:?}", imp.notes);
        }
    }
}
