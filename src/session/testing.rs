//! Helpers for the session tests.
#![allow(clippy::unwrap_used)]

use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::deck::{Card, Deck, DeckSource};
use crate::sched::Grade;
use crate::session::Item;
use crate::store::{Kind, LogEntry};

pub fn deck(id: &str, cards: &[&str]) -> Deck {
    Deck {
        id: id.into(),
        name: id.into(),
        description: String::new(),
        tags: Vec::new(),
        cards: cards
            .iter()
            .map(|c| Card::new(c, &format!("front {c}"), &format!("back {c}")))
            .collect(),
        source: DeckSource::Bundled("t.toml"),
        id_pos: (1, 1),
        reverse: false,
    }
}

pub fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

pub fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

pub fn line(t: &str, deck: &str, card: &str, q: u8, kind: Kind) -> LogEntry {
    LogEntry {
        at: at(t),
        deck: deck.into(),
        card: card.into(),
        grade: Grade::new(q).unwrap(),
        kind,
        spent_ms: 0,
        id: None,
        undoes: None,
        undoes_id: None,
    }
}

pub fn ids(decks: &[Deck], items: &[Item]) -> Vec<String> {
    items
        .iter()
        .map(|i| {
            let k = if i.kind == Kind::Drill { "!" } else { "" };
            format!("{}{k}", decks[i.deck].cards[i.card].id)
        })
        .collect()
}
