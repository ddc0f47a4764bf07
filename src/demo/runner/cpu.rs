//! The CPU workload: rounds of [`spin`], on threads (under the GIL or not)
//! or in worker processes (`cpu TOTAL CHUNK SEED`).

use std::time::{Duration, Instant};

use super::super::gil::Gil;
use super::super::measure::thread_cpu;
use super::super::work::{Stop, chunk_iters, spin};
use super::Workload;
use super::ctx::RunCtx;

/// The longest timeline slice a thread without the GIL reports while it
/// keeps computing (under the GIL a slice ends at each hand-over).
const SLICE_EVERY: Duration = Duration::from_millis(10);

/// `iters` rounds of CPU work in all, shared by the workers.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CpuWork {
    pub iters: u64,
}

impl Workload for CpuWork {
    fn units(&self) -> u64 {
        self.iters
    }

    fn on_thread(
        &self,
        rc: RunCtx<'_>,
        w: usize,
        units: u64,
        gil: Option<&Gil>,
    ) -> Result<u64, Stop> {
        cpu_worker(rc, w, units, gil)
    }

    fn process_args(&self, w: usize, units: u64) -> Vec<String> {
        vec![
            "cpu".into(),
            units.to_string(),
            chunk_iters().to_string(),
            w.to_string(),
        ]
    }
}

/// One thread worker doing `iters` rounds of CPU work, under `gil` if given;
/// returns a checksum of the work. Its timeline slices show time on a core
/// (its thread CPU clock), not time alive: a slice of 10 ms in which the
/// thread got 4 ms of CPU is reported as its first 4 ms.
fn cpu_worker(rc: RunCtx<'_>, w: usize, iters: u64, gil: Option<&Gil>) -> Result<u64, Stop> {
    rc.started(w, std::process::id());
    let chunk = chunk_iters();
    let mut guard = gil.map(|g| g.acquire(w));
    let mut slice_start = Instant::now();
    let mut cpu_mark = thread_cpu();
    let mut pace = rc.pace();
    let (mut done, mut acc) = (0, w as u64);
    while done < iters {
        rc.ctx.cancel.check()?;
        let n = chunk.min(iters - done);
        acc ^= spin(n, acc.wrapping_add(done));
        done += n;
        match guard.as_mut() {
            Some(g) => {
                if let Some(held) = g.switch_if_requested() {
                    // Waiting for the lock again costs next to no CPU.
                    let cpu = thread_cpu();
                    rc.slice(w, on_core(held, cpu_mark, cpu));
                    cpu_mark = cpu;
                }
            }
            None if slice_start.elapsed() >= SLICE_EVERY => {
                let now = Instant::now();
                let cpu = thread_cpu();
                rc.slice(w, on_core((slice_start, now), cpu_mark, cpu));
                slice_start = now;
                cpu_mark = cpu;
            }
            None => {}
        }
        if pace.due(done, iters) {
            rc.progress(w, done, iters);
        }
    }
    let start = guard.as_ref().map_or(slice_start, |g| g.since());
    rc.slice(w, on_core((start, Instant::now()), cpu_mark, thread_cpu()));
    drop(guard);
    rc.progress(w, done, iters);
    Ok(acc)
}

/// The part of `span` the thread spent on a core: from its start, as long
/// as the thread's CPU clock advanced (`cpu1 - cpu0`), never longer than the
/// span; the whole span if the clock is unknown.
pub(crate) fn on_core(
    span: (Instant, Instant),
    cpu0: Option<Duration>,
    cpu1: Option<Duration>,
) -> (Instant, Instant) {
    let alive = span.1.saturating_duration_since(span.0);
    match cpu1.zip(cpu0) {
        Some((c1, c0)) => (span.0, span.0 + c1.saturating_sub(c0).min(alive)),
        None => span,
    }
}
