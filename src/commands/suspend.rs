//! `concur suspend DECK/CARD...` and `concur unsuspend DECK/CARD...`: set
//! cards aside from the schedule, or bring them back, by appending
//! `suspend` / `unsuspend` lines to the review log (so they sync, merge and
//! undo like grades).

use std::collections::HashSet;

use super::pick::unknown_deck;
use super::{Env, report_problems, usage};
use crate::cli::CardsArgs;
use crate::deck::DeckIds;
use crate::sched::Grade;
use crate::store::{Kind, LogEntry, Replay};
use crate::text::{did_you_mean, sanitize};

/// Suspends (`suspend` true) or unsuspends the cards named in `args`. Every
/// name is checked before anything is written: an unknown deck or card is
/// a usage error and writes nothing. A card already in the state asked for
/// is said so and left alone (no line).
pub fn run(env: &Env, args: &CardsArgs, suspend: bool) -> anyhow::Result<i32> {
    let (decks, replay) = env.load_all(crate::store::Fsrs::Skip)?;
    let code = report_problems(env, &decks, &replay);
    let mut cards: Vec<(&str, &str)> = Vec::new();
    for name in &args.cards {
        let card = find(&decks.decks, name)?;
        if !cards.contains(&card) {
            cards.push(card);
        }
    }
    let kind = if suspend {
        Kind::Suspend
    } else {
        Kind::Unsuspend
    };
    let done: HashSet<(&str, &str)> = cards
        .iter()
        .copied()
        .filter(|&(d, c)| is_suspended(&replay, d, c) == suspend)
        .collect();
    let log = env.data.log();
    for (deck, card) in cards {
        let name = format!("{}/{}", sanitize(deck), sanitize(card));
        if done.contains(&(deck, card)) {
            let state = if suspend {
                "suspended"
            } else {
                "not suspended"
            };
            out!("{name}: already {state}.");
            continue;
        }
        let entry = LogEntry::new(
            env.clock.now(),
            deck.to_string(),
            card.to_string(),
            Grade::MIN,
            kind,
            0,
        );
        crate::store::append(&log, &entry)?;
        out!(
            "{name}: {}.",
            if suspend { "suspended" } else { "unsuspended" }
        );
    }
    Ok(code)
}

/// True if the replay leaves the card suspended.
fn is_suspended(replay: &Replay, deck: &str, card: &str) -> bool {
    replay.get(deck, card).is_some_and(|h| h.card.suspended)
}

/// The deck and card named `DECK/CARD` (split at the first `/`), or a usage
/// error with the nearest known name.
fn find<'a>(decks: &'a [DeckIds], name: &str) -> anyhow::Result<(&'a str, &'a str)> {
    let Some((deck_id, card_id)) = name.split_once('/') else {
        return Err(usage(format!(
            "{:?} is not DECK/CARD: name a card by its deck id and card id, e.g. `concur suspend python-gil/gil-what` (`concur due` lists them)",
            sanitize(name)
        )));
    };
    let Some(deck) = decks.iter().find(|d| d.id == deck_id) else {
        return Err(unknown_deck(
            deck_id,
            decks.iter().map(|d| d.id.as_str()),
            "",
        ));
    };
    let Some(card) = deck.cards.iter().find(|c| *c == card_id) else {
        return Err(usage(format!(
            "deck {:?} has no card {:?}: {}`concur due` lists the cards",
            sanitize(deck_id),
            sanitize(card_id),
            did_you_mean(card_id, deck.cards.iter().map(String::as_str))
        )));
    };
    Ok((&deck.id, card))
}
