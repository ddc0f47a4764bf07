//! Noticing that deck files changed on disk, for live reload. Polled by the
//! interface about twice a second; it only reads file metadata.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::SystemTime;

use super::{LoadOptions, collect_files};

type Stamps = BTreeMap<PathBuf, (Option<SystemTime>, u64)>;

/// Remembers the deck files under some paths and their modification times
/// and sizes.
#[derive(Debug, Clone)]
pub struct DeckWatcher {
    paths: Vec<PathBuf>,
    optional: Vec<PathBuf>,
    stamps: Stamps,
}

impl DeckWatcher {
    /// Watches the paths of `opts` (the bundled decks never change).
    pub fn new(opts: &LoadOptions) -> DeckWatcher {
        let mut w = DeckWatcher {
            paths: opts.paths.clone(),
            optional: opts.optional.clone(),
            stamps: Stamps::new(),
        };
        w.stamps = w.scan();
        w
    }

    fn scan(&self) -> Stamps {
        let (files, _) = collect_files(&self.paths, &self.optional);
        files
            .into_iter()
            .map(|f| {
                let stamp = std::fs::metadata(&f)
                    .map(|m| (m.modified().ok(), m.len()))
                    .unwrap_or((None, 0));
                (f, stamp)
            })
            .collect()
    }

    /// True if a deck file was added, removed or changed since the last
    /// call (or since [`DeckWatcher::new`]).
    pub fn poll(&mut self) -> bool {
        let now = self.scan();
        let changed = now != self.stamps;
        self.stamps = now;
        changed
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use std::time::Duration;

    #[test]
    fn notices_changes_additions_and_removals() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.toml");
        std::fs::write(&a, "x").unwrap();
        let opts = LoadOptions {
            bundled: false,
            paths: vec![dir.path().to_path_buf()],
            optional: vec![],
            cache: None,
        };
        let mut w = DeckWatcher::new(&opts);
        assert!(!w.poll());
        // Same size, later mtime: set explicitly, so no waiting is needed.
        std::fs::write(&a, "y").unwrap();
        let f = std::fs::File::options().write(true).open(&a).unwrap();
        f.set_modified(SystemTime::now() + Duration::from_secs(5))
            .unwrap();
        assert!(w.poll());
        assert!(!w.poll());
        std::fs::write(dir.path().join("b.toml"), "z").unwrap();
        assert!(w.poll());
        std::fs::remove_file(&a).unwrap();
        assert!(w.poll());
        std::fs::write(dir.path().join("notes.txt"), "not a deck").unwrap();
        assert!(!w.poll());
    }
}
