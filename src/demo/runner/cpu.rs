//! The CPU workload: rounds of [`spin`], on threads (under the GIL or not)
//! or in worker processes (`cpu TOTAL CHUNK SEED`).

use std::time::{Duration, Instant};

use super::super::gil::Gil;
use super::super::measure::mono_ns;
use super::super::overlap::OnCpu;
use super::super::work::{Stop, chunk_iters, piece_iters, spin_stamped};
use super::ctx::RunCtx;
use super::{Worked, Workload};

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
    ) -> Result<Worked, Stop> {
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
/// returns a checksum of the work and when the worker was on a CPU
/// (nanoseconds since the run started), from the clock stamps it takes
/// every few microseconds of work. Its timeline slices are those intervals,
/// sent every [`SLICE_EVERY`] (under the GIL: at each hand-over).
fn cpu_worker(rc: RunCtx<'_>, w: usize, iters: u64, gil: Option<&Gil>) -> Result<Worked, Stop> {
    rc.started(w, std::process::id());
    let chunk = chunk_iters();
    let piece = piece_iters(chunk);
    let mut guard = gil.map(|g| g.acquire(w));
    let mut on_cpu = OnCpu::default();
    on_cpu.stamp(mono_ns());
    let mut slice_start = Instant::now();
    let mut pace = rc.pace();
    let (mut done, mut acc) = (0, w as u64);
    while done < iters {
        rc.ctx.cancel.check()?;
        let n = chunk.min(iters - done);
        acc ^= spin_stamped(n, acc.wrapping_add(done), piece, &mut on_cpu);
        done += n;
        let send = match guard.as_mut() {
            Some(g) => g.switch_if_requested().is_some(),
            None => slice_start.elapsed() >= SLICE_EVERY,
        };
        if send {
            rc.on_cpu(w, &rc.since_start(&on_cpu.take_new()));
            slice_start = Instant::now();
        }
        if pace.due(done, iters) {
            rc.progress(w, done, iters);
        }
    }
    drop(guard);
    rc.on_cpu(w, &rc.since_start(&on_cpu.take_new()));
    rc.progress(w, done, iters);
    Ok((acc, on_cpu.spans().map(|s| rc.since_start(&s))))
}
