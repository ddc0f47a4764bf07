//! The mechanism behind a CPU claim, shown by *when* the workers ran: the
//! time at least two of them were on a CPU at once (`overlap_ms`, from their
//! own clock stamps). Any overlap above the stamps' resolution proves they
//! ran in parallel, whatever else the machine was doing; none under a GIL
//! is the GIL. A speedup only says how much the cores free at the time
//! allowed.

use super::super::event::RunResult;
use super::claim::{Bound, Cmp, Measurements, Work, finite, one_core_at_a_time};
use super::{Check, cores_text, join};
use crate::text::plural;

/// Workers "ran at once" only with more overlap than this, in ms: twenty
/// times the stamps' resolution (a gap of 50 µs means off the CPU), so a
/// few mis-timed stamps never count as parallel execution.
pub const OVERLAP_MARGIN_MS: f64 = 1.0;

/// A per-worker slowdown (CPU time per unit of work against the lone
/// worker's) at least this large is worth naming as a cause.
const SLOWER: f64 = 1.10;

/// What the overlap of the CPU runs shows.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Mechanism<'a> {
    /// Runs expected to compute at once (threads without a GIL, processes),
    /// with the overlap they showed.
    pub parallel: Vec<&'a RunResult>,
    /// Runs expected to take turns (a GIL).
    pub serial: Vec<&'a RunResult>,
}

impl<'a> Mechanism<'a> {
    /// The CPU runs of `m` with two workers or more, if every one of them
    /// measured its overlap and the machine has two cores or more (`None`
    /// otherwise: nothing to show it with).
    pub(super) fn of(work: Work, m: &Measurements<'a>) -> Option<Self> {
        if m.cores < 2 {
            return None;
        }
        let runs: Vec<&RunResult> = m
            .runs
            .iter()
            .filter(|r| work.of(r.mode) == Work::Cpu && r.workers >= 2)
            .collect();
        if runs.is_empty() || runs.iter().any(|r| finite(r.overlap_ms).is_none()) {
            return None;
        }
        let (serial, parallel) = runs
            .into_iter()
            .partition(|r| one_core_at_a_time(r.mode, m.gil_enabled));
        Some(Mechanism { parallel, serial })
    }

    /// Whether it is shown: every run expected in parallel ran at once (by
    /// more than the margin), and no run under a GIL did.
    pub(super) fn shown(&self) -> bool {
        !self.parallel.is_empty()
            && self.parallel.iter().all(|r| ran_at_once(r))
            && !self.serial.iter().any(|r| ran_at_once(r))
    }

    /// The runs expected in parallel that did not run at once.
    pub(super) fn not_at_once(&self) -> Vec<&'a RunResult> {
        self.parallel
            .iter()
            .copied()
            .filter(|r| !ran_at_once(r))
            .collect()
    }

    /// The runs under a GIL that ran at once.
    pub(super) fn gil_overlapped(&self) -> Vec<&'a RunResult> {
        self.serial
            .iter()
            .copied()
            .filter(|r| ran_at_once(r))
            .collect()
    }

    /// "processes ran at once 412 ms (81 % of the run), gil-threads 0 ms":
    /// every run's overlap, in words.
    pub(super) fn words(&self) -> String {
        join(
            self.parallel
                .iter()
                .chain(&self.serial)
                .map(|r| overlap_words(r)),
        )
    }
}

/// Whether the run's workers were on a CPU at once for more than the margin.
pub fn ran_at_once(r: &RunResult) -> bool {
    finite(r.overlap_ms).is_some_and(|o| o > OVERLAP_MARGIN_MS)
}

/// "processes ran at once 412 ms (81 % of the run)", or "gil-threads never
/// ran at once (0.0 ms)".
pub fn overlap_words(r: &RunResult) -> String {
    let ms = finite(r.overlap_ms).unwrap_or(0.0);
    if ran_at_once(r) {
        let share = finite(r.overlap_fraction).map_or_else(String::new, |f| {
            let pct = f * 100.0;
            if pct < 1.0 {
                format!(" ({pct:.1} % of the run)")
            } else {
                format!(" ({pct:.0} % of the run)")
            }
        });
        format!("{} ran at once {ms:.0} ms{share}", r.mode)
    } else {
        format!("{} never ran at once ({ms:.1} ms)", r.mode)
    }
}

/// Why a run that ran at once fell short of `limit`: each worker slower
/// than the lone one, when that accounts for it ("each worker needed 1.52×
/// the CPU time per unit of work the lone one did"); `None` otherwise.
pub(super) fn each_slower(r: &RunResult, limit: f64) -> Option<String> {
    let slow = finite(r.worker_slowdown).filter(|s| *s >= SLOWER)?;
    let speedup = finite(r.speedup)?;
    (ran_at_once(r) && speedup * slow >= limit).then(|| {
        format!(
            "{} ran at once but each worker needed {slow:.2}× the CPU time per unit of work the lone one did (cores that share hardware, or a slower core), which is why {speedup:.2}× falls short",
            r.mode
        )
    })
}

/// "the speedups are what this load allowed (other programs used 1.2 of 2
/// cores): threads 1.31×, processes 1.40× against an ideal 2×"; only the
/// runs `quoted` allows are quoted (a flagged figure is no result).
pub(super) fn load_allowed(
    mech: &Mechanism<'_>,
    quoted: impl Fn(&RunResult) -> bool,
    cores: usize,
    busy: Option<f64>,
) -> String {
    let busy = busy
        .filter(|b| b.is_finite())
        .map_or_else(String::new, |b| {
            format!(
                " (other programs used {} of {})",
                cores_text(b),
                plural(cores, "core")
            )
        });
    let speedups = join(mech.parallel.iter().filter(|r| quoted(r)).filter_map(|r| {
        let s = finite(r.speedup)?;
        let ideal = finite(r.ideal).map_or_else(String::new, |i| format!(" against an ideal {i}×"));
        Some(format!("{} {s:.2}×{ideal}", r.mode))
    }));
    if speedups.is_empty() {
        format!("The speedups are what this load allowed{busy}.")
    } else {
        format!("The speedups are what this load allowed{busy}: {speedups}.")
    }
}

/// What the overlap says of a broken bound `b` (checked as `c`), if it
/// answers for it: a run that ran at once but fell short of a speedup
/// (on a disturbed machine: what the load allowed, said once by the
/// verdict, so an empty text; on a clean one only when each worker was
/// slower, named), or a GIL run above its bound that never ran at once.
pub(super) fn answer(
    b: &Bound,
    c: &Check,
    m: &Measurements<'_>,
    mech: &Mechanism<'_>,
    disturbed: bool,
) -> Option<Option<String>> {
    let run = b.figure.run(m)?;
    let limit = b.limit.resolve(finite(run.ideal), m.cores)?;
    let is = |list: &[&RunResult]| list.iter().any(|r| std::ptr::eq(*r, run));
    match b.cmp {
        Cmp::AtLeast if is(&mech.parallel) && disturbed => Some(None),
        Cmp::AtLeast if is(&mech.parallel) => each_slower(run, limit).map(Some),
        Cmp::AtMost if is(&mech.serial) => Some(Some(format!(
            "the {} is above {} only because the baseline ran slower: its workers never ran at once, one computed at a time",
            c.figure,
            c.bound.trim_start_matches("≤ ")
        ))),
        _ => None,
    }
}

/// What the overlap contradicts, in words: runs expected in parallel that
/// never ran at once, and GIL runs that did.
pub(super) fn contradictions(mech: &Mechanism<'_>, disturbed: bool) -> Vec<String> {
    let why = if disturbed {
        ": other programs held the cores, so it never had two at once"
    } else {
        ""
    };
    mech.not_at_once()
        .into_iter()
        .map(|r| format!("{}{why}", overlap_words(r)))
        .chain(mech.gil_overlapped().into_iter().map(|r| {
            format!(
                "{}, which one lock for all threads cannot allow",
                overlap_words(r)
            )
        }))
        .collect()
}

/// `s` with its first letter in upper case.
pub(super) fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}
