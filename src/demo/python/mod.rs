//! The real CPython, run by embedded scripts (`python3 -c SCRIPT ...`, the
//! scripts in this folder after `prelude.py`). Only where `python3` is on
//! PATH. `compare` runs threading against multiprocessing.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use serde::Deserialize;

use super::event::{DemoEvent, DemoReport, PythonInfo};
use super::mode::RunMode;
use super::procs;
use super::runner::{Ctx, Measured, Recorder, baseline, plan};
use super::verdict::Claim;
use super::work::{Cancel, Stop};

/// The shared prelude of every script (reporting, and dying with concur:
/// each script and its pool workers exit when their pipe from concur closes,
/// and on Linux are killed when their parent dies, `PR_SET_PDEATHSIG`).
pub(crate) const PRELUDE: &str = include_str!("prelude.py");

/// The threading-against-multiprocessing script (`cpu-bound`, `io-bound`).
/// It runs in its own process group, which is killed as a whole.
const SCRIPT: &str = concat!(include_str!("prelude.py"), include_str!("compare.py"));

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
        workers: usize,
        wall_ms: f64,
        #[serde(default)]
        cpu_ms: Option<f64>,
        pids: Vec<u32>,
        /// Starting the process pool, measured apart (outside `wall_ms`).
        #[serde(default)]
        startup_ms: Option<f64>,
    },
}

/// A duration as the script's millisecond argument (`123.456`).
pub(crate) fn ms_arg(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64() * 1e3)
}

/// Runs the script for `demo` (`args` after the script: its kind, workers,
/// budget and more) and records its three runs. `claim` picks the claim
/// to judge by whether CPython's GIL is enabled; `summary` gets (version,
/// GIL state, threading speedup, multiprocessing speedup).
pub(crate) fn compare(
    ctx: &Ctx,
    demo: &'static str,
    w: usize,
    ideal: f64,
    args: &[String],
    claim: impl Fn(bool) -> &'static Claim,
    summary: impl Fn((&str, &str, &str, &str)) -> String,
) -> Result<DemoReport, Stop> {
    let modes = [
        RunMode::PythonSequential,
        RunMode::PythonThreading,
        RunMode::PythonMultiprocessing,
    ];
    let mut rec = Recorder::new(
        ctx,
        demo,
        vec![
            baseline(modes[0]),
            plan(modes[1], w, Some(ideal)),
            plan(modes[2], w, Some(ideal)),
        ],
    );
    let mut cmd = Command::new("python3");
    cmd.arg("-c").arg(SCRIPT).args(args);
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
    let mut info: Option<PythonInfo> = None;
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
                            info = Some(p);
                        }
                        Ok(PyMsg::RunStarted) => {}
                        Ok(PyMsg::Run {
                            mode: m,
                            workers,
                            wall_ms,
                            cpu_ms,
                            pids,
                            startup_ms,
                        }) if m == mode => {
                            rc.progress(0, 1, 1);
                            let cpu = cpu_ms
                                .filter(|c| c.is_finite() && *c >= 0.0)
                                .map(|c| Duration::from_secs_f64(c / 1e3));
                            return Ok(Measured {
                                cpu,
                                outside_cpu: cpu,
                                wall: Duration::from_secs_f64(wall_ms.max(0.0) / 1e3),
                                pids,
                                workers: Some(workers),
                                note: match (i, startup_ms) {
                                    (0, _) => Some(
                                        "wall times measured inside CPython (start-up excluded)"
                                            .to_string(),
                                    ),
                                    (_, Some(s)) if s.is_finite() && s >= 0.0 => Some(format!(
                                        "pool start-up {} apart, outside the timing",
                                        crate::demo::demos::fmt_ms(s)
                                    )),
                                    _ => None,
                                },
                                ..Measured::default()
                            });
                        }
                        _ => {}
                    }
                }
            })?;
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
    rec.python = info.clone();
    let (version, gil) = info.map_or(("?".to_string(), "GIL enabled"), |i| {
        (
            i.version,
            if i.gil_enabled {
                "GIL enabled"
            } else {
                "GIL disabled"
            },
        )
    });
    let t = rec.speedup(modes[1]);
    let m = rec.speedup(modes[2]);
    let text = summary((&version, gil, &t, &m));
    let claim = claim(gil == "GIL enabled");
    Ok(rec.finish(claim, &text, &[]))
}
