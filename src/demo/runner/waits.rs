//! The waiting workload: blocking waits, each after a little CPU, on
//! threads (which release the GIL while they wait) or in worker processes
//! (`wait COUNT WAIT_US CPU_ITERS`).

use std::time::Duration;

use super::super::gil::Gil;
use super::super::work::{Stop, spin};
use super::ctx::RunCtx;
use super::{Worked, Workload};

/// Blocking waits: `items` waits of `wait`, each after `cpu_iters` of CPU.
#[derive(Debug, Clone, Copy)]
pub(crate) struct WaitJob {
    pub items: usize,
    pub wait: Duration,
    pub cpu_iters: u64,
}

impl Workload for WaitJob {
    fn units(&self) -> u64 {
        self.items as u64
    }

    fn on_thread(
        &self,
        rc: RunCtx<'_>,
        w: usize,
        units: u64,
        gil: Option<&Gil>,
    ) -> Result<Worked, Stop> {
        Ok((wait_worker(rc, w, units, *self, gil)?, None))
    }

    fn process_args(&self, _w: usize, units: u64) -> Vec<String> {
        vec![
            "wait".into(),
            units.to_string(),
            self.wait.as_micros().to_string(),
            self.cpu_iters.to_string(),
        ]
    }
}

/// One thread worker doing `count` items of `job`; under `gil` it holds the
/// lock for the CPU part and releases it during each wait.
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
