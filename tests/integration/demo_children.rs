//! Demo processes never outlive their demo: dropping, cancelling or
//! killing a demo, an orphaned worker, SIGTERM to the CLI and a finished
//! demo each leave no child behind.

use std::process::{Command, Stdio};
use std::time::Duration;

use concur::demo::{self, DemoEvent, DemoHandle, DemoOptions, DemoState, RunMode, Status};

use super::demo_cli::{CHILDREN, gone, opts, report_of, run_to_end};
use crate::common::{exe, procs};

fn start_long_processes(workers: usize) -> (DemoHandle, Vec<u32>) {
    let handle = demo::start(
        concur::demo::DemoId::CpuBound,
        DemoOptions {
            workers: Some(workers),
            modes: Some(vec![RunMode::Processes]),
            ..opts(10_000)
        },
    )
    .unwrap();
    let me = std::process::id();
    let mut pids = vec![None; workers];
    while pids.iter().any(Option::is_none) {
        match handle.events().recv().unwrap() {
            DemoEvent::WorkerStarted { worker, pid, .. } => {
                assert_ne!(pid, me, "process mode runs in other processes");
                pids[worker] = Some(pid);
            }
            ev if ev.is_final() => panic!("ended before the workers ran: {ev:?}"),
            _ => {}
        }
    }
    let pids: Vec<u32> = pids.into_iter().flatten().collect();
    for &pid in &pids {
        assert!(demo::pid_alive(pid), "worker {pid} should be running");
        assert!(demo::live_children().contains(&pid));
    }
    (handle, pids)
}

#[test]
fn dropping_a_demo_kills_and_reaps_its_children() {
    let _guard = CHILDREN.read().unwrap();
    let (handle, pids) = start_long_processes(2);
    drop(handle);
    for pid in pids {
        assert!(gone(pid), "worker {pid} survived the drop (or is a zombie)");
    }
}

#[test]
fn cancelling_a_demo_kills_and_reaps_its_children_and_says_so() {
    let _guard = CHILDREN.read().unwrap();
    let (handle, pids) = start_long_processes(3);
    handle.cancel();
    // cancel() kills and reaps before it returns.
    for &pid in &pids {
        assert!(
            gone(pid),
            "worker {pid} survived the cancel (or is a zombie)"
        );
    }
    let events = run_to_end(&handle);
    assert_eq!(events.last(), Some(&DemoEvent::Cancelled));
    let mut state = DemoState::new(concur::demo::DemoId::CpuBound, false);
    for ev in events {
        state.apply(ev);
    }
    assert_eq!(state.status, Status::Cancelled);
}

#[test]
fn kill_all_children_kills_and_reaps_every_demo_child() {
    let _guard = CHILDREN.write().unwrap();
    let (first, mut pids) = start_long_processes(2);
    let (second, more) = start_long_processes(1);
    pids.extend(more);
    demo::kill_all_children();
    for &pid in &pids {
        assert!(gone(pid), "worker {pid} survived kill_all_children");
    }
    assert!(demo::live_children().is_empty());
    // The demos notice that their workers died, and end.
    for h in [first, second] {
        let events = run_to_end(&h);
        assert!(events.last().is_some_and(DemoEvent::is_final));
    }
}

#[test]
fn an_orphaned_worker_exits_when_its_stdin_closes() {
    let mut child = Command::new(exe())
        .args([
            demo::WORKER_SUBCOMMAND,
            "cpu",
            "100000000000000",
            "1000",
            "1",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufRead::lines(std::io::BufReader::new(child.stdout.take().unwrap()));
    let first = lines.next().unwrap().unwrap();
    assert!(first.contains("ready"), "{first}");
    drop(child.stdin.take()); // the parent "dies": its end of the pipe closes
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(3), "the worker noticed and exited");
}

/// Linux only: the demo's children are found in `/proc`.
#[cfg(target_os = "linux")]
#[test]
fn sigterm_to_the_cli_kills_its_children_first() {
    let _guard = CHILDREN.read().unwrap();
    // The signal demo starts its child at once and keeps it a few seconds.
    let mut cli = Command::new(exe())
        .args(["demo", "signal", "--duration", "10"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = std::io::BufRead::lines(std::io::BufReader::new(cli.stderr.take().unwrap()));
    // Wait until the run starts, then until its child shows up.
    for line in stderr.by_ref() {
        if line.unwrap().contains("running signals") {
            break;
        }
    }
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    let mut children = procs::children_of(cli.id());
    while children.is_empty() && std::time::Instant::now() < deadline {
        std::thread::yield_now();
        children = procs::children_of(cli.id());
    }
    assert!(!children.is_empty(), "the demo's child never appeared");
    procs::send_signal(cli.id(), "TERM");
    let status = cli.wait().unwrap();
    assert_eq!(status.code(), Some(128 + 15), "the handler ran and exited");
    for pid in children {
        assert!(gone(pid), "worker {pid} outlived the CLI");
    }
    drop(stderr);
}

#[test]
fn a_finished_demo_leaves_no_child_behind() {
    let _guard = CHILDREN.read().unwrap();
    let handle = demo::start(concur::demo::DemoId::Pool, opts(150)).unwrap();
    let events = run_to_end(&handle);
    let report = report_of(&events);
    assert!(
        report.verdict.text.contains("identical"),
        "{:?}",
        report.verdict
    );
    let pool = report
        .runs
        .iter()
        .find(|r| r.mode == RunMode::ProcessPool)
        .unwrap();
    assert!(!pool.pids.is_empty());
    drop(handle);
    for &pid in &pool.pids {
        assert!(gone(pid), "pool worker {pid} left behind");
    }
}
