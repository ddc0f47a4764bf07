//! `--python` (and `p` in the pane): the real CPython *beside* concur's own
//! runner, not instead of it. The demo is made natively first, with half
//! the time budget (its threads, its simulated GIL, its processes, and their
//! timelines), then with CPython (or two CPythons, `two_pythons.rs`) with
//! the whole budget, its runs appended to the plan (`RunsAdded`). The report
//! is CPython's, as before, with the native report in `native`; each is
//! judged on its own claim, and each verdict's text names what ran it.

use super::super::event::DemoReport;
use super::super::runner::Ctx;
use super::super::work::Stop;
use super::{RunFn, two_pythons};

/// How the native part's verdict text begins.
pub(crate) const NATIVE_LABEL: &str = "Native (concur's threads, simulated GIL, processes)";

/// Makes the demo with `native`, then with `python` beside it.
pub(super) fn run(native: RunFn, python: RunFn, ctx: &Ctx) -> Result<DemoReport, Stop> {
    let first = native(&ctx.share(ctx.interpreter.clone(), ctx.budget / 2, ctx.appended))?;
    let cpython = two_pythons::run_python(
        python,
        &ctx.share(ctx.interpreter.clone(), ctx.budget, true),
    )?;
    Ok(merge(first, cpython))
}

/// CPython's report with the native one in `native`; both texts named.
pub(crate) fn merge(mut native: DemoReport, mut cpython: DemoReport) -> DemoReport {
    native.verdict.text = format!("{NATIVE_LABEL}: {}", native.verdict.text);
    two_pythons::named(&mut cpython);
    cpython.native = Some(Box::new(native));
    cpython
}

#[cfg(test)]
mod tests {
    use super::super::super::event::PythonInfo;
    use super::super::super::verdict::{Status, Verdict};
    use super::*;

    fn report(python: Option<PythonInfo>, text: &str) -> DemoReport {
        DemoReport {
            demo: crate::demo::DemoId::CpuBound,
            cores: 2,
            runs: vec![],
            verdict: Verdict {
                status: Status::Supported,
                summary: "supported: x".into(),
                text: text.into(),
            },
            busy_cores: Some(0.0),
            claim: vec![],
            python,
            free_threaded: None,
            native: None,
        }
    }

    #[test]
    fn the_native_report_nests_beside_cpythons_and_each_text_names_what_ran_it() {
        let python = PythonInfo {
            version: "3.12.3".into(),
            gil_enabled: true,
        };
        let merged = merge(
            report(None, "threads 1.97×."),
            report(Some(python.clone()), "threading 1.01×."),
        );
        assert_eq!(merged.python, Some(python));
        assert_eq!(
            merged.verdict.text,
            "CPython 3.12.3 (GIL enabled): threading 1.01×."
        );
        let native = merged.native.as_deref().map(|n| n.verdict.text.clone());
        assert_eq!(
            native.as_deref(),
            Some("Native (concur's threads, simulated GIL, processes): threads 1.97×.")
        );
        let v = serde_json::to_value(&merged).unwrap_or_default();
        assert!(v["native"]["runs"].is_array(), "{v}");
        assert!(v["native"].get("native").is_none(), "{v}");
    }
}
