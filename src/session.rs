//! Today's view of the cards: which are new, due or for later. Pure logic
//! over decks and replayed states.

use chrono::NaiveDate;
use serde::Serialize;

use crate::deck::{Card, Deck};
use crate::sched::Sm2State;
use crate::store::Replay;

/// Where a card stands today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Never reviewed.
    New,
    /// Due today or overdue.
    Due,
    /// Scheduled after today.
    Later,
}

impl Status {
    /// The status of a state on `today`.
    pub fn of(state: &Sm2State, today: NaiveDate) -> Status {
        match state.due {
            None => Status::New,
            Some(d) if d <= today => Status::Due,
            Some(_) => Status::Later,
        }
    }

    /// Lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Due => "due",
            Status::Later => "later",
        }
    }
}

/// A card with its state today.
#[derive(Debug, Clone, Copy)]
pub struct CardView<'a> {
    /// The deck.
    pub deck: &'a Deck,
    /// The card.
    pub card: &'a Card,
    /// Its replayed SM-2 state.
    pub state: Sm2State,
    /// Its status today.
    pub status: Status,
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
}

impl Counts {
    /// Adds one status.
    pub fn add(&mut self, s: Status) {
        match s {
            Status::New => self.new += 1,
            Status::Due => self.due += 1,
            Status::Later => self.later += 1,
        }
    }

    /// All cards.
    pub fn total(&self) -> usize {
        self.new + self.due + self.later
    }
}

/// Every card of `decks` with its state on `today`, in deck and file order.
pub fn card_views<'a>(decks: &'a [Deck], replay: &Replay, today: NaiveDate) -> Vec<CardView<'a>> {
    decks
        .iter()
        .flat_map(|deck| {
            let history = replay.cards.get(&deck.id);
            deck.cards.iter().map(move |card| {
                let state = history
                    .and_then(|m| m.get(&card.id))
                    .map(|h| h.state)
                    .unwrap_or_default();
                CardView {
                    deck,
                    card,
                    state,
                    status: Status::of(&state, today),
                }
            })
        })
        .collect()
}

/// Counts per deck, in deck order.
pub fn deck_counts(decks: &[Deck], replay: &Replay, today: NaiveDate) -> Vec<Counts> {
    decks
        .iter()
        .map(|deck| {
            let mut c = Counts::default();
            let history = replay.cards.get(&deck.id);
            for card in &deck.cards {
                let state = history
                    .and_then(|m| m.get(&card.id))
                    .map(|h| h.state)
                    .unwrap_or_default();
                c.add(Status::of(&state, today));
            }
            c
        })
        .collect()
}

/// Log entries whose deck or card no longer exists: `(deck, card, lines)`,
/// sorted.
pub fn orphans(decks: &[Deck], replay: &Replay) -> Vec<(String, String, u32)> {
    let known: std::collections::HashMap<&str, std::collections::HashSet<&str>> = decks
        .iter()
        .map(|d| {
            (
                d.id.as_str(),
                d.cards.iter().map(|c| c.id.as_str()).collect(),
            )
        })
        .collect();
    let mut out = Vec::new();
    for (deck_id, cards) in &replay.cards {
        let deck = known.get(deck_id.as_str());
        for (card_id, h) in cards {
            if !deck.is_some_and(|ids| ids.contains(card_id.as_str())) {
                out.push((
                    deck_id.clone(),
                    card_id.clone(),
                    h.reviews + h.drills + h.crams,
                ));
            }
        }
    }
    out.sort();
    out
}
