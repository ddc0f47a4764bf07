//! Question and answer notes: a `Q:` paragraph or list item followed by an
//! `A:` one, or both in one (`- **Q:** What is a GIL? **A:** a lock`; the
//! bold markers are gone by the time the text gets here).

const QUESTION: &[&str] = &["Q:", "Question:"];
const ANSWER: &[&str] = &["A:", "Answer:"];

/// The text after a leading marker from `markers`, trimmed.
fn after_marker<'t>(text: &'t str, markers: &[&str]) -> Option<&'t str> {
    markers
        .iter()
        .find_map(|m| text.strip_prefix(m))
        .map(str::trim)
}

/// The question of a text that starts with `Q:` and has no answer marker.
pub(super) fn question(text: &str) -> Option<String> {
    let q = after_marker(text, QUESTION)?;
    (!q.is_empty() && pair(text).is_none()).then(|| q.to_string())
}

/// The answer of a text that starts with `A:`.
pub(super) fn answer(text: &str) -> Option<String> {
    let a = after_marker(text, ANSWER)?;
    (!a.is_empty()).then(|| a.to_string())
}

/// The question and answer of a text `Q: … A: …` (the answer marker after
/// a space or a line break).
pub(super) fn pair(text: &str) -> Option<(String, String)> {
    let rest = after_marker(text, QUESTION)?;
    let (at, len) = ANSWER
        .iter()
        .filter_map(|m| {
            [" ", "\n"]
                .iter()
                .filter_map(|sep| rest.find(&format!("{sep}{m}")))
                .min()
                .map(|i| (i, m.len() + 1))
        })
        .min()?;
    let q = rest[..at].trim();
    let a = rest[at + len..].trim();
    (!q.is_empty() && !a.is_empty()).then(|| (q.to_string(), a.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_question_and_answer_forms() {
        assert_eq!(
            pair("Q: What is a GIL? A: a lock"),
            Some(("What is a GIL?".into(), "a lock".into()))
        );
        assert_eq!(
            pair("Question: Why?\nAnswer: Because"),
            Some(("Why?".into(), "Because".into()))
        );
        assert_eq!(question("Q: alone"), Some("alone".into()));
        assert_eq!(question("Q: x A: y"), None);
        assert_eq!(answer("A: yes"), Some("yes".into()));
        assert_eq!(answer("Also: no"), None);
        assert_eq!(pair("Quick: no"), None);
    }
}
