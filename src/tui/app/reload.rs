//! Deck files changed on disk: asking for a reload (never while log lines
//! wait for the writer; during a review session its result waits for the
//! session's end, unless it holds the decks in use), dropping a stale one,
//! and merging the result so that a deck whose file now has errors keeps
//! its last good version. The start-up banner about skipped decks is
//! replaced by what the reload found, so it goes away once those decks load
//! cleanly. The work over the whole replay ([`prepare`]: merging, the study
//! queue, the leeches) runs with the loading, off the UI thread.

use std::sync::Arc;

use crate::deck::{Deck, DeckSet, DeckSource};
use crate::session::Study;
use crate::store::Replay;

use super::super::msg::{Cmd, Reload, ReloadRequest};
use super::App;

/// Deck files changed on disk: what is asked for, waiting or broken.
#[derive(Debug, Clone, Default)]
pub(super) struct Reloading {
    /// Errors of deck files that changed on disk and no longer load (their
    /// last good version stays in use); cleared when they are fixed.
    errors: Vec<String>,
    /// A reload that arrived during a review session, applied when it ends.
    deferred: Option<Box<Reload>>,
    /// Deck files changed and a reload is still to be asked for (after the
    /// session, or after the reload in flight).
    wanted: bool,
    /// A [`Cmd::Reload`] was given and its result has not come back.
    in_flight: bool,
    /// Log lines this app has written (a replay older than the last one is
    /// stale).
    writes: u64,
    /// The user's editor changed a deck file (`e`): the next reload is
    /// taken in at once, also during a session, which keeps its cards.
    edited: bool,
    /// A bundled deck's card `(deck, card)` that `e` asked to copy first.
    offer: Option<(usize, usize)>,
    /// The lean start: the cards' text still to come, and what waits for
    /// it.
    pub(super) lean: super::lean::Lean,
}

impl Reloading {
    /// The app wrote a log line: a replay read before it is stale.
    pub(super) fn wrote(&mut self) {
        self.writes += 1;
    }

    /// Log lines written.
    pub fn writes(&self) -> u64 {
        self.writes
    }

    /// Errors of deck files that no longer load.
    pub fn errors(&self) -> &[String] {
        &self.errors
    }

    /// The editor ended: a reload is wanted, to be taken in at once.
    pub(super) fn after_edit(&mut self) {
        self.wanted = true;
        self.edited = true;
    }

    /// Asks whether to copy the bundled deck of card `(deck, card)`.
    pub(super) fn offer_copy(&mut self, deck: usize, card: usize) {
        self.offer = Some((deck, card));
    }

    /// True while the question of [`Reloading::offer_copy`] is asked.
    pub fn offering(&self) -> bool {
        self.offer.is_some()
    }

    /// The card whose bundled deck was offered for copying, now answered.
    pub(super) fn take_offer(&mut self) -> Option<(usize, usize)> {
        self.offer.take()
    }
}

impl App {
    /// A reload failed: says why; the decks in use stay.
    pub(in crate::tui) fn reload_failed(&mut self, why: &str) -> Option<Cmd> {
        self.reload.in_flight = false;
        if self.text_pending() {
            self.text_failed(why);
            return self.next_reload();
        }
        self.messages.error = Some(format!(
            "Could not reload the deck files: {why}. The decks loaded before stay in use; the next change tries again."
        ));
        self.next_reload()
    }

    /// Deck files changed: asks for a reload now, or remembers to.
    pub(in crate::tui) fn decks_changed(&mut self) -> Option<Cmd> {
        self.reload.wanted = true;
        self.next_reload()
    }

    /// Asks for the wanted reload unless one is in flight or a review
    /// session runs (its deck list must not change under it).
    pub(in crate::tui) fn next_reload(&mut self) -> Option<Cmd> {
        if !self.reload.wanted || self.reload.in_flight {
            return None;
        }
        if !self.saving.is_empty() {
            // Asked for again when the writer is done (the replay must
            // include this app's lines).
            return None;
        }
        self.reload.wanted = false;
        self.reload.in_flight = true;
        Some(Cmd::Reload(self.reload_request()))
    }

    /// The cards' text arrived for the decks in use (same ids, so the
    /// study stays): they take their cards, then what waited runs.
    pub(in crate::tui) fn text_loaded(&mut self, decks: Vec<crate::deck::Deck>) -> Option<Cmd> {
        self.reload.in_flight = false;
        if self.text_pending() && decks.len() == self.decks.len() {
            self.decks = Arc::new(decks);
            self.text_arrived();
            self.views.find.refresh(&self.decks);
        } else {
            // Not what was asked for any more: a whole reload.
            self.reload.wanted = true;
        }
        let next = self.next_reload();
        Cmd::both(next, self.release_held())
    }

    /// A reload's result came back.
    pub(in crate::tui) fn reload_arrived(&mut self, reload: Box<Reload>) -> Option<Cmd> {
        self.reload.in_flight = false;
        if reload.writes == self.reload.writes && self.saving.is_empty() {
            self.reloaded(reload);
        } else {
            // Replayed before this app's latest line: ask again.
            self.reload.wanted = true;
        }
        let next = self.next_reload();
        Cmd::both(next, self.release_held())
    }

    /// Takes in a reload (its work done off the UI thread): its errors show
    /// in a banner; during a review session the new decks wait until it ends.
    pub(in crate::tui) fn reloaded(&mut self, reload: Box<Reload>) {
        self.reload.errors.clone_from(&reload.errors);
        self.messages
            .problems
            .retain(|p| !crate::tui::is_deck_problem(p));
        self.messages
            .problems
            .splice(0..0, crate::tui::deck_notes(&reload.notes));
        self.messages
            .problems
            .extend(crate::tui::deck_problem(reload.skipped, reload.card_errors));
        if self.reload.edited {
            // Read after the editor ended: it has the edit (and any other
            // change waiting), so nothing more is wanted for now.
            self.reload.edited = false;
            self.reload.wanted = false;
            self.reload.deferred = None;
            self.messages.notice = None;
            self.apply_reload_keeping_session(*reload);
            return;
        }
        if self.session.is_some() && reload.unchanged {
            // The watcher saw a change the app already has (the edit `e`
            // took in at once): nothing waits for the session's end.
            return;
        }
        if self.session.is_some() {
            self.messages.notice = Some(
                "Deck files changed: the new version is used when this session ends.".to_string(),
            );
            self.reload.deferred = Some(reload);
            return;
        }
        self.apply_reload(*reload);
    }

    /// Takes in `reload` during a session: the session's cards and answers
    /// follow their ids to their new places (a card the edit removed is
    /// dropped), and the card shown stays, with its progress (the study
    /// comes from the log, which holds every grade: a reload is only taken
    /// once the writer is done).
    fn apply_reload_keeping_session(&mut self, reload: Reload) {
        let old: Vec<(String, Vec<String>)> = self
            .decks
            .iter()
            .map(|d| (d.id.clone(), d.cards.iter().map(|c| c.id.clone()).collect()))
            .collect();
        self.apply_reload(reload);
        let Some(mut session) = self.session.take() else {
            return;
        };
        let decks: std::collections::HashMap<&str, usize> = self
            .decks
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.as_str(), i))
            .collect();
        let new_deck = |d: usize| {
            old.get(d)
                .and_then(|(id, _)| decks.get(id.as_str()).copied())
        };
        let new_card = |d: usize, c: usize| {
            let nd = new_deck(d)?;
            let id = old.get(d)?.1.get(c)?;
            let nc = self.decks.get(nd)?.cards.iter().position(|x| &x.id == id)?;
            Some((nd, nc))
        };
        session.remap(new_deck, new_card);
        // The suspends and buries `u` can take back name cards by place too.
        let actions = std::mem::take(&mut self.review.actions);
        self.review.actions = actions
            .into_iter()
            .filter_map(|a| a.remapped(new_card))
            .collect();
        if let Some(first) = self.reload.errors.first() {
            self.messages.error = Some(format!(
                "The edited deck has errors; its last good version is still used. {}{}",
                crate::text::sanitize(first),
                match self.reload.errors.len() {
                    1 => String::new(),
                    n => format!(" (and {} more: run `concur check`)", n - 1),
                }
            ));
        }
        if !session.is_finished() {
            self.session = Some(session);
        } else if !session.answers().is_empty() {
            self.session = Some(session);
            self.screen = super::Screen::Summary;
        } else {
            self.screen = super::Screen::Home;
        }
        self.clamp_scroll();
    }

    pub(in crate::tui) fn apply_reload(&mut self, reload: Reload) {
        self.decks = Arc::new(reload.decks);
        self.study = reload.study;
        self.text_arrived();
        self.stats.set_leeches(reload.leeches);
        self.selected = self.selected.min(self.decks.len().saturating_sub(1));
        self.views.find.refresh(&self.decks);
    }

    /// What a reload asked for now needs to know.
    pub fn reload_request(&self) -> ReloadRequest {
        ReloadRequest {
            writes: self.reload.writes,
            decks: Arc::clone(&self.decks),
            today: self.study.today,
            new_per_day: self.study.new_per_day,
            reviews_per_day: self.study.reviews_per_day,
            text_for: self.reload.lean.text_for(),
        }
    }

    /// Applies a reload that waited for the session to end, or asks for a
    /// fresh one if the session wrote to the log after it was read.
    pub(in crate::tui) fn apply_deferred_reload(&mut self) -> Option<Cmd> {
        if let Some(r) = self.reload.deferred.take() {
            if r.writes == self.reload.writes && self.saving.is_empty() {
                self.apply_reload(*r);
            } else {
                self.reload.wanted = true;
            }
        }
        self.next_reload()
    }
}

impl Reload {
    /// Everything a reload computes from what was loaded (`set`, `replay`) and
    /// what the app had (`req`): the merged decks (a deck whose file now has
    /// errors keeps its last good version), the study, the leeches. Pure; runs
    /// on the reload's thread.
    pub fn prepare(req: ReloadRequest, mut set: DeckSet, replay: &Replay) -> Reload {
        let errors: Vec<String> = set
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(ToString::to_string)
            .collect();
        // Keep the last good version of a deck whose file now has errors.
        let broken: Vec<&str> = set
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.path.as_str())
            .collect();
        let kept: Vec<Deck> = req
            .decks
            .iter()
            .filter(|old| match &old.source {
                DeckSource::File(p) => {
                    broken.contains(&p.display().to_string().as_str())
                        && !set
                            .decks
                            .iter()
                            .any(|d| d.source == old.source || d.id == old.id)
                }
                DeckSource::Bundled(_) => false,
            })
            .cloned()
            .collect();
        // Errors in files with no last good version: those decks are skipped,
        // as at start-up; the start-up count is out of date.
        let skipped = set
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .filter(|d| {
                !kept.iter().any(
                |k| matches!(&k.source, DeckSource::File(p) if p.display().to_string() == d.path),
            )
            })
            .count()
            .saturating_sub(set.card_errors);
        set.decks.extend(kept);
        let unchanged = set.decks == *req.decks;
        let study = Study::new(&set.decks, replay, req.today, req.new_per_day)
            .with_review_cap(req.reviews_per_day);
        Reload {
            decks: set.decks,
            study,
            leeches: crate::stats::leeches_of(replay),
            errors,
            skipped,
            card_errors: set.card_errors,
            notes: std::mem::take(&mut set.notes),
            unchanged,
            writes: req.writes,
        }
    }
}
