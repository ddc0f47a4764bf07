//! The commands, and [`run`], which dispatches the parsed command line to
//! them. The printing commands write results to stdout and problems to
//! stderr; `review` and `quiz` open the interactive screen (`crate::tui`).
//! Each returns an exit code: 0 when it did what was asked, 1 when it
//! failed (a deck with errors, a file that cannot be written). A usage error
//! (an unknown deck id or tag, a bad option value) is returned as a
//! [`UsageError`], which `main` prints and maps to 2, the code clap uses
//! for its own errors.

/// `println!` that returns an error instead of panicking when stdout is
/// closed (e.g. `concur due | head`); `main` exits quietly on a broken pipe.
/// The line goes through [`crate::text::for_terminal_lines`]: whatever a
/// command prints, no control, bidi or format character reaches the
/// terminal raw (the values should be escaped where they are formatted
/// too; this is the net under them).
macro_rules! out {
    () => {
        std::io::Write::write_all(&mut std::io::stdout(), b"\n")?
    };
    ($($arg:tt)*) => {
        std::io::Write::write_fmt(
            &mut std::io::stdout(),
            format_args!("{}\n", crate::text::for_terminal_lines(&format!($($arg)*))),
        )?
    };
}

/// `eprintln!` that never panics: a closed or broken stderr (a vanished
/// terminal) must not turn a message into a crash. Escaped like [`out!`].
macro_rules! note {
    ($($arg:tt)*) => {{
        let _ = std::io::Write::write_fmt(
            &mut std::io::stderr(),
            format_args!("{}\n", crate::text::for_terminal_lines(&format!($($arg)*))),
        );
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
pub mod stats;

use std::io::IsTerminal;

use crate::cli::{Cli, Command};
use crate::deck::Loaded;
use crate::env::Env;
use crate::store::Replay;
use crate::text::{for_terminal, for_terminal_lines};

/// Runs the command the user asked for; returns the exit code.
pub fn run(cli: Cli) -> anyhow::Result<i32> {
    let Cli {
        global,
        study,
        command,
    } = cli;
    let env = || Env::new(&global);
    match command {
        Some(Command::Review(r)) => {
            crate::tui::run(&env()?, r.new_per_day.unwrap_or(study.new_per_day))
        }
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
        Some(Command::Quiz(a)) => quiz::run(&env()?, &a),
        Some(Command::Demo(a)) => demo::run(&a),
        Some(Command::Stats(a)) => stats::run(&env()?, &a),
    }
}

/// A mistake in how the command was called: an unknown deck id or tag, a
/// bad option value. `main` prints it like any error and exits with 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// A [`UsageError`] with `message`, as an `anyhow` error. The message
/// quotes what the user typed or what a file holds, so it is escaped for
/// the terminal here ([`for_terminal_lines`]).
pub fn usage(message: impl Into<String>) -> anyhow::Error {
    let message = message.into();
    UsageError(for_terminal_lines(&message).into_owned()).into()
}

/// The exit code for an error: 2 for a [`UsageError`], 1 for any other.
pub fn exit_code(e: &anyhow::Error) -> i32 {
    if e.downcast_ref::<UsageError>().is_some() {
        2
    } else {
        1
    }
}

/// Fails with "folder does not exist" when the folder `path` would be
/// written in does not exist (the write would fail with a less clear
/// message). `option` names how the user gave the path, e.g. `-o`.
pub fn require_parent_folder(path: &std::path::Path, option: &str) -> anyhow::Result<()> {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => return Ok(()),
    };
    if !parent.is_dir() {
        return Err(usage(format!(
            "{option} {}: folder {} does not exist: create it first or choose another file",
            crate::text::sanitize(&path.display().to_string()),
            crate::text::sanitize(&parent.display().to_string())
        )));
    }
    Ok(())
}

/// Writes `text` to the user's file `path` atomically
/// ([`crate::atomic::write_atomically`], [`crate::atomic::Target::User`]):
/// a crash never leaves a half-written file; a symbolic link is followed
/// (its target is replaced, the link stays), the original permissions are
/// kept, and a folder, device or FIFO at the path is refused.
pub fn write_atomically(path: &std::path::Path, text: &str) -> anyhow::Result<()> {
    let user = crate::atomic::Target::User;
    Ok(crate::atomic::write_atomically(
        path,
        user,
        text.as_bytes(),
    )?)
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
    // Log problems quote the hostile values they found.
    let log = env.log_path().display().to_string();
    let log = for_terminal(&log);
    for p in &replay.problems {
        note!("{log}:{}: warning: {}", p.line, for_terminal(&p.message));
    }
    if replay.problem_count > replay.problems.len() {
        note!(
            "{log}: warning: {} more unreadable lines",
            replay.problem_count - replay.problems.len()
        );
    }
}
