//! The lean deck cache: `$DATA/cache/deck-ids.bin`, one compact binary file
//! for all deck files, with what `concur due`, the counts and the home
//! screen need of each: deck id, name, card ids and the file's diagnostics,
//! without any card text.
//!
//! Entries are keyed by the file's canonical path (`./decks/a.toml`,
//! `decks/a.toml` and `/home/me/decks/a.toml` are one entry). The stamp
//! rule, cheapest first:
//!
//! 1. size, modification time (ns), inode change time (ns), inode and
//!    device all as recorded, and the modification and change times more
//!    than [`RACY_NS`] older than the moment the entry was made: the file is
//!    unchanged, and is not read at all;
//! 2. the same five, but a time within [`RACY_NS`] of when the entry was
//!    made (an edit in the same timestamp tick could hide): a change is
//!    suspected, so the file is read and its xxh3 hash compared;
//! 3. anything else: the file is read and parsed again.
//!
//! The change time is the one no user can set: an edit in place whose size
//! and modification time are put back (`touch -r`, `rsync -t`, some editors
//! and sync tools) still changes it.
//!
//! An entry also records whether the file was parsed with lint (see
//! [`crate::deck::cache`]).
//!
//! Entries of files that no longer exist are dropped whenever the index is
//! written. Any problem reading the index is a miss (a file larger than
//! [`INDEX_LIMIT`] is not even read); deleting it only costs time.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::bytes::{Reader, put_bool, put_str64, put_u64};

use hashbrown::HashMap;
use xxhash_rust::xxh3::xxh3_64;

use super::codec;
use crate::diag::Diagnostic;

/// Bumped when the stored form changes.
const FORMAT: u32 = 4;
const MAGIC: &[u8; 8] = b"concurDI";

/// The largest index read: 64 MiB, some two million card ids. A larger
/// file is treated as damaged without being read (and rebuilt).
pub const INDEX_LIMIT: u64 = 64 << 20;

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
    ctime_ns: u128,
    ino: u64,
    dev: u64,
}

impl FileStamp {
    /// The stamp of a file's metadata.
    pub fn of(meta: &std::fs::Metadata) -> FileStamp {
        #[cfg(unix)]
        let (ino, dev, ctime_ns) = {
            use std::os::unix::fs::MetadataExt;
            let secs = u128::try_from(meta.ctime()).unwrap_or(0);
            let ns = u128::try_from(meta.ctime_nsec()).unwrap_or(0);
            (meta.ino(), meta.dev(), secs * 1_000_000_000 + ns)
        };
        #[cfg(not(unix))]
        let (ino, dev, ctime_ns) = (0, 0, 0);
        FileStamp {
            size: meta.len(),
            mtime_ns: meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos()),
            ctime_ns,
            ino,
            dev,
        }
    }

    /// The file's size.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The later of the modification and change times (ns).
    fn latest_ns(&self) -> u128 {
        self.mtime_ns.max(self.ctime_ns)
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
    /// Reads the index in `deck_cache`'s parent (empty if missing, bad or
    /// larger than [`INDEX_LIMIT`]). First removes the temporary files that
    /// killed writers left in both folders.
    pub fn read(deck_cache: &Path) -> IdsIndex {
        let path = index_path(deck_cache);
        // `cache/` first, then `cache/decks/` in it.
        for dir in [path.parent(), Some(deck_cache)].into_iter().flatten() {
            crate::atomic::claim_cache_dir(dir);
            crate::atomic::remove_stale_temps(dir);
        }
        let head = crate::bytes::frame_head(MAGIC, FORMAT);
        crate::regular::read_cache_file(&path, &head, INDEX_LIMIT)
            .and_then(|b| decode(crate::bytes::open_frame(&b, MAGIC, FORMAT)?))
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
        if recorded.latest_ns().saturating_add(RACY_NS) >= made_ns {
            let bytes = crate::deck::read_deck_file(path).ok()?;
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
        let payload = encode(self);
        if let Some(dir) = index_path(deck_cache).parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let _ = crate::atomic::write_atomically_with(
            &index_path(deck_cache),
            crate::atomic::Target::Cache,
            |w| crate::bytes::write_frame(w, MAGIC, FORMAT, &payload),
        );
    }
}

fn head(rd: &mut Reader<'_>) -> Option<(FileStamp, u128, u64)> {
    let stamp = FileStamp {
        size: rd.u64()?,
        mtime_ns: rd.u128()?,
        ctime_ns: rd.u128()?,
        ino: rd.u64()?,
        dev: rd.u64()?,
    };
    Some((stamp, rd.u128()?, rd.u64()?))
}

/// One entry as the index keeps it.
pub fn encode_entry(e: &IdsEntry) -> Vec<u8> {
    let deck = e.deck.as_ref().map(|(id, name, id_pos, cards)| DeckIdsRef {
        id,
        name,
        id_pos: *id_pos,
        cards: cards.iter().map(String::as_str),
    });
    encode_parts(
        &e.stamp,
        e.made_ns,
        e.hash,
        e.linted,
        &e.shown,
        deck,
        &e.diagnostics,
    )
}

/// A deck's ids borrowed from wherever they are: what an entry's `deck`
/// holds ([`IdsOfDeck`]).
pub struct DeckIdsRef<'a, I> {
    /// The deck id.
    pub id: &'a str,
    /// The deck's name.
    pub name: &'a str,
    /// Where the deck id is written.
    pub id_pos: (usize, usize),
    /// The card ids, in order.
    pub cards: I,
}

/// [`encode_entry`] of the entry with these fields, borrowed (no copy of
/// the card ids or diagnostics is made to write them).
pub fn encode_parts<'a, I: ExactSizeIterator<Item = &'a str>>(
    stamp: &FileStamp,
    made_ns: u128,
    hash: u64,
    linted: bool,
    shown: &str,
    deck: Option<DeckIdsRef<'a, I>>,
    diagnostics: &[Diagnostic],
) -> Vec<u8> {
    let cards = deck.as_ref().map_or(0, |d| d.cards.len());
    let mut b = Vec::with_capacity(128 + cards * 16);
    let s = stamp;
    put_u64(&mut b, s.size);
    b.extend_from_slice(&s.mtime_ns.to_le_bytes());
    b.extend_from_slice(&s.ctime_ns.to_le_bytes());
    put_u64(&mut b, s.ino);
    put_u64(&mut b, s.dev);
    b.extend_from_slice(&made_ns.to_le_bytes());
    put_u64(&mut b, hash);
    put_bool(&mut b, linted);
    put_str64(&mut b, shown);
    match deck {
        None => b.push(0),
        Some(d) => {
            b.push(1);
            put_str64(&mut b, d.id);
            put_str64(&mut b, d.name);
            put_u64(&mut b, d.id_pos.0 as u64);
            put_u64(&mut b, d.id_pos.1 as u64);
            put_u64(&mut b, d.cards.len() as u64);
            for c in d.cards {
                put_str64(&mut b, c);
            }
        }
    }
    codec::put_diagnostics(&mut b, diagnostics);
    b
}

/// An entry as the index keeps it, read back (public for the fuzz
/// targets).
pub fn decode_entry(body: &[u8]) -> Option<IdsEntry> {
    let mut rd = Reader::new(body);
    let (stamp, made_ns, hash) = head(&mut rd)?;
    let linted = rd.bool()?;
    let shown = rd.str64()?.to_string();
    let deck = match rd.take(1)?.first()? {
        0 => None,
        1 => {
            let id = rd.str64()?.to_string();
            let name = rd.str64()?.to_string();
            let pos = (rd.usize()?, rd.usize()?);
            let count = rd.count(8)?;
            let mut cards = Vec::with_capacity(count);
            for _ in 0..count {
                cards.push(rd.str64()?.to_string());
            }
            Some((id, name, pos, cards))
        }
        _ => return None,
    };
    let diagnostics = codec::diagnostics(&mut rd)?;
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

/// The index's payload (its frame is added when written).
fn encode(ix: &IdsIndex) -> Vec<u8> {
    let mut b = Vec::new();
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
    b
}

/// The index's payload read back, if this version wrote it (public for the
/// fuzz targets).
pub fn decode(payload: &[u8]) -> Option<IdsIndex> {
    let mut rd = Reader::new(payload);
    if rd.u64()? != u64::from(crate::deck::PARSE_RULES) || rd.str64()? != env!("CARGO_PKG_VERSION")
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
    use crate::diag::Severity;

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
            made_ns: stamp.latest_ns() + RACY_NS + 1,
            ..entry
        };
        let mut ix = IdsIndex::default();
        ix.entries.insert(key.clone(), encode_entry(&old));
        assert_eq!(ix.fresh(&key, &stamp, &file), Some(old));
        let bytes = crate::bytes::frame(MAGIC, FORMAT, &encode(&back));
        assert_eq!(IdsIndex::read(&cache), back);
        for i in [0, 20, bytes.len() / 2, bytes.len() - 1] {
            let mut bad = bytes.clone();
            bad[i] ^= 1;
            std::fs::write(index_path(&cache), &bad).unwrap();
            assert_eq!(IdsIndex::read(&cache), IdsIndex::default());
        }
    }

    /// An edit in place that keeps the size and puts the modification time
    /// back (`touch -r`) still changes the stamp: the inode change time
    /// moves by itself. Failed while the stamp had no change time (the old
    /// ids were served).
    #[test]
    fn an_edit_in_place_with_its_mtime_put_back_is_noticed() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.toml");
        std::fs::write(&file, "id = \"c1\"").unwrap();
        let meta = std::fs::metadata(&file).unwrap();
        let stamp = FileStamp::of(&meta);
        let key = file.to_string_lossy().into_owned();
        let entry = IdsEntry {
            stamp,
            // Made long after the file's times: trusted without reading.
            made_ns: stamp.latest_ns() + RACY_NS + 1,
            hash: hash_bytes(b"id = \"c1\""),
            linted: false,
            shown: "a.toml".into(),
            deck: None,
            diagnostics: Vec::new(),
        };
        let mut ix = IdsIndex::default();
        ix.entries.insert(key.clone(), encode_entry(&entry));
        assert!(ix.fresh(&key, &stamp, &file).is_some());
        let mtime = meta.modified().unwrap();
        // The change time ticks with the kernel's clock: edit until it has
        // moved (a few milliseconds at most), as a later edit would find it.
        let now = loop {
            std::fs::write(&file, "id = \"c9\"").unwrap();
            let f = std::fs::File::options().write(true).open(&file).unwrap();
            f.set_modified(mtime).unwrap();
            let now = FileStamp::of(&std::fs::metadata(&file).unwrap());
            if now.ctime_ns != stamp.ctime_ns {
                break now;
            }
        };
        assert_eq!((now.size, now.mtime_ns), (stamp.size, stamp.mtime_ns));
        assert!(ix.fresh(&key, &now, &file).is_none());
    }
}
