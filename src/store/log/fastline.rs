//! A hand-written parse of the one line shape concur writes, without
//! allocating and reading each byte once: every other line (other key
//! order, escapes in strings, spaces, another timestamp form, undo lines)
//! goes to the serde parse ([`parse_line`](super::line::parse_line)), so
//! the result is always the same as that parse's.
//!
//! The shape, keys in this order, `id` optional:
//!
//! ```text
//! {"at":"YYYY-MM-DDTHH:MM:SS.mmm+HH:MM","deck":"…","card":"…","grade":D,"kind":"review","ms":DIGITS,"id":"HEX"}
//! ```
//!
//! It reads bytes and gives the texts as ranges of them: the reader checks
//! a whole batch of lines as UTF-8 at once, which costs far less than
//! checking each line's texts.

use std::ops::Range;

use chrono::{Datelike, NaiveDate};

use super::Kind;
use super::line::LineId;
use crate::sched::Grade;
use crate::text::word::{below, each, equal};

/// A line the fast parse took, its texts as ranges of the bytes it read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fast {
    pub deck: Range<usize>,
    pub card: Range<usize>,
    pub grade: Grade,
    pub kind: Kind,
    pub at_ms: i64,
    pub day: NaiveDate,
    pub spent_ms: u32,
    pub id: Option<LineId>,
    /// One past its closing brace.
    pub end: usize,
}

/// The fast parse, line after line: it keeps the last date, month and
/// offset it read, as a log has many lines of one day (or month) and
/// offset one after the other.
#[derive(Debug, Default)]
pub(crate) struct FastParser {
    /// The bytes of the last date read (`YYYY-MM-DD`, the first ten of the
    /// timestamp, as [`date_key`] packs them), that date and its days
    /// since the epoch.
    last_day: Option<(u128, NaiveDate, i64)>,
    /// The digits of the last month read (`YYYY-MM-`), its first day and
    /// that day's days since the epoch.
    last_month: Option<(u64, NaiveDate, i64)>,
    /// The bytes of the last offset read (`+HH:MM`, the last six of the
    /// timestamp, as [`offset_key`] packs them) and the milliseconds it
    /// adds to the local time to give UTC.
    last_offset: Option<(u64, i64)>,
}

impl FastParser {
    /// The fast parse of the line that starts at `start` in `b` (which may go
    /// on past that line's newline), if it has the shape concur writes up to
    /// [`Fast::end`]. No byte it reads is a newline, so the line ends there if
    /// `b` ends there or has its newline there; if other bytes follow, the line
    /// has another shape (the serde parse's to judge). The texts are not
    /// checked as UTF-8: `b` must be.
    #[inline(always)]
    pub(crate) fn at(&mut self, b: &[u8], start: usize) -> Option<Fast> {
        let line = b.get(start..)?;
        let head: &[u8; 46] = line.first_chunk()?;
        if !head.starts_with(br#"{"at":""#) || !head.ends_with(br#"","deck":""#) {
            return None;
        }
        let (at_ms, day) = self.parse_at(head.get(7..36)?)?;
        let deck_len = string_stop(line.get(46..)?)?;
        // After the deck's text: its closing quote and the card's key.
        let card_at = 46 + deck_len + 10;
        if line.get(card_at - 10..card_at)? != br#"","card":""# {
            return None;
        }
        let card_len = string_stop(line.get(card_at..)?)?;
        let mut i = card_at + card_len;
        // `","grade":D,"kind":"` with the grade one digit in 0..=5 (a grade
        // out of range is for the serde parse to report).
        let keys: &[u8; 20] = line.get(i..)?.first_chunk()?;
        if !keys.starts_with(br#"","grade":"#) || !keys.ends_with(br#","kind":""#) {
            return None;
        }
        let grade = Grade::new(keys[10].wrapping_sub(b'0'))?;
        i += keys.len();
        let (len, kind) = kind_and_ms(line.get(i..)?)?;
        i += len;
        let (ms, len) = number(line.get(i..)?)?;
        i += len;
        let spent_ms = u32::try_from(ms).unwrap_or(u32::MAX);
        let rest = line.get(i..)?;
        let id = if rest.starts_with(br#","id":""#) {
            let (id, len) = hex_id(rest.get(7..)?)?;
            i += 7 + len;
            Some(id)
        } else {
            None
        };
        if line.get(i) != Some(&b'}') {
            return None;
        }
        let card = start + card_at..start + card_at + card_len;
        Some(Fast {
            deck: start + 46..start + 46 + deck_len,
            card,
            grade,
            kind,
            at_ms,
            day,
            spent_ms,
            id,
            end: start + i + 1,
        })
    }

    /// The date `y-mo-d` (`v0`: its digits `YYYY-MM-`, a digit in each
    /// byte) and its days since the epoch: found from the first day of the
    /// month kept from the last line of the same month, or else by chrono.
    fn date(&mut self, v0: u64, y: u32, mo: u32, d: u32) -> Option<(NaiveDate, i64)> {
        let (first, first_days) = match self.last_month {
            Some((k, first, days)) if k == v0 => (first, days),
            _ => {
                let first = NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, mo, 1)?;
                // Days from 0001-01-01 to 1970-01-01.
                const EPOCH_FROM_CE: i64 = 719_163;
                let days = i64::from(first.num_days_from_ce()) - EPOCH_FROM_CE;
                self.last_month = Some((v0, first, days));
                (first, days)
            }
        };
        let day = first.with_day(d)?;
        Some((day, first_days + i64::from(d) - 1))
    }

    /// `YYYY-MM-DDTHH:MM:SS.mmm+HH:MM` -> (ms since the epoch, date as
    /// written). The date and the offset are read only when their bytes
    /// differ from the last ones read (those were checked then); the time
    /// of day always.
    pub(crate) fn parse_at(&mut self, s: &[u8]) -> Option<(i64, NaiveDate)> {
        let s: &[u8; 29] = s.try_into().ok()?;
        let at = |k: usize| {
            s.get(k..)
                .and_then(<[u8]>::first_chunk)
                .map(|w| u64::from_le_bytes(*w))
        };
        let (w0, w1, w2, w3) = (at(0)?, at(8)?, at(16)?, at(21)?);
        // Each byte: its digit times ten plus the next one (at most 99: no
        // byte carries into the next).
        let pairs = |v: u64| v.wrapping_mul(10) + (v >> 8);
        let (t1, t2) = (TIME_1.digits(w1)?, TIME_2.digits(w2)?);
        let (p1, p2) = (pairs(t1), pairs(t2));
        let (h, mi, sec) = (byte(p1, 3), byte(p1, 6), byte(p2, 1));
        let ms = byte(p2, 4) * 10 + byte(t2, 6);
        if h > 23 || mi > 59 || sec > 59 {
            return None;
        }
        let key = date_key(w0, w1);
        let days = match self.last_day {
            Some((k, day, days)) if k == key => (day, days),
            _ => {
                let (v0, v1) = (DATE_0.digits(w0)?, DATE_1.digits(w1)?);
                let (p0, p1) = (pairs(v0), pairs(v1));
                let (y, mo, d) = (byte(p0, 0) * 100 + byte(p0, 2), byte(p0, 5), byte(p1, 0));
                let found = self.date(v0, y, mo, d)?;
                self.last_day = Some((key, found.0, found.1));
                found
            }
        };
        let (day, days) = days;
        let key = offset_key(w3);
        let offset_ms = match self.last_offset {
            Some((k, ms)) if k == key => ms,
            _ => {
                let v3 = OFFSET.digits(w3)?;
                let p3 = pairs(v3);
                let (oh, om) = (byte(p3, 3), byte(p3, 6));
                let sign = match s[SIGN] {
                    b'+' => -1,
                    b'-' => 1,
                    _ => return None,
                };
                if oh > 23 || om > 59 {
                    return None;
                }
                let ms = sign * i64::from(oh * 60 + om) * 60_000;
                self.last_offset = Some((key, ms));
                ms
            }
        };
        let local = (days * 86_400 + i64::from(h * 3600 + mi * 60 + sec)) * 1000 + i64::from(ms);
        Some((local + offset_ms, day))
    }
}

/// The first ten bytes of a timestamp (its date), from its words at 0
/// and 8.
fn date_key(w0: u64, w1: u64) -> u128 {
    u128::from(w0) | u128::from(w1 & 0xffff) << 64
}

/// The last six bytes of a timestamp (its offset), from its word at 21.
fn offset_key(w3: u64) -> u64 {
    w3 >> 16
}

/// `KIND","ms":` for the kinds the fast parse takes: its length and the
/// kind.
#[inline(always)]
fn kind_and_ms(b: &[u8]) -> Option<(usize, Kind)> {
    let (len, kind): (usize, _) = match b.first()? {
        b'r' if b.starts_with(br#"review","ms":"#) => (13, Kind::Review),
        b'd' if b.starts_with(br#"drill","ms":"#) => (12, Kind::Drill),
        b'c' if b.starts_with(br#"cram","ms":"#) => (11, Kind::Cram),
        b'p' if b.starts_with(br#"prep","ms":"#) => (11, Kind::Prep),
        // Undo lines and card actions (rare) take the serde path.
        _ => return None,
    };
    Some((len, kind))
}

/// Up to 19 decimal digits at the start of `b` (so the value fits a
/// `u64`), no leading zero unless alone (as JSON requires): the value and
/// the count of digits.
#[inline(always)]
fn number(b: &[u8]) -> Option<(u64, usize)> {
    let (v, len) = match b.first_chunk::<8>() {
        Some(w) => {
            // Each digit's value in its byte; any other byte above 9. A
            // byte of at most 9 never carries into the next, so the first
            // byte flagged is the first that is no digit.
            let x = u64::from_le_bytes(*w) ^ each(b'0');
            let flags = (x.wrapping_add(each(0x76)) | x) & each(0x80);
            if flags == 0 {
                return number_slow(b);
            }
            let len = flags.trailing_zeros() as usize / 8;
            if len == 0 {
                return None;
            }
            // The digits in the top bytes, first digit lowest, then summed
            // in pairs, fours and eights.
            let mut v = x << (64 - 8 * len);
            v = (v.wrapping_mul(10) + (v >> 8)) & 0x00ff_00ff_00ff_00ff;
            v = (v.wrapping_mul(100) + (v >> 16)) & 0x0000_ffff_0000_ffff;
            v = (v.wrapping_mul(10_000) + (v >> 32)) & 0xffff_ffff;
            (v, len)
        }
        None => return number_slow(b),
    };
    if len > 1 && b.first() == Some(&b'0') {
        return None;
    }
    Some((v, len))
}

/// [`number`] a byte at a time.
fn number_slow(b: &[u8]) -> Option<(u64, usize)> {
    let mut v: u64 = 0;
    let mut len = 0;
    for &c in b.iter().take(20) {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            break;
        }
        v = v.wrapping_mul(10).wrapping_add(u64::from(d));
        len += 1;
    }
    if len == 0 || len > 19 || (len > 1 && b.first() == Some(&b'0')) {
        return None;
    }
    Some((v, len))
}

/// A line id ([`LineId::parse`]: 1 to 16 hex digits) and its closing
/// quote at the start of `b`: the id and the count of bytes.
#[inline(always)]
fn hex_id(b: &[u8]) -> Option<(LineId, usize)> {
    let mut v: u64 = 0;
    let mut len = 0;
    for &c in b.iter().take(17) {
        let Some(d) = char::from(c).to_digit(16) else {
            break;
        };
        v = (v << 4) | u64::from(d);
        len += 1;
    }
    if len == 0 || len > 16 || b.get(len) != Some(&b'"') {
        return None;
    }
    Some((LineId::from(v), len + 1))
}

/// The index of the first byte of `b` that ends a plain JSON string: a
/// quote, a backslash or a control character. Eight bytes at a time: in a
/// word, a byte that is zero (after an xor with the quote or the
/// backslash) or below 0x20 sets its top bit in `flags`; a byte above the
/// first one flagged may be flagged wrongly (by the borrow), the first one
/// never is.
#[inline(always)]
fn string_stop(b: &[u8]) -> Option<usize> {
    let flags = |w: u64| equal(w, b'"') | equal(w, b'\\') | below(w, 0x20);
    let mut i = 0;
    // The first sixteen bytes (most ids are shorter) without a loop.
    if let Some(two) = b.first_chunk::<16>() {
        let (lo, hi) = two.split_at(8);
        let lo = u64::from_le_bytes(lo.try_into().ok()?);
        let f = flags(lo);
        if f != 0 {
            return Some(f.trailing_zeros() as usize / 8);
        }
        let hi = u64::from_le_bytes(hi.try_into().ok()?);
        let f = flags(hi);
        if f != 0 {
            return Some(8 + f.trailing_zeros() as usize / 8);
        }
        i = 16;
    }
    while let Some(chunk) = b.get(i..).and_then(<[u8]>::first_chunk::<8>) {
        let f = flags(u64::from_le_bytes(*chunk));
        if f != 0 {
            return Some(i + f.trailing_zeros() as usize / 8);
        }
        i += 8;
    }
    let tail = b.get(i..)?;
    let at = tail
        .iter()
        .position(|&c| c == b'"' || c == b'\\' || c < 0x20)?;
    Some(i + at)
}

/// What the timestamp's bytes must be, `####-##-##T##:##:##.###+##:##`
/// (a digit for `#`, the offset's sign `+` or `-` at [`SIGN`]), in three
/// parts read apart: the date, the time of day, the offset but its sign
/// (`?` for a byte of another part).
const DATE_SHAPE: &[u8; 29] = b"####-##-##???????????????????";
const TIME_SHAPE: &[u8; 29] = b"??????????T##:##:##.###??????";
const OFFSET_SHAPE: &[u8; 29] = b"????????????????????????##:##";
const SIGN: usize = 23;
const DATE_0: Word = word(DATE_SHAPE, 0);
const DATE_1: Word = word(DATE_SHAPE, 8);
const TIME_1: Word = word(TIME_SHAPE, 8);
const TIME_2: Word = word(TIME_SHAPE, 16);
const OFFSET: Word = word(OFFSET_SHAPE, 21);

/// For the eight bytes of a shape from `at`, as a little-endian word: the
/// mask of its digits, the mask of its other bytes that it fixes, and
/// their values.
struct Word {
    digits: u64,
    fixed_mask: u64,
    fixed: u64,
}

const fn word(shape: &[u8; 29], at: usize) -> Word {
    let mut w = Word {
        digits: 0,
        fixed_mask: 0,
        fixed: 0,
    };
    let mut k = 0;
    while k < 8 {
        let c = shape[at + k];
        if c == b'#' {
            w.digits |= 0xff << (8 * k);
        } else if c != b'?' {
            w.fixed_mask |= 0xff << (8 * k);
            w.fixed |= (c as u64) << (8 * k);
        }
        k += 1;
    }
    w
}

impl Word {
    /// `w` with each digit's value in its byte (its other bytes zero), if
    /// every byte the shape names is what it says. A digit's byte is 0x30
    /// to 0x39: its high half is 3, and still is after adding 6 (no byte
    /// carries: all are at most 0x3f before).
    #[inline(always)]
    fn digits(&self, w: u64) -> Option<u64> {
        let x = w & self.digits;
        let threes = each(0x30) & self.digits;
        let ok = w & self.fixed_mask == self.fixed
            && x & each(0xf0) == threes
            && x.wrapping_add(each(6) & self.digits) & each(0xf0) == threes;
        ok.then(|| x - threes)
    }
}

/// Byte `k` of `w`.
#[inline(always)]
fn byte(w: u64, k: u32) -> u32 {
    ((w >> (8 * k)) & 0xff) as u32
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::store::log::line::parse_line;
    use crate::store::log::testing::arb_line;
    use proptest::prelude::*;

    /// The fast parse of the whole of `line`, if it takes it.
    fn fast(line: &str) -> Option<Fast> {
        let f = FastParser::default().at(line.as_bytes(), 0)?;
        (f.end == line.len()).then_some(f)
    }

    /// True if the serde parse reads `line` as the fast parse does, or the
    /// fast parse does not take it (then the serde parse's result is the
    /// reader's).
    fn agrees(line: &str) -> bool {
        let Some(f) = fast(line) else { return true };
        let Ok(p) = parse_line(line.as_bytes()) else {
            return false;
        };
        let texts = (line.get(f.deck.clone()), line.get(f.card.clone()));
        texts == (Some(&*p.deck), Some(&*p.card))
            && (f.grade, f.kind, f.at_ms, f.day) == (p.grade, p.kind, p.at_ms, p.day)
            && (f.spent_ms, f.id, p.undoes) == (p.spent_ms, p.id, None)
    }

    #[test]
    fn the_written_shape_takes_the_fast_path_and_agrees() {
        let line = r#"{"at":"2026-11-25T14:03:11.000+01:00","deck":"d","card":"c","grade":4,"kind":"review","ms":5300,"id":"9f3c0a17d2b84e61"}"#;
        let fast_one = FastParser::default().at(line.as_bytes(), 0).unwrap();
        assert_eq!(fast_one.end, line.len());
        assert!(agrees(line));
        assert_eq!(&line[fast_one.card.clone()], "c");
        // Followed by its newline and more lines, the line is found alone;
        // and where it starts in the bytes makes no other difference.
        let more = format!("{line}\n{{\"at\"");
        assert_eq!(
            FastParser::default().at(more.as_bytes(), 0).as_ref(),
            Some(&fast_one)
        );
        let after = format!("x\n{line}");
        let moved = FastParser::default().at(after.as_bytes(), 2).unwrap();
        assert_eq!((moved.deck, moved.end), (48..49, line.len() + 2));
        // Other shapes fall back, with the same result or the same error.
        let spaced = r#"{"at": "2026-11-25T14:03:11+01:00", "deck":"d","card":"c","grade":4,"kind":"review","ms":1}"#;
        assert!(FastParser::default().at(spaced.as_bytes(), 0).is_none());
        let escaped = r#"{"at":"2026-11-25T14:03:11.000+01:00","deck":"d\"q","card":"c","grade":4,"kind":"review","ms":1}"#;
        assert!(FastParser::default().at(escaped.as_bytes(), 0).is_none());
        let bad_grade = r#"{"at":"2026-11-25T14:03:11.000+01:00","deck":"d","card":"c","grade":9,"kind":"review","ms":1}"#;
        assert!(FastParser::default().at(bad_grade.as_bytes(), 0).is_none());
        // Bytes after the closing brace: the fast parse stops there, and
        // the line is the serde parse's to refuse.
        let trailing = format!("{line} x");
        assert_eq!(
            FastParser::default()
                .at(trailing.as_bytes(), 0)
                .map(|f| f.end),
            Some(line.len())
        );
        assert!(fast(&trailing).is_none());
    }

    #[test]
    fn timestamps_are_the_serde_parse_s_to_the_millisecond() {
        for at in [
            "0000-01-01T00:00:00.000+00:00",
            "1969-12-31T23:59:59.999-23:59",
            "1970-01-01T00:00:00.000+00:00",
            "2024-02-29T12:34:56.789+05:30",
            "9999-12-31T23:59:59.999+23:59",
        ] {
            let want = chrono::DateTime::parse_from_rfc3339(at).unwrap();
            assert_eq!(
                FastParser::default().parse_at(at.as_bytes()),
                Some((want.timestamp_millis(), want.date_naive())),
                "{at}"
            );
        }
        for bad in [
            "2023-02-29T12:34:56.789+05:30",
            "2024-02-29T24:00:00.000+05:30",
            "2024-02-29T12:34:60.000+05:30",
            "2024-02-29T12:34:56.789*05:30",
            "2024-02-29T12:34:56,789+05:30",
            "2024-02-29T12:34:56.789+05:3",
        ] {
            assert_eq!(
                FastParser::default().parse_at(bad.as_bytes()),
                None,
                "{bad}"
            );
        }
    }

    #[test]
    fn a_timestamp_with_any_byte_changed_is_refused_or_read_as_chrono_reads_it() {
        for base in [
            "2024-02-29T12:34:56.789+05:30",
            "1999-12-31T23:59:59.999-00:00",
            "0000-01-01T00:00:00.000+00:00",
        ] {
            for i in 0..base.len() {
                for c in 0..=255u8 {
                    let mut s = base.as_bytes().to_vec();
                    s[i] = c;
                    let Some(got) = FastParser::default().parse_at(&s) else {
                        continue;
                    };
                    let text = std::str::from_utf8(&s).unwrap();
                    let want = chrono::DateTime::parse_from_rfc3339(text).unwrap();
                    assert_eq!(got, (want.timestamp_millis(), want.date_naive()), "{text}");
                }
            }
        }
    }

    proptest! {
        #[test]
        fn a_string_stops_where_a_byte_by_byte_search_says(
            b in prop::collection::vec(prop_oneof![
                8 => Just(b'a'),
                1 => prop::sample::select(vec![b'"', b'\\', 0x1f, 0x20, 0, 0x7f, 0x80, 0xff, 0xa2, 0xdc]),
            ], 0..40),
        ) {
            let want = b.iter().position(|&c| c == b'"' || c == b'\\' || c < 0x20);
            prop_assert_eq!(string_stop(&b), want);
        }

        #[test]
        fn a_parser_that_keeps_the_last_date_reads_as_a_new_one(
            ats in prop::collection::vec(
                (
                    (2023u32..2025, 1u32..3, 28u32..31, 0u32..25, 0u32..2),
                    (prop::bool::ANY, 0u32..3, prop::sample::select(vec![0u32, 30, 60])),
                    prop::option::weighted(0.3, (0usize..29, prop::sample::select(
                        b"0123456789+-:.T ZxX\xff".to_vec(),
                    ))),
                ),
                1..20,
            ),
        ) {
            // Runs of timestamps with one date or offset, some with a byte
            // changed anywhere (the parser must not take a changed date,
            // time or offset for the last one it read).
            let mut parser = FastParser::default();
            for ((y, mo, d, h, s), (neg, oh, om), change) in ats {
                let sign = if neg { '-' } else { '+' };
                let at = format!("{y:04}-{mo:02}-{d:02}T{h:02}:00:{s:02}.000{sign}{oh:02}:{om:02}");
                let mut at = at.into_bytes();
                if let Some((i, c)) = change {
                    at[i] = c;
                }
                let want = std::str::from_utf8(&at)
                    .ok()
                    .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
                    .filter(|_| at[10] == b'T' && at[19] == b'.')
                    .map(|t| (t.timestamp_millis(), t.date_naive()));
                let fresh = FastParser::default().parse_at(&at);
                prop_assert_eq!(parser.parse_at(&at), fresh, "{:?}", String::from_utf8_lossy(&at));
                // What the fast parse takes it reads as chrono does (it
                // may leave a timestamp to the serde parse, as a leap
                // second).
                if fresh.is_some() {
                    prop_assert_eq!(fresh, want, "{:?}", String::from_utf8_lossy(&at));
                }
            }
        }

        #[test]
        fn a_number_is_read_as_byte_by_byte(
            b in prop::collection::vec(prop_oneof![
                6 => b'0'..=b'9',
                1 => prop::sample::select(vec![b'}', b',', b'"', b' ', b'/', b':', 0x00, 0x80, 0xb9, 0xff]),
            ], 0..24),
        ) {
            prop_assert_eq!(number(&b), number_slow(&b));
        }

        #[test]
        fn the_fast_parse_equals_the_serde_parse(line in arb_line()) {
            prop_assert!(agrees(&line), "{}", line);
            // What the fast parse takes, it takes whatever follows the
            // line's newline.
            if let Some(f) = FastParser::default().at(line.as_bytes(), 0).filter(|f| f.end == line.len()) {
                let more = format!("{line}\n{line}");
                prop_assert_eq!(FastParser::default().at(more.as_bytes(), 0), Some(f));
            }
        }
    }
}
