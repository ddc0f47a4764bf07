//! Finding deck files in folders and reading one, safely: only regular
//! files are read (a FIFO or a device is an error, never a hang), at most
//! [`MAX_DECK_BYTES`] plus one byte whatever the metadata says, and folders
//! are walked with loop detection (a link back to a folder already walked is
//! skipped).

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::deck::MAX_DECK_BYTES;
use crate::regular::open_read as open_regular;

/// Reads a deck file: a regular file of at most [`MAX_DECK_BYTES`]. A file
/// whose metadata says it is larger is refused before reading; at most the
/// limit plus one byte is ever read. The error is a message for the user
/// (the caller names the path).
pub fn read_deck_file(path: &Path) -> Result<Vec<u8>, String> {
    let too_big = |size: String| {
        format!(
            "deck file is {size}; decks over {} MiB are not loaded: split it into several decks",
            MAX_DECK_BYTES / (1024 * 1024)
        )
    };
    let file = open_regular(path).map_err(|e| format!("cannot read deck file: {e}"))?;
    let len = file
        .metadata()
        .map_err(|e| format!("cannot read deck file: {e}"))?
        .len();
    let limit = u64::try_from(MAX_DECK_BYTES).unwrap_or(u64::MAX);
    if len > limit {
        return Err(too_big(format!("{} MiB", len / (1024 * 1024))));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0).min(MAX_DECK_BYTES));
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read deck file: {e}"))?;
    if bytes.len() > MAX_DECK_BYTES {
        return Err(too_big("larger than its size said".to_string()));
    }
    Ok(bytes)
}

/// What walking a folder found.
#[derive(Debug, Default)]
pub(crate) struct Walk {
    /// The `.toml` files, in walk order.
    pub files: Vec<PathBuf>,
    /// Every folder walked (each once), the first one first.
    pub dirs: Vec<PathBuf>,
    /// Folders that could not be listed, with the message why.
    pub problems: Vec<(PathBuf, String)>,
}

/// The `.toml` files under `dir` (recursively, sorted, links followed),
/// each folder walked once: a folder reached again through a link (a link
/// to itself or to a parent, or two links to one folder) is skipped.
pub(crate) fn walk_folder(dir: &Path) -> Walk {
    let mut out = Walk::default();
    let mut seen = std::collections::HashSet::new();
    walk(dir, &mut seen, &mut out);
    out
}

fn walk(dir: &Path, seen: &mut std::collections::HashSet<PathBuf>, out: &mut Walk) {
    // A folder whose canonical path cannot be found is listed anyway (the
    // listing reports why it fails), but only once by its own name.
    let key = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    if !seen.insert(key) {
        return;
    }
    out.dirs.push(dir.to_path_buf());
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            let message = format!("cannot list deck folder: {e}");
            out.problems.push((dir.to_path_buf(), message));
            return;
        }
    };
    let mut found: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    found.sort();
    for p in found {
        if p.is_dir() {
            walk(&p, seen, out);
        } else if p.extension().is_some_and(|e| e == "toml") {
            out.files.push(p);
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("pipe.toml");
        crate::regular::mkfifo(&p).unwrap();
        // Without the file-type check this read blocks forever (no writer).
        let err = read_deck_file(&p).unwrap_err();
        assert!(err.contains("a FIFO"), "{err}");
    }

    #[test]
    fn a_device_is_refused_and_nothing_reads_past_the_limit() {
        // Only read, never written; and only if it is the device it should
        // be (a machine where it was replaced says nothing about concur).
        let zero = Path::new("/dev/zero");
        if std::fs::metadata(zero).is_ok_and(|m| {
            use std::os::unix::fs::FileTypeExt;
            m.file_type().is_char_device()
        }) {
            let err = read_deck_file(zero).unwrap_err();
            assert!(err.contains("a device"), "{err}");
        }
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("big.toml");
        let f = std::fs::File::create(&p).unwrap();
        // Sparse: the size is refused before a byte is read.
        f.set_len(100 * 1024 * 1024).unwrap();
        let err = read_deck_file(&p).unwrap_err();
        assert!(err.contains("100 MiB"), "{err}");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_file_larger_than_its_metadata_says_is_read_only_to_the_limit() {
        // Files in /proc say they are empty; this one is well under the
        // limit, so it must read whole.
        let bytes = read_deck_file(Path::new("/proc/self/status")).unwrap();
        assert!(!bytes.is_empty());
    }

    #[test]
    fn links_back_to_a_walked_folder_are_walked_once() {
        let dir = tempfile::tempdir().unwrap();
        let decks = dir.path().join("decks");
        std::fs::create_dir_all(decks.join("sub")).unwrap();
        std::fs::write(decks.join("a.toml"), "").unwrap();
        std::fs::write(decks.join("sub/b.toml"), "").unwrap();
        std::os::unix::fs::symlink(&decks, decks.join("self1")).unwrap();
        std::os::unix::fs::symlink(&decks, decks.join("sub/self2")).unwrap();
        std::os::unix::fs::symlink(decks.join("sub"), decks.join("again")).unwrap();
        let Walk {
            files,
            dirs,
            problems,
        } = walk_folder(&decks);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(dirs, vec![decks.clone(), decks.join("again")]);
        // `again` sorts before `sub`, so the shared folder is found there.
        assert_eq!(
            files,
            vec![decks.join("a.toml"), decks.join("again/b.toml")],
        );
    }
}
