//! [`RunMode`]: what one run of a demo does, by name.

use serde::{Deserialize, Serialize};

/// What one run of a demo does: how its workers run, or what it measures.
/// Serialized (in `--json` and in events) as the kebab-case name that
/// [`RunMode::as_str`] gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RunMode {
    /// One worker, one thread: the baseline.
    Sequential,
    /// Threads taking turns on a GIL.
    GilThreads,
    /// Plain threads.
    Threads,
    /// Worker processes.
    Processes,
    /// CPython, one job after another.
    PythonSequential,
    /// CPython's `ThreadPoolExecutor`.
    PythonThreading,
    /// CPython's `ProcessPoolExecutor`.
    PythonMultiprocessing,
    /// A thread pool whose threads take turns on a GIL.
    GilThreadPool,
    /// A thread pool.
    ThreadPool,
    /// A pool of worker processes.
    ProcessPool,
    /// One line to a child and back, one at a time.
    RoundTrip,
    /// Lines written and read at once.
    Pipelined,
    /// Signals to a busy child.
    Signals,
    /// Threads updating one counter without a lock.
    ThreadsUnlocked,
    /// Threads updating one counter under a mutex.
    ThreadsMutex,
    /// Threads updating one atomic counter.
    ThreadsAtomic,
    /// One thread multiplexing many waits.
    EventLoop,
    /// One thread per wait.
    ThreadPerWait,
    /// Lightweight tasks (futures).
    Tasks,
}

impl RunMode {
    /// Every mode.
    pub const ALL: [RunMode; 19] = [
        RunMode::Sequential,
        RunMode::GilThreads,
        RunMode::Threads,
        RunMode::Processes,
        RunMode::PythonSequential,
        RunMode::PythonThreading,
        RunMode::PythonMultiprocessing,
        RunMode::GilThreadPool,
        RunMode::ThreadPool,
        RunMode::ProcessPool,
        RunMode::RoundTrip,
        RunMode::Pipelined,
        RunMode::Signals,
        RunMode::ThreadsUnlocked,
        RunMode::ThreadsMutex,
        RunMode::ThreadsAtomic,
        RunMode::EventLoop,
        RunMode::ThreadPerWait,
        RunMode::Tasks,
    ];

    /// The name shown and serialized: `sequential`, `gil-threads`, ...
    pub fn as_str(self) -> &'static str {
        match self {
            RunMode::Sequential => "sequential",
            RunMode::GilThreads => "gil-threads",
            RunMode::Threads => "threads",
            RunMode::Processes => "processes",
            RunMode::PythonSequential => "python-sequential",
            RunMode::PythonThreading => "python-threading",
            RunMode::PythonMultiprocessing => "python-multiprocessing",
            RunMode::GilThreadPool => "gil-thread-pool",
            RunMode::ThreadPool => "thread-pool",
            RunMode::ProcessPool => "process-pool",
            RunMode::RoundTrip => "round-trip",
            RunMode::Pipelined => "pipelined",
            RunMode::Signals => "signals",
            RunMode::ThreadsUnlocked => "threads-unlocked",
            RunMode::ThreadsMutex => "threads-mutex",
            RunMode::ThreadsAtomic => "threads-atomic",
            RunMode::EventLoop => "event-loop",
            RunMode::ThreadPerWait => "thread-per-wait",
            RunMode::Tasks => "tasks",
        }
    }

    /// Whether the run's threads compute under the (simulated) GIL, so its
    /// timeline shows who holds the GIL.
    pub fn under_gil(self) -> bool {
        matches!(self, RunMode::GilThreads | RunMode::GilThreadPool)
    }

    /// Whether the run's measurements come from the real CPython.
    pub fn is_python(self) -> bool {
        matches!(
            self,
            RunMode::PythonSequential | RunMode::PythonThreading | RunMode::PythonMultiprocessing
        )
    }
}

impl std::fmt::Display for RunMode {
    /// The name, padded or aligned as the format asks (`{:<22}`).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_to_its_name_and_back() {
        for mode in RunMode::ALL {
            let json = serde_json::to_string(&mode).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", mode.as_str()));
            let back: Option<RunMode> = serde_json::from_str(&json).ok();
            assert_eq!(back, Some(mode));
        }
    }

    #[test]
    fn display_pads() {
        assert_eq!(format!("[{:<8}]", RunMode::Tasks), "[tasks   ]");
        assert_eq!(RunMode::GilThreads.to_string(), "gil-threads");
    }

    #[test]
    fn gil_and_python_modes() {
        let gil: Vec<_> = RunMode::ALL.into_iter().filter(|m| m.under_gil()).collect();
        assert_eq!(gil, [RunMode::GilThreads, RunMode::GilThreadPool]);
        assert!(
            RunMode::ALL
                .into_iter()
                .all(|m| m.is_python() == m.as_str().starts_with("python-"))
        );
    }
}
