//! End to end: the real `concur` binary in a pseudo-terminal (driven by
//! `common::pty`): a review of one card (a, Space, 5) and the review log it
//! leaves, signals, a typed quiz, a live demo's processes, and a terminal
//! that vanishes. Never sleeps: it waits for screen text on a channel with a
//! generous timeout, and kills the child if anything takes too long.

use std::io::Read;
use std::sync::mpsc;

use concur::deck::{LoadOptions, load_decks};

use crate::common::pty::{Running, TIMEOUT, contains, spawn_in_pty};
use crate::common::{TODAY, due_json, procs, write, write_deck};

#[test]
fn study_one_card_in_a_real_terminal_and_quit() {
    let data = tempfile::tempdir().unwrap();
    let mut app = Running::start(data.path());
    app.wait_for("New cards per day: 20 · 20 left today");
    app.press("a");
    app.wait_for("show the answer");
    app.wait_for("1 of 20");
    app.press(" ");
    app.wait_for("0 blackout");
    app.press("5");
    app.wait_for("2 of 20");
    // Leaving the review after a grade shows the summary; then home, then quit.
    app.press("q");
    app.wait_for("Session ended");
    app.press("qq");
    let status = app.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    // The alternate screen was left: the terminal is restored.
    assert!(contains(&app.raw, b"\x1b[?1049l"));

    // Exactly one line: the first new card of the first bundled deck.
    let decks = load_decks(&LoadOptions {
        bundled: true,
        ..LoadOptions::default()
    });
    let (deck, card) = (&decks.decks[0].id, &decks.decks[0].cards[0].id);
    let log = std::fs::read_to_string(data.path().join("reviews.jsonl")).unwrap();
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines.len(), 1, "{log}");
    let v: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(v["deck"], deck.as_str());
    assert_eq!(v["card"], card.as_str());
    assert_eq!(v["grade"], 5);
    assert_eq!(v["kind"], "review");
    assert!(v["at"].as_str().unwrap().starts_with("2026-11-25T"), "{v}");
    assert!(v["ms"].is_u64());
}

/// SIGTERM and SIGHUP leave the alternate screen and raw mode before exit.
#[test]
fn signals_restore_the_terminal() {
    for (sig, code) in [("TERM", 143), ("HUP", 129)] {
        let data = tempfile::tempdir().unwrap();
        let mut app = Running::start(data.path());
        app.wait_for("New cards per day");
        procs::send_signal(app.pid.unwrap(), sig);
        let status = app.wait_exit();
        assert_eq!(status.exit_code(), code, "SIG{sig}: {status:?}");
        assert!(
            contains(&app.raw, b"\x1b[?1049l"),
            "SIG{sig}: alternate screen not left"
        );
    }
}

/// A typed quiz in a real terminal: one exact answer, one typo (close, the
/// suggested grade changed to 4), the score, and the schedule untouched.
#[test]
fn typed_quiz_in_a_real_terminal_leaves_the_schedule_alone() {
    let data = tempfile::tempdir().unwrap();
    let decks_dir = data.path().join("decks");
    write_deck(
        data.path(),
        "short.toml",
        "[deck]\nid = \"short\"\n\n[[cards]]\nid = \"cpu\"\nfront = \"Best for computations?\"\nback = \"multiprocessing\"\n\n[[cards]]\nid = \"io\"\nfront = \"Best for IO?\"\nback = \"multithreading\"\n",
    );
    // One earlier review, so the schedule has something to keep.
    write(
        data.path(),
        "reviews.jsonl",
        "{\"at\":\"2026-11-20T10:00:00.000+00:00\",\"deck\":\"short\",\"card\":\"cpu\",\"grade\":4,\"kind\":\"review\",\"ms\":1000}\n",
    );
    let before = due_json(data.path(), TODAY);
    // The order the seed gives, computed the same way the app does.
    let set = load_decks(&LoadOptions {
        paths: vec![decks_dir.clone()],
        ..LoadOptions::default()
    });
    let order = concur::quiz::pick(
        &set.decks,
        &concur::quiz::Selection {
            decks: vec!["short".into()],
            tags: vec![],
            count: 2,
            seed: 42,
            ..Default::default()
        },
    );
    let answer = |card: &str, typo: bool| match (card, typo) {
        ("cpu", false) => "Multi-Processing.",
        ("cpu", true) => "multiprocesing",
        ("io", false) => "multithreading",
        _ => "multithreding",
    };
    let mut app = Running::start_with(
        data.path(),
        &["quiz", "short", "--typed", "--count", "2", "--seed", "42"],
    );
    app.wait_for("quiz 1/2");
    app.wait_for("type your answer");
    app.press(answer(&order[0].card, false));
    app.press("\r");
    app.wait_for("correct");
    app.press("\r");
    app.wait_for("quiz 2/2");
    app.press(answer(&order[1].card, true));
    app.press("\r");
    app.wait_for("close (a typo? expected:");
    app.press("4");
    app.wait_for("grade 4");
    app.press("\r");
    app.wait_for("Score: 2/2 (100%)");
    app.wait_for("No weak cards");
    app.press("q");
    let status = app.wait_exit();
    assert!(status.success(), "exit status {status:?}");

    let log = std::fs::read_to_string(data.path().join("reviews.jsonl")).unwrap();
    let cram: Vec<serde_json::Value> = log
        .lines()
        .skip(1)
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(cram.len(), 2, "{log}");
    assert!(cram.iter().all(|v| v["kind"] == "cram"), "{log}");
    assert_eq!(cram[0]["card"], order[0].card.as_str());
    assert_eq!(
        (cram[0]["grade"].as_u64(), cram[1]["grade"].as_u64()),
        (Some(5), Some(4))
    );
    assert_eq!(
        due_json(data.path(), TODAY),
        before,
        "a quiz must not change the schedule"
    );
}

/// The live demo in the review screen really starts worker processes, and
/// Esc kills and reaps them: their pids are gone before the app goes on.
#[test]
fn a_demo_in_the_review_screen_and_esc_reaps_its_processes() {
    let data = tempfile::tempdir().unwrap();
    write_deck(
        data.path(),
        "zz.toml",
        "[deck]\nid = \"zz\"\nname = \"Zz processes\"\n\n[[cards]]\nid = \"a\"\nfront = \"How many processes for CPU work?\"\nback = \"n_cores\"\ndemo = { name = \"process-sweep\", seconds = 10 }\n",
    );
    let mut app = Running::start(data.path());
    app.wait_for("Zz processes");
    // The user deck is the last one.
    app.press("G\r");
    app.wait_for("How many processes for CPU work?");
    app.press(" ");
    app.wait_for("demo: process-sweep");
    let me = app.pid.unwrap();
    // Worker rows show `pid N`; wait until a worker process (not concur) runs.
    let workers = app.wait_until("a worker process", |screen| {
        let pids: Vec<u32> = screen
            .split("pid ")
            .skip(1)
            .filter_map(|rest| rest.split_whitespace().next()?.parse().ok())
            .filter(|&p| p != me)
            .collect();
        (!pids.is_empty()).then_some(pids)
    });
    #[cfg(target_os = "linux")]
    for pid in &workers {
        assert!(procs::listed(*pid), "worker {pid} should be running");
    }
    // Esc stops the demo and closes its pane.
    app.press("\x1b");
    app.wait_for("d run demo ");
    app.wait_until("the pane to close", |s| {
        (!s.contains("demo: process-sweep")).then_some(())
    });
    #[cfg(target_os = "linux")]
    for pid in &workers {
        assert!(
            !procs::listed(*pid),
            "worker {pid} is still there after Esc (not killed or not reaped)"
        );
    }
    app.press("q");
    app.wait_for("New cards per day");
    app.press("q");
    let status = app.wait_exit();
    assert!(status.success(), "exit status {status:?}");
}

/// Closing the terminal (every master side of the pty) ends concur: it must
/// not spin forever on the dead terminal (crossterm's reader would).
#[test]
fn a_vanished_terminal_ends_the_app() {
    let data = tempfile::tempdir().unwrap();
    let (master, mut child) = spawn_in_pty(data.path(), &[]);
    let mut killer = child.clone_killer();
    // Read until the home screen is drawn, then let go of the reader.
    let mut reader = master.try_clone_reader().unwrap();
    let (seen_tx, seen_rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut seen = Vec::new();
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            seen.extend_from_slice(&buf[..n]);
            if contains(&seen, b"quit") {
                let _ = seen_tx.send(());
                break;
            }
        }
        // `reader` (a copy of the master side) is closed here.
    });
    if seen_rx.recv_timeout(TIMEOUT).is_err() {
        let _ = killer.kill();
        panic!("the home screen never showed");
    }
    // Close the terminal: the last master descriptors go.
    drop(master);
    let (exit_tx, exit_rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = exit_tx.send(child.wait());
    });
    match exit_rx.recv_timeout(TIMEOUT) {
        Ok(status) => {
            // 129 as for SIGHUP: the terminal watchdog, or the SIGHUP the
            // kernel sends when the terminal hangs up.
            let status = status.unwrap();
            assert_eq!(status.exit_code(), 129, "{status:?}");
        }
        Err(_) => {
            let _ = killer.kill();
            panic!("concur kept running after its terminal closed");
        }
    }
}

/// Revealing a card whose demo has a CPython variant asks no program on the
/// UI thread: with a `python3` that does not answer until the test lets it,
/// the answer and the demo still show at once, `p` is not offered yet, and
/// it is offered once the background probe gets its answer. (Before the
/// probe moved off the UI thread, the reveal froze until `python3` answered,
/// so this test timed out.)
#[cfg(unix)]
#[test]
fn a_slow_python3_never_freezes_the_reveal() {
    use std::os::unix::fs::PermissionsExt;
    let data = tempfile::tempdir().unwrap();
    write_deck(
        data.path(),
        "zz.toml",
        "[deck]\nid = \"zz\"\nname = \"Zz python\"\n\n[[cards]]\nid = \"a\"\nfront = \"Threads or processes for computations?\"\nback = \"processes\"\ndemo = { name = \"cpu-bound\", seconds = 10 }\n",
    );
    // A `python3` that waits for the file `go` before it answers.
    let bin = tempfile::tempdir().unwrap();
    let go = bin.path().join("go");
    let script = bin.path().join("python3");
    std::fs::write(
        &script,
        format!(
            // Gives up after about a minute, so a failing run leaves nothing behind.
            "#!/bin/sh\nn=0\nwhile [ ! -e '{}' ] && [ $n -lt 1200 ]; do sleep 0.05; n=$((n+1)); done\nexit 0\n",
            go.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = std::env::join_paths(std::iter::once(bin.path().to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    let mut app = Running::start_env(data.path(), &[], &[("PATH", path.as_os_str())]);
    app.wait_for("Zz python");
    app.press("G\r");
    app.wait_for("Threads or processes for computations?");
    app.press(" ");
    app.wait_for("demo: cpu-bound");
    app.wait_for("processes");
    assert!(
        !app.text().contains("p: real CPython"),
        "offered before python3 answered:\n{}",
        app.text()
    );
    // python3 answers: the probe's message offers the real thing.
    std::fs::write(&go, "").unwrap();
    app.wait_for("p: real CPython");
    app.press("\x1b");
    app.press("q");
    app.wait_for("New cards per day");
    app.press("q");
    let status = app.wait_exit();
    assert!(status.success(), "exit status {status:?}");
}
