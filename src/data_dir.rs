//! The data folder and every file concur keeps in it, named in one place:
//!
//! ```text
//! $DATA/reviews.jsonl          the review log (the only record of grades)
//! $DATA/decks/                 the user's own decks
//! $DATA/quiz-last-weak.json    the weak cards of the last finished quiz
//! $DATA/config.toml            settings (`crate::config`)
//! $DATA/cache/                 what can be rebuilt from the above:
//! $DATA/cache/replay.bin         the replay snapshot
//! $DATA/cache/deck-ids.bin       the lean index of deck and card ids
//! $DATA/cache/decks/             parsed whole decks, one file each
//! ```
//!
//! A plain value: built from a path (or found from `$CONCUR_HOME` and the
//! platform's data folder), with no command-line types.

use std::path::{Path, PathBuf};

/// The environment variable that sets the data folder.
pub const HOME_ENV: &str = "CONCUR_HOME";

/// The replay snapshot's file name in the cache folder.
pub const REPLAY_SNAPSHOT: &str = "replay.bin";

/// The deck-id index's file name in the cache folder.
pub const DECK_IDS: &str = "deck-ids.bin";

/// The data folder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DataDir {
    root: PathBuf,
}

impl DataDir {
    /// The data folder at `root`.
    pub fn new(root: impl Into<PathBuf>) -> DataDir {
        DataDir { root: root.into() }
    }

    /// The data folder: `given` (e.g. `--data-dir`), else `$CONCUR_HOME`,
    /// else the platform data folder (`~/.local/share/concur` on Linux);
    /// `None` when there is no home folder to put it in.
    pub fn find(given: Option<&Path>) -> Option<DataDir> {
        if let Some(p) = given {
            return Some(DataDir::new(p));
        }
        if let Some(p) = std::env::var_os(HOME_ENV).filter(|v| !v.is_empty()) {
            return Some(DataDir::new(p));
        }
        directories::ProjectDirs::from("", "", "concur").map(|d| DataDir::new(d.data_dir()))
    }

    /// The folder itself.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// `reviews.jsonl`: the review log.
    pub fn log(&self) -> PathBuf {
        self.root.join("reviews.jsonl")
    }

    /// `decks/`: the user's own decks.
    pub fn decks(&self) -> PathBuf {
        self.root.join("decks")
    }

    /// `quiz-last-weak.json`: the weak cards of the last finished quiz.
    pub fn last_weak(&self) -> PathBuf {
        self.root.join("quiz-last-weak.json")
    }

    /// `config.toml`: the settings file.
    pub fn config(&self) -> PathBuf {
        self.root.join("config.toml")
    }

    /// `cache/`: what can be rebuilt from the decks and the log; deleting
    /// it only costs time.
    pub fn cache(&self) -> PathBuf {
        self.root.join("cache")
    }

    /// `cache/replay.bin`: the replay snapshot.
    pub fn replay_snapshot(&self) -> PathBuf {
        self.cache().join(REPLAY_SNAPSHOT)
    }

    /// `cache/deck-ids.bin`: the ids of every cached deck file.
    pub fn deck_ids(&self) -> PathBuf {
        self.cache().join(DECK_IDS)
    }

    /// `cache/decks/`: parsed deck files, to skip parsing unchanged ones.
    pub fn deck_cache(&self) -> PathBuf {
        self.cache().join("decks")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_every_file_under_its_root() {
        let d = DataDir::new("/d");
        assert_eq!(d.root(), Path::new("/d"));
        for (got, want) in [
            (d.log(), "/d/reviews.jsonl"),
            (d.decks(), "/d/decks"),
            (d.last_weak(), "/d/quiz-last-weak.json"),
            (d.config(), "/d/config.toml"),
            (d.cache(), "/d/cache"),
            (d.replay_snapshot(), "/d/cache/replay.bin"),
            (d.deck_ids(), "/d/cache/deck-ids.bin"),
            (d.deck_cache(), "/d/cache/decks"),
        ] {
            assert_eq!(got, PathBuf::from(want));
        }
        assert_eq!(
            DataDir::find(Some(Path::new("/x"))),
            Some(DataDir::new("/x"))
        );
    }
}
