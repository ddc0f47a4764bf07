//! Reading spanned TOML values: strings, arrays of strings, booleans and ids,
//! each checked for its type, and unknown keys. Every problem is reported at
//! the value's position.

use std::ops::Range;

use toml::Spanned;
use toml::de::DeValue;

use super::Reporter;
use crate::text::{for_terminal, is_hidden, sanitize};

pub(super) use crate::diag::toml_value::type_name;

/// Reports a key not in `allowed` (in `place`, e.g. `"[deck]"`), suggesting
/// the nearest allowed key when one is close.
pub(super) fn unknown_key(
    rep: &mut Reporter<'_>,
    key: &Spanned<std::borrow::Cow<'_, str>>,
    place: &str,
    allowed: &[&str],
) {
    let name = key.get_ref().as_ref();
    let hint = crate::text::nearest(name, allowed.iter().copied(), 2)
        .map(|a| format!("did you mean `{a}`? "))
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
/// or an entry has another type (wrong entries are left out). With `keep`
/// off, the entries are checked the same but none is returned.
pub(super) fn string_array(
    rep: &mut Reporter<'_>,
    key: &str,
    v: &Spanned<DeValue<'_>>,
    keep: bool,
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
    let mut out = Vec::with_capacity(if keep { items.len() } else { 0 });
    for item in items.iter() {
        match item.get_ref() {
            DeValue::String(s) if keep => out.push((sanitize(s), item.span())),
            DeValue::String(_) => {}
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
    crate::diag::toml_value::boolean(key, v.get_ref())
        .map_err(|m| rep.error(v.span(), m))
        .ok()
}

/// Longest deck or card id, in characters: ids are printed in lists and
/// tables, and written on every line of the review log.
pub const MAX_ID_CHARS: usize = 128;

/// What is wrong with `id` as a deck or card id, or `None` if it is valid:
/// not empty, at most [`MAX_ID_CHARS`] characters, and no whitespace,
/// control characters, bidi overrides or isolates, or zero-width and other
/// format characters (Unicode category Cf), which make an id print as
/// something else than it is.
pub fn id_problem(id: &str) -> Option<String> {
    // The common case, decided on bytes: printable ASCII without spaces.
    if !id.is_empty() && id.len() <= MAX_ID_CHARS && id.bytes().all(|b| b.is_ascii_graphic()) {
        return None;
    }
    if id.trim().is_empty() {
        return Some("is empty".to_string());
    }
    let n = id.chars().count();
    if n > MAX_ID_CHARS {
        return Some(format!("is {n} characters long (at most {MAX_ID_CHARS})"));
    }
    let bad = id.chars().find(|&c| c.is_whitespace() || is_hidden(c))?;
    let what = if c_is_space(bad) {
        "a space"
    } else if bad.is_control() {
        "a control character"
    } else if matches!(bad, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') {
        "a bidirectional override"
    } else {
        "an invisible formatting character"
    };
    Some(format!("contains {what} ({})", bad.escape_unicode()))
}

fn c_is_space(c: char) -> bool {
    c.is_whitespace() && !c.is_control()
}

/// The `guid` of a card (another program's id of its note, such as Anki's):
/// a string with the rules of ids ([`id_problem`]) but any characters
/// besides; errors otherwise.
pub(super) fn guid(rep: &mut Reporter<'_>, v: &Spanned<DeValue<'_>>) -> Option<String> {
    let s = string(rep, "guid", v)?;
    match id_problem(s) {
        None => Some(s.to_string()),
        Some(p) => {
            let shown: String = s.chars().take(40).collect();
            rep.error(
                v.span(),
                format!(
                    "`guid` \"{}\" {p}: keep the guid the importer wrote, or remove the key",
                    for_terminal(&shown)
                ),
            );
            None
        }
    }
}

/// True if `id` (of the deck or a card: `what`) is a valid id
/// ([`id_problem`]); errors otherwise.
pub(super) fn valid_id(rep: &mut Reporter<'_>, what: &str, id: &str, span: Range<usize>) -> bool {
    match id_problem(id) {
        None => true,
        Some(_) if id.trim().is_empty() => {
            rep.error(
                span,
                format!("`id` of the {what} is empty: write a short slug like \"gil-basics\""),
            );
            false
        }
        Some(p) => {
            let shown: String = id.chars().take(40).collect();
            let more = if shown.len() < id.len() { "…" } else { "" };
            rep.error(
                span,
                format!(
                    "{what} id \"{}{more}\" {p}: use letters, digits and '-', like \"gil-basics\"",
                    for_terminal(&shown)
                ),
            );
            false
        }
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

    #[test]
    fn ids_with_hidden_characters_or_too_long_are_errors() {
        let long = "a".repeat(129);
        let (deck, diags) = parse(&format!(
            "[[cards]]\nid = \"ab\\u202Ecd\"\nfront = \"1\"\nback = \"b\"\n[[cards]]\nid = \"zero\\u200Bwidth\"\nfront = \"2\"\nback = \"b\"\n[[cards]]\nid = \"{long}\"\nfront = \"3\"\nback = \"b\"\n[[cards]]\nid = \"{}\"\nfront = \"4\"\nback = \"b\"\n[[cards]]\nid = \"bom\\uFEFF\"\nfront = \"5\"\nback = \"b\"\n",
            "é".repeat(128)
        ));
        assert!(deck.is_none());
        let joined = diags.join("\n");
        assert!(
            joined.contains("t.toml:2:6: error: card id \"ab\\u{202e}cd\" contains a bidirectional override (\\u{202e})"),
            "{joined}"
        );
        assert!(
            joined.contains("t.toml:6:6: error: card id \"zero\\u{200b}width\" contains an invisible formatting character"),
            "{joined}"
        );
        assert!(
            joined.contains("t.toml:10:6: error: card id \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…\" is 129 characters long (at most 128)"),
            "{joined}"
        );
        assert!(
            joined.contains("t.toml:18:6: error: card id \"bom\\u{feff}\""),
            "{joined}"
        );
        // 128 characters (256 bytes) is allowed.
        assert_eq!(
            diags.iter().filter(|d| d.contains("error")).count(),
            4,
            "{joined}"
        );
        assert!(!diags.iter().any(|d| d.chars().any(crate::text::is_hidden)));
    }

    #[test]
    fn a_file_name_that_is_not_a_valid_id_needs_a_deck_id() {
        use crate::deck::{DeckSource, parse_deck};
        let text = b"[[cards]]\nid = \"a\"\nfront = \"q\"\nback = \"b\"\n";
        let name = "evil\u{1b}]52;c;aGk=\u{7}";
        let (deck, diags) = parse_deck(text, "x.toml", name, DeckSource::Bundled("x.toml"));
        assert!(deck.is_none());
        let shown = diags[0].to_string();
        assert_eq!(
            shown,
            "x.toml:1:1: error: the deck id would be the file name \"evil\\u{1b}]52;c;aGk=\\u{7}\", which contains a control character (\\u{1b}): set one in the file with [deck] id = \"evil-52-c-agk\" (or rename the file)"
        );
        // With [deck] id set, the file name does not matter.
        let with_id =
            b"[deck]\nid = \"good\"\n[[cards]]\nid = \"a\"\nfront = \"q\"\nback = \"b\"\n";
        let (deck, diags) = parse_deck(with_id, "x.toml", name, DeckSource::Bundled("x.toml"));
        assert_eq!(deck.map(|d| d.id), Some("good".to_string()), "{diags:?}");
        for bad in ["my deck", "rtl\u{202e}", &"d".repeat(129)] {
            let (deck, _) = parse_deck(text, "x.toml", bad, DeckSource::Bundled("x.toml"));
            assert!(deck.is_none(), "{bad:?}");
        }
    }
}
