//! `subprocess`: stream text through a child (our own binary as an
//! upper-case filter) over its stdin and stdout.

use std::io::{BufRead, BufReader, Write};
use std::thread;
use std::time::{Duration, Instant};

use super::super::event::DemoReport;
use super::super::mode::RunMode;
use super::super::procs;
use super::super::runner::{Ctx, Measured, Recorder, baseline, plan};
use super::super::verdict::{Bound, Claim, Figure, Limit, Work};
use super::super::work::Stop;

/// What the `subprocess` card claims.
pub(crate) const CLAIM: Claim = Claim {
    says: "a pipe is a stream: writing while another thread reads beats one round trip at a time",
    conclusion: "A pipe is a stream, so keep both ends moving.",
    bounds: &[Bound::at_least(
        Figure::Speedup(RunMode::Pipelined),
        Limit::Fixed(1.0),
    )],
    work: Work::Other,
};
use super::pipe_error;

/// Line `i` of the text sent through the child.
fn line(i: u64) -> String {
    format!("line {i:06}: the quick brown fox jumps over the lazy dog\n")
}

/// Runs `subprocess`: stream text through our own binary running as a
/// filter, one line at a time and then pipelined.
pub(crate) fn run(ctx: &Ctx) -> Result<DemoReport, Stop> {
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
            vec![
                baseline(RunMode::RoundTrip),
                plan(RunMode::Pipelined, 1, None),
            ],
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
        let summary = format!(
            "Child {pid} (this program as an upper-case filter) answered {lines} lines at {} per round trip one at a time, and {} faster when one thread writes while another reads.",
            rec.get(RunMode::RoundTrip).map_or_else(
                || "n/a".to_string(),
                |r| format!("{:.1} µs", r.wall_ms * 1e3 / lines as f64)
            ),
            rec.speedup(RunMode::Pipelined),
        );
        Ok(rec.finish(&CLAIM, &summary, &[]))
    })();
    procs::reap(pid);
    result
}
