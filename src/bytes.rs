//! The little-endian byte layout of the binary caches (the deck index, the
//! replay snapshot): writers that append, and a reader whose every read
//! checks the length, so a damaged or foreign cache file reads as `None`
//! (and is rebuilt), never as a panic.

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
}
