//! A hand-written parse of the one line shape concur writes, without
//! allocating: every other line (other key order, escapes in strings, spaces,
//! another timestamp form, undo lines) goes to the serde parse
//! ([`parse_line`]), so the result is always the same as that parse's.
//!
//! The shape, keys in this order, `id` optional:
//!
//! ```text
//! {"at":"YYYY-MM-DDTHH:MM:SS.mmm+HH:MM","deck":"…","card":"…","grade":D,"kind":"review","ms":DIGITS,"id":"HEX"}
//! ```

use std::borrow::Cow;

use chrono::NaiveDate;

use super::Kind;
use super::line::{LineId, ParsedLine, parse_line};
use crate::sched::Grade;

/// Parses one line (without its newline): the fast path when the line has
/// the shape concur writes, else the serde parse.
pub(crate) fn parse_fast(bytes: &[u8]) -> Result<ParsedLine<'_>, String> {
    match fast(bytes) {
        Some(p) => Ok(p),
        None => parse_line(bytes),
    }
}

/// A cursor over the line's bytes.
struct Cur<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Cur<'a> {
    fn lit(&mut self, s: &[u8]) -> Option<()> {
        let end = self.i.checked_add(s.len())?;
        (self.b.get(self.i..end)? == s).then(|| self.i = end)
    }

    /// A JSON string without escapes or control characters, up to its
    /// closing quote (the opening one already read).
    fn plain_str(&mut self) -> Option<&'a str> {
        let rest = self.b.get(self.i..)?;
        let len = memchr::memchr(b'"', rest)?;
        let s = rest.get(..len)?;
        if s.iter().any(|&c| c == b'\\' || c < 0x20) {
            return None;
        }
        self.i += len + 1;
        std::str::from_utf8(s).ok()
    }

    /// Up to 19 decimal digits (so the value fits a `u64`), no leading zero
    /// unless alone (as JSON requires).
    fn number(&mut self) -> Option<u64> {
        let rest = self.b.get(self.i..)?;
        let len = rest.iter().take_while(|c| c.is_ascii_digit()).count();
        if len == 0 || len > 19 || (len > 1 && rest.first() == Some(&b'0')) {
            return None;
        }
        let mut v: u64 = 0;
        for &c in rest.get(..len)? {
            v = v * 10 + u64::from(c - b'0');
        }
        self.i += len;
        Some(v)
    }
}

fn digits(b: &[u8]) -> Option<u32> {
    let mut v = 0u32;
    for &c in b {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + u32::from(c - b'0');
    }
    Some(v)
}

/// `YYYY-MM-DDTHH:MM:SS.mmm+HH:MM` -> (ms since the epoch, date as written).
pub(crate) fn parse_at(s: &[u8]) -> Option<(i64, NaiveDate)> {
    if s.len() != 29 {
        return None;
    }
    let seps = [
        (4, b'-'),
        (7, b'-'),
        (10, b'T'),
        (13, b':'),
        (16, b':'),
        (19, b'.'),
        (26, b':'),
    ];
    if seps.iter().any(|&(i, c)| s.get(i) != Some(&c)) {
        return None;
    }
    let num = |a: usize, b: usize| s.get(a..b).and_then(digits);
    let (y, mo, d) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
    let (h, mi, sec, ms) = (num(11, 13)?, num(14, 16)?, num(17, 19)?, num(20, 23)?);
    let sign: i64 = match s.get(23) {
        Some(b'+') => 1,
        Some(b'-') => -1,
        _ => return None,
    };
    let (oh, om) = (num(24, 26)?, num(27, 29)?);
    if h > 23 || mi > 59 || sec > 59 || oh > 23 || om > 59 {
        return None;
    }
    let day = NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, mo, d)?;
    let local = day
        .and_hms_milli_opt(h, mi, sec, ms)?
        .and_utc()
        .timestamp_millis();
    let offset_ms = sign * (i64::from(oh) * 60 + i64::from(om)) * 60_000;
    Some((local - offset_ms, day))
}

fn fast(bytes: &[u8]) -> Option<ParsedLine<'_>> {
    let mut c = Cur { b: bytes, i: 0 };
    c.lit(br#"{"at":""#)?;
    let at = bytes.get(c.i..c.i + 29)?;
    let (at_ms, day) = parse_at(at)?;
    c.i += 29;
    c.lit(br#"","deck":""#)?;
    let deck = c.plain_str()?;
    c.lit(br#","card":""#)?;
    let card = c.plain_str()?;
    c.lit(br#","grade":"#)?;
    let q = c.number()?;
    let grade = Grade::new(u8::try_from(q).ok()?)?;
    c.lit(br#","kind":""#)?;
    let kind = if c.lit(br#"review""#).is_some() {
        Kind::Review
    } else if c.lit(br#"drill""#).is_some() {
        Kind::Drill
    } else if c.lit(br#"cram""#).is_some() {
        Kind::Cram
    } else if c.lit(br#"prep""#).is_some() {
        Kind::Prep
    } else {
        // Undo lines and card actions (rare) take the serde path.
        return None;
    };
    c.lit(br#","ms":"#)?;
    let spent_ms = u32::try_from(c.number()?).unwrap_or(u32::MAX);
    let id = if c.lit(br#","id":""#).is_some() {
        let s = c.plain_str()?;
        Some(LineId::parse(s)?)
    } else {
        None
    };
    c.lit(b"}")?;
    if c.i != bytes.len() {
        return None;
    }
    Some(ParsedLine {
        deck: Cow::Borrowed(deck),
        card: Cow::Borrowed(card),
        grade,
        kind,
        at_ms,
        day,
        spent_ms,
        id,
        undoes: None,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_written_shape_takes_the_fast_path_and_agrees() {
        let line = br#"{"at":"2026-11-25T14:03:11.000+01:00","deck":"d","card":"c","grade":4,"kind":"review","ms":5300,"id":"9f3c0a17d2b84e61"}"#;
        let fast_one = fast(line).unwrap();
        assert_eq!(fast_one, parse_line(line).unwrap());
        // Other shapes fall back, with the same result or the same error.
        let spaced = br#"{"at": "2026-11-25T14:03:11+01:00", "deck":"d","card":"c","grade":4,"kind":"review","ms":1}"#;
        assert!(fast(spaced).is_none());
        assert_eq!(parse_fast(spaced), parse_line(spaced));
        let escaped = br#"{"at":"2026-11-25T14:03:11.000+01:00","deck":"d\"q","card":"c","grade":4,"kind":"review","ms":1}"#;
        assert!(fast(escaped).is_none());
        assert_eq!(parse_fast(escaped).unwrap().deck, "d\"q");
        let bad_grade = br#"{"at":"2026-11-25T14:03:11.000+01:00","deck":"d","card":"c","grade":9,"kind":"review","ms":1}"#;
        assert_eq!(parse_fast(bad_grade), parse_line(bad_grade));
        assert!(parse_fast(bad_grade).is_err());
    }

    fn arb_line() -> impl Strategy<Value = String> {
        let at = (
            0u32..10_000,
            0u32..14,
            0u32..33,
            0u32..25,
            0u32..61,
            0u32..61,
            0u32..1000,
            prop::bool::ANY,
            0u32..25,
            0u32..61,
        )
            .prop_map(|(y, mo, d, h, mi, s, ms, neg, oh, om)| {
                let sign = if neg { '-' } else { '+' };
                format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{ms:03}{sign}{oh:02}:{om:02}")
            });
        let text =
            prop::sample::select(vec!["d", "deck-001", "é", "a\\\"b", "a\\u0041", "x y", ""]);
        let kind = prop::sample::select(vec![
            "review", "drill", "cram", "prep", "undo", "Review", "suspend", "bury",
        ]);
        let id = prop::sample::select(vec!["", ",\"id\":\"ff\"", ",\"id\":\"zz\"", ",\"id\":\"\""]);
        (at, text.clone(), text, 0u32..12, kind, 0u64..100_000, id, 0usize..4).prop_map(
            |(at, deck, card, grade, kind, ms, id, noise)| {
                let line = format!(
                    "{{\"at\":\"{at}\",\"deck\":\"{deck}\",\"card\":\"{card}\",\"grade\":{grade},\"kind\":\"{kind}\",\"ms\":{ms}{id}}}"
                );
                match noise {
                    1 => format!("{line} "),
                    2 => line.replace("\"ms\":", "\"ms\":0"),
                    3 => line.replacen(':', ": ", 1),
                    _ => line,
                }
            },
        )
    }

    proptest! {
        #[test]
        fn the_fast_parse_equals_the_serde_parse(line in arb_line()) {
            prop_assert_eq!(parse_fast(line.as_bytes()), parse_line(line.as_bytes()));
        }
    }
}
