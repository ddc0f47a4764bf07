//! Where data lives, and the append-only review log.

pub mod log;

use std::path::{Path, PathBuf};

pub use log::{CardHistory, Kind, LogEntry, LogProblem, Replay, StoreError, append, replay_file};

/// The environment variable that sets the data folder.
pub const HOME_ENV: &str = "CONCUR_HOME";

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

/// `$DATA/cache/decks`: parsed deck files, to skip parsing unchanged ones.
pub fn deck_cache_dir(data: &Path) -> PathBuf {
    data.join("cache").join("decks")
}

/// `$DATA/reviews.jsonl`: the review log.
pub fn log_path(data: &Path) -> PathBuf {
    data.join("reviews.jsonl")
}
