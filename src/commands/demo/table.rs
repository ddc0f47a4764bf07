//! The results table of `concur demo` (without `--json`).

use std::io::Write;

use crate::demo::DemoReport;

/// Up to four pids, then how many there are in all.
fn pids_text(pids: &[u32]) -> String {
    const SHOWN: usize = 4;
    let mut s: Vec<String> = pids.iter().take(SHOWN).map(u32::to_string).collect();
    if pids.len() > SHOWN {
        s.push(format!("… ({} in all)", pids.len()));
    }
    s.join(" ")
}

/// The results table and the verdict.
pub(super) fn write_table(report: &DemoReport, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "{} on {} cores", report.demo, report.cores)?;
    if let Some(p) = &report.python {
        writeln!(
            out,
            "CPython {}, GIL {}",
            p.version,
            if p.gil_enabled { "enabled" } else { "disabled" }
        )?;
    }
    writeln!(
        out,
        "{:<22} {:>7} {:>12} {:>8} {:>7}  pids",
        "mode", "workers", "wall", "speedup", "ideal"
    )?;
    for r in &report.runs {
        writeln!(
            out,
            "{:<22} {:>7} {:>9.1} ms {:>8} {:>7}  {}",
            r.mode,
            r.workers,
            r.wall_ms,
            r.speedup
                .map_or_else(|| "-".to_string(), |s| format!("{s:.2}×")),
            r.ideal
                .map_or_else(|| "-".to_string(), |s| format!("{s:.2}×")),
            pids_text(&r.pids)
        )?;
    }
    for r in &report.runs {
        if let Some(note) = &r.note {
            writeln!(out, "  {}: {note}", r.mode)?;
        }
    }
    writeln!(out, "verdict: {}", report.verdict)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{RunMode, RunResult};

    fn report() -> DemoReport {
        DemoReport {
            demo: "cpu-bound".into(),
            cores: 2,
            runs: vec![
                RunResult {
                    mode: RunMode::Sequential,
                    workers: 1,
                    wall_ms: 1000.0,
                    speedup: Some(1.0),
                    pids: vec![10],
                    cpu_per_wall: None,
                    ideal: Some(1.0),
                    note: None,
                },
                RunResult {
                    mode: RunMode::Processes,
                    workers: 6,
                    wall_ms: 520.0,
                    speedup: Some(1.923),
                    pids: vec![11, 12, 13, 14, 15, 16],
                    cpu_per_wall: None,
                    ideal: Some(2.0),
                    note: Some("six of them".into()),
                },
            ],
            verdict: "processes win".into(),
            python: None,
        }
    }

    #[test]
    fn the_json_shape() {
        let v: serde_json::Value = serde_json::to_value(report()).unwrap_or_default();
        for key in ["demo", "cores", "runs", "verdict"] {
            assert!(v.get(key).is_some(), "{key}");
        }
        assert!(v.get("python").is_none(), "absent unless --python");
        let run = &v["runs"][1];
        for key in ["mode", "workers", "wall_ms", "speedup", "pids"] {
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
        assert!(text.ends_with("verdict: processes win\n"));
    }
}
