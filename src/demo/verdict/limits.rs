//! The physical limits of a workload: a speedup above min(workers, cores)
//! for CPU work (1× under a GIL), or above every wait overlapped, is
//! impossible and flagged, whatever the rounds' spread.

use super::super::event::RunResult;
use super::claim::{Measurements, Work, finite, one_core_at_a_time};
use super::{Check, CheckKind, RESOLUTION};
use crate::text::plural;

/// The physical limits of the workload, one per run that has a speedup
/// (the baseline excepted).
pub(super) fn limit_checks(work: Work, m: &Measurements<'_>) -> Vec<Check> {
    let mut out = Vec::new();
    for r in m.runs {
        let Some(s) = finite(r.speedup) else {
            continue;
        };
        let Some((ceiling, why)) = ceiling(work, r, m) else {
            continue;
        };
        let limit = ceiling * (1.0 + RESOLUTION);
        out.push(Check {
            figure: limit_figure(r),
            bound: format!(
                "≤ {}× ({why}: {ceiling}×, +{:.0} % for the clocks' resolution)",
                super::precision::bound_number(limit),
                RESOLUTION * 100.0
            ),
            value: Some(s),
            holds: Some(s <= limit),
            kind: CheckKind::Limit,
        });
    }
    out
}

/// The most speedup run `r` can physically give under a claim of `work`,
/// and why (`None`: no limit applies: the baseline, or other work).
fn ceiling(work: Work, r: &RunResult, m: &Measurements<'_>) -> Option<(f64, String)> {
    if r.workers <= 1 && !r.mode.under_gil() {
        return None;
    }
    match work.of(r.mode) {
        Work::Cpu if one_core_at_a_time(r.mode, m.gil_enabled) => {
            Some((1.0, "one thread computes at a time".to_string()))
        }
        Work::Cpu => {
            let c = r.workers.min(m.cores.max(1));
            Some((
                c as f64,
                format!(
                    "min({}, {})",
                    plural(r.workers, "worker"),
                    plural(m.cores, "core")
                ),
            ))
        }
        Work::Waits => finite(r.ideal).map(|i| (i, "every wait overlapped".to_string())),
        Work::Other | Work::CpuAndWaits => None,
    }
}

/// Whether run `r`'s speedup is a result: not above its physical limit
/// (plus the clocks' resolution). A flagged figure is never quoted as one.
pub fn within_limit(work: Work, r: &RunResult, m: &Measurements<'_>) -> bool {
    match (finite(r.speedup), ceiling(work, r, m)) {
        (Some(s), Some((c, _))) => s <= c * (1.0 + RESOLUTION),
        _ => true,
    }
}

/// The figure a run's physical limit checks: `threads speedup (2 workers)`.
pub(super) fn limit_figure(r: &RunResult) -> String {
    format!("{} speedup ({})", r.mode, plural(r.workers, "worker"))
}
