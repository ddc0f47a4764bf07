//! Eight bytes of text at a time, as one `u64` read little-endian: which
//! bytes of a word are some byte, or below some value, without a branch
//! per byte. Each test sets the top bit of the bytes it finds; it finds
//! every such byte, and the first one set is always right, but a byte
//! after a found one may be set wrongly (by the borrow), so a caller that
//! wants more than whether there is one, and where the first is, must
//! check the bytes after it one by one.

/// A word with every byte `b`.
pub(crate) const fn each(b: u8) -> u64 {
    u64::from_le_bytes([b; 8])
}

/// The top bit of each byte of `w` below `n` (at most 0x80).
#[inline(always)]
pub(crate) const fn below(w: u64, n: u8) -> u64 {
    w.wrapping_sub(each(n)) & !w & each(0x80)
}

/// The top bit of each byte of `w` that is `b`.
#[inline(always)]
pub(crate) const fn equal(w: u64, b: u8) -> u64 {
    below(w ^ each(b), 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn the_first_byte_found_is_the_first_that_is_so(w in any::<[u8; 8]>(), n in 1u8..=0x80, b in any::<u8>()) {
            let word = u64::from_le_bytes(w);
            for (found, is) in [
                (below(word, n), w.map(|c| c < n)),
                (equal(word, b), w.map(|c| c == b)),
            ] {
                let first = is.iter().position(|&x| x);
                prop_assert_eq!(found != 0, first.is_some());
                if let Some(i) = first {
                    prop_assert_eq!(found.trailing_zeros() as usize / 8, i);
                }
            }
        }
    }
}
