//! What every command and the interactive app work on: where data lives,
//! which decks to load, the clock and the settings. Built once from
//! [`EnvOptions`] (the command line's global options turn into those in
//! `crate::commands`); the settings are `$DATA/config.toml`'s
//! ([`crate::config`]) under the command line's overrides and `NO_COLOR`.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::clock::Clock;
use crate::config::{self, Overrides, Settings};
use crate::data_dir::DataDir;
use crate::deck::{DeckIds, DeckSet, LoadOptions, Loaded, load_deck_ids, load_decks};
use crate::diag::Diagnostic;
use crate::store::{self, Fsrs, Replay, StoreError};

/// What an [`Env`] is built from.
#[derive(Debug, Clone, Default)]
pub struct EnvOptions {
    /// The data folder; `None`: `$CONCUR_HOME`, else the platform's
    /// ([`DataDir::find`]).
    pub data_dir: Option<PathBuf>,
    /// Deck files or folders to load besides the bundled decks and
    /// `$DATA/decks`.
    pub decks: Vec<PathBuf>,
    /// The day to pretend today is; `None`: the system clock's.
    pub today: Option<NaiveDate>,
    /// What the command line says about the settings (it wins over
    /// `config.toml`).
    pub overrides: Overrides,
}

/// Why an [`Env`] could not be built.
#[derive(Debug, thiserror::Error)]
pub enum EnvError {
    /// No data folder, or the settings file cannot be read.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The settings file has errors (one diagnostic each, at least one).
    #[error("{}", config_errors(.0))]
    Config(Vec<Diagnostic>),
}

/// The settings file's errors, one a line: each line after the first
/// starts with `concur: error: ` as the first does when printed; then what
/// to do.
fn config_errors(diags: &[Diagnostic]) -> String {
    let mut lines: Vec<String> = diags
        .iter()
        .map(|d| format!("{}:{}:{}: {}", d.path, d.line, d.col, d.message))
        .collect();
    lines.push(
        "the settings file has errors: fix them (or move the file away to use the defaults)"
            .to_string(),
    );
    lines.join("\nconcur: error: ")
}

/// What every command needs: where data lives, which decks, and the clock.
#[derive(Debug, Clone)]
pub struct Env {
    /// The data folder.
    pub data: DataDir,
    /// Extra deck paths from `--deck`.
    pub deck_paths: Vec<PathBuf>,
    /// The clock (`--today` applied).
    pub clock: Clock,
    /// The settings in effect, each with where it came from.
    pub settings: Settings,
}

impl Env {
    /// The environment `options` describe.
    /// Fails when there is no data folder or `config.toml` has errors.
    pub fn new(options: EnvOptions) -> Result<Env, EnvError> {
        let data = DataDir::find(options.data_dir.as_deref()).ok_or(StoreError::NoDataDir)?;
        let settings = load_settings(&data.config())?
            .apply(&options.overrides)
            .apply_no_color(std::env::var_os(config::NO_COLOR).as_deref());
        Ok(Env {
            data,
            deck_paths: options.decks,
            clock: Clock::system(options.today),
            settings,
        })
    }

    /// The load options for the bundled decks, `$DATA/decks` and `--deck`,
    /// through the caches, without lint (no warnings: only `concur check`
    /// shows them, and it asks for them).
    pub fn load_options(&self) -> LoadOptions {
        let user = self.data.decks();
        let mut paths = vec![user.clone()];
        paths.extend(self.deck_paths.iter().cloned());
        LoadOptions {
            bundled: true,
            paths,
            optional: vec![user],
            cache: Some(self.data.deck_cache()),
            lint: false,
        }
    }

    /// Loads every deck.
    pub fn load_decks(&self) -> DeckSet {
        load_decks(&self.load_options())
    }

    /// Replays the review log, from the snapshot in `$DATA/cache` when it
    /// is still right ([`store::replay_cached`]), with FSRS as `fsrs` says.
    pub fn replay(&self, fsrs: Fsrs) -> Result<Replay, StoreError> {
        store::replay_cached(&self.data.log(), &self.data.cache(), fsrs)
    }

    /// Replays the review log after hashing every byte of it the snapshot
    /// covers, and rebuilds a snapshot that no longer matches
    /// ([`store::snapshot::verify_log`]).
    pub fn verify_log(&self) -> Result<(Replay, store::snapshot::LogCheck), StoreError> {
        store::snapshot::verify_log(&self.data.log(), &self.data.cache())
    }

    /// Loads the decks' ids and replays the log at the same time (they are
    /// independent: one is mostly cache reads or TOML parsing, the other the
    /// log).
    pub fn load_all(&self, fsrs: Fsrs) -> Result<(Loaded<DeckIds>, Replay), StoreError> {
        self.with_replay(fsrs, || load_deck_ids(&self.load_options()))
    }

    /// [`Env::load_all`], then `f` on the decks and the replay, while the
    /// new replay snapshot, if one is due, is written on another thread
    /// (a cold start's snapshot is megabytes, encoded and synced to disk:
    /// the two overlap). Returns once both are done.
    pub fn with_all<R>(
        &self,
        fsrs: Fsrs,
        f: impl FnOnce(Loaded<DeckIds>, &store::Replay) -> R,
    ) -> Result<R, StoreError> {
        let (decks, (replay, write)) = self.with_replay_of(
            || store::replay_cached_deferred(&self.data.log(), &self.data.cache(), fsrs),
            || load_deck_ids(&self.load_options()),
        )?;
        Ok(std::thread::scope(|s| {
            if let Some(w) = write {
                let replay = &replay;
                s.spawn(move || w.write(replay));
            }
            f(decks, &replay)
        }))
    }

    /// [`Env::load_all`] with whole decks (card text included), as the
    /// interactive app needs them.
    pub fn load_all_decks(&self, fsrs: Fsrs) -> Result<(DeckSet, Replay), StoreError> {
        self.with_replay(fsrs, || self.load_decks())
    }

    /// Runs `decks` on this thread while the log is replayed on another.
    fn with_replay<T: Send>(
        &self,
        fsrs: Fsrs,
        decks: impl FnOnce() -> T,
    ) -> Result<(T, Replay), StoreError> {
        self.with_replay_of(|| self.replay(fsrs), decks)
    }

    /// Runs `decks` on this thread while `replay` runs on another.
    fn with_replay_of<T: Send, P: Send>(
        &self,
        replay: impl FnOnce() -> Result<P, StoreError> + Send,
        decks: impl FnOnce() -> T,
    ) -> Result<(T, P), StoreError> {
        std::thread::scope(|s| {
            let replay = s.spawn(replay);
            let decks = decks();
            // A panic on the replay thread is a bug: pass it on as it is.
            let replay = replay
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p))?;
            Ok((decks, replay))
        })
    }
}

/// The settings of the file at `path`: the defaults when there is none.
/// The file is read as decks are: a regular file only (a FIFO never
/// blocks), at most [`config::MAX_CONFIG_BYTES`] and one byte.
fn load_settings(path: &Path) -> Result<Settings, EnvError> {
    use std::io::Read;
    let file = match crate::store::log::open::open_regular(path, false) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Settings::default()),
        Err(e) => return Err(unreadable(path, &e)),
    };
    let limit = u64::try_from(config::MAX_CONFIG_BYTES).unwrap_or(u64::MAX);
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| unreadable(path, &e))?;
    config::parse(&bytes, &path.display().to_string()).map_err(EnvError::Config)
}

/// The error for a settings file that exists but cannot be read.
fn unreadable(path: &Path, e: &std::io::Error) -> EnvError {
    let message = format!("cannot read the settings file: {e}");
    EnvError::Config(vec![Diagnostic::error(
        &path.display().to_string(),
        1,
        1,
        message,
    )])
}
