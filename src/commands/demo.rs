//! `concur demo`: the live demos on the command line.

use std::io::Write;
use std::time::Duration;

use anyhow::bail;

use crate::cli::DemoCliArgs;
use crate::demo::{DemoArgs, run_cli};

/// Runs `concur demo`.
pub fn run(a: &DemoCliArgs) -> anyhow::Result<i32> {
    let duration = match a.duration {
        None => None,
        Some(s) if s.is_finite() && s > 0.0 => Some(Duration::from_secs_f64(s.min(10.0))),
        Some(s) => bail!("--duration {s}: give a number of seconds above 0 (at most 10 is used)"),
    };
    let args = DemoArgs {
        name: a.name.clone(),
        list: a.list,
        workers: a.workers.and_then(|w| usize::try_from(w).ok()),
        json: a.json,
        python: a.python,
        duration,
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let code = run_cli(&args, &mut out)?;
    out.flush()?;
    Ok(code)
}
