//! What is kept in the data folder ([`crate::data_dir::DataDir`] names its
//! files): the append-only review log and its replay (and its snapshot), the
//! rule of what a grade does, and the quiz's last weak cards.

pub mod card_day;
pub mod error;
pub mod last_weak;
pub mod log;
pub mod snapshot;
pub mod study;

use serde::{Deserialize, Serialize};

pub use card_day::{Aside, CardDay, MATURE_DAYS};
pub use error::StoreError;
pub use last_weak::{load_last_weak, save_last_weak};
pub use log::{
    CardHistory, Fsrs, Kind, LineId, LogEntry, LogProblem, Replay, append, append_all,
    append_waiting, format_at, replay_file,
};
pub use snapshot::{SnapshotWrite, replay_cached, replay_cached_deferred};
pub use study::DayCounts;

/// A card by ids, as the log and the store's files name it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CardRef {
    /// Deck id.
    pub deck: String,
    /// Card id.
    pub card: String,
}
