//! The block scanner: which Markdown lines are headings, code fences,
//! tables, bullets and reference link definitions, and how far each block
//! reaches. Nothing here cleans text (see `inline`) or makes cards.

/// The lowercased label of a `[label]: url` reference definition line.
pub(super) fn reference_label(line: &str) -> Option<String> {
    let t = line.trim_start();
    if line.len() - t.len() > 3 {
        return None;
    }
    let rest = t.strip_prefix('[')?;
    let close = rest.find("]:")?;
    let label = &rest[..close];
    (!label.is_empty() && !rest[close + 2..].trim().is_empty()).then(|| label.to_lowercase())
}

/// An ATX heading (`#` to `######`): its level and raw text, without a
/// closing run of `#`.
pub(super) fn heading(line: &str) -> Option<(usize, &str)> {
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

/// The index just past the fenced code block (` ``` ` or `~~~`) opened
/// at `lines[start]`, if that line opens one: its closing fence, or the end
/// of the text when it is never closed.
pub(super) fn fenced_block_end(lines: &[&str], start: usize) -> Option<usize> {
    let f = fence(lines.get(start)?)?;
    let mut j = start + 1;
    while j < lines.len() {
        if lines[j].trim_start().starts_with(f) {
            return Some(j + 1);
        }
        j += 1;
    }
    Some(lines.len())
}

/// The fence (` ``` ` or `~~~`) that opens a code block on `line`, if any.
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
pub(super) fn split_row(line: &str) -> Vec<String> {
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

/// A table: a header row with an unescaped `|`, a separator row, and the
/// rows with a `|` up to the first blank line or line without one.
#[derive(Debug)]
pub(super) struct TableBlock<'t> {
    /// 1-based line of the header row.
    pub line: usize,
    /// The header row, as written.
    pub header: &'t str,
    /// Cells in the separator row.
    pub separator_cells: usize,
    /// The body rows, as written, with their 1-based lines.
    pub rows: Vec<(usize, &'t str)>,
    /// The index just past the table.
    pub end: usize,
}

/// The table whose header row is `lines[start]`, if one starts there.
pub(super) fn table_at<'t>(lines: &[&'t str], start: usize) -> Option<TableBlock<'t>> {
    let header = *lines.get(start)?;
    if !has_unescaped_pipe(header) {
        return None;
    }
    let n_sep = lines.get(start + 1).and_then(|l| separator_cells(l))?;
    let mut j = start + 2;
    let mut rows = Vec::new();
    while j < lines.len() && !lines[j].trim().is_empty() && has_unescaped_pipe(lines[j]) {
        rows.push((j + 1, lines[j]));
        j += 1;
    }
    Some(TableBlock {
        line: start + 1,
        header,
        separator_cells: n_sep,
        rows,
        end: j,
    })
}

/// A bullet list item (`-`, `*`, `+` or `1.`/`1)`): its indent and text.
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

/// One bullet with its continuation lines joined to it.
#[derive(Debug)]
pub(super) struct BulletBlock {
    /// 1-based line of the bullet.
    pub line: usize,
    /// Its raw text, continuation lines joined with a space.
    pub text: String,
    /// The index just past the bullet.
    pub end: usize,
}

/// The bullet item at `lines[start]`, if it is one.
pub(super) fn bullet_at(lines: &[&str], start: usize) -> Option<BulletBlock> {
    let (indent, btext) = bullet(lines.get(start)?)?;
    let mut text = btext.to_string();
    let mut j = start + 1;
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
    Some(BulletBlock {
        line: start + 1,
        text,
        end: j,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_rows_with_escaped_pipes() {
        assert_eq!(split_row("| a \\| b | c |"), vec![" a | b ", " c "]);
        assert_eq!(split_row("a|b"), vec!["a", "b"]);
        assert_eq!(separator_cells("--|--"), Some(2));
        assert_eq!(separator_cells("| :--- | ---: |"), Some(2));
        assert_eq!(separator_cells("a|b"), None);
    }
}
