//! Markdown notes -> a TOML deck: front|back tables become cards.
//!
//! Recognised: GitHub-style tables (a header row, then a `--|--` separator
//! row); ATX headings (`#` to `######`); bullet lists; reference-style link
//! definitions. Text inside fenced code blocks is never read as a table.
//! Decorations are removed from every cell: emoji markers, citation links
//! such as `[source][1]`, inline links (`[text](url)` keeps `text`), `**`
//! bold markers and surrounding whitespace; `\|` is a literal pipe and
//! `<br>` a line break.

use std::collections::HashSet;

use toml_edit::{Array, ArrayOfTables, DocumentMut, Item, Table, value};

use super::slug::{Unique, slugify};
use crate::text::sanitize;

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
    /// A longer explanation, from an `explain` column.
    pub explain: Option<String>,
    /// Typed-answer alternatives, from an `accept` column (`;`-separated).
    pub accept: Vec<String>,
    /// Tags (the heading of a later table, slugified).
    pub tags: Vec<String>,
    /// 1-based line in the Markdown file.
    pub line: usize,
    /// True if made from a bullet: its front was generated and needs review.
    pub from_bullet: bool,
}

/// The result of an import.
#[derive(Debug, Clone, Default)]
pub struct Imported {
    /// The deck name: the heading nearest the first table.
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

/// Tag added to cards made from bullets.
pub const NEEDS_REVIEW_TAG: &str = "needs-review";

/// Headings that name the kind of content rather than its subject.
const GENERIC_HEADINGS: &[&str] = &[
    "flash card",
    "flash cards",
    "flashcard",
    "flashcards",
    "card",
    "cards",
    "quiz",
    "questions",
    "q a",
    "qa",
    "review",
    "table",
    "exercises",
    "drill",
    "anki",
];

/// Headings under which bullets are conclusions rather than notes.
const CONCLUSION_HEADINGS: &[&str] = &[
    "conclusion",
    "conclusions",
    "summary",
    "key points",
    "takeaways",
    "key takeaways",
    "tl dr",
    "tldr",
    "recap",
    "in short",
    "to remember",
];

/// Link texts that are citations, not content: `[source][1]` is dropped.
const CITATION_WORDS: &[&str] = &[
    "source",
    "sources",
    "src",
    "ref",
    "reference",
    "references",
    "link",
    "here",
    "more",
    "via",
    "see",
];

fn note(line: usize, message: String) -> Note {
    Note { line, message }
}

fn heading_key(text: &str) -> String {
    super::parse::near_duplicate_key(text)
}

fn is_generic(heading: &str) -> bool {
    GENERIC_HEADINGS.contains(&heading_key(heading).as_str())
}

fn is_conclusion(heading: &str) -> bool {
    CONCLUSION_HEADINGS.contains(&heading_key(heading).as_str())
}

/// Emoji and pictographic symbols used as decorations (❓ ✅ 🚀 ⭐ ...),
/// with their variation selectors and joiners.
pub fn is_decoration(c: char) -> bool {
    matches!(c as u32,
        0x1F000..=0x1FAFF   // emoji, pictographs, flags, symbols
        | 0x2600..=0x27BF   // miscellaneous symbols, dingbats (✅ ❓ ✔ ❤)
        | 0x2B00..=0x2BFF   // stars, large shapes (⭐ ⬛)
        | 0x231A..=0x231B   // ⌚ ⌛
        | 0x23E9..=0x23FA   // ⏩ ... ⏺
        | 0x25A0..=0x25FF   // geometric shapes used as bullets (▶ ◀ ■)
        | 0xFE00..=0xFE0F   // variation selectors
        | 0x200D            // zero-width joiner
        | 0x20E3            // combining keycap
        | 0xE0020..=0xE007F // tag characters
    )
}

/// Removes decorations from one cell or heading and tidies its spacing.
/// `refs` are the labels of reference definitions (`[1]: https://...`).
pub fn clean_text(raw: &str, refs: &HashSet<String>) -> String {
    let with_breaks = replace_br(raw);
    let mut out = String::with_capacity(with_breaks.len());
    let chars: Vec<char> = with_breaks.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '`' => {
                // A code span: copy it unchanged up to the matching run.
                let run = chars[i..].iter().take_while(|&&x| x == '`').count();
                let body_start = i + run;
                let mut j = body_start;
                let mut end = None;
                while j < chars.len() {
                    if chars[j] == '`' {
                        let r = chars[j..].iter().take_while(|&&x| x == '`').count();
                        if r == run {
                            end = Some(j);
                            break;
                        }
                        j += r;
                    } else {
                        j += 1;
                    }
                }
                match end {
                    Some(e) => {
                        out.extend(&chars[i..e + run]);
                        i = e + run;
                    }
                    None => {
                        out.extend(&chars[i..body_start]);
                        i = body_start;
                    }
                }
            }
            '\\' if i + 1 < chars.len() && chars[i + 1].is_ascii_punctuation() => {
                out.push(chars[i + 1]);
                i += 2;
            }
            '!' if chars.get(i + 1) == Some(&'[') => {
                // An image: keep its alt text.
                match link_at(&chars, i + 1) {
                    Some(link) => {
                        out.push_str(&link.text);
                        i = link.end;
                    }
                    None => {
                        out.push(c);
                        i += 1;
                    }
                }
            }
            '[' => match link_at(&chars, i) {
                Some(link) => {
                    let text_key = link.text.trim().to_lowercase();
                    let citation = CITATION_WORDS.contains(&text_key.as_str())
                        || text_key.starts_with('^')
                        || (!text_key.is_empty() && text_key.chars().all(|c| c.is_ascii_digit()));
                    let keep = match link.kind {
                        LinkKind::Inline => true,
                        LinkKind::Reference => !citation,
                        LinkKind::Shortcut => {
                            !(refs.contains(&text_key) || text_key.starts_with('^'))
                        }
                    };
                    if keep {
                        if link.kind == LinkKind::Shortcut {
                            out.push('[');
                            out.push_str(&link.text);
                            out.push(']');
                        } else {
                            out.push_str(&link.text);
                        }
                    }
                    i = link.end;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            },
            '*' if chars.get(i + 1) == Some(&'*') => i += 2,
            c if is_decoration(c) => i += 1,
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    let tidy: Vec<String> = sanitize(&out)
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    tidy.join("\n").trim().to_string()
}

fn replace_br(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let len = ["<br />", "<br/>", "<br>"]
            .iter()
            .find(|p| {
                tail.get(..p.len())
                    .is_some_and(|x| x.eq_ignore_ascii_case(p))
            })
            .map(|p| p.len());
        match len {
            Some(n) => {
                out.push('\n');
                rest = &tail[n..];
            }
            None => {
                out.push('<');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[derive(Debug, PartialEq, Eq, Clone, Copy)]
enum LinkKind {
    /// `[text](url)`
    Inline,
    /// `[text][label]`
    Reference,
    /// `[label]`
    Shortcut,
}

struct Link {
    text: String,
    kind: LinkKind,
    /// Index just past the link.
    end: usize,
}

/// The link starting at `chars[start] == '['`, if it is one.
fn link_at(chars: &[char], start: usize) -> Option<Link> {
    let close = matching(chars, start, '[', ']')?;
    let text: String = chars[start + 1..close].iter().collect();
    match chars.get(close + 1) {
        Some('(') => {
            let end = matching(chars, close + 1, '(', ')')?;
            Some(Link {
                text,
                kind: LinkKind::Inline,
                end: end + 1,
            })
        }
        Some('[') => {
            let end = matching(chars, close + 1, '[', ']')?;
            Some(Link {
                text,
                kind: LinkKind::Reference,
                end: end + 1,
            })
        }
        _ => Some(Link {
            text,
            kind: LinkKind::Shortcut,
            end: close + 1,
        }),
    }
}

fn matching(chars: &[char], open_at: usize, open: char, close: char) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = open_at;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' {
            i += 2;
            continue;
        }
        if c == open {
            depth += 1;
        } else if c == close {
            depth = depth.checked_sub(1)?;
            if depth == 0 {
                return Some(i);
            }
        } else if c == '\n' {
            return None;
        }
        i += 1;
    }
    None
}

/// `[label]: url` lines.
fn reference_label(line: &str) -> Option<String> {
    let t = line.trim_start();
    if line.len() - t.len() > 3 {
        return None;
    }
    let rest = t.strip_prefix('[')?;
    let close = rest.find("]:")?;
    let label = &rest[..close];
    (!label.is_empty() && !rest[close + 2..].trim().is_empty()).then(|| label.to_lowercase())
}

fn heading(line: &str) -> Option<(usize, &str)> {
    let t = line.trim_start_matches(' ');
    if line.len() - t.len() > 3 {
        return None;
    }
    let level = t.chars().take_while(|&c| c == '#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let rest = &t[level..];
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let text = rest.trim();
    // A closing run of '#' preceded by a space is not part of the text.
    let text = match text.trim_end_matches('#') {
        stripped if stripped.ends_with(' ') || stripped.is_empty() => stripped.trim_end(),
        _ => text,
    };
    Some((level, text))
}

fn fence(line: &str) -> Option<&str> {
    let t = line.trim_start();
    if t.starts_with("```") {
        Some("```")
    } else if t.starts_with("~~~") {
        Some("~~~")
    } else {
        None
    }
}

/// Splits a table row into raw cells: outer pipes dropped, `\|` turned
/// into a literal `|` (also inside code spans, as GitHub does).
fn split_row(line: &str) -> Vec<String> {
    let mut t = line.trim();
    if let Some(s) = t.strip_prefix('|') {
        t = s;
    }
    if t.ends_with('|') && !t.ends_with("\\|") {
        t = &t[..t.len() - 1];
    }
    let mut cells = Vec::new();
    let mut cur = String::new();
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                chars.next();
                cur.push('|');
            }
            '|' => cells.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    cells.push(cur);
    cells
}

fn has_unescaped_pipe(line: &str) -> bool {
    let mut prev = ' ';
    for c in line.chars() {
        if c == '|' && prev != '\\' {
            return true;
        }
        prev = c;
    }
    false
}

/// A `--|--` or `| :--- | ---: |` separator row: its cell count.
fn separator_cells(line: &str) -> Option<usize> {
    if !line.contains('-') {
        return None;
    }
    let cells = split_row(line);
    let ok = cells.iter().all(|c| {
        let c = c.trim();
        let inner = c.strip_prefix(':').unwrap_or(c);
        let inner = inner.strip_suffix(':').unwrap_or(inner);
        !inner.is_empty() && inner.chars().all(|x| x == '-')
    });
    ok.then_some(cells.len())
}

fn bullet(line: &str) -> Option<(usize, &str)> {
    let t = line.trim_start();
    let indent = line.len() - t.len();
    for marker in ["- ", "* ", "+ "] {
        if let Some(rest) = t.strip_prefix(marker) {
            return Some((indent, rest));
        }
    }
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && digits < 10 {
        let rest = &t[digits..];
        if let Some(r) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some((indent, r));
        }
    }
    None
}

/// Which column holds what.
#[derive(Debug, Default)]
struct Columns {
    front: usize,
    back: usize,
    explain: Option<usize>,
    accept: Option<usize>,
    tags: Option<usize>,
}

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

/// The nearest heading that names a subject (not "Flash card").
fn meaningful(stack: &[(usize, String)]) -> Option<&str> {
    stack
        .iter()
        .rev()
        .map(|(_, t)| t.as_str())
        .find(|t| !t.is_empty() && !is_generic(t) && !is_conclusion(t))
}

/// Reads Markdown notes.
pub fn import_markdown(text: &str, opts: ImportOptions) -> Imported {
    let lines: Vec<&str> = text.lines().collect();
    let refs: HashSet<String> = lines.iter().filter_map(|l| reference_label(l)).collect();
    let mut out = Imported::default();
    let mut stack: Vec<(usize, String)> = Vec::new();
    let mut first_heading: Option<String> = None;
    let mut tables = 0usize;
    let mut in_fence: Option<&str> = None;
    // Cards before ids are assigned.
    let mut raw: Vec<ImportedCard> = Vec::new();
    let mut skipped_bullets: Vec<(usize, String)> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if let Some(f) = in_fence {
            if line.trim_start().starts_with(f) {
                in_fence = None;
            }
            i += 1;
            continue;
        }
        if let Some(f) = fence(line) {
            in_fence = Some(f);
            i += 1;
            continue;
        }
        if let Some((level, htext)) = heading(line) {
            let clean = clean_text(htext, &refs);
            while stack.last().is_some_and(|(l, _)| *l >= level) {
                stack.pop();
            }
            if first_heading.is_none() && !clean.is_empty() {
                first_heading = Some(clean.clone());
            }
            stack.push((level, clean));
            i += 1;
            continue;
        }
        if has_unescaped_pipe(line)
            && let Some(n_sep) = lines.get(i + 1).and_then(|l| separator_cells(l))
        {
            let header: Vec<String> = split_row(line)
                .iter()
                .map(|c| clean_text(c, &refs))
                .collect();
            let table_line = i + 1;
            let mut j = i + 2;
            let mut rows = Vec::new();
            while j < lines.len() && !lines[j].trim().is_empty() && has_unescaped_pipe(lines[j]) {
                rows.push((j + 1, lines[j]));
                j += 1;
            }
            i = j;
            if header.len() != n_sep {
                out.notes.push(note(
                    table_line,
                    format!(
                        "table skipped: its header has {} cells but the separator row has {n_sep}",
                        header.len()
                    ),
                ));
                continue;
            }
            let Some(cols) = columns(&header) else {
                out.notes.push(note(table_line, format!("table skipped: it has {} columns and no `front` and `back` headers; name two columns front and back to import it",
                    header.len()
                )));
                continue;
            };
            tables += 1;
            let heading = meaningful(&stack).map(str::to_string);
            let tags = if tables == 1 {
                out.name = heading.clone().or_else(|| first_heading.clone());
                Vec::new()
            } else {
                match &heading {
                    Some(h) if Some(h) != out.name.as_ref() => vec![slugify(h, "notes")],
                    _ => Vec::new(),
                }
            };
            for (n, row) in rows {
                let cells: Vec<String> = split_row(row)
                    .iter()
                    .map(|c| clean_text(c, &refs))
                    .collect();
                let cell = |k: usize| cells.get(k).cloned().unwrap_or_default();
                let (front, back) = (cell(cols.front), cell(cols.back));
                if front.is_empty() && back.is_empty() {
                    continue;
                }
                if front.is_empty() || back.is_empty() {
                    let side = if front.is_empty() { "front" } else { "back" };
                    out.notes
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
                raw.push(ImportedCard {
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
            continue;
        }
        if let Some((indent, btext)) = bullet(line)
            && stack.last().is_some_and(|(_, h)| is_conclusion(h))
        {
            let mut text = btext.to_string();
            let mut j = i + 1;
            // Continuation lines: indented further, not a new bullet.
            while j < lines.len() {
                let l = lines[j];
                let ind = l.len() - l.trim_start().len();
                if l.trim().is_empty() || ind <= indent || bullet(l).is_some() {
                    break;
                }
                text.push(' ');
                text.push_str(l.trim());
                j += 1;
            }
            let heading = stack.last().map(|(_, h)| h.clone()).unwrap_or_default();
            let clean = clean_text(&text, &refs);
            if !clean.is_empty() {
                if opts.bullets {
                    let (front, back) = split_clause(&clean);
                    let mut tags = Vec::new();
                    if let Some(h) = meaningful(&stack) {
                        tags.push(slugify(h, "notes"));
                    }
                    tags.push(NEEDS_REVIEW_TAG.to_string());
                    raw.push(ImportedCard {
                        id: String::new(),
                        front,
                        back,
                        explain: None,
                        accept: Vec::new(),
                        tags,
                        line: i + 1,
                        from_bullet: true,
                    });
                } else {
                    skipped_bullets.push((i + 1, heading));
                }
            }
            i = j;
            continue;
        }
        i += 1;
    }
    if let Some((line, heading)) = skipped_bullets.first() {
        out.notes.push(note(*line, format!("{} bullets under {heading:?} were not imported; pass --bullets to turn each into a card (its front is generated from its first clause)",
            skipped_bullets.len()
        )));
    }
    let bullet_cards: Vec<usize> = raw
        .iter()
        .filter(|c| c.from_bullet)
        .map(|c| c.line)
        .collect();
    if let Some(first) = bullet_cards.first() {
        out.notes.push(note(*first, format!("{} cards were made from bullets: their fronts are generated and need reviewing (they are tagged {NEEDS_REVIEW_TAG:?})",
            bullet_cards.len()
        )));
    }
    if out.name.is_none() {
        out.name = first_heading;
    }
    let mut unique = Unique::default();
    for mut c in raw {
        let base = slugify(c.front.trim_end_matches(['…', ' ']), "card");
        c.id = unique.make(&base);
        out.cards.push(c);
    }
    out
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

fn string_array(items: &[String]) -> Array {
    items.iter().map(String::as_str).collect()
}

/// Writes the deck as TOML text that `concur check` accepts.
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
        t.insert("front", value(c.front.as_str()));
        t.insert("back", value(c.back.as_str()));
        if !c.accept.is_empty() {
            t.insert("accept", value(string_array(&c.accept)));
        }
        if let Some(e) = &c.explain {
            t.insert("explain", value(e.as_str()));
        }
        if !c.tags.is_empty() {
            t.insert("tags", value(string_array(&c.tags)));
        }
        cards.push(t);
    }
    doc.insert("cards", Item::ArrayOfTables(cards));
    doc.to_string()
}

fn one_line(s: &str) -> String {
    sanitize(s).split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::deck::{DeckSource, parse_deck};

    fn refs(labels: &[&str]) -> HashSet<String> {
        labels.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn cleans_decorations() {
        let r = refs(&["1", "2"]);
        assert_eq!(
            clean_text("❓ Multithreading vs Multiprocessing   ", &r),
            "Multithreading vs Multiprocessing"
        );
        assert_eq!(clean_text("[source][1]", &r), "");
        assert_eq!(
            clean_text("see [the docs](https://x.y/z) ✅", &r),
            "see the docs"
        );
        assert_eq!(clean_text("a \\| b", &r), "a | b");
        assert_eq!(clean_text("**bold** `x[1]` [1]", &r), "bold `x[1]`");
        assert_eq!(clean_text("one<br>two", &r), "one\ntwo");
        assert_eq!(clean_text("keep [x] and [y][2]", &r), "keep [x] and y");
        assert_eq!(clean_text("🚀👍🏽 go", &r), "go");
    }

    #[test]
    fn splits_rows_with_escaped_pipes() {
        assert_eq!(split_row("| a \\| b | c |"), vec![" a | b ", " c "]);
        assert_eq!(split_row("a|b"), vec!["a", "b"]);
        assert_eq!(separator_cells("--|--"), Some(2));
        assert_eq!(separator_cells("| :--- | ---: |"), Some(2));
        assert_eq!(separator_cells("a|b"), None);
    }

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

    #[test]
    fn bullets_only_with_the_flag() {
        let md = "# T\n## Conclusion\n- threads share memory, processes do not\n- plain\n";
        let imp = import_markdown(md, ImportOptions::default());
        assert!(imp.cards.is_empty());
        assert!(
            imp.notes[0].message.contains("2 bullets"),
            "{:?}",
            imp.notes
        );
        assert_eq!(imp.notes[0].line, 3);
        let imp = import_markdown(md, ImportOptions { bullets: true });
        assert_eq!(imp.cards.len(), 2);
        assert_eq!(imp.cards[0].front, "threads share memory …");
        assert_eq!(imp.cards[0].back, "processes do not");
        assert_eq!(imp.cards[0].tags, vec!["t", NEEDS_REVIEW_TAG]);
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
            s in "(# |## Conclusion\n|- |\\||\\|\\||\\||--\\|--|\\n|front|back|[a-z ]{1,8}|\"|'|`|\\\\|\\[x\\]\\(y\\)|\\[1\\]|\\[1\\]: u|<br>|❓|\\t|\u{1b}\\[2J|é)*",
            bullets in proptest::bool::ANY,
        ) {
            let imp = import_markdown(&s, ImportOptions { bullets });
            let text = to_toml(&imp, "p", "p.md");
            let (deck, diags) = parse_deck(text.as_bytes(), "p.toml", "p", DeckSource::Bundled("p.toml"));
            let errors: Vec<String> = diags.iter().filter(|d| d.is_error()).map(ToString::to_string).collect();
            proptest::prop_assert!(errors.is_empty(), "{errors:?}\n{text}");
            let deck = deck.unwrap();
            proptest::prop_assert_eq!(deck.cards.len(), imp.cards.len());
            for (a, b) in deck.cards.iter().zip(&imp.cards) {
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
