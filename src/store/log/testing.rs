//! Builders the log's unit tests share.
#![allow(clippy::unwrap_used)]

use chrono::{DateTime, FixedOffset};

use super::{Kind, LogEntry};
use crate::sched::Grade;

/// A timestamp from RFC 3339 text.
pub fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

/// A line of deck `d` without an id (as older versions wrote them), 1.2 s
/// spent on the card.
pub fn entry(t: &str, card: &str, q: u8, kind: Kind) -> LogEntry {
    LogEntry {
        id: None,
        ..LogEntry::new(
            at(t),
            "d".into(),
            card.into(),
            Grade::new(q).unwrap(),
            kind,
            1200,
        )
    }
}

/// Log lines near the shape concur writes: valid ones, and ones with a
/// date, key, number, id or character out of place, for tests that the
/// fast parse and the serde parse agree.
pub fn arb_line() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
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
    let text = prop::sample::select(vec![
        "d", "deck-001", "é", "日本", "a\\\"b", "a\\u0041", "x y", "", "a\u{1}b", "\u{7f}",
    ]);
    let kind = prop::sample::select(vec![
        "review", "drill", "cram", "prep", "undo", "Review", "suspend", "bury", "reviews",
    ]);
    let id = prop::sample::select(vec![
        "",
        ",\"id\":\"ff\"",
        ",\"id\":\"zz\"",
        ",\"id\":\"\"",
        ",\"id\":\"0123456789abcdef\"",
        ",\"id\":\"0123456789ABCDEF0\"",
        ",\"id\":\"fé\"",
        ",\"id\":\"+f\"",
    ]);
    let ms = prop_oneof![0u64..100_000, any::<u64>()];
    let odd = prop::sample::select(vec![
        "é", "\"", "\\", "0", "9", " ", "x", "\u{1}", "f", "A", ",", "}", "{", "-", ":",
    ]);
    let noise = (0usize..9, any::<prop::sample::Index>(), odd);
    (at, text.clone(), text, 0u32..12, kind, ms, id, noise).prop_map(
        |(at, deck, card, grade, kind, ms, id, (noise, pos, odd))| {
            let line = format!(
                "{{\"at\":\"{at}\",\"deck\":\"{deck}\",\"card\":\"{card}\",\"grade\":{grade},\"kind\":\"{kind}\",\"ms\":{ms}{id}}}"
            );
            let chars: Vec<char> = line.chars().collect();
            let i = pos.index(chars.len());
            let with = |s: &str, drop: usize| {
                let mut out: String = chars[..i].iter().collect();
                out.push_str(s);
                out.extend(chars.get(i + drop..).unwrap_or_default());
                out
            };
            match noise {
                1 => format!("{line} "),
                2 => line.replace("\"ms\":", "\"ms\":0"),
                3 => line.replacen(':', ": ", 1),
                4 => with(odd, 1),
                5 => with("", 1),
                6 => with(odd, 0),
                7 => line.replace("\"grade\":", "\"grade\":0"),
                8 => line.replace("\"ms\":", "\"ms\":99999999999999999"),
                _ => line,
            }
        },
    )
}
