//! CPython's threading against its multiprocessing on the same jobs
//! (`cpu-bound`, `gil`, `pool`, `io-bound` with `--python`): CPU work in
//! interleaved rounds with medians, like the native runner.

use std::time::{Duration, Instant};

use super::super::event::DemoReport;
use super::super::mode::RunMode;
use super::super::runner::{Ctx, OVERRUN, ROUNDS, Recorder, Rounds, baseline, plan};
use super::super::verdict::{Claim, Status};
use super::super::work::Stop;
use super::{ms_arg, run_script_rounds};

/// The script: threading against multiprocessing, in rounds.
pub(super) const COMPARE: &str = script!("jobs.py", "compare.py");

/// How many rounds of the comparison script to make.
pub(crate) const COMPARE_ROUNDS: Rounds = ROUNDS;

/// Runs the threading-against-multiprocessing script and records its runs:
/// `kind` `cpu` (the sequential run `unit` long, sized on CPU time; in
/// interleaved rounds, medians reported, more rounds while the verdict would
/// be inconclusive) or `io` (`waits` waits of `unit`, one round). `claim`
/// picks the claim to judge by whether CPython's GIL is enabled; `summary`
/// gets (version, GIL state, threading speedup, multiprocessing speedup).
pub(crate) fn compare(
    ctx: &Ctx,
    w: usize,
    ideal: f64,
    job: CompareJob,
    claim: impl Fn(bool) -> &'static Claim,
    summary: impl Fn((&str, &str, &str, &str)) -> String,
) -> Result<DemoReport, Stop> {
    let plans = vec![
        baseline(RunMode::PythonSequential),
        plan(RunMode::PythonThreading, w, Some(ideal)),
        plan(RunMode::PythonMultiprocessing, w, Some(ideal)),
    ];
    let rounds = match job {
        CompareJob::Cpu { .. } => COMPARE_ROUNDS,
        CompareJob::Io { .. } => Rounds { min: 1, max: 1 },
    };
    let (kind, unit, waits) = match job {
        CompareJob::Cpu { sequential } => ("cpu", sequential / rounds.min as u32, 0),
        CompareJob::Io { wait, waits } => ("io", wait, waits),
    };
    let round_wall = ctx.budget / rounds.min as u32;
    let limit = ctx.budget.mul_f64(OVERRUN);
    let args = [
        kind.to_string(),
        w.to_string(),
        ms_arg(unit),
        waits.to_string(),
        rounds.min.to_string(),
        rounds.max.to_string(),
        ms_arg(round_wall),
        ms_arg(limit),
    ];
    let mut more = more_while_inconclusive(rounds, ctx.budget, &claim);
    let (rec, out) = run_script_rounds(ctx, plans, COMPARE, &args, Some(&mut more))?;
    let version = out.info.as_ref().map_or("?", |i| i.version.as_str());
    let gil = if out.gil() {
        "GIL enabled"
    } else {
        "free-threaded"
    };
    let t = rec.speedup(RunMode::PythonThreading);
    let m = rec.speedup(RunMode::PythonMultiprocessing);
    let text = summary((version, gil, &t, &m));
    Ok(rec.finish(claim(out.gil()), &text, &[]))
}

/// After `made` rounds: another while fewer than `rounds.min` were made,
/// or while the verdict on `claim` (picked by whether CPython's GIL is
/// enabled) would be inconclusive, up to `rounds.max` and while one more
/// round fits in [`OVERRUN`] × `budget`.
pub(crate) fn more_while_inconclusive(
    rounds: Rounds,
    budget: Duration,
    claim: impl Fn(bool) -> &'static Claim,
) -> impl FnMut(&Recorder<'_>, usize) -> bool {
    let t0 = Instant::now();
    let limit = budget.mul_f64(OVERRUN);
    move |rec: &Recorder<'_>, made: usize| {
        if made < rounds.min {
            return true;
        }
        if made >= rounds.max {
            return false;
        }
        let per_round = t0.elapsed().as_secs_f64() / made as f64;
        let gil = rec.python.as_ref().is_none_or(|p| p.gil_enabled);
        rec.judge(claim(gil), &[]).verdict.status == Status::Inconclusive
            && t0.elapsed().as_secs_f64() + per_round <= limit.as_secs_f64()
    }
}

/// What the comparison script runs.
#[derive(Debug, Clone, Copy)]
pub(crate) enum CompareJob {
    /// CPU work whose sequential run takes about `sequential` over all
    /// rounds.
    Cpu { sequential: Duration },
    /// `waits` sleeps of `wait`.
    Io { wait: Duration, waits: usize },
}

#[cfg(test)]
mod tests {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};

    use super::*;

    /// The real script (where `python3` exists) makes its modes interleaved,
    /// round after round, each round opened by a `round` line.
    #[test]
    fn the_script_interleaves_its_modes_in_rounds() {
        if !super::super::python_available() {
            eprintln!("python3 not found: the script's order is not checked here");
            return;
        }
        let child = Command::new("python3")
            .arg("-c")
            .arg(COMPARE)
            .args(["cpu", "2", "20", "0", "2", "2", "30", "10000"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn();
        let Ok(mut child) = child else {
            panic!("python3 did not start");
        };
        let stdin = child.stdin.take(); // kept open: the script's lifeline
        let Some(stdout) = child.stdout.take() else {
            panic!("no stdout");
        };
        let events: Vec<String> = BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(&l).ok())
            .filter_map(|v| {
                let e = v.get("event")?.as_str()?.to_string();
                Some(match v.get("mode").and_then(|m| m.as_str()) {
                    Some(m) if e == "run" => m.to_string(),
                    _ => e,
                })
            })
            .filter(|e| e != "run_started")
            .collect();
        drop(stdin);
        let _ = child.wait();
        let round = [
            "round",
            "python-sequential",
            "python-threading",
            "python-multiprocessing",
        ];
        let mut want = vec!["python"];
        want.extend(round);
        want.extend(round);
        want.push("done");
        assert_eq!(events, want);
    }
}
