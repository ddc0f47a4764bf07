//! `--python` beside a free-threaded CPython: where `python3.13t` (or
//! `python3.14t`) is on PATH and really runs with its GIL off, a Python
//! card's demo runs `python3` and then it, each part labelled and judged on
//! its own claim; without one, or with `CONCUR_PYTHON` set, one part only.
//!
//! No free-threaded build is needed: a fake `python3.13t` runs the real
//! `python3` with a `sitecustomize` that makes `sys._is_gil_enabled()`
//! report False. It is GIL-bound all the same, so its threads do not
//! really scale: the tests accept whatever verdict the numbers give, and
//! check that each verdict agrees with its own checks.

#![cfg(unix)]

use std::path::{Path, PathBuf};

use assert_cmd::Command as Cmd;
use concur::demo;
use serde_json::Value;

use crate::common::exe;
use crate::demo_cli::CHILDREN;

/// The real python3 executable (not a shim that needs more of PATH).
fn real_python3() -> PathBuf {
    assert!(
        demo::python_available(),
        "this test needs python3 on PATH; install it, e.g. `apt-get install python3`"
    );
    let out = std::process::Command::new("python3")
        .args(["-c", "import sys; print(sys.executable)"])
        .output()
        .unwrap();
    PathBuf::from(String::from_utf8(out.stdout).unwrap().trim())
}

/// A folder holding `python3` (the real one) and, with `fake_free`, a fake
/// free-threaded `python3.13t`.
fn bin_dir(fake_free: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let py = real_python3();
    std::os::unix::fs::symlink(&py, dir.path().join("python3")).unwrap();
    if fake_free {
        let site = dir.path().join("site");
        std::fs::create_dir(&site).unwrap();
        std::fs::write(
            site.join("sitecustomize.py"),
            "import sys\nsys._is_gil_enabled = lambda: False\n",
        )
        .unwrap();
        let wrapper = dir.path().join("python3.13t");
        std::fs::write(
            &wrapper,
            format!(
                "#!/bin/sh\nPYTHONPATH='{}' exec '{}' \"$@\"\n",
                site.display(),
                py.display()
            ),
        )
        .unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    dir
}

/// `concur demo gil --python --json` with PATH = `path` (and `env`);
/// the report and stderr.
fn gil_python(path: &Path, env: &[(&str, &str)]) -> (Value, String) {
    let _guard = CHILDREN.read().unwrap();
    let mut cmd = Cmd::new(exe());
    cmd.args([
        "demo",
        "gil",
        "--python",
        "--json",
        "--workers",
        "2",
        "--duration",
        "1",
    ])
    .env("PATH", path)
    .env_remove("CONCUR_PYTHON");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.assert().success();
    let o = out.get_output();
    (
        serde_json::from_slice(&o.stdout).unwrap(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

const MODES: [&str; 3] = [
    "python-sequential",
    "python-threading",
    "python-multiprocessing",
];

/// One part's report: its CPython (GIL state as said), its three runs, a
/// verdict that names it and agrees with its own claim checks; returns the
/// bound its threading run was checked against.
fn check_part(part: &Value, gil_enabled: bool) -> String {
    assert_eq!(
        part["python"]["gil_enabled"],
        Value::Bool(gil_enabled),
        "{part}"
    );
    let modes: Vec<&str> = part["runs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["mode"].as_str().unwrap())
        .collect();
    assert_eq!(modes, MODES, "{part}");
    let label = if gil_enabled {
        "(GIL enabled)"
    } else {
        "(free-threaded)"
    };
    let text = part["verdict"]["text"].as_str().unwrap();
    assert!(
        text.starts_with("CPython 3.") && text.contains(label),
        "{text}"
    );
    // The verdict follows its own numbers: supported only when every
    // claimed bound held, or when the workers' own clock stamps show the
    // mechanism (multiprocessing ran at once, threading under a GIL never).
    let claims: Vec<&Value> = part["claim"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "claim")
        .collect();
    let broken = claims.iter().any(|c| c["holds"] == Value::Bool(false));
    let status = part["verdict"]["status"].as_str().unwrap();
    assert!(
        ["supported", "inconclusive", "not-supported"].contains(&status),
        "{status}"
    );
    let overlap = |mode: &str| {
        part["runs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["mode"] == mode)
            .and_then(|r| r["overlap_ms"].as_f64())
    };
    let shown = overlap("python-multiprocessing").is_some_and(|o| o > 1.0)
        && overlap("python-threading").is_some_and(|o| (o > 1.0) != gil_enabled);
    if broken && status == "supported" {
        assert!(shown && text.contains("When the workers ran"), "{part}");
    }
    claims
        .iter()
        .find(|c| c["figure"] == "python-threading speedup")
        .map(|c| c["bound"].as_str().unwrap().to_string())
        .unwrap()
}

#[test]
fn a_free_threaded_build_on_path_runs_beside_python3_each_on_its_own_claim() {
    let dir = bin_dir(true);
    let (v, err) = gil_python(dir.path(), &[]);
    assert!(
        err.contains("python3.13t (free-threaded) is here too"),
        "{err}"
    );
    // python3's part where it always was, judged on the GIL's claim:
    // threading about 1× at most.
    let gil_bound = check_part(&v, true);
    assert!(gil_bound.starts_with('≤'), "{gil_bound}");
    // The free-threaded part beside it, judged on its own claim: threading
    // near the ideal at least.
    let free = &v["free_threaded"];
    let free_bound = check_part(free, false);
    assert!(free_bound.starts_with('≥'), "{free_bound}");
    assert!(free["free_threaded"].is_null());
    // Two interpreters, two processes.
    assert_ne!(v["runs"][0]["pids"], free["runs"][0]["pids"]);
}

#[test]
fn without_a_free_threaded_build_or_with_concur_python_one_cpython_runs() {
    let plain = bin_dir(false);
    let (v, err) = gil_python(plain.path(), &[]);
    check_part(&v, true);
    assert!(v.get("free_threaded").is_none(), "{v}");
    assert!(!err.contains("free-threaded"), "{err}");
    // CONCUR_PYTHON wins: the fake python3.13t is on PATH, yet only the
    // interpreter named runs.
    let fake = bin_dir(true);
    let (v, _) = gil_python(fake.path(), &[("CONCUR_PYTHON", "python3")]);
    check_part(&v, true);
    assert!(v.get("free_threaded").is_none(), "{v}");
}
