//! `--python` with two CPythons. Where a free-threaded build (`python3.14t`,
//! `python3.13t`, whose GIL really is off) is on PATH beside `python3` and
//! `CONCUR_PYTHON` is unset, a Python card's demo is made twice, once per
//! interpreter, each with half the time budget: `python3`'s rows (GIL
//! enabled) first, then the free-threaded build's, appended to the plan
//! (`RunsAdded`). Each part is judged on the claim for its own build (the
//! demo picks it by what the interpreter reports); the report is
//! `python3`'s with the free-threaded one in `free_threaded`.

use super::super::event::DemoReport;
use super::super::python;
use super::super::runner::Ctx;
use super::super::work::Stop;
use super::RunFn;

/// Runs `run` (a Python card's demo, `--python`) with every CPython
/// [`python::interpreters_here`] names: one, as before, or two.
pub(super) fn run_python(run: RunFn, ctx: &Ctx) -> Result<DemoReport, Stop> {
    let interpreters = python::interpreters_here();
    let [first, second] = interpreters.as_slice() else {
        return run(ctx);
    };
    let half = ctx.budget / 2;
    // After the native runs (`beside.rs`), this demo's runs are appended.
    let gil = run(&ctx.part(first, half, ctx.appended))?;
    match run(&ctx.part(second, half, true)) {
        Ok(free) => Ok(merge(gil, free)),
        Err(Stop::Failed(msg)) => Ok(second_failed(gil, second, &msg)),
        Err(stop) => Err(stop),
    }
}

/// `python3`'s report with the free-threaded build's beside it; each
/// verdict's text names the CPython it is about.
pub(crate) fn merge(mut gil: DemoReport, mut free: DemoReport) -> DemoReport {
    named(&mut gil);
    named(&mut free);
    gil.free_threaded = Some(Box::new(free));
    gil
}

/// `python3`'s report, its verdict saying the second interpreter failed.
fn second_failed(mut gil: DemoReport, second: &str, msg: &str) -> DemoReport {
    named(&mut gil);
    gil.verdict.text = format!(
        "{} ({second} was found too, but its run failed: {msg})",
        gil.verdict.text
    );
    gil
}

/// Starts the verdict's text with the CPython's label, unless it already
/// names a CPython.
pub(super) fn named(report: &mut DemoReport) {
    if let Some(p) = &report.python
        && !report.verdict.text.starts_with("CPython ")
    {
        report.verdict.text = format!("{}: {}", p.label(), report.verdict.text);
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::event::{PythonInfo, RunResult};
    use super::super::super::mode::RunMode;
    use super::super::super::verdict::{Disturbance, Measurements, Status, Verdict, judge};
    use super::super::cpu_bound::{PYTHON_FREE_CLAIM, PYTHON_GIL_CLAIM, python_claim};
    use super::*;

    fn report(version: &str, gil_enabled: bool, text: &str) -> DemoReport {
        DemoReport {
            demo: crate::demo::DemoId::Gil,
            cores: 2,
            runs: vec![],
            verdict: Verdict {
                status: Status::NotSupported,
                summary: String::new(),
                text: text.into(),
            },
            busy_cores: Some(0.0),
            claim: vec![],
            python: Some(PythonInfo {
                version: version.into(),
                gil_enabled,
            }),
            free_threaded: None,
            native: None,
        }
    }

    #[test]
    fn the_free_threaded_report_nests_and_each_verdict_names_its_cpython() {
        let merged = merge(
            report("3.11.7", true, "CPython 3.11.7 (GIL enabled): 1.01×"),
            report("3.13.1", false, "threads 1.0×"),
        );
        assert_eq!(merged.verdict.text, "CPython 3.11.7 (GIL enabled): 1.01×");
        let free = merged
            .free_threaded
            .as_deref()
            .map(|f| f.verdict.text.clone());
        assert_eq!(
            free.as_deref(),
            Some("CPython 3.13.1 (free-threaded): threads 1.0×")
        );
        let failed = second_failed(report("3.11.7", true, "x"), "python3.13t", "boom");
        assert!(failed.free_threaded.is_none());
        assert!(failed.verdict.text.contains("python3.13t was found too"));
    }

    /// The claim follows what the interpreter reports: the same numbers
    /// (threading about 1×, multiprocessing about 2× on 2 cores, a clean
    /// run) support the GIL build's claim and not the free-threaded one's.
    #[test]
    fn each_build_is_judged_on_its_own_claim() {
        // (Consts have no fixed address: compared by what they say.)
        assert_eq!(python_claim(true).says, PYTHON_GIL_CLAIM.says);
        assert_eq!(python_claim(false).says, PYTHON_FREE_CLAIM.says);
        assert_ne!(PYTHON_GIL_CLAIM.says, PYTHON_FREE_CLAIM.says);
        let run = |mode, workers: usize, speedup: f64, cpu: f64| RunResult {
            speedup: Some(speedup),
            ideal: Some(workers.min(2) as f64),
            cpu_per_wall: Some(cpu),
            ..RunResult::new(mode, workers, 100.0)
        };
        let runs = [
            run(RunMode::PythonSequential, 1, 1.0, 1.0),
            run(RunMode::PythonThreading, 2, 1.01, 1.0),
            run(RunMode::PythonMultiprocessing, 2, 1.97, 1.96),
        ];
        let status = |gil: bool| {
            let m = Measurements {
                cores: 2,
                runs: &runs,
                named: &[],
                gil_enabled: Some(gil),
            };
            let clean = Disturbance {
                busy_cores: Some(0.0),
            };
            judge(python_claim(gil), &m, &clean).verdict.status
        };
        assert_eq!(status(true), Status::Supported);
        assert_eq!(status(false), Status::NotSupported);
    }
}
