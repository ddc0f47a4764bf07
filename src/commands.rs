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
pub mod config;
pub mod demo;
pub mod due;
mod error;
pub mod export;
pub mod find;
pub mod import;
pub mod new;
pub mod pick;
pub mod plan;
pub mod quiz;
pub mod simulate;
pub mod stats;
pub mod suspend;

use std::io::IsTerminal;

use crate::cli::{Cli, Command, GlobalArgs, StudyArgs};
use crate::config::Overrides;
use crate::deck::Loaded;
use crate::env::{Env, EnvError, EnvOptions};
use crate::store::{Replay, StoreError};
use crate::text::for_terminal;

pub use error::{UsageError, clap_error, error_line, exit_code, usage};

/// Runs the command the user asked for; returns the exit code.
pub fn run(cli: Cli) -> anyhow::Result<i32> {
    let Cli {
        global,
        study,
        command,
    } = cli;
    if study.any()
        && !matches!(
            command,
            None | Some(Command::Review(_) | Command::Config(_))
        )
    {
        return Err(usage(
            "--new-per-day and --reviews-per-day are options of the review screen only (`concur --new-per-day N` or `concur review --new-per-day N`); other commands do not use them",
        ));
    }
    let overrides = Overrides {
        interview: global.interview,
        ..overrides(&study, command.as_ref())
    };
    let env = || Env::new(env_options(global.clone(), overrides));
    match command {
        Some(Command::Review(_)) => crate::tui::run(&env()?),
        // In a terminal, no command opens the review screen; piped or
        // redirected, it prints the counts so scripts keep working.
        None if std::io::stdout().is_terminal() && std::io::stdin().is_terminal() => {
            crate::tui::run(&env()?)
        }
        None => due::summary(&env()?),
        Some(Command::Check(a)) => check::run(&env()?, &a),
        Some(Command::Simulate(a)) => simulate::run(&env()?, &a),
        Some(Command::Due(a)) => due::run(&env()?, a.json),
        Some(Command::Import(a)) => import::run(&env()?, &a),
        Some(Command::New(a)) => new::run(&env()?, &a),
        Some(Command::Export(a)) => export::run(&env()?, &a),
        Some(Command::Quiz(a)) => quiz::run(&env()?, &a),
        Some(Command::Demo(a)) => {
            // A demo needs no data folder, but a broken settings file is
            // still reported.
            match env() {
                Ok(_) | Err(EnvError::Store(StoreError::NoDataDir)) => {}
                Err(e) => return Err(e.into()),
            }
            demo::run(&a)
        }
        Some(Command::Stats(a)) => stats::run(&env()?, &a),
        Some(Command::Find(a)) => find::run(&env()?, &a),
        Some(Command::Plan(a)) => plan::run(&env()?, &a),
        Some(Command::Config(a)) => config::run(&env()?, a.json),
        Some(Command::Suspend(a)) => suspend::run(&env()?, &a, true),
        Some(Command::Unsuspend(a)) => suspend::run(&env()?, &a, false),
    }
}

/// What the command line says about the settings: the review screen's
/// caps (before the command, or after `review` or `config`) and the quiz's
/// options (`quiz`, `config`).
fn overrides(study: &StudyArgs, command: Option<&Command>) -> Overrides {
    let top = study.overrides(Overrides::default());
    match command {
        Some(Command::Review(r)) => r.study.overrides(top),
        Some(Command::Quiz(q)) => q.defaults.overrides(),
        Some(Command::Config(c)) => c.study.overrides(study.overrides(c.quiz.overrides())),
        _ => top,
    }
}

/// What the global options and the settings' overrides say about the
/// environment.
fn env_options(g: GlobalArgs, overrides: Overrides) -> EnvOptions {
    EnvOptions {
        data_dir: g.data_dir,
        decks: g.decks,
        today: g.today,
        overrides,
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

/// Prints the deck errors (not warnings) of `decks` to stderr, then a line
/// saying that those decks `were_skipped` (e.g. "were skipped"). Returns the
/// exit code the command ends with: 1 when a path given with `--deck`
/// could not be loaded (it does not exist, is not a file or folder, or is a
/// deck file with errors): what was asked for is missing from the output.
/// Errors in decks found in a folder only skip those decks (0).
pub fn report_deck_errors<T>(env: &Env, decks: &Loaded<T>, were_skipped: &str) -> i32 {
    let errors: Vec<_> = decks.diagnostics.iter().filter(|d| d.is_error()).collect();
    for d in &errors {
        note!("{d}");
    }
    if errors.is_empty() {
        return 0;
    }
    // Errors in cloze markup skip only their cards; the rest, whole decks.
    let what = match decks.card_errors {
        0 => "decks",
        n if n == errors.len() => "cards",
        _ => "decks and cards",
    };
    note!("concur: {what} with errors {were_skipped}; run `concur check` for details");
    let given = |path: &str| {
        env.deck_paths
            .iter()
            .any(|p| p.display().to_string() == path)
    };
    i32::from(errors.iter().any(|d| given(&d.path)))
}

/// Prints deck errors (not warnings) and log problems to stderr, so that a
/// broken file is never silent. Returns the exit code, as
/// [`report_deck_errors`].
pub fn report_problems<T>(env: &Env, decks: &Loaded<T>, replay: &Replay) -> i32 {
    let code = report_deck_errors(env, decks, "were skipped");
    // Log problems quote the hostile values they found.
    let log = env.data.log().display().to_string();
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
    code
}
