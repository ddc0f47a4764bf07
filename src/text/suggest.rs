//! "Did you mean …?": the known name nearest to a mistyped one.

/// The name in `known` nearest to `typed` (Levenshtein distance, ties to
/// the earlier name), if it is at most `max_edits` edits away.
pub fn nearest<'a>(
    typed: &str,
    known: impl IntoIterator<Item = &'a str>,
    max_edits: usize,
) -> Option<&'a str> {
    known
        .into_iter()
        .enumerate()
        .map(|(i, k)| (strsim::levenshtein(k, typed), i, k))
        .filter(|(d, _, _)| *d <= max_edits)
        .min()
        .map(|(_, _, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_close_name_or_none() {
        let known = ["gil", "cpu-bound", "io-bound"];
        assert_eq!(nearest("gill", known, 3), Some("gil"));
        assert_eq!(nearest("cpu-bund", known, 3), Some("cpu-bound"));
        assert_eq!(nearest("spaghetti", known, 3), None);
        // A tie goes to the earlier name.
        assert_eq!(nearest("xx", ["ab", "cd"], 2), Some("ab"));
    }
}
