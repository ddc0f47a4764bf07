//! A verdict's summary: one line of at most [`MAX_CHARS`] characters, the
//! status, the figure that decided it and the load the machine had, which
//! a display shows before the long text.
//!
//! The deciding figure: on *not supported*, the first bound of the claim
//! that broke; on *inconclusive*, the first broken bound, else the first
//! figure above a physical limit, else the first that went unmeasured; on
//! *supported*, the bound that held by the narrowest margin (the nearest to
//! breaking). The claim's other figures follow while they fit, broken ones
//! first. The load: other programs' cores (or that it is unknown), and the
//! first run whose workers were starved of CPU, if any.

use super::claim::finite;
use super::precision::value_beside;
use super::{Check, CheckKind, Disturbance, Measurements, Status, Work, cores_text, disturbances};
use crate::text::one_line;

/// The longest a summary is, in characters.
pub const MAX_CHARS: usize = 160;

/// The summary of a verdict of `status` resting on `checks`, for a claim
/// of `work` measured as `m` on a machine disturbed as `d` says.
pub(super) fn summary(
    status: Status,
    checks: &[Check],
    work: Work,
    m: &Measurements<'_>,
    d: &Disturbance,
) -> String {
    let deciding = deciding(status, checks);
    let head = match deciding {
        Some(c) => format!("{}: {}", status.word(), figure(c)),
        None => format!("{}: no figure of the claim was measured", status.word()),
    };
    // The load is never more than two thirds of the line.
    let tail = clip(&format!("; {}", load(work, m, d)), MAX_CHARS * 2 / 3);
    // The load is kept whole: a figure too long for the line is cut.
    let mut line = clip(&one_line(&head), MAX_CHARS.saturating_sub(count(&tail)));
    let rest = checks
        .iter()
        .filter(|c| !deciding.is_some_and(|x| std::ptr::eq(x, *c)))
        .filter(|c| c.kind == CheckKind::Claim || c.holds == Some(false));
    let (broken, held): (Vec<&Check>, Vec<&Check>) = rest.partition(|c| c.holds != Some(true));
    for c in broken.into_iter().chain(held) {
        let more = format!(", {}", figure(c));
        if count(&line) + count(&more) + count(&tail) <= MAX_CHARS {
            line.push_str(&more);
        }
    }
    line.push_str(&tail);
    clip(&one_line(&line), MAX_CHARS)
}

/// The check that decided `status` (see the module's doc).
fn deciding(status: Status, checks: &[Check]) -> Option<&Check> {
    let claim = || checks.iter().filter(|c| c.kind == CheckKind::Claim);
    let broken_claim = || claim().find(|c| c.holds == Some(false));
    match status {
        Status::NotSupported => broken_claim(),
        Status::Inconclusive => broken_claim()
            .or_else(|| checks.iter().find(|c| c.holds == Some(false)))
            .or_else(|| claim().find(|c| c.holds.is_none())),
        Status::Supported => claim()
            .filter(|c| c.holds == Some(true))
            .min_by(|a, b| margin(a).total_cmp(&margin(b))),
    }
}

/// How far a held check's value is from its bound, relative to the larger
/// of the two (infinite when either is unknown).
fn margin(c: &Check) -> f64 {
    let bound: Option<f64> = super::precision::leading_number(&c.bound).parse().ok();
    match (finite(c.value), bound.filter(|b| b.is_finite())) {
        (Some(v), Some(b)) => {
            let scale = v.abs().max(b.abs());
            if scale > 0.0 {
                (v - b).abs() / scale
            } else {
                0.0
            }
        }
        _ => f64::INFINITY,
    }
}

/// One check in a few words: `threads speedup 1.97× (≥ 1.60×)`,
/// `gil-threads speedup 1.30×, not ≤ 1.15×`, `… not measured`.
fn figure(c: &Check) -> String {
    let bound = c.bound.split(" (").next().unwrap_or(&c.bound).trim();
    let unit = if bound.contains('×') { "×" } else { "" };
    let Some(v) = finite(c.value) else {
        return format!("{} not measured", c.figure);
    };
    let value = value_beside(v, &c.bound, c.holds);
    match (c.holds, c.kind) {
        (Some(false), CheckKind::Limit) => {
            format!(
                "{} {value}{unit}, over the physical limit {bound}",
                c.figure
            )
        }
        (Some(false), CheckKind::Claim) => format!("{} {value}{unit}, not {bound}", c.figure),
        _ => format!("{} {value}{unit} ({bound})", c.figure),
    }
}

/// The load in a few words: other programs' cores and the first starved run.
fn load(work: Work, m: &Measurements<'_>, d: &Disturbance) -> String {
    let busy = match d.busy_cores.filter(|b| b.is_finite()) {
        // Other programs use between none and every core (a figure outside
        // is shown at the nearest).
        Some(b) => format!(
            "other programs used {} of {} cores",
            cores_text(b.clamp(0.0, m.cores.max(1) as f64)),
            m.cores
        ),
        None => "other programs' load unknown".to_string(),
    };
    let starved = disturbances(work, m, d)
        .into_iter()
        .find(|r| r.contains("CPU-s per wall-s"));
    match starved {
        Some(s) => format!("{busy}, {s}"),
        None => busy,
    }
}

fn count(s: &str) -> usize {
    s.chars().count()
}

/// `s` cut to `max` characters, ending in `…` when cut.
fn clip(s: &str, max: usize) -> String {
    if count(s) <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(figure: &str, bound: &str, value: f64, holds: bool) -> Check {
        Check {
            figure: figure.into(),
            bound: bound.into(),
            value: Some(value),
            holds: Some(holds),
            kind: CheckKind::Claim,
        }
    }

    fn m(cores: usize) -> Measurements<'static> {
        Measurements {
            cores,
            runs: &[],
            named: &[],
            gil_enabled: None,
        }
    }

    #[test]
    fn a_supported_summary_leads_with_the_narrowest_margin_and_ends_with_the_load() {
        let checks = [
            check("gil-threads speedup", "≤ 1.15×", 0.99, true),
            check(
                "threads speedup",
                "≥ 1.60× (0.8 × the ideal 2×)",
                1.97,
                true,
            ),
            check(
                "processes speedup",
                "≥ 1.60× (0.8 × the ideal 2×)",
                1.70,
                true,
            ),
        ];
        let d = Disturbance {
            busy_cores: Some(0.04),
        };
        let s = summary(Status::Supported, &checks, Work::Cpu, &m(2), &d);
        assert_eq!(
            s,
            "supported: processes speedup 1.70× (≥ 1.60×), gil-threads speedup 0.99× (≤ 1.15×), threads speedup 1.97× (≥ 1.60×); other programs used 0.04 of 2 cores"
        );
    }

    #[test]
    fn a_broken_bound_decides_and_is_shown_at_its_precision() {
        let checks = [
            check("updates lost without a lock, %", "≥ 0.001", 0.0, false),
            check("updates lost with a mutex, %", "≤ 0.00", 0.0, true),
        ];
        let d = Disturbance { busy_cores: None };
        let s = summary(Status::NotSupported, &checks, Work::Other, &m(2), &d);
        assert!(
            s.starts_with("not supported: updates lost without a lock, % 0.000, not ≥ 0.001"),
            "{s}"
        );
        assert!(s.ends_with("; other programs' load unknown"), "{s}");
    }

    #[test]
    fn nothing_measured_says_so_and_a_long_summary_is_clipped() {
        let d = Disturbance {
            busy_cores: Some(1.4),
        };
        let s = summary(Status::Inconclusive, &[], Work::Cpu, &m(2), &d);
        assert_eq!(
            s,
            "inconclusive: no figure of the claim was measured; other programs used 1.4 of 2 cores"
        );
        let long = [check(&"x".repeat(300), "≤ 1.15×", 2.0, false)];
        let s = summary(Status::NotSupported, &long, Work::Cpu, &m(2), &d);
        assert_eq!(s.chars().count(), MAX_CHARS);
        assert!(s.starts_with("not supported: xxx"), "{s}");
        assert!(s.ends_with("…; other programs used 1.4 of 2 cores"), "{s}");
    }
}
