//! The `--bullets` conclusions: bullets under a "Conclusion"-style heading
//! become cards whose front is generated from their first clause (tagged
//! for review), or, without `--bullets`, a note says they were skipped.

use super::{ImportedCard, Importer, note};

/// Tag added to cards made from bullets.
pub const NEEDS_REVIEW_TAG: &str = "needs-review";

impl Importer {
    /// Reads a bullet under a "Conclusion"-style heading: a card with
    /// `--bullets`, else it is counted for the note.
    pub(super) fn bullet(&mut self, line: usize, clean: &str) {
        if clean.is_empty() {
            return;
        }
        if self.opts.bullets {
            let (front, back) = split_clause(clean);
            let mut tags = self.section_tags();
            tags.push(NEEDS_REVIEW_TAG.to_string());
            self.raw.push(ImportedCard {
                id: String::new(),
                front,
                back,
                explain: None,
                accept: Vec::new(),
                tags,
                line,
                from_bullet: true,
                ..ImportedCard::default()
            });
        } else {
            let heading = self.headings.innermost().to_string();
            self.skipped_bullets.push((line, heading));
        }
    }

    /// The notes on bullets, at the end of the import: how many were
    /// skipped, or how many cards were made from them.
    pub(super) fn bullet_notes(&mut self) {
        if let Some((line, heading)) = self.skipped_bullets.first() {
            self.out.notes.push(note(*line, format!("{} bullets under {heading:?} were not imported; pass --bullets to turn each into a card (its front is generated from its first clause)",
                self.skipped_bullets.len()
            )));
        }
        let bullet_cards: Vec<usize> = self
            .raw
            .iter()
            .filter(|c| c.from_bullet)
            .map(|c| c.line)
            .collect();
        if let Some(first) = bullet_cards.first() {
            self.out.notes.push(note(*first, format!("{} made from bullets: their fronts are generated and need reviewing (they are tagged {NEEDS_REVIEW_TAG:?})",
                if bullet_cards.len() == 1 { "1 card was".to_string() } else { format!("{} cards were", bullet_cards.len()) }
            )));
        }
    }
}

/// Splits a bullet into a generated front (its first clause, ending in
/// " …") and a back (the rest).
pub fn split_clause(text: &str) -> (String, String) {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut in_code = false;
    for (k, &(pos, c)) in chars.iter().enumerate() {
        if c == '`' {
            in_code = !in_code;
            continue;
        }
        if in_code {
            continue;
        }
        let next_space = chars.get(k + 1).is_some_and(|(_, n)| *n == ' ');
        if matches!(c, '.' | ';' | ':' | ',' | '—') && next_space && pos > 0 {
            let front = text[..pos].trim();
            let back = text[pos + c.len_utf8()..].trim();
            if !front.is_empty() && !back.is_empty() {
                return (format!("{front} …"), back.to_string());
            }
        }
    }
    for verb in [" is ", " are ", " means ", " uses ", " use "] {
        if let Some(p) = text.find(verb)
            && p > 0
        {
            let front = format!("{}{} …", &text[..p], verb.trim_end());
            let back = text[p + verb.len()..].trim().to_string();
            if !back.is_empty() {
                return (front, back);
            }
        }
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() < 2 {
        return (format!("{text} …?"), text.to_string());
    }
    let half = words.len().div_ceil(2);
    (
        format!("{} …", words[..half].join(" ")),
        words[half..].join(" "),
    )
}

#[cfg(test)]
mod tests {
    use super::super::{ImportOptions, import_markdown};
    use super::*;

    #[test]
    fn bullets_only_with_the_flag() {
        let md =
            "# T\n## Threads\n### Conclusion\n- threads share memory, processes do not\n- plain\n";
        let imp = import_markdown(md, ImportOptions::default());
        assert!(imp.cards.is_empty());
        assert!(
            imp.notes[0].message.contains("2 bullets"),
            "{:?}",
            imp.notes
        );
        assert_eq!(imp.notes[0].line, 4);
        let imp = import_markdown(
            md,
            ImportOptions {
                bullets: true,
                ..ImportOptions::default()
            },
        );
        assert_eq!(imp.cards.len(), 2);
        assert_eq!(imp.cards[0].front, "threads share memory …");
        assert_eq!(imp.cards[0].back, "processes do not");
        assert_eq!(imp.cards[0].tags, vec!["threads", NEEDS_REVIEW_TAG]);
        assert!(
            imp.notes
                .iter()
                .any(|n| n.message.contains("need reviewing"))
        );
    }

    #[test]
    fn clause_splitting() {
        assert_eq!(
            split_clause("multiprocessing is a parallelism. multithreading is Concurrency"),
            (
                "multiprocessing is a parallelism …".to_string(),
                "multithreading is Concurrency".to_string()
            )
        );
        assert_eq!(
            split_clause("run `a.b, c` here, then stop"),
            ("run `a.b, c` here …".to_string(), "then stop".to_string())
        );
        assert_eq!(
            split_clause("only one thread running at given time in a Python"),
            (
                "only one thread running at …".to_string(),
                "given time in a Python".to_string()
            )
        );
    }
}
