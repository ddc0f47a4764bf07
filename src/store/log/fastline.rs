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

/// The fast parse, line after line: it keeps the last date and month it
/// read, as a log has many lines of one day (or month) one after the other.
#[derive(Debug, Default)]
pub(crate) struct FastParser {
    /// The digits of the last date read (see [`FastParser::date`]), that
    /// date and its days since the epoch.
    last_day: Option<(u64, NaiveDate, i64)>,
    /// The digits of the last month read (`YYYY-MM-`), its first day and
    /// that day's days since the epoch.
    last_month: Option<(u64, NaiveDate, i64)>,
}

impl FastParser {
    /// The fast parse of the line that starts at `start` in `b` (which may go
    /// on past that line's newline), if it has the shape concur writes up to
    /// [`Fast::end`]. No byte it reads is a newline, so the line ends there if
    /// `b` ends there or has its newline there; if other bytes follow, the line
    /// has another shape (the serde parse's to judge). The texts are not
    /// checked as UTF-8: `b` must be.
    pub(crate) fn at(&mut self, b: &[u8], start: usize) -> Option<Fast> {
        let head: &[u8; 46] = b.get(start..)?.first_chunk()?;
        if !head.starts_with(br#"{"at":""#) || !head.ends_with(br#"","deck":""#) {
            return None;
        }
        let (at_ms, day) = self.parse_at(head.get(7..36)?)?;
        let mut c = Cur { b, i: start + 46 };
        let deck = c.plain_str()?;
        c.lit(br#","card":""#)?;
        let card = c.plain_str()?;
        let (grade, kind) = c.grade_and_kind()?;
        c.lit(br#","ms":"#)?;
        let spent_ms = u32::try_from(c.number()?).unwrap_or(u32::MAX);
        let id = if c.lit(br#","id":""#).is_some() {
            Some(c.hex_id()?)
        } else {
            None
        };
        c.lit(b"}")?;
        Some(Fast {
            deck,
            card,
            grade,
            kind,
            at_ms,
            day,
            spent_ms,
            id,
            end: c.i,
        })
    }

    /// The date `y-mo-d` (`v0`: its digits `YYYY-MM-`, a digit in each
    /// byte) and its days since the epoch: kept from the last line of the
    /// same day, or found from the first day of the month kept from the last
    /// line of the same month, or else by chrono.
    fn date(&mut self, v0: u64, y: u32, mo: u32, d: u32) -> Option<(NaiveDate, i64)> {
        // The day in the last byte, a separator's in `v0`.
        let key = v0 | u64::from(d) << 56;
        if let Some((k, day, days)) = self.last_day
            && k == key
        {
            return Some((day, days));
        }
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
        let days = first_days + i64::from(d) - 1;
        self.last_day = Some((key, day, days));
        Some((day, days))
    }

    /// `YYYY-MM-DDTHH:MM:SS.mmm+HH:MM` -> (ms since the epoch, date as written).
    pub(crate) fn parse_at(&mut self, s: &[u8]) -> Option<(i64, NaiveDate)> {
        const WORDS: [Word; 4] = [word(0), word(8), word(16), word(21)];
        let s: &[u8; 29] = s.try_into().ok()?;
        let [w0, w1, w2, w3] = &WORDS;
        let (v0, v1, v2, v3) = (w0.digits(s)?, w1.digits(s)?, w2.digits(s)?, w3.digits(s)?);
        // Each byte: its digit times ten plus the next one (at most 99: no
        // byte carries into the next).
        let pairs = |v: u64| v.wrapping_mul(10) + (v >> 8);
        let (p0, p1, p2, p3) = (pairs(v0), pairs(v1), pairs(v2), pairs(v3));
        let (y, mo, d) = (byte(p0, 0) * 100 + byte(p0, 2), byte(p0, 5), byte(p1, 0));
        let (h, mi, sec) = (byte(p1, 3), byte(p1, 6), byte(p2, 1));
        let ms = byte(p2, 4) * 10 + byte(v2, 6);
        let (oh, om) = (byte(p3, 3), byte(p3, 6));
        let sign = match s[SIGN] {
            b'+' => -1,
            b'-' => 1,
            _ => return None,
        };
        if h > 23 || mi > 59 || sec > 59 || oh > 23 || om > 59 {
            return None;
        }
        let (day, days) = self.date(v0, y, mo, d)?;
        let local = (days * 86_400 + i64::from(h * 3600 + mi * 60 + sec)) * 1000 + i64::from(ms);
        let offset_ms = i64::from(oh * 60 + om) * 60_000;
        Some((local + sign * offset_ms, day))
    }
}

/// A cursor over the bytes.
struct Cur<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Cur<'a> {
    #[inline(always)]
    fn rest(&self) -> &'a [u8] {
        self.b.get(self.i..).unwrap_or_default()
    }

    #[inline(always)]
    fn lit(&mut self, lit: &[u8]) -> Option<()> {
        self.rest().starts_with(lit).then(|| self.i += lit.len())
    }

    /// A JSON string without escapes or control characters, up to its
    /// closing quote (the opening one already read).
    #[inline(always)]
    fn plain_str(&mut self) -> Option<Range<usize>> {
        let start = self.i;
        let len = string_stop(self.rest())?;
        if self.b.get(start + len) != Some(&b'"') {
            return None;
        }
        self.i = start + len + 1;
        Some(start..start + len)
    }

    /// `,"grade":D,"kind":"` and the kind after it: the grade one digit in
    /// 0..=5 (a grade out of range is for the serde parse to report).
    #[inline(always)]
    fn grade_and_kind(&mut self) -> Option<(Grade, Kind)> {
        let keys: &[u8; 19] = self.rest().first_chunk()?;
        if !keys.starts_with(br#","grade":"#) || !keys.ends_with(br#","kind":""#) {
            return None;
        }
        let grade = Grade::new(keys[9].wrapping_sub(b'0'))?;
        self.i += keys.len();
        let rest = self.rest();
        let (len, kind) = match rest.first()? {
            b'r' if rest.starts_with(b"review\"") => (7, Kind::Review),
            b'd' if rest.starts_with(b"drill\"") => (6, Kind::Drill),
            b'c' if rest.starts_with(b"cram\"") => (5, Kind::Cram),
            b'p' if rest.starts_with(b"prep\"") => (5, Kind::Prep),
            // Undo lines and card actions (rare) take the serde path.
            _ => return None,
        };
        self.i += len;
        Some((grade, kind))
    }

    /// Up to 19 decimal digits (so the value fits a `u64`), no leading zero
    /// unless alone (as JSON requires).
    #[inline(always)]
    fn number(&mut self) -> Option<u64> {
        let rest = self.rest();
        let mut v: u64 = 0;
        let mut len = 0;
        for &c in rest.iter().take(20) {
            let d = c.wrapping_sub(b'0');
            if d > 9 {
                break;
            }
            v = v.wrapping_mul(10).wrapping_add(u64::from(d));
            len += 1;
        }
        if len == 0 || len > 19 || (len > 1 && rest.first() == Some(&b'0')) {
            return None;
        }
        self.i += len;
        Some(v)
    }

    /// A line id ([`LineId::parse`]: 1 to 16 hex digits) and its closing
    /// quote.
    #[inline(always)]
    fn hex_id(&mut self) -> Option<LineId> {
        let mut v: u64 = 0;
        let mut len = 0;
        for &c in self.rest().iter().take(17) {
            let Some(d) = char::from(c).to_digit(16) else {
                break;
            };
            v = (v << 4) | u64::from(d);
            len += 1;
        }
        if len == 0 || len > 16 {
            return None;
        }
        self.i += len;
        self.lit(b"\"")?;
        Some(LineId::from(v))
    }
}

/// `u64` with every byte `b`.
const fn bytes(b: u8) -> u64 {
    u64::from_le_bytes([b; 8])
}

/// The index of the first byte of `b` that ends a plain JSON string: a
/// quote, a backslash or a control character. Eight bytes at a time: in a
/// word, a byte that is zero (after an xor with the quote or the
/// backslash) or below 0x20 sets its top bit in `flags`; a byte above the
/// first one flagged may be flagged wrongly (by the borrow), the first one
/// never is.
fn string_stop(b: &[u8]) -> Option<usize> {
    let zero = |w: u64| w.wrapping_sub(bytes(1)) & !w;
    let mut i = 0;
    while let Some(chunk) = b.get(i..).and_then(<[u8]>::first_chunk::<8>) {
        let w = u64::from_le_bytes(*chunk);
        let below_space = w.wrapping_sub(bytes(0x20)) & !w;
        let flags = (zero(w ^ bytes(b'"')) | zero(w ^ bytes(b'\\')) | below_space) & bytes(0x80);
        if flags != 0 {
            return Some(i + flags.trailing_zeros() as usize / 8);
        }
        i += 8;
    }
    let tail = b.get(i..)?;
    let at = tail
        .iter()
        .position(|&c| c == b'"' || c == b'\\' || c < 0x20)?;
    Some(i + at)
}

/// What the timestamp's bytes must be: a digit (`#`), the offset's sign
/// (`+` or `-`, at [`SIGN`]) or themselves.
const SHAPE: &[u8; 29] = b"####-##-##T##:##:##.###+##:##";
const SIGN: usize = 23;

/// For the eight bytes of [`SHAPE`] from `at`, as a little-endian word: the
/// mask of its digits, and its other bytes but the sign (zero elsewhere).
struct Word {
    at: usize,
    digits: u64,
    fixed: u64,
    sign: u64,
}

const fn word(at: usize) -> Word {
    let mut w = Word {
        at,
        digits: 0,
        fixed: 0,
        sign: 0,
    };
    let mut k = 0;
    while k < 8 {
        let c = SHAPE[at + k];
        if c == b'#' {
            w.digits |= 0xff << (8 * k);
        } else if at + k == SIGN {
            w.sign = 0xff << (8 * k);
        } else {
            w.fixed |= (c as u64) << (8 * k);
        }
        k += 1;
    }
    w
}

impl Word {
    /// The word of `s` at [`Word::at`] with each digit's value in its byte
    /// (its other bytes zero), if every byte is what the shape says but
    /// the sign (for the caller to check). A digit's byte is 0x30 to 0x39:
    /// its high half is 3, and still is after adding 6 (no byte carries:
    /// all are at most 0x3f before).
    fn digits(&self, s: &[u8; 29]) -> Option<u64> {
        let w = u64::from_le_bytes(*s.get(self.at..)?.first_chunk()?);
        let x = w & self.digits;
        let threes = bytes(0x30) & self.digits;
        let ok = w & !self.digits & !self.sign == self.fixed
            && x & bytes(0xf0) == threes
            && x.wrapping_add(bytes(6) & self.digits) & bytes(0xf0) == threes;
        ok.then(|| x - threes)
    }
}

/// Byte `k` of `w`.
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
                (2023u32..2025, 1u32..3, 28u32..31, 0u32..24, 0u32..2, prop::bool::ANY, 0u32..3),
                1..20,
            ),
        ) {
            let mut parser = FastParser::default();
            for (y, mo, d, h, s, neg, oh) in ats {
                let sign = if neg { '-' } else { '+' };
                let at = format!("{y:04}-{mo:02}-{d:02}T{h:02}:00:{s:02}.000{sign}{oh:02}:00");
                let want = chrono::DateTime::parse_from_rfc3339(&at)
                    .ok()
                    .map(|t| (t.timestamp_millis(), t.date_naive()));
                prop_assert_eq!(parser.parse_at(at.as_bytes()), want, "{}", at);
            }
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
