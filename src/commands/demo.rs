//! `concur demo ...`: list the demos, or run one with a live progress display
//! on stderr, then print the measured results and the verdict on stdout.

mod live;
mod table;

use std::io::{IsTerminal, Write};
use std::time::Duration;

use anyhow::bail;

use super::usage;
use crate::cli::DemoCliArgs;
use crate::demo::catalog::{self, CATALOG, MAX_DURATION, MAX_SECONDS, MAX_WORKERS, MIN_WORKERS};
use crate::demo::{self, DemoError, DemoId, DemoOptions, DemoState, Status};

use live::LiveLine;
use table::write_table;

/// Runs `concur demo`.
pub fn run(a: &DemoCliArgs) -> anyhow::Result<i32> {
    let duration = match a.duration {
        None => None,
        Some(s) if s.is_finite() && s > 0.0 => {
            Some(Duration::from_secs_f64(s.min(f64::from(MAX_SECONDS))))
        }
        Some(s) => {
            return Err(usage(format!(
                "--duration {s}: give a number of seconds above 0 (at most {MAX_SECONDS} is used)"
            )));
        }
    };
    let args = DemoArgs {
        name: a.name.clone(),
        list: a.list,
        workers: a.workers.and_then(|w| usize::try_from(w).ok()),
        json: a.json,
        python: a.python,
        duration,
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let code = run_cli(&args, &mut out)?;
    out.flush()?;
    Ok(code)
}

/// The arguments of `concur demo`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DemoArgs {
    /// The demo to run.
    pub name: Option<String>,
    /// List the demos instead.
    pub list: bool,
    /// Number of workers (clamped to the catalog's bounds, 1..=64).
    pub workers: Option<usize>,
    /// Print one JSON object instead of the table.
    pub json: bool,
    /// Run the real CPython variant.
    pub python: bool,
    /// Target duration of the whole demo (clamped to at most `MAX_DURATION`, 10 s).
    pub duration: Option<Duration>,
}

/// Writes a line to stderr, ignoring failure (`eprintln!` would panic if
/// stderr were closed).
/// A line on stderr, never panicking on a closed stderr, and escaped for
/// the terminal like every other command's messages.
macro_rules! note {
    ($($arg:tt)*) => {{
        let line = format!($($arg)*);
        let _ = writeln!(std::io::stderr(), "{}", crate::text::for_terminal_lines(&line));
    }};
}

/// Runs `concur demo` with `args`; results go to `out`, progress and notes
/// to stderr. Returns the process exit code: 0 done, 130 cancelled. A
/// mistake in the call (an unknown demo, a bad option) is a
/// [`UsageError`](super::UsageError) (exit 2), a demo that cannot run or
/// failed any other error (exit 1): `main` prints both.
pub fn run_cli(args: &DemoArgs, out: &mut dyn Write) -> anyhow::Result<i32> {
    if args.list {
        for d in CATALOG {
            let mut extra = String::new();
            if d.python {
                extra.push_str(" [--python]");
            }
            if d.unix_only && !d.available_here() {
                extra.push_str(" [not available on this platform]");
            }
            writeln!(out, "{:<14} {}{extra}", d.name, d.summary)?;
        }
        out.flush()?;
        return Ok(0);
    }
    let Some(name) = args.name.as_deref() else {
        return Err(usage(format!(
            "name a demo to run (concur demo NAME); valid demos: {}",
            catalog::valid_names()
        )));
    };
    let id = DemoId::parse(name).map_err(|e| usage(e.to_string()))?;
    let info = id.info();
    if !info.available_here() {
        return Err(DemoError::NotAvailable(id).into());
    }
    if args.python && !info.python {
        return Err(usage(DemoError::NoPythonVariant(id).to_string()));
    }
    if args.python && !demo::python_available() {
        return Err(DemoError::PythonUnavailable.into());
    }
    if args.python
        && std::env::var_os("CONCUR_PYTHON").is_none()
        && let Some(ft) = demo::free_threaded_python()
    {
        note!(
            "note: {ft} (free-threaded) is here too: the demo runs python3, then {ft} (CONCUR_PYTHON=python3 runs python3 alone)"
        );
    }
    if args.workers.is_some_and(|w| w < usize::from(MIN_WORKERS)) {
        return Err(usage(format!("--workers must be at least {MIN_WORKERS}")));
    }
    if args.workers.is_some_and(|w| w > usize::from(MAX_WORKERS)) {
        note!("note: --workers is clamped to {MAX_WORKERS}");
    }
    if args.duration.is_some_and(|d| d > MAX_DURATION) {
        note!(
            "note: --duration is clamped to {} s",
            MAX_DURATION.as_secs()
        );
    }
    // Ctrl-C, SIGTERM or SIGHUP (a closed terminal): kill and reap the
    // children before exiting.
    demo::install_cleanup_hooks()?;
    let handle = demo::start(
        id,
        DemoOptions {
            workers: args.workers,
            duration: args.duration,
            python: args.python,
            ..DemoOptions::default()
        },
    )?;
    let mut state = DemoState::new(id, false);
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
                writeln!(out, "{}", crate::text::json::to_string(report)?)?;
            } else {
                write_table(report, out)?;
            }
            out.flush()?;
            Ok(0)
        }
        // SIGINT, SIGTERM or SIGHUP: the cleanup thread is killing and reaping the
        // children and then exits the process; do not exit before it.
        _ if demo::exit_signal().is_some() => demo::park_until_exit(),
        (Status::Cancelled, _) => {
            note!("demo '{id}' cancelled");
            Ok(130)
        }
        _ => bail!(
            "demo '{id}' failed: {}",
            state
                .error
                .as_deref()
                .unwrap_or("it ended without a report")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let usage_code = |args: &DemoArgs| {
            run_cli(args, &mut Vec::new())
                .err()
                .map(|e| (super::super::exit_code(&e), e.to_string()))
        };
        let (code, text) = usage_code(&unknown).unwrap_or_default();
        assert_eq!(code, 2);
        assert!(
            text.starts_with("unknown demo \"nope\": use one of gil,"),
            "{text}"
        );
        let typo = DemoArgs {
            name: Some("gill".into()),
            ..DemoArgs::default()
        };
        let (code, text) = usage_code(&typo).unwrap_or_default();
        assert_eq!(code, 2);
        assert!(text.contains("did you mean \"gil\"?"), "{text}");
        let no_py = DemoArgs {
            name: Some("process-sweep".into()),
            python: true,
            ..DemoArgs::default()
        };
        assert_eq!(usage_code(&no_py).map(|(c, _)| c), Some(2));
    }
}
