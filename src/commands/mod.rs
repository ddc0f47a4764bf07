//! The commands, and [`run`], which dispatches the parsed command line to
//! them. The printing commands write results to stdout and problems to
//! stderr; `review` and `quiz` open the interactive screen (`crate::tui`).
//! Each returns an exit code.

/// `println!` that returns an error instead of panicking when stdout is
/// closed (e.g. `concur due | head`); `main` exits quietly on a broken pipe.
macro_rules! out {
    () => {
        std::io::Write::write_all(&mut std::io::stdout(), b"\n")?
    };
    ($($arg:tt)*) => {
        std::io::Write::write_fmt(&mut std::io::stdout(), format_args!("{}\n", format_args!($($arg)*)))?
    };
}

/// `eprintln!` that never panics: a closed or broken stderr (a vanished
/// terminal) must not turn a message into a crash.
macro_rules! note {
    ($($arg:tt)*) => {{
        let _ = std::io::Write::write_fmt(&mut std::io::stderr(), format_args!("{}\n", format_args!($($arg)*)));
    }};
}

pub mod check;
pub mod demo;
pub mod due;
pub mod export;
pub mod import;
pub mod new;
pub mod quiz;
pub mod simulate;

use std::io::IsTerminal;

use crate::cli::{Cli, Command};
use crate::deck::Loaded;
use crate::env::Env;
use crate::store::Replay;

/// Runs the command the user asked for; returns the exit code.
pub fn run(cli: Cli) -> anyhow::Result<i32> {
    let Cli {
        global,
        study,
        command,
    } = cli;
    let env = || Env::new(&global);
    match command {
        Some(Command::Review) => crate::tui::run(&env()?, study.new_per_day),
        // In a terminal, no command opens the review screen; piped or
        // redirected, it prints the counts so scripts keep working.
        None if std::io::stdout().is_terminal() && std::io::stdin().is_terminal() => {
            crate::tui::run(&env()?, study.new_per_day)
        }
        None => due::summary(&env()?),
        Some(Command::Check(a)) => check::run(&env()?, &a),
        Some(Command::Simulate(a)) => simulate::run(&env()?, &a),
        Some(Command::Due(a)) => due::run(&env()?, a.json),
        Some(Command::Import(a)) => import::run(&env()?, &a),
        Some(Command::New(a)) => new::run(&env()?, &a),
        Some(Command::Export(a)) => export::run(&env()?, &a),
        // The quiz splits `--deck` into paths and deck ids first.
        Some(Command::Quiz(a)) => quiz::run(&global, study.new_per_day, &a),
        Some(Command::Demo(a)) => demo::run(&a),
    }
}

/// Writes `text` to `path` through a temporary file in the same folder and
/// a rename, so a crash never leaves a half-written file.
/// A symbolic link is followed: its target is replaced, the link stays.
pub fn write_atomically(path: &std::path::Path, text: &str) -> anyhow::Result<()> {
    use anyhow::Context;
    let resolved;
    let path = if path.is_symlink() {
        resolved = std::fs::canonicalize(path)
            .with_context(|| format!("cannot follow the link {}", path.display()))?;
        resolved.as_path()
    } else {
        path
    };
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.concur-tmp"));
    std::fs::write(&tmp, text).with_context(|| {
        format!(
            "cannot write {}: check the folder's permissions",
            tmp.display()
        )
    })?;
    if let Ok(meta) = std::fs::metadata(path) {
        // Keep the original file's permissions.
        let _ = std::fs::set_permissions(&tmp, meta.permissions());
    }
    std::fs::rename(&tmp, path).with_context(|| {
        let _ = std::fs::remove_file(&tmp);
        format!("cannot replace {}", path.display())
    })
}

/// Prints deck errors (not warnings) and log problems to stderr, so that a
/// broken file is never silent.
pub fn report_problems<T>(env: &Env, decks: &Loaded<T>, replay: &Replay) {
    let errors: Vec<_> = decks.diagnostics.iter().filter(|d| d.is_error()).collect();
    for d in &errors {
        note!("{d}");
    }
    if !errors.is_empty() {
        note!("concur: decks with errors were skipped; run `concur check` for details");
    }
    let log = env.log_path();
    for p in &replay.problems {
        note!("{}:{}: warning: {}", log.display(), p.line, p.message);
    }
    if replay.problem_count > replay.problems.len() {
        note!(
            "{}: warning: {} more unreadable lines",
            log.display(),
            replay.problem_count - replay.problems.len()
        );
    }
}
