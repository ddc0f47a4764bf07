//! Setting a card aside from any screen: `@` suspends it, `-` buries it
//! until tomorrow. Like a grade, the line goes to the writer and the screen
//! moves on at once; `u` takes back the latest action or grade, whichever
//! came last.

use chrono::{DateTime, FixedOffset};

use crate::sched::Grade;
use crate::session::{Item, Line};
use crate::store::{CardDay, Kind, LineId, LogEntry};

use super::super::msg::Cmd;
use super::{App, Screen};

/// A suspend or bury done in the app, with what undoing it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct CardAction {
    deck: usize,
    card: usize,
    kind: Kind,
    at: DateTime<FixedOffset>,
    id: LineId,
    /// What was known of the card before.
    before: CardDay,
    /// Where the card was in the session's queue, if it was.
    queued: Option<(usize, Item)>,
    /// The session's answers when it was done: it is the latest thing to
    /// undo while the session has as many.
    answers: usize,
}

impl CardAction {
    /// The same action after the decks were loaded again: `card` maps an
    /// old `(deck, card)` to its new place; `None` if the card is gone.
    pub(super) fn remapped(
        mut self,
        card: impl Fn(usize, usize) -> Option<(usize, usize)>,
    ) -> Option<CardAction> {
        (self.deck, self.card) = card(self.deck, self.card)?;
        if let Some((_, item)) = &mut self.queued {
            (item.deck, item.card) = (self.deck, self.card);
        }
        Some(self)
    }

    /// Its log line.
    fn entry(&self, app: &App) -> Option<LogEntry> {
        let item = Item {
            deck: self.deck,
            card: self.card,
            kind: self.kind,
        };
        let line = Line {
            item,
            grade: Grade::MIN,
            at: self.at,
            id: self.id,
            spent_ms: 0,
        };
        line.entry(&app.decks)
    }
}

impl App {
    /// Suspends card `card_index` of deck `deck_index`: it leaves the
    /// session's queue and is never asked again until unsuspended.
    pub fn suspend_card(&mut self, deck_index: usize, card_index: usize) -> Option<Cmd> {
        self.set_card_aside(deck_index, card_index, Kind::Suspend)
    }

    /// Unsuspends card `card_index` of deck `deck_index` (for a screen that
    /// shows suspended cards): it is studied again from its schedule.
    pub fn unsuspend_card(&mut self, deck_index: usize, card_index: usize) -> Option<Cmd> {
        self.set_card_aside(deck_index, card_index, Kind::Unsuspend)
    }

    /// Buries card `card_index` of deck `deck_index` until tomorrow.
    pub fn bury_card(&mut self, deck_index: usize, card_index: usize) -> Option<Cmd> {
        self.set_card_aside(deck_index, card_index, Kind::Bury)
    }

    /// `@` or `-` on the review screen: the card shown.
    pub(in crate::tui) fn set_current_aside(&mut self, kind: Kind) -> Option<Cmd> {
        let item = self.session.as_ref()?.current()?;
        self.set_card_aside(item.deck, item.card, kind)
    }

    fn set_card_aside(&mut self, deck: usize, card: usize, kind: Kind) -> Option<Cmd> {
        let suspended = self.study.known(deck, card).suspended;
        if (kind == Kind::Suspend && suspended) || (kind == Kind::Unsuspend && !suspended) {
            // Nothing to write: the card is already as asked.
            let state = if suspended {
                "suspended"
            } else {
                "not suspended"
            };
            self.messages.notice = Some(format!("Already {state}."));
            return None;
        }
        let before = self.study.set_aside(deck, card, kind)?;
        let answers = self.session.as_ref().map_or(0, |s| s.answers().len());
        let queued = self.session.as_mut().and_then(|s| s.take_card(deck, card));
        let action = CardAction {
            deck,
            card,
            kind,
            at: self.time.clock.now(),
            id: LineId::random(),
            before,
            queued,
            answers,
        };
        let entry = action.entry(self)?;
        self.review.actions.push(action);
        self.messages.notice = Some(
            match kind {
                Kind::Bury => "Buried until tomorrow. u undoes.",
                Kind::Unsuspend => "Unsuspended. u undoes.",
                _ => "Suspended. u undoes.",
            }
            .to_string(),
        );
        let mut stop = None;
        if queued.is_some_and(|(pos, _)| pos == 0) && self.screen == Screen::Review {
            // The card shown is gone: the next one shows.
            self.show_card();
            stop = self.stop_demo();
            if self.session.as_ref().is_some_and(|s| s.is_finished()) {
                let notice = self.messages.notice.take();
                stop = Cmd::both(stop, self.end_session());
                self.messages.notice = notice;
            }
        }
        Cmd::both(stop, self.save(entry))
    }

    /// The card action `u` takes back now, if the latest thing done was
    /// one (no answer since).
    fn undoable_action(&self) -> Option<CardAction> {
        let answers = self.session.as_ref().map_or(0, |s| s.answers().len());
        self.review
            .actions
            .last()
            .copied()
            .filter(|a| a.answers == answers)
    }

    /// Takes back the latest card action if it is the latest thing done;
    /// `None` if it is not (then `u` undoes a grade).
    pub(in crate::tui) fn undo_card_action(&mut self) -> Option<Option<Cmd>> {
        let a = self.undoable_action()?;
        self.review.actions.pop();
        // As for a grade: a line the writer never had is just dropped.
        let line = if self.unsave(a.id) {
            None
        } else {
            a.entry(self).map(|e| e.undo(self.time.clock.now()))
        };
        self.study.restore(a.deck, a.card, a.before);
        if let (Some(s), Some(q)) = (self.session.as_mut(), a.queued) {
            s.put_back(q);
            if q.0 == 0 {
                self.screen = Screen::Review;
                self.show_card();
            }
        }
        self.messages.notice = Some(
            match a.kind {
                Kind::Bury => "Undid the bury.",
                Kind::Unsuspend => "Undid the unsuspend.",
                _ => "Undid the suspend.",
            }
            .to_string(),
        );
        let stop = self.stop_demo();
        Some(Cmd::both(stop, line.and_then(|l| self.save(l))))
    }
}
