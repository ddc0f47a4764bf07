//! End-to-end tests of the live demos: the `concur demo` command line, and
//! the library API with real worker processes (our own binary).
//!
//! No test sleeps to wait for something (they wait for events), and none
//! asserts on speed.

use std::sync::RwLock;
use std::time::Duration;

use assert_cmd::Command as Cmd;
use concur::demo::{
    self, CATALOG, DemoEvent, DemoHandle, DemoOptions, DemoReport, DemoState, Status,
};

use crate::common::{exe, procs};

/// Tests that start children take this for reading; the test that kills
/// every child of this process takes it for writing.
pub(crate) static CHILDREN: RwLock<()> = RwLock::new(());

pub(crate) fn opts(duration_ms: u64) -> DemoOptions {
    DemoOptions {
        duration: Some(Duration::from_millis(duration_ms)),
        worker_exe: Some(exe()),
        ..DemoOptions::default()
    }
}

/// Receives events until the demo ends; returns them all.
pub(crate) fn run_to_end(handle: &DemoHandle) -> Vec<DemoEvent> {
    let mut events = Vec::new();
    for ev in handle.events() {
        let last = ev.is_final();
        events.push(ev);
        if last {
            break;
        }
    }
    events
}

pub(crate) fn report_of(events: &[DemoEvent]) -> DemoReport {
    match events.last() {
        Some(DemoEvent::Finished(r)) => r.clone(),
        other => panic!("the demo did not finish: {other:?}"),
    }
}

/// Whether the process is gone: not running and (on Linux, where `/proc`
/// shows zombies) not a zombie.
pub(crate) fn gone(pid: u32) -> bool {
    #[cfg(target_os = "linux")]
    if procs::listed(pid) {
        return false;
    }
    !demo::pid_alive(pid)
}

#[test]
fn list_names_all_twelve() {
    let out = Cmd::new(exe()).args(["demo", "--list"]).assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert_eq!(CATALOG.len(), 12);
    for d in CATALOG {
        assert!(
            text.lines()
                .any(|l| l.starts_with(d.name) && l.contains(d.summary)),
            "{} missing from:\n{text}",
            d.name
        );
    }
}

#[test]
fn unknown_demo_is_a_usage_error_listing_the_names() {
    let out = Cmd::new(exe())
        .args(["demo", "no-such-demo"])
        .assert()
        .code(2);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(err.contains("no-such-demo"), "{err}");
    for d in CATALOG {
        assert!(err.contains(d.name), "{err}");
    }
    assert!(out.get_output().stdout.is_empty());
}

#[test]
fn a_mistyped_demo_gets_a_did_you_mean_through_the_common_error_path() {
    let out = Cmd::new(exe()).args(["demo", "gill"]).assert().code(2);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        err.starts_with(
            "concur: error: unknown demo \"gill\": did you mean \"gil\"? use one of gil, "
        ),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn a_duration_of_zero_is_a_usage_error() {
    let out = Cmd::new(exe())
        .args(["demo", "io-bound", "--duration", "0"])
        .assert()
        .code(2);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(err.starts_with("concur: error: --duration 0:"), "{err}");
}

#[test]
fn python_flag_on_a_demo_without_it_is_a_usage_error() {
    let out = Cmd::new(exe())
        .args(["demo", "process-sweep", "--python"])
        .assert()
        .code(2);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(err.contains("cpu-bound, io-bound"), "{err}");
}

#[test]
fn python_flag_without_python3_says_so() {
    let out = Cmd::new(exe())
        .args(["demo", "cpu-bound", "--python"])
        .env("PATH", "")
        .assert()
        .code(1);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(err.contains("python3 was not found"), "{err}");
}

#[test]
fn cpu_bound_json_has_the_shape_and_the_pids_tell_threads_from_processes() {
    let _guard = CHILDREN.read().unwrap();
    let out = Cmd::new(exe())
        .args([
            "demo",
            "cpu-bound",
            "--workers",
            "2",
            "--json",
            "--duration",
            "0.3",
        ])
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["demo"], "cpu-bound");
    assert!(v["cores"].as_u64().unwrap() >= 1);
    assert!(v["verdict"]["text"].as_str().is_some_and(|s| !s.is_empty()));
    assert!(
        ["supported", "inconclusive", "not-supported"]
            .contains(&v["verdict"]["status"].as_str().unwrap()),
        "{}",
        v["verdict"]
    );
    assert!(v.get("busy_cores").is_some(), "a number or null");
    assert!(!v["claim"].as_array().unwrap().is_empty());
    let runs = v["runs"].as_array().unwrap();
    let modes: Vec<&str> = runs.iter().map(|r| r["mode"].as_str().unwrap()).collect();
    assert_eq!(modes, ["sequential", "gil-threads", "threads", "processes"]);
    for r in runs {
        for key in [
            "mode",
            "workers",
            "wall_ms",
            "speedup",
            "pids",
            "cpu_per_wall",
            "repeats",
        ] {
            assert!(r.get(key).is_some(), "{key} missing in {r}");
        }
        assert!(r["wall_ms"].as_f64().unwrap() > 0.0);
        assert!(r["speedup"].as_f64().unwrap() > 0.0);
    }
    let pids = |i: usize| -> Vec<u64> {
        runs[i]["pids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_u64().unwrap())
            .collect()
    };
    let parent = pids(0);
    assert_eq!(parent.len(), 1, "the sequential run is the parent process");
    assert_eq!(pids(1), parent, "GIL threads share the parent's pid");
    assert_eq!(pids(2), parent, "threads share the parent's pid");
    let children = pids(3);
    assert_eq!(children.len(), 2, "one process per worker");
    assert!(children.iter().all(|p| !parent.contains(p)));
    assert_ne!(children[0], children[1]);
    assert_eq!(runs[3]["workers"], 2);
    // Live progress went to stderr, not into the JSON.
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("processes"), "{stderr}");
}

#[test]
fn the_table_output_ends_with_the_verdict() {
    let _guard = CHILDREN.read().unwrap();
    let out = Cmd::new(exe())
        .args(["demo", "io-bound", "--duration", "0.1", "--workers", "4"])
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(stdout.starts_with("io-bound on "), "{stdout}");
    assert!(stdout.contains("gil-threads"));
    assert!(stdout.lines().last().unwrap().starts_with("verdict: "));
}

/// Starts `cpu-bound` in process mode only, with long work, and returns the
/// handle once every worker process runs (known by its pid).
#[test]
fn unknown_names_fail_to_parse_and_python_misuse_fails_to_start() {
    let err = "nope".parse::<demo::DemoId>().unwrap_err();
    assert_eq!(err.nearest, None);
    assert_eq!(
        "gill".parse::<demo::DemoId>().unwrap_err().nearest,
        Some("gil")
    );
    assert!(matches!(
        demo::start(
            demo::DemoId::ProcessSweep,
            DemoOptions {
                python: true,
                ..DemoOptions::default()
            }
        ),
        Err(demo::DemoError::NoPythonVariant(demo::DemoId::ProcessSweep))
    ));
}

/// CPython is required here (CI has it), so this never passes unrun.
#[test]
fn the_real_cpython_runs_the_python_variants() {
    assert!(
        demo::python_available(),
        "this test needs python3 (version 3) on PATH; install it, e.g. `apt-get install python3`"
    );
    let _guard = CHILDREN.read().unwrap();
    let out = Cmd::new(exe())
        .args([
            "demo",
            "cpu-bound",
            "--python",
            "--json",
            "--workers",
            "2",
            "--duration",
            "0.4",
        ])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert!(
        v["python"]["version"]
            .as_str()
            .is_some_and(|s| s.starts_with('3'))
    );
    assert!(v["python"]["gil_enabled"].is_boolean());
    let runs = v["runs"].as_array().unwrap();
    let modes: Vec<&str> = runs.iter().map(|r| r["mode"].as_str().unwrap()).collect();
    assert_eq!(
        modes,
        [
            "python-sequential",
            "python-threading",
            "python-multiprocessing"
        ]
    );
    // Interleaved rounds: every mode made at least 3 times, medians shown.
    for r in runs {
        assert!(r["repeats"].as_u64().unwrap() >= 3, "{r}");
    }
    // Beside them, not instead: the native runs, judged on their own claim.
    let native: Vec<&str> = modes_of(&v["native"]["runs"]);
    assert_eq!(
        native,
        ["sequential", "gil-threads", "threads", "processes"],
        "{v}"
    );
    assert!(v["native"]["python"].is_null(), "{v}");
    for part in [&v, &v["native"]] {
        let summary = part["verdict"]["summary"].as_str().unwrap();
        assert!(summary.chars().count() <= 160, "{summary}");
        assert!(
            summary.starts_with(
                part["verdict"]["status"]
                    .as_str()
                    .unwrap()
                    .replace('-', " ")
                    .as_str()
            ),
            "{summary}"
        );
    }
    assert_eq!(runs[1]["pids"].as_array().unwrap().len(), 1);
    let threads_pid = &runs[1]["pids"][0];
    assert!(
        runs[2]["pids"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p != threads_pid)
    );
}

/// The modes of a report's `runs`, in order.
fn modes_of(runs: &serde_json::Value) -> Vec<&str> {
    runs.as_array()
        .unwrap()
        .iter()
        .map(|r| r["mode"].as_str().unwrap())
        .collect()
}

/// `concur ARGS` (a `--python --json` demo), its report; asks for python3.
fn python_json(args: &[&str]) -> serde_json::Value {
    assert!(demo::python_available(), "this test needs python3 on PATH");
    let _guard = CHILDREN.read().unwrap();
    let out = Cmd::new(exe()).args(args).assert().success();
    serde_json::from_slice(&out.get_output().stdout).unwrap()
}

/// `event-loop --python`: the threads of one thread per wait are all alive
/// at once when their memory is measured (before, creating them outlasted
/// the waits and CPython showed +8.6 MiB for threads against +8.8 MiB for
/// asyncio), and the claim compares memory and creation per wait.
#[test]
fn event_loop_python_measures_threads_all_alive_per_wait() {
    let v = python_json(&[
        "demo",
        "event-loop",
        "--python",
        "--json",
        "--duration",
        "1",
    ]);
    let threads = v["runs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["mode"] == "python-thread-per-wait")
        .unwrap();
    let note = threads["note"].as_str().unwrap();
    assert!(note.contains("all alive at once"), "{note}");
    let claim = v["claim"].to_string();
    assert!(claim.contains("resident memory, per wait"), "{claim}");
    assert!(claim.contains("creation, per wait"), "{claim}");
    let native = v["native"]["runs"][1]["note"].as_str().unwrap();
    assert!(native.contains("all alive at once"), "{native}");
}

/// `thread-sweep --python`: CPython's threads, m × cores of them, after a
/// sequential run; the claim is judged on their figures.
#[test]
fn thread_sweep_python_sweeps_cpythons_threads() {
    let v = python_json(&[
        "demo",
        "thread-sweep",
        "--python",
        "--json",
        "--workers",
        "8",
        "--duration",
        "0.5",
    ]);
    let cores = v["cores"].as_u64().unwrap();
    let runs = v["runs"].as_array().unwrap();
    assert_eq!(runs[0]["mode"], "python-sequential");
    assert!(runs.len() >= 2, "{runs:?}");
    for (i, r) in runs[1..].iter().enumerate() {
        assert_eq!(r["mode"], "python-threading");
        let m = 1u64 << i;
        assert_eq!(r["workers"].as_u64().unwrap(), (m * cores).min(8), "{r}");
    }
    let claim = v["claim"].to_string();
    assert!(claim.contains("threads per core"), "{claim}");
    assert!(claim.contains("ceiling"), "{claim}");
}

/// `cpu-and-io --python`: CPython runs both halves, CPU and sleeps, on
/// threads and processes, in rounds; the start-up is measured apart.
#[test]
fn cpu_and_io_python_runs_both_halves() {
    let v = python_json(&[
        "demo",
        "cpu-and-io",
        "--python",
        "--json",
        "--duration",
        "0.6",
    ]);
    let modes: Vec<&str> = modes_of(&v["runs"]);
    assert_eq!(
        modes,
        [
            "python-cpu-sequential",
            "python-cpu-threading",
            "python-cpu-multiprocessing",
            "python-io-sequential",
            "python-io-threading",
            "python-io-multiprocessing"
        ]
    );
    let claim = v["claim"].to_string();
    assert!(claim.contains("start-up: processes"), "{claim}");
    // Every figure the claim names was measured.
    for c in v["claim"].as_array().unwrap() {
        assert!(c["value"].is_number(), "{c}");
    }
}

/// Every demo runs to its end on a tiny budget, and its report is coherent.
macro_rules! each_demo_runs {
    ($($test:ident: $name:literal,)*) => {$(
        #[test]
        fn $test() {
            let _guard = CHILDREN.read().unwrap();
            let id: demo::DemoId = $name.parse().unwrap();
            if !demo::available_here(id.info()) {
                assert!(demo::start(id, opts(100)).is_err());
                return;
            }
            let handle = demo::start(id, opts(200)).unwrap();
            let events = run_to_end(&handle);
            let report = report_of(&events);
            assert_eq!(report.demo, id);
            assert_eq!(report.demo.name(), $name);
            assert!(!report.runs.is_empty());
            assert!(!report.verdict.text.is_empty());
            assert!(!report.claim.is_empty(), "every demo checks a claim");
            let mut state = DemoState::new(id, false);
            for ev in events {
                state.apply(ev);
            }
            assert_eq!(state.status, Status::Finished);
            assert_eq!(state.runs.len(), report.runs.len());
            let me = std::process::id();
            for r in &report.runs {
                assert!(r.wall_ms >= 0.0 && !r.pids.is_empty(), "{r:?}");
                let others = r.pids.iter().any(|&p| p != me);
                let mode = r.mode.as_str();
                if mode.contains("process") || mode == "round-trip"
                    || mode == "pipelined" || mode == "signals" {
                    assert!(others, "{} ran in other processes: {r:?}", r.mode);
                } else {
                    assert_eq!(r.pids, vec![me], "{} ran in this process", r.mode);
                }
            }
        }
    )*};
}

each_demo_runs! {
    gil_runs: "gil",
    cpu_bound_runs: "cpu-bound",
    io_bound_runs: "io-bound",
    process_sweep_runs: "process-sweep",
    thread_sweep_runs: "thread-sweep",
    cpu_and_io_runs: "cpu-and-io",
    subprocess_runs: "subprocess",
    signal_runs: "signal",
    shared_memory_runs: "shared-memory",
    event_loop_runs: "event-loop",
    pool_runs: "pool",
    spawn_cost_runs: "spawn-cost",
}
