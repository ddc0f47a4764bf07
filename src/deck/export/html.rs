//! Card text as the HTML of an Anki field, so that Anki shows it as concur
//! does: fenced code blocks as `<pre><code>` with their lines and
//! indentation, inline `code` as `<code>`, line breaks as `<br>`, runs of
//! spaces kept, and everything else escaped (a `<` in a card is text, never
//! markup). Cloze markup (`{{c1::…}}`) passes through untouched. Pure.

/// The HTML of `text`, with the rules of the review screen: a line whose
/// first non-space characters are ```` ``` ```` opens or closes a fenced
/// block (the word after an opening fence names its language); in other
/// lines, text between two backticks is inline code, and an unpaired
/// backtick is text.
pub fn field(text: &str) -> String {
    let mut out = String::new();
    // The language of the open fence, if one is open.
    let mut fence: Option<String> = None;
    let mut code_lines: Vec<&str> = Vec::new();
    let mut first = true;
    for line in text.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let trimmed = line.trim_start();
        if let Some(info) = trimmed.strip_prefix("```") {
            match fence.take() {
                Some(lang) => {
                    push_block(&mut out, &lang, &code_lines);
                    code_lines.clear();
                    first = true;
                }
                None => {
                    fence = Some(info.trim().to_string());
                }
            }
            continue;
        }
        if fence.is_some() {
            code_lines.push(line);
            continue;
        }
        if !first {
            out.push_str("<br>");
        }
        first = false;
        push_line(&mut out, line);
    }
    // A fence never closed runs to the end of the text, as on screen.
    if let Some(lang) = fence {
        push_block(&mut out, &lang, &code_lines);
    }
    out
}

/// A fenced block: `<pre><code>` keeps its line breaks and indentation.
fn push_block(out: &mut String, lang: &str, lines: &[&str]) {
    out.push_str("<pre><code");
    let lang: String = lang
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+' | '#'))
        .collect();
    if !lang.is_empty() {
        out.push_str(" class=\"language-");
        out.push_str(&lang);
        out.push('"');
    }
    out.push('>');
    out.push_str(&escape(&lines.join("\n")));
    out.push_str("</code></pre>");
}

/// A line outside a fence: inline code spans and escaped text.
fn push_line(out: &mut String, line: &str) {
    let pieces: Vec<&str> = line.split('`').collect();
    // With an even number of pieces the last backtick has no partner.
    let paired = if pieces.len().is_multiple_of(2) {
        pieces.len() - 1
    } else {
        pieces.len()
    };
    let mut col = 0;
    for (i, piece) in pieces.iter().enumerate() {
        if i % 2 == 1 && i < paired {
            out.push_str("<code>");
            out.push_str(&keep_spaces(&escape(piece), &mut 1));
            out.push_str("</code>");
            col += 1;
            continue;
        }
        if i >= paired && i > 0 {
            out.push('`');
            col += 1;
        }
        out.push_str(&keep_spaces(&escape(piece), &mut col));
    }
}

/// Spaces HTML would collapse (at the start of a line, or after another
/// space) as `&nbsp;`. `col` is how much of the line came before.
fn keep_spaces(s: &str, col: &mut usize) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev_space = *col == 0;
    for c in s.chars() {
        if c == ' ' && prev_space {
            out.push_str("&nbsp;");
        } else {
            out.push(c);
        }
        prev_space = c == ' ';
        *col += 1;
    }
    out
}

/// `&`, `<`, `>` and `"` as entities.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn no_markup_but_its_own(text in "([a-z <>&\"`\n]|```|\\{\\{c1::){0,40}") {
            let html = field(&text);
            let plain = ["<br>", "</code></pre>", "<pre><code>", "<code>", "</code>"]
                .iter()
                .fold(html.clone(), |s, t| s.replace(t, ""));
            // The only other tag opens a fence with a language.
            let mut parts = plain.split("<pre><code class=\"language-");
            let mut rest: String = parts.next().unwrap_or("").to_string();
            for p in parts {
                let (lang, after) = p.split_once("\">").unwrap_or(("", p));
                proptest::prop_assert!(lang.chars().all(|c| c.is_ascii_alphanumeric()));
                rest.push_str(after);
            }
            proptest::prop_assert!(!rest.contains(['<', '>', '"']), "{text:?} gave {html:?}");
        }
    }

    #[test]
    fn fenced_code_keeps_its_lines_and_indentation_escaped() {
        let text =
            "Fix it:\n```python\nwith lock:\n    counter += 1  # <safe> & \"sound\"\n```\nDone.";
        assert_eq!(
            field(text),
            "Fix it:<pre><code class=\"language-python\">with lock:\n    counter += 1  # &lt;safe&gt; &amp; &quot;sound&quot;</code></pre>Done."
        );
    }

    #[test]
    fn inline_code_line_breaks_and_spaces() {
        assert_eq!(
            field("use `a <b>`\n  then `x` and a ` alone"),
            "use <code>a &lt;b&gt;</code><br>&nbsp;&nbsp;then <code>x</code> and a ` alone"
        );
        assert_eq!(field("a  b"), "a &nbsp;b");
    }

    #[test]
    fn cloze_markup_and_markup_lookalikes() {
        assert_eq!(
            field("`with {{c1::lock}}:` <script>"),
            "<code>with {{c1::lock}}:</code> &lt;script&gt;"
        );
        assert_eq!(field(""), "");
        assert_eq!(
            field("```\nnever closed\n  x"),
            "<pre><code>never closed\n  x</code></pre>"
        );
        assert_eq!(
            field("```evil\" onload=x\ny\n```"),
            "<pre><code class=\"language-evil\">y</code></pre>"
        );
    }
}
