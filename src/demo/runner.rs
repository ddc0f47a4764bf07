//! The runner: one [`Workload`] shared by N workers in one of the four
//! [`Mode`]s (sequential, threads, GIL threads, processes), streaming
//! progress events; and the [`Recorder`] that turns runs into a report.
//!
//! - `ctx.rs`: the demo's and the run's context (events, spawning workers)
//! - `threads.rs`: scoped worker threads, all joined
//! - `processes.rs`: worker processes and their reader threads
//! - `cpu.rs`, `waits.rs`: the two workloads (CPU rounds, blocking waits)
//! - `recorder.rs`: the plan, the measurements, speedups, the report

mod cpu;
mod ctx;
mod processes;
mod recorder;
mod rounds;
mod threads;
mod waits;

pub(crate) use cpu::CpuWork;
pub(crate) use ctx::{Ctx, RunCtx};
pub(crate) use processes::{ProcCost, for_each_msg, run_processes};
pub(crate) use recorder::{Measured, Plan, Recorder, baseline, fmt_x, median, plan};
pub(crate) use rounds::{OVERRUN, ROUNDS, Rounds, run_rounds, scaled};
pub(crate) use threads::on_threads;
pub(crate) use waits::WaitJob;

#[cfg(test)]
pub(crate) use ctx::tests::test_ctx;

use std::time::Duration;

use super::gil::Gil;
use super::measure::thread_cpu;
use super::mode::RunMode;
use super::overlap::Span;
use super::work::{Stop, split};

/// How the runner spreads a workload over workers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// All the work on one thread (the worker count is ignored).
    Sequential,
    /// Threads taking turns on one [`Gil`].
    GilThreads,
    /// Plain threads.
    Threads,
    /// Worker processes.
    Processes,
}

impl Mode {
    /// The four modes, baseline first.
    pub(crate) const ALL: [Mode; 4] = [
        Mode::Sequential,
        Mode::GilThreads,
        Mode::Threads,
        Mode::Processes,
    ];

    /// The run mode a run in this mode reports.
    pub(crate) fn run_mode(self) -> RunMode {
        match self {
            Mode::Sequential => RunMode::Sequential,
            Mode::GilThreads => RunMode::GilThreads,
            Mode::Threads => RunMode::Threads,
            Mode::Processes => RunMode::Processes,
        }
    }

    /// The plan of one run per mode, in [`Mode::ALL`] order: the sequential
    /// baseline, then `workers` workers with the `ideal` speedup.
    pub(crate) fn plan_all(workers: usize, ideal: Option<f64>) -> Vec<Plan> {
        Mode::ALL
            .into_iter()
            .map(|m| match m {
                Mode::Sequential => baseline(m.run_mode()),
                _ => plan(m.run_mode(), workers, ideal),
            })
            .collect()
    }
}

/// What a thread worker gives back: its result value and, where it stamped
/// them, its on-CPU intervals (nanoseconds since the run started).
pub(crate) type Worked = (u64, Option<Vec<Span>>);

/// Work that can be split into units and done on threads or in worker
/// processes.
pub(crate) trait Workload: Sync {
    /// Units of work in all (split among the workers).
    fn units(&self) -> u64;

    /// Thread worker `w` doing `units` units, under `gil` if given; returns
    /// the worker's result value and, where it stamped them, when it was on
    /// a CPU.
    fn on_thread(
        &self,
        rc: RunCtx<'_>,
        w: usize,
        units: u64,
        gil: Option<&Gil>,
    ) -> Result<Worked, Stop>;

    /// The arguments (after the worker subcommand) of worker process `w`
    /// doing `units` units.
    fn process_args(&self, w: usize, units: u64) -> Vec<String>;
}

/// Runs `work` shared by `workers` workers in `mode` (sequential: one
/// worker does it all) and measures it.
pub(crate) fn run_workload(
    rc: RunCtx<'_>,
    mode: Mode,
    workers: usize,
    work: &impl Workload,
) -> Result<Measured, Stop> {
    let me = std::process::id();
    let shares = split(work.units(), workers);
    let mut m = Measured::default();
    // The worker's value, its on-CPU intervals and the CPU time its thread
    // used for it.
    let timed = |w: usize, units: u64, gil: Option<&Gil>| {
        let c0 = thread_cpu();
        let (v, spans) = work.on_thread(rc, w, units, gil)?;
        Ok(Thread {
            value: v,
            spans,
            cpu: thread_cpu().zip(c0).map(|(c1, c0)| c1.saturating_sub(c0)),
        })
    };
    match mode {
        Mode::Sequential => {
            m.take_threads(vec![timed(0, work.units(), None)?]);
            m.pids = vec![me];
        }
        Mode::Threads => {
            m.take_threads(on_threads(workers, |w| timed(w, shares[w], None))?);
            m.pids = vec![me];
        }
        Mode::GilThreads => {
            let gil = Gil::default();
            m.take_threads(on_threads(workers, |w| timed(w, shares[w], Some(&gil)))?);
            m.pids = vec![me];
            m.handovers = gil.handovers();
        }
        Mode::Processes => {
            let args = shares
                .iter()
                .enumerate()
                .map(|(w, &n)| work.process_args(w, n))
                .collect();
            let out = run_processes(rc, args)?;
            m.values = out.values;
            m.spans = out.spans;
            m.pids = out.pids;
            m.cpu = out.cpu;
            m.outside_cpu = out.cpu;
            m.costs = out.costs;
        }
    }
    m.wall = rc.t0.elapsed();
    Ok(m)
}

/// What one worker thread gave back.
struct Thread {
    value: u64,
    spans: Option<Vec<Span>>,
    cpu: Option<Duration>,
}

impl Measured {
    /// Takes the threads' values and intervals, and the sum of their CPU
    /// times (`None` if any is unknown).
    fn take_threads(&mut self, out: Vec<Thread>) {
        self.cpu = out.iter().map(|t| t.cpu).sum();
        (self.values, self.spans) = out.into_iter().map(|t| (t.value, t.spans)).unzip();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::event::DemoEvent;
    use std::time::Duration;

    fn cpu(d: Duration) -> CpuWork {
        CpuWork {
            iters: crate::demo::work::iters_for(d),
        }
    }

    fn slices(events: &[DemoEvent]) -> Vec<(usize, f64, f64)> {
        events
            .iter()
            .filter_map(|e| match e {
                DemoEvent::Slice {
                    worker,
                    start_ms,
                    end_ms,
                    ..
                } => Some((*worker, *start_ms, *end_ms)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn threads_share_one_pid_and_do_all_the_work() {
        let (ctx, rx) = test_ctx();
        let rc = RunCtx::new(&ctx, 0, false);
        let work = cpu(Duration::from_millis(10));
        let m = run_workload(rc, Mode::Threads, 3, &work).unwrap_or_default();
        assert_eq!(m.values.len(), 3);
        assert_eq!(m.pids, vec![std::process::id()]);
        drop(ctx);
        let done: u64 = rx
            .iter()
            .filter_map(|e| match e {
                DemoEvent::Progress { done, total: t, .. } if done == t => Some(done),
                _ => None,
            })
            .sum();
        assert_eq!(done, work.iters);
    }

    /// The interleaving that made the test above fail under load: a
    /// progress report falls due just as a worker finishes its last chunk
    /// (here every check finds one due). Each worker still reports its end
    /// once, so the ends add up to the work.
    #[test]
    fn a_report_due_on_the_last_chunk_does_not_count_the_end_twice() {
        let (ctx, rx) = test_ctx();
        let mut rc = RunCtx::new(&ctx, 0, false);
        rc.report_every = Duration::ZERO;
        let work = CpuWork { iters: 30_000 };
        let m = run_workload(rc, Mode::Threads, 3, &work).unwrap_or_default();
        assert_eq!(m.values.len(), 3);
        drop(ctx);
        let ends: Vec<usize> = rx
            .iter()
            .filter_map(|e| match e {
                DemoEvent::Progress {
                    worker,
                    done,
                    total,
                    ..
                } if done == total => Some(worker),
                _ => None,
            })
            .collect();
        let mut sorted = ends.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, [0, 1, 2], "ends reported: {ends:?}");
    }

    #[test]
    fn sequential_is_one_worker() {
        let (ctx, _rx) = test_ctx();
        let rc = RunCtx::new(&ctx, 0, false);
        let m = run_workload(rc, Mode::Sequential, 4, &CpuWork { iters: 1000 }).unwrap_or_default();
        assert_eq!(m.values.len(), 1);
    }

    #[test]
    fn gil_threads_take_turns_and_never_overlap() {
        let (ctx, rx) = test_ctx();
        let rc = RunCtx::new(&ctx, 0, true);
        // About 40 ms of work each: several 5 ms switch intervals.
        let m = run_workload(rc, Mode::GilThreads, 2, &cpu(Duration::from_millis(80)))
            .unwrap_or_default();
        assert_eq!(m.values.len(), 2);
        assert!(
            m.handovers >= 2,
            "the lock changed hands {} times",
            m.handovers
        );
        drop(ctx);
        let mut s = slices(&rx.iter().collect::<Vec<_>>());
        s.sort_by(|a, b| a.1.total_cmp(&b.1));
        // Slices of the lock never overlap: one holder at a time.
        for pair in s.windows(2) {
            assert!(pair[0].2 <= pair[1].1, "overlap: {pair:?}");
        }
        // And the holders alternate: worker 0, 1, 0, ... (at least one change).
        let changes = s.windows(2).filter(|p| p[0].0 != p[1].0).count();
        assert!(changes >= 2, "holders: {s:?}");
    }

    #[test]
    fn plain_threads_overlap_in_the_timeline() {
        let (ctx, rx) = test_ctx();
        let rc = RunCtx::new(&ctx, 0, true);
        let m = run_workload(rc, Mode::Threads, 2, &cpu(Duration::from_millis(20)));
        assert!(m.is_ok());
        drop(ctx);
        let s = slices(&rx.iter().collect::<Vec<_>>());
        assert!(s.iter().any(|x| x.0 == 0) && s.iter().any(|x| x.0 == 1));
    }

    #[test]
    fn waits_under_the_gil_complete_and_hand_over() {
        let (ctx, _rx) = test_ctx();
        let job = WaitJob {
            items: 8,
            wait: Duration::from_millis(5),
            cpu_iters: 10,
        };
        let rc = RunCtx::new(&ctx, 0, false);
        let m = run_workload(rc, Mode::GilThreads, 8, &job).unwrap_or_default();
        assert_eq!(m.values.len(), 8);
        // Each thread took the lock twice (before and after its wait).
        assert!(m.handovers >= 7);
    }

    #[test]
    fn cancel_stops_every_mode_quickly() {
        for mode in [Mode::Sequential, Mode::Threads, Mode::GilThreads] {
            let (ctx, _rx) = test_ctx();
            ctx.cancel.cancel();
            let rc = RunCtx::new(&ctx, 0, false);
            let r = run_workload(
                rc,
                mode,
                2,
                &CpuWork {
                    iters: u64::MAX / 2,
                },
            );
            assert_eq!(r.err(), Some(Stop::Cancelled), "{mode:?}");
        }
    }

    #[test]
    fn processes_with_a_missing_binary_fail_clearly() {
        let (ctx, _rx) = test_ctx();
        let rc = RunCtx::new(&ctx, 0, false);
        match run_workload(rc, Mode::Processes, 2, &CpuWork { iters: 1000 }) {
            Err(Stop::Failed(msg)) => assert!(msg.contains("could not start"), "{msg}"),
            other => panic!("expected a failure, got {other:?}"),
        }
    }

    #[test]
    fn modes_report_their_run_mode() {
        let names: Vec<_> = Mode::ALL.iter().map(|m| m.run_mode().as_str()).collect();
        assert_eq!(names, ["sequential", "gil-threads", "threads", "processes"]);
    }
}
