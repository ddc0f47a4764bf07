//! The live display of `concur demo` on stderr.

use std::io::Write;
use std::time::{Duration, Instant};

use crate::demo::{DemoEvent, DemoState, RunResult};

/// The live display on stderr: on a terminal, one line redrawn in place;
/// otherwise a line when each run starts and ends.
pub(super) struct LiveLine {
    tty: bool,
    last_draw: Option<Instant>,
    drawn: bool,
}

impl LiveLine {
    pub(super) fn new(tty: bool) -> Self {
        LiveLine {
            tty,
            last_draw: None,
            drawn: false,
        }
    }

    /// Before `ev` is folded into `state`: lines for the run's start and end.
    pub(super) fn before(&mut self, state: &DemoState, ev: &DemoEvent) {
        let mut err = std::io::stderr().lock();
        match ev {
            DemoEvent::Started { demo, cores, plan } => {
                let _ = writeln!(err, "{demo}: {} runs on {cores} cores", plan.len());
            }
            DemoEvent::RunsAdded { plan } => {
                // CPython's runs after the native ones, or a second CPython's.
                let what = if state.parts.len() > 1 {
                    "a second CPython"
                } else {
                    "CPython, beside the native runs"
                };
                let _ = writeln!(err, "  then {} runs with {what}", plan.len());
            }
            DemoEvent::RunStarted { run } if !self.tty => {
                if let Some(r) = state.runs.get(*run) {
                    let _ = writeln!(
                        err,
                        "  running {} ({}) ...",
                        r.mode,
                        crate::text::plural(r.workers, "worker")
                    );
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

    /// After an event: redraws the progress line (at most every 50 ms).
    pub(super) fn after(&mut self, state: &DemoState) {
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

    /// Erases the progress line, if one is drawn.
    pub(super) fn clear(&mut self) {
        let mut err = std::io::stderr().lock();
        self.clear_with(&mut err);
    }
}

/// One finished run on one line (made again in rounds: the medians so far).
fn summary(r: &RunResult) -> String {
    format!(
        "{:<26} {:>3} workers {:>10.1} ms {:>8}{}",
        r.mode,
        r.workers,
        r.wall_ms,
        r.speedup.map_or_else(String::new, |s| format!("{s:.2}×")),
        if r.repeats > 1 {
            format!("  (median of {})", r.repeats)
        } else {
            String::new()
        }
    )
}
