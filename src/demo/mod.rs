//! Live demos: the catalog, the runner (threads, GIL threads, processes) and
//! the worker entry point the binary re-executes itself into.
//!
//! Nothing in here knows about ratatui: demos report progress as events.

/// One entry of the built-in demo catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoInfo {
    /// The name a deck uses in `demo = "..."`.
    pub name: &'static str,
    /// A one-line description for `concur demo --list`.
    pub summary: &'static str,
}

/// Every demo the app knows. Decks may only name these.
pub const CATALOG: &[DemoInfo] = &[
    DemoInfo {
        name: "gil",
        summary: "per-worker timeline: under the GIL one thread runs at a time; plain threads all run at once",
    },
    DemoInfo {
        name: "cpu-bound",
        summary: "the same CPU work sequentially, with GIL threads, threads and processes",
    },
    DemoInfo {
        name: "io-bound",
        summary: "blocking waits: threads hide latency, even under the GIL",
    },
    DemoInfo {
        name: "process-sweep",
        summary: "CPU work with 1 to 2x cores processes: the speedup stops at the core count",
    },
    DemoInfo {
        name: "thread-sweep",
        summary: "I/O work with m x cores threads: the speedup grows with m until overhead wins",
    },
    DemoInfo {
        name: "subprocess",
        summary: "spawn a child and stream text through its stdin and stdout",
    },
    DemoInfo {
        name: "signal",
        summary: "send signals to a busy child that handles them asynchronously (Unix)",
    },
    DemoInfo {
        name: "shared-memory",
        summary: "threads share one counter (lost updates without a lock); processes each count their own copy",
    },
    DemoInfo {
        name: "event-loop",
        summary: "one thread multiplexing thousands of waits versus one thread per wait",
    },
    DemoInfo {
        name: "pool",
        summary: "a thread pool and a process pool mapping the same jobs",
    },
    DemoInfo {
        name: "spawn-cost",
        summary: "time and memory to create lightweight tasks, threads and processes",
    },
];

/// Looks a demo up by name.
pub fn find(name: &str) -> Option<&'static DemoInfo> {
    CATALOG.iter().find(|d| d.name == name)
}
