//! The CPU workload: rounds of [`spin`], on threads (under the GIL or not)
//! or in worker processes (`cpu TOTAL CHUNK SEED`).

use std::time::{Duration, Instant};

use super::super::gil::Gil;
use super::super::work::{Stop, chunk_iters, spin};
use super::Workload;
use super::ctx::RunCtx;

/// How often a thread worker reports its progress.
const REPORT_EVERY: Duration = Duration::from_millis(20);
/// The longest timeline slice a thread without the GIL reports while it
/// keeps computing (under the GIL a slice ends at each hand-over).
const SLICE_EVERY: Duration = Duration::from_millis(40);

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
/// returns a checksum of the work.
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
