//! Counts in words: "1 deck", "3 decks".

use std::fmt::Display;

/// `n` and `noun`, the noun in the plural unless `n` is 1: "1 deck",
/// "2 decks", "0 study days", "3 processes", "2 entries". `noun` is the
/// singular; its last word takes the ending.
pub fn plural(n: impl Display, noun: &str) -> String {
    let n = n.to_string();
    if n == "1" {
        return format!("1 {noun}");
    }
    let ending = if noun.ends_with(['s', 'x']) || noun.ends_with("ch") || noun.ends_with("sh") {
        "es"
    } else {
        "s"
    };
    match noun.strip_suffix('y') {
        Some(stem) if !stem.ends_with(['a', 'e', 'i', 'o', 'u']) => format!("{n} {stem}ies"),
        _ => format!("{n} {noun}{ending}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn singular_only_for_one() {
        assert_eq!(plural(1usize, "deck"), "1 deck");
        assert_eq!(plural(0u32, "deck"), "0 decks");
        assert_eq!(plural(2u64, "study day"), "2 study days");
        assert_eq!(plural(1, "study day"), "1 study day");
        assert_eq!(plural(3, "process"), "3 processes");
        assert_eq!(plural(2, "entry"), "2 entries");
        assert_eq!(plural(2, "day"), "2 days");
        assert_eq!(plural(1, "worker"), "1 worker");
    }
}
