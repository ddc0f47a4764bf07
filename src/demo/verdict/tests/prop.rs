//! Whatever the numbers, the status agrees with the checks.

use proptest::prelude::*;

use super::super::*;
use crate::demo::demos::CLAIMS;
use crate::demo::event::RunResult;

fn any_mode() -> impl Strategy<Value = RunMode> {
    prop::sample::select(RunMode::ALL.to_vec())
}

prop_compose! {
    fn any_run()(mode in any_mode(), workers in 1usize..6, speedup in prop::option::of(0.0f64..20.0),
                 ideal in prop::option::of(0.5f64..16.0), cpw in prop::option::of(0.0f64..4.0),
                 overlap in prop::option::of(prop::sample::select(vec![0.0, 0.5, 2.0, 40.0])),
                 slowdown in prop::option::of(0.8f64..2.0)) -> RunResult {
        RunResult { speedup, ideal, cpu_per_wall: cpw, overlap_ms: overlap,
                    overlap_fraction: overlap.map(|o| o / 50.0), worker_slowdown: slowdown,
                    ..RunResult::new(mode, workers, 50.0) }
    }
}

proptest! {
    /// Whatever the numbers: supported only when every claim bound holds and
    /// no physical limit is broken; the conclusion only when supported; not
    /// supported only when nothing disturbed the run.
    #[test]
    fn the_status_agrees_with_the_checks(
        which in 0..CLAIMS.len(),
        runs in prop::collection::vec(any_run(), 0..6),
        values in prop::collection::vec(0.0f64..100.0, 4),
        busy in prop::option::of(0.0f64..2.0),
        gil in prop::option::of(any::<bool>()),
    ) {
        let (_, claim) = CLAIMS[which];
        let named: Vec<(&'static str, f64)> = claim.bounds.iter().zip(&values).filter_map(|(b, v)| match b.figure {
            Figure::Named(n) => Some((n, *v)),
            _ => None,
        }).collect();
        let m = Measurements { cores: 2, runs: &runs, named: &named, gil_enabled: gil };
        let d = Disturbance { busy_cores: busy };
        let j = judge(claim, &m, &d);
        let any_broken = j.checks.iter().any(|c| c.holds == Some(false));
        match j.verdict.status {
            Status::Supported => {
                // A broken bound or a flagged figure only where the
                // overlap shows the mechanism, and every figure measured.
                let shown = mechanism::Mechanism::of(claim.work, &m).is_some_and(|x| x.shown());
                prop_assert!(!any_broken || shown, "{:?}", j.checks);
                prop_assert!(j.checks.iter().all(|c| c.kind == CheckKind::Limit || c.holds.is_some()));
                // The card's conclusion, then at most a note that the
                // machine was busy.
                prop_assert!(j.verdict.text.starts_with(claim.conclusion), "{}", j.verdict.text);
            }
            Status::NotSupported => {
                let mech = mechanism::Mechanism::of(claim.work, &m);
                let contradicts = mech.is_some_and(|x| !x.not_at_once().is_empty() || !x.gil_overlapped().is_empty());
                prop_assert!(any_broken || contradicts);
                prop_assert!(busy.is_none_or(|b| b < BUSY_CORES));
            }
            Status::Inconclusive => {}
        }
        if j.verdict.status != Status::Supported {
            prop_assert!(!j.verdict.text.contains(claim.conclusion));
        }
    }

    /// Every demo's verdict, whatever the numbers, has its summary: one
    /// line of at most 160 characters that starts with the status and ends
    /// with the load.
    #[test]
    fn every_verdict_has_a_one_line_summary_of_at_most_160_chars(
        which in 0..CLAIMS.len(),
        runs in prop::collection::vec(any_run(), 0..6),
        values in prop::collection::vec(prop::num::f64::ANY, 4),
        busy in prop::option::of(prop::num::f64::ANY),
        gil in prop::option::of(any::<bool>()),
        cores in 1usize..512,
    ) {
        let (_, claim) = CLAIMS[which];
        let named: Vec<(&'static str, f64)> = claim.bounds.iter().zip(&values).filter_map(|(b, v)| match b.figure {
            Figure::Named(n) => Some((n, *v)),
            _ => None,
        }).collect();
        let m = Measurements { cores, runs: &runs, named: &named, gil_enabled: gil };
        let j = judge(claim, &m, &Disturbance { busy_cores: busy });
        let s = &j.verdict.summary;
        prop_assert!(s.chars().count() <= SUMMARY_MAX_CHARS, "{} chars: {s}", s.chars().count());
        prop_assert!(!s.contains(['\n', '\r']), "{s}");
        prop_assert!(s.starts_with(&format!("{}: ", j.verdict.status.word())), "{s}");
        prop_assert!(s.contains("other programs"), "{s}");
    }
}
