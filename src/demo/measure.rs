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

/// A measuring window around one run: wall time, this process's CPU time
/// and every core's busy time at its start.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Window {
    t0: Instant,
    own0: Option<Duration>,
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
            sys0: system_busy(),
            t0: Instant::now(),
        }
    }

    /// Ends the window. `ours_outside` is CPU time our own work used outside
    /// this process (worker processes, CPython) during the window.
    pub(crate) fn end(&self, ours_outside: Option<Duration>) -> Seen {
        let wall = self.t0.elapsed();
        let own1 = process_cpu();
        let sys1 = system_busy();
        let other_cpu = match (self.own0, own1, self.sys0, sys1) {
            (Some(o0), Some(o1), Some(s0), Some(s1)) => {
                let ours = o1.saturating_sub(o0) + ours_outside.unwrap_or_default();
                Some(s1.saturating_sub(s0).saturating_sub(ours))
            }
            _ => None,
        };
        Seen { wall, other_cpu }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
