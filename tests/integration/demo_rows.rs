//! The rows of #10's item 5 say what they are and measure what they claim:
//! `signal` handles on the child's main thread, `spawn-cost` names the Rust
//! future, `process-sweep` prices each process, `shared-memory`'s processes
//! are separate ones (not a fork) whose counting leaves the parent's alone.

use std::time::Duration;

use concur::demo::{self, DemoEvent, DemoOptions, DemoReport};

use crate::common::exe;

/// Runs `name` on a budget of `ms` (holding off the test that kills every
/// demo child) and returns its report.
fn report(name: &str, ms: u64) -> DemoReport {
    let _guard = crate::demo_cli::CHILDREN.read().unwrap();
    let opts = DemoOptions {
        duration: Some(Duration::from_millis(ms)),
        worker_exe: Some(exe()),
        ..DemoOptions::default()
    };
    let handle = demo::start(name.parse().unwrap(), opts).unwrap();
    let mut last = None;
    for ev in handle.events() {
        let end = ev.is_final();
        last = Some(ev);
        if end {
            break;
        }
    }
    match last {
        Some(DemoEvent::Finished(r)) => r,
        other => panic!("{name} did not finish: {other:?}"),
    }
}

fn notes(r: &DemoReport) -> String {
    r.runs
        .iter()
        .filter_map(|x| x.note.clone())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(unix)]
#[test]
fn signal_is_handled_on_the_childs_main_thread() {
    let r = report("signal", 400);
    let off = r
        .claim
        .iter()
        .find(|c| c.figure == "signals handled off the main thread")
        .and_then(|c| c.value);
    assert_eq!(off, Some(0.0), "{:?}", r.claim);
    assert!(notes(&r).contains("on the main thread"), "{}", notes(&r));
}

#[test]
fn spawn_cost_names_the_rust_future() {
    let r = report("spawn-cost", 300);
    assert!(
        notes(&r).contains("Rust futures (not asyncio tasks)"),
        "{}",
        notes(&r)
    );
    assert!(
        r.verdict.text.contains("Rust future (not an asyncio task"),
        "{}",
        r.verdict.text
    );
}

#[test]
fn process_sweep_prices_every_process() {
    let r = report("process-sweep", 400);
    let n = notes(&r);
    assert!(n.contains("each process:") && n.contains("to start"), "{n}");
    if cfg!(target_os = "linux") {
        assert!(!n.contains("unknown"), "{n}");
        assert!(
            r.verdict
                .text
                .contains("involuntary context switches against"),
            "{}",
            r.verdict.text
        );
    }
}

#[test]
fn shared_memory_processes_are_separate_and_leave_the_parents_counter() {
    let r = report("shared-memory", 300);
    let row = r
        .runs
        .iter()
        .find(|x| x.mode.as_str() == "processes")
        .and_then(|x| x.note.clone())
        .unwrap_or_default();
    assert!(row.contains("not a fork"), "{row}");
    let off = r
        .claim
        .iter()
        .find(|c| c.figure == "processes whose own count is not theirs")
        .and_then(|c| c.value);
    assert_eq!(off, Some(0.0), "{:?}", r.claim);
}
