//! The demo catalog: every demo's name, one-line description and what it
//! offers, and the bounds of the parameters a deck or the command line may
//! ask for.
//!
//! Plain data with no dependencies (no runner, threads or processes), so the
//! deck loader can check names and bounds without knowing how demos run. The
//! run function of each entry is tied to it in `demo::demos`.
//!
//! A demo is named by a [`DemoId`], looked up once from its name with
//! [`DemoId::parse`] (which says which name was meant when it is mistyped);
//! everything past that point passes the id, never the name.

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

/// A demo of the catalog. Serialized as its name (`"cpu-bound"`), as the
/// name was stored before there was a type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DemoId {
    /// [`GIL`]
    Gil,
    /// [`CPU_BOUND`]
    CpuBound,
    /// [`IO_BOUND`]
    IoBound,
    /// [`PROCESS_SWEEP`]
    ProcessSweep,
    /// [`THREAD_SWEEP`]
    ThreadSweep,
    /// [`CPU_AND_IO`]
    CpuAndIo,
    /// [`SUBPROCESS`]
    Subprocess,
    /// [`SIGNAL`]
    Signal,
    /// [`SHARED_MEMORY`]
    SharedMemory,
    /// [`EVENT_LOOP`]
    EventLoop,
    /// [`POOL`]
    Pool,
    /// [`SPAWN_COST`]
    SpawnCost,
}

/// A demo name that is not in the catalog: says which name was probably
/// meant and lists the valid ones.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown demo {:?}: {}use one of {} (see `concur demo --list`)",
    crate::text::sanitize(.name),
    .nearest.map(|n| format!("did you mean {n:?}? ")).unwrap_or_default(),
    valid_names()
)]
pub struct UnknownDemo {
    /// The name asked for.
    pub name: String,
    /// The nearest valid name, when one is close.
    pub nearest: Option<&'static str>,
}

/// How many edits away a mistyped demo name may be for a suggestion: one
/// per three characters typed (at least one), so `gill` gets `gil` but
/// `nope` does not get `pool`.
fn suggest_edits(typed: &str) -> usize {
    (typed.chars().count() / 3).max(1)
}

impl DemoId {
    /// The demo's catalog entry.
    pub fn info(self) -> &'static DemoInfo {
        match self {
            DemoId::Gil => &GIL,
            DemoId::CpuBound => &CPU_BOUND,
            DemoId::IoBound => &IO_BOUND,
            DemoId::ProcessSweep => &PROCESS_SWEEP,
            DemoId::ThreadSweep => &THREAD_SWEEP,
            DemoId::CpuAndIo => &CPU_AND_IO,
            DemoId::Subprocess => &SUBPROCESS,
            DemoId::Signal => &SIGNAL,
            DemoId::SharedMemory => &SHARED_MEMORY,
            DemoId::EventLoop => &EVENT_LOOP,
            DemoId::Pool => &POOL,
            DemoId::SpawnCost => &SPAWN_COST,
        }
    }

    /// The name a deck and the command line use (`"cpu-bound"`).
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// The demo named `name`, or an error that suggests the nearest name.
    pub fn parse(name: &str) -> Result<DemoId, UnknownDemo> {
        CATALOG
            .iter()
            .find(|d| d.name == name)
            .map(|d| d.id)
            .ok_or_else(|| UnknownDemo {
                name: name.to_string(),
                nearest: crate::text::nearest(name, names(), suggest_edits(name)),
            })
    }
}

impl std::str::FromStr for DemoId {
    type Err = UnknownDemo;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        DemoId::parse(name)
    }
}

impl std::fmt::Display for DemoId {
    /// The name, padded or aligned as the format asks.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.name())
    }
}

impl serde::Serialize for DemoId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> serde::Deserialize<'de> for DemoId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = std::borrow::Cow::<'de, str>::deserialize(d)?;
        DemoId::parse(&name).map_err(serde::de::Error::custom)
    }
}

/// One entry of the built-in demo catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoInfo {
    /// The demo this entry describes.
    pub id: DemoId,
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
    id: DemoId::Gil,
    name: "gil",
    summary: "per-worker timeline: under the GIL one thread runs at a time; plain threads all run at once",
    python: true,
    unix_only: false,
};

/// `cpu-bound`: the same CPU work in every mode.
pub const CPU_BOUND: DemoInfo = DemoInfo {
    id: DemoId::CpuBound,
    name: "cpu-bound",
    summary: "the same CPU work sequentially, with GIL threads, threads and processes",
    python: true,
    unix_only: false,
};

/// `io-bound`: blocking waits in every mode.
pub const IO_BOUND: DemoInfo = DemoInfo {
    id: DemoId::IoBound,
    name: "io-bound",
    summary: "blocking waits: threads hide latency, even under the GIL",
    python: true,
    unix_only: false,
};

/// `process-sweep`: CPU work with more and more processes.
pub const PROCESS_SWEEP: DemoInfo = DemoInfo {
    id: DemoId::ProcessSweep,
    name: "process-sweep",
    summary: "CPU work with 1 to 2x cores processes: the speedup stops at the core count",
    python: false,
    unix_only: false,
};

/// `thread-sweep`: I/O work with more and more threads.
pub const THREAD_SWEEP: DemoInfo = DemoInfo {
    id: DemoId::ThreadSweep,
    name: "thread-sweep",
    summary: "I/O work with m x cores GIL threads: the speedup grows with m until the CPU part and overhead win",
    python: true,
    unix_only: false,
};

/// `cpu-and-io`: both halves of "processes for computations, threads for
/// I/O".
pub const CPU_AND_IO: DemoInfo = DemoInfo {
    id: DemoId::CpuAndIo,
    name: "cpu-and-io",
    summary: "computations and waits, each on GIL threads and on processes: processes for speed, threads for latency",
    python: true,
    unix_only: false,
};

/// `subprocess`: text streamed through a child's pipes.
pub const SUBPROCESS: DemoInfo = DemoInfo {
    id: DemoId::Subprocess,
    name: "subprocess",
    summary: "spawn a child and stream text through its stdin and stdout",
    python: false,
    unix_only: false,
};

/// `signal`: signals to a busy child.
pub const SIGNAL: DemoInfo = DemoInfo {
    id: DemoId::Signal,
    name: "signal",
    summary: "send signals to a busy child that handles them asynchronously (Unix)",
    python: true,
    unix_only: true,
};

/// `shared-memory`: one counter shared by threads, copied by processes.
pub const SHARED_MEMORY: DemoInfo = DemoInfo {
    id: DemoId::SharedMemory,
    name: "shared-memory",
    summary: "threads share one counter (lost updates without a lock); processes each count their own copy",
    python: true,
    unix_only: false,
};

/// `event-loop`: one thread multiplexing many waits.
pub const EVENT_LOOP: DemoInfo = DemoInfo {
    id: DemoId::EventLoop,
    name: "event-loop",
    summary: "one thread multiplexing thousands of waits versus one thread per wait",
    python: true,
    unix_only: false,
};

/// `pool`: a thread pool and a process pool.
pub const POOL: DemoInfo = DemoInfo {
    id: DemoId::Pool,
    name: "pool",
    summary: "a thread pool and a process pool mapping the same jobs",
    python: true,
    unix_only: false,
};

/// `spawn-cost`: the price of tasks, threads and processes.
pub const SPAWN_COST: DemoInfo = DemoInfo {
    id: DemoId::SpawnCost,
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
            assert_eq!(DemoId::parse(d.name), Ok(d.id));
            assert_eq!(d.id.info(), d);
            assert!(CATALOG[..i].iter().all(|e| e.name != d.name), "{}", d.name);
            assert!(CATALOG[..i].iter().all(|e| e.id != d.id), "{}", d.name);
        }
        assert_eq!(
            DemoId::parse("nope"),
            Err(UnknownDemo {
                name: "nope".into(),
                nearest: None
            })
        );
        assert_eq!(
            python_names(),
            "gil, cpu-bound, io-bound, thread-sweep, cpu-and-io, signal, shared-memory, event-loop, pool, spawn-cost"
        );
    }

    #[test]
    fn a_mistyped_name_suggests_the_nearest() {
        let err = DemoId::parse("gill").err().map(|e| e.to_string());
        let text = err.unwrap_or_default();
        assert!(
            text.starts_with(
                "unknown demo \"gill\": did you mean \"gil\"? use one of gil, cpu-bound,"
            ),
            "{text}"
        );
        let far = DemoId::parse("\u{1b}[31mspaghetti")
            .err()
            .map(|e| e.to_string());
        let text = far.unwrap_or_default();
        assert!(
            text.starts_with("unknown demo \"spaghetti\": use one of"),
            "{text}"
        );
    }

    #[test]
    fn serialized_as_its_name() {
        let json = serde_json::to_string(&DemoId::CpuAndIo).unwrap_or_default();
        assert_eq!(json, "\"cpu-and-io\"");
        let back: Option<DemoId> = serde_json::from_str(&json).ok();
        assert_eq!(back, Some(DemoId::CpuAndIo));
        assert!(serde_json::from_str::<DemoId>("\"gill\"").is_err());
    }
}
