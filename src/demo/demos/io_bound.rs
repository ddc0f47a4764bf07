//! `io-bound`: blocking waits in every mode; with `--python`, the real
//! CPython's threading against multiprocessing on sleeps.

use std::time::Duration;

use super::super::event::DemoReport;
use super::super::mode::RunMode;
use super::super::python;
use super::super::runner::{Ctx, Mode, ROUNDS, Recorder, WaitJob, run_rounds, run_workload};
use super::super::verdict::{Bound, Claim, Figure, Limit, Work};
use super::super::work::{Stop, iters_for};

/// What the `io-bound` card claims.
pub(crate) const CLAIM: Claim = Claim {
    says: "threads overlap blocking waits, even under the GIL (at least 0.6 × the waits overlapped)",
    conclusion: "A thread that waits releases the GIL, so threads hide I/O latency even in CPython.",
    bounds: &[
        Bound::at_least(Figure::Speedup(RunMode::Threads), Limit::Ideal(0.6)),
        Bound::at_least(Figure::Speedup(RunMode::GilThreads), Limit::Ideal(0.6)),
    ],
    work: Work::Waits,
};

/// What the card claims of CPython's threads on sleeps.
pub(crate) const PYTHON_CLAIM: Claim = Claim {
    says: "CPython's threads overlap sleeps (at least 0.6 × the waits overlapped)",
    conclusion: "time.sleep releases the GIL, so threads hide waits.",
    bounds: &[Bound::at_least(
        Figure::Speedup(RunMode::PythonThreading),
        Limit::Ideal(0.6),
    )],
    work: Work::Waits,
};
use super::{fmt_ms, ms};

/// The waits of `io-bound`.
const IO_WAITS: usize = 16;

/// The length of one `io-bound` wait: 100 ms for the default 3 s budget
/// (each of the three rounds makes 16 + 3 waits in a row: about 1 s).
fn io_wait(ctx: &Ctx) -> Duration {
    ctx.budget_share(1.0 / 30.0).max(Duration::from_millis(1))
}

/// One `io-bound` wait of the runner's rounds: a third of [`io_wait`].
fn round_wait(ctx: &Ctx) -> Duration {
    (io_wait(ctx) / ROUNDS.min as u32).max(Duration::from_millis(1))
}

/// Runs `io-bound` (the CPython variant if the context asks for it): 16
/// blocking waits in every mode.
pub(crate) fn run(ctx: &Ctx) -> Result<DemoReport, Stop> {
    let w = ctx.workers_or(IO_WAITS).min(IO_WAITS);
    let wait = round_wait(ctx);
    let job = WaitJob {
        items: IO_WAITS,
        wait,
        // A little CPU per item ("parsing the reply"): 0.2 % of the wait.
        cpu_iters: iters_for(wait / 500),
    };
    let ideal = Some(w as f64);
    let mut rec = Recorder::new(ctx, Mode::plan_all(w, ideal));
    let note = format!("{IO_WAITS} waits of {}", fmt_ms(ms(wait)));
    // Waits take their time whatever the load: no scaling.
    run_rounds(&mut rec, &CLAIM, ROUNDS, ctx.budget, 1.0, |rec, i, _| {
        let mode = Mode::ALL[i];
        let workers = if mode == Mode::Sequential { 1 } else { w };
        rec.run(i, false, |rc| {
            let mut m = run_workload(rc, mode, workers, &job)?;
            if mode == Mode::Sequential {
                m.note = Some(note.clone());
            }
            Ok(m)
        })?;
        Ok(())
    })?;
    let summary = format!(
        "{IO_WAITS} waits of {}: threads {}, GIL threads {}, processes {} against an ideal {w}×.",
        fmt_ms(ms(wait)),
        rec.speedup(RunMode::Threads),
        rec.speedup(RunMode::GilThreads),
        rec.speedup(RunMode::Processes),
    );
    Ok(rec.finish(&CLAIM, &summary, &[]))
}

/// `io-bound --python`.
pub(super) fn run_python(ctx: &Ctx) -> Result<DemoReport, Stop> {
    let waits = IO_WAITS;
    let w = ctx.workers_or(waits).min(waits);
    let wait = io_wait(ctx);
    let wait_text = fmt_ms(ms(wait));
    python::compare(
        ctx,
        w,
        w as f64,
        python::CompareJob::Io { wait, waits },
        |_| &PYTHON_CLAIM,
        |r| {
            format!(
                "CPython {} ({}), {waits} sleeps of {wait_text}: threading {}, multiprocessing {} (its pool started before the clock, start-up shown apart) against an ideal {w}×.",
                r.0, r.1, r.2, r.3
            )
        },
    )
}
