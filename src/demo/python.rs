//! The real CPython: threading against multiprocessing, run by an embedded
//! script (`python3 -c SCRIPT ...`). Only where `python3` is on PATH.

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

/// The script. It prints one JSON object per line. It exits when its stdin
/// (a pipe from us) closes, so it never outlives a parent that died. It
/// runs in its own process group, which is killed as a whole.
/// Multiprocessing uses `fork` where it exists, because `-c` scripts cannot
/// be re-imported by `spawn`.
const SCRIPT: &str = r#"
import json, os, sys, threading, time
import concurrent.futures as cf
import multiprocessing as mp

def emit(**kw):
    sys.stdout.write(json.dumps(kw) + "\n")
    sys.stdout.flush()

def watch_parent():
    # os.read, not sys.stdin: a thread blocked in sys.stdin holds its lock,
    # and a forked multiprocessing child that closes stdin would deadlock.
    try:
        while os.read(0, 65536):
            pass
    finally:
        os._exit(3)

def burn(n):
    x = 1
    for i in range(n):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
    return os.getpid()

def wait(seconds):
    time.sleep(seconds)
    return os.getpid()

def cpu_s():
    # This process's CPU time and that of its reaped children (the pool's).
    c = time.process_time()
    try:
        import resource
        r = resource.getrusage(resource.RUSAGE_CHILDREN)
        c += r.ru_utime + r.ru_stime
    except Exception:
        pass
    return c

def timed(mode, workers, run):
    emit(event="run_started", mode=mode)
    c = cpu_s()
    t = time.perf_counter()
    pids = run()
    wall = time.perf_counter() - t
    emit(event="run", mode=mode, workers=workers, wall_ms=wall * 1e3,
         cpu_ms=(cpu_s() - c) * 1e3, pids=sorted(set(pids)))

def main():
    kind, workers, budget_ms = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    threading.Thread(target=watch_parent, daemon=True).start()
    gil = sys._is_gil_enabled() if hasattr(sys, "_is_gil_enabled") else True
    emit(event="python", version=sys.version.split()[0], gil_enabled=bool(gil))
    try:
        ctx = mp.get_context("fork")
    except ValueError:
        ctx = mp.get_context()
    if kind == "cpu":
        t = time.perf_counter()
        burn(50000)
        rate = 50000 / max(time.perf_counter() - t, 1e-6)
        n = max(1000, int(rate * budget_ms / 1000.0) // workers)
        jobs = [(burn, n)] * workers
    else:
        waits = int(sys.argv[4])
        jobs = [(wait, budget_ms / 1000.0)] * waits
    timed("python-sequential", 1, lambda: [f(a) for f, a in jobs])
    with cf.ThreadPoolExecutor(max_workers=workers) as ex:
        timed("python-threading", workers,
              lambda: list(ex.map(lambda j: j[0](j[1]), jobs)))
    def processes():
        with cf.ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as ex:
            return list(ex.map(jobs[0][0], [a for _, a in jobs]))
    timed("python-multiprocessing", workers, processes)

main()
"#;

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
                                note: (i == 0).then(|| {
                                    "wall times measured inside CPython (start-up excluded)"
                                        .to_string()
                                }),
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
