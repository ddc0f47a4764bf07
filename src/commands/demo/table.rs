//! The results table of `concur demo` (without `--json`).

use std::io::Write;

use crate::demo::verdict::value_beside;
use crate::demo::{CheckKind, DemoReport};
use crate::text::sanitize;

/// Up to four pids, then how many there are in all.
fn pids_text(pids: &[u32]) -> String {
    const SHOWN: usize = 4;
    let mut s: Vec<String> = pids.iter().take(SHOWN).map(u32::to_string).collect();
    if pids.len() > SHOWN {
        s.push(format!("… ({} in all)", pids.len()));
    }
    s.join(" ")
}

/// `1.23`, or `-`.
fn num(x: Option<f64>, suffix: &str) -> String {
    x.filter(|v| v.is_finite())
        .map_or_else(|| "-".to_string(), |v| format!("{v:.2}{suffix}"))
}

/// The results table, what the machine gave, the claim checked and the
/// verdict (status, then text).
pub(super) fn write_table(report: &DemoReport, out: &mut dyn Write) -> std::io::Result<()> {
    // With `--python`, the native runs first, in a table of their own.
    if let Some(native) = &report.native {
        write_table(native, out)?;
        writeln!(out)?;
    }
    writeln!(out, "{} on {} cores", report.demo, report.cores)?;
    if let Some(p) = &report.python {
        writeln!(
            out,
            "CPython {}, GIL {}",
            sanitize(&p.version),
            if p.gil_enabled { "enabled" } else { "disabled" }
        )?;
    }
    // The mode column fits the longest name (22 at least).
    let w = report
        .runs
        .iter()
        .map(|r| r.mode.as_str().len())
        .max()
        .unwrap_or(0)
        .max(22);
    writeln!(
        out,
        "{:<w$} {:>7} {:>12} {:>8} {:>7} {:>8}  pids",
        "mode", "workers", "wall", "speedup", "ideal", "cpu/wall"
    )?;
    for r in &report.runs {
        writeln!(
            out,
            "{:<w$} {:>7} {:>9.1} ms {:>8} {:>7} {:>8}  {}",
            r.mode,
            r.workers,
            r.wall_ms,
            num(r.speedup, "×"),
            num(r.ideal, "×"),
            num(r.cpu_per_wall, ""),
            pids_text(&r.pids)
        )?;
    }
    if let Some(n) = report
        .runs
        .iter()
        .map(|r| r.repeats)
        .max()
        .filter(|&n| n > 1)
    {
        writeln!(
            out,
            "  (medians of up to {n} interleaved runs of each mode)"
        )?;
    }
    for r in &report.runs {
        if let Some(note) = &r.note {
            writeln!(out, "  {}: {}", r.mode, sanitize(note))?;
        }
    }
    writeln!(
        out,
        "other programs: {}",
        report.busy_cores.map_or_else(
            || "unknown on this platform".to_string(),
            |b| format!("{b:.2} of {} cores busy", report.cores)
        )
    )?;
    for c in &report.claim {
        let mark = match c.holds {
            Some(true) => "ok ",
            Some(false) => "NO ",
            None => "?  ",
        };
        let kind = match c.kind {
            CheckKind::Claim => "claim",
            CheckKind::Limit => "limit",
        };
        // The value at the precision its bound is checked at.
        let value = c
            .value
            .filter(|v| v.is_finite())
            .map_or_else(|| "-".to_string(), |v| value_beside(v, &c.bound, c.holds));
        writeln!(out, "  {mark} {kind}: {} = {value} ({})", c.figure, c.bound)?;
    }
    if !report.verdict.summary.is_empty() {
        writeln!(out, "summary: {}", sanitize(&report.verdict.summary))?;
    }
    writeln!(
        out,
        "verdict: {}: {}",
        report.verdict.status.word(),
        sanitize(&report.verdict.text)
    )?;
    // The same demo made with a free-threaded CPython too: its own table.
    if let Some(free) = &report.free_threaded {
        writeln!(out)?;
        write_table(free, out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{Check, RunMode, RunResult, Verdict, VerdictStatus};

    fn report() -> DemoReport {
        DemoReport {
            demo: crate::demo::DemoId::CpuBound,
            cores: 2,
            runs: vec![
                RunResult {
                    speedup: Some(1.0),
                    pids: vec![10],
                    ideal: Some(1.0),
                    cpu_per_wall: Some(0.99),
                    repeats: 3,
                    ..RunResult::new(RunMode::Sequential, 1, 1000.0)
                },
                RunResult {
                    speedup: Some(1.923),
                    pids: vec![11, 12, 13, 14, 15, 16],
                    ideal: Some(2.0),
                    note: Some("six of them".into()),
                    cpu_per_wall: Some(1.96),
                    busy_cores: Some(0.1),
                    repeats: 3,
                    ..RunResult::new(RunMode::Processes, 6, 520.0)
                },
            ],
            verdict: Verdict {
                status: VerdictStatus::Supported,
                summary: "supported: processes speedup 1.92× (≥ 1.60×)".into(),
                text: "processes win".into(),
            },
            busy_cores: Some(0.12),
            claim: vec![Check {
                figure: "processes speedup".into(),
                bound: "≥ 1.60× (0.8 × the ideal 2×)".into(),
                value: Some(1.923),
                holds: Some(true),
                kind: CheckKind::Claim,
            }],
            python: None,
            free_threaded: None,
            native: None,
        }
    }

    #[test]
    fn the_json_shape() {
        let v: serde_json::Value = serde_json::to_value(report()).unwrap_or_default();
        for key in ["demo", "cores", "runs", "verdict", "busy_cores", "claim"] {
            assert!(v.get(key).is_some(), "{key}");
        }
        assert_eq!(v["verdict"]["status"], "supported");
        assert_eq!(v["verdict"]["text"], "processes win");
        assert_eq!(
            v["verdict"]["summary"],
            "supported: processes speedup 1.92× (≥ 1.60×)"
        );
        assert_eq!(v["claim"][0]["holds"], true);
        assert_eq!(v["claim"][0]["kind"], "claim");
        assert!(v.get("python").is_none(), "absent unless --python");
        let run = &v["runs"][1];
        for key in [
            "mode",
            "workers",
            "wall_ms",
            "speedup",
            "pids",
            "cpu_per_wall",
        ] {
            assert!(run.get(key).is_some(), "{key}");
        }
        assert_eq!(run["mode"], "processes");
        assert_eq!(run["pids"].as_array().map(Vec::len), Some(6));
        let back: Option<DemoReport> = serde_json::from_value(v).ok();
        assert_eq!(back, Some(report()));
    }

    #[test]
    fn a_missing_speedup_is_null_not_absent() {
        let mut r = report();
        r.runs[1].speedup = None;
        let v: serde_json::Value = serde_json::to_value(r).unwrap_or_default();
        assert!(v["runs"][1]["speedup"].is_null());
    }

    #[test]
    fn the_table_has_every_run_and_the_verdict() {
        let mut out = Vec::new();
        assert!(write_table(&report(), &mut out).is_ok());
        let text = String::from_utf8_lossy(&out);
        assert!(text.contains("sequential"));
        assert!(text.contains("1.92×"));
        assert!(text.contains("11 12 13 14 … (6 in all)"));
        assert!(text.contains("processes: six of them"));
        assert!(text.contains("cpu/wall"));
        assert!(text.contains("1.96"));
        assert!(text.contains("other programs: 0.12 of 2 cores busy"));
        assert!(text.contains("ok  claim: processes speedup = 1.92"));
        assert!(text.contains("\nsummary: supported: processes speedup 1.92× (≥ 1.60×)\n"));
        assert!(text.ends_with("verdict: supported: processes win\n"));
    }
}
