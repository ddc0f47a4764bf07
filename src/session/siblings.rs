//! Siblings apart: the cards of one deck made from one note (a card and its
//! reverse `ID~rev`, the cards `ID::c1`, `ID::c2`, … of a cloze note) are never both studied on the same day. A
//! sibling that is due or new while another card of its note was studied
//! today, or comes earlier in today's queue, waits for tomorrow: it stays
//! due by SM-2 and is simply not asked today (Anki's "bury siblings").
//!
//! Re-asks (drills) of a card are never held back: they are the same card
//! again, not a sibling.

use std::collections::HashSet;

use chrono::NaiveDate;

use crate::deck::{Deck, REVERSE_SUFFIX, cloze};
use crate::session::Item;
use crate::store::{CardDay, Kind};

/// The note a card belongs to, by its id: a reverse card (`ID~rev`) belongs
/// to the note of `ID`, a cloze card (`ID::c2`) to the cloze note `ID`, any
/// other card to its own. Written card ids never end in `~rev` nor contain
/// `::` (the parser refuses them), so this needs the id only and works as
/// well on decks known by their ids.
pub fn note_of(card_id: &str) -> &str {
    card_id
        .strip_suffix(REVERSE_SUFFIX)
        .or_else(|| cloze::note_of_card(card_id))
        .unwrap_or(card_id)
}

/// Every card's note, by deck and card index: cards of one deck with the
/// same note number are siblings.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Notes(Vec<Vec<usize>>);

impl Notes {
    /// The notes of `decks` ([`Notes::of_ids`] of their cards' ids).
    pub fn of(decks: &[Deck]) -> Notes {
        let ids: Vec<Vec<&str>> = decks
            .iter()
            .map(|d| d.cards.iter().map(|c| c.id.as_str()).collect())
            .collect();
        Notes::of_ids(ids.iter().map(Vec::as_slice))
    }

    /// The notes of decks given by their card ids, in file order. A card's
    /// note number is the index of the first card of its deck with the same
    /// note.
    pub fn of_ids<'a, C: AsRef<str> + 'a>(decks: impl Iterator<Item = &'a [C]>) -> Notes {
        Notes(
            decks
                .map(|cards| {
                    let mut first = std::collections::HashMap::new();
                    cards
                        .iter()
                        .enumerate()
                        .map(|(i, card)| *first.entry(note_of(card.as_ref())).or_insert(i))
                        .collect()
                })
                .collect(),
        )
    }

    /// The note of one card (its own index when out of range: a card of
    /// its own).
    fn note(&self, deck: usize, card: usize) -> usize {
        self.0
            .get(deck)
            .and_then(|d| d.get(card))
            .copied()
            .unwrap_or(card)
    }

    /// True if `a` and `b` are two different cards of one note.
    pub fn are_siblings(&self, a: Item, b: Item) -> bool {
        a.deck == b.deck
            && a.card != b.card
            && self.note(a.deck, a.card) == self.note(b.deck, b.card)
    }
}

/// True if the card had a scheduled review on `day`
/// ([`CardDay::last_reviewed`]); a re-ask owed for `day` also means a
/// review that day.
pub fn studied_on(k: &CardDay, day: NaiveDate) -> bool {
    k.last_reviewed() == Some(day) || k.drill_due == Some(day)
}

/// For the cards of one deck, given by id with what is known of each, in
/// file order: true for a card that waits for tomorrow because another card
/// of its note was studied on `day` (it is due or new that day, and not
/// studied itself).
pub fn waiting_on(cards: &[(&str, CardDay)], day: NaiveDate) -> Vec<bool> {
    let studied: HashSet<&str> = cards
        .iter()
        .filter(|(_, k)| studied_on(k, day))
        .map(|(id, _)| note_of(id))
        .collect();
    if studied.is_empty() {
        return vec![false; cards.len()];
    }
    // The note of a card is looked up only for one that could wait.
    cards
        .iter()
        .map(|(id, k)| waits(k, day, true) && studied.contains(note_of(id)))
        .collect()
}

/// The rule for one card: due or new on `day`, not studied itself, and its
/// note studied that day (`note_studied`).
fn waits(k: &CardDay, day: NaiveDate, note_studied: bool) -> bool {
    note_studied && k.is_due(day) && !studied_on(k, day)
}

/// Decides, item by item in queue order, which cards may still be asked
/// today: each note gets at most one scheduled answer a day.
#[derive(Debug, Clone)]
pub struct Apart<'a> {
    notes: &'a Notes,
    /// `(deck, note)` of the notes studied today or already queued.
    taken: HashSet<(usize, usize)>,
}

impl<'a> Apart<'a> {
    /// Starts from the cards studied on `today` (`known` by deck and card
    /// index): their notes are taken.
    pub fn new(notes: &'a Notes, known: &[Vec<CardDay>], today: NaiveDate) -> Apart<'a> {
        let taken = known
            .iter()
            .enumerate()
            .flat_map(|(d, cards)| {
                cards
                    .iter()
                    .enumerate()
                    .filter(move |(_, k)| studied_on(k, today))
                    .map(move |(c, _)| (d, notes.note(d, c)))
            })
            .collect();
        Apart { notes, taken }
    }

    /// How many cards of deck `deck` (`known`, by card index) wait for
    /// tomorrow because their note was studied on `day` (the day this was
    /// made for).
    pub fn waiting(&self, deck: usize, known: &[CardDay], day: NaiveDate) -> usize {
        known
            .iter()
            .enumerate()
            .filter(|&(c, k)| {
                let note = (deck, self.notes.note(deck, c));
                waits(k, day, self.taken.contains(&note))
            })
            .count()
    }

    /// True if `item` may be asked (a drill always may); a scheduled item
    /// that may takes its note for the rest of the day. Call it in queue
    /// order, and only for the items actually queued (a new card past the
    /// day's cap must not take its note).
    pub fn admit(&mut self, item: Item) -> bool {
        item.kind != Kind::Review
            || self
                .taken
                .insert((item.deck, self.notes.note(item.deck, item.card)))
    }
}

#[cfg(test)]
mod tests;
