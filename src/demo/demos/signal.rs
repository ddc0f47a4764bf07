//! `signal`: signals to a busy child that handles them on its main thread,
//! between two chunks of work, as CPython runs a Python handler (Unix only).

#[cfg(unix)]
use std::thread;
#[cfg(unix)]
use std::time::{Duration, Instant};

#[cfg(unix)]
use rustix::process::Signal;

use super::super::event::DemoReport;
#[cfg(unix)]
use super::super::mode::RunMode;
#[cfg(unix)]
use super::super::procs;
#[cfg(unix)]
use super::super::python;
use super::super::runner::Ctx;
#[cfg(unix)]
use super::super::runner::{Measured, Recorder, for_each_msg, plan};
use super::super::verdict::{Bound, Claim, Figure, Limit, Work};
use super::super::work::Stop;
#[cfg(unix)]
use super::super::work::chunk_iters;
#[cfg(unix)]
use super::super::worker::WorkerMsg;
#[cfg(unix)]
use super::ms;

/// Runs `signal`: signals to a busy child whose main thread handles them
/// between two chunks of its work.
#[cfg(unix)]
pub(crate) fn run(ctx: &Ctx) -> Result<DemoReport, Stop> {
    use std::sync::mpsc;
    const SIGNALS: u64 = 8;
    const BURST: u64 = 10;
    let gap = ctx.budget_share(0.7 / SIGNALS as f64);
    let mut rec = Recorder::new(ctx, vec![plan(RunMode::Signals, 1, None)]);
    let mut summary = None;
    rec.run(0, false, |rc| {
        let child = ctx.spawn_worker(&["busy".to_string(), chunk_iters().to_string()], false)?;
        let pid = child.pid;
                let (tx, rx) = mpsc::channel::<(Instant, WorkerMsg)>();
        let reader = thread::Builder::new()
            .name("demo-signal-reader".into())
            .spawn(move || for_each_msg(child.stdout, |m| {
                let _ = tx.send((Instant::now(), m));
            }))
            .map_err(|e| Stop::failed(format!("could not start a reader: {e}")))?;
        let out = (|| {
            let gone = || {
                ctx.cancel.check()?;
                Err::<(), Stop>(Stop::failed("the child ended early"))
            };
            let timeout = Duration::from_secs(5);
            // Wait until the child runs (its handlers are installed then).
            loop {
                match rx.recv_timeout(timeout) {
                    Ok((_, WorkerMsg::Ready { pid })) => break rc.started(0, pid),
                    Ok(_) => {}
                    Err(_) => gone()?,
                }
            }
            let mut latencies = Vec::new();
            let mut handled = 0;
            let mut off_main = 0u64;
            let send = |sig: Signal| {
                procs::send_signal(pid, sig).map_err(|e| {
                    Stop::failed(format!("kill({pid}, {}): {e}", sig.as_raw()))
                })
            };
            for k in 1..=SIGNALS {
                let sent = Instant::now();
                send(Signal::USR1)?;
                loop {
                    match rx.recv_timeout(timeout) {
                        Ok((at, WorkerMsg::Signal { count, on_main, .. })) => {
                            handled = count;
                            off_main += u64::from(on_main != Some(true));
                            if count >= k {
                                latencies.push(ms(at - sent));
                                break;
                            }
                        }
                        Ok(_) => {}
                        Err(_) => gone()?,
                    }
                }
                rc.progress(0, k, SIGNALS);
                ctx.cancel.sleep(gap)?;
            }
            // A burst: standard signals do not queue, so some may merge.
            let before = handled;
            for _ in 0..BURST {
                send(Signal::USR1)?;
            }
            let until = Instant::now() + gap.max(Duration::from_millis(50));
            while let Some(left) = until.checked_duration_since(Instant::now()) {
                match rx.recv_timeout(left) {
                    Ok((_, WorkerMsg::Signal { count, on_main, .. })) => {
                        handled = count;
                        off_main += u64::from(on_main != Some(true));
                    }
                    Ok(_) => {}
                    Err(mpsc::RecvTimeoutError::Timeout) => break,
                    Err(mpsc::RecvTimeoutError::Disconnected) => gone()?,
                }
            }
            let burst_seen = handled - before;
            // SIGTERM: the child finishes its unit and exits cleanly.
            let sent = Instant::now();
            send(Signal::TERM)?;
            let (exit_ms, units) = loop {
                match rx.recv_timeout(timeout) {
                    Ok((at, WorkerMsg::Done { value, .. })) => break (ms(at - sent), value),
                    Ok(_) => {}
                    Err(_) => {
                        gone()?;
                    }
                }
            };
            Ok((latencies, burst_seen, exit_ms, units, off_main))
        })();
        let _ = reader.join();
        let status = procs::reap(pid);
        let (latencies, burst_seen, exit_ms, units, off_main) = out?;
        let mean = latencies.iter().sum::<f64>() / latencies.len().max(1) as f64;
        let max = latencies.iter().copied().fold(0.0, f64::max);
        let status = status.map_or_else(|| "killed".to_string(), |s| s.to_string());
        summary = Some((mean, burst_seen, units, status.clone(), off_main));
        Ok(Measured {
            wall: rc.t0.elapsed(),
            pids: vec![pid],
            note: Some(format!(
                "{} of {SIGNALS} SIGUSR1 handled on the main thread between chunks of work, {:.2} ms after sending on average ({:.2} ms at most); a burst of {BURST} arrived as {burst_seen}; SIGTERM: clean exit in {:.2} ms after {units} units of work ({status})",
                latencies.len(),
                mean,
                max,
                exit_ms,
            )),
            ..Measured::default()
        })
    })?;
    let mut named = Vec::new();
    let text = match summary {
        Some((mean, burst, units, status, off_main)) => {
            named.push((UNITS, units as f64));
            named.push((MEAN_MS, mean));
            named.push((OFF_MAIN, off_main as f64));
            format!(
                "The child kept computing ({units} units); as in CPython, the OS-level handler only set a flag and the main thread ran the handler between two chunks of work, {mean:.2} ms after each SIGUSR1 on average ({off_main} handled off the main thread); a burst of {BURST} arrived as {burst} (pending signals do not queue); SIGTERM ended it cleanly ({status})."
            )
        }
        None => "No run was made.".to_string(),
    };
    Ok(rec.finish(&CLAIM, &text, &named))
}

const UNITS: &str = "units the child computed while signalled";
const MEAN_MS: &str = "mean time to handle a SIGUSR1, ms";
const OFF_MAIN: &str = "signals handled off the main thread";

/// What the `signal` card claims.
pub(crate) const CLAIM: Claim = Claim {
    says: "a busy process handles signals asynchronously: it keeps computing, and its main thread runs the handler between two pieces of work (as CPython does) within milliseconds (under 50 ms on average)",
    conclusion: "Signals arrive asynchronously; the handler runs on the main thread while the program does other work.",
    bounds: &[
        Bound::at_least(Figure::Named(UNITS), Limit::Fixed(1.0)),
        Bound::at_most(Figure::Named(MEAN_MS), Limit::Fixed(50.0)),
        Bound::at_most(Figure::Named(OFF_MAIN), Limit::Fixed(0.0)),
    ],
    work: Work::Other,
};

/// `signal` elsewhere: not available.
#[cfg(not(unix))]
pub(crate) fn run(_ctx: &Ctx) -> Result<DemoReport, Stop> {
    Err(Stop::failed("signal: not available on this platform"))
}

#[cfg(unix)]
/// What the card claims of CPython: a Python handler runs on the main
/// thread, soon after the signal, while the main thread keeps computing.
pub(crate) const PYTHON_CLAIM: Claim = Claim {
    says: "CPython runs a Python signal handler on the main thread, between bytecodes, within milliseconds (under 50 ms on average) while the main thread keeps computing",
    conclusion: "Signals arrive asynchronously; CPython runs the handler on the main thread.",
    bounds: &[
        Bound::at_least(Figure::Named(PY_HANDLED), Limit::Fixed(1.0)),
        Bound::at_most(Figure::Named(PY_OFF_MAIN), Limit::Fixed(0.0)),
        Bound::at_most(Figure::Named(PY_MEAN_MS), Limit::Fixed(50.0)),
        Bound::at_least(Figure::Named(PY_UNITS), Limit::Fixed(1.0)),
    ],
    work: Work::Other,
};
#[cfg(unix)]
const PY_HANDLED: &str = "python handled";
#[cfg(unix)]
const PY_OFF_MAIN: &str = "python off main";
#[cfg(unix)]
const PY_MEAN_MS: &str = "python mean ms";
#[cfg(unix)]
const PY_UNITS: &str = "python units";

/// `signal --python`: SIGUSR1 to a computing CPython with a Python handler.
#[cfg(unix)]
pub(super) fn run_python(ctx: &Ctx) -> Result<DemoReport, Stop> {
    let args = ["8".to_string(), python::ms_arg(ctx.budget_share(0.8))];
    let plans = vec![plan(RunMode::PythonSignals, 1, None)];
    let (rec, out) = python::run_script(ctx, plans, python::SIGNAL, &args)?;
    let named = out.named(&[PY_HANDLED, PY_OFF_MAIN, PY_MEAN_MS, PY_UNITS]);
    let summary = format!(
        "{}: a Python handler for SIGUSR1, sent 8 times while the main thread computed.",
        out.label()
    );
    Ok(rec.finish(&PYTHON_CLAIM, &summary, &named))
}
