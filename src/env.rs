//! What every command and the interactive app work on: where data lives,
//! which decks to load, and the clock. Built once from the global options.

use std::path::PathBuf;

use crate::cli::GlobalArgs;
use crate::clock::Clock;
use crate::deck::{DeckIds, DeckSet, LoadOptions, Loaded, load_deck_ids, load_decks};
use crate::store::{self, Replay, StoreError};

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
    pub fn new(g: &GlobalArgs) -> Result<Env, StoreError> {
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

    /// The load options for the bundled decks, `$DATA/decks` and `--deck`,
    /// through the caches, without lint (no warnings: only `concur check`
    /// shows them, and it asks for them).
    pub fn load_options(&self) -> LoadOptions {
        let user = store::decks_dir(&self.data);
        let mut paths = vec![user.clone()];
        paths.extend(self.deck_paths.iter().cloned());
        LoadOptions {
            bundled: true,
            paths,
            optional: vec![user],
            cache: Some(store::deck_cache_dir(&self.data)),
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
        store::replay_cached(&self.log_path(), &store::cache_dir(&self.data))
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
