#![allow(clippy::unwrap_used)]
use super::*;
use crate::bytes::{open_frame, put_str64};
use crate::store::study::DayCounts;
use proptest::prelude::*;

const MAGIC: &[u8; 8] = b"concurTT";

/// The decks, cards and days of `r` in a frame, then decoded.
fn round_trip(r: &Replay, piece: usize) -> Option<Replay> {
    let mut out = Vec::new();
    let mut w = FrameWriter::new(&mut out, MAGIC, 1).unwrap();
    let mut b = Vec::new();
    encode(&mut b, &mut w, r, piece).unwrap();
    flush(&mut b, &mut w, 0).unwrap();
    w.finish().unwrap();
    decoded(open_frame(&out, MAGIC, 1).unwrap())
}

fn decoded(payload: &[u8]) -> Option<Replay> {
    let mut rd = Reader::new(payload);
    let mut r = Replay::default();
    decode(&mut rd, &mut r)?;
    rd.at_end().then_some(r)
}

fn day(code: i32) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(code)
}

/// A card history from arbitrary numbers (days near 2026, some absent).
fn history(v: &[u32; 12], memory: bool) -> CardHistory {
    let d = |x: u32| {
        (!x.is_multiple_of(5))
            .then(|| day(739_000 + (x % 3000) as i32))
            .flatten()
    };
    CardHistory {
        card: CardDay {
            state: Sm2State {
                n: v[0],
                ef: Ef::from_hundredths(130 + v[1] % 300),
                interval: v[2],
                due: d(v[3]),
            },
            first_day: d(v[4]),
            drill_due: d(v[5]),
            suspended: v[6].is_multiple_of(2),
            buried_until: d(v[6] / 2),
            last_grade: Grade::new((v[7] % 7) as u8),
            reviews: v[7],
        },
        drills: v[8],
        crams: v[9],
        lapses: v[10],
        last_at_ms: i64::from(v[11]) * 1000 - 7,
        preps: v[0] / 3,
        last_prep: d(v[9]),
        memory: memory
            .then(|| Memory::checked(0.5 + v[1] as f32, 1.0 + (v[2] % 9) as f32, d(v[3] | 1)?))
            .flatten(),
        ..CardHistory::default()
    }
}

proptest! {
    /// Every card (in its order, so at its index), history and day count
    /// comes back, whatever the ids (empty, repeated across decks,
    /// multi-byte) and however the pieces are cut.
    #[test]
    fn decks_cards_and_days_round_trip(
        cards in proptest::collection::vec(
            (0usize..4, "[a-zé✓ ]{0,6}", proptest::array::uniform12(any::<u32>()), any::<bool>()),
            0..40,
        ),
        days in proptest::collection::vec((0usize..4, 0i32..900, any::<u32>()), 0..20),
        piece in 1usize..200,
    ) {
        let decks = ["d", "", "déck", "d2"];
        let mut r = Replay::default();
        for (d, card, v, memory) in &cards {
            let i = r.cards.intern(decks[*d], card);
            *r.cards.get_mut(i).unwrap() = history(v, *memory);
        }
        for (d, code, n) in &days {
            let deck = r.cards.intern_deck(decks[*d]);
            let c = DayCounts { grades: n % 9 + 1, spent_ms: u64::from(*n), ..DayCounts::default() };
            r.days.add(deck, day(739_000 + code).unwrap(), &c);
        }
        let back = round_trip(&r, piece).unwrap();
        prop_assert_eq!(&back, &r);
        for i in 0..r.cards.len() {
            prop_assert_eq!(back.cards.key(i), r.cards.key(i));
            prop_assert_eq!(back.cards.get(i), r.cards.get(i));
        }
    }
}

/// A payload of one deck "d" and the cards `(deck index, id length)` over
/// the id block `ids`, with default histories and no days.
fn payload(ids: &str, cards: &[(u32, u32)]) -> Vec<u8> {
    let mut b = Vec::new();
    put_u32(&mut b, 1);
    put_str32(&mut b, "d");
    put_u64(&mut b, cards.len() as u64);
    put_str64(&mut b, ids);
    for &(deck, len) in cards {
        put_u32(&mut b, deck);
        put_u32(&mut b, len);
        put_fixed(&mut b, &CardHistory::default());
        put_memory(&mut b, None);
    }
    put_u64(&mut b, 0);
    b
}

#[test]
fn a_repeated_card_an_unknown_deck_or_ids_that_do_not_add_up_are_refused() {
    let ok = decoded(&payload("ab", &[(0, 1), (0, 1)])).unwrap();
    assert_eq!((ok.cards.key(0), ok.cards.key(1)), (("d", "a"), ("d", "b")));
    assert!(
        decoded(&payload("aa", &[(0, 1), (0, 1)])).is_none(),
        "repeated card"
    );
    assert!(
        decoded(&payload("ab", &[(0, 1), (1, 1)])).is_none(),
        "unknown deck"
    );
    assert!(
        decoded(&payload("abc", &[(0, 1), (0, 1)])).is_none(),
        "ids left over"
    );
    assert!(
        decoded(&payload("ab", &[(0, 1), (0, 2)])).is_none(),
        "ids run out"
    );
    assert!(
        decoded(&payload("é", &[(0, 1)])).is_none(),
        "not at a char boundary"
    );
    let mut repeated_deck = payload("", &[]);
    repeated_deck.splice(0..4, [2, 0, 0, 0, 1, 0, 0, 0, b'd']);
    assert!(decoded(&repeated_deck).is_none(), "a deck named twice");
    let mut huge = payload("a", &[(0, 1)]);
    // The card count says u64::MAX: read as far as the bytes go, no more.
    huge[9..17].copy_from_slice(&u64::MAX.to_le_bytes());
    assert!(decoded(&huge).is_none());
}
