//! The verdict: a pure function of a demo's claim and its measurements.
//!
//! [`judge`] checks every bound of the [`Claim`], adds the physical limits
//! the workload implies (a speedup above min(workers, cores), or above 1×
//! under a GIL, is impossible and always flagged), looks at how disturbed the
//! run was (other programs' cores, the workers' own CPU-seconds per
//! wall-second) and, for CPU work, at when the workers ran (their overlap,
//! `mechanism.rs`), and answers:
//!
//! - **supported**: every bound holds, every figure was measured, nothing
//!   is flagged; or the overlap shows the mechanism (parallel runs ran at
//!   once, GIL runs never), and the speedups that fell short are what the
//!   load allowed (busy machine) or each worker was slower ("ran at once,
//!   each slower", named);
//! - **inconclusive**: a bound broke on a disturbed run (said by what, with
//!   the measured figure), a figure the claim needs was not measured, or a
//!   figure is above a physical limit with no overlap to show the mechanism;
//! - **not supported**: a bound broke, or the overlap contradicts the
//!   claim, on a clean run (said plainly).
//!
//! The card's conclusion is part of the text only when supported.

mod claim;
mod limits;
mod mechanism;
mod precision;
mod summary;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

use super::mode::RunMode;
pub use claim::{Bound, Claim, Cmp, Figure, Limit, Measurements, Work};
use claim::{finite, one_core_at_a_time};
pub use limits::within_limit;
use limits::{limit_checks, limit_figure};
use mechanism::{Mechanism, answer, capitalised, contradictions, load_allowed};
pub use mechanism::{OVERLAP_MARGIN_MS, overlap_words, ran_at_once};
pub use precision::value_beside;
pub use summary::MAX_CHARS as SUMMARY_MAX_CHARS;

/// Other programs using at least this many cores make a run disturbed.
pub const BUSY_CORES: f64 = 0.25;
/// A run whose workers got less than this share of the CPU-seconds per
/// wall-second they should (CPU work) was starved.
pub const STARVED: f64 = 0.85;
/// Tolerance above a physical limit before a figure is flagged: what the
/// clocks can tell apart on a speedup (the workers' clock stamps cost
/// under 1 % of their work, measured; the timers read to the microsecond
/// on runs of tens of milliseconds). Physical means physical: the rounds'
/// spread excuses nothing.
pub const RESOLUTION: f64 = 0.01;

/// The three outcomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// The numbers satisfy the claim.
    Supported,
    /// They do not, and the run was disturbed; or a figure is impossible.
    Inconclusive,
    /// They do not, on a clean run.
    NotSupported,
}

impl Status {
    /// The word shown: `supported`, `inconclusive`, `not supported`.
    pub fn word(self) -> &'static str {
        match self {
            Status::Supported => "supported",
            Status::Inconclusive => "inconclusive",
            Status::NotSupported => "not supported",
        }
    }
}

/// The verdict: a status, a one-line summary and a text (the card's
/// conclusion only when supported).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    /// The outcome.
    pub status: Status,
    /// One line of at most [`SUMMARY_MAX_CHARS`] characters: the status,
    /// the figure that decided it, the load (see `summary.rs`).
    #[serde(default)]
    pub summary: String,
    /// What the numbers say, in words.
    pub text: String,
}

/// Whether a check is one of the card's bounds or a physical limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckKind {
    /// A bound of the card's claim.
    Claim,
    /// A physical limit of the machine; above it, the figure is flagged.
    Limit,
}

/// One bound checked against the measurements (the `claim` list of `--json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Check {
    /// The figure, in words (`gil-threads speedup`).
    pub figure: String,
    /// The bound, in words (`≤ 1.15×`, `≥ 1.60× (0.8 × the ideal 2×)`).
    pub bound: String,
    /// The measured value (`null` if not measured).
    pub value: Option<f64>,
    /// Whether it holds (`null` if not measured).
    pub holds: Option<bool>,
    /// A claim bound or a physical limit.
    pub kind: CheckKind,
}

/// What disturbed the machine during the demo, as measured.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Disturbance {
    /// Cores other programs used on average during the runs (`None` =
    /// unknown on this platform).
    pub busy_cores: Option<f64>,
}

/// The verdict and the checks it rests on.
#[derive(Debug, Clone, PartialEq)]
pub struct Judged {
    /// The verdict.
    pub verdict: Verdict,
    /// Every check, claim bounds first.
    pub checks: Vec<Check>,
}

/// Judges `claim` against `m` on a machine disturbed as `d` says.
pub fn judge(claim: &Claim, m: &Measurements<'_>, d: &Disturbance) -> Judged {
    let mut checks: Vec<Check> = claim.bounds.iter().map(|b| check(b, m)).collect();
    let limits = limit_checks(claim.work, m);
    let reasons = disturbances(claim.work, m, d);
    let mech = Mechanism::of(claim.work, m);
    let shown = mech.as_ref().is_some_and(Mechanism::shown);
    let disturbed = !reasons.is_empty();
    // Broken bounds, less those the overlap answers for (with what it says).
    let mut answered = Vec::new();
    let mut broken: Vec<String> = Vec::new();
    for (c, b) in checks.iter().zip(claim.bounds) {
        if c.holds != Some(false) {
            continue;
        }
        match mech
            .as_ref()
            .filter(|_| shown)
            .and_then(|mech| answer(b, c, m, mech, disturbed))
        {
            Some(a) => answered.extend(a),
            None => broken.push(breach(c)),
        }
    }
    if let Some(mech) = &mech {
        broken.extend(contradictions(mech, disturbed));
    }
    let unmeasured: Vec<String> = checks
        .iter()
        .zip(claim.bounds)
        .filter(|(c, _)| c.holds.is_none())
        .map(|(c, b)| format!("{} ({})", c.figure, b.figure.missing(m.cores)))
        .collect();
    let measured = checks.iter().any(|c| c.holds.is_some());
    let flagged: Vec<&Check> = limits.iter().filter(|c| c.holds == Some(false)).collect();
    let flag_text = if flagged.is_empty() {
        String::new()
    } else {
        format!(
            " Flagged: {}, above what the machine can give{}; likely cause: {}.",
            join(flagged.iter().map(|c| breach(c))),
            if shown { ", so no result" } else { "" },
            likely_cause(claim.work, m, d)
        )
    };
    let (status, text) = if !broken.is_empty() {
        let what = join(broken.iter().cloned());
        let when = mech.as_ref().map_or_else(String::new, |mech| {
            format!(" When the workers ran: {}.", mech.words())
        });
        if !disturbed {
            (
                Status::NotSupported,
                format!(
                    "Not supported on an undisturbed run ({}): {what}. The card claims {}; these numbers do not show it.{when}{flag_text}",
                    calm(m, d),
                    claim.says
                ),
            )
        } else {
            (
                Status::Inconclusive,
                format!(
                    "{what}, but the run was disturbed: {}; so it does not test the claim ({}).{when}{flag_text} Re-run when the machine is quieter.",
                    join(reasons.iter().cloned()),
                    claim.says
                ),
            )
        }
    } else if !flagged.is_empty() && !shown {
        (
            Status::Inconclusive,
            format!(
                "{}; a figure beyond the physical limit cannot support the claim. Re-run when the machine is quieter.",
                flag_text.trim().trim_end_matches('.')
            ),
        )
    } else if !measured {
        (
            Status::Inconclusive,
            format!(
                "None of the figures the claim needs was measured ({}).",
                claim.says
            ),
        )
    } else if !unmeasured.is_empty() {
        (
            Status::Inconclusive,
            format!(
                "Not tested: {}. The claim ({}) rests on it, so these runs cannot support it.",
                join(unmeasured.into_iter()),
                claim.says
            ),
        )
    } else {
        let mut text = claim.conclusion.to_string();
        if let Some(mech) = mech.as_ref().filter(|_| shown) {
            text.push_str(&format!(" When the workers ran: {}.", mech.words()));
            if disturbed {
                text.push(' ');
                let flagged: Vec<&str> = flagged.iter().map(|c| c.figure.as_str()).collect();
                let quoted =
                    |r: &super::event::RunResult| !flagged.contains(&limit_figure(r).as_str());
                text.push_str(&load_allowed(mech, quoted, m.cores, d.busy_cores));
            }
        }
        for a in answered.iter().filter(|a| !a.is_empty()) {
            text.push_str(&format!(" {}.", capitalised(a)));
        }
        text.push_str(&flag_text);
        if disturbed {
            // Met on a busy machine: say so, so the learner can judge how
            // much the numbers were bent.
            text.push_str(&format!(
                " (The machine was busy: {}; {}.)",
                join(reasons.iter().cloned()),
                if shown {
                    "the overlap shows the mechanism anyway"
                } else {
                    "the numbers met the claim anyway"
                }
            ));
        }
        (Status::Supported, text)
    };
    checks.extend(limits);
    let summary = summary::summary(status, &checks, claim.work, m, d);
    Judged {
        verdict: Verdict {
            status,
            summary,
            text,
        },
        checks,
    }
}

/// Checks one bound.
fn check(b: &Bound, m: &Measurements<'_>) -> Check {
    let v = b.figure.value(m);
    let limit = b.limit.resolve(v.ideal, m.cores).filter(|x| x.is_finite());
    let num = |x: f64| {
        let x = precision::bound_number(x);
        if b.figure.is_ratio() {
            format!("{x}×")
        } else {
            x
        }
    };
    let sign = match b.cmp {
        Cmp::AtLeast => "≥",
        Cmp::AtMost => "≤",
    };
    let bound = match (limit, b.limit.why(v.ideal, m.cores)) {
        (Some(l), Some(why)) => format!("{sign} {} ({why})", num(l)),
        (Some(l), None) => format!("{sign} {}", num(l)),
        (None, _) => format!("{sign} (no ideal to compare with)"),
    };
    let holds = match (v.value, limit) {
        (Some(x), Some(l)) => Some(match b.cmp {
            Cmp::AtLeast => x >= l,
            Cmp::AtMost => x <= l,
        }),
        _ => None,
    };
    Check {
        figure: b.figure.label(m.cores),
        bound,
        value: v.value,
        holds,
        kind: CheckKind::Claim,
    }
}

/// What disturbed the run, in words with the measured figures.
fn disturbances(work: Work, m: &Measurements<'_>, d: &Disturbance) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(b) = d.busy_cores.filter(|b| b.is_finite() && *b >= BUSY_CORES) {
        out.push(format!(
            "other programs used {} of {} cores",
            cores_text(b),
            m.cores
        ));
    }
    if work.of(RunMode::Sequential) == Work::Cpu {
        for r in m.runs.iter().filter(|r| work.of(r.mode) == Work::Cpu) {
            let (Some(cpw), Some(want)) = (finite(r.cpu_per_wall), expected_cpu(r, m)) else {
                continue;
            };
            if cpw < STARVED * want {
                out.push(format!(
                    "{} got {cpw:.2} CPU-s per wall-s, not ~{want}",
                    r.mode
                ));
            }
        }
    }
    out
}

/// The CPU-seconds per wall-second a CPU-bound run's workers should get.
fn expected_cpu(r: &super::event::RunResult, m: &Measurements<'_>) -> Option<f64> {
    if r.mode.is_python() && !r.mode.is_python_sequential() {
        // CPython's pools: the figure includes start-up; judged by speedup only.
        return None;
    }
    if r.workers <= 1 || one_core_at_a_time(r.mode, m.gil_enabled) {
        Some(1.0)
    } else {
        Some(r.workers.min(m.cores.max(1)) as f64)
    }
}

/// The likeliest cause of a figure above a physical limit.
fn likely_cause(work: Work, m: &Measurements<'_>, d: &Disturbance) -> String {
    let baseline = m
        .runs
        .iter()
        .find(|r| r.workers == 1 && r.ideal == Some(1.0) && !r.mode.under_gil());
    if work == Work::Waits {
        let busy = d
            .busy_cores
            .filter(|b| b.is_finite() && *b >= BUSY_CORES)
            .map_or_else(String::new, |b| {
                format!(
                    " (other programs used {} of {} cores)",
                    cores_text(b),
                    m.cores
                )
            });
        return format!(
            "the one-at-a-time baseline's waits ended late, one after another, on a busy machine{busy}, which inflates the speedup"
        );
    }
    if let Some((mode, cpw)) = baseline.and_then(|r| {
        finite(r.cpu_per_wall)
            .filter(|c| *c < 0.9)
            .map(|c| (r.mode, c))
    }) {
        return format!(
            "the {mode} baseline was slowed (it got {cpw:.2} CPU-s per wall-s), which inflates every speedup"
        );
    }
    match d.busy_cores.filter(|b| b.is_finite() && *b >= BUSY_CORES) {
        Some(b) => format!(
            "other programs' load ({} of {} cores) came and went between the runs, slowing the baseline more than this run",
            cores_text(b),
            m.cores
        ),
        None => "the baseline ran slower than the other runs for a reason the clocks did not see (CPU frequency scaling, a load between samples)".to_string(),
    }
}

/// "other programs used 0.05 of 2 cores", or that it is unknown.
fn calm(m: &Measurements<'_>, d: &Disturbance) -> String {
    match d.busy_cores.filter(|b| b.is_finite()) {
        Some(b) => format!("other programs used {} of {} cores", cores_text(b), m.cores),
        None => {
            "other programs' use of the cores is unknown here; the workers got the CPU they should"
                .to_string()
        }
    }
}

/// `gil-threads speedup 1.30× is above 1.15×`, in words: the value at the
/// bound's precision ([`precision::value_beside`]).
fn breach(c: &Check) -> String {
    let value = c.value.map_or_else(
        || "?".to_string(),
        |v| precision::value_beside(v, &c.bound, c.holds),
    );
    let unit = if c.bound.contains('×') { "×" } else { "" };
    let (dir, rest) = match c.bound.strip_prefix("≤ ") {
        Some(rest) => ("above", rest),
        None => ("below", c.bound.strip_prefix("≥ ").unwrap_or(&c.bound)),
    };
    format!("{} {value}{unit} is {dir} {rest}", c.figure)
}

/// Cores with two decimals below 1, one above.
fn cores_text(b: f64) -> String {
    if b < 1.0 {
        format!("{b:.2}")
    } else {
        format!("{b:.1}")
    }
}

/// `a`, `a and b`, `a, b and c`.
fn join(items: impl Iterator<Item = String>) -> String {
    let v: Vec<String> = items.collect();
    match v.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}
