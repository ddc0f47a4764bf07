//! Child processes: the global registry of live children, spawning, killing
//! and reaping, and the cleanup hooks for panics and signals.
//!
//! Every child a demo starts is registered here until it is reaped, so
//! [`kill_all_children`] can kill and reap them all from a panic hook or a
//! signal-handling thread. Children also die by themselves when the parent
//! dies abruptly: they keep a pipe from the parent on stdin and exit when it
//! reaches end of file (see `worker.rs`).

use std::io;
use std::process::{Child, ChildStdin, ChildStdout, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicI32, AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, OnceLock, TryLockError};
use std::time::{Duration, Instant};

use super::work::{Cancel, Stop, lock};

/// A child process a demo started, until it is reaped.
struct ChildEntry {
    pid: u32,
    owner: u64,
    child: Child,
    /// The child leads its own process group (kill the whole group).
    group: bool,
}

static REGISTRY: Mutex<Vec<ChildEntry>> = Mutex::new(Vec::new());
static NEXT_OWNER: AtomicU64 = AtomicU64::new(1);

/// A fresh owner id (one per running demo).
pub(crate) fn new_owner() -> u64 {
    NEXT_OWNER.fetch_add(1, Ordering::Relaxed)
}

/// A started child: its pid and the pipes the caller reads and writes.
pub(crate) struct Spawned {
    pub pid: u32,
    pub stdout: ChildStdout,
    /// `Some` when the caller asked to write to the child's stdin; otherwise
    /// the pipe stays in the registry (open) until the child is reaped.
    pub stdin: Option<ChildStdin>,
}

/// How to start a child.
pub(crate) struct SpawnSpec<'a> {
    pub owner: u64,
    pub cancel: &'a Cancel,
    /// Hand the stdin pipe to the caller.
    pub take_stdin: bool,
    /// Put the child in a new process group and kill the whole group.
    pub group: bool,
}

/// Starts `cmd` with piped stdin and stdout and registers it. Refuses (and
/// kills the child) if the demo was cancelled meanwhile.
pub(crate) fn spawn(cmd: &mut Command, spec: &SpawnSpec<'_>) -> Result<Spawned, Stop> {
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    #[cfg(unix)]
    if spec.group {
        use std::os::unix::process::CommandExt;
        cmd.process_group(0);
    }
    spec.cancel.check()?;
    // Spawn under the lock so that kill_all_children never misses a child
    // that was started but not registered yet.
    let mut reg = lock(&REGISTRY);
    let mut child = cmd.spawn().map_err(|e| {
        Stop::failed(format!(
            "could not start {}: {e}",
            cmd.get_program().to_string_lossy()
        ))
    })?;
    let pid = child.id();
    let stdout = child.stdout.take();
    let stdin = if spec.take_stdin {
        child.stdin.take()
    } else {
        None
    };
    let mut entry = ChildEntry {
        pid,
        owner: spec.owner,
        child,
        group: spec.group,
    };
    let Some(stdout) = stdout else {
        drop(reg);
        finish(&mut entry);
        return Err(Stop::failed("child has no stdout pipe"));
    };
    if spec.cancel.is_cancelled() {
        drop(reg);
        finish(&mut entry);
        return Err(Stop::Cancelled);
    }
    reg.push(entry);
    Ok(Spawned { pid, stdout, stdin })
}

/// Reaps child `pid` once its stdout has closed: waits for it if it has
/// exited, kills it first if it has not. Returns its exit status, or `None`
/// if someone else (a cancel) already reaped it.
pub(crate) fn reap(pid: u32) -> Option<ExitStatus> {
    let mut entry = {
        let mut reg = lock(&REGISTRY);
        let i = reg.iter().position(|e| e.pid == pid)?;
        reg.swap_remove(i)
    };
    finish(&mut entry)
}

/// Kills and reaps every live child of one demo.
pub(crate) fn kill_owner(owner: u64) {
    let mine: Vec<ChildEntry> = {
        let mut reg = lock(&REGISTRY);
        let (mine, rest) = std::mem::take(&mut *reg)
            .into_iter()
            .partition(|e| e.owner == owner);
        *reg = rest;
        mine
    };
    for mut e in mine {
        finish(&mut e);
    }
}

/// Kills and reaps every live demo child (of every demo). Safe to call from a
/// panic hook or a signal-handling thread, and more than once.
pub fn kill_all_children() {
    let all: Vec<ChildEntry> = match lock_for_cleanup() {
        Some(mut reg) => std::mem::take(&mut *reg),
        None => return,
    };
    for mut e in all {
        finish(&mut e);
    }
}

/// The pids of the demo children alive right now (registered, not reaped).
pub fn live_children() -> Vec<u32> {
    lock(&REGISTRY).iter().map(|e| e.pid).collect()
}

/// Takes the registry lock for cleanup paths, without deadlocking if this
/// very thread panicked while holding it (gives up after a short while).
fn lock_for_cleanup() -> Option<MutexGuard<'static, Vec<ChildEntry>>> {
    let deadline = Instant::now() + Duration::from_millis(500);
    loop {
        match REGISTRY.try_lock() {
            Ok(g) => return Some(g),
            Err(TryLockError::Poisoned(p)) => return Some(p.into_inner()),
            Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                std::thread::yield_now();
            }
            Err(TryLockError::WouldBlock) => return None,
        }
    }
}

fn finish(e: &mut ChildEntry) -> Option<ExitStatus> {
    if let Ok(Some(status)) = e.child.try_wait() {
        return Some(status);
    }
    #[cfg(unix)]
    if e.group
        && let Some(pgid) = pid_of(e.pid)
    {
        let _ = rustix::process::kill_process_group(pgid, rustix::process::Signal::KILL);
    }
    let _ = e.child.kill();
    e.child.wait().ok()
}

/// `pid` as a process id rustix accepts: `None` for 0 and for values out of
/// the range of pids.
#[cfg(unix)]
fn pid_of(pid: u32) -> Option<rustix::process::Pid> {
    rustix::process::Pid::from_raw(i32::try_from(pid).ok()?)
}

/// Sends signal `sig` to process `pid`.
#[cfg(unix)]
pub(crate) fn send_signal(pid: u32, sig: rustix::process::Signal) -> io::Result<()> {
    let pid = pid_of(pid).ok_or_else(|| io::Error::from(io::ErrorKind::InvalidInput))?;
    Ok(rustix::process::kill_process(pid, sig)?)
}

/// Whether a process with this pid exists (a zombie counts as existing: a
/// child that was killed but not reaped is still there).
#[cfg(unix)]
pub fn pid_alive(pid: u32) -> bool {
    let Some(pid) = pid_of(pid) else {
        return false;
    };
    match rustix::process::test_kill_process(pid) {
        Ok(()) => true,
        Err(e) => e != rustix::io::Errno::SRCH,
    }
}

/// Whether a process with this pid exists (not known on this platform: `false`).
#[cfg(not(unix))]
pub fn pid_alive(_pid: u32) -> bool {
    false
}

static EXIT_SIGNAL: AtomicI32 = AtomicI32::new(0);

/// The signal (SIGINT, SIGTERM or SIGHUP) the cleanup hook is handling, if any: the
/// process is about to exit with 128 + that number.
pub(crate) fn exit_signal() -> Option<i32> {
    match EXIT_SIGNAL.load(Ordering::SeqCst) {
        0 => None,
        sig => Some(sig),
    }
}

/// Blocks this thread for good while the cleanup hook reaps the children
/// and exits the process (returning from `main` now would leave zombies).
pub(crate) fn park_until_exit() -> ! {
    loop {
        std::thread::park();
    }
}

/// Installs, once, the hooks that kill and reap every demo child when the
/// process panics (then runs the previous panic hook) or receives SIGINT,
/// SIGTERM or SIGHUP (then exits with 128 + the signal number).
///
/// For the command line. A full-screen app that must restore the terminal
/// first should install its own handlers and call [`kill_all_children`].
pub fn install_cleanup_hooks() -> io::Result<()> {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    if INSTALLED.get().is_some() {
        return Ok(());
    }
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        kill_all_children();
        previous(info);
    }));
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        // SIGHUP: the terminal was closed (or hung up).
        let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])?;
        std::thread::Builder::new()
            .name("demo-signals".into())
            .spawn(move || {
                if let Some(sig) = signals.forever().next() {
                    EXIT_SIGNAL.store(sig, Ordering::SeqCst);
                    kill_all_children();
                    std::process::exit(128 + sig);
                }
            })?;
    }
    let _ = INSTALLED.set(());
    Ok(())
}

/// Memory figures of a process from `/proc/PID/status` (Linux): resident and
/// virtual size in KiB. `None` elsewhere.
pub(crate) fn memory_kib(pid: Option<u32>) -> Option<(u64, u64)> {
    let path = match pid {
        Some(pid) => format!("/proc/{pid}/status"),
        None => "/proc/self/status".to_string(),
    };
    let text = std::fs::read_to_string(path).ok()?;
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|n| n.parse::<u64>().ok())
    };
    Some((field("VmRSS:")?, field("VmSize:")?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_memory_is_readable_on_linux() {
        if cfg!(target_os = "linux") {
            let (rss, virt) = memory_kib(None).unwrap_or_default();
            assert!(rss > 0 && virt >= rss);
        }
    }

    #[cfg(unix)]
    #[test]
    fn pid_alive_sees_ourselves_not_nonsense() {
        assert!(pid_alive(std::process::id()));
        assert!(!pid_alive(0));
        assert!(!pid_alive(u32::MAX));
    }

    #[cfg(unix)]
    #[test]
    fn a_registered_child_is_killed_and_reaped_by_owner() {
        let cancel = Cancel::default();
        let owner = new_owner();
        let mut cmd = Command::new("cat"); // waits on its stdin pipe forever
        let spec = SpawnSpec {
            owner,
            cancel: &cancel,
            take_stdin: false,
            group: false,
        };
        let Ok(child) = spawn(&mut cmd, &spec) else {
            return; // no `cat` here: nothing to test
        };
        assert!(live_children().contains(&child.pid));
        kill_owner(owner);
        assert!(!live_children().contains(&child.pid));
        assert!(!pid_alive(child.pid), "killed and reaped, not a zombie");
    }
}
