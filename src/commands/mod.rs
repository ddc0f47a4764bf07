//! The non-interactive commands. Each writes to stdout (results) and stderr
//! (problems) and returns an exit code.

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

use std::path::PathBuf;

use crate::cli::GlobalArgs;
use crate::clock::Clock;
use crate::deck::{DeckIds, DeckSet, LoadOptions, Loaded, load_deck_ids, load_decks};
use crate::store::{self, Replay};

/// What every command needs: where data lives, which decks, and the clock.
#[derive(Debug, Clone)]
pub struct Env {
    /// The data folder.
    pub data: PathBuf,
    /// Extra deck paths from `--deck`.
    pub deck_paths: Vec<PathBuf>,
    /// The clock (`--today` applied).
    pub clock: Clock,
}

impl Env {
    /// Resolves the global options.
    pub fn new(g: &GlobalArgs) -> anyhow::Result<Env> {
        Ok(Env {
            data: store::data_dir(g.data_dir.as_deref())?,
            deck_paths: g.decks.clone(),
            clock: Clock::system(g.today),
        })
    }

    /// The review log's path.
    pub fn log_path(&self) -> PathBuf {
        store::log_path(&self.data)
    }

    /// The load options for the bundled decks, `$DATA/decks` and `--deck`.
    pub fn load_options(&self) -> LoadOptions {
        let user = store::decks_dir(&self.data);
        let mut paths = vec![user.clone()];
        paths.extend(self.deck_paths.iter().cloned());
        LoadOptions {
            bundled: true,
            paths,
            optional: vec![user],
            cache: Some(store::deck_cache_dir(&self.data)),
        }
    }

    /// Loads every deck.
    pub fn load_decks(&self) -> DeckSet {
        load_decks(&self.load_options())
    }

    /// Replays the review log.
    pub fn replay(&self) -> anyhow::Result<Replay> {
        Ok(store::replay_file(&self.log_path())?)
    }

    /// Loads the decks and replays the log at the same time (they are
    /// independent: one is mostly TOML parsing, the other JSON).
    pub fn load_all(&self) -> anyhow::Result<(Loaded<DeckIds>, Replay)> {
        std::thread::scope(|s| {
            let replay = s.spawn(|| self.replay());
            let decks = load_deck_ids(&self.load_options());
            let replay = replay
                .join()
                .map_err(|_| anyhow::anyhow!("replaying the review log failed unexpectedly"))??;
            Ok((decks, replay))
        })
    }
}

/// Writes `text` to `path` atomically ([`crate::atomic::write_atomically`]):
/// a crash never leaves a half-written file; a symbolic link is followed
/// (its target is replaced, the link stays) and the original permissions are
/// kept.
pub fn write_atomically(path: &std::path::Path, text: &str) -> anyhow::Result<()> {
    Ok(crate::atomic::write_atomically(path, text.as_bytes())?)
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
