//! The README's key tables, rendered from the keymap. README.md holds each
//! between `<!-- keymap:NAME -->` and `<!-- /keymap:NAME -->`; a test fails
//! when they differ, and `UPDATE_README=1 cargo test readme_key_tables`
//! writes them.

use super::{
    COPY_PROMPT, DEMO_PANE, FIND, FIND_CARD, GLOBAL, HELP, HOME, QUITTING, QUIZ, QUIZ_SETUP,
    REVIEW, Row, STATS, SUMMARY,
};

/// The names of the generated blocks, in README order.
pub const README_BLOCKS: &[&str] = &["screens", "demo-pane"];

/// One table's rows as a README cell: "`keys` what · `keys` what".
fn cell<A>(table: &[Row<A>]) -> String {
    table
        .iter()
        .map(|r| format!("`{}` {}", r.keys_label(), r.help))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The Markdown of the generated block `name`, ending in a newline.
pub fn readme_block(name: &str) -> Option<String> {
    let mut out = String::new();
    match name {
        "screens" => {
            out.push_str("| screen | keys |\n|---|---|\n");
            for (screen, keys) in [
                ("everywhere", cell(GLOBAL)),
                ("help overlay (`?`)", cell(HELP)),
                ("home", cell(HOME)),
                ("review", cell(REVIEW)),
                ("review, demo pane", cell(DEMO_PANE)),
                ("review, `e` on a bundled deck", cell(COPY_PROMPT)),
                ("summary", cell(SUMMARY)),
                ("stats (`s`)", cell(STATS)),
                ("quiz options (`c`)", cell(QUIZ_SETUP)),
                ("quiz", cell(QUIZ)),
                ("find (`/`)", cell(FIND)),
                ("find, a card shown", cell(FIND_CARD)),
                (
                    "quitting, while grades are still being saved",
                    cell(QUITTING),
                ),
            ] {
                out.push_str(&format!("| {screen} | {keys} |\n"));
            }
        }
        "demo-pane" => {
            out.push_str("| keys | in the demo pane |\n|---|---|\n");
            for r in DEMO_PANE {
                out.push_str(&format!("| `{}` | {} |\n", r.keys_label(), r.help));
            }
        }
        _ => return None,
    }
    Some(out)
}

/// `readme` with every generated block replaced by its current text, or
/// the name of a block whose markers are missing.
pub fn update_readme(readme: &str) -> Result<String, String> {
    let mut out = readme.to_string();
    for name in README_BLOCKS {
        let begin = format!("<!-- keymap:{name} -->\n");
        let end = format!("<!-- /keymap:{name} -->");
        let start = out
            .find(&begin)
            .map(|i| i + begin.len())
            .ok_or_else(|| format!("no `{}` in README.md", begin.trim_end()))?;
        let stop = out[start..]
            .find(&end)
            .map(|i| i + start)
            .ok_or_else(|| format!("no `{end}` in README.md"))?;
        let block = readme_block(name).unwrap_or_default();
        out.replace_range(start..stop, &block);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// The README's key tables are the keymap's. To regenerate them:
    /// `UPDATE_README=1 cargo test readme_key_tables`.
    #[test]
    fn readme_key_tables_match_the_keymap() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
        let readme = std::fs::read_to_string(&path).unwrap();
        let want = update_readme(&readme).unwrap();
        if std::env::var_os("UPDATE_README").is_some() {
            std::fs::write(&path, &want).unwrap();
            return;
        }
        assert!(
            readme == want,
            "README.md's key tables differ from the keymap (src/tui/keymap/tables.rs); \
             run `UPDATE_README=1 cargo test readme_key_tables` to regenerate them"
        );
    }

    #[test]
    fn a_missing_marker_is_named() {
        let err = update_readme("no markers").unwrap_err();
        assert!(err.contains("keymap:screens"), "{err}");
    }

    #[test]
    fn a_block_is_replaced_between_its_markers() {
        let readme = "a\n<!-- keymap:screens -->\nold\n<!-- /keymap:screens -->\nb\n\
                      <!-- keymap:demo-pane -->\n<!-- /keymap:demo-pane -->\n";
        let out = update_readme(readme).unwrap();
        assert!(!out.contains("old"));
        assert!(out.contains("| home | `j k ↑ ↓` choose a deck"), "{out}");
        assert!(out.starts_with("a\n<!-- keymap:screens -->\n| screen |"));
        assert_eq!(update_readme(&out).unwrap(), out);
    }
}
