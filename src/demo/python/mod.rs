//! The real CPython, run by embedded scripts (`python3 -c SCRIPT ...`, the
//! scripts in this folder after `prelude.py`). Only where `python3` is on
//! PATH. `compare` runs threading against multiprocessing.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use serde::Deserialize;

use super::event::{DemoEvent, DemoReport, PythonInfo};
use super::mode::RunMode;
use super::procs;
use super::runner::{Ctx, Measured, Plan, Recorder, baseline, plan};
use super::verdict::Claim;
use super::work::{Cancel, Stop};

/// A script: the shared prelude (reporting, and dying with concur: each
/// script and its pool workers exit when their pipe from concur closes, and
/// on Linux are killed when their parent dies, `PR_SET_PDEATHSIG`), then the
/// file named. Every script runs in its own process group, killed as a whole.
macro_rules! script {
    ($file:literal) => {
        concat!(include_str!("prelude.py"), include_str!($file))
    };
}

/// Threading against multiprocessing (`cpu-bound`, `io-bound`, `gil`, `pool`).
const COMPARE: &str = script!("compare.py");
/// `shared-memory`: a real race, the lock, and a fork's copy.
pub(crate) const SHARED_MEMORY: &str = script!("shared_memory.py");
/// `spawn-cost`: coroutine, task, thread, fork, spawn.
pub(crate) const SPAWN_COST: &str = script!("spawn_cost.py");
/// `event-loop`: asyncio against one thread per wait.
pub(crate) const EVENT_LOOP: &str = script!("event_loop.py");
/// `signal`: a Python handler, on the main thread.
pub(crate) const SIGNAL: &str = script!("signal.py");

/// Whether `python3` is on PATH and runs (checked once per process).
pub fn python_available() -> bool {
    static AVAILABLE: OnceLock<bool> = OnceLock::new();
    *AVAILABLE.get_or_init(|| {
        Command::new("python3")
            .args([
                "-c",
                "import sys; sys.exit(0 if sys.version_info[0] == 3 else 1)",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}

/// What a script prints, one JSON object a line.
#[derive(Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
enum PyMsg {
    Python {
        version: String,
        gil_enabled: bool,
    },
    RunStarted,
    Run {
        mode: RunMode,
        #[serde(default)]
        workers: Option<usize>,
        wall_ms: f64,
        #[serde(default)]
        cpu_ms: Option<f64>,
        #[serde(default)]
        pids: Vec<u32>,
        /// Starting the process pool, measured apart (outside `wall_ms`).
        #[serde(default)]
        startup_ms: Option<f64>,
        /// What the run found, in words.
        #[serde(default)]
        note: Option<String>,
        /// Resident memory the run added, KiB.
        #[serde(default)]
        resident_kib: Option<f64>,
    },
    /// A named figure for the claim (e.g. `lost updates %`).
    Figure {
        name: String,
        value: f64,
    },
}

/// A duration as a script's millisecond argument (`123.456`).
pub(crate) fn ms_arg(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64() * 1e3)
}

/// What a script gave besides its runs.
#[derive(Debug, Default)]
pub(crate) struct Output {
    /// The CPython that ran it.
    pub info: Option<PythonInfo>,
    /// The named figures it printed.
    pub figures: BTreeMap<String, f64>,
}

impl Output {
    /// `CPython 3.11.7 (GIL enabled)`.
    pub(crate) fn label(&self) -> String {
        match &self.info {
            Some(i) => format!(
                "CPython {} (GIL {})",
                i.version,
                if i.gil_enabled { "enabled" } else { "disabled" }
            ),
            None => "CPython ? (GIL ?)".to_string(),
        }
    }

    /// Whether the GIL was enabled (assumed when unknown).
    pub(crate) fn gil(&self) -> bool {
        self.info.as_ref().is_none_or(|i| i.gil_enabled)
    }

    /// The figures named in `names` that the script printed (finite only).
    pub(crate) fn named(&self, names: &[&'static str]) -> Vec<(&'static str, f64)> {
        names
            .iter()
            .filter_map(|&n| {
                self.figures
                    .get(n)
                    .copied()
                    .filter(|v| v.is_finite())
                    .map(|v| (n, v))
            })
            .collect()
    }
}

/// The CPython to run: `CONCUR_PYTHON` if set (e.g. `python3.13t`), else
/// `python3`.
fn interpreter() -> String {
    std::env::var("CONCUR_PYTHON")
        .ok()
        .filter(|p| !p.trim().is_empty())
        .unwrap_or_else(|| "python3".to_string())
}

/// The free-threaded builds looked for beside `python3`, newest first.
pub(crate) const FREE_THREADED: &[&str] = &["python3.14t", "python3.13t"];

/// The first of `candidates` that runs with its GIL disabled, probed with
/// `probe` (a command name to whether `sys._is_gil_enabled()` is false).
pub(crate) fn pick_free_threaded<'a>(
    candidates: &[&'a str],
    probe: impl Fn(&str) -> bool,
) -> Option<&'a str> {
    candidates.iter().copied().find(|c| probe(c))
}

/// A free-threaded CPython on PATH whose GIL is off, if any (checked once).
pub fn free_threaded_python() -> Option<&'static str> {
    static FOUND: OnceLock<Option<&'static str>> = OnceLock::new();
    *FOUND.get_or_init(|| {
        pick_free_threaded(FREE_THREADED, |cmd| {
            Command::new(cmd)
                .args([
                    "-c",
                    "import sys; sys.exit(0 if not getattr(sys, '_is_gil_enabled', lambda: True)() else 1)",
                ])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        })
    })
}

/// Runs `script` with `args` and records its runs, in the order of `plans`
/// (the script prints them in that order). Each run's wall and CPU time are
/// measured inside CPython; its start-up is not in them.
pub(crate) fn run_script<'a>(
    ctx: &'a Ctx,
    demo: &'static str,
    plans: Vec<Plan>,
    script: &str,
    args: &[String],
) -> Result<(Recorder<'a>, Output), Stop> {
    let modes: Vec<RunMode> = plans.iter().map(|p| p.mode).collect();
    let mut rec = Recorder::new(ctx, demo, plans);
    let mut cmd = Command::new(interpreter());
    cmd.arg("-c").arg(script).args(args);
    let child = procs::spawn(&mut cmd, &ctx.spec(false, true))?;
    let pid = child.pid;
    // If CPython hangs (it should not), kill it after a generous limit.
    let finished = Cancel::default();
    let limit = ctx.budget * 5 + Duration::from_secs(20);
    let timed_out = Arc::new(AtomicBool::new(false));
    let watchdog = {
        let (finished, timed_out) = (finished.clone(), Arc::clone(&timed_out));
        std::thread::Builder::new()
            .name("python-watchdog".into())
            .spawn(move || {
                if finished.sleep(limit).is_ok() {
                    timed_out.store(true, Ordering::SeqCst);
                    procs::reap(pid);
                }
            })
            .map_err(|e| Stop::failed(format!("could not start a thread: {e}")))?
    };
    let mut lines = BufReader::new(child.stdout).lines();
    let mut out = Output::default();
    let result = (|| {
        for (i, mode) in modes.into_iter().enumerate() {
            rec.run(i, false, |rc| {
                rc.started(0, pid);
                loop {
                    let line = match lines.next() {
                        Some(Ok(line)) => line,
                        Some(Err(_)) | None => {
                            ctx.cancel.check()?;
                            return Err(Stop::failed(
                                "python3 ended early (is multiprocessing usable here?)",
                            ));
                        }
                    };
                    match serde_json::from_str::<PyMsg>(&line) {
                        Ok(PyMsg::Python {
                            version,
                            gil_enabled,
                        }) => {
                            let p = PythonInfo {
                                version,
                                gil_enabled,
                            };
                            ctx.emit(DemoEvent::Python(p.clone()));
                            out.info = Some(p);
                        }
                        Ok(PyMsg::Figure { name, value }) => {
                            out.figures.insert(name, value);
                        }
                        Ok(PyMsg::Run {
                            mode: m,
                            workers,
                            wall_ms,
                            cpu_ms,
                            pids,
                            startup_ms,
                            note,
                            resident_kib,
                        }) if m == mode => {
                            rc.progress(0, 1, 1);
                            let cpu = cpu_ms
                                .filter(|c| c.is_finite() && *c >= 0.0)
                                .map(|c| Duration::from_secs_f64(c / 1e3));
                            let startup =
                                startup_ms.filter(|s| s.is_finite() && *s >= 0.0).map(|s| {
                                    format!(
                                        "pool start-up {} apart, outside the timing",
                                        crate::demo::demos::fmt_ms(s)
                                    )
                                });
                            let note = [
                                (i == 0).then(|| {
                                    "measured inside CPython (interpreter start-up excluded)"
                                        .to_string()
                                }),
                                note,
                                startup,
                            ]
                            .into_iter()
                            .flatten()
                            .collect::<Vec<_>>()
                            .join("; ");
                            let pids = if pids.is_empty() { vec![pid] } else { pids };
                            return Ok(Measured {
                                cpu,
                                outside_cpu: cpu,
                                wall: Duration::from_secs_f64(wall_ms.max(0.0) / 1e3),
                                pids,
                                workers,
                                note: (!note.is_empty()).then_some(note),
                                resident_kib: resident_kib.filter(|k| k.is_finite()),
                                ..Measured::default()
                            });
                        }
                        _ => {}
                    }
                }
            })?;
        }
        // Figures printed after the last run.
        for line in lines.by_ref().map_while(Result::ok) {
            if let Ok(PyMsg::Figure { name, value }) = serde_json::from_str::<PyMsg>(&line) {
                out.figures.insert(name, value);
            }
        }
        Ok(())
    })();
    finished.cancel();
    let _ = watchdog.join();
    procs::reap(pid);
    if timed_out.load(Ordering::SeqCst) {
        return Err(Stop::failed(format!(
            "python3 did not finish within {} s and was killed",
            limit.as_secs()
        )));
    }
    result?;
    rec.python = out.info.clone();
    Ok((rec, out))
}

/// Runs the threading-against-multiprocessing script (`args` after the
/// script: its kind, workers, budget and more) and records its three runs.
/// `claim` picks the claim to judge by whether CPython's GIL is enabled;
/// `summary` gets (version, GIL state, threading speedup, multiprocessing
/// speedup).
pub(crate) fn compare(
    ctx: &Ctx,
    demo: &'static str,
    w: usize,
    ideal: f64,
    args: &[String],
    claim: impl Fn(bool) -> &'static Claim,
    summary: impl Fn((&str, &str, &str, &str)) -> String,
) -> Result<DemoReport, Stop> {
    let plans = vec![
        baseline(RunMode::PythonSequential),
        plan(RunMode::PythonThreading, w, Some(ideal)),
        plan(RunMode::PythonMultiprocessing, w, Some(ideal)),
    ];
    let (rec, out) = run_script(ctx, demo, plans, COMPARE, args)?;
    let version = out.info.as_ref().map_or("?", |i| i.version.as_str());
    let gil = if out.gil() {
        "GIL enabled"
    } else {
        "GIL disabled"
    };
    let t = rec.speedup(RunMode::PythonThreading);
    let m = rec.speedup(RunMode::PythonMultiprocessing);
    let text = summary((version, gil, &t, &m));
    Ok(rec.finish(claim(out.gil()), &text, &[]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_free_threaded_build_that_probes_true_is_picked() {
        assert_eq!(pick_free_threaded(FREE_THREADED, |_| false), None);
        assert_eq!(
            pick_free_threaded(FREE_THREADED, |c| c == "python3.13t"),
            Some("python3.13t")
        );
        assert_eq!(
            pick_free_threaded(FREE_THREADED, |_| true),
            Some("python3.14t")
        );
    }

    #[test]
    fn script_lines_parse() {
        let run: PyMsg = serde_json::from_str(
            r#"{"event":"run","mode":"python-threading","wall_ms":1.5,"pids":[1]}"#,
        )
        .unwrap_or(PyMsg::RunStarted);
        assert!(matches!(run, PyMsg::Run { wall_ms, .. } if wall_ms == 1.5));
        let fig: PyMsg = serde_json::from_str(r#"{"event":"figure","name":"x","value":2}"#)
            .unwrap_or(PyMsg::RunStarted);
        assert!(matches!(fig, PyMsg::Figure { value, .. } if value == 2.0));
    }

    #[test]
    fn every_script_starts_with_the_prelude_and_watches_concur() {
        for s in [COMPARE, SHARED_MEMORY, SPAWN_COST, EVENT_LOOP, SIGNAL] {
            assert!(s.starts_with("# The prelude"));
            assert!(s.contains("PR_SET_PDEATHSIG") && s.contains("die_with_parent()"));
        }
    }
}
