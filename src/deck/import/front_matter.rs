//! Front matter: a YAML block between `---` lines (Jekyll, Obsidian) or a
//! TOML block between `+++` lines (Hugo) at the very start of a file. It is
//! not Markdown: the import skips it, and takes the deck's name from its
//! `title`. Only the start of the file counts, so a `---` rule later in the
//! notes stays a rule.

/// The front matter at the start of `text`, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct FrontMatter {
    /// Its `title`, if it has a plain one.
    pub title: Option<String>,
    /// How many bytes of `text` it takes (its closing line included).
    pub len: usize,
    /// How many lines it takes.
    pub lines: usize,
}

/// Reads the front matter at the start of `text`: a first line `---`
/// closed by a line `---` or `...` (YAML), or `+++` closed by `+++`
/// (TOML). An unclosed block is no front matter.
pub(super) fn read(text: &str) -> Option<FrontMatter> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next()?.trim_end();
    let closers: &[&str] = match first {
        "---" => &["---", "..."],
        "+++" => &["+++"],
        _ => return None,
    };
    let body_start = text.find('\n')? + 1;
    let mut at = body_start;
    for (count, line) in (2..).zip(lines) {
        if closers.contains(&line.trim_end()) {
            let body = &text[body_start..at];
            let title = if first == "+++" {
                toml_title(body)
            } else {
                yaml_title(body)
            };
            return Some(FrontMatter {
                title: title.filter(|t| !t.is_empty()),
                len: at + line.len(),
                lines: count,
            });
        }
        at += line.len();
    }
    None
}

/// The `title` of a TOML block, if it is a string.
fn toml_title(body: &str) -> Option<String> {
    let table: toml::Table = toml::from_str(body).ok()?;
    table.get("title")?.as_str().map(str::to_string)
}

/// The top-level `title:` of a YAML block: plain, single- or
/// double-quoted on its line, or a folded/literal block (`>`, `|`) on the
/// indented lines under it.
fn yaml_title(body: &str) -> Option<String> {
    let mut lines = body.lines();
    let value = lines.find_map(|l| l.strip_prefix("title:"))?.trim();
    if value.starts_with(['>', '|']) {
        let block: Vec<&str> = lines
            .take_while(|l| l.starts_with([' ', '\t']) || l.trim().is_empty())
            .map(str::trim)
            .collect();
        return Some(block.join(" ").trim().to_string());
    }
    if let Some(inner) = value.strip_prefix('"') {
        // YAML's double-quoted escapes are JSON's, and more.
        return Some(
            serde_json::from_str::<String>(value)
                .unwrap_or_else(|_| inner.trim_end_matches('"').to_string()),
        );
    }
    if let Some(inner) = value.strip_prefix('\'') {
        let inner = inner.strip_suffix('\'').unwrap_or(inner);
        return Some(inner.replace("''", "'"));
    }
    // A plain scalar ends at a comment.
    let plain = value.split(" #").next().unwrap_or_default();
    Some(plain.trim().to_string())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn title(text: &str) -> Option<String> {
        read(text).and_then(|f| f.title)
    }

    #[test]
    fn yaml_and_toml_front_matter_and_their_titles() {
        let jekyll =
            "---\nlayout: post\ntitle: \"Locks: a \\\"primer\\\"\"\ntags: [a, b]\n---\n# Body\n";
        let fm = read(jekyll).unwrap();
        assert_eq!(fm.title.as_deref(), Some("Locks: a \"primer\""));
        assert_eq!(&jekyll[fm.len..], "# Body\n");
        assert_eq!(fm.lines, 5);
        let hugo = "+++\ntitle = 'Go channels'\nweight = 74\n[params]\ntitle = 'no'\n+++\ntext";
        assert_eq!(title(hugo).as_deref(), Some("Go channels"));
        assert_eq!(
            title("---\ntitle: It's plain # comment\n...\n").as_deref(),
            Some("It's plain")
        );
        assert_eq!(title("---\ntitle: 'It''s'\n---\n").as_deref(), Some("It's"));
        assert_eq!(
            title("---\ntitle: >\n  two\n  lines\ndate: x\n---\n").as_deref(),
            Some("two lines")
        );
        assert_eq!(title("---\n  title: nested\n---\n"), None);
        assert_eq!(title("---\ntitle:\n---\n"), None);
    }

    #[test]
    fn only_a_closed_block_at_the_very_start_is_front_matter() {
        assert_eq!(read("# T\n---\ntitle: x\n---\n"), None);
        assert_eq!(read("---\ntitle: never closed\n"), None);
        assert_eq!(read("----\ntitle: x\n----\n"), None);
        assert_eq!(read(""), None);
        let fm = read("---\r\ntitle: crlf\r\n---\r\nrest").unwrap();
        assert_eq!(fm.title.as_deref(), Some("crlf"));
        assert_eq!(fm.lines, 3);
    }
}
