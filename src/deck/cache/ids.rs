//! The lean deck cache: `$DATA/cache/deck-ids.bin`, one compact binary file
//! for all deck files, with what `concur due`, the counts and the home
//! screen need of each: deck id, name, card ids and the file's diagnostics,
//! without any card text.
//!
//! Entries are keyed by the file's canonical path (`./decks/a.toml`,
//! `decks/a.toml` and `/home/me/decks/a.toml` are one entry). The stamp
//! rule, cheapest first:
//!
//! 1. size, modification time (ns), inode and device all as recorded, and
//!    the modification time more than [`RACY_NS`] older than the moment the
//!    entry was made: the file is unchanged, and is not read at all;
//! 2. the same four, but the modification time within [`RACY_NS`] of when
//!    the entry was made (an edit in the same timestamp tick could hide):
//!    a change is suspected, so the file is read and its xxh3 hash compared;
//! 3. anything else: the file is read and parsed again.
//!
//! An entry also records whether the file was parsed with lint (see
//! [`crate::deck::cache`]).
//!
//! Entries of files that no longer exist are dropped whenever the index is
//! written. Any problem reading the index is a miss; deleting it only costs
//! time.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::bytes::{Reader, put_str64, put_u64};

use hashbrown::HashMap;
use xxhash_rust::xxh3::xxh3_64;

use crate::diag::{Diagnostic, Severity};

/// Bumped when the stored form changes.
const FORMAT: u32 = 3;
const MAGIC: &[u8; 8] = b"concurDI";

/// Modification times this close to when an entry was made (2 s, more than
/// any file system's timestamp granularity) make the bytes be checked.
pub const RACY_NS: u128 = 2_000_000_000;

/// `$DATA/cache/deck-ids.bin` ([`crate::data_dir::DataDir::deck_ids`]),
/// next to the `decks/` folder of whole decks.
pub fn index_path(deck_cache: &Path) -> PathBuf {
    deck_cache.with_file_name(crate::data_dir::DECK_IDS)
}

/// What identifies one version of a file without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FileStamp {
    size: u64,
    mtime_ns: u128,
    ino: u64,
    dev: u64,
}

impl FileStamp {
    /// The stamp of a file's metadata.
    pub fn of(meta: &std::fs::Metadata) -> FileStamp {
        #[cfg(unix)]
        let (ino, dev) = {
            use std::os::unix::fs::MetadataExt;
            (meta.ino(), meta.dev())
        };
        #[cfg(not(unix))]
        let (ino, dev) = (0, 0);
        FileStamp {
            size: meta.len(),
            mtime_ns: meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos()),
            ino,
            dev,
        }
    }
}

/// `(id, name, id_pos, card ids)` of a deck.
pub type IdsOfDeck = (String, String, (usize, usize), Vec<String>);

/// The ids of one deck file, as kept in the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdsEntry {
    /// The file as it was stamped.
    pub stamp: FileStamp,
    /// When the entry was made (ns since the epoch).
    pub made_ns: u128,
    /// xxh3 of the file's bytes.
    pub hash: u64,
    /// True if the file was parsed with lint (its warnings are in
    /// `diagnostics`); false if only errors were looked for.
    pub linted: bool,
    /// The path as it was spelled when parsed (diagnostics name it).
    pub shown: String,
    /// The deck's ids if it had no errors.
    pub deck: Option<IdsOfDeck>,
    /// The file's diagnostics.
    pub diagnostics: Vec<Diagnostic>,
}

/// Now, in ns since the epoch.
pub fn now_ns() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}

/// The hash of a file's bytes, as stored.
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    xxh3_64(bytes)
}

/// canonical path -> entry, kept encoded (a few bytes per card id) and
/// decoded only when used.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IdsIndex {
    /// The encoded entries ([`encode_entry`]).
    pub entries: HashMap<String, Vec<u8>>,
}

impl IdsIndex {
    /// Reads the index in `deck_cache`'s parent (empty if missing or bad).
    pub fn read(deck_cache: &Path) -> IdsIndex {
        crate::deck::load::read_regular(&index_path(deck_cache))
            .ok()
            .and_then(|b| decode(&b))
            .unwrap_or_default()
    }

    /// The entry for `key`, if it still describes the file whose stamp is
    /// `stamp` (see the module's rule; `path` is read only when a change is
    /// suspected).
    pub fn fresh(&self, key: &str, stamp: &FileStamp, path: &Path) -> Option<IdsEntry> {
        let body = self.entries.get(key)?;
        let mut rd = Reader::new(body);
        let (recorded, made_ns, hash) = head(&mut rd)?;
        if recorded != *stamp {
            return None;
        }
        if recorded.mtime_ns.saturating_add(RACY_NS) >= made_ns {
            let bytes = crate::deck::load::read_regular(path).ok()?;
            if hash_bytes(&bytes) != hash {
                return None;
            }
        }
        decode_entry(body)
    }

    /// Writes the index, dropping the entries of files that are gone (best
    /// effort: a failure is only a slower next start).
    pub fn write(&mut self, deck_cache: &Path) {
        self.entries.retain(|k, _| super::key_file(k).exists());
        let bytes = encode(self);
        if let Some(dir) = index_path(deck_cache).parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let _ = crate::atomic::write_atomically(&index_path(deck_cache), &bytes);
    }
}

fn head(rd: &mut Reader<'_>) -> Option<(FileStamp, u128, u64)> {
    let stamp = FileStamp {
        size: rd.u64()?,
        mtime_ns: rd.u128()?,
        ino: rd.u64()?,
        dev: rd.u64()?,
    };
    Some((stamp, rd.u128()?, rd.u64()?))
}

/// One entry as the index keeps it.
pub fn encode_entry(e: &IdsEntry) -> Vec<u8> {
    let cards = e.deck.as_ref().map_or(0, |d| d.3.len());
    let mut b = Vec::with_capacity(128 + cards * 16);
    let s = &e.stamp;
    put_u64(&mut b, s.size);
    b.extend_from_slice(&s.mtime_ns.to_le_bytes());
    put_u64(&mut b, s.ino);
    put_u64(&mut b, s.dev);
    b.extend_from_slice(&e.made_ns.to_le_bytes());
    put_u64(&mut b, e.hash);
    b.push(u8::from(e.linted));
    put_str64(&mut b, &e.shown);
    match &e.deck {
        None => b.push(0),
        Some((id, name, (line, col), cards)) => {
            b.push(1);
            put_str64(&mut b, id);
            put_str64(&mut b, name);
            put_u64(&mut b, *line as u64);
            put_u64(&mut b, *col as u64);
            put_u64(&mut b, cards.len() as u64);
            for c in cards {
                put_str64(&mut b, c);
            }
        }
    }
    put_u64(&mut b, e.diagnostics.len() as u64);
    for d in &e.diagnostics {
        put_str64(&mut b, &d.path);
        put_u64(&mut b, d.line as u64);
        put_u64(&mut b, d.col as u64);
        b.push(u8::from(d.severity == Severity::Error));
        put_str64(&mut b, &d.message);
    }
    b
}

fn decode_entry(body: &[u8]) -> Option<IdsEntry> {
    let mut rd = Reader::new(body);
    let (stamp, made_ns, hash) = head(&mut rd)?;
    let linted = match rd.take(1)?.first()? {
        0 => false,
        1 => true,
        _ => return None,
    };
    let shown = rd.str64()?.to_string();
    let deck = match rd.take(1)?.first()? {
        0 => None,
        1 => {
            let id = rd.str64()?.to_string();
            let name = rd.str64()?.to_string();
            let pos = (rd.usize()?, rd.usize()?);
            let count = rd.u64()?;
            let mut cards = Vec::with_capacity(usize::try_from(count.min(1 << 20)).ok()?);
            for _ in 0..count {
                cards.push(rd.str64()?.to_string());
            }
            Some((id, name, pos, cards))
        }
        _ => return None,
    };
    let nd = rd.u64()?;
    let mut diagnostics = Vec::new();
    for _ in 0..nd {
        diagnostics.push(Diagnostic {
            path: rd.str64()?.to_string(),
            line: rd.usize()?,
            col: rd.usize()?,
            severity: if *rd.take(1)?.first()? == 1 {
                Severity::Error
            } else {
                Severity::Warning
            },
            message: rd.str64()?.to_string(),
        });
    }
    (rd.at_end()).then_some(IdsEntry {
        stamp,
        made_ns,
        hash,
        linted,
        shown,
        deck,
        diagnostics,
    })
}

fn encode(ix: &IdsIndex) -> Vec<u8> {
    let mut b = Vec::new();
    b.extend_from_slice(MAGIC);
    put_u64(&mut b, u64::from(FORMAT));
    put_u64(&mut b, u64::from(crate::deck::PARSE_RULES));
    put_str64(&mut b, env!("CARGO_PKG_VERSION"));
    put_u64(&mut b, ix.entries.len() as u64);
    let mut keys: Vec<&String> = ix.entries.keys().collect();
    keys.sort();
    for k in keys {
        let Some(body) = ix.entries.get(k) else {
            continue;
        };
        put_str64(&mut b, k);
        put_u64(&mut b, body.len() as u64);
        b.extend_from_slice(body);
    }
    let sum = xxh3_64(&b);
    put_u64(&mut b, sum);
    b
}

fn decode(bytes: &[u8]) -> Option<IdsIndex> {
    let (body, sum) = bytes.split_at_checked(bytes.len().checked_sub(8)?)?;
    if xxh3_64(body).to_le_bytes() != sum {
        return None;
    }
    let mut rd = Reader::new(body);
    if rd.take(8)? != MAGIC
        || rd.u64()? != u64::from(FORMAT)
        || rd.u64()? != u64::from(crate::deck::PARSE_RULES)
        || rd.str64()? != env!("CARGO_PKG_VERSION")
    {
        return None;
    }
    let n = rd.u64()?;
    let mut ix = IdsIndex::default();
    for _ in 0..n {
        let key = rd.str64()?.to_string();
        let len = rd.usize()?;
        ix.entries.insert(key, rd.take(len)?.to_vec());
    }
    (rd.at_end()).then_some(ix)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_index_round_trips_and_refuses_damage() {
        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path().join("cache/decks");
        let file = dir.path().join("a.toml");
        std::fs::write(&file, "x").unwrap();
        let key = file.to_string_lossy().into_owned();
        let stamp = FileStamp::of(&std::fs::metadata(&file).unwrap());
        let entry = IdsEntry {
            stamp,
            made_ns: now_ns(),
            hash: hash_bytes(b"x"),
            linted: true,
            shown: "a.toml".into(),
            deck: Some((
                "a".into(),
                "A".into(),
                (2, 6),
                vec!["c1".into(), "c2".into()],
            )),
            diagnostics: vec![Diagnostic {
                path: "a.toml".into(),
                line: 3,
                col: 1,
                severity: Severity::Warning,
                message: "m".into(),
            }],
        };
        let mut ix = IdsIndex::default();
        ix.entries.insert(key.clone(), encode_entry(&entry));
        ix.entries
            .insert("/gone/b.toml".into(), encode_entry(&entry));
        ix.write(&cache);
        let back = IdsIndex::read(&cache);
        assert_eq!(
            back.entries.len(),
            1,
            "the entry of a missing file is pruned"
        );
        assert_eq!(decode_entry(&back.entries[&key]), Some(entry.clone()));
        // Just written: the mtime is within RACY_NS, so the bytes decide.
        assert_eq!(back.fresh(&key, &stamp, &file), Some(entry.clone()));
        std::fs::write(&file, "y").unwrap();
        assert!(
            back.fresh(&key, &stamp, &file).is_none(),
            "same stamp, other bytes"
        );
        // An old file with the same stamp is trusted without reading it.
        let old = IdsEntry {
            made_ns: stamp.mtime_ns + RACY_NS + 1,
            ..entry
        };
        let mut ix = IdsIndex::default();
        ix.entries.insert(key.clone(), encode_entry(&old));
        assert_eq!(ix.fresh(&key, &stamp, &file), Some(old));
        let bytes = encode(&back);
        for i in [0, 20, bytes.len() / 2, bytes.len() - 1] {
            let mut bad = bytes.clone();
            bad[i] ^= 1;
            assert!(decode(&bad).is_none());
        }
    }
}
