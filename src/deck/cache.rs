//! A cache of parsed deck files, so that unchanged decks are not parsed
//! and validated again on every start.
//!
//! One JSON file per deck file under `$DATA/cache/decks/`, keyed by the deck
//! file's path and checked against its size, modification time and a hash of
//! its bytes (so an edit that keeps size and time still misses), and against
//! the version of concur that wrote it. The cache is only an optimisation:
//! any problem reading or writing it falls back to parsing, silently.

use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use super::{Deck, DeckSource};
use crate::diag::Diagnostic;

/// Bumped when the cached form changes.
const FORMAT: u32 = 1;

#[derive(Serialize, Deserialize)]
/// One cached deck file, as stored on disk.
struct CacheEntry {
    format: u32,
    version: String,
    path: String,
    size: u64,
    mtime_ns: u128,
    hash: u64,
    deck: Option<Deck>,
    diagnostics: Vec<Diagnostic>,
}

/// What identifies one version of a deck file.
pub struct Stamp {
    size: u64,
    mtime_ns: u128,
    hash: u64,
}

impl Stamp {
    /// The stamp of `path` whose bytes are `bytes`.
    pub fn of(path: &Path, bytes: &[u8]) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        let mtime_ns = meta
            .modified()
            .ok()?
            .duration_since(UNIX_EPOCH)
            .ok()?
            .as_nanos();
        let mut h = fnv::FnvHasher::default();
        h.write(bytes);
        Some(Stamp {
            size: meta.len(),
            mtime_ns,
            hash: h.finish(),
        })
    }
}

fn entry_path(dir: &Path, path: &Path) -> PathBuf {
    let mut h = fnv::FnvHasher::default();
    h.write(path.as_os_str().as_encoded_bytes());
    dir.join(format!("{:016x}.json", h.finish()))
}

/// The cached parse of `path`, if it matches `stamp`.
pub fn get(dir: &Path, path: &Path, stamp: &Stamp) -> Option<(Option<Deck>, Vec<Diagnostic>)> {
    let bytes = std::fs::read(entry_path(dir, path)).ok()?;
    let e: CacheEntry = serde_json::from_slice(&bytes).ok()?;
    let fresh = e.format == FORMAT
        && e.version == env!("CARGO_PKG_VERSION")
        && e.path == path.to_string_lossy()
        && e.size == stamp.size
        && e.mtime_ns == stamp.mtime_ns
        && e.hash == stamp.hash;
    if !fresh {
        return None;
    }
    let deck = e.deck.map(|mut d| {
        d.source = DeckSource::File(path.to_path_buf());
        d
    });
    Some((deck, e.diagnostics))
}

/// Stores the parse of `path` (best effort: a failure only costs a parse
/// next time).
pub fn put(
    dir: &Path,
    path: &Path,
    stamp: &Stamp,
    deck: Option<&Deck>,
    diagnostics: &[Diagnostic],
) {
    #[derive(Serialize)]
    struct CacheEntryRef<'a> {
        format: u32,
        version: &'a str,
        path: &'a str,
        size: u64,
        mtime_ns: u128,
        hash: u64,
        deck: Option<&'a Deck>,
        diagnostics: &'a [Diagnostic],
    }
    let shown = path.to_string_lossy();
    let entry = CacheEntryRef {
        format: FORMAT,
        version: env!("CARGO_PKG_VERSION"),
        path: &shown,
        size: stamp.size,
        mtime_ns: stamp.mtime_ns,
        hash: stamp.hash,
        deck,
        diagnostics,
    };
    let Ok(text) = serde_json::to_vec(&entry) else {
        return;
    };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    // A cache entry that cannot be written is only a later miss.
    let _ = crate::atomic::write_atomically(&entry_path(dir, path), &text);
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::deck::parse_deck;

    #[test]
    fn a_cached_parse_is_returned_only_for_the_same_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path().join("cache");
        let file = dir.path().join("d.toml");
        let text = b"[deck]\nid = \"d\"\n[[cards]]\nid = \"a\"\nfront = \"F\"\nback = \"B\"\n";
        std::fs::write(&file, text).unwrap();
        let stamp = Stamp::of(&file, text).unwrap();
        assert!(get(&cache, &file, &stamp).is_none());
        let (deck, diags) = parse_deck(text, "d.toml", "d", DeckSource::File(file.clone()));
        put(&cache, &file, &stamp, deck.as_ref(), &diags);
        let (cached, cached_diags) = get(&cache, &file, &stamp).unwrap();
        assert_eq!(cached, deck);
        assert_eq!(cached_diags, diags);
        // Same size, same time, other bytes: a miss.
        let other = b"[deck]\nid = \"d\"\n[[cards]]\nid = \"a\"\nfront = \"G\"\nback = \"B\"\n";
        let stamp2 = Stamp {
            hash: Stamp::of(&file, other).unwrap().hash,
            ..stamp
        };
        assert!(get(&cache, &file, &stamp2).is_none());
        // A corrupt entry is a miss, not an error.
        std::fs::write(entry_path(&cache, &file), b"{not json").unwrap();
        assert!(get(&cache, &file, &stamp).is_none());
    }
}
