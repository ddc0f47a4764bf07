//! The quick check of the log prefix a snapshot covers: instead of hashing
//! all its bytes at every start, compare the log's identity (device, inode)
//! and a fingerprint of a few fixed-size blocks of it: the first, the last
//! before the prefix's end, and [`SPREAD`] more at places drawn at random
//! when the snapshot is made (stored in it, so each snapshot samples other
//! places).
//!
//! What this cannot see: an edit in place (same inode) that leaves the file
//! at least as long as the prefix and changes no byte of a sampled block.
//! The full hash of the prefix is kept beside it, for the slow check (any
//! other change, `concur check --log`).

use std::fs::{File, Metadata};
use std::io::{Seek, SeekFrom};

use xxhash_rust::xxh3::Xxh3;

/// Bytes in a sampled block (the last block of a short prefix is shorter).
pub(crate) const BLOCK: u64 = 4096;
/// Blocks sampled at random places, besides the first and the last.
pub(crate) const SPREAD: usize = 16;

/// Which file this is, whatever its contents: device and inode (0 and 0
/// where the platform has none, which no quick check then trusts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct FileId {
    /// Device.
    pub dev: u64,
    /// Inode.
    pub ino: u64,
}

impl FileId {
    /// The identity of the file `meta` describes.
    pub(crate) fn of(meta: &Metadata) -> FileId {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            FileId {
                dev: meta.dev(),
                ino: meta.ino(),
            }
        }
        #[cfg(not(unix))]
        {
            let _ = meta;
            FileId::default()
        }
    }

    /// False where the platform gives no identity.
    fn known(self) -> bool {
        self != FileId::default()
    }
}

/// The sampled blocks of a prefix, and the file they were read from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Fingerprint {
    /// The log file.
    pub file: FileId,
    /// Where each block starts, ascending, all before the prefix's end;
    /// a block is [`BLOCK`] bytes or up to the prefix's end.
    pub starts: Vec<u64>,
    /// xxh3-128 of the blocks' bytes, one after the other.
    pub hash: u128,
}

/// The blocks' bytes, hashed as [`Fingerprint::hash`] is.
fn hash_blocks<'a>(blocks: impl Iterator<Item = &'a [u8]>) -> u128 {
    let mut h = Xxh3::new();
    for b in blocks {
        h.update(b);
    }
    h.digest128()
}

/// The end of the block at `start` in a prefix of `len` bytes.
fn block_end(start: u64, len: u64) -> u64 {
    start.saturating_add(BLOCK).min(len)
}

/// True if `file` is the file `fp` was taken of and its blocks, read
/// again, are the same, for a prefix of `len` bytes. Leaves the file's
/// position anywhere.
pub(crate) fn matches(file: &mut File, fp: &Fingerprint, len: u64) -> std::io::Result<bool> {
    let meta = file.metadata()?;
    if !fp.file.known() || FileId::of(&meta) != fp.file || meta.len() < len {
        return Ok(false);
    }
    let mut blocks: Vec<Vec<u8>> = Vec::with_capacity(fp.starts.len());
    for &start in &fp.starts {
        let end = block_end(start, len);
        if start >= end {
            return Ok(false);
        }
        file.seek(SeekFrom::Start(start))?;
        let want = usize::try_from(end - start).unwrap_or(0);
        let mut b = Vec::new();
        if super::reader::read_more(file, &mut b, want)? < want {
            return Ok(false);
        }
        blocks.push(b);
    }
    Ok(hash_blocks(blocks.iter().map(Vec::as_slice)) == fp.hash)
}

/// Collects the sampled blocks of the bytes it is fed (the file's bytes
/// from its start, in order), to make the [`Fingerprint`] of any prefix of
/// them that ends at the end of what was fed.
#[derive(Debug, Clone)]
pub(crate) struct Sampler {
    file: FileId,
    /// Each sampled block's start and its bytes fed so far.
    blocks: Vec<(u64, Vec<u8>)>,
    /// The last bytes fed, up to [`BLOCK`] of them.
    tail: Vec<u8>,
    /// Bytes fed so far.
    fed: u64,
}

impl Sampler {
    /// A sampler for the file `file`, about `len` bytes long, sampling the
    /// first block and [`SPREAD`] blocks at places drawn from `seed`.
    pub(crate) fn new(file: FileId, len: u64, seed: u64) -> Sampler {
        let mut starts = vec![0];
        let mut s = seed;
        if len > BLOCK {
            for _ in 0..SPREAD {
                s = splitmix64(s);
                starts.push(s % len);
            }
        }
        starts.sort_unstable();
        starts.dedup();
        Sampler {
            file,
            blocks: starts.into_iter().map(|s| (s, Vec::new())).collect(),
            tail: Vec::new(),
            fed: 0,
        }
    }

    /// Takes the next bytes of the file.
    pub(crate) fn feed(&mut self, bytes: &[u8]) {
        let (from, to) = (self.fed, self.fed + bytes.len() as u64);
        for (start, b) in &mut self.blocks {
            let (lo, hi) = ((*start).max(from), block_end(*start, u64::MAX).min(to));
            if lo < hi {
                let (a, z) = ((lo - from) as usize, (hi - from) as usize);
                b.extend_from_slice(bytes.get(a..z).unwrap_or_default());
            }
        }
        let keep = BLOCK as usize;
        if bytes.len() >= keep {
            self.tail.clear();
            self.tail
                .extend_from_slice(bytes.get(bytes.len() - keep..).unwrap_or_default());
        } else {
            self.tail.extend_from_slice(bytes);
            let over = self.tail.len().saturating_sub(keep);
            self.tail.drain(..over);
        }
        self.fed = to;
    }

    /// The fingerprint of everything fed: the sampled blocks that start
    /// before its end, and its last block.
    pub(crate) fn finish(self) -> Fingerprint {
        let len = self.fed;
        let last = len - self.tail.len() as u64;
        let mut blocks: Vec<(u64, &[u8])> = self
            .blocks
            .iter()
            .filter(|(s, _)| *s < len && *s != last)
            .map(|(s, b)| (*s, b.as_slice()))
            .collect();
        if len > 0 {
            blocks.push((last, &self.tail));
        }
        blocks.sort_by_key(|(s, _)| *s);
        Fingerprint {
            file: self.file,
            starts: blocks.iter().map(|(s, _)| *s).collect(),
            hash: hash_blocks(blocks.iter().map(|(_, b)| *b)),
        }
    }
}

/// The next value of the splitmix64 sequence.
fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn fingerprint_of(bytes: &[u8], pieces: usize, seed: u64) -> Fingerprint {
        let mut s = Sampler::new(FileId { dev: 1, ino: 2 }, bytes.len() as u64, seed);
        for piece in bytes.chunks(bytes.len().div_ceil(pieces.max(1)).max(1)) {
            s.feed(piece);
        }
        s.finish()
    }

    #[test]
    fn the_fingerprint_is_the_same_however_the_bytes_are_fed() {
        let bytes: Vec<u8> = (0..100_000u32).map(|i| (i * 7 % 251) as u8).collect();
        let one = fingerprint_of(&bytes, 1, 9);
        for pieces in [2, 3, 17, 1000, 100_000] {
            assert_eq!(fingerprint_of(&bytes, pieces, 9), one, "{pieces} pieces");
        }
        assert_eq!(one.starts.first(), Some(&0));
        assert_eq!(one.starts.last(), Some(&(100_000 - BLOCK)));
        assert_eq!(one.starts.len(), SPREAD + 2);
        assert_ne!(fingerprint_of(&bytes, 1, 10).starts, one.starts);
    }

    #[test]
    fn a_read_of_the_blocks_matches_only_the_same_bytes_of_the_same_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        let bytes: Vec<u8> = (0..50_000u32).map(|i| (i % 13) as u8).collect();
        std::fs::write(&path, &bytes).unwrap();
        let meta = std::fs::metadata(&path).unwrap();
        let mut s = Sampler::new(FileId::of(&meta), 50_000, 3);
        s.feed(&bytes);
        let fp = s.finish();
        let mut f = File::open(&path).unwrap();
        assert!(matches(&mut f, &fp, 50_000).unwrap());
        // Longer is fine (appended lines), shorter is not.
        std::fs::write(&path, [&bytes[..], b"more"].concat()).unwrap();
        assert!(matches(&mut f, &fp, 50_000).unwrap());
        std::fs::write(&path, &bytes[..49_999]).unwrap();
        assert!(!matches(&mut f, &fp, 50_000).unwrap());
        // A changed byte in a sampled block is seen.
        let mut changed = bytes.clone();
        changed[usize::try_from(fp.starts[3]).unwrap()] ^= 1;
        std::fs::write(&path, &changed).unwrap();
        assert!(!matches(&mut f, &fp, 50_000).unwrap());
        // Another file with the same bytes is not the same file.
        let other = dir.path().join("g");
        std::fs::write(&other, &bytes).unwrap();
        assert!(!matches(&mut File::open(&other).unwrap(), &fp, 50_000).unwrap());
    }
}
