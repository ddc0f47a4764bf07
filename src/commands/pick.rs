//! Picking decks by the ids the user typed: each id once, in the order
//! given, and an unknown id is a usage error that offers the nearest id.

use super::usage;
use crate::text::did_you_mean;
use crate::text::sanitize;

/// The decks named by `ids` (every deck when `ids` is empty), each once,
/// in the order given; `id` gives a deck's id. An unknown id is a usage
/// error ([`unknown_deck`], `hint` added).
pub fn decks<'a, T>(
    all: &'a [T],
    id: impl Fn(&T) -> &str,
    ids: &[String],
    hint: &str,
) -> anyhow::Result<Vec<&'a T>> {
    if ids.is_empty() {
        return Ok(all.iter().collect());
    }
    let mut chosen: Vec<&T> = Vec::new();
    for wanted in ids {
        let Some(d) = all.iter().find(|d| id(d) == wanted) else {
            return Err(unknown_deck(wanted, all.iter().map(&id), hint));
        };
        if !chosen.iter().any(|c| id(c) == wanted) {
            chosen.push(d);
        }
    }
    Ok(chosen)
}

/// The usage error for deck id `wanted`, which no deck has: the nearest
/// id, the known ones, then `hint` (in parentheses, or after a `;`).
pub fn unknown_deck<'a>(
    wanted: &str,
    known: impl Iterator<Item = &'a str>,
    hint: &str,
) -> anyhow::Error {
    let known: Vec<&str> = known.collect();
    let list: Vec<String> = known.iter().map(|k| sanitize(k)).collect();
    usage(format!(
        "unknown deck id {:?}: {}known decks are {}{hint}",
        sanitize(wanted),
        did_you_mean(wanted, known.iter().copied()),
        if list.is_empty() {
            "none".to_string()
        } else {
            list.join(", ")
        }
    ))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn picks_each_deck_once_and_suggests_a_near_id() {
        let all = ["alpha", "beta"];
        let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let got = decks(&all, |d| d, &ids(&["beta", "alpha", "beta"]), "").unwrap();
        assert_eq!(got, vec![&"beta", &"alpha"]);
        assert_eq!(decks(&all, |d| d, &[], "").unwrap().len(), 2);
        let err = decks(&all, |d| d, &ids(&["alpa"]), " (see x)").unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown deck id \"alpa\": did you mean \"alpha\"? known decks are alpha, beta (see x)"
        );
    }
}
