//! The overview of the cards today: which are new, due or for later, counts
//! per deck, and log lines whose card is gone. Pure logic over decks and
//! replayed states.

use chrono::NaiveDate;
use serde::Serialize;

use crate::deck::{Deck, DeckIds};
use crate::sched::Sm2State;
use crate::session::siblings;
use crate::store::{Aside, CardDay, Replay};

/// Where a card stands today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CardStatus {
    /// Never reviewed.
    New,
    /// Due today or overdue.
    Due,
    /// Scheduled after today.
    Later,
    /// Suspended: never queued until unsuspended, whatever its schedule.
    Suspended,
    /// Buried for today: queued again from tomorrow.
    Buried,
}

impl CardStatus {
    /// The status of a card on `today`: set aside (suspended, buried), or
    /// else by its SM-2 state.
    pub fn of(card: &CardDay, today: NaiveDate) -> CardStatus {
        match card.aside(today) {
            Some(Aside::Suspended) => return CardStatus::Suspended,
            Some(Aside::Buried) => return CardStatus::Buried,
            None => {}
        }
        match card.state.due {
            None => CardStatus::New,
            Some(d) if d <= today => CardStatus::Due,
            Some(_) => CardStatus::Later,
        }
    }

    /// Lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            CardStatus::New => "new",
            CardStatus::Due => "due",
            CardStatus::Later => "later",
            CardStatus::Suspended => "suspended",
            CardStatus::Buried => "buried",
        }
    }
}

/// A card with its state today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CardView<'a> {
    /// The deck id.
    pub deck: &'a str,
    /// The card id.
    pub card: &'a str,
    /// Its replayed SM-2 state.
    pub state: Sm2State,
    /// Its status today.
    pub status: CardStatus,
    /// True if it is due or new but waits for tomorrow: another card of its
    /// note was studied today ([`crate::session::siblings`]).
    pub sibling_waits: bool,
}

/// Counts of one deck's cards by status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Never reviewed.
    pub new: usize,
    /// Due today or overdue.
    pub due: usize,
    /// Scheduled after today.
    pub later: usize,
    /// Suspended (whatever their schedule).
    pub suspended: usize,
    /// Buried for today.
    pub buried: usize,
}

impl Counts {
    /// Adds one status.
    pub fn add(&mut self, s: CardStatus) {
        match s {
            CardStatus::New => self.new += 1,
            CardStatus::Due => self.due += 1,
            CardStatus::Later => self.later += 1,
            CardStatus::Suspended => self.suspended += 1,
            CardStatus::Buried => self.buried += 1,
        }
    }

    /// Adds another deck's counts.
    pub fn add_all(&mut self, o: &Counts) {
        self.new += o.new;
        self.due += o.due;
        self.later += o.later;
        self.suspended += o.suspended;
        self.buried += o.buried;
    }

    /// All cards.
    pub fn total(&self) -> usize {
        self.new + self.due + self.later + self.suspended + self.buried
    }

    /// The cards set aside, in words ("2 suspended, 1 buried"), or `None`
    /// if there are none.
    pub fn aside_words(&self) -> Option<String> {
        let words: Vec<String> = [(self.suspended, "suspended"), (self.buried, "buried")]
            .into_iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, w)| format!("{n} {w}"))
            .collect();
        (!words.is_empty()).then(|| words.join(", "))
    }
}

/// From this many cards on, [`card_views`] works on two threads.
const SPLIT_CARDS: usize = 20_000;

/// Every card of `decks` with its state on `today`, in deck and file order.
/// Each card's history is looked up in the replay's table, whose order is
/// the log's: in a log of cards in random order, each lookup is a few cache
/// misses. So many decks are split in two halves, of about as many cards,
/// looked up at once on two threads.
pub fn card_views<'a>(
    decks: &'a [DeckIds],
    replay: &Replay,
    today: NaiveDate,
) -> Vec<CardView<'a>> {
    let total: usize = decks.iter().map(|d| d.cards.len()).sum();
    if total < SPLIT_CARDS {
        return views_into(Vec::with_capacity(total), decks, replay, today);
    }
    let mut seen = 0;
    let half = decks
        .iter()
        .position(|d| {
            seen += d.cards.len();
            seen >= total / 2
        })
        .map_or(decks.len(), |i| i + 1);
    let (first, second) = decks.split_at(half);
    std::thread::scope(|s| {
        // The first half goes into a vector with room for all of them.
        let first = s.spawn(|| views_into(Vec::with_capacity(total), first, replay, today));
        let second = views_of(second, replay, today);
        // A panic there is a bug: pass it on as it is.
        let mut views = first
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        views.extend(second);
        views
    })
}

/// [`card_views`] on this thread.
fn views_of<'a>(decks: &'a [DeckIds], replay: &Replay, today: NaiveDate) -> Vec<CardView<'a>> {
    let total = decks.iter().map(|d| d.cards.len()).sum();
    views_into(Vec::with_capacity(total), decks, replay, today)
}

/// [`views_of`], added to `views`.
fn views_into<'a>(
    mut views: Vec<CardView<'a>>,
    decks: &'a [DeckIds],
    replay: &Replay,
    today: NaiveDate,
) -> Vec<CardView<'a>> {
    let each = decks.iter().flat_map(|deck| {
        let known: Vec<(&str, CardDay)> = deck
            .cards
            .iter()
            .zip(replay.deck_histories(&deck.id, deck.cards.iter().map(String::as_str)))
            .map(|(card, h)| (card.as_str(), h.map(|h| h.card).unwrap_or_default()))
            .collect();
        let waits = siblings::waiting_on(&known, today);
        known
            .into_iter()
            .zip(waits)
            .map(move |((card, k), sibling_waits)| CardView {
                deck: &deck.id,
                card,
                state: k.state,
                status: CardStatus::of(&k, today),
                sibling_waits,
            })
    });
    views.extend(each);
    views
}

/// Counts per deck of `views`, in the order of `decks`.
pub fn deck_counts(decks: &[DeckIds], views: &[CardView<'_>]) -> Vec<Counts> {
    let mut counts = vec![Counts::default(); decks.len()];
    let mut i = 0;
    for v in views {
        while decks.get(i).is_some_and(|d| d.id != v.deck) {
            i += 1;
        }
        if let Some(c) = counts.get_mut(i) {
            c.add(v.status);
        }
    }
    counts
}

/// Log entries whose deck or card no longer exists: `(deck, card, lines)`,
/// sorted.
pub fn orphans(decks: &[Deck], replay: &Replay) -> Vec<(String, String, u32)> {
    orphans_of(
        decks.iter().map(|d| {
            (
                d.id.as_str(),
                d.cards.iter().map(|c| c.id.as_str()).collect(),
            )
        }),
        replay,
    )
}

/// [`orphans`] for decks given as `(deck id, card ids)`.
pub fn orphans_of<'a>(
    decks: impl IntoIterator<Item = (&'a str, std::collections::HashSet<&'a str>)>,
    replay: &Replay,
) -> Vec<(String, String, u32)> {
    let known: std::collections::HashMap<&str, std::collections::HashSet<&str>> =
        decks.into_iter().collect();
    let mut out = Vec::new();
    for (deck_id, card_id, h) in replay.iter() {
        if !known.get(deck_id).is_some_and(|ids| ids.contains(card_id)) {
            out.push((deck_id.to_string(), card_id.to_string(), h.graded_lines()));
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::session::testing::{day, line};
    use crate::store::Kind;

    #[test]
    fn views_on_two_threads_are_those_of_one() {
        // Decks of uneven sizes, past the split, and a log that grades
        // some of their cards (one of them twice) and a card of no deck.
        let sizes = [1, 9_000, 3, 12_000, 0, 4_000];
        let decks: Vec<DeckIds> = sizes
            .iter()
            .enumerate()
            .map(|(d, &n)| DeckIds {
                id: format!("d{d}"),
                name: format!("Deck {d}"),
                cards: (0..n).map(|c| format!("c{c}")).collect(),
                id_pos: (1, 1),
                source: String::new(),
            })
            .collect();
        let mut lines = Vec::new();
        for (d, &n) in sizes.iter().enumerate() {
            for c in (0..n).step_by(7) {
                let q = [5, 4, 3, 2][c % 4];
                let t = format!("2026-03-0{}T09:00:00+01:00", 1 + c % 5);
                lines.push(line(
                    &t,
                    &format!("d{d}"),
                    &format!("c{c}"),
                    q,
                    Kind::Review,
                ));
            }
        }
        lines.push(line(
            "2026-03-02T09:00:00+01:00",
            "d1",
            "c0",
            1,
            Kind::Review,
        ));
        lines.push(line(
            "2026-03-02T09:00:00+01:00",
            "gone",
            "c0",
            4,
            Kind::Review,
        ));
        let replay = Replay::from_entries(&lines);
        let today = day("2026-03-08");
        let total: usize = sizes.iter().sum();
        assert!(total >= SPLIT_CARDS);
        let split = card_views(&decks, &replay, today);
        let one = views_of(&decks, &replay, today);
        assert_eq!(split.len(), total);
        assert_eq!(split, one);
        assert!(split.iter().any(|v| v.status != CardStatus::New));
    }
}
