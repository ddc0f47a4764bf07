//! End to end: the real `concur` binary in a pseudo-terminal. Studies one
//! card (a, Space, 5), leaves (q q q), then checks the exit code and the
//! review log. Never sleeps: it waits for screen text on a channel with a
//! generous timeout, and kills the child if anything takes too long.
#![allow(clippy::unwrap_used)]

use std::io::{Read, Write};
use std::path::Path;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use concur::deck::{LoadOptions, load_decks};
use portable_pty::{ChildKiller, CommandBuilder, PtySize, native_pty_system};

/// Long enough for a loaded CI machine; only reached when something is wrong.
const TIMEOUT: Duration = Duration::from_secs(60);

/// A tiny terminal model: enough of VT100 to follow what ratatui draws
/// (cursor moves, clears, text; colours ignored), so the test reads the
/// screen a person would see, not the stream of partial updates.
struct Vt {
    cells: Vec<Vec<char>>,
    row: usize,
    col: usize,
}

impl Vt {
    fn new(cols: usize, rows: usize) -> Vt {
        Vt {
            cells: vec![vec![' '; cols]; rows],
            row: 0,
            col: 0,
        }
    }

    fn text(&self) -> String {
        self.cells
            .iter()
            .map(|r| r.iter().collect::<String>().trim_end().to_string())
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn feed(&mut self, bytes: &[u8]) {
        let s = String::from_utf8_lossy(bytes).into_owned();
        let mut chars = s.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\u{1b}' => match chars.next() {
                    Some('[') => {
                        let mut params = String::new();
                        let mut fin = None;
                        for c in chars.by_ref() {
                            if ('\u{40}'..='\u{7e}').contains(&c) {
                                fin = Some(c);
                                break;
                            }
                            params.push(c);
                        }
                        self.csi(&params, fin);
                    }
                    Some(']') => {
                        while let Some(c) = chars.next() {
                            if c == '\u{7}' || (c == '\u{1b}' && chars.next_if_eq(&'\\').is_some())
                            {
                                break;
                            }
                        }
                    }
                    _ => {}
                },
                '\r' => self.col = 0,
                '\n' => self.row = (self.row + 1).min(self.cells.len() - 1),
                c if c.is_control() => {}
                c => {
                    if let Some(cell) = self
                        .cells
                        .get_mut(self.row)
                        .and_then(|r| r.get_mut(self.col))
                    {
                        *cell = c;
                    }
                    self.col += 1;
                }
            }
        }
    }

    fn csi(&mut self, params: &str, fin: Option<char>) {
        if params.starts_with('?') {
            return;
        }
        let nums: Vec<usize> = params.split(';').map(|p| p.parse().unwrap_or(0)).collect();
        let n = |i: usize| nums.get(i).copied().filter(|&v| v > 0).unwrap_or(1);
        match fin {
            Some('H' | 'f') => {
                self.row = (n(0) - 1).min(self.cells.len() - 1);
                self.col = n(1) - 1;
            }
            Some('J') if nums.first() == Some(&2) || nums.first() == Some(&3) => {
                for r in &mut self.cells {
                    r.fill(' ');
                }
            }
            Some('K') => {
                if let Some(r) = self.cells.get_mut(self.row) {
                    for cell in r.iter_mut().skip(self.col) {
                        *cell = ' ';
                    }
                }
            }
            _ => {}
        }
    }
}

/// The program in a pty: its screen (fed by a reader thread), a way to type,
/// its exit status (from a waiter thread) and a killer for timeouts.
struct Running {
    rx: Receiver<Vec<u8>>,
    vt: Vt,
    raw: Vec<u8>,
    killer: Box<dyn ChildKiller + Send + Sync>,
    writer: Box<dyn Write + Send>,
    exit: Receiver<std::io::Result<portable_pty::ExitStatus>>,
    pid: Option<u32>,
    // Kept open for the reader and writer.
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

/// Starts the real `concur` in a new 80×24 pseudo-terminal, with its own
/// data folder and a fixed day; returns the terminal's master side.
fn spawn_in_pty(
    data: &Path,
    args: &[&str],
) -> (
    Box<dyn portable_pty::MasterPty + Send>,
    Box<dyn portable_pty::Child + Send + Sync>,
) {
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_concur"));
    cmd.arg("--data-dir");
    cmd.arg(data);
    cmd.args(["--today", "2026-11-25"]);
    cmd.args(args);
    cmd.env("TERM", "xterm-256color");
    cmd.env_remove("CONCUR_HOME");
    let child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    (pair.master, child)
}

impl Running {
    fn start(data: &std::path::Path) -> Running {
        Running::start_with(data, &[])
    }

    fn start_with(data: &std::path::Path, args: &[&str]) -> Running {
        let (master, mut child) = spawn_in_pty(data, args);
        let killer = child.clone_killer();
        let pid = child.process_id();
        let mut reader = master.try_clone_reader().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        let (exit_tx, exit) = mpsc::channel();
        std::thread::spawn(move || {
            let _ = exit_tx.send(child.wait());
        });
        Running {
            rx,
            vt: Vt::new(80, 24),
            raw: Vec::new(),
            killer,
            writer: master.take_writer().unwrap(),
            exit,
            pid,
            _master: master,
        }
    }

    fn press(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    fn take(&mut self, chunk: &[u8]) {
        self.vt.feed(chunk);
        self.raw.extend_from_slice(chunk);
    }

    /// Waits until `text` is on the screen.
    fn wait_for(&mut self, text: &str) {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let shown = self.vt.text();
            if shown.contains(text) {
                return;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(chunk) => self.take(&chunk),
                Err(RecvTimeoutError::Timeout) => {
                    let _ = self.killer.kill();
                    panic!("timed out waiting for {text:?}; the screen:\n{shown}");
                }
                Err(RecvTimeoutError::Disconnected) => {
                    panic!("the program ended before showing {text:?}; the screen:\n{shown}");
                }
            }
        }
    }

    /// Waits until `check` finds what it looks for on the screen.
    fn wait_until<T>(&mut self, what: &str, check: impl Fn(&str) -> Option<T>) -> T {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let shown = self.vt.text();
            if let Some(found) = check(&shown) {
                return found;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(chunk) => self.take(&chunk),
                Err(RecvTimeoutError::Timeout) => {
                    let _ = self.killer.kill();
                    panic!("timed out waiting for {what}; the screen:\n{shown}");
                }
                Err(RecvTimeoutError::Disconnected) => {
                    panic!("the program ended before showing {what}; the screen:\n{shown}");
                }
            }
        }
    }

    /// Waits for the exit status, then for the last output.
    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let status = match self.exit.recv_timeout(TIMEOUT) {
            Ok(status) => status.unwrap(),
            Err(_) => {
                let _ = self.killer.kill();
                panic!("concur did not exit; the screen:\n{}", self.vt.text());
            }
        };
        // The reader ends when the pty closes; take what is left.
        let deadline = Instant::now() + TIMEOUT;
        while let Ok(chunk) = self
            .rx
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
        {
            self.take(&chunk);
        }
        status
    }
}

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

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// SIGTERM and SIGHUP leave the alternate screen and raw mode before exit.
#[test]
fn signals_restore_the_terminal() {
    for (sig, code) in [("TERM", 143), ("HUP", 129)] {
        let data = tempfile::tempdir().unwrap();
        let mut app = Running::start(data.path());
        app.wait_for("New cards per day");
        let pid = app.pid.unwrap().to_string();
        let killed = std::process::Command::new("kill")
            .args([&format!("-{sig}"), &pid])
            .status()
            .unwrap();
        assert!(killed.success());
        let status = app.wait_exit();
        assert_eq!(status.exit_code(), code, "SIG{sig}: {status:?}");
        assert!(
            contains(&app.raw, b"\x1b[?1049l"),
            "SIG{sig}: alternate screen not left"
        );
    }
}

/// `concur due --json` for a data folder, as text.
fn due_json(data: &std::path::Path) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_concur"))
        .arg("--data-dir")
        .arg(data)
        .args(["--today", "2026-11-25", "due", "--json"])
        .env_remove("CONCUR_HOME")
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// A typed quiz in a real terminal: one exact answer, one typo (close, the
/// suggested grade changed to 4), the score, and the schedule untouched.
#[test]
fn typed_quiz_in_a_real_terminal_leaves_the_schedule_alone() {
    let data = tempfile::tempdir().unwrap();
    let decks_dir = data.path().join("decks");
    std::fs::create_dir_all(&decks_dir).unwrap();
    std::fs::write(
        decks_dir.join("short.toml"),
        "[deck]\nid = \"short\"\n\n[[cards]]\nid = \"cpu\"\nfront = \"Best for computations?\"\nback = \"multiprocessing\"\n\n[[cards]]\nid = \"io\"\nfront = \"Best for IO?\"\nback = \"multithreading\"\n",
    )
    .unwrap();
    // One earlier review, so the schedule has something to keep.
    std::fs::write(
        data.path().join("reviews.jsonl"),
        "{\"at\":\"2026-11-20T10:00:00.000+00:00\",\"deck\":\"short\",\"card\":\"cpu\",\"grade\":4,\"kind\":\"review\",\"ms\":1000}\n",
    )
    .unwrap();
    let before = due_json(data.path());
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
        &[
            "quiz", "--typed", "--deck", "short", "--count", "2", "--seed", "42",
        ],
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
        due_json(data.path()),
        before,
        "a quiz must not change the schedule"
    );
}

/// The live demo in the review screen really starts worker processes, and
/// Esc kills and reaps them: their pids are gone before the app goes on.
#[test]
fn a_demo_in_the_review_screen_and_esc_reaps_its_processes() {
    let data = tempfile::tempdir().unwrap();
    let decks = data.path().join("decks");
    std::fs::create_dir_all(&decks).unwrap();
    std::fs::write(
        decks.join("zz.toml"),
        "[deck]\nid = \"zz\"\nname = \"Zz processes\"\n\n[[cards]]\nid = \"a\"\nfront = \"How many processes for CPU work?\"\nback = \"n_cores\"\ndemo = { name = \"process-sweep\", seconds = 10 }\n",
    )
    .unwrap();
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
    for pid in &workers {
        assert!(
            Path::new(&format!("/proc/{pid}")).exists(),
            "worker {pid} should be running"
        );
    }
    // Esc stops the demo and closes its pane.
    app.press("\x1b");
    app.wait_for("d run demo ");
    app.wait_until("the pane to close", |s| {
        (!s.contains("demo: process-sweep")).then_some(())
    });
    for pid in &workers {
        assert!(
            !Path::new(&format!("/proc/{pid}")).exists(),
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
