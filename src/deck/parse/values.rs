//! Reading spanned TOML values: strings, arrays of strings, booleans and ids,
//! each checked for its type, and unknown keys. Every problem is reported at
//! the value's position.

use std::ops::Range;

use toml::Spanned;
use toml::de::DeValue;

use super::Reporter;
use crate::text::sanitize;

/// How a value's type is named in messages ("a string", "an integer").
pub(super) fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// Reports a key not in `allowed` (in `place`, e.g. `"[deck]"`), suggesting
/// the nearest allowed key when one is close.
pub(super) fn unknown_key(
    rep: &mut Reporter<'_>,
    key: &Spanned<std::borrow::Cow<'_, str>>,
    place: &str,
    allowed: &[&str],
) {
    let name = key.get_ref().as_ref();
    let hint = allowed
        .iter()
        .map(|a| (strsim::levenshtein(a, name), a))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, a)| format!("did you mean `{a}`? "))
        .unwrap_or_default();
    rep.error(
        key.span(),
        format!(
            "unknown key `{}` in {place}: {hint}allowed keys are {}",
            sanitize(name),
            allowed.join(", ")
        ),
    );
}

/// A string value: errors if it has another type.
pub(super) fn string<'a>(
    rep: &mut Reporter<'_>,
    key: &str,
    v: &'a Spanned<DeValue<'_>>,
) -> Option<&'a str> {
    match v.get_ref() {
        DeValue::String(s) => Some(s.as_ref()),
        other => {
            let found = type_name(other);
            rep.error(
                v.span(),
                format!("`{key}` must be a string, found {found}: put the text in quotes"),
            );
            None
        }
    }
}

/// An array of strings, sanitised, each with its span: errors if the value
/// or an entry has another type (wrong entries are left out).
pub(super) fn string_array(
    rep: &mut Reporter<'_>,
    key: &str,
    v: &Spanned<DeValue<'_>>,
) -> Vec<(String, Range<usize>)> {
    let DeValue::Array(items) = v.get_ref() else {
        let found = type_name(v.get_ref());
        rep.error(
            v.span(),
            format!(
                "`{key}` must be an array of strings, found {found}: write {key} = [\"a\", \"b\"]"
            ),
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items.iter() {
        match item.get_ref() {
            DeValue::String(s) => out.push((sanitize(s), item.span())),
            other => {
                let found = type_name(other);
                rep.error(
                    item.span(),
                    format!("every entry of `{key}` must be a string, found {found}"),
                );
            }
        }
    }
    out
}

/// A boolean value: errors if it has another type.
pub(super) fn boolean(rep: &mut Reporter<'_>, key: &str, v: &Spanned<DeValue<'_>>) -> Option<bool> {
    match v.get_ref() {
        DeValue::Boolean(b) => Some(*b),
        other => {
            let found = type_name(other);
            rep.error(
                v.span(),
                format!("`{key}` must be true or false (without quotes), found {found}"),
            );
            None
        }
    }
}

/// True if `id` (of the deck or a card: `what`) is not empty and has no
/// spaces or control characters; errors otherwise.
pub(super) fn valid_id(rep: &mut Reporter<'_>, what: &str, id: &str, span: Range<usize>) -> bool {
    if id.trim().is_empty() {
        rep.error(
            span,
            format!("`id` of the {what} is empty: write a short slug like \"gil-basics\""),
        );
        false
    } else if id.chars().any(|c| c.is_whitespace() || c.is_control()) {
        rep.error(
            span,
            format!("{what} id {id:?} contains spaces or control characters: use letters, digits and '-'"),
        );
        false
    } else {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::parse;

    #[test]
    fn reports_every_problem_with_positions() {
        let (deck, diags) = parse(
            "[deck]\nnme = \"x\"\n\n[[cards]]\nfront = 3\nback = \"b\"\n\n[[cards]]\nfront = \"\"\nback = \"b\"\nid = \"a\"\n\n[[cards]]\nid = \"a\"\nfront = \"q\"\nback = \"b\"\ndemo = \"nope\"\n",
        );
        assert!(deck.is_none());
        let joined = diags.join("\n");
        assert!(
            joined.contains("t.toml:2:1: error: unknown key `nme` in [deck]: did you mean `name`?"),
            "{joined}"
        );
        assert!(
            joined.contains("t.toml:5:9: error: `front` must be a string, found an integer"),
            "{joined}"
        );
        assert!(
            joined.contains("t.toml:9:9: error: `front` is empty"),
            "{joined}"
        );
        assert!(
            joined.contains("t.toml:17:8: error: unknown demo \"nope\""),
            "{joined}"
        );
    }
}
