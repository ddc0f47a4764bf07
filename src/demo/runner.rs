//! The runner: one workload, N workers, in one of the modes (sequential,
//! threads, GIL threads, processes), streaming progress events.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{ChildStdout, Command};
use std::sync::mpsc::Sender;
use std::thread;
use std::time::{Duration, Instant};

use super::event::{DemoEvent, DemoReport, PlannedRun, PythonInfo, RunResult};
use super::gil::Gil;
use super::procs::{self, SpawnSpec, Spawned};
use super::work::{Cancel, Stop, chunk_iters, spin, split};
use super::worker::{WORKER_SUBCOMMAND, WorkerMsg};

/// How often thread workers report progress, and the longest timeline slice
/// of a thread that keeps running.
const REPORT_EVERY: Duration = Duration::from_millis(20);
const SLICE_EVERY: Duration = Duration::from_millis(40);

/// Everything a running demo needs.
pub(crate) struct Ctx {
    pub tx: Sender<DemoEvent>,
    pub cancel: Cancel,
    pub owner: u64,
    pub exe: PathBuf,
    pub cores: usize,
    /// Target wall time of the whole demo.
    pub budget: Duration,
    pub workers: Option<usize>,
    pub modes: Option<Vec<String>>,
    pub python: bool,
}

impl Ctx {
    pub(crate) fn emit(&self, ev: DemoEvent) {
        // The receiver may be gone (handle dropped): nobody to tell, fine.
        let _ = self.tx.send(ev);
    }

    /// The workers asked for, or `default`; always within 1..=MAX_WORKERS.
    pub(crate) fn workers_or(&self, default: usize) -> usize {
        self.workers.unwrap_or(default).clamp(1, super::MAX_WORKERS)
    }

    /// The budget in seconds, times `share`.
    pub(crate) fn budget_share(&self, share: f64) -> Duration {
        self.budget.mul_f64(share.max(0.0))
    }

    pub(crate) fn spec(&self, take_stdin: bool, group: bool) -> SpawnSpec<'_> {
        SpawnSpec {
            owner: self.owner,
            cancel: &self.cancel,
            take_stdin,
            group,
        }
    }

    /// Starts our own binary as a worker: `EXE __demo-worker ARGS...`.
    pub(crate) fn spawn_worker(&self, args: &[String], take_stdin: bool) -> Result<Spawned, Stop> {
        let mut cmd = Command::new(&self.exe);
        cmd.arg(WORKER_SUBCOMMAND).args(args);
        procs::spawn(&mut cmd, &self.spec(take_stdin, false))
    }
}

/// The modes of the runner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Sequential,
    GilThreads,
    Threads,
    Processes,
}

/// What one run measured.
#[derive(Debug, Default)]
pub(crate) struct Measured {
    pub wall: Duration,
    pub pids: Vec<u32>,
    pub values: Vec<u64>,
    pub note: Option<String>,
    /// Overrides the planned worker count (when it turned out different).
    pub workers: Option<usize>,
    pub handovers: u64,
    /// Resident memory the run added, in KiB, where measured.
    pub resident_kib: Option<f64>,
}

/// The per-run context handed to workers.
#[derive(Clone, Copy)]
pub(crate) struct RunCtx<'a> {
    pub ctx: &'a Ctx,
    pub run: usize,
    pub t0: Instant,
    /// Whether workers report timeline slices.
    pub timeline: bool,
}

impl RunCtx<'_> {
    pub(crate) fn new(ctx: &Ctx, run: usize, timeline: bool) -> RunCtx<'_> {
        RunCtx {
            ctx,
            run,
            t0: Instant::now(),
            timeline,
        }
    }

    fn ms(&self, t: Instant) -> f64 {
        t.saturating_duration_since(self.t0).as_secs_f64() * 1e3
    }

    pub(crate) fn started(&self, worker: usize, pid: u32) {
        self.ctx.emit(DemoEvent::WorkerStarted {
            run: self.run,
            worker,
            pid,
        });
    }

    pub(crate) fn progress(&self, worker: usize, done: u64, total: u64) {
        self.ctx.emit(DemoEvent::Progress {
            run: self.run,
            worker,
            done,
            total,
            elapsed_ms: self.ms(Instant::now()),
        });
    }

    pub(crate) fn slice(&self, worker: usize, (start, end): (Instant, Instant)) {
        if self.timeline {
            self.ctx.emit(DemoEvent::Slice {
                run: self.run,
                worker,
                start_ms: self.ms(start),
                end_ms: self.ms(end),
            });
        }
    }
}

/// Runs `f(0..n)` on `n` scoped threads; the first error wins.
pub(crate) fn on_threads<T: Send>(
    n: usize,
    f: impl Fn(usize) -> Result<T, Stop> + Sync,
) -> Result<Vec<T>, Stop> {
    let f = &f;
    thread::scope(|s| {
        let mut handles = Vec::with_capacity(n);
        let mut spawn_error = None;
        for w in 0..n {
            match thread::Builder::new()
                .name(format!("demo-worker-{w}"))
                .spawn_scoped(s, move || f(w))
            {
                Ok(h) => handles.push(h),
                Err(e) => {
                    spawn_error = Some(Stop::failed(format!("could not start thread {w}: {e}")));
                    break;
                }
            }
        }
        join_all(
            handles.into_iter().map(|h| ((), h)),
            spawn_error,
            "a worker thread panicked",
        )
        .map(|out| out.into_iter().map(|((), v)| v).collect())
    })
}

/// Joins every thread, in order: the keys and values of those that
/// succeeded, or the first error (`first_error`, then the threads' own; a
/// panic counts as `panicked`). Every thread is joined either way.
fn join_all<'s, K, T>(
    handles: impl Iterator<Item = (K, thread::ScopedJoinHandle<'s, Result<T, Stop>>)>,
    mut first_error: Option<Stop>,
    panicked: &str,
) -> Result<Vec<(K, T)>, Stop> {
    let mut out = Vec::new();
    for (key, h) in handles {
        match h.join() {
            Ok(Ok(v)) => out.push((key, v)),
            Ok(Err(e)) => {
                first_error.get_or_insert(e);
            }
            Err(_) => {
                first_error.get_or_insert(Stop::failed(panicked));
            }
        }
    }
    match first_error {
        Some(e) => Err(e),
        None => Ok(out),
    }
}

/// One thread worker doing `iters` rounds of CPU work, under `gil` if given.
fn cpu_worker(rc: RunCtx<'_>, w: usize, iters: u64, gil: Option<&Gil>) -> Result<u64, Stop> {
    rc.started(w, std::process::id());
    let chunk = chunk_iters();
    let mut guard = gil.map(|g| g.acquire(w));
    let mut slice_start = Instant::now();
    let mut last_report = slice_start;
    let (mut done, mut acc) = (0, w as u64);
    while done < iters {
        rc.ctx.cancel.check()?;
        let n = chunk.min(iters - done);
        acc ^= spin(n, acc.wrapping_add(done));
        done += n;
        match guard.as_mut() {
            Some(g) => {
                if let Some(held) = g.switch_if_requested() {
                    rc.slice(w, held);
                }
            }
            None if slice_start.elapsed() >= SLICE_EVERY => {
                let now = Instant::now();
                rc.slice(w, (slice_start, now));
                slice_start = now;
            }
            None => {}
        }
        if last_report.elapsed() >= REPORT_EVERY {
            last_report = Instant::now();
            rc.progress(w, done, iters);
        }
    }
    let start = guard.as_ref().map_or(slice_start, |g| g.since());
    rc.slice(w, (start, Instant::now()));
    drop(guard);
    rc.progress(w, done, iters);
    Ok(acc)
}

/// CPU work of `total` rounds shared by `workers` workers in `mode`.
pub(crate) fn run_cpu(
    rc: RunCtx<'_>,
    mode: Mode,
    workers: usize,
    total: u64,
) -> Result<Measured, Stop> {
    let me = std::process::id();
    let shares = split(total, workers);
    let mut m = Measured::default();
    match mode {
        Mode::Sequential => {
            m.values = vec![cpu_worker(rc, 0, total, None)?];
            m.pids = vec![me];
        }
        Mode::Threads => {
            m.values = on_threads(workers, |w| cpu_worker(rc, w, shares[w], None))?;
            m.pids = vec![me];
        }
        Mode::GilThreads => {
            let gil = Gil::default();
            m.values = on_threads(workers, |w| cpu_worker(rc, w, shares[w], Some(&gil)))?;
            m.pids = vec![me];
            m.handovers = gil.handovers();
        }
        Mode::Processes => {
            let chunk = chunk_iters().to_string();
            let args = shares
                .iter()
                .enumerate()
                .map(|(w, n)| vec!["cpu".into(), n.to_string(), chunk.clone(), w.to_string()])
                .collect();
            let out = run_processes(rc, args)?;
            m.values = out.values;
            m.pids = out.pids;
        }
    }
    m.wall = rc.t0.elapsed();
    Ok(m)
}

/// Blocking waits: `items` waits of `wait`, each after `cpu_iters` of CPU.
#[derive(Debug, Clone, Copy)]
pub(crate) struct WaitJob {
    pub items: usize,
    pub wait: Duration,
    pub cpu_iters: u64,
}

fn wait_worker(
    rc: RunCtx<'_>,
    w: usize,
    count: u64,
    job: WaitJob,
    gil: Option<&Gil>,
) -> Result<u64, Stop> {
    rc.started(w, std::process::id());
    let mut guard = gil.map(|g| g.acquire(w));
    let mut acc = 0;
    for i in 0..count {
        rc.ctx.cancel.check()?;
        acc ^= spin(job.cpu_iters, i);
        match guard.as_mut() {
            Some(g) => {
                let (r, held) = g.release_during(|| rc.ctx.cancel.sleep(job.wait));
                rc.slice(w, held);
                r?;
            }
            None => rc.ctx.cancel.sleep(job.wait)?,
        }
        rc.progress(w, i + 1, count);
    }
    Ok(acc)
}

/// The waits of `job` shared by `workers` workers in `mode`.
pub(crate) fn run_waits(
    rc: RunCtx<'_>,
    mode: Mode,
    workers: usize,
    job: WaitJob,
) -> Result<Measured, Stop> {
    let me = std::process::id();
    let shares = split(job.items as u64, workers);
    let mut m = Measured::default();
    match mode {
        Mode::Sequential => {
            m.values = vec![wait_worker(rc, 0, job.items as u64, job, None)?];
            m.pids = vec![me];
        }
        Mode::Threads => {
            m.values = on_threads(workers, |w| wait_worker(rc, w, shares[w], job, None))?;
            m.pids = vec![me];
        }
        Mode::GilThreads => {
            let gil = Gil::default();
            m.values = on_threads(workers, |w| wait_worker(rc, w, shares[w], job, Some(&gil)))?;
            m.pids = vec![me];
            m.handovers = gil.handovers();
        }
        Mode::Processes => {
            let args = shares
                .iter()
                .map(|n| {
                    vec![
                        "wait".into(),
                        n.to_string(),
                        job.wait.as_micros().to_string(),
                        job.cpu_iters.to_string(),
                    ]
                })
                .collect();
            let out = run_processes(rc, args)?;
            m.values = out.values;
            m.pids = out.pids;
        }
    }
    m.wall = rc.t0.elapsed();
    Ok(m)
}

/// What a set of worker processes gave back.
pub(crate) struct ProcOutcome {
    pub pids: Vec<u32>,
    pub values: Vec<u64>,
}

/// Starts one worker process per argument list (each starts reading at
/// once), forwards their progress, and waits for every result.
pub(crate) fn run_processes(rc: RunCtx<'_>, args: Vec<Vec<String>>) -> Result<ProcOutcome, Stop> {
    thread::scope(|s| {
        let mut readers = Vec::with_capacity(args.len());
        let mut first_error = None;
        for (w, a) in args.iter().enumerate() {
            let child = match rc.ctx.spawn_worker(a, false) {
                Ok(c) => c,
                Err(e) => {
                    first_error = Some(e);
                    break;
                }
            };
            let pid = child.pid;
            let spawned = thread::Builder::new()
                .name(format!("demo-reader-{w}"))
                .spawn_scoped(s, move || read_worker(rc, w, child));
            match spawned {
                Ok(h) => readers.push((pid, h)),
                Err(e) => {
                    procs::reap(pid);
                    first_error = Some(Stop::failed(format!("could not start a reader: {e}")));
                    break;
                }
            }
        }
        if first_error.is_some() {
            // Do not wait for the others' work: stop them now.
            for (pid, _) in &readers {
                procs::reap(*pid);
            }
        }
        let done = join_all(readers.into_iter(), first_error, "a reader thread panicked")?;
        let (pids, values) = done.into_iter().unzip();
        Ok(ProcOutcome { pids, values })
    })
}

/// Reads a worker's lines until it closes stdout, then reaps it.
fn read_worker(rc: RunCtx<'_>, w: usize, child: Spawned) -> Result<u64, Stop> {
    let pid = child.pid;
    let mut value = None;
    let mut error = None;
    for_each_msg(child.stdout, |msg| match msg {
        WorkerMsg::Ready { pid } => rc.started(w, pid),
        WorkerMsg::Progress { done, total } => rc.progress(w, done, total),
        WorkerMsg::Done { value: v, .. } => value = Some(v),
        WorkerMsg::Error { message } => error = Some(message),
        WorkerMsg::Result { .. } | WorkerMsg::Signal { .. } => {}
    });
    let status = procs::reap(pid);
    rc.ctx.cancel.check()?;
    match (value, error) {
        (Some(v), None) => Ok(v),
        (_, Some(msg)) => Err(Stop::failed(format!("worker process {pid}: {msg}"))),
        (None, None) => Err(Stop::failed(format!(
            "worker process {pid} ended without a result ({})",
            status.map_or_else(|| "killed".to_string(), |s| s.to_string())
        ))),
    }
}

/// Calls `f` with every message a worker writes, until end of file.
pub(crate) fn for_each_msg(stdout: ChildStdout, mut f: impl FnMut(WorkerMsg)) {
    for line in BufReader::new(stdout).lines() {
        let Ok(line) = line else { break };
        if let Ok(msg) = serde_json::from_str::<WorkerMsg>(&line) {
            f(msg);
        }
    }
}

/// A run the demo plans, with whether it is the sequential baseline.
pub(crate) struct Plan {
    pub mode: String,
    pub workers: usize,
    pub ideal: Option<f64>,
    pub baseline: bool,
}

pub(crate) fn plan(mode: &str, workers: usize, ideal: Option<f64>) -> Plan {
    Plan {
        mode: mode.to_string(),
        workers,
        ideal,
        baseline: false,
    }
}

pub(crate) fn baseline(mode: &str) -> Plan {
    Plan {
        mode: mode.to_string(),
        workers: 1,
        ideal: Some(1.0),
        baseline: true,
    }
}

/// Announces the plan, runs the runs, computes speedups, builds the report.
pub(crate) struct Recorder<'a> {
    ctx: &'a Ctx,
    demo: &'static str,
    plan: Vec<Plan>,
    /// Index in the announced (filtered) plan of each planned run.
    visible: Vec<Option<usize>>,
    baseline_ms: Option<f64>,
    pub results: Vec<RunResult>,
    pub python: Option<PythonInfo>,
}

impl<'a> Recorder<'a> {
    pub(crate) fn new(ctx: &'a Ctx, demo: &'static str, plan: Vec<Plan>) -> Self {
        let mut visible = Vec::with_capacity(plan.len());
        let mut announced = Vec::new();
        for p in &plan {
            let wanted = ctx
                .modes
                .as_ref()
                .is_none_or(|modes| modes.contains(&p.mode));
            if wanted {
                visible.push(Some(announced.len()));
                announced.push(PlannedRun {
                    mode: p.mode.clone(),
                    workers: p.workers,
                    ideal: p.ideal,
                });
            } else {
                visible.push(None);
            }
        }
        ctx.emit(DemoEvent::Started {
            demo: demo.to_string(),
            cores: ctx.cores,
            plan: announced,
        });
        Recorder {
            ctx,
            demo,
            plan,
            visible,
            baseline_ms: None,
            results: Vec::new(),
            python: None,
        }
    }

    /// Runs planned run `i` (unless filtered out) with `f(RunCtx)`.
    pub(crate) fn run(
        &mut self,
        i: usize,
        timeline: bool,
        f: impl FnOnce(RunCtx<'a>) -> Result<Measured, Stop>,
    ) -> Result<Option<Measured>, Stop> {
        let Some(Some(vis)) = self.visible.get(i).copied() else {
            return Ok(None);
        };
        self.ctx.cancel.check()?;
        self.ctx.emit(DemoEvent::RunStarted { run: vis });
        let rc = RunCtx::new(self.ctx, vis, timeline);
        let m = f(rc)?;
        self.ctx.cancel.check()?;
        let p = &self.plan[i];
        let wall_ms = m.wall.as_secs_f64() * 1e3;
        if p.baseline {
            self.baseline_ms = Some(wall_ms);
        }
        let speedup = self.baseline_ms.map(|b| b / wall_ms.max(1e-9));
        let mut pids = m.pids.clone();
        pids.sort_unstable();
        pids.dedup();
        let result = RunResult {
            mode: p.mode.clone(),
            workers: m.workers.unwrap_or(p.workers),
            wall_ms,
            speedup,
            pids,
            ideal: p.ideal,
            note: m.note.clone(),
        };
        self.results.push(result.clone());
        self.ctx.emit(DemoEvent::RunFinished { run: vis, result });
        Ok(Some(m))
    }

    /// The result of the first run with `mode` (and `workers`, if given).
    pub(crate) fn get(&self, mode: &str) -> Option<&RunResult> {
        self.results.iter().find(|r| r.mode == mode)
    }

    pub(crate) fn speedup(&self, mode: &str) -> String {
        fmt_x(self.get(mode).and_then(|r| r.speedup))
    }

    pub(crate) fn finish(self, verdict: String) -> DemoReport {
        DemoReport {
            demo: self.demo.to_string(),
            cores: self.ctx.cores,
            runs: self.results,
            verdict,
            python: self.python,
        }
    }
}

/// A caveat for the verdict when `mode`, which should come close to `ideal`,
/// fell far short: the likeliest cause is other programs using the cores.
pub(crate) fn busy_caveat(rec: &Recorder<'_>, mode: &str, ideal: f64) -> String {
    match rec.get(mode).and_then(|r| r.speedup) {
        Some(s) if ideal >= 1.5 && s < 0.6 * ideal => format!(
            " ({mode} reached only {s:.2}× of {ideal:.0}×: other programs were probably using the cores during this run.)"
        ),
        _ => String::new(),
    }
}

/// `1.96×`, or `n/a`.
pub(crate) fn fmt_x(x: Option<f64>) -> String {
    x.map_or_else(|| "n/a".to_string(), |x| format!("{x:.2}×"))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::sync::mpsc::{self, Receiver};

    pub(crate) fn test_ctx() -> (Ctx, Receiver<DemoEvent>) {
        let (tx, rx) = mpsc::channel();
        let ctx = Ctx {
            tx,
            cancel: Cancel::default(),
            owner: procs::new_owner(),
            exe: PathBuf::from("/nonexistent/concur"),
            cores: 2,
            budget: Duration::from_millis(100),
            workers: None,
            modes: None,
            python: false,
        };
        (ctx, rx)
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
        let total = crate::demo::work::iters_for(Duration::from_millis(10));
        let m = run_cpu(rc, Mode::Threads, 3, total).unwrap_or_default();
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
        assert_eq!(done, total);
    }

    #[test]
    fn sequential_is_one_worker() {
        let (ctx, _rx) = test_ctx();
        let rc = RunCtx::new(&ctx, 0, false);
        let m = run_cpu(rc, Mode::Sequential, 4, 1000).unwrap_or_default();
        assert_eq!(m.values.len(), 1);
    }

    #[test]
    fn gil_threads_take_turns_and_never_overlap() {
        let (ctx, rx) = test_ctx();
        let rc = RunCtx::new(&ctx, 0, true);
        // About 40 ms of work each: several 5 ms switch intervals.
        let total = crate::demo::work::iters_for(Duration::from_millis(80));
        let m = run_cpu(rc, Mode::GilThreads, 2, total).unwrap_or_default();
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
        let total = crate::demo::work::iters_for(Duration::from_millis(20));
        let m = run_cpu(rc, Mode::Threads, 2, total);
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
        let m = run_waits(rc, Mode::GilThreads, 8, job).unwrap_or_default();
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
            let r = run_cpu(rc, mode, 2, u64::MAX / 2);
            assert_eq!(r.err(), Some(Stop::Cancelled), "{mode:?}");
        }
    }

    #[test]
    fn processes_with_a_missing_binary_fail_clearly() {
        let (ctx, _rx) = test_ctx();
        let rc = RunCtx::new(&ctx, 0, false);
        match run_cpu(rc, Mode::Processes, 2, 1000) {
            Err(Stop::Failed(msg)) => assert!(msg.contains("could not start"), "{msg}"),
            other => panic!("expected a failure, got {other:?}"),
        }
    }

    #[test]
    fn recorder_filters_and_computes_speedups() {
        let (mut ctx, rx) = test_ctx();
        ctx.modes = Some(vec!["sequential".into(), "threads".into()]);
        let mut rec = Recorder::new(
            &ctx,
            "cpu-bound",
            vec![
                baseline("sequential"),
                plan("gil-threads", 2, Some(2.0)),
                plan("threads", 2, Some(2.0)),
            ],
        );
        let fake = |ms: u64| {
            move |_rc: RunCtx<'_>| {
                Ok(Measured {
                    wall: Duration::from_millis(ms),
                    pids: vec![7, 7],
                    ..Measured::default()
                })
            }
        };
        assert!(rec.run(0, false, fake(100)).is_ok());
        assert!(matches!(rec.run(1, false, fake(100)), Ok(None)));
        assert!(rec.run(2, false, fake(50)).is_ok());
        assert_eq!(rec.results.len(), 2);
        assert_eq!(rec.results[1].speedup, Some(2.0));
        assert_eq!(rec.results[1].pids, vec![7]);
        assert_eq!(rec.speedup("threads"), "2.00×");
        assert_eq!(rec.speedup("gil-threads"), "n/a");
        drop(rec);
        drop(ctx);
        let events: Vec<_> = rx.iter().collect();
        match &events[0] {
            DemoEvent::Started { plan, .. } => assert_eq!(plan.len(), 2),
            other => panic!("{other:?}"),
        }
        assert!(events.contains(&DemoEvent::RunStarted { run: 1 }));
    }
}
