//! What every command and the interactive app work on: where data lives,
//! which decks to load, and the clock. Built once from [`EnvOptions`] (the
//! command line's global options turn into those in `crate::commands`).

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::clock::Clock;
use crate::data_dir::DataDir;
use crate::deck::{DeckIds, DeckSet, LoadOptions, Loaded, load_deck_ids, load_decks};
use crate::store::{self, Replay, StoreError};

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
}

impl Env {
    /// The environment `options` describe.
    pub fn new(options: EnvOptions) -> Result<Env, StoreError> {
        Ok(Env {
            data: DataDir::find(options.data_dir.as_deref()).ok_or(StoreError::NoDataDir)?,
            deck_paths: options.decks,
            clock: Clock::system(options.today),
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
    /// is still right ([`store::replay_cached`]).
    pub fn replay(&self) -> Result<Replay, StoreError> {
        store::replay_cached(&self.data.log(), &self.data.cache())
    }

    /// Loads the decks' ids and replays the log at the same time (they are
    /// independent: one is mostly cache reads or TOML parsing, the other the
    /// log).
    pub fn load_all(&self) -> Result<(Loaded<DeckIds>, Replay), StoreError> {
        self.with_replay(|| load_deck_ids(&self.load_options()))
    }

    /// [`Env::load_all`] with whole decks (card text included), as the
    /// interactive app needs them.
    pub fn load_all_decks(&self) -> Result<(DeckSet, Replay), StoreError> {
        self.with_replay(|| self.load_decks())
    }

    /// Runs `decks` on this thread while the log is replayed on another.
    fn with_replay<T: Send>(&self, decks: impl FnOnce() -> T) -> Result<(T, Replay), StoreError> {
        std::thread::scope(|s| {
            let replay = s.spawn(|| self.replay());
            let decks = decks();
            // A panic on the replay thread is a bug: pass it on as it is.
            let replay = replay
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p))?;
            Ok((decks, replay))
        })
    }
}
