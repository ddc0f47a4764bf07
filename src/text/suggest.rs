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

/// `did you mean "x"? ` for the name in `known` nearest to `typed`, if it
/// is within one edit per three letters of `typed` (at least one, at most
/// three), else nothing: for the start of the list of what there is.
pub fn did_you_mean<'a>(typed: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    let max_edits = (typed.chars().count() / 3).clamp(1, 3);
    nearest(typed, known, max_edits)
        .map(|k| format!("did you mean {k:?}? "))
        .unwrap_or_default()
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

    #[test]
    fn did_you_mean_allows_more_edits_for_longer_names() {
        let known = ["gil", "x", "mt-vs-mp", "concurrency"];
        assert_eq!(did_you_mean("gill", known), "did you mean \"gil\"? ");
        assert_eq!(
            did_you_mean("mt-vs-mq", known),
            "did you mean \"mt-vs-mp\"? "
        );
        assert_eq!(
            did_you_mean("concurency", known),
            "did you mean \"concurrency\"? "
        );
        // Two letters, two edits away: no guess.
        assert_eq!(did_you_mean("zz", known), "");
    }
}
