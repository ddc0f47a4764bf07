//! `concur due --json`, written straight into one large buffer: no value
//! tree, no `String` per card. The bytes are those `serde_json` writes for
//! the same fields (a test compares them).

use std::io::Write;

use chrono::{Datelike, NaiveDate};

use crate::sched::Ef;
use crate::session::CardView;
use crate::text::json::push_str;

/// The buffer is written out each time it holds this many bytes.
const FLUSH_AT: usize = 1 << 20;

/// Writes `{"today":…,"cards":[…]}` and a newline to `w`.
pub(super) fn write_due(
    w: &mut impl Write,
    today: NaiveDate,
    views: &[CardView<'_>],
) -> std::io::Result<()> {
    let mut out = Vec::with_capacity(FLUSH_AT + 4096);
    out.extend_from_slice(b"{\"today\":\"");
    push_date(&mut out, today);
    out.extend_from_slice(b"\",\"cards\":[");
    for (i, v) in views.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        push_card(&mut out, v);
        if out.len() >= FLUSH_AT {
            w.write_all(&out)?;
            out.clear();
        }
    }
    out.extend_from_slice(b"]}\n");
    w.write_all(&out)?;
    w.flush()
}

/// One card's object.
fn push_card(out: &mut Vec<u8>, v: &CardView<'_>) {
    let mut int = itoa::Buffer::new();
    out.extend_from_slice(b"{\"deck\":");
    push_str(out, v.deck);
    out.extend_from_slice(b",\"card\":");
    push_str(out, v.card);
    out.extend_from_slice(b",\"status\":\"");
    out.extend_from_slice(v.status.as_str().as_bytes());
    out.extend_from_slice(b"\",\"n\":");
    out.extend_from_slice(int.format(v.state.n).as_bytes());
    out.extend_from_slice(b",\"ef\":");
    push_ef(out, v.state.ef);
    out.extend_from_slice(b",\"interval\":");
    out.extend_from_slice(int.format(v.state.interval).as_bytes());
    out.extend_from_slice(b",\"due\":");
    match v.state.due {
        Some(d) => {
            out.push(b'"');
            push_date(out, d);
            out.push(b'"');
        }
        None => out.extend_from_slice(b"null"),
    }
    if v.sibling_waits {
        out.extend_from_slice(b",\"sibling_waits\":true");
    }
    out.push(b'}');
}

/// An E-Factor as `serde_json` writes its `f64` (hundredths / 100, the
/// shortest decimal that reads back: `2.5`, `2.36`, `3.0`).
fn push_ef(out: &mut Vec<u8>, ef: Ef) {
    let h = ef.hundredths();
    let mut int = itoa::Buffer::new();
    out.extend_from_slice(int.format(h / 100).as_bytes());
    out.push(b'.');
    let frac = h % 100;
    out.push(b'0' + u8::try_from(frac / 10).unwrap_or(0));
    if !frac.is_multiple_of(10) {
        out.push(b'0' + u8::try_from(frac % 10).unwrap_or(0));
    }
}

/// A date as its `Display` writes it (`2026-11-25`).
fn push_date(out: &mut Vec<u8>, d: NaiveDate) {
    let digits = |out: &mut Vec<u8>, v: u32, n: u32| {
        for i in (0..n).rev() {
            out.push(b'0' + u8::try_from(v / 10u32.pow(i) % 10).unwrap_or(0));
        }
    };
    match u32::try_from(d.year()) {
        Ok(y) if y <= 9999 => {
            digits(out, y, 4);
            out.push(b'-');
            digits(out, d.month(), 2);
            out.push(b'-');
            digits(out, d.day(), 2);
        }
        _ => {
            let _ = write!(out, "{d}");
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::sched::Sm2State;
    use crate::session::CardStatus;
    use proptest::prelude::*;
    use serde::Serialize;

    /// The card as it was serialized before: the reference.
    #[derive(Serialize)]
    struct JsonCard<'a> {
        deck: &'a str,
        card: &'a str,
        status: CardStatus,
        n: u32,
        ef: Ef,
        interval: u32,
        due: Option<String>,
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        sibling_waits: bool,
    }

    fn reference(today: NaiveDate, views: &[CardView<'_>]) -> Vec<u8> {
        let mut w = Vec::new();
        write!(w, "{{\"today\":\"{today}\",\"cards\":[").unwrap();
        for (i, v) in views.iter().enumerate() {
            if i > 0 {
                w.push(b',');
            }
            let card = JsonCard {
                deck: v.deck,
                card: v.card,
                status: v.status,
                n: v.state.n,
                ef: v.state.ef,
                interval: v.state.interval,
                due: v.state.due.map(|d| d.to_string()),
                sibling_waits: v.sibling_waits,
            };
            crate::text::json::to_writer(&mut w, &card).unwrap();
        }
        writeln!(w, "]}}").unwrap();
        w
    }

    fn arb_date() -> impl Strategy<Value = NaiveDate> {
        prop_oneof![
            (1900i32..2200, 1u32..366)
                .prop_map(|(y, o)| NaiveDate::from_yo_opt(y, o.min(365)).unwrap()),
            (-400_000i32..400_000)
                .prop_map(|d| NaiveDate::from_num_days_from_ce_opt(d * 1000).unwrap_or_default()),
        ]
    }

    proptest! {
        #[test]
        fn the_output_is_byte_identical_to_serde_json(
            today in arb_date(),
            cards in proptest::collection::vec(
                ("[a-z0-9-]{1,8}|\\PC{0,6}|[\\x00-\\x7f]{0,6}", "[a-z0-9:~-]{1,8}|\\PC{0,6}",
                 0usize..5, any::<u32>(), any::<u32>(), any::<u32>(),
                 proptest::option::of(arb_date()), any::<bool>()),
                0..20,
            ),
        ) {
            let statuses = [CardStatus::New, CardStatus::Due, CardStatus::Later, CardStatus::Suspended, CardStatus::Buried];
            let views: Vec<CardView<'_>> = cards
                .iter()
                .map(|(deck, card, s, n, ef, interval, due, waits)| CardView {
                    deck,
                    card,
                    state: Sm2State { n: *n, ef: Ef::from_hundredths(*ef), interval: *interval, due: *due },
                    status: statuses[*s],
                    sibling_waits: *waits,
                })
                .collect();
            let mut out = Vec::new();
            write_due(&mut out, today, &views).unwrap();
            let want = reference(today, &views);
            prop_assert_eq!(String::from_utf8_lossy(&out), String::from_utf8_lossy(&want));
        }
    }
}
