//! The demo catalog: every demo's name, one-line description and what it
//! offers, and the bounds of the parameters a deck or the command line may
//! ask for.
//!
//! Plain data with no dependencies (no runner, threads or processes), so the
//! deck loader can check names and bounds without knowing how demos run. The
//! run function of each entry is tied to it in `demo::demos`.

use std::time::Duration;

/// Fewest workers a demo may be asked for.
pub const MIN_WORKERS: u16 = 1;
/// Most workers a demo may use, whatever a deck or the command line asks.
pub const MAX_WORKERS: u16 = 64;
/// Fewest whole seconds a deck may ask a demo to run.
pub const MIN_SECONDS: u16 = 1;
/// Most seconds a demo may be asked to run (deck, command line, library).
pub const MAX_SECONDS: u16 = 10;
/// Longest a demo may be asked to run: [`MAX_SECONDS`].
pub const MAX_DURATION: Duration = Duration::from_secs(MAX_SECONDS as u64);
/// How long a demo aims to run when nothing else is asked.
pub const DEFAULT_DURATION: Duration = Duration::from_secs(3);
/// Shortest duration the library accepts (smaller requests are raised to this).
pub const MIN_DURATION: Duration = Duration::from_millis(20);

/// One entry of the built-in demo catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoInfo {
    /// The name a deck uses in `demo = "..."`.
    pub name: &'static str,
    /// A one-line description for `concur demo --list`.
    pub summary: &'static str,
    /// Whether the demo can also run the real CPython (`--python`, `p`).
    pub python: bool,
    /// Whether the demo only exists on Unix.
    pub unix_only: bool,
}

impl DemoInfo {
    /// Whether the demo can run on this platform.
    pub fn available_here(&self) -> bool {
        !self.unix_only || cfg!(unix)
    }
}

/// `gil`: the per-worker timeline under a GIL and without one.
pub const GIL: DemoInfo = DemoInfo {
    name: "gil",
    summary: "per-worker timeline: under the GIL one thread runs at a time; plain threads all run at once",
    python: true,
    unix_only: false,
};

/// `cpu-bound`: the same CPU work in every mode.
pub const CPU_BOUND: DemoInfo = DemoInfo {
    name: "cpu-bound",
    summary: "the same CPU work sequentially, with GIL threads, threads and processes",
    python: true,
    unix_only: false,
};

/// `io-bound`: blocking waits in every mode.
pub const IO_BOUND: DemoInfo = DemoInfo {
    name: "io-bound",
    summary: "blocking waits: threads hide latency, even under the GIL",
    python: true,
    unix_only: false,
};

/// `process-sweep`: CPU work with more and more processes.
pub const PROCESS_SWEEP: DemoInfo = DemoInfo {
    name: "process-sweep",
    summary: "CPU work with 1 to 2x cores processes: the speedup stops at the core count",
    python: false,
    unix_only: false,
};

/// `thread-sweep`: I/O work with more and more threads.
pub const THREAD_SWEEP: DemoInfo = DemoInfo {
    name: "thread-sweep",
    summary: "I/O work with m x cores GIL threads: the speedup grows with m until the CPU part and overhead win",
    python: true,
    unix_only: false,
};

/// `cpu-and-io`: both halves of "processes for computations, threads for
/// I/O".
pub const CPU_AND_IO: DemoInfo = DemoInfo {
    name: "cpu-and-io",
    summary: "computations and waits, each on GIL threads and on processes: processes for speed, threads for latency",
    python: true,
    unix_only: false,
};

/// `subprocess`: text streamed through a child's pipes.
pub const SUBPROCESS: DemoInfo = DemoInfo {
    name: "subprocess",
    summary: "spawn a child and stream text through its stdin and stdout",
    python: false,
    unix_only: false,
};

/// `signal`: signals to a busy child.
pub const SIGNAL: DemoInfo = DemoInfo {
    name: "signal",
    summary: "send signals to a busy child that handles them asynchronously (Unix)",
    python: true,
    unix_only: true,
};

/// `shared-memory`: one counter shared by threads, copied by processes.
pub const SHARED_MEMORY: DemoInfo = DemoInfo {
    name: "shared-memory",
    summary: "threads share one counter (lost updates without a lock); processes each count their own copy",
    python: true,
    unix_only: false,
};

/// `event-loop`: one thread multiplexing many waits.
pub const EVENT_LOOP: DemoInfo = DemoInfo {
    name: "event-loop",
    summary: "one thread multiplexing thousands of waits versus one thread per wait",
    python: true,
    unix_only: false,
};

/// `pool`: a thread pool and a process pool.
pub const POOL: DemoInfo = DemoInfo {
    name: "pool",
    summary: "a thread pool and a process pool mapping the same jobs",
    python: true,
    unix_only: false,
};

/// `spawn-cost`: the price of tasks, threads and processes.
pub const SPAWN_COST: DemoInfo = DemoInfo {
    name: "spawn-cost",
    summary: "time and memory to create lightweight tasks, threads and processes",
    python: true,
    unix_only: false,
};

/// Every demo the app knows, in `--list` order. Decks may only name these.
pub const CATALOG: &[DemoInfo] = &[
    GIL,
    CPU_BOUND,
    IO_BOUND,
    PROCESS_SWEEP,
    THREAD_SWEEP,
    CPU_AND_IO,
    SUBPROCESS,
    SIGNAL,
    SHARED_MEMORY,
    EVENT_LOOP,
    POOL,
    SPAWN_COST,
];

/// Looks a demo up by name: `Some` exactly for the known names.
pub fn find(name: &str) -> Option<&'static DemoInfo> {
    CATALOG.iter().find(|d| d.name == name)
}

/// The known demo names, in catalog order.
pub fn names() -> impl Iterator<Item = &'static str> {
    CATALOG.iter().map(|d| d.name)
}

/// The valid demo names, comma-separated (for error messages).
pub fn valid_names() -> String {
    names().collect::<Vec<_>>().join(", ")
}

/// The names of the demos with a CPython variant, comma-separated.
pub fn python_names() -> String {
    CATALOG
        .iter()
        .filter(|d| d.python)
        .map(|d| d.name)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_found() {
        for (i, d) in CATALOG.iter().enumerate() {
            assert_eq!(find(d.name), Some(d));
            assert!(CATALOG[..i].iter().all(|e| e.name != d.name), "{}", d.name);
        }
        assert_eq!(find("nope"), None);
        assert_eq!(
            python_names(),
            "gil, cpu-bound, io-bound, thread-sweep, cpu-and-io, signal, shared-memory, event-loop, pool, spawn-cost"
        );
    }
}
