//! The snapshot's cards and study days, after its header and problems:
//!
//! ```text
//! decks: u32 count, each id as a str32 (in the table's dense order)
//! cards: u64 count, then all their card ids in one str64 (in table order),
//!        then per card: u32 deck index, u32 id length, the fixed record
//!        (FIXED bytes), the FSRS memory (1 or 13 bytes)
//! days:  u64 count, then per day: u32 deck index, i32 day code, counts
//! ```
//!
//! Each deck id is written once, and the card ids are one block checked as
//! UTF-8 once: decoding a card is no string allocation and no deck lookup,
//! and its slot in the table is its position (one hash probe, to build the
//! index and refuse a repeated card).

use chrono::NaiveDate;

use crate::bytes::{FrameWriter, Reader, put_str32, put_u32, put_u64};
use crate::sched::{Ef, Grade, Memory, Sm2State};
use crate::store::CardDay;
use crate::store::log::{CardHistory, CardTable, Replay};
use crate::store::study::DayCounts;

use super::{NO_GRADE, day_code, day_of};

/// Bytes of a card's fixed record.
const FIXED: usize = 3 * 4 + 4 * 4 + 2 + 4 * 4 + 8 + 4 + 4;
/// Bytes of a study day's record: deck index, day code, five counts, time.
const DAY: usize = 4 + 4 + 5 * 4 + 8;

/// Writes `b` to `w` once it holds at least `at_least` bytes.
pub(super) fn flush(
    b: &mut Vec<u8>,
    w: &mut FrameWriter<'_>,
    at_least: usize,
) -> std::io::Result<()> {
    if b.len() >= at_least {
        w.write(b)?;
        b.clear();
    }
    Ok(())
}

/// Writes the decks, cards and days of `r` (see the module's layout),
/// through `b` in pieces of about `piece` bytes.
pub(super) fn encode(
    b: &mut Vec<u8>,
    w: &mut FrameWriter<'_>,
    r: &Replay,
    piece: usize,
) -> std::io::Result<()> {
    let t = &r.cards;
    put_u32(b, u32::try_from(t.deck_count()).unwrap_or(u32::MAX));
    for d in 0..t.deck_count() {
        put_str32(b, t.deck_name(u32::try_from(d).unwrap_or(u32::MAX)));
        flush(b, w, piece)?;
    }
    put_u64(b, t.len() as u64);
    let ids = (0..t.len()).map(|i| t.key(i).1);
    put_u64(b, ids.clone().map(|c| c.len() as u64).sum());
    for id in ids {
        b.extend_from_slice(id.as_bytes());
        flush(b, w, piece)?;
    }
    for i in 0..t.len() {
        let Some(h) = t.get(i) else { continue };
        put_u32(b, t.deck_of(i));
        put_u32(b, u32::try_from(t.key(i).1.len()).unwrap_or(u32::MAX));
        put_fixed(b, h);
        put_memory(b, h.memory);
        flush(b, w, piece)?;
    }
    put_u64(b, r.days.len() as u64);
    for (deck, day, c) in r.days.iter_codes() {
        put_u32(b, deck);
        b.extend_from_slice(&day.to_le_bytes());
        for v in [
            c.grades,
            c.young_total,
            c.young_passed,
            c.mature_total,
            c.mature_passed,
        ] {
            put_u32(b, v);
        }
        put_u64(b, c.spent_ms);
        flush(b, w, piece)?;
    }
    Ok(())
}

/// A card's fixed record: [`FIXED`] bytes.
fn put_fixed(b: &mut Vec<u8>, h: &CardHistory) {
    let s = &h.card.state;
    put_u32(b, s.n);
    put_u32(b, s.ef.hundredths());
    put_u32(b, s.interval);
    for d in [
        s.due,
        h.card.first_day,
        h.card.drill_due,
        h.card.buried_until,
    ] {
        b.extend_from_slice(&day_code(d).to_le_bytes());
    }
    b.push(u8::from(h.card.suspended));
    b.push(h.card.last_grade.map_or(NO_GRADE, |g| g.value()));
    put_u32(b, h.card.reviews);
    put_u32(b, h.drills);
    put_u32(b, h.crams);
    put_u32(b, h.lapses);
    b.extend_from_slice(&h.last_at_ms.to_le_bytes());
    put_u32(b, h.preps);
    b.extend_from_slice(&day_code(h.last_prep).to_le_bytes());
}

/// A card's FSRS state: a 0 byte for none, or 1, the stability and
/// difficulty (`f32` bits) and the last graded day.
fn put_memory(b: &mut Vec<u8>, m: Option<Memory>) {
    match m {
        None => b.push(0),
        Some(m) => {
            b.push(1);
            put_u32(b, m.stability.to_bits());
            put_u32(b, m.difficulty.to_bits());
            b.extend_from_slice(&day_code(Some(m.last_day)).to_le_bytes());
        }
    }
}

/// Day codes already turned into dates, in [`DAY_SLOTS`] slots by the
/// code's low bits: the cards of a snapshot share a few hundred days, and
/// turning a code into a date costs more than this lookup.
struct Days(Box<[(i32, NaiveDate); DAY_SLOTS]>);

const DAY_SLOTS: usize = 1024;

impl Days {
    fn new() -> Days {
        // `i32::MIN` stands for no day and is never looked up.
        Days(Box::new([(i32::MIN, NaiveDate::MIN); DAY_SLOTS]))
    }

    /// What [`day_of`] gives for `code`.
    #[inline(always)]
    fn of(&mut self, code: i32) -> Option<Option<NaiveDate>> {
        if code == i32::MIN {
            return Some(None);
        }
        let slot = &mut self.0[code as usize % DAY_SLOTS];
        if slot.0 != code {
            *slot = (code, day_of(code)??);
        }
        Some(Some(slot.1))
    }
}

/// What [`put_memory`] wrote; `None` if it is not a state the model makes.
#[inline(always)]
fn read_memory(rd: &mut Reader<'_>, days: &mut Days) -> Option<Option<Memory>> {
    match rd.u8()? {
        0 => Some(None),
        1 => {
            let m: &[u8; 12] = rd.take(12)?.try_into().ok()?;
            let [s0, s1, s2, s3, d0, d1, d2, d3, l0, l1, l2, l3] = *m;
            let stability = f32::from_le_bytes([s0, s1, s2, s3]);
            let difficulty = f32::from_le_bytes([d0, d1, d2, d3]);
            let last_day = days.of(i32::from_le_bytes([l0, l1, l2, l3]))??;
            Memory::checked(stability, difficulty, last_day).map(Some)
        }
        _ => None,
    }
}

/// The `N` bytes at `i` of a fixed-size record (`i + N` is within it:
/// every call below names constant offsets).
#[inline(always)]
fn at<const N: usize, const M: usize>(rec: &[u8; M], i: usize) -> [u8; N] {
    rec.get(i..)
        .and_then(|s| s.first_chunk::<N>())
        .copied()
        .unwrap_or([0; N])
}

#[inline(always)]
fn u32_at<const M: usize>(rec: &[u8; M], i: usize) -> u32 {
    u32::from_le_bytes(at(rec, i))
}

#[inline(always)]
fn i32_at<const M: usize>(rec: &[u8; M], i: usize) -> i32 {
    i32::from_le_bytes(at(rec, i))
}

/// What [`put_fixed`] and [`put_memory`] wrote; `None` if a value is out
/// of range. The offsets follow [`put_fixed`].
#[inline(always)]
fn read_card(rec: &[u8; FIXED], rd: &mut Reader<'_>, days: &mut Days) -> Option<CardHistory> {
    let [suspended, grade] = at(rec, 28);
    Some(CardHistory {
        card: CardDay {
            state: Sm2State {
                n: u32_at(rec, 0),
                ef: Ef::from_hundredths(u32_at(rec, 4)),
                interval: u32_at(rec, 8),
                due: days.of(i32_at(rec, 12))?,
            },
            first_day: days.of(i32_at(rec, 16))?,
            drill_due: days.of(i32_at(rec, 20))?,
            buried_until: days.of(i32_at(rec, 24))?,
            suspended: match suspended {
                0 => false,
                1 => true,
                _ => return None,
            },
            last_grade: match grade {
                NO_GRADE => None,
                q => Some(Grade::new(q)?),
            },
            reviews: u32_at(rec, 30),
        },
        drills: u32_at(rec, 34),
        crams: u32_at(rec, 38),
        lapses: u32_at(rec, 42),
        last_at_ms: i64::from_le_bytes(at(rec, 46)),
        preps: u32_at(rec, 54),
        last_prep: days.of(i32_at(rec, 58))?,
        memory: read_memory(rd, days)?,
        ..CardHistory::default()
    })
}

/// The decks, cards and days after a snapshot's problems, into `r`.
pub(super) fn decode(rd: &mut Reader<'_>, r: &mut Replay) -> Option<()> {
    let body_len = rd.total_len();
    let decks = rd.u32()?;
    // Grows with what was read, never with a damaged count.
    let mut names = Vec::new();
    for _ in 0..decks {
        names.push(rd.str32()?);
    }
    let cards = rd.usize()?;
    let ids = rd.str64()?;
    // Sized once: every card takes more than 40 bytes of snapshot.
    let mut t = CardTable::with_ids(cards.min(body_len / 40), ids);
    for (d, name) in (0..decks).zip(names) {
        // A repeated deck id is a damaged snapshot.
        if t.intern_deck(name) != d {
            return None;
        }
    }
    let mut dates = Days::new();
    for _ in 0..cards {
        let deck = rd.u32()?;
        let len = usize::try_from(rd.u32()?).ok()?;
        let rec: &[u8; FIXED] = rd.take(FIXED)?.try_into().ok()?;
        t.push_next(deck, len, read_card(rec, rd, &mut dates)?)?;
    }
    if t.ids_used() != t.ids_len() {
        return None;
    }
    r.cards = t;
    let days = rd.usize()?;
    r.days.reserve(days.min(body_len / DAY));
    for _ in 0..days {
        let rec: &[u8; DAY] = rd.take(DAY)?.try_into().ok()?;
        let (deck, day) = (u32_at(rec, 0), i32_at(rec, 4));
        if deck >= decks {
            return None;
        }
        dates.of(day)??;
        let c = DayCounts {
            grades: u32_at(rec, 8),
            young_total: u32_at(rec, 12),
            young_passed: u32_at(rec, 16),
            mature_total: u32_at(rec, 20),
            mature_passed: u32_at(rec, 24),
            spent_ms: u64::from_le_bytes(at(rec, 28)),
        };
        r.days.add_code(deck, day, &c);
    }
    (r.days.len() == days).then_some(())
}

#[cfg(test)]
mod tests;
