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
    /// CPython threads doing `counter += 1` on one shared counter.
    PythonCounter,
    /// CPython threads reading, calling a function, then writing the counter.
    PythonCallBetween,
    /// CPython threads updating the counter under a `threading.Lock`.
    PythonLock,
    /// A forked CPython child incrementing its copy of the counter (or, in `spawn-cost`, CPython forking processes).
    PythonFork,
    /// CPython creating coroutine objects.
    PythonCoroutine,
    /// CPython's `asyncio.create_task`.
    PythonTask,
    /// CPython starting `threading.Thread`s.
    PythonThread,
    /// CPython starting processes with the `spawn` method.
    PythonSpawn,
    /// CPython's asyncio: one thread, many waits.
    PythonAsyncio,
    /// CPython: one thread per wait.
    PythonThreadPerWait,
    /// Signals to CPython, handled by a Python handler.
    PythonSignals,
    /// `cpu-and-io`, CPU half: one worker, one thread (its baseline).
    CpuSequential,
    /// `cpu-and-io`, CPU half: threads taking turns on a GIL.
    CpuGilThreads,
    /// `cpu-and-io`, CPU half: worker processes.
    CpuProcesses,
    /// `cpu-and-io`, I/O half: one wait after another (its baseline).
    IoSequential,
    /// `cpu-and-io`, I/O half: GIL threads, which release it while they wait.
    IoGilThreads,
    /// `cpu-and-io`, I/O half: worker processes.
    IoProcesses,
    /// `cpu-and-io --python`, CPU half: CPython, one job after another.
    PythonCpuSequential,
    /// `cpu-and-io --python`, CPU half: CPython's `ThreadPoolExecutor`.
    PythonCpuThreading,
    /// `cpu-and-io --python`, CPU half: CPython's `ProcessPoolExecutor`.
    PythonCpuMultiprocessing,
    /// `cpu-and-io --python`, I/O half: CPython, one sleep after another.
    PythonIoSequential,
    /// `cpu-and-io --python`, I/O half: CPython's `ThreadPoolExecutor`.
    PythonIoThreading,
    /// `cpu-and-io --python`, I/O half: CPython's `ProcessPoolExecutor`.
    PythonIoMultiprocessing,
}

/// How the name of every CPython mode begins.
const PYTHON_PREFIX: &str = "python-";

impl RunMode {
    /// Every mode.
    pub const ALL: [RunMode; 42] = [
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
        RunMode::PythonCounter,
        RunMode::PythonCallBetween,
        RunMode::PythonLock,
        RunMode::PythonFork,
        RunMode::PythonCoroutine,
        RunMode::PythonTask,
        RunMode::PythonThread,
        RunMode::PythonSpawn,
        RunMode::PythonAsyncio,
        RunMode::PythonThreadPerWait,
        RunMode::PythonSignals,
        RunMode::CpuSequential,
        RunMode::CpuGilThreads,
        RunMode::CpuProcesses,
        RunMode::IoSequential,
        RunMode::IoGilThreads,
        RunMode::IoProcesses,
        RunMode::PythonCpuSequential,
        RunMode::PythonCpuThreading,
        RunMode::PythonCpuMultiprocessing,
        RunMode::PythonIoSequential,
        RunMode::PythonIoThreading,
        RunMode::PythonIoMultiprocessing,
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
            RunMode::PythonCounter => "python-counter",
            RunMode::PythonCallBetween => "python-call-between",
            RunMode::PythonLock => "python-lock",
            RunMode::PythonFork => "python-fork",
            RunMode::PythonCoroutine => "python-coroutine",
            RunMode::PythonTask => "python-task",
            RunMode::PythonThread => "python-thread",
            RunMode::PythonSpawn => "python-spawn",
            RunMode::PythonAsyncio => "python-asyncio",
            RunMode::PythonThreadPerWait => "python-thread-per-wait",
            RunMode::PythonSignals => "python-signals",
            RunMode::CpuSequential => "cpu-sequential",
            RunMode::CpuGilThreads => "cpu-gil-threads",
            RunMode::CpuProcesses => "cpu-processes",
            RunMode::IoSequential => "io-sequential",
            RunMode::IoGilThreads => "io-gil-threads",
            RunMode::IoProcesses => "io-processes",
            RunMode::PythonCpuSequential => "python-cpu-sequential",
            RunMode::PythonCpuThreading => "python-cpu-threading",
            RunMode::PythonCpuMultiprocessing => "python-cpu-multiprocessing",
            RunMode::PythonIoSequential => "python-io-sequential",
            RunMode::PythonIoThreading => "python-io-threading",
            RunMode::PythonIoMultiprocessing => "python-io-multiprocessing",
        }
    }

    /// Whether the run's threads compute under the (simulated) GIL, so its
    /// timeline shows who holds the GIL.
    pub fn under_gil(self) -> bool {
        matches!(
            self,
            RunMode::GilThreads
                | RunMode::GilThreadPool
                | RunMode::CpuGilThreads
                | RunMode::IoGilThreads
        )
    }

    /// Whether the run is the I/O half of a demo that runs both halves
    /// (`cpu-and-io`): judged as waits, not as CPU work.
    pub fn is_io_half(self) -> bool {
        matches!(
            self,
            RunMode::IoSequential
                | RunMode::IoGilThreads
                | RunMode::IoProcesses
                | RunMode::PythonIoSequential
                | RunMode::PythonIoThreading
                | RunMode::PythonIoMultiprocessing
        )
    }

    /// Whether the run is CPython's one-job-at-a-time baseline.
    pub fn is_python_sequential(self) -> bool {
        matches!(
            self,
            RunMode::PythonSequential | RunMode::PythonCpuSequential | RunMode::PythonIoSequential
        )
    }

    /// Whether the run is CPython's threads (one at a time on the GIL,
    /// where it is enabled).
    pub fn is_python_threading(self) -> bool {
        matches!(
            self,
            RunMode::PythonThreading | RunMode::PythonCpuThreading | RunMode::PythonIoThreading
        )
    }

    /// Whether the run's measurements come from the real CPython.
    pub fn is_python(self) -> bool {
        self.as_str().starts_with(PYTHON_PREFIX)
    }

    /// The name shortened for a narrow column: `py-threading` for
    /// `python-threading`; other names as they are.
    pub fn short_name(self) -> String {
        match self.as_str().strip_prefix(PYTHON_PREFIX) {
            Some(rest) => format!("py-{rest}"),
            None => self.as_str().to_string(),
        }
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
        assert_eq!(
            gil,
            [
                RunMode::GilThreads,
                RunMode::GilThreadPool,
                RunMode::CpuGilThreads,
                RunMode::IoGilThreads
            ]
        );
        let python = RunMode::ALL.into_iter().filter(|m| m.is_python()).count();
        assert_eq!(python, 20);
        let io = RunMode::ALL.into_iter().filter(|m| m.is_io_half()).count();
        assert_eq!(io, 6);
        assert!(!RunMode::Tasks.is_python() && RunMode::PythonTask.is_python());
        assert_eq!(RunMode::PythonThreading.short_name(), "py-threading");
        assert_eq!(RunMode::GilThreads.short_name(), "gil-threads");
    }
}
