//! The real CPython, run by embedded scripts (`python3 -c SCRIPT ...`, the
//! scripts in this folder after `prelude.py`). Only where `python3` is on
//! PATH. `compare` runs threading against multiprocessing.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use super::event::PythonInfo;
use super::mode::RunMode;
use super::procs;
use super::runner::{Ctx, Plan, Recorder};
use super::work::{Cancel, Stop};

/// A script: the shared prelude (reporting, and dying with concur: each
/// script and its pool workers exit when their pipe from concur closes, and
/// on Linux are killed when their parent dies, `PR_SET_PDEATHSIG`), then the
/// file named. Every script runs in its own process group, killed as a whole.
macro_rules! script {
    ($($file:literal),+) => {
        concat!(
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/src/demo/python/prelude.py")),
            $(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/src/demo/python/", $file))),+
        )
    };
}

mod compare;
mod lines;
mod probe;

pub(crate) use compare::{CompareJob, compare, more_while_inconclusive};

/// `shared-memory`: a real race, the lock, and a fork's copy.
pub(crate) const SHARED_MEMORY: &str = script!("shared_memory.py");
/// `spawn-cost`: coroutine, task, thread, fork, spawn.
pub(crate) const SPAWN_COST: &str = script!("spawn_cost.py");
/// `event-loop`: asyncio against one thread per wait.
pub(crate) const EVENT_LOOP: &str = script!("event_loop.py");
/// `cpu-and-io`: both halves, computations and sleeps, threads against
/// processes, in rounds.
pub(crate) const CPU_AND_IO: &str = script!("jobs.py", "cpu_and_io.py");
/// `thread-sweep`: m × cores threads on items of CPU and sleep.
pub(crate) const THREAD_SWEEP: &str = script!("thread_sweep.py");
/// `signal`: a Python handler, on the main thread.
pub(crate) const SIGNAL: &str = script!("signal.py");

/// Whether `python3` is on PATH and runs (checked once per process).
pub fn python_available() -> bool {
    static AVAILABLE: OnceLock<bool> = OnceLock::new();
    *AVAILABLE.get_or_init(|| {
        probe::ask(
            "python3",
            "import sys; sys.exit(0 if sys.version_info[0] == 3 else 1)",
            probe::PROBE_LIMIT,
        )
    })
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
            Some(i) => i.label(),
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

/// The CPythons a `--python` demo runs, in order, given `CONCUR_PYTHON`
/// (`concur_python`) and the free-threaded build found on PATH (`free`):
/// `CONCUR_PYTHON` alone when it is set (it wins: no second run), else
/// `python3` and then the free-threaded build, if any.
pub(crate) fn interpreters(concur_python: Option<&str>, free: Option<&str>) -> Vec<String> {
    match concur_python.map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => vec![p.to_string()],
        None => std::iter::once("python3")
            .chain(free)
            .map(str::to_string)
            .collect(),
    }
}

/// The CPythons a `--python` demo runs here ([`interpreters`] with this
/// process's `CONCUR_PYTHON` and [`free_threaded_python`]; the latter is
/// probed only when `CONCUR_PYTHON` is unset).
pub(crate) fn interpreters_here() -> Vec<String> {
    let env = std::env::var("CONCUR_PYTHON").ok();
    match env.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        Some(_) => interpreters(env.as_deref(), None),
        None => interpreters(None, free_threaded_python()),
    }
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
            probe::ask(
                cmd,
                "import sys; sys.exit(0 if not getattr(sys, '_is_gil_enabled', lambda: True)() else 1)",
                probe::PROBE_LIMIT,
            )
        })
    })
}

/// Runs `script` with `args` and records its runs, in the order of `plans`
/// (the script prints them in that order). Each run's wall and CPU time are
/// measured inside CPython; its start-up is not in them.
pub(crate) fn run_script<'a>(
    ctx: &'a Ctx,
    plans: Vec<Plan>,
    script: &str,
    args: &[String],
) -> Result<(Recorder<'a>, Output), Stop> {
    run_script_rounds(ctx, plans, script, args, None)
}

/// After each round, whether another is wanted (given the runs so far and
/// the rounds made).
pub(crate) type More<'m> = &'m mut dyn FnMut(&Recorder<'_>, usize) -> bool;

/// [`run_script`] for a script that makes its runs in rounds, each opened by
/// a `round` line (and the whole closed by `done`): after each round `more`
/// says whether to read another; when it says no, the script is killed
/// (with its pool) rather than left to finish.
pub(crate) fn run_script_rounds<'a>(
    ctx: &'a Ctx,
    plans: Vec<Plan>,
    script: &str,
    args: &[String],
    more: Option<More<'_>>,
) -> Result<(Recorder<'a>, Output), Stop> {
    let modes: Vec<RunMode> = plans.iter().map(|p| p.mode).collect();
    let mut rec = Recorder::new(ctx, plans);
    let mut cmd = Command::new(ctx.interpreter.clone().unwrap_or_else(interpreter));
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
    let result = lines::record(ctx, &mut rec, &modes, pid, &mut lines, &mut out, more);
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
    fn concur_python_wins_else_python3_then_the_free_threaded_build() {
        assert_eq!(interpreters(None, None), ["python3"]);
        assert_eq!(
            interpreters(None, Some("python3.13t")),
            ["python3", "python3.13t"]
        );
        assert_eq!(
            interpreters(Some("python3.13t"), Some("python3.14t")),
            ["python3.13t"]
        );
        assert_eq!(
            interpreters(Some("python3"), Some("python3.13t")),
            ["python3"]
        );
        // Set but blank counts as unset.
        assert_eq!(
            interpreters(Some("  "), Some("python3.13t")),
            ["python3", "python3.13t"]
        );
    }

    #[test]
    fn every_script_starts_with_the_prelude_and_watches_concur() {
        for s in [
            compare::COMPARE,
            SHARED_MEMORY,
            SPAWN_COST,
            EVENT_LOOP,
            SIGNAL,
        ] {
            assert!(s.starts_with("# The prelude"));
            assert!(s.contains("PR_SET_PDEATHSIG") && s.contains("die_with_parent()"));
        }
    }
}
