//! Splitting a table row into cells, as written: outer pipes dropped, `\|`
//! kept for the inline reader (a literal `|`), and a `|` inside a code span
//! (`` `a || b` ``) kept in its cell. GitHub splits such a row at the pipe;
//! notes are full of shell and Python `||`, and a cell cut inside its code
//! is never what the author meant.

/// The cells of one table row (Markdown source of each, untrimmed).
pub(super) fn split_row(line: &str) -> Vec<String> {
    let mut t = line.trim();
    if let Some(s) = t.strip_prefix('|') {
        t = s;
    }
    if t.ends_with('|') && !t.ends_with("\\|") {
        t = &t[..t.len() - 1];
    }
    let chars: Vec<char> = t.chars().collect();
    let mut cells = Vec::new();
    let mut cur = String::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' if chars.get(i + 1).is_some_and(|c| c.is_ascii_punctuation()) => {
                cur.push('\\');
                cur.push(chars[i + 1]);
                i += 2;
            }
            '`' => {
                let run = chars[i..].iter().take_while(|&&c| c == '`').count();
                match closing_run(&chars, i + run, run) {
                    Some(end) => {
                        // GitHub turns `\|` inside code in a table into `|`.
                        let body: String = chars[i..end + run].iter().collect();
                        cur.push_str(&body.replace("\\|", "|"));
                        i = end + run;
                    }
                    None => {
                        cur.extend(&chars[i..i + run]);
                        i += run;
                    }
                }
            }
            '|' => {
                cells.push(std::mem::take(&mut cur));
                i += 1;
            }
            c => {
                cur.push(c);
                i += 1;
            }
        }
    }
    cells.push(cur);
    cells
}

/// The index of the next run of exactly `run` backticks from `from`.
fn closing_run(chars: &[char], from: usize, run: usize) -> Option<usize> {
    let mut j = from;
    while j < chars.len() {
        if chars[j] == '`' {
            let r = chars[j..].iter().take_while(|&&c| c == '`').count();
            if r == run {
                return Some(j);
            }
            j += r;
        } else {
            j += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_rows() {
        assert_eq!(split_row("| a \\| b | c |"), vec![" a \\| b ", " c "]);
        assert_eq!(split_row("a|b"), vec!["a", "b"]);
        assert_eq!(split_row("`a || b` | c"), vec!["`a || b` ", " c"]);
        assert_eq!(split_row("`x \\| y` | z"), vec!["`x | y` ", " z"]);
        assert_eq!(split_row("`open | b"), vec!["`open ", " b"]);
        assert_eq!(split_row("a | b | c"), vec!["a ", " b ", " c"]);
    }
}
