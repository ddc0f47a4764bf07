//! The one binary encoding of every cache file (the deck index, the
//! whole-deck entries, the replay snapshot): little-endian writers that
//! append, a reader whose every read checks the length, so a damaged or
//! foreign cache file reads as `None` (and is rebuilt), never as a panic,
//! and the frame every cache file shares:
//!
//! ```text
//! magic (8 bytes) | format (u32) | payload | payload length (u64) | xxh3-64 of all before (u64)
//! ```
//!
//! The length and checksum come last, so a large payload is written in
//! pieces ([`FrameWriter`]) without being held in memory.

use std::io::Write;

use xxhash_rust::xxh3::{Xxh3, xxh3_64};

/// Bytes of a frame before its payload: magic and format.
pub const HEAD_LEN: usize = 12;
/// Bytes of a frame after its payload: length and checksum.
pub const TRAIL_LEN: usize = 16;

/// The first bytes of a frame with this magic and format.
pub fn frame_head(magic: &[u8; 8], format: u32) -> [u8; HEAD_LEN] {
    let mut h = [0; HEAD_LEN];
    h[..8].copy_from_slice(magic);
    h[8..].copy_from_slice(&format.to_le_bytes());
    h
}

/// Writes a frame to `w` around a payload given in pieces.
pub struct FrameWriter<'w> {
    w: &'w mut dyn Write,
    hash: Xxh3,
    len: u64,
}

impl<'w> FrameWriter<'w> {
    /// Starts a frame: writes its magic and format.
    pub fn new(w: &'w mut dyn Write, magic: &[u8; 8], format: u32) -> std::io::Result<Self> {
        let head = frame_head(magic, format);
        let mut hash = Xxh3::new();
        hash.update(&head);
        w.write_all(&head)?;
        Ok(FrameWriter { w, hash, len: 0 })
    }

    /// Writes the next piece of the payload.
    pub fn write(&mut self, piece: &[u8]) -> std::io::Result<()> {
        self.hash.update(piece);
        self.len += piece.len() as u64;
        self.w.write_all(piece)
    }

    /// Ends the frame: writes the payload's length and the checksum.
    pub fn finish(mut self) -> std::io::Result<()> {
        let len = self.len.to_le_bytes();
        self.hash.update(&len);
        self.w.write_all(&len)?;
        self.w.write_all(&self.hash.digest().to_le_bytes())
    }
}

/// Writes `payload` to `w` in a frame.
pub fn write_frame(
    w: &mut dyn Write,
    magic: &[u8; 8],
    format: u32,
    payload: &[u8],
) -> std::io::Result<()> {
    let mut f = FrameWriter::new(w, magic, format)?;
    f.write(payload)?;
    f.finish()
}

/// `payload` in a frame, in memory.
pub fn frame(magic: &[u8; 8], format: u32, payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEAD_LEN + payload.len() + TRAIL_LEN);
    // Writing to a vector cannot fail.
    let _ = write_frame(&mut out, magic, format, payload);
    out
}

/// The payload of `bytes` if they are one whole, intact frame with this
/// magic and format (the length and the checksum agree), else `None`.
pub fn open_frame<'a>(bytes: &'a [u8], magic: &[u8; 8], format: u32) -> Option<&'a [u8]> {
    let (covered, sum) = bytes.split_at_checked(bytes.len().checked_sub(8)?)?;
    let (framed, len) = covered.split_at_checked(covered.len().checked_sub(8)?)?;
    let (head, payload) = framed.split_at_checked(HEAD_LEN)?;
    if head != frame_head(magic, format)
        || len != (payload.len() as u64).to_le_bytes()
        || sum != xxh3_64(covered).to_le_bytes()
    {
        return None;
    }
    Some(payload)
}

/// Appends a byte.
pub fn put_u8(b: &mut Vec<u8>, v: u8) {
    b.push(v);
}

/// Appends `v` as one byte, 0 or 1.
pub fn put_bool(b: &mut Vec<u8>, v: bool) {
    b.push(u8::from(v));
}

/// Appends `v` as 4 little-endian bytes.
pub fn put_u32(b: &mut Vec<u8>, v: u32) {
    b.extend_from_slice(&v.to_le_bytes());
}

/// Appends `v` as 8 little-endian bytes.
pub fn put_u64(b: &mut Vec<u8>, v: u64) {
    b.extend_from_slice(&v.to_le_bytes());
}

/// Appends `s` after its length as a `u32` (longer strings are cut at the
/// length's limit: 4 GiB).
pub fn put_str32(b: &mut Vec<u8>, s: &str) {
    let len = u32::try_from(s.len()).unwrap_or(u32::MAX);
    put_u32(b, len);
    b.extend_from_slice(s.as_bytes().get(..len as usize).unwrap_or(s.as_bytes()));
}

/// Appends `s` after its length as a `u64`.
pub fn put_str64(b: &mut Vec<u8>, s: &str) {
    put_u64(b, s.len() as u64);
    b.extend_from_slice(s.as_bytes());
}

/// Reads what the `put_*` functions wrote; every read is `None` past the end.
#[derive(Debug)]
pub struct Reader<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `b`.
    pub fn new(b: &'a [u8]) -> Self {
        Reader { b, i: 0 }
    }

    /// How many bytes the reader holds, read or not.
    pub fn total_len(&self) -> usize {
        self.b.len()
    }

    /// True when every byte has been read.
    pub fn at_end(&self) -> bool {
        self.i == self.b.len()
    }

    /// The next `n` bytes.
    pub fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let s = self.b.get(self.i..self.i.checked_add(n)?)?;
        self.i += n;
        Some(s)
    }

    /// A byte.
    pub fn u8(&mut self) -> Option<u8> {
        self.take(1)?.first().copied()
    }

    /// A byte written by [`put_bool`]: 0 or 1, anything else is `None`.
    pub fn bool(&mut self) -> Option<bool> {
        match self.u8()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }

    /// A count of items of at least `min_size` bytes each, if that many
    /// could still follow (so that a damaged count never sizes a huge
    /// allocation).
    pub fn count(&mut self, min_size: usize) -> Option<usize> {
        let n = self.usize()?;
        (n.checked_mul(min_size.max(1))? <= self.b.len() - self.i).then_some(n)
    }

    /// A `u32`.
    pub fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    /// An `i32`.
    pub fn i32(&mut self) -> Option<i32> {
        Some(i32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    /// A `u64`.
    pub fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    /// An `i64`.
    pub fn i64(&mut self) -> Option<i64> {
        Some(i64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    /// A `u128`.
    pub fn u128(&mut self) -> Option<u128> {
        Some(u128::from_le_bytes(self.take(16)?.try_into().ok()?))
    }

    /// A `u64` that fits a `usize`.
    pub fn usize(&mut self) -> Option<usize> {
        usize::try_from(self.u64()?).ok()
    }

    /// A string written by [`put_str32`].
    pub fn str32(&mut self) -> Option<&'a str> {
        let n = usize::try_from(self.u32()?).ok()?;
        std::str::from_utf8(self.take(n)?).ok()
    }

    /// A string written by [`put_str64`].
    pub fn str64(&mut self) -> Option<&'a str> {
        let n = self.usize()?;
        std::str::from_utf8(self.take(n)?).ok()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn what_is_put_reads_back_and_a_short_buffer_reads_none() {
        let mut b = Vec::new();
        put_u32(&mut b, 7);
        put_u64(&mut b, u64::MAX);
        put_str32(&mut b, "ab");
        put_str64(&mut b, "cd");
        let mut r = Reader::new(&b);
        assert_eq!(r.u32(), Some(7));
        assert_eq!(r.u64(), Some(u64::MAX));
        assert_eq!(r.str32(), Some("ab"));
        assert_eq!(r.str64(), Some("cd"));
        assert!(r.at_end());
        assert_eq!(r.u32(), None);
        let mut short = Reader::new(&b[..3]);
        assert_eq!(short.u32(), None);
    }

    #[test]
    fn a_frame_opens_only_whole_and_intact() {
        let f = frame(b"concurXX", 3, b"payload");
        assert_eq!(f.len(), HEAD_LEN + 7 + TRAIL_LEN);
        assert_eq!(open_frame(&f, b"concurXX", 3), Some(&b"payload"[..]));
        assert_eq!(open_frame(&f, b"concurXY", 3), None, "other magic");
        assert_eq!(open_frame(&f, b"concurXX", 4), None, "other format");
        for i in 0..f.len() {
            let mut bad = f.clone();
            bad[i] ^= 0x10;
            assert_eq!(open_frame(&bad, b"concurXX", 3), None, "byte {i}");
        }
        for n in 0..f.len() {
            assert_eq!(open_frame(&f[..n], b"concurXX", 3), None, "cut at {n}");
        }
        let mut longer = f.clone();
        longer.push(0);
        assert_eq!(open_frame(&longer, b"concurXX", 3), None);
        // Written in pieces: the same bytes.
        let mut out = Vec::new();
        let mut w = FrameWriter::new(&mut out, b"concurXX", 3).unwrap();
        w.write(b"pay").unwrap();
        w.write(b"load").unwrap();
        w.finish().unwrap();
        assert_eq!(out, f);
    }
}
