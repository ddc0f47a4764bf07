//! Processes that outlive concur (#14): when `concur demo ... --python` is
//! killed during CPython's multiprocessing phase, every Python process it
//! started dies too (the script and its pool workers watch a pipe from
//! concur, and on Linux ask for `PR_SET_PDEATHSIG`); and `concur demo`
//! handles SIGHUP (a closed terminal) like SIGINT and SIGTERM.
//!
//! Linux only (the processes are found in `/proc`). Nothing sleeps: every
//! wait polls `/proc` until a deadline.

#![cfg(target_os = "linux")]

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{exe, procs};

/// Polls `check` until it gives `Some` or `limit` passes.
fn poll<T>(limit: Duration, mut check: impl FnMut() -> Option<T>) -> Option<T> {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(v) = check() {
            return Some(v);
        }
        if Instant::now() > deadline {
            return None;
        }
        std::thread::yield_now();
    }
}

/// Starts `concur demo cpu-bound --python` with 2 workers and waits until
/// CPython's pool workers exist (the script's children: only the
/// multiprocessing phase forks). Returns the CLI and every Python process
/// it started (the script first). `None` without `python3`.
fn start_until_pool() -> Option<(Child, Vec<u32>)> {
    if !concur::demo::python_available() {
        eprintln!("python3 is not on PATH: the CPython orphan test cannot run");
        return None;
    }
    let mut cli = Command::new(exe())
        .args([
            "demo",
            "cpu-bound",
            "--python",
            "--workers",
            "2",
            "--duration",
            "10",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let found = poll(Duration::from_secs(60), || {
        let script = procs::children_of(cli.id()).into_iter().next()?;
        let workers = procs::children_of(script);
        (workers.len() >= 2).then(|| {
            let mut all = vec![script];
            all.extend(workers);
            all
        })
    });
    let Some(pythons) = found else {
        let _ = cli.kill();
        let _ = cli.wait();
        panic!("CPython's pool workers never appeared");
    };
    Some((cli, pythons))
}

/// Kills `cli` with `signal`, reaps it, and checks that every process in
/// `pythons` stops running within a generous limit.
fn kill_and_check(mut cli: Child, signal: &str, pythons: &[u32]) -> Option<i32> {
    procs::send_signal(cli.id(), signal);
    let status = cli.wait().unwrap();
    let left = poll(Duration::from_secs(20), || {
        let alive: Vec<u32> = pythons
            .iter()
            .copied()
            .filter(|&p| procs::running(p))
            .collect();
        alive.is_empty().then_some(())
    });
    let alive: Vec<u32> = pythons
        .iter()
        .copied()
        .filter(|&p| procs::running(p))
        .collect();
    // Never leave them behind, even when the test fails.
    for &p in &alive {
        let _ = Command::new("kill")
            .args(["-KILL", &p.to_string()])
            .status();
    }
    assert!(
        left.is_some(),
        "CPython processes {alive:?} (of {pythons:?}) outlived concur killed by SIG{signal}"
    );
    status.code()
}

#[test]
fn cpython_workers_die_when_concur_is_killed() {
    let Some((cli, pythons)) = start_until_pool() else {
        return;
    };
    assert!(
        pythons.len() >= 3,
        "the script and two workers: {pythons:?}"
    );
    kill_and_check(cli, "KILL", &pythons);
}

#[test]
fn sighup_to_concur_demo_kills_cpython_and_exits_129() {
    let Some((cli, pythons)) = start_until_pool() else {
        return;
    };
    let code = kill_and_check(cli, "HUP", &pythons);
    assert_eq!(code, Some(128 + 1), "concur demo handles SIGHUP and exits");
}

/// The app's `python3` probe is a demo child like any other: a `python3`
/// that never answers is killed (with its process group) when the app
/// quits, rather than left running after it.
#[test]
fn a_python3_that_never_answers_dies_with_the_app() {
    use std::os::unix::fs::PermissionsExt;
    let data = tempfile::tempdir().unwrap();
    let bin = tempfile::tempdir().unwrap();
    let pid_file = bin.path().join("pid");
    let script = bin.path().join("python3");
    std::fs::write(
        &script,
        format!(
            // Gives up after about a minute, so a failing run leaves nothing behind.
            // It ignores the hang-up the terminal sends as the app exits.
            "#!/bin/sh\ntrap '' HUP\necho $$ > '{}'\nn=0\nwhile [ $n -lt 1200 ]; do sleep 0.05; n=$((n+1)); done\n",
            pid_file.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = std::env::join_paths(std::iter::once(bin.path().to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    let mut app =
        crate::common::pty::Running::start_env(data.path(), &[], &[("PATH", path.as_os_str())]);
    app.wait_for("New cards per day");
    let probe: u32 = poll(Duration::from_secs(30), || {
        std::fs::read_to_string(&pid_file)
            .ok()
            .and_then(|s| s.trim().parse().ok())
    })
    .expect("the app never started its python3 probe");
    assert!(procs::running(probe), "the probe ended by itself");
    app.press("q");
    let status = app.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    assert!(
        !procs::running(probe),
        "python3 probe {probe} still running after the app quit"
    );
}
