//! Writing an import as a TOML deck that `concur check` accepts: a
//! commented `[deck]` table, then one `[[cards]]` table per card (a comment
//! above each card made from a bullet; `cloze = …` for a cloze note).

use toml_edit::{Array, ArrayOfTables, DocumentMut, Item, Table, value};

use super::Imported;
use crate::text::sanitize;

/// A TOML array of strings.
fn string_array(items: &[String]) -> Array {
    items.iter().map(String::as_str).collect()
}

/// Writes the deck as TOML text that `concur check` accepts. `deck_id` is
/// its id (and its name when the import found none); `source_name`, the
/// Markdown file's name, is shown in a comment and the description.
pub fn to_toml(imported: &Imported, deck_id: &str, source_name: &str) -> String {
    let mut doc = DocumentMut::new();
    let mut deck = Table::new();
    deck.decor_mut().set_prefix(format!(
        "# Imported from {} by `concur import`.\n# Review the cards, then check the file with `concur check FILE`.\n",
        one_line(source_name)
    ));
    deck.insert("id", value(deck_id));
    let name = imported.name.as_deref().unwrap_or(deck_id);
    deck.insert("name", value(name));
    deck.insert(
        "description",
        value(format!("Imported from {}", one_line(source_name))),
    );
    doc.insert("deck", Item::Table(deck));
    let mut cards = ArrayOfTables::new();
    for c in &imported.cards {
        let mut t = Table::new();
        if c.from_bullet {
            t.decor_mut().set_prefix(format!(
                "\n# Generated from the bullet on line {}: check the front.\n",
                c.line
            ));
        } else {
            t.decor_mut().set_prefix("\n");
        }
        t.insert("id", value(c.id.as_str()));
        if c.cloze {
            t.insert("cloze", value(c.front.as_str()));
            if !c.back.is_empty() {
                t.insert("back", value(c.back.as_str()));
            }
        } else {
            t.insert("front", value(c.front.as_str()));
            t.insert("back", value(c.back.as_str()));
        }
        if !c.accept.is_empty() {
            t.insert("accept", value(string_array(&c.accept)));
        }
        if let Some(e) = &c.explain {
            t.insert("explain", value(e.as_str()));
        }
        if !c.tags.is_empty() {
            t.insert("tags", value(string_array(&c.tags)));
        }
        if c.reverse {
            t.insert("reverse", value(true));
        }
        if let Some(g) = &c.guid {
            t.insert("guid", value(g.as_str()));
        }
        cards.push(t);
    }
    doc.insert("cards", Item::ArrayOfTables(cards));
    doc.to_string()
}

/// `s` sanitised, on one line with single spaces.
fn one_line(s: &str) -> String {
    crate::text::one_line(&sanitize(s))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::super::{ImportOptions, import_markdown};
    use super::*;
    use crate::deck::{DeckSource, parse_deck};

    #[test]
    fn output_parses_back_to_the_same_cards() {
        let md = "# Quotes \"and\" 'such'\nfront|back\n--|--\n`a\\|b` \"q\" '''x''' \\ | line<br>two \"\"\" end\n";
        let imp = import_markdown(md, ImportOptions::default());
        let text = to_toml(&imp, "q", "notes.md");
        let (deck, diags) = parse_deck(
            text.as_bytes(),
            "q.toml",
            "q",
            DeckSource::Bundled("q.toml"),
        );
        assert!(diags.is_empty(), "{diags:?}\n{text}");
        let deck = deck.unwrap();
        assert_eq!(deck.name, "Quotes \"and\" 'such'");
        assert_eq!(deck.cards[0].front, imp.cards[0].front);
        assert_eq!(deck.cards[0].back, "line\ntwo \"\"\" end");
    }

    proptest::proptest! {
        #[test]
        fn any_notes_import_into_a_deck_that_loads(
            s in "(# |## Conclusion\n|- |\\||\\|\\||\\||--\\|--|\\n|front|back|[a-z ]{1,8}|\"|'|`|\\\\|\\[x\\]\\(y\\)|\\[1\\]|\\[1\\]: u|<br>|❓|\\t|\u{1b}\\[2J|é|\\{\\{c1::|\\{\\{c2::|\\}\\}|==|Q: |A: |```\n|\\[\\^1\\]|---\n|\\+\\+\\+\n|title: x\n)*",
            bullets in proptest::bool::ANY,
            all_tables in proptest::bool::ANY,
            cloze_highlights in proptest::bool::ANY,
        ) {
            let opts = ImportOptions { bullets, all_tables, cloze_highlights };
            let imp = import_markdown(&s, opts);
            let text = to_toml(&imp, "p", "p.md");
            let (deck, diags) = parse_deck(text.as_bytes(), "p.toml", "p", DeckSource::Bundled("p.toml"));
            let errors: Vec<String> = diags.iter().filter(|d| d.is_error()).map(ToString::to_string).collect();
            proptest::prop_assert!(errors.is_empty(), "{errors:?}\n{text}");
            let deck = deck.unwrap();
            // A cloze note loads as one card per deletion number.
            let notes: Vec<&str> = deck
                .cards
                .iter()
                .map(|c| c.cloze.as_ref().map_or(c.id.as_str(), |z| z.note.as_str()))
                .collect();
            let mut notes = notes;
            notes.dedup();
            let ids: Vec<&str> = imp.cards.iter().map(|c| c.id.as_str()).collect();
            proptest::prop_assert_eq!(notes, ids);
            let plain = deck.cards.iter().filter(|c| c.cloze.is_none());
            for (a, b) in plain.zip(imp.cards.iter().filter(|c| !c.cloze)) {
                proptest::prop_assert_eq!(&a.front, &b.front);
                proptest::prop_assert_eq!(&a.back, &b.back);
                proptest::prop_assert_eq!(&a.id, &b.id);
            }
        }

        #[test]
        fn any_table_cells_import_into_a_deck_that_loads(
            heading in "[^\n]{0,20}",
            rows in proptest::collection::vec(("[^\n]{0,30}", "[^\n]{0,30}"), 1..8),
        ) {
            let mut md = format!("# {heading}\nfront | back\n--|--\n");
            for (f, b) in &rows {
                md.push_str(&format!("{} | {}\n", f.replace('|', "\\|"), b.replace('|', "\\|")));
            }
            let imp = import_markdown(&md, ImportOptions::default());
            let text = to_toml(&imp, "p", "p.md");
            let (deck, diags) = parse_deck(text.as_bytes(), "p.toml", "p", DeckSource::Bundled("p.toml"));
            let errors: Vec<String> = diags.iter().filter(|d| d.is_error()).map(ToString::to_string).collect();
            proptest::prop_assert!(errors.is_empty(), "{errors:?}\n{text}");
            proptest::prop_assert_eq!(deck.unwrap().cards.len(), imp.cards.len());
        }
    }
}
