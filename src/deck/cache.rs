//! The deck caches, so that unchanged deck files are neither read nor
//! parsed on every start:
//!
//! - [`ids`]: one compact binary index, `$DATA/cache/deck-ids.bin`, of
//!   every cached deck file by canonical path: its stamp, its deck and card
//!   ids and its diagnostics. `concur due` and the counts need nothing else.
//!   The stamp rule is there.
//! - here: the whole parsed deck (card text included) of each file, one
//!   binary file per deck file under `$DATA/cache/decks/`, named by a hash
//!   of the canonical path, for the loaders that need whole decks. An entry
//!   is used only when it is intact (the checksum of its frame), no larger
//!   than [`entry_limit`], and the index says the file is unchanged and the
//!   entry was made from the same bytes (same hash as the index entry).
//! - [`codec`]: how decks, cards and diagnostics are encoded, in the one
//!   encoding of every cache ([`crate::bytes`]).
//!
//! Both are only an optimisation: any problem reading or writing them falls
//! back to parsing, silently. Entries of deck files that no longer exist
//! are pruned when the index is written. Cache files are written by the
//! rule of [`crate::atomic::Target::Cache`]: never through a link.
//!
//! Each entry records whether the file was parsed with lint (warnings
//! looked for, as `concur check` wants): an entry made without lint is a
//! miss for a caller that wants lint, and an entry made with lint serves a
//! caller without it with its warnings left out, so every caller gets the
//! same diagnostics as from parsing the file itself.

pub mod codec;
pub mod ids;

use std::hash::Hasher;
use std::path::{Path, PathBuf};

use super::{Deck, DeckSource};
use crate::bytes::{Reader, put_bool, put_str64, put_u64};
use crate::diag::Diagnostic;
pub use ids::{FileStamp, IdsEntry, IdsIndex};

/// Bumped when the cached form changes.
const FORMAT: u32 = 7;
const MAGIC: &[u8; 8] = b"concurDK";

/// The key of a deck file in the caches: its canonical path, so that every
/// spelling of one file is one entry. The file stem is the default deck id,
/// so a spelling through a link with another stem (`linked.toml` ->
/// `real.toml`) gets its own entry: the canonical path, a NUL and that stem.
pub fn canonical(path: &Path) -> Option<String> {
    let real = std::fs::canonicalize(path).ok()?;
    let mut key = real.to_string_lossy().into_owned();
    if path.file_stem() != real.file_stem() {
        key.push('\0');
        key.push_str(&path.file_stem()?.to_string_lossy());
    }
    Some(key)
}

/// The file a cache key names.
pub fn key_file(key: &str) -> &Path {
    Path::new(key.split('\0').next().unwrap_or(key))
}

fn entry_name(canonical: &str) -> String {
    let mut h = fnv::FnvHasher::default();
    h.write(canonical.as_bytes());
    format!("{:016x}.bin", h.finish())
}

fn entry_path(dir: &Path, canonical: &str) -> PathBuf {
    dir.join(entry_name(canonical))
}

/// Diagnostics made while the file was spelled `was`, for the spelling
/// `now`.
pub fn respell(mut diags: Vec<Diagnostic>, was: &str, now: &str) -> Vec<Diagnostic> {
    if was != now {
        for d in &mut diags {
            if d.path == was {
                d.path = now.to_string();
            }
        }
    }
    diags
}

/// `diags` without its warnings unless `lint`.
pub fn lint_filter(mut diags: Vec<Diagnostic>, lint: bool) -> Vec<Diagnostic> {
    if !lint {
        diags.retain(Diagnostic::is_error);
    }
    diags
}

/// The largest whole-deck entry read for a deck file of `size` bytes: a
/// card's encoding can be several times its TOML (ids made from a hash,
/// reverse cards, a warning per card), so sixteen times the file and 1 MiB;
/// at most 257 MiB, since a deck file is at most 16 MiB.
pub fn entry_limit(size: u64) -> u64 {
    size.saturating_mul(16).saturating_add(1 << 20)
}

/// What a whole-deck entry holds, read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The cache key of the file it was made from.
    pub key: String,
    /// xxh3 of the file's bytes.
    pub hash: u64,
    /// True if warnings were looked for.
    pub linted: bool,
    /// The deck (its source a placeholder), if it had no errors.
    pub deck: Option<Deck>,
    /// Its diagnostics.
    pub diagnostics: Vec<Diagnostic>,
}

/// The payload of a whole-deck entry (public for the fuzz targets).
pub fn encode_entry(
    key: &str,
    hash: u64,
    linted: bool,
    deck: Option<&Deck>,
    diagnostics: &[Diagnostic],
) -> Vec<u8> {
    let mut b = Vec::with_capacity(4096);
    put_u64(&mut b, u64::from(crate::deck::PARSE_RULES));
    put_str64(&mut b, env!("CARGO_PKG_VERSION"));
    put_str64(&mut b, key);
    put_u64(&mut b, hash);
    put_bool(&mut b, linted);
    put_bool(&mut b, deck.is_some());
    if let Some(d) = deck {
        codec::put_deck(&mut b, d);
    }
    codec::put_diagnostics(&mut b, diagnostics);
    b
}

/// A whole-deck entry's payload read back, if it is one this version (and
/// these parse rules: stricter rules must not be served a deck parsed
/// under the old ones) wrote. Public for the fuzz targets.
pub fn decode_entry(payload: &[u8]) -> Option<Entry> {
    let mut rd = Reader::new(payload);
    if rd.u64()? != u64::from(crate::deck::PARSE_RULES) || rd.str64()? != env!("CARGO_PKG_VERSION")
    {
        return None;
    }
    let key = rd.str64()?.to_string();
    let hash = rd.u64()?;
    let linted = rd.bool()?;
    let deck = if rd.bool()? {
        Some(codec::deck(&mut rd, DeckSource::default())?)
    } else {
        None
    };
    let diagnostics = codec::diagnostics(&mut rd)?;
    rd.at_end().then_some(Entry {
        key,
        hash,
        linted,
        deck,
        diagnostics,
    })
}

/// The payload of a whole-deck entry file's bytes, if intact.
pub fn open_entry(bytes: &[u8]) -> Option<&[u8]> {
    crate::bytes::open_frame(bytes, MAGIC, FORMAT)
}

/// The whole cached deck of the file `path` (key `canonical`), if it was
/// made from the bytes the index entry `index` describes, and with lint if
/// `lint`.
pub fn get(
    dir: &Path,
    canonical: &str,
    index: &IdsEntry,
    path: &Path,
    lint: bool,
) -> Option<(Option<Deck>, Vec<Diagnostic>)> {
    let head = crate::bytes::frame_head(MAGIC, FORMAT);
    let limit = entry_limit(index.stamp.size());
    let bytes = crate::regular::read_cache_file(&entry_path(dir, canonical), &head, limit)?;
    let e = decode_entry(open_entry(&bytes)?)?;
    let fresh = e.key == canonical && e.hash == index.hash && (e.linted || !lint);
    if !fresh {
        return None;
    }
    let deck = e.deck.map(|mut d| {
        d.source = DeckSource::File(path.to_path_buf());
        d
    });
    let shown = path.display().to_string();
    let diags = respell(e.diagnostics, &index.shown, &shown);
    Some((deck, lint_filter(diags, lint)))
}

/// Stores the whole parse of the file `canonical` whose bytes hash to
/// `hash`, parsed with lint if `linted` (best effort: a failure only costs
/// a parse next time).
pub fn put(
    dir: &Path,
    canonical: &str,
    hash: u64,
    linted: bool,
    deck: Option<&Deck>,
    diagnostics: &[Diagnostic],
) {
    let payload = encode_entry(canonical, hash, linted, deck, diagnostics);
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    // A cache entry that cannot be written is only a later miss.
    let _ = crate::atomic::write_atomically_with(
        &entry_path(dir, canonical),
        crate::atomic::Target::Cache,
        |w| crate::bytes::write_frame(w, MAGIC, FORMAT, &payload),
    );
}

/// Writes the index and removes the whole-deck entries that no index
/// entry names (their deck file is gone, or they are from an older
/// version).
pub fn write_index(dir: &Path, index: &mut IdsIndex) {
    index.write(dir);
    // Pruned only in a folder of concur's own, never through a link.
    crate::atomic::claim_cache_dir(dir);
    let keep: hashbrown::HashSet<String> = index.entries.keys().map(|k| entry_name(k)).collect();
    let Ok(list) = std::fs::read_dir(dir) else {
        return;
    };
    for e in list.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        // Entries of older versions (`.json`) go too.
        if (name.ends_with(".bin") || name.ends_with(".json")) && !keep.contains(&name) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::deck::parse_deck;

    /// The cache key and the index entry of `file`, which holds `text`.
    fn indexed(file: &Path, text: &[u8]) -> (String, IdsEntry) {
        let entry = IdsEntry {
            stamp: FileStamp::of(&std::fs::metadata(file).unwrap()),
            made_ns: ids::now_ns(),
            hash: ids::hash_bytes(text),
            linted: true,
            shown: file.display().to_string(),
            deck: None,
            diagnostics: Vec::new(),
        };
        (canonical(file).unwrap(), entry)
    }

    /// A deck file holding `text` in a temporary folder, its cache folder,
    /// key and index entry, and its parse stored in the cache.
    struct Stored {
        _dir: tempfile::TempDir,
        cache: PathBuf,
        file: PathBuf,
        key: String,
        index: IdsEntry,
        parsed: (Option<Deck>, Vec<Diagnostic>),
    }

    fn stored(text: &[u8]) -> Stored {
        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path().join("cache");
        let file = dir.path().join("d.toml");
        std::fs::write(&file, text).unwrap();
        let (key, index) = indexed(&file, text);
        assert!(get(&cache, &key, &index, &file, true).is_none());
        let (deck, diags) = parse_deck(text, "d.toml", "d", DeckSource::File(file.clone()));
        put(&cache, &key, index.hash, true, deck.as_ref(), &diags);
        Stored {
            _dir: dir,
            cache,
            file,
            key,
            index,
            parsed: (deck, diags),
        }
    }

    #[test]
    fn a_cached_parse_is_returned_only_for_the_same_bytes() {
        let text = b"[deck]\nid = \"d\"\n[[cards]]\nid = \"a\"\nfront = \"F\"\nback = \"B\"\n";
        let Stored {
            cache,
            file,
            key,
            index,
            parsed: (deck, diags),
            _dir,
        } = stored(text);
        let (cached, cached_diags) = get(&cache, &key, &index, &file, true).unwrap();
        assert_eq!(cached, deck);
        assert_eq!(cached_diags, diags);
        // Other bytes: a miss.
        let other = IdsEntry {
            hash: index.hash ^ 1,
            ..index.clone()
        };
        assert!(get(&cache, &key, &other, &file, true).is_none());
        // A corrupt entry is a miss, not an error.
        std::fs::write(entry_path(&cache, &key), b"\xff\xff not an entry").unwrap();
        assert!(get(&cache, &key, &index, &file, true).is_none());
    }

    /// A flipped byte in a card's text is a miss (the frame's checksum),
    /// never served as the card's text. Failed before entries had a
    /// checksum: the flipped text came back.
    #[test]
    fn a_flipped_byte_in_an_entry_is_a_miss() {
        let text = b"[[cards]]\nid = \"a\"\nfront = \"Front text\"\nback = \"Back text\"\n";
        let Stored {
            cache,
            file,
            key,
            index,
            parsed,
            _dir,
        } = stored(text);
        assert_eq!(get(&cache, &key, &index, &file, true), Some(parsed));
        let p = entry_path(&cache, &key);
        let mut bytes = std::fs::read(&p).unwrap();
        let at = bytes.windows(9).position(|w| w == b"Back text").unwrap();
        bytes[at] = b'H';
        std::fs::write(&p, &bytes).unwrap();
        assert!(get(&cache, &key, &index, &file, true).is_none());
        // Larger than any entry of this file could be: not even read.
        let big = std::fs::File::create(&p).unwrap();
        big.set_len(entry_limit(text.len() as u64) + 1).unwrap();
        assert!(get(&cache, &key, &index, &file, true).is_none());
    }

    #[test]
    fn a_parse_without_lint_is_never_served_to_a_caller_that_wants_warnings() {
        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path().join("cache");
        let file = dir.path().join("d.toml");
        let text = b"[[cards]]\nid = \"a\"\nfront = \"Why?\"\nback = \"B\"\n[[cards]]\nid = \"b\"\nfront = \"why\"\nback = \"C\"\n";
        std::fs::write(&file, text).unwrap();
        let (key, index) = indexed(&file, text);
        let source = || DeckSource::File(file.clone());
        let (deck, linted) = crate::deck::parse_deck_with(text, "d.toml", "d", source(), true);
        assert_eq!(linted.len(), 1, "{linted:?}");
        put(&cache, &key, index.hash, true, deck.as_ref(), &linted);
        assert_eq!(get(&cache, &key, &index, &file, true).unwrap().1, linted);
        // Made with lint, served without: the warning is left out.
        let (cached, diags) = get(&cache, &key, &index, &file, false).unwrap();
        assert_eq!(cached, deck);
        assert!(diags.is_empty(), "{diags:?}");
        // Made without lint: a miss for a caller that wants warnings.
        let (deck, plain) = crate::deck::parse_deck_with(text, "d.toml", "d", source(), false);
        assert!(plain.is_empty(), "{plain:?}");
        put(&cache, &key, index.hash, false, deck.as_ref(), &plain);
        assert!(get(&cache, &key, &index, &file, true).is_none());
        assert_eq!(get(&cache, &key, &index, &file, false).unwrap().0, deck);
    }
}
