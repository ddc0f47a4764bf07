//! Where data lives: the data folder, the append-only review log and its
//! replay (and its snapshot), the rule of what a grade does, and the quiz's
//! last weak cards.

pub mod card_day;
pub mod error;
pub mod last_weak;
pub mod log;
pub mod snapshot;
pub mod study;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use card_day::{CardDay, MATURE_DAYS};
pub use error::StoreError;
pub use last_weak::{last_weak_path, load_last_weak, save_last_weak};
pub use log::{
    CardHistory, Kind, LineId, LogEntry, LogProblem, Replay, append, append_waiting, format_at,
    replay_file,
};
pub use snapshot::replay_cached;
pub use study::DayCounts;

/// The environment variable that sets the data folder.
pub const HOME_ENV: &str = "CONCUR_HOME";

/// A card by ids, as the log and the store's files name it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CardRef {
    /// Deck id.
    pub deck: String,
    /// Card id.
    pub card: String,
}

/// The data folder: `--data-dir`, else `$CONCUR_HOME`, else the platform data
/// folder (`~/.local/share/concur` on Linux).
pub fn data_dir(flag: Option<&Path>) -> Result<PathBuf, StoreError> {
    if let Some(p) = flag {
        return Ok(p.to_path_buf());
    }
    if let Some(p) = std::env::var_os(HOME_ENV).filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    directories::ProjectDirs::from("", "", "concur")
        .map(|d| d.data_dir().to_path_buf())
        .ok_or(StoreError::NoDataDir)
}

/// `$DATA/decks`: the user's own decks.
pub fn decks_dir(data: &Path) -> PathBuf {
    data.join("decks")
}

/// `$DATA/cache`: what can be rebuilt from the decks and the log (the
/// replay snapshot, the deck caches); deleting it only costs time.
pub fn cache_dir(data: &Path) -> PathBuf {
    data.join("cache")
}

/// `$DATA/cache/decks`: parsed deck files, to skip parsing unchanged ones.
pub fn deck_cache_dir(data: &Path) -> PathBuf {
    data.join("cache").join("decks")
}

/// `$DATA/reviews.jsonl`: the review log.
pub fn log_path(data: &Path) -> PathBuf {
    data.join("reviews.jsonl")
}
