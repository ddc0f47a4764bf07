//! Operating-system demos: subprocess, signal, shared-memory, spawn-cost.

use std::future::Future;
use std::io::{BufRead, BufReader, Write};
use std::pin::Pin;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll, Waker};
use std::thread;
use std::time::{Duration, Instant};

use super::super::event::DemoReport;
use super::super::procs::{self, memory_kib};
use super::super::runner::{
    Ctx, Measured, Recorder, RunCtx, baseline, fmt_x, for_each_msg, on_threads, plan, run_processes,
};
use super::super::work::{Cancel, Stop, chunk_iters, lock};
use super::super::worker::WorkerMsg;
use super::{fmt_kib, pipe_error};

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn line(i: u64) -> String {
    format!("line {i:06}: the quick brown fox jumps over the lazy dog\n")
}

/// `subprocess`: stream text through our own binary running as a filter.
pub(crate) fn subprocess(ctx: &Ctx) -> Result<DemoReport, Stop> {
    let child = ctx.spawn_worker(&["upper".to_string()], true)?;
    let pid = child.pid;
    let result = (|| {
        let mut stdin = child
            .stdin
            .ok_or_else(|| Stop::failed("the filter has no stdin"))?;
        let mut reader = BufReader::new(child.stdout);
        let mut reply = String::new();
        let mut round_trip = |stdin: &mut std::process::ChildStdin, i: u64| -> Result<bool, Stop> {
            let sent = line(i);
            stdin
                .write_all(sent.as_bytes())
                .and_then(|()| stdin.flush())
                .map_err(|e| pipe_error(ctx, "writing to the child", &e))?;
            reply.clear();
            let n = reader
                .read_line(&mut reply)
                .map_err(|e| pipe_error(ctx, "reading from the child", &e))?;
            if n == 0 {
                ctx.cancel.check()?;
                return Err(Stop::failed("the child closed its output"));
            }
            Ok(reply == sent.to_uppercase())
        };
        // The first answer also waits for the child to start: not timed.
        round_trip(&mut stdin, 0)?;
        // Round trips for a fixed time; then the same lines pipelined.
        let time_box = ctx.budget_share(0.7);
        let mut lines: u64 = 10_000;
        let mut rec = Recorder::new(
            ctx,
            "subprocess",
            vec![baseline("round-trip"), plan("pipelined", 1, None)],
        );
        rec.run(0, false, |rc| {
            rc.started(0, pid);
            let (mut ok, mut n) = (0, 0);
            let mut last = Instant::now();
            let box_ms = time_box.as_millis() as u64;
            while rc.t0.elapsed() < time_box && n < 2_000_000 {
                ok += u64::from(round_trip(&mut stdin, n)?);
                n += 1;
                if last.elapsed() >= Duration::from_millis(20) {
                    last = Instant::now();
                    rc.progress(0, rc.t0.elapsed().as_millis() as u64, box_ms);
                }
            }
            rc.progress(0, box_ms, box_ms);
            let wall = rc.t0.elapsed();
            lines = n.max(1);
            Ok(Measured {
                wall,
                pids: vec![pid],
                note: Some(format!(
                    "{lines} lines one at a time, {:.1} µs per round trip, {ok} answers correct",
                    wall.as_secs_f64() * 1e6 / lines as f64
                )),
                ..Measured::default()
            })
        })?;
        rec.run(1, false, |rc| {
            rc.started(0, pid);
            let ok = thread::scope(|s| -> Result<u64, Stop> {
                let writer = thread::Builder::new()
                    .name("demo-writer".into())
                    .spawn_scoped(s, || -> std::io::Result<()> {
                        let mut out = std::io::BufWriter::new(&mut stdin);
                        for i in 0..lines {
                            out.write_all(line(i).as_bytes())?;
                        }
                        out.flush()
                    })
                    .map_err(|e| Stop::failed(format!("could not start the writer: {e}")))?;
                let mut ok = 0;
                let mut last = Instant::now();
                for i in 0..lines {
                    reply.clear();
                    let n = reader
                        .read_line(&mut reply)
                        .map_err(|e| pipe_error(ctx, "reading from the child", &e))?;
                    if n == 0 {
                        ctx.cancel.check()?;
                        return Err(Stop::failed("the child closed its output"));
                    }
                    ok += u64::from(reply == line(i).to_uppercase());
                    if last.elapsed() >= Duration::from_millis(20) {
                        last = Instant::now();
                        rc.progress(0, i + 1, lines);
                    }
                }
                match writer.join() {
                    Ok(Ok(())) => Ok(ok),
                    Ok(Err(e)) => Err(pipe_error(ctx, "writing to the child", &e)),
                    Err(_) => Err(Stop::failed("the writer panicked")),
                }
            })?;
            rc.progress(0, lines, lines);
            let wall = rc.t0.elapsed();
            let bytes = (0..lines).map(|i| line(i).len() as f64).sum::<f64>();
            Ok(Measured {
                wall,
                pids: vec![pid],
                note: Some(format!(
                    "{lines} lines written and read at once, {:.1} MB/s each way, {ok} answers correct",
                    bytes / wall.as_secs_f64().max(1e-9) / 1e6
                )),
                ..Measured::default()
            })
        })?;
        drop(stdin); // end of input: the filter exits
        let verdict = format!(
            "Child {pid} (this program as an upper-case filter) answered {lines} lines at {} per round trip one at a time, and {} faster when one thread writes while another reads: a pipe is a stream, so keep both ends moving.",
            rec.get("round-trip").map_or_else(
                || "n/a".to_string(),
                |r| format!("{:.1} µs", r.wall_ms * 1e3 / lines as f64)
            ),
            rec.speedup("pipelined"),
        );
        Ok(rec.finish(verdict))
    })();
    procs::reap(pid);
    result
}

/// `signal`: signals to a busy child that handles them on its own thread.
#[cfg(unix)]
pub(crate) fn signal(ctx: &Ctx) -> Result<DemoReport, Stop> {
    use std::sync::mpsc;
    const SIGNALS: u64 = 8;
    const BURST: u64 = 10;
    let gap = ctx.budget_share(0.7 / SIGNALS as f64);
    let mut rec = Recorder::new(ctx, "signal", vec![plan("signals", 1, None)]);
    let mut summary = None;
    rec.run(0, false, |rc| {
        let child = ctx.spawn_worker(&["busy".to_string(), chunk_iters().to_string()], false)?;
        let pid = child.pid;
        let ipid = i32::try_from(pid).map_err(|_| Stop::failed("pid out of range"))?;
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
            let send = |sig| {
                procs::send_signal(ipid, sig)
                    .map_err(|e| Stop::failed(format!("kill({pid}, {sig}): {e}")))
            };
            for k in 1..=SIGNALS {
                let sent = Instant::now();
                send(libc::SIGUSR1)?;
                loop {
                    match rx.recv_timeout(timeout) {
                        Ok((at, WorkerMsg::Signal { count, .. })) => {
                            handled = count;
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
                send(libc::SIGUSR1)?;
            }
            let until = Instant::now() + gap.max(Duration::from_millis(50));
            while let Some(left) = until.checked_duration_since(Instant::now()) {
                match rx.recv_timeout(left) {
                    Ok((_, WorkerMsg::Signal { count, .. })) => handled = count,
                    Ok(_) => {}
                    Err(mpsc::RecvTimeoutError::Timeout) => break,
                    Err(mpsc::RecvTimeoutError::Disconnected) => gone()?,
                }
            }
            let burst_seen = handled - before;
            // SIGTERM: the child finishes its unit and exits cleanly.
            let sent = Instant::now();
            send(libc::SIGTERM)?;
            let (exit_ms, units) = loop {
                match rx.recv_timeout(timeout) {
                    Ok((at, WorkerMsg::Done { value, .. })) => break (ms(at - sent), value),
                    Ok(_) => {}
                    Err(_) => {
                        gone()?;
                    }
                }
            };
            Ok((latencies, burst_seen, exit_ms, units))
        })();
        let _ = reader.join();
        let status = procs::reap(pid);
        let (latencies, burst_seen, exit_ms, units) = out?;
        let mean = latencies.iter().sum::<f64>() / latencies.len().max(1) as f64;
        let max = latencies.iter().copied().fold(0.0, f64::max);
        let status = status.map_or_else(|| "killed".to_string(), |s| s.to_string());
        summary = Some((mean, burst_seen, units, status.clone()));
        Ok(Measured {
            wall: rc.t0.elapsed(),
            pids: vec![pid],
            note: Some(format!(
                "{} of {SIGNALS} SIGUSR1 handled while computing, {:.2} ms after sending on average ({:.2} ms at most); a burst of {BURST} arrived as {burst_seen}; SIGTERM: clean exit in {:.2} ms after {units} units of work ({status})",
                latencies.len(),
                mean,
                max,
                exit_ms,
            )),
            ..Measured::default()
        })
    })?;
    let verdict = match summary {
        Some((mean, burst, units, status)) => format!(
            "The child kept computing ({units} units) while its signal thread answered each SIGUSR1 within {mean:.2} ms on average; a burst of {BURST} arrived as {burst} (pending signals do not queue); SIGTERM ended it cleanly ({status})."
        ),
        None => "No run was made.".to_string(),
    };
    Ok(rec.finish(verdict))
}

/// `signal` elsewhere: not available.
#[cfg(not(unix))]
pub(crate) fn signal(_ctx: &Ctx) -> Result<DemoReport, Stop> {
    Err(Stop::failed("signal: not available on this platform"))
}

/// Increments per loop between two checks of the cancel flag.
const COUNT_STEP: u64 = 1 << 12;

/// `shared-memory`: one counter shared by threads; processes count alone.
pub(crate) fn shared_memory(ctx: &Ctx) -> Result<DemoReport, Stop> {
    let w = ctx.workers_or(ctx.cores.clamp(2, 8));
    // Calibrate on the slowest way to count: w threads fighting for a mutex.
    let probe = Mutex::new(0u64);
    let stop_at = Instant::now() + Duration::from_millis(10);
    on_threads(w, |_| {
        while Instant::now() < stop_at {
            for _ in 0..256 {
                *lock(&probe) += 1;
            }
        }
        Ok(())
    })?;
    let mutex_per_ms = *lock(&probe) as f64 / 10.0;
    let total = ((mutex_per_ms * ms(ctx.budget_share(0.3))) as u64).max(w as u64 * 1000);
    let per = total / w as u64;
    let total = per * w as u64;
    let mut rec = Recorder::new(
        ctx,
        "shared-memory",
        vec![
            baseline("sequential"),
            plan("threads-unlocked", w, None),
            plan("threads-mutex", w, None),
            plan("threads-atomic", w, None),
            plan("processes", w, None),
        ],
    );
    let lost = |count: u64| {
        format!(
            "counter = {count} of {total}: {} updates lost ({:.1} %)",
            total - count.min(total),
            (total - count.min(total)) as f64 * 100.0 / total as f64
        )
    };
    let me = std::process::id();
    rec.run(0, false, |rc| {
        let counter = AtomicU64::new(0);
        racy_count(rc, 0, &counter, total)?;
        let count = counter.load(Ordering::SeqCst);
        Ok(counted(rc, me, lost(count)))
    })?;
    rec.run(1, false, |rc| {
        let counter = AtomicU64::new(0);
        on_threads(w, |i| racy_count(rc, i, &counter, per))?;
        let count = counter.load(Ordering::SeqCst);
        Ok(counted(rc, me, lost(count)))
    })?;
    rec.run(2, false, |rc| {
        let counter = Mutex::new(0u64);
        on_threads(w, |i| {
            step_count(rc, i, per, |n| {
                for _ in 0..n {
                    *lock(&counter) += 1;
                }
            })
        })?;
        let count = *lock(&counter);
        Ok(counted(rc, me, lost(count)))
    })?;
    rec.run(3, false, |rc| {
        let counter = AtomicU64::new(0);
        on_threads(w, |i| {
            step_count(rc, i, per, |n| {
                for _ in 0..n {
                    counter.fetch_add(1, Ordering::Relaxed);
                }
            })
        })?;
        let count = counter.load(Ordering::SeqCst);
        Ok(counted(rc, me, lost(count)))
    })?;
    rec.run(4, false, |rc| {
        let parent_counter = AtomicU64::new(0);
        let args = (0..w)
            .map(|_| vec!["count".to_string(), per.to_string()])
            .collect();
        let out = run_processes(rc, args)?;
        let each: Vec<String> = out.values.iter().map(u64::to_string).collect();
        let mut m = counted(
            rc,
            me,
            format!(
                "each process counted in its own copy: {}; the parent's counter is still {}",
                each.join(", "),
                parent_counter.load(Ordering::SeqCst)
            ),
        );
        m.pids = out.pids;
        Ok(m)
    })?;
    let pct = |mode: &str| {
        rec.get(mode)
            .and_then(|r| r.note.as_deref())
            .and_then(|n| n.rsplit('(').next())
            .map_or_else(
                || "n/a".to_string(),
                |s| s.trim_end_matches(')').to_string(),
            )
    };
    let verdict = format!(
        "{w} threads doing `counter += 1` on one shared counter without a lock lost {} of {total} updates; with a mutex the count was exact at {} of the sequential speed, with an atomic exact at {}; processes share no memory: each counted in its own copy and the parent's counter stayed 0.",
        pct("threads-unlocked"),
        fmt_x(rec.get("threads-mutex").and_then(|r| r.speedup)),
        fmt_x(rec.get("threads-atomic").and_then(|r| r.speedup)),
    );
    Ok(rec.finish(verdict))
}

fn counted(rc: RunCtx<'_>, pid: u32, note: String) -> Measured {
    Measured {
        wall: rc.t0.elapsed(),
        pids: vec![pid],
        note: Some(note),
        ..Measured::default()
    }
}

/// Counts `n` in steps of [`COUNT_STEP`], checking for cancel and reporting.
fn step_count(rc: RunCtx<'_>, w: usize, n: u64, mut add: impl FnMut(u64)) -> Result<(), Stop> {
    rc.started(w, std::process::id());
    let mut done = 0;
    let mut last = Instant::now();
    while done < n {
        rc.ctx.cancel.check()?;
        let k = COUNT_STEP.min(n - done);
        add(k);
        done += k;
        if last.elapsed() >= Duration::from_millis(20) {
            last = Instant::now();
            rc.progress(w, done, n);
        }
    }
    rc.progress(w, done, n);
    Ok(())
}

/// `counter += 1` as Python does it: read, add, write back, not atomically.
fn racy_count(rc: RunCtx<'_>, w: usize, counter: &AtomicU64, n: u64) -> Result<(), Stop> {
    step_count(rc, w, n, |k| {
        for _ in 0..k {
            let v = counter.load(Ordering::Relaxed);
            counter.store(v + 1, Ordering::Relaxed);
        }
    })
}

/// A future that is pending once, then ready: the smallest possible task.
struct YieldOnce(bool);

impl Future for YieldOnce {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            Poll::Ready(())
        } else {
            self.0 = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}

type Task = Pin<Box<dyn Future<Output = u64> + Send>>;

fn make_tasks(from: u64, n: u64) -> Vec<Task> {
    (from..from + n)
        .map(|i| -> Task {
            Box::pin(async move {
                YieldOnce(false).await;
                i
            })
        })
        .collect()
}

/// Polls every task to completion on this thread (a tiny executor).
fn run_tasks(mut tasks: Vec<Task>) -> u64 {
    let mut cx = Context::from_waker(Waker::noop());
    let mut sum = 0u64;
    while !tasks.is_empty() {
        tasks.retain_mut(|t| match t.as_mut().poll(&mut cx) {
            Poll::Ready(v) => {
                sum = sum.wrapping_add(v);
                false
            }
            Poll::Pending => true,
        });
    }
    sum
}

/// `spawn-cost`: time and memory to create tasks, threads and processes.
pub(crate) fn spawn_cost(ctx: &Ctx) -> Result<DemoReport, Stop> {
    let share = ctx.budget_share(0.28);
    let mut rec = Recorder::new(
        ctx,
        "spawn-cost",
        vec![
            plan("tasks", 10_000_000, None),
            plan("threads", 5_000, None),
            plan("processes", 300, None),
        ],
    );
    let me = std::process::id();
    let mut per = [None, None, None];
    let mut mem = [None, None, None];

    // Tasks: futures polled by a tiny executor on this thread.
    if let Some(m) = rec.run(0, false, |rc| {
        rc.started(0, me);
        const BATCH: u64 = 10_000;
        const MAX: u64 = 10_000_000;
        let mut n = 0;
        while n < MAX && rc.t0.elapsed() < share {
            rc.ctx.cancel.check()?;
            std::hint::black_box(run_tasks(make_tasks(n, BATCH)));
            n += BATCH;
            rc.progress(0, n, MAX);
        }
        let wall = rc.t0.elapsed();
        // Memory: hold 100 000 tasks alive at once.
        let before = memory_kib(None);
        let held = make_tasks(0, 100_000);
        let after = memory_kib(None);
        let bytes = std::mem::size_of_val(&*held[0]);
        drop(held);
        let each = before
            .zip(after)
            .map(|(b, a)| (a.0 as f64 - b.0 as f64) * 1024.0 / 100_000.0);
        Ok(Measured {
            wall,
            pids: vec![me],
            workers: Some(n as usize),
            note: Some(format!(
                "{n} tasks created and run, {:.3} µs each; {bytes} bytes of state each ({})",
                wall.as_secs_f64() * 1e6 / n.max(1) as f64,
                each.map_or_else(
                    || "resident size not measurable here".to_string(),
                    |b| format!("{b:.0} bytes resident each, with the box")
                )
            )),
            resident_kib: each.map(|b| b / 1024.0),
            ..Measured::default()
        })
    })? {
        per[0] = Some(m.wall.as_secs_f64() * 1e6 / m.workers.unwrap_or(1).max(1) as f64);
        mem[0] = m.resident_kib;
    }

    // Threads: spawn and join one after another.
    if let Some(m) = rec.run(1, false, |rc| {
        rc.started(0, me);
        const MAX: u64 = 5_000;
        let mut n = 0;
        while n < MAX && rc.t0.elapsed() < share {
            rc.ctx.cancel.check()?;
            let h = thread::Builder::new()
                .spawn(move || std::hint::black_box(n))
                .map_err(|e| Stop::failed(format!("could not start a thread: {e}")))?;
            let _ = h.join();
            n += 1;
            if n % 100 == 0 {
                rc.progress(0, n, MAX);
            }
        }
        let wall = rc.t0.elapsed();
        // Memory: hold 100 threads alive at once.
        let park = Cancel::default();
        let before = memory_kib(None);
        let after = thread::scope(|s| {
            let mut alive = 0;
            for _ in 0..100 {
                let park = &park;
                if thread::Builder::new()
                    .spawn_scoped(s, move || {
                        let _ = park.sleep(Duration::from_secs(60));
                    })
                    .is_ok()
                {
                    alive += 1;
                }
            }
            let after = memory_kib(None);
            park.cancel();
            after.map(|a| (a, alive))
        });
        let each = before.zip(after).map(|(b, (a, alive))| {
            (
                (a.0 as f64 - b.0 as f64) / f64::from(alive.max(1)),
                (a.1 as f64 - b.1 as f64) / f64::from(alive.max(1)),
            )
        });
        Ok(Measured {
            wall,
            pids: vec![me],
            workers: Some(n as usize),
            note: Some(format!(
                "{n} threads started and joined, {:.1} µs each; {}",
                wall.as_secs_f64() * 1e6 / n.max(1) as f64,
                each.map_or_else(
                    || "memory not measurable here".to_string(),
                    |(r, v)| format!(
                        "{} resident and {} of address space each",
                        fmt_kib(r),
                        fmt_kib(v)
                    )
                )
            )),
            resident_kib: each.map(|e| e.0),
            ..Measured::default()
        })
    })? {
        per[1] = Some(m.wall.as_secs_f64() * 1e6 / m.workers.unwrap_or(1).max(1) as f64);
        mem[1] = m.resident_kib;
    }

    // Processes: start our binary, wait for it to say it runs and exit.
    if let Some(m) = rec.run(2, false, |rc| {
        rc.started(0, me);
        const MAX: u64 = 300;
        let mut pids = Vec::new();
        let mut n = 0;
        while n < MAX && rc.t0.elapsed() < share {
            let child = ctx.spawn_worker(&["noop".to_string()], false)?;
            let pid = child.pid;
            for_each_msg(child.stdout, |_| {});
            procs::reap(pid);
            ctx.cancel.check()?;
            pids.push(pid);
            n += 1;
            rc.progress(0, n, MAX);
        }
        let wall = rc.t0.elapsed();
        // Memory: one idle worker's resident size.
        let idle = ctx.spawn_worker(&["idle".to_string()], false)?;
        let mut reader = BufReader::new(idle.stdout);
        let mut first = String::new();
        let _ = reader.read_line(&mut first);
        let rss = memory_kib(Some(idle.pid)).map(|m| m.0 as f64);
        procs::reap(idle.pid);
        Ok(Measured {
            wall,
            pids,
            workers: Some(n as usize),
            note: Some(format!(
                "{n} processes started and reaped, {:.0} µs each; {}",
                wall.as_secs_f64() * 1e6 / n.max(1) as f64,
                rss.map_or_else(
                    || "memory not measurable here".to_string(),
                    |r| format!("{} resident each", fmt_kib(r))
                )
            )),
            resident_kib: rss,
            ..Measured::default()
        })
    })? {
        per[2] = Some(m.wall.as_secs_f64() * 1e6 / m.workers.unwrap_or(1).max(1) as f64);
        mem[2] = m.resident_kib;
    }
    let us = |x: Option<f64>| x.map_or_else(|| "n/a".to_string(), |x| format!("{x:.2} µs"));
    let kib = |x: Option<f64>| x.map_or_else(|| "n/a".to_string(), fmt_kib);
    let ratio = match (per[0], per[2]) {
        (Some(t), Some(p)) if t > 0.0 => format!(" ({:.0}× a task)", p / t),
        _ => String::new(),
    };
    let verdict = format!(
        "To create one: a task {}, a thread {}, a process {}{ratio}; memory: a task {}, a thread {}, a process {}: tasks for thousands of waits, threads for tens, processes for CPU work.",
        us(per[0]),
        us(per[1]),
        us(per[2]),
        mem[0].map_or_else(|| "n/a".to_string(), |k| format!("{:.0} B", k * 1024.0)),
        kib(mem[1]),
        kib(mem[2]),
    );
    Ok(rec.finish(verdict))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tiny_executor_runs_every_task() {
        assert_eq!(run_tasks(make_tasks(0, 100)), (0..100).sum::<u64>());
    }

    #[test]
    fn counting_modes_in_threads() {
        let (ctx, _rx) = crate::demo::runner::tests::test_ctx();
        let rc = RunCtx::new(&ctx, 0, false);
        let counter = AtomicU64::new(0);
        assert!(racy_count(rc, 0, &counter, 10_000).is_ok());
        // Alone, read-add-write loses nothing.
        assert_eq!(counter.load(Ordering::SeqCst), 10_000);
        let shared = Mutex::new(0u64);
        let r = on_threads(4, |i| {
            step_count(rc, i, 5_000, |n| {
                for _ in 0..n {
                    *lock(&shared) += 1;
                }
            })
        });
        assert!(r.is_ok());
        assert_eq!(*lock(&shared), 20_000);
    }
}
