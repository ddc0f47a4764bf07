//! The text's final shape: bounded, trimmed, blank lines collapsed.

/// Cuts `s` to at most `max` bytes, at a character boundary; true if it
/// was longer.
pub(super) fn cut_to(s: &mut String, max: usize) -> bool {
    if s.len() <= max {
        return false;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.truncate(end);
    true
}

/// Trailing spaces off every line, at most one blank line in a row outside
/// code fences, and no blank lines or spaces at either end.
pub(super) fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blank_run = 0;
    let mut in_fence = false;
    for line in s.lines() {
        let line = line.trim_end();
        if line.starts_with("```") {
            in_fence = !in_fence;
        }
        if line.is_empty() && !in_fence {
            blank_run += 1;
            if blank_run > 1 {
                continue;
            }
        } else {
            blank_run = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    out.trim().to_string()
}
