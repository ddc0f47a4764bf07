//! The day's study: the state of every card today, kept up to date while a
//! session grades, and the queue of what to ask.

use chrono::NaiveDate;

use crate::deck::Deck;
use crate::session::siblings::{Apart, Notes};
use crate::session::{CardStatus, Counts};
use crate::store::{CardDay, CardRef, Kind, Replay};

/// Which cards a session studies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every deck.
    All,
    /// One deck, by index.
    Deck(usize),
}

/// One card to ask: indices into the deck list, and the kind of line its
/// grade writes (`Review` for the day's scheduled answer, `Drill` for a
/// re-ask).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Item {
    /// Deck index.
    pub deck: usize,
    /// Card index within the deck.
    pub card: usize,
    /// `Kind::Review` or `Kind::Drill`.
    pub kind: Kind,
}

/// The state of every card for today, kept up to date while a session grades
/// (so counts, the new-card cap and "next due" stay right without a replay).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Study {
    /// The session's day (fixed at start, also past midnight).
    pub today: NaiveDate,
    /// New cards allowed per day, over all decks.
    pub new_per_day: usize,
    /// Scheduled reviews allowed per day, over all decks (`None`: no cap);
    /// set with [`Study::with_review_cap`].
    pub reviews_per_day: Option<usize>,
    known: Vec<Vec<CardDay>>,
    notes: Notes,
}

impl Study {
    /// The states of `decks` after `replay`, for `today`.
    pub fn new(decks: &[Deck], replay: &Replay, today: NaiveDate, new_per_day: usize) -> Study {
        let ids: Vec<(&str, Vec<&str>)> = decks
            .iter()
            .map(|d| {
                (
                    d.id.as_str(),
                    d.cards.iter().map(|c| c.id.as_str()).collect(),
                )
            })
            .collect();
        Study::of_ids(&ids, replay, today, new_per_day)
    }

    /// [`Study::new`] from the decks' ids alone, as `(deck id, card ids in
    /// file order)`: all a study needs of a deck.
    pub fn of_ids<D: AsRef<str>, C: AsRef<str>>(
        decks: &[(D, Vec<C>)],
        replay: &Replay,
        today: NaiveDate,
        new_per_day: usize,
    ) -> Study {
        let known = decks
            .iter()
            .map(|(deck, cards)| {
                replay
                    .deck_histories(deck.as_ref(), cards.iter().map(AsRef::as_ref))
                    .map(|h| h.map(|h| h.card).unwrap_or_default())
                    .collect()
            })
            .collect();
        Study {
            today,
            new_per_day,
            reviews_per_day: None,
            known,
            notes: Notes::of_ids(decks.iter().map(|(_, cards)| cards.as_slice())),
        }
    }

    /// The study with at most `cap` scheduled reviews a day (`None`: no
    /// cap).
    pub fn with_review_cap(mut self, cap: Option<usize>) -> Study {
        self.reviews_per_day = cap;
        self
    }

    /// What is known of one card (the default for indices out of range).
    pub fn known(&self, deck: usize, card: usize) -> CardDay {
        self.known
            .get(deck)
            .and_then(|d| d.get(card))
            .copied()
            .unwrap_or_default()
    }

    /// Which cards are siblings (cards of one note, see
    /// [`crate::session::siblings`]).
    pub fn notes(&self) -> &Notes {
        &self.notes
    }

    pub(super) fn known_mut(&mut self, deck: usize, card: usize) -> Option<&mut CardDay> {
        self.known.get_mut(deck).and_then(|d| d.get_mut(card))
    }

    /// Counts of one deck by status today.
    pub fn counts(&self, deck: usize) -> Counts {
        let mut c = Counts::default();
        for k in self.known.get(deck).into_iter().flatten() {
            c.add(CardStatus::of(k, self.today));
        }
        c
    }

    /// How many cards of one deck are due or new today but wait for
    /// tomorrow: another card of their note was studied today
    /// ([`crate::session::siblings`]). They are in [`Study::counts`] (still
    /// due by SM-2), not in [`Study::queue`].
    pub fn sibling_waits(&self, deck: usize) -> usize {
        let known = self.known.get(deck).map_or(&[][..], Vec::as_slice);
        self.apart().waiting(deck, known, self.today)
    }

    /// Today's sibling rule, starting from the cards studied today: feed
    /// it the items to ask, in order ([`Apart::admit`]).
    pub fn apart(&self) -> Apart<'_> {
        Apart::new(&self.notes, &self.known, self.today)
    }

    /// New cards started today, over all decks (they count against the cap).
    pub fn new_started_today(&self) -> usize {
        self.known
            .iter()
            .flatten()
            .filter(|k| k.first_day == Some(self.today))
            .count()
    }

    /// How many more new cards may be started today.
    pub fn new_left_today(&self) -> usize {
        self.new_per_day.saturating_sub(self.new_started_today())
    }

    /// Scheduled reviews of cards already learned done today, over all
    /// decks (they count against the review cap; a new card's first review
    /// counts against the new-card cap instead), by
    /// [`CardDay::last_reviewed`].
    pub fn reviews_done_today(&self) -> usize {
        self.known
            .iter()
            .flatten()
            .filter(|k| k.first_day.is_some_and(|d| d < self.today))
            .filter(|k| k.last_reviewed() == Some(self.today))
            .count()
    }

    /// How many more scheduled reviews may be done today (`None`: no cap).
    pub fn reviews_left_today(&self) -> Option<usize> {
        self.reviews_per_day
            .map(|cap| cap.saturating_sub(self.reviews_done_today()))
    }

    /// The suspended cards of `decks` (the decks this study was made of),
    /// which a quiz leaves out.
    pub fn suspended(&self, decks: &[Deck]) -> std::collections::HashSet<CardRef> {
        decks
            .iter()
            .zip(&self.known)
            .flat_map(|(d, known)| {
                d.cards
                    .iter()
                    .zip(known)
                    .filter(|(_, k)| k.suspended)
                    .map(|(c, _)| CardRef {
                        deck: d.id.clone(),
                        card: c.id.clone(),
                    })
            })
            .collect()
    }

    /// Applies a card action (`suspend`, `unsuspend`, `bury`) given today
    /// to one card, by the rule of its log line ([`CardDay::step`]), and
    /// returns what was known of the card before (`None` for indices out of
    /// range or a kind that is no card action).
    pub fn set_aside(&mut self, deck: usize, card: usize, kind: Kind) -> Option<CardDay> {
        let today = self.today;
        let k = self
            .known_mut(deck, card)
            .filter(|_| kind.is_card_action())?;
        let before = *k;
        k.step(kind, crate::sched::Grade::MIN, today);
        Some(before)
    }

    /// Puts back what [`Study::set_aside`] returned (an undo).
    pub fn restore(&mut self, deck: usize, card: usize, before: CardDay) {
        if let Some(k) = self.known_mut(deck, card) {
            *k = before;
        }
    }

    /// Today's queue for `scope`: due cards, oldest due first, up to what
    /// is left of the daily review cap; then new cards in deck order up to
    /// what is left of the new-card cap; then re-asks still owed from an
    /// earlier session today. A card whose sibling was studied today or
    /// comes earlier in the queue waits for tomorrow (it takes no place
    /// under either cap), see [`crate::session::siblings`]. Suspended and
    /// buried cards are never in it.
    pub fn queue(&self, scope: Scope) -> Vec<Item> {
        let decks: Vec<usize> = match scope {
            Scope::All => (0..self.known.len()).collect(),
            Scope::Deck(d) if d < self.known.len() => vec![d],
            Scope::Deck(_) => Vec::new(),
        };
        let cards = || {
            decks.iter().flat_map(|&d| {
                self.known[d]
                    .iter()
                    .enumerate()
                    .map(move |(c, k)| (d, c, *k))
                    .filter(|(_, _, k)| k.aside(self.today).is_none())
            })
        };
        let item = |deck, card, kind| Item { deck, card, kind };
        let mut due: Vec<(NaiveDate, Item)> = cards()
            .filter_map(|(d, c, k)| {
                k.state
                    .due
                    .filter(|&day| day <= self.today)
                    .map(|day| (day, item(d, c, Kind::Review)))
            })
            .collect();
        // Stable: equal days keep deck and file order.
        due.sort_by_key(|(day, _)| *day);
        let reviews_left = self.reviews_left_today().unwrap_or(usize::MAX);
        let mut apart = self.apart();
        let mut out: Vec<Item> = due
            .into_iter()
            .map(|(_, i)| i)
            .filter(|&i| apart.admit(i))
            .take(reviews_left)
            .collect();
        out.extend(
            cards()
                .filter(|(_, _, k)| k.state.is_new())
                .map(|(d, c, _)| item(d, c, Kind::Review))
                // Before `take`: a card that waits takes no place under the cap.
                .filter(|&i| apart.admit(i))
                .take(self.new_left_today()),
        );
        out.extend(
            cards()
                .filter(|(_, _, k)| k.drill_due == Some(self.today))
                .map(|(d, c, _)| item(d, c, Kind::Drill)),
        );
        out
    }

    /// The earliest day a reviewed card is due, and how many cards are due
    /// by then. Today if cards are still due today. Suspended cards are
    /// never due; a buried one is due once its burial ends.
    pub fn next_due(&self) -> Option<(NaiveDate, usize)> {
        let due = |k: &CardDay| {
            let due = k.state.due.filter(|_| !k.suspended)?;
            Some(k.buried_until.map_or(due, |b| due.max(b)))
        };
        let first = self.known.iter().flatten().filter_map(due).min()?;
        let first = first.max(self.today);
        let n = self
            .known
            .iter()
            .flatten()
            .filter(|k| due(k).is_some_and(|d| d <= first))
            .count();
        Some((first, n))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::session::testing::{day, deck, ids, line};

    #[test]
    fn queue_is_due_oldest_first_then_new_up_to_the_cap() {
        let decks = vec![
            deck("a", &["a1", "a2", "a3", "a4"]),
            deck("b", &["b1", "b2", "b3"]),
        ];
        // a2 due 11-20 (one review on 11-19), b1 due 11-10, a1 started today.
        let replay = Replay::from_entries(&[
            line("2026-11-19T10:00:00+00:00", "a", "a2", 5, Kind::Review),
            line("2026-11-09T10:00:00+00:00", "b", "b1", 5, Kind::Review),
            line("2026-11-25T08:00:00+00:00", "a", "a1", 5, Kind::Review),
        ]);
        let study = Study::new(&decks, &replay, day("2026-11-25"), 3);
        assert_eq!(study.new_started_today(), 1);
        assert_eq!(study.new_left_today(), 2);
        assert_eq!(
            ids(&decks, &study.queue(Scope::All)),
            ["b1", "a2", "a3", "a4"]
        );
        assert_eq!(
            ids(&decks, &study.queue(Scope::Deck(1))),
            ["b1", "b2", "b3"]
        );
        assert_eq!(study.queue(Scope::Deck(7)), Vec::new());
        let c = study.counts(0);
        assert_eq!((c.new, c.due, c.later), (2, 1, 1));
        assert_eq!(study.next_due(), Some((day("2026-11-25"), 2)));
    }

    #[test]
    fn a_failed_card_of_an_earlier_session_today_is_asked_again() {
        let decks = vec![deck("a", &["a1", "a2"])];
        let replay = Replay::from_entries(&[
            line("2026-11-25T08:00:00+00:00", "a", "a1", 2, Kind::Review),
            line("2026-11-25T08:01:00+00:00", "a", "a2", 1, Kind::Review),
            line("2026-11-25T08:02:00+00:00", "a", "a2", 4, Kind::Drill),
        ]);
        let study = Study::new(&decks, &replay, day("2026-11-25"), 20);
        assert_eq!(ids(&decks, &study.queue(Scope::All)), ["a1!"]);
        // The next day the debt is gone: the card is simply due.
        let study = Study::new(&decks, &replay, day("2026-11-26"), 20);
        assert_eq!(ids(&decks, &study.queue(Scope::All)), ["a1", "a2"]);
    }

    #[test]
    fn suspended_and_buried_cards_are_never_queued() {
        let decks = vec![deck("a", &["a1", "a2", "a3", "a4"])];
        let replay = Replay::from_entries(&[
            line("2026-11-20T08:00:00+00:00", "a", "a1", 5, Kind::Review),
            line("2026-11-21T08:00:00+00:00", "a", "a1", 0, Kind::Suspend),
            line("2026-11-25T08:00:00+00:00", "a", "a2", 0, Kind::Bury),
            line("2026-11-25T08:00:00+00:00", "a", "a3", 2, Kind::Review),
            line("2026-11-25T08:01:00+00:00", "a", "a3", 0, Kind::Bury),
        ]);
        let study = Study::new(&decks, &replay, day("2026-11-25"), 20);
        // a1 due but suspended, a2 new but buried, a3's re-ask buried.
        assert_eq!(ids(&decks, &study.queue(Scope::All)), ["a4"]);
        let c = study.counts(0);
        assert_eq!((c.new, c.suspended, c.buried), (1, 1, 2));
        assert_eq!(c.aside_words().unwrap(), "1 suspended, 2 buried");
        assert_eq!(study.next_due(), Some((day("2026-11-26"), 1)));
        // Tomorrow the burials are over; the suspension is not.
        let study = Study::new(&decks, &replay, day("2026-11-26"), 20);
        assert_eq!(ids(&decks, &study.queue(Scope::All)), ["a3", "a2", "a4"]);
        // Live: set aside and put back, as an undo does.
        let mut study = study;
        let before = study.set_aside(0, 3, Kind::Suspend).unwrap();
        assert_eq!(ids(&decks, &study.queue(Scope::All)), ["a3", "a2"]);
        assert_eq!(study.set_aside(0, 3, Kind::Review), None);
        study.restore(0, 3, before);
        assert_eq!(ids(&decks, &study.queue(Scope::All)).len(), 3);
    }

    #[test]
    fn the_review_cap_counts_reviews_done_today_and_keeps_the_oldest() {
        let decks = vec![deck("a", &["a1", "a2", "a3", "a4", "a5"])];
        // a1..a3 due (11-20, 11-21, 11-22); a4 learned before and reviewed
        // today; a5 new, started today (counts against the new cap only).
        let replay = Replay::from_entries(&[
            line("2026-11-19T10:00:00+00:00", "a", "a1", 1, Kind::Review),
            line("2026-11-20T10:00:00+00:00", "a", "a2", 5, Kind::Review),
            line("2026-11-21T10:00:00+00:00", "a", "a3", 5, Kind::Review),
            line("2026-11-24T10:00:00+00:00", "a", "a4", 5, Kind::Review),
            line("2026-11-25T08:00:00+00:00", "a", "a4", 5, Kind::Review),
            line("2026-11-25T08:00:00+00:00", "a", "a5", 5, Kind::Review),
        ]);
        let today = day("2026-11-25");
        let uncapped = Study::new(&decks, &replay, today, 20);
        assert_eq!(uncapped.reviews_left_today(), None);
        assert_eq!(uncapped.reviews_done_today(), 1);
        assert_eq!(ids(&decks, &uncapped.queue(Scope::All)), ["a1", "a2", "a3"]);
        let capped = Study::new(&decks, &replay, today, 20).with_review_cap(Some(3));
        assert_eq!(capped.reviews_left_today(), Some(2));
        assert_eq!(ids(&decks, &capped.queue(Scope::All)), ["a1", "a2"]);
        let spent = uncapped.clone().with_review_cap(Some(1));
        assert_eq!(spent.queue(Scope::All), Vec::new());
        // New cards are not held back by the review cap.
        let fresh = vec![deck("a", &["a1", "a2", "a3", "a4", "a5", "a6"])];
        let spent = Study::new(&fresh, &replay, today, 20).with_review_cap(Some(0));
        assert_eq!(ids(&fresh, &spent.queue(Scope::All)), ["a6"]);
    }

    proptest::proptest! {
        /// With a cap, the day's reviews are the uncapped queue's reviews,
        /// oldest first, cut to what is left of the cap; nothing else in the
        /// queue changes.
        #[test]
        fn the_review_cap_only_cuts_the_oldest_first_reviews(
            grades in proptest::collection::vec((0usize..6, 0u32..12, 0u8..6), 0..40),
            cap in proptest::option::of(0usize..8),
        ) {
            let names: Vec<String> = (0..6).map(|i| format!("c{i}")).collect();
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            let decks = vec![deck("a", &names)];
            let mut entries: Vec<_> = grades
                .iter()
                .map(|&(c, d, q)| {
                    let at = format!("2026-11-{:02}T10:00:00+00:00", 14 + d);
                    line(&at, "a", names[c], q, Kind::Review)
                })
                .collect();
            entries.sort_by_key(|e| e.at);
            let replay = Replay::from_entries(&entries);
            let today = day("2026-11-25");
            let free = Study::new(&decks, &replay, today, 3);
            let capped = free.clone().with_review_cap(cap);
            let (all, cut) = (free.queue(Scope::All), capped.queue(Scope::All));
            let due = |q: &[Item]| -> Vec<Item> {
                q.iter().copied().filter(|i| i.kind == Kind::Review && !free.known(i.deck, i.card).state.is_new()).collect()
            };
            let left = capped.reviews_left_today().unwrap_or(usize::MAX);
            let want: Vec<Item> = due(&all).into_iter().take(left).collect();
            proptest::prop_assert_eq!(due(&cut), want);
            let rest = |q: &[Item]| -> Vec<Item> {
                q.iter().copied().filter(|i| i.kind != Kind::Review || free.known(i.deck, i.card).state.is_new()).collect()
            };
            proptest::prop_assert_eq!(rest(&cut), rest(&all));
            if let Some(cap) = cap {
                proptest::prop_assert!(capped.reviews_done_today() + due(&cut).len() <= cap.max(capped.reviews_done_today()));
            }
        }
    }
}
