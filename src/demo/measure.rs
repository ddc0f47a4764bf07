//! What the machine gave a run: CPU clocks (this thread, this process) and
//! how busy all the cores were (`/proc/stat`, Linux), so a run can say how
//! many CPU-seconds per wall-second its workers got and how many cores
//! *other* programs used meanwhile.
//!
//! Every reading is `None` where the platform cannot give it; nothing here
//! fails or panics.

use std::time::{Duration, Instant};

/// CPU time this thread has used since it started (`None` off Unix).
pub(crate) fn thread_cpu() -> Option<Duration> {
    #[cfg(unix)]
    {
        let t = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
        Some(timespec(t.tv_sec, t.tv_nsec))
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// CPU time this process (all its threads) has used (`None` off Unix).
pub(crate) fn process_cpu() -> Option<Duration> {
    #[cfg(unix)]
    {
        let t = rustix::time::clock_gettime(rustix::time::ClockId::ProcessCPUTime);
        Some(timespec(t.tv_sec, t.tv_nsec))
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// The system-wide monotonic clock (`CLOCK_MONOTONIC`), in nanoseconds:
/// the one clock every process on the machine reads alike (CPython's
/// `time.monotonic_ns` is the same clock on Linux), so stamps from worker
/// processes and from the parent compare. Elsewhere, nanoseconds since this
/// process first asked (then only threads of one process compare).
pub(crate) fn mono_ns() -> u64 {
    #[cfg(unix)]
    {
        let t = rustix::time::clock_gettime(rustix::time::ClockId::Monotonic);
        u64::try_from(timespec(t.tv_sec, t.tv_nsec).as_nanos()).unwrap_or(u64::MAX)
    }
    #[cfg(not(unix))]
    {
        static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
        let start = *START.get_or_init(Instant::now);
        u64::try_from(start.elapsed().as_nanos()).unwrap_or(u64::MAX)
    }
}

#[cfg(unix)]
fn timespec(sec: i64, nsec: i64) -> Duration {
    let sec = u64::try_from(sec).unwrap_or(0);
    let nsec = u32::try_from(nsec.clamp(0, 999_999_999)).unwrap_or(0);
    Duration::new(sec, nsec)
}

/// CPU time all cores spent on anything but idling since boot, summed over
/// the cores (user, nice, system, irq, softirq, steal of `/proc/stat`'s
/// `cpu` line). `None` where there is no `/proc/stat`.
pub(crate) fn system_busy() -> Option<Duration> {
    #[cfg(target_os = "linux")]
    {
        let text = std::fs::read_to_string("/proc/stat").ok()?;
        let ticks = busy_ticks(&text)?;
        let hz = rustix::param::clock_ticks_per_second().max(1);
        Some(Duration::from_secs_f64(ticks as f64 / hz as f64))
    }
    #[cfg(not(target_os = "linux"))]
    {
        None
    }
}

/// The busy ticks of `/proc/stat`'s first line: `cpu user nice system idle
/// iowait irq softirq steal ...` (guest time is already inside user).
pub(crate) fn busy_ticks(stat: &str) -> Option<u64> {
    let line = stat.lines().find(|l| l.starts_with("cpu "))?;
    let f: Vec<u64> = line
        .split_whitespace()
        .skip(1)
        .map(|x| x.parse().ok())
        .collect::<Option<_>>()?;
    let at = |i: usize| f.get(i).copied().unwrap_or(0);
    if f.len() < 4 {
        return None;
    }
    // user nice system [idle iowait] irq softirq steal
    Some(at(0) + at(1) + at(2) + at(5) + at(6) + at(7))
}

/// What `/proc/PID/status` says of a process: resident memory and context
/// switches (Linux only).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct ProcStatus {
    /// Resident memory, KiB (`VmRSS`).
    pub rss_kib: u64,
    /// Times it gave up the CPU itself (waiting).
    pub voluntary: u64,
    /// Times the scheduler took the CPU from it (other work to run).
    pub nonvoluntary: u64,
}

/// The status of process `pid` (`None`: this one), or `None` where
/// `/proc` does not say (not Linux, or the process is gone).
pub(crate) fn proc_status(pid: Option<u32>) -> Option<ProcStatus> {
    let path = match pid {
        Some(pid) => format!("/proc/{pid}/status"),
        None => "/proc/self/status".to_string(),
    };
    parse_status(&std::fs::read_to_string(path).ok()?)
}

/// Parses the text of `/proc/PID/status`; `None` if a field is missing.
pub(crate) fn parse_status(text: &str) -> Option<ProcStatus> {
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name)?.strip_prefix(':'))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|n| n.parse::<u64>().ok())
    };
    Some(ProcStatus {
        rss_kib: field("VmRSS")?,
        voluntary: field("voluntary_ctxt_switches")?,
        nonvoluntary: field("nonvoluntary_ctxt_switches")?,
    })
}

/// CPU time of this process and every process below it (children,
/// grandchildren such as CPython's pool workers, and what they already
/// reaped), from `/proc` (Linux; `None` elsewhere). A helper process a demo
/// starts is our own work, not another program's, whether or not it
/// reports its CPU time.
pub(crate) fn tree_cpu() -> Option<Duration> {
    #[cfg(target_os = "linux")]
    {
        let me = std::process::id();
        let mut parent = std::collections::HashMap::new();
        let mut ticks = std::collections::HashMap::new();
        for entry in std::fs::read_dir("/proc").ok()?.flatten() {
            let Some(pid) = entry
                .file_name()
                .to_str()
                .and_then(|s| s.parse::<u32>().ok())
            else {
                continue;
            };
            // A process may end between the listing and the read.
            let Ok(text) = std::fs::read_to_string(entry.path().join("stat")) else {
                continue;
            };
            if let Some((ppid, t)) = stat_ppid_ticks(&text) {
                parent.insert(pid, ppid);
                ticks.insert(pid, t);
            }
        }
        ticks.get(&me)?;
        let mut total = 0u64;
        for (&pid, &t) in &ticks {
            let mut p = pid;
            // Parent chains are short; the bound only guards odd data.
            for _ in 0..64 {
                if p == me {
                    total += t;
                    break;
                }
                match parent.get(&p) {
                    Some(&pp) if pp != 0 => p = pp,
                    _ => break,
                }
            }
        }
        let hz = rustix::param::clock_ticks_per_second().max(1);
        Some(Duration::from_secs_f64(total as f64 / hz as f64))
    }
    #[cfg(not(target_os = "linux"))]
    {
        None
    }
}

/// The parent pid and the CPU ticks (utime + stime + cutime + cstime) of a
/// `/proc/PID/stat` line; the name in parentheses may hold any character.
pub(crate) fn stat_ppid_ticks(stat: &str) -> Option<(u32, u64)> {
    let rest = &stat[stat.rfind(')')? + 1..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let num = |i: usize| f.get(i).and_then(|x| x.parse::<u64>().ok());
    let ppid = u32::try_from(num(1)?).ok()?;
    Some((ppid, num(11)? + num(12)? + num(13)? + num(14)?))
}

/// A measuring window around one run: wall time, this process's CPU time
/// (and its whole process tree's, where `/proc` says) and every core's busy
/// time at its start.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Window {
    t0: Instant,
    own0: Option<Duration>,
    tree0: Option<Duration>,
    sys0: Option<Duration>,
}

/// What a window saw.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Seen {
    /// Wall time of the window.
    pub wall: Duration,
    /// CPU-seconds other programs used during the window (busy time of all
    /// cores minus this process's and `ours_outside`); `None` if unknown.
    pub other_cpu: Option<Duration>,
}

impl Window {
    /// A window starting now.
    pub(crate) fn start() -> Self {
        Window {
            own0: process_cpu(),
            tree0: tree_cpu(),
            sys0: system_busy(),
            t0: Instant::now(),
        }
    }

    /// Ends the window. Our own CPU is the whole process tree's where
    /// `/proc` says; elsewhere this process's plus `ours_outside`, the CPU
    /// time our work reported using outside it (worker processes, CPython).
    pub(crate) fn end(&self, ours_outside: Option<Duration>) -> Seen {
        let wall = self.t0.elapsed();
        let own1 = process_cpu();
        let tree1 = tree_cpu();
        let sys1 = system_busy();
        let ours = match (self.tree0, tree1, self.own0, own1) {
            (Some(t0), Some(t1), _, _) => Some(t1.saturating_sub(t0)),
            (_, _, Some(o0), Some(o1)) => {
                Some(o1.saturating_sub(o0) + ours_outside.unwrap_or_default())
            }
            _ => None,
        };
        let other_cpu = match (ours, self.sys0, sys1) {
            (Some(ours), Some(s0), Some(s1)) => Some(s1.saturating_sub(s0).saturating_sub(ours)),
            _ => None,
        };
        Seen { wall, other_cpu }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn stat_lines_give_parent_and_ticks_whatever_the_name() {
        let line = "4242 (a (weird) name) S 17 4242 4242 0 -1 4194560 100 0 0 0 7 3 20 10 20 0 1 0 100 0 0";
        assert_eq!(stat_ppid_ticks(line), Some((17, 7 + 3 + 20 + 10)));
        assert_eq!(stat_ppid_ticks("garbage"), None);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_busy_child_counts_as_our_own_cpu() {
        let t0 = tree_cpu().unwrap();
        // A child that burns CPU until it has used some, then exits.
        let status = std::process::Command::new("sh")
            .args(["-c", "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done"])
            .status()
            .unwrap();
        assert!(status.success());
        let t1 = tree_cpu().unwrap();
        assert!(t1 > t0, "{t0:?} -> {t1:?}: the reaped child's CPU is ours");
    }

    #[test]
    fn busy_ticks_skip_idle_and_iowait() {
        let stat = "cpu  100 5 20 1000 50 3 2 7 0 0\ncpu0 50 2 10 500 25 1 1 3 0 0\n";
        assert_eq!(busy_ticks(stat), Some(100 + 5 + 20 + 3 + 2 + 7));
        assert_eq!(busy_ticks("cpu0 1 2 3 4\n"), None);
        assert_eq!(busy_ticks("cpu  1 x 3 4\n"), None);
        assert_eq!(busy_ticks("cpu  1 2\n"), None);
        assert_eq!(busy_ticks("cpu  1 2 3 4\n"), Some(6));
    }

    #[test]
    fn status_fields_parse_and_missing_ones_give_none() {
        let text = "Name:\tconcur\nVmRSS:\t    2048 kB\nThreads:\t1\nvoluntary_ctxt_switches:\t12\nnonvoluntary_ctxt_switches:\t3\n";
        assert_eq!(
            parse_status(text),
            Some(ProcStatus {
                rss_kib: 2048,
                voluntary: 12,
                nonvoluntary: 3
            })
        );
        assert_eq!(parse_status("VmRSS:\t1 kB\n"), None);
        assert_eq!(parse_status(""), None);
        // Our own status is readable on Linux, unknown elsewhere.
        assert_eq!(
            proc_status(None).is_some_and(|s| s.rss_kib > 0),
            cfg!(target_os = "linux")
        );
    }

    #[test]
    fn clocks_move_with_work() {
        if cfg!(unix) {
            let t0 = thread_cpu().unwrap_or_default();
            let p0 = process_cpu().unwrap_or_default();
            crate::demo::work::spin(2_000_000, 1);
            assert!(thread_cpu().unwrap_or_default() > t0);
            assert!(process_cpu().unwrap_or_default() > p0);
        }
    }

    #[test]
    fn a_window_sees_its_wall_and_others_on_linux() {
        let w = Window::start();
        crate::demo::work::spin(200_000, 1);
        let seen = w.end(None);
        assert!(seen.wall > Duration::ZERO);
        assert_eq!(seen.other_cpu.is_some(), cfg!(target_os = "linux"));
    }
}
