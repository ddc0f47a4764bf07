//! The line protocol of concur's CPython scripts: one JSON object a line
//! (`python`, `round`, `run_started`, `run`, `figure`, `done`), read into a
//! [`Recorder`] run by run, round by round.

use std::time::Duration;

use serde::Deserialize;

use super::super::event::{DemoEvent, PythonInfo};
use super::super::mode::RunMode;
use super::super::overlap::Span;
use super::super::runner::{Ctx, Measured, Recorder};
use super::super::work::Stop;
use super::{More, Output};

/// What a script prints, one JSON object a line.
#[derive(Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
enum PyMsg {
    Python {
        version: String,
        gil_enabled: bool,
    },
    RunStarted,
    /// A round of runs begins.
    Round {},
    /// The script made its last round.
    Done {},
    Run {
        mode: RunMode,
        #[serde(default)]
        workers: Option<usize>,
        wall_ms: f64,
        #[serde(default)]
        cpu_ms: Option<f64>,
        #[serde(default)]
        pids: Vec<u32>,
        /// Starting the process pool, measured apart (outside `wall_ms`).
        #[serde(default)]
        startup_ms: Option<f64>,
        /// What the run found, in words.
        #[serde(default)]
        note: Option<String>,
        /// Resident memory the run added, KiB.
        #[serde(default)]
        resident_kib: Option<f64>,
        /// Each CPU job's on-CPU intervals, `[start, end]` in ms since the
        /// run started (its own clock stamps).
        #[serde(default)]
        spans: Option<Vec<Vec<(f64, f64)>>>,
    },
    /// A named figure for the claim (e.g. `lost updates %`).
    Figure {
        name: String,
        value: f64,
    },
}

/// Reads a script's `lines` into `rec` (one run of each of `modes` per
/// round; rounds only with `more`) and `out`. The script is process `pid`.
pub(super) fn record(
    ctx: &Ctx,
    rec: &mut Recorder<'_>,
    modes: &[RunMode],
    pid: u32,
    lines: &mut dyn Iterator<Item = std::io::Result<String>>,
    out: &mut Output,
    mut more: Option<More<'_>>,
) -> Result<(), Stop> {
    for round in 0.. {
        if more.is_some() {
            // The next round's opening line, or the end.
            let opened = loop {
                match lines.next().and_then(Result::ok) {
                    None => break false,
                    Some(line) => match serde_json::from_str::<PyMsg>(&line) {
                        Ok(PyMsg::Round {}) => break true,
                        Ok(PyMsg::Done {}) => break false,
                        Ok(msg) => out.take(ctx, msg),
                        Err(_) => {}
                    },
                }
            };
            if !opened {
                if round == 0 {
                    ctx.cancel.check()?;
                    return Err(Stop::failed(
                        "python3 ended before its first round (is multiprocessing usable here?)",
                    ));
                }
                break;
            }
            rec.round = round;
        }
        for (i, &mode) in modes.iter().enumerate() {
            rec.run(i, false, |rc| {
                rc.started(0, pid);
                loop {
                    let line = match lines.next() {
                        Some(Ok(line)) => line,
                        Some(Err(_)) | None => {
                            ctx.cancel.check()?;
                            return Err(Stop::failed(
                                "python3 ended early (is multiprocessing usable here?)",
                            ));
                        }
                    };
                    match serde_json::from_str::<PyMsg>(&line) {
                        Ok(PyMsg::Run {
                            mode: m,
                            workers,
                            wall_ms,
                            cpu_ms,
                            pids,
                            startup_ms,
                            note,
                            resident_kib,
                            spans,
                        }) if m == mode => {
                            rc.progress(0, 1, 1);
                            let spans = spans.map(|s| job_spans(&s)).unwrap_or_default();
                            for (w, s) in spans.iter().enumerate() {
                                rc.on_cpu(w, s);
                            }
                            return Ok(measured(
                                i == 0,
                                pid,
                                RunLine {
                                    workers,
                                    wall_ms,
                                    cpu_ms,
                                    pids,
                                    startup_ms,
                                    note,
                                    resident_kib,
                                    spans,
                                },
                            ));
                        }
                        Ok(msg) => out.take(ctx, msg),
                        Err(_) => {}
                    }
                }
            })?;
        }
        rec.python.clone_from(&out.info);
        match more.as_mut() {
            None => break,
            Some(more) => {
                if !more(rec, round + 1) {
                    return Ok(());
                }
            }
        }
    }
    // Figures printed after the last run.
    for line in lines.map_while(Result::ok) {
        if let Ok(msg) = serde_json::from_str::<PyMsg>(&line) {
            out.take(ctx, msg);
        }
    }
    Ok(())
}

/// A `run` line's fields.
struct RunLine {
    workers: Option<usize>,
    wall_ms: f64,
    cpu_ms: Option<f64>,
    pids: Vec<u32>,
    startup_ms: Option<f64>,
    note: Option<String>,
    resident_kib: Option<f64>,
    spans: Vec<Vec<Span>>,
}

/// A script's intervals in ms as nanoseconds (negative or not finite
/// values count as 0).
fn job_spans(jobs: &[Vec<(f64, f64)>]) -> Vec<Vec<Span>> {
    let ns = |ms: f64| {
        if ms.is_finite() && ms > 0.0 {
            (ms * 1e6) as u64
        } else {
            0
        }
    };
    jobs.iter()
        .map(|j| j.iter().map(|&(s, e)| (ns(s), ns(e))).collect())
        .collect()
}

/// What a `run` line measured (`first`: the first run of a round, which
/// says where it was measured); `pid` is the script's.
fn measured(first: bool, pid: u32, r: RunLine) -> Measured {
    let cpu = r
        .cpu_ms
        .filter(|c| c.is_finite() && *c >= 0.0)
        .map(|c| Duration::from_secs_f64(c / 1e3));
    let startup = r
        .startup_ms
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map(|s| {
            format!(
                "pool start-up {} apart, outside the timing",
                crate::demo::demos::fmt_ms(s)
            )
        });
    let note = [
        first.then(|| "measured inside CPython (interpreter start-up excluded), on a worker thread as the threads' work is".to_string()),
        r.note,
        startup,
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join("; ");
    let wall = if r.wall_ms.is_finite() {
        r.wall_ms.max(0.0)
    } else {
        0.0
    };
    Measured {
        cpu,
        outside_cpu: cpu,
        wall: Duration::from_secs_f64(wall / 1e3),
        pids: if r.pids.is_empty() { vec![pid] } else { r.pids },
        workers: r.workers,
        note: (!note.is_empty()).then_some(note),
        resident_kib: r.resident_kib.filter(|k| k.is_finite()),
        spans: r.spans.into_iter().map(Some).collect(),
        ..Measured::default()
    }
}

impl Output {
    /// Keeps what a line other than the awaited run says.
    fn take(&mut self, ctx: &Ctx, msg: PyMsg) {
        match msg {
            PyMsg::Python {
                version,
                gil_enabled,
            } => {
                let p = PythonInfo {
                    version,
                    gil_enabled,
                };
                ctx.emit(DemoEvent::Python(p.clone()));
                self.info = Some(p);
            }
            PyMsg::Figure { name, value } => {
                self.figures.insert(name, value);
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_lines_parse() {
        let run: PyMsg = serde_json::from_str(
            r#"{"event":"run","mode":"python-threading","wall_ms":1.5,"pids":[1]}"#,
        )
        .unwrap_or(PyMsg::RunStarted);
        assert!(matches!(run, PyMsg::Run { wall_ms, .. } if wall_ms == 1.5));
        let fig: PyMsg = serde_json::from_str(r#"{"event":"figure","name":"x","value":2}"#)
            .unwrap_or(PyMsg::RunStarted);
        assert!(matches!(fig, PyMsg::Figure { value, .. } if value == 2.0));
        let round: PyMsg =
            serde_json::from_str(r#"{"event":"round","round":3}"#).unwrap_or(PyMsg::RunStarted);
        assert!(matches!(round, PyMsg::Round {}));
    }

    use super::super::super::runner::{baseline, plan, test_ctx};

    /// Lines of `rounds` rounds: sequential `seq[r]` ms, threading and
    /// multiprocessing 100 ms each; then `done`.
    fn script(seq: &[f64]) -> Vec<std::io::Result<String>> {
        let mut v = vec![r#"{"event":"python","version":"3.11.7","gil_enabled":true}"#.to_string()];
        for (r, s) in seq.iter().enumerate() {
            v.push(format!(r#"{{"event":"round","round":{r}}}"#));
            for (mode, ms) in [
                ("python-sequential", *s),
                ("python-threading", 100.0),
                ("python-multiprocessing", 100.0),
            ] {
                v.push(format!(r#"{{"event":"run_started","mode":"{mode}"}}"#));
                v.push(format!(
                    r#"{{"event":"run","mode":"{mode}","wall_ms":{ms},"cpu_ms":{ms},"pids":[7]}}"#
                ));
            }
        }
        v.push(r#"{"event":"done"}"#.to_string());
        v.into_iter().map(Ok).collect()
    }

    const MODES: [RunMode; 3] = [
        RunMode::PythonSequential,
        RunMode::PythonThreading,
        RunMode::PythonMultiprocessing,
    ];

    /// Each mode's (median speedup, repeats).
    type Got = Vec<(Option<f64>, usize)>;

    /// Records `lines` with `more`; the result, and each mode's (median
    /// speedup, repeats).
    fn read(
        lines: Vec<std::io::Result<String>>,
        more: Option<More<'_>>,
    ) -> (Result<(), Stop>, Got, Output) {
        let (ctx, _rx) = test_ctx();
        let mut rec = Recorder::new(
            &ctx,
            vec![
                baseline(MODES[0]),
                plan(MODES[1], 2, Some(2.0)),
                plan(MODES[2], 2, Some(2.0)),
            ],
        );
        let mut out = Output::default();
        let mut it = lines.into_iter();
        let r = record(&ctx, &mut rec, &MODES, 1, &mut it, &mut out, more);
        let got = MODES
            .iter()
            .map(|m| rec.get(*m).map_or((None, 0), |r| (r.speedup, r.repeats)))
            .collect();
        (r, got, out)
    }

    #[test]
    fn rounds_pair_with_their_own_baseline_and_the_median_drops_a_disturbed_one() {
        // Round 1's sequential run was slowed to 300 ms: alone it would give
        // an impossible 3×; the median of 1×, 3×, 1× is 1×.
        let mut more = |_: &Recorder<'_>, made: usize| made < 3;
        let (r, got, out) = read(script(&[100.0, 300.0, 100.0]), Some(&mut more));
        assert!(r.is_ok());
        assert_eq!(got[1], (Some(1.0), 3));
        assert_eq!(got[2], (Some(1.0), 3));
        assert_eq!(out.info.map(|i| i.version), Some("3.11.7".to_string()));
    }

    #[test]
    fn reading_stops_when_no_more_rounds_are_wanted() {
        let mut asked = Vec::new();
        let mut more = |_: &Recorder<'_>, made: usize| {
            asked.push(made);
            made < 2
        };
        let (r, got, _) = read(script(&[100.0; 5]), Some(&mut more));
        assert!(r.is_ok());
        assert_eq!(asked, [1, 2]);
        assert!(got.iter().all(|g| g.1 == 2), "{got:?}");
    }

    #[test]
    fn a_script_that_ends_after_its_rounds_is_a_normal_end() {
        let mut more = |_: &Recorder<'_>, _: usize| true;
        let mut lines = script(&[100.0, 100.0]);
        lines.pop(); // no `done`: end of output
        let (r, got, _) = read(lines, Some(&mut more));
        assert!(r.is_ok());
        assert!(got.iter().all(|g| g.1 == 2), "{got:?}");
    }

    #[test]
    fn a_script_that_ends_before_its_first_round_or_mid_round_fails() {
        let mut more = |_: &Recorder<'_>, _: usize| true;
        let (r, _, _) = read(vec![Ok(String::new())], Some(&mut more));
        assert!(matches!(r, Err(Stop::Failed(_))), "{r:?}");
        let mut more = |_: &Recorder<'_>, _: usize| true;
        let mut lines = script(&[100.0]);
        lines.truncate(4); // the round opened, one run printed
        let (r, _, _) = read(lines, Some(&mut more));
        assert!(matches!(r, Err(Stop::Failed(_))), "{r:?}");
    }

    #[test]
    fn without_rounds_one_pass_is_read_and_figures_after_it_kept() {
        let mut lines: Vec<_> = script(&[100.0])
            .into_iter()
            .filter(|l| l.as_ref().is_ok_and(|l| !l.contains("round")))
            .collect();
        lines.push(Ok(
            r#"{"event":"figure","name":"lost","value":4}"#.to_string()
        ));
        let (r, got, out) = read(lines, None);
        assert!(r.is_ok());
        assert!(got.iter().all(|g| g.1 == 1), "{got:?}");
        assert_eq!(out.figures.get("lost"), Some(&4.0));
    }
}
