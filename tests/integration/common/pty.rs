//! The real `concur` binary in a pseudo-terminal, read through a VT100
//! screen model (the `vt100` crate) so tests see the screen a person would
//! see, not the stream of partial updates. Nothing sleeps: output arrives on
//! a channel, every wait has a generous timeout, and a timeout kills the
//! child before it panics with the screen.

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use portable_pty::{Child, ChildKiller, CommandBuilder, ExitStatus, MasterPty, PtySize};

use super::TODAY;

/// Long enough for a loaded CI machine; only reached when something is wrong.
pub const TIMEOUT: Duration = Duration::from_secs(60);

/// The terminal's size: 80 columns, 24 rows.
const COLS: NonZeroU16 = NonZeroU16::new(80).unwrap();
const ROWS: NonZeroU16 = NonZeroU16::new(24).unwrap();

/// Starts the real `concur` in a new 80×24 pseudo-terminal, with its own
/// data folder and a fixed day; returns the terminal's master side.
pub fn spawn_in_pty(
    data: &Path,
    args: &[&str],
) -> (Box<dyn MasterPty + Send>, Box<dyn Child + Send + Sync>) {
    spawn_in_pty_env(data, args, &[])
}

/// [`spawn_in_pty`] with extra environment variables.
pub fn spawn_in_pty_env(
    data: &Path,
    args: &[&str],
    env: &[(&str, &std::ffi::OsStr)],
) -> (Box<dyn MasterPty + Send>, Box<dyn Child + Send + Sync>) {
    let pair = portable_pty::native_pty_system()
        .openpty(PtySize {
            rows: ROWS.get(),
            cols: COLS.get(),
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(super::exe());
    cmd.arg("--data-dir");
    cmd.arg(data);
    cmd.args(["--today", TODAY]);
    cmd.args(args);
    cmd.env("TERM", "xterm-256color");
    cmd.env_remove("CONCUR_HOME");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    (pair.master, child)
}

/// The program in a pty: its screen (fed by a reader thread), a way to type,
/// its exit status (from a waiter thread) and a killer for timeouts.
pub struct Running {
    rx: Receiver<Vec<u8>>,
    screen: vt100::Parser,
    /// Every byte the program wrote, for checks on escape sequences.
    pub raw: Vec<u8>,
    killer: Box<dyn ChildKiller + Send + Sync>,
    writer: Box<dyn Write + Send>,
    exit: Receiver<std::io::Result<ExitStatus>>,
    /// The program's process id.
    pub pid: Option<u32>,
    // Kept open for the reader and writer.
    _master: Box<dyn MasterPty + Send>,
}

impl Running {
    /// Starts `concur` (the home screen) for a data folder.
    pub fn start(data: &Path) -> Running {
        Running::start_with(data, &[])
    }

    /// Starts `concur` with extra arguments for a data folder.
    pub fn start_with(data: &Path, args: &[&str]) -> Running {
        Running::start_env(data, args, &[])
    }

    /// Starts `concur` with extra arguments and environment variables.
    pub fn start_env(data: &Path, args: &[&str], env: &[(&str, &std::ffi::OsStr)]) -> Running {
        let (master, mut child) = spawn_in_pty_env(data, args, env);
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
            screen: vt100::Parser::new(ROWS, COLS, 0),
            raw: Vec::new(),
            killer,
            writer: master.take_writer().unwrap(),
            exit,
            pid,
            _master: master,
        }
    }

    /// Types `keys` as they are (escape sequences included).
    pub fn press(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// The text on the screen now, one line per row.
    pub fn text(&self) -> String {
        self.screen.screen().contents()
    }

    fn take(&mut self, chunk: &[u8]) {
        self.screen.process(chunk);
        self.raw.extend_from_slice(chunk);
    }

    /// Waits until `text` is on the screen.
    pub fn wait_for(&mut self, text: &str) {
        self.wait_until(&format!("{text:?}"), |shown| {
            shown.contains(text).then_some(())
        });
    }

    /// Waits until `check` finds what it looks for on the screen.
    pub fn wait_until<T>(&mut self, what: &str, check: impl Fn(&str) -> Option<T>) -> T {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let shown = self.text();
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
    pub fn wait_exit(&mut self) -> ExitStatus {
        let status = match self.exit.recv_timeout(TIMEOUT) {
            Ok(status) => status.unwrap(),
            Err(_) => {
                let _ = self.killer.kill();
                panic!("concur did not exit; the screen:\n{}", self.text());
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

/// Whether `needle` occurs in `hay`.
pub fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}
