//! "Did you mean …?": the one rule for suggesting a known name in place of
//! a mistyped one (a deck key, a demo name, a deck id, a tag).

/// The candidate nearest to `name`, if it is near enough to be a typo: at
/// most one edit (a letter added, dropped, changed, or two swapped) per
/// three letters of `name`, and at most three.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let budget = (name.chars().count() / 3).clamp(1, 3);
    candidates
        .into_iter()
        .map(|c| (strsim::osa_distance(c, name), c))
        .filter(|&(d, _)| d <= budget)
        .min()
        .map(|(_, c)| c)
}

/// `did you mean "x"? ` for the [`closest`] candidate, else nothing: for
/// the start of the list of what there is.
pub fn did_you_mean<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(name, candidates)
        .map(|c| format!("did you mean {c:?}? "))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_only_near_names() {
        let demos = ["gil", "cpu-bound", "io-bound"];
        assert_eq!(closest("gill", demos), Some("gil"));
        assert_eq!(closest("cpu-bund", demos), Some("cpu-bound"));
        assert_eq!(closest("iobound", demos), Some("io-bound"));
        assert_eq!(closest("nme", ["name", "id"]), Some("name"));
        assert_eq!(closest("tgas", ["tags"]), Some("tags"));
        assert_eq!(closest("colour", ["name", "id", "tags"]), None);
        assert_eq!(closest("x", demos), None);
        assert_eq!(did_you_mean("gill", demos), "did you mean \"gil\"? ");
        assert_eq!(did_you_mean("zzz", demos), "");
    }
}
