//! `concur demo ...`: list the demos, or run one with a live progress display
//! on stderr, then print the measured results and the verdict on stdout.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use super::event::{DemoEvent, DemoReport, RunResult};
use super::state::{DemoState, Status};
use super::{
    CATALOG, DemoOptions, MAX_DURATION, MAX_WORKERS, available_here, find, install_cleanup_hooks,
    python_available, start, valid_names,
};

/// The arguments of `concur demo`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DemoArgs {
    /// The demo to run.
    pub name: Option<String>,
    /// List the demos instead.
    pub list: bool,
    /// Number of workers (clamped to 1..=64).
    pub workers: Option<usize>,
    /// Print one JSON object instead of the table.
    pub json: bool,
    /// Run the real CPython variant.
    pub python: bool,
    /// Target duration of the whole demo (clamped to at most 10 s).
    pub duration: Option<Duration>,
}

/// Writes a line to stderr, ignoring failure (`eprintln!` would panic if
/// stderr were closed).
macro_rules! note {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// Exit code for usage errors (unknown demo, bad option).
const USAGE: i32 = 2;

/// Runs `concur demo` with `args`; results go to `out`, progress and errors
/// to stderr. Returns the process exit code: 0 done, 1 failed, 2 usage, 130
/// cancelled.
pub fn run_cli(args: &DemoArgs, out: &mut dyn Write) -> anyhow::Result<i32> {
    if args.list {
        for d in CATALOG {
            let mut extra = String::new();
            if d.python {
                extra.push_str(" [--python]");
            }
            if d.unix_only && !available_here(d) {
                extra.push_str(" [not available on this platform]");
            }
            writeln!(out, "{:<14} {}{extra}", d.name, d.summary)?;
        }
        out.flush()?;
        return Ok(0);
    }
    let Some(name) = args.name.as_deref() else {
        note!(
            "error: name a demo to run (concur demo NAME); valid demos: {}",
            valid_names()
        );
        return Ok(USAGE);
    };
    let Some(info) = find(name) else {
        note!(
            "error: unknown demo '{name}'; valid demos: {}",
            valid_names()
        );
        return Ok(USAGE);
    };
    if !available_here(info) {
        note!("error: demo '{name}' is not available on this platform");
        return Ok(1);
    }
    if args.python && !info.python {
        note!(
            "error: demo '{name}' has no CPython variant; --python is offered by {}",
            CATALOG
                .iter()
                .filter(|d| d.python)
                .map(|d| d.name)
                .collect::<Vec<_>>()
                .join(" and ")
        );
        return Ok(USAGE);
    }
    if args.python && !python_available() {
        note!("error: python3 was not found on PATH, so --python cannot run the real CPython");
        return Ok(1);
    }
    if args.workers == Some(0) {
        note!("error: --workers must be at least 1");
        return Ok(USAGE);
    }
    if args.workers.is_some_and(|w| w > MAX_WORKERS) {
        note!("note: --workers is clamped to {MAX_WORKERS}");
    }
    if args.duration.is_some_and(|d| d > MAX_DURATION) {
        note!(
            "note: --duration is clamped to {} s",
            MAX_DURATION.as_secs()
        );
    }
    // Ctrl-C or SIGTERM: kill and reap the children before exiting.
    install_cleanup_hooks()?;
    let handle = start(
        name,
        DemoOptions {
            workers: args.workers,
            duration: args.duration,
            python: args.python,
            ..DemoOptions::default()
        },
    )?;
    let mut state = DemoState::new(name, false);
    let mut live = LiveLine::new(std::io::stderr().is_terminal());
    for ev in handle.events() {
        let last = ev.is_final();
        live.before(&state, &ev);
        state.apply(ev);
        live.after(&state);
        if last {
            break;
        }
    }
    live.clear();
    drop(handle);
    match (state.status, state.report.as_ref()) {
        (Status::Finished, Some(report)) => {
            if args.json {
                writeln!(out, "{}", serde_json::to_string(report)?)?;
            } else {
                write_table(report, out)?;
            }
            out.flush()?;
            Ok(0)
        }
        // SIGINT or SIGTERM: the cleanup thread is killing and reaping the
        // children and then exits the process; do not exit before it.
        _ if super::procs::exit_signal().is_some() => super::procs::park_until_exit(),
        (Status::Cancelled, _) => {
            note!("demo '{name}' cancelled");
            Ok(130)
        }
        _ => {
            note!(
                "error: demo '{name}' failed: {}",
                state
                    .error
                    .as_deref()
                    .unwrap_or("it ended without a report")
            );
            Ok(1)
        }
    }
}

/// The live display on stderr: on a terminal, one line redrawn in place;
/// otherwise a line when each run starts and ends.
struct LiveLine {
    tty: bool,
    last_draw: Option<Instant>,
    drawn: bool,
}

impl LiveLine {
    fn new(tty: bool) -> Self {
        LiveLine {
            tty,
            last_draw: None,
            drawn: false,
        }
    }

    fn before(&mut self, state: &DemoState, ev: &DemoEvent) {
        let mut err = std::io::stderr().lock();
        match ev {
            DemoEvent::Started { demo, cores, plan } => {
                let _ = writeln!(err, "{demo}: {} runs on {cores} cores", plan.len());
            }
            DemoEvent::RunStarted { run } if !self.tty => {
                if let Some(r) = state.runs.get(*run) {
                    let _ = writeln!(err, "  running {} ({} workers) ...", r.mode, r.workers);
                }
            }
            DemoEvent::RunFinished { result, .. } => {
                self.clear_with(&mut err);
                let _ = writeln!(err, "  done    {}", summary(result));
            }
            DemoEvent::Python(p) => {
                let _ = writeln!(
                    err,
                    "  CPython {}, GIL {}",
                    p.version,
                    if p.gil_enabled { "enabled" } else { "disabled" }
                );
            }
            _ => {}
        }
    }

    fn after(&mut self, state: &DemoState) {
        if !self.tty || state.is_over() {
            return;
        }
        if self
            .last_draw
            .is_some_and(|t| t.elapsed() < Duration::from_millis(50))
        {
            return;
        }
        let Some(run) = state.current.and_then(|i| state.runs.get(i)) else {
            return;
        };
        if run.result.is_some() {
            return;
        }
        let ratio = run.progress();
        let width = 24;
        let filled = ((ratio * width as f64).round() as usize).min(width);
        let bar = format!("{}{}", "━".repeat(filled), "─".repeat(width - filled));
        let mut err = std::io::stderr().lock();
        let _ = write!(
            err,
            "\r\x1b[2K  {:<16} {bar} {:>3.0}%  {:.2} s",
            run.mode,
            ratio * 100.0,
            run.elapsed_ms / 1e3
        );
        let _ = err.flush();
        self.drawn = true;
        self.last_draw = Some(Instant::now());
    }

    fn clear_with(&mut self, err: &mut dyn Write) {
        if self.drawn {
            let _ = write!(err, "\r\x1b[2K");
            self.drawn = false;
        }
    }

    fn clear(&mut self) {
        let mut err = std::io::stderr().lock();
        self.clear_with(&mut err);
    }
}

fn summary(r: &RunResult) -> String {
    format!(
        "{:<22} {:>3} workers {:>10.1} ms {:>8}",
        r.mode,
        r.workers,
        r.wall_ms,
        r.speedup.map_or_else(String::new, |s| format!("{s:.2}×"))
    )
}

fn pids_text(pids: &[u32]) -> String {
    const SHOWN: usize = 4;
    let mut s: Vec<String> = pids.iter().take(SHOWN).map(u32::to_string).collect();
    if pids.len() > SHOWN {
        s.push(format!("… ({} in all)", pids.len()));
    }
    s.join(" ")
}

/// The results table and the verdict.
pub(crate) fn write_table(report: &DemoReport, out: &mut dyn Write) -> std::io::Result<()> {
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

    fn report() -> DemoReport {
        DemoReport {
            demo: "cpu-bound".into(),
            cores: 2,
            runs: vec![
                RunResult {
                    mode: "sequential".into(),
                    workers: 1,
                    wall_ms: 1000.0,
                    speedup: Some(1.0),
                    pids: vec![10],
                    ideal: Some(1.0),
                    note: None,
                },
                RunResult {
                    mode: "processes".into(),
                    workers: 6,
                    wall_ms: 520.0,
                    speedup: Some(1.923),
                    pids: vec![11, 12, 13, 14, 15, 16],
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

    #[test]
    fn list_and_usage_errors() {
        let mut out = Vec::new();
        let list = DemoArgs {
            list: true,
            ..DemoArgs::default()
        };
        assert_eq!(run_cli(&list, &mut out).ok(), Some(0));
        let text = String::from_utf8_lossy(&out);
        assert_eq!(text.lines().count(), CATALOG.len());
        let unknown = DemoArgs {
            name: Some("nope".into()),
            ..DemoArgs::default()
        };
        assert_eq!(run_cli(&unknown, &mut Vec::new()).ok(), Some(USAGE));
        let no_py = DemoArgs {
            name: Some("gil".into()),
            python: true,
            ..DemoArgs::default()
        };
        assert_eq!(run_cli(&no_py, &mut Vec::new()).ok(), Some(USAGE));
    }
}
