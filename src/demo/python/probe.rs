//! Asking an interpreter one yes-or-no question (`CMD -c CODE`, exit status
//! 0 for yes) as a registered demo child: killed with its process group at
//! exit, on a panic or a signal like every demo child, and after a time
//! limit if it has not answered. A hung or slow `python3` (or a fake
//! `python3.13t` on PATH) never holds a thread forever or outlives concur.

use std::io::Read;
use std::process::Command;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use super::super::procs::{self, SpawnSpec};
use super::super::work::Cancel;

/// How long an interpreter has to answer.
pub(crate) const PROBE_LIMIT: Duration = Duration::from_secs(10);

/// True if `cmd -c code` exits with status 0 within `limit`; false if it
/// cannot start, fails, or is killed at the limit.
pub(crate) fn ask(cmd: &str, code: &str, limit: Duration) -> bool {
    let cancel = Cancel::default();
    let spec = SpawnSpec {
        owner: procs::new_owner(),
        cancel: &cancel,
        take_stdin: false,
        group: true,
    };
    let mut c = Command::new(cmd);
    c.args(["-c", code]);
    let Ok(mut child) = procs::spawn(&mut c, &spec) else {
        return false;
    };
    let pid = child.pid;
    let (answered, timer) = mpsc::channel::<()>();
    let watchdog = std::thread::Builder::new()
        .name("python-probe-limit".into())
        .spawn(move || {
            if timer.recv_timeout(limit) == Err(RecvTimeoutError::Timeout) {
                // Kills its whole group: the pipe below then closes.
                procs::reap(pid);
            }
        });
    // The pipe closes when the child and its group are gone.
    let _ = std::io::copy(&mut (&mut child.stdout).take(1 << 20), &mut std::io::sink());
    drop(answered);
    let status = procs::reap(pid);
    if let Ok(w) = watchdog {
        let _ = w.join();
    }
    status.is_some_and(|s| s.success())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn yes_no_and_a_hang_killed_at_the_limit() {
        let limit = Duration::from_millis(300);
        assert!(ask("sh", "exit 0", limit));
        assert!(!ask("sh", "exit 1", limit));
        assert!(!ask("no-such-interpreter-here", "", limit));
        // A child of the probe that keeps the pipe open is in its group:
        // killed with it at the limit, so this returns.
        // (Were it not, the read would wait for the background sleep.)
        assert!(!ask("sh", "sleep 600 & sleep 600", limit));
    }
}
