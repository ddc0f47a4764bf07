//! Numbers in checks, printed at the precision they are checked at: a
//! bound shows as many decimals as it needs to be exact (`≥ 0.001`, not
//! `≥ 0.00`), and a value beside it as many as the bound, or more where it
//! would otherwise read as the bound it broke (`1.0504× is above 1.05×`).

/// Fewest decimals a number is shown with.
const MIN_DECIMALS: usize = 2;
/// Most decimals a bound is shown with (a limit derived from a spread, such
/// as 2.2468, is rounded there).
const MAX_BOUND_DECIMALS: usize = 4;
/// Most decimals a value is shown with to tell it from its bound.
const MAX_VALUE_DECIMALS: usize = 6;

/// `x` with the fewest decimals (at least two, at most four) that show it
/// exactly: `1.15`, `1.60`, `0.001`, `2.40` for 0.8 × 3.
pub fn bound_number(x: f64) -> String {
    let exact = (MIN_DECIMALS..MAX_BOUND_DECIMALS).find(|&d| {
        let scale = 10f64.powi(d as i32);
        ((x * scale).round() / scale - x).abs() <= 1e-9 * x.abs().max(1.0)
    });
    format!("{x:.*}", exact.unwrap_or(MAX_BOUND_DECIMALS))
}

/// `value` as it reads beside `bound` (a bound's text such as `≥ 0.001`,
/// `≤ 2.10× (min(…))`): with the bound's decimals, and when it `holds` not
/// yet reads as the bound's number, with more until it differs.
pub fn value_beside(value: f64, bound: &str, holds: Option<bool>) -> String {
    let number = leading_number(bound);
    let mut decimals = number
        .split_once('.')
        .map_or(MIN_DECIMALS, |(_, d)| d.len())
        .max(MIN_DECIMALS);
    let mut text = format!("{value:.decimals$}");
    let reads_as_bound = |t: &str| t.parse::<f64>().ok() == number.parse::<f64>().ok();
    while holds == Some(false) && reads_as_bound(&text) && decimals < MAX_VALUE_DECIMALS {
        decimals += 1;
        text = format!("{value:.decimals$}");
    }
    text
}

/// The number a bound's text starts with, after its sign (`≥ `, `≤ `).
pub fn leading_number(bound: &str) -> &str {
    let rest = bound
        .trim_start_matches(['≥', '≤', '<', '>', '='])
        .trim_start();
    let end = rest
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_digit() || c == '.' || (c == '-' && i == 0)))
        .map_or(rest.len(), |(i, _)| i);
    &rest[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bound_shows_the_decimals_it_is_checked_at() {
        assert_eq!(bound_number(0.001), "0.001");
        assert_eq!(bound_number(1.15), "1.15");
        assert_eq!(bound_number(1.6), "1.60");
        assert_eq!(bound_number(0.8 * 3.0), "2.40");
        assert_eq!(bound_number(0.0), "0.00");
        assert_eq!(bound_number(50.0), "50.00");
        assert_eq!(bound_number(2.246_812), "2.2468");
    }

    /// shared-memory's claim judged with no update lost without a lock: the
    /// bound it broke reads as checked (the text said "0.000 is below 0.00").
    #[test]
    fn shared_memorys_broken_bound_reads_at_its_precision() {
        use super::super::{Disturbance, Measurements, judge};
        let Some((_, claim)) = crate::demo::demos::CLAIMS
            .iter()
            .find(|(name, _)| *name == "shared-memory")
        else {
            panic!("no shared-memory claim");
        };
        let named: Vec<(&'static str, f64)> = claim
            .bounds
            .iter()
            .filter_map(|b| match b.figure {
                super::super::Figure::Named(n) => Some((n, 0.0)),
                _ => None,
            })
            .collect();
        let m = Measurements {
            cores: 2,
            runs: &[],
            named: &named,
            gil_enabled: None,
        };
        let j = judge(
            claim,
            &m,
            &Disturbance {
                busy_cores: Some(0.0),
            },
        );
        assert!(
            j.verdict.text.contains("0.000 is below 0.001"),
            "{}",
            j.verdict.text
        );
        assert!(
            !j.verdict.text.contains("below 0.00 "),
            "{}",
            j.verdict.text
        );
        assert!(
            j.verdict.summary.contains("0.000, not ≥ 0.001"),
            "{}",
            j.verdict.summary
        );
    }

    /// The old text said "0.000 is below 0.00" (shared-memory): the value
    /// now reads at the bound's precision, and differs from it.
    #[test]
    fn a_value_reads_at_its_bounds_precision_and_differs_when_it_breaks() {
        assert_eq!(value_beside(0.0, "≥ 0.001", Some(false)), "0.000");
        assert_eq!(value_beside(42.5, "≥ 0.001", Some(true)), "42.500");
        assert_eq!(value_beside(1.0504, "≤ 1.05×", Some(false)), "1.0504");
        assert_eq!(value_beside(1.05004, "≤ 1.05×", Some(false)), "1.05004");
        assert_eq!(value_beside(1.05, "≤ 1.05×", Some(true)), "1.05");
        assert_eq!(
            value_beside(3.07, "≤ 2.10× (min(2 workers, 2 cores))", Some(false)),
            "3.07"
        );
        assert_eq!(value_beside(1.0, "no bound", None), "1.00");
    }
}
