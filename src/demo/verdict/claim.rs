//! What a card claims, as data: bounds on figures a demo measures.
//!
//! A demo declares one [`Claim`] (next to its run function in `demos/`); the
//! verdict ([`super::judge`]) checks it against the measurements. Adding a
//! demo, or a CPython row, is adding a claim and the runs it names, never
//! new verdict code.

use super::super::event::RunResult;
use super::super::mode::RunMode;
use crate::text::plural;

/// What a demo's workload is, which tells the verdict what the machine can
/// physically give and what CPU use to expect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Work {
    /// CPU-bound work: a speedup cannot exceed min(workers, cores) (one core
    /// under a GIL), and each run's workers should get that many CPU-seconds
    /// per wall-second.
    Cpu,
    /// Blocking waits: a speedup cannot exceed the run's ideal (the waits
    /// overlapped at once); CPU use is not expected.
    Waits,
    /// Both halves of a two-sided claim (`cpu-and-io`): runs whose mode is
    /// an I/O half ([`RunMode::is_io_half`]) are judged as [`Work::Waits`],
    /// the others as [`Work::Cpu`].
    CpuAndWaits,
    /// Anything else: no automatic limits.
    Other,
}

impl Work {
    /// The workload of a run of `mode` under a claim of this work.
    pub fn of(self, mode: RunMode) -> Work {
        match self {
            Work::CpuAndWaits if mode.is_io_half() => Work::Waits,
            Work::CpuAndWaits => Work::Cpu,
            w => w,
        }
    }
}

/// Which way a bound goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    /// The figure must be at least the limit.
    AtLeast,
    /// The figure must be at most the limit.
    AtMost,
}

/// A figure the measurements give.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Figure {
    /// The (median) speedup of the first run of this mode.
    Speedup(RunMode),
    /// The speedup of this mode's run with as many workers as cores (or the
    /// most workers below that).
    SpeedupAtCores(RunMode),
    /// The best speedup of this mode's runs with more workers than cores,
    /// divided by the speedup at the core count (1.0 = no gain).
    GainBeyondCores(RunMode),
    /// A figure the demo computed itself, by name (e.g. `lost updates %`).
    Named(&'static str),
}

/// What a figure is compared with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Limit {
    /// A fixed number.
    Fixed(f64),
    /// This factor times the run's ideal speedup (min(workers, cores) for
    /// CPU work).
    Ideal(f64),
    /// This factor times the number of cores.
    Cores(f64),
}

/// One bound of a claim: `figure cmp limit`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bound {
    /// What is measured.
    pub figure: Figure,
    /// Which way the bound goes.
    pub cmp: Cmp,
    /// What it is compared with.
    pub limit: Limit,
}

impl Bound {
    /// `figure ≥ limit`.
    pub const fn at_least(figure: Figure, limit: Limit) -> Self {
        Bound {
            figure,
            cmp: Cmp::AtLeast,
            limit,
        }
    }

    /// `figure ≤ limit`.
    pub const fn at_most(figure: Figure, limit: Limit) -> Self {
        Bound {
            figure,
            cmp: Cmp::AtMost,
            limit,
        }
    }
}

/// What a card claims: bounds on the figures, in words, and the conclusion
/// shown only when the numbers support it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Claim {
    /// The claim in words ("only one GIL thread computes at a time").
    pub says: &'static str,
    /// The card's conclusion, shown only with *supported*.
    pub conclusion: &'static str,
    /// Every bound must hold for the claim to be supported.
    pub bounds: &'static [Bound],
    /// What the workload is (limits and CPU expectations follow from it).
    pub work: Work,
}

/// The measurements a verdict looks at.
#[derive(Debug, Clone, Copy)]
pub struct Measurements<'a> {
    /// Cores detected.
    pub cores: usize,
    /// The runs (medians over repeats).
    pub runs: &'a [RunResult],
    /// Figures the demo computed itself, by name.
    pub named: &'a [(&'static str, f64)],
    /// Whether the CPython that ran has its GIL enabled (`None` = no CPython).
    pub gil_enabled: Option<bool>,
}

/// A figure's value, and the ideal its limit may refer to.
pub(super) struct Value {
    pub value: Option<f64>,
    pub ideal: Option<f64>,
}

impl Figure {
    /// The figure's name in words.
    pub(super) fn label(self, cores: usize) -> String {
        match self {
            Figure::Speedup(m) => format!("{m} speedup"),
            Figure::SpeedupAtCores(m) => format!("{m} speedup with {}", plural(cores, "worker")),
            Figure::GainBeyondCores(m) => {
                format!(
                    "best {m} speedup above {}, relative to {cores}",
                    plural(cores, "worker")
                )
            }
            Figure::Named(n) => n.to_string(),
        }
    }

    /// Whether values of this figure are speedups (shown as `1.23×`).
    pub(super) fn is_ratio(self) -> bool {
        !matches!(self, Figure::Named(_))
    }

    /// The figure's value in `m`.
    pub(super) fn value(self, m: &Measurements<'_>) -> Value {
        let none = Value {
            value: None,
            ideal: None,
        };
        match self {
            Figure::Speedup(mode) => {
                m.runs
                    .iter()
                    .find(|r| r.mode == mode)
                    .map_or(none, |r| Value {
                        value: finite(r.speedup),
                        ideal: finite(r.ideal),
                    })
            }
            Figure::SpeedupAtCores(mode) => at_cores(m, mode).map_or(none, |r| Value {
                value: finite(r.speedup),
                ideal: Some(r.workers.min(m.cores) as f64),
            }),
            Figure::GainBeyondCores(mode) => {
                let base = at_cores(m, mode).and_then(|r| finite(r.speedup));
                let best = m
                    .runs
                    .iter()
                    .filter(|r| r.mode == mode && r.workers > m.cores)
                    .filter_map(|r| finite(r.speedup))
                    .reduce(f64::max);
                Value {
                    value: match (best, base) {
                        (Some(b), Some(a)) if a > 0.0 => Some(b / a),
                        _ => None,
                    },
                    ideal: None,
                }
            }
            Figure::Named(name) => Value {
                value: m
                    .named
                    .iter()
                    .find(|(n, _)| *n == name)
                    .and_then(|(_, v)| finite(Some(*v))),
                ideal: None,
            },
        }
    }
}

impl Figure {
    /// The run a speedup figure is read from (`None` for other figures).
    pub(super) fn run<'a>(self, m: &Measurements<'a>) -> Option<&'a RunResult> {
        match self {
            Figure::Speedup(mode) => m.runs.iter().find(|r| r.mode == mode),
            Figure::SpeedupAtCores(mode) => at_cores(m, mode),
            Figure::GainBeyondCores(_) | Figure::Named(_) => None,
        }
    }

    /// Why the figure has no value in `m`, in words.
    pub(super) fn missing(self, cores: usize) -> String {
        match self {
            Figure::Speedup(mode) | Figure::SpeedupAtCores(mode) => {
                format!("no {mode} run gave a speedup")
            }
            Figure::GainBeyondCores(mode) => format!(
                "no {mode} run had more workers than the {}, so whether more add anything was not tested",
                plural(cores, "core")
            ),
            Figure::Named(_) => "the demo did not measure it".to_string(),
        }
    }
}

impl Limit {
    /// The limit's number, given the figure's ideal and the cores.
    pub(super) fn resolve(self, ideal: Option<f64>, cores: usize) -> Option<f64> {
        match self {
            Limit::Fixed(x) => Some(x),
            Limit::Ideal(f) => ideal.map(|i| f * i),
            Limit::Cores(f) => Some(f * cores as f64),
        }
    }

    /// How the limit was derived, if not a fixed number.
    pub(super) fn why(self, ideal: Option<f64>, cores: usize) -> Option<String> {
        match self {
            Limit::Fixed(_) => None,
            Limit::Ideal(f) => ideal.map(|i| format!("{f} × the ideal {i}×")),
            Limit::Cores(f) => Some(format!("{f} × {cores} cores")),
        }
    }
}

/// `x` if it is a finite number.
pub(super) fn finite(x: Option<f64>) -> Option<f64> {
    x.filter(|v| v.is_finite())
}

/// The run of `mode` with as many workers as cores, or the most below.
fn at_cores<'a>(m: &Measurements<'a>, mode: RunMode) -> Option<&'a RunResult> {
    m.runs
        .iter()
        .filter(|r| r.mode == mode && r.workers <= m.cores.max(1))
        .max_by_key(|r| r.workers)
}

/// Whether `mode` computes on one core at a time (a GIL, simulated or the
/// real CPython's when enabled).
pub(super) fn one_core_at_a_time(mode: RunMode, gil_enabled: Option<bool>) -> bool {
    (mode.under_gil() && !mode.is_io_half())
        || (mode.is_python_threading() && !mode.is_io_half() && gil_enabled != Some(false))
}
