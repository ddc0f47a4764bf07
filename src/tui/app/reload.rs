//! Deck files changed on disk: asking for a reload (never during a review
//! session, nor while log lines wait for the writer), dropping a stale one,
//! and merging the result so that a deck whose file now has errors keeps
//! its last good version. The start-up banner about skipped decks is
//! replaced by what the reload found, so it goes away once those decks load
//! cleanly. The work over the whole replay ([`prepare`]: merging, the study
//! queue, the leeches) runs with the loading, off the UI thread.

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
}

impl App {
    /// A reload failed: says why; the decks in use stay.
    pub(in crate::tui) fn reload_failed(&mut self, why: &str) -> Option<Cmd> {
        self.reload.in_flight = false;
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
        if self.session.is_some() {
            self.messages.notice = Some(
                "Deck files changed: the new version is used when this session ends.".to_string(),
            );
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

    /// A reload's result came back.
    pub(in crate::tui) fn reload_arrived(&mut self, reload: Box<Reload>) -> Option<Cmd> {
        self.reload.in_flight = false;
        if reload.writes == self.reload.writes && self.saving.is_empty() {
            self.reloaded(reload);
        } else {
            // Replayed before this app's latest line: ask again.
            self.reload.wanted = true;
        }
        self.next_reload()
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
            .extend(crate::tui::deck_problem(reload.skipped));
        if self.session.is_some() {
            self.messages.notice = Some(
                "Deck files changed: the new version is used when this session ends.".to_string(),
            );
            self.reload.deferred = Some(reload);
            return;
        }
        self.apply_reload(*reload);
    }

    pub(in crate::tui) fn apply_reload(&mut self, reload: Reload) {
        self.decks = reload.decks;
        self.study = reload.study;
        self.stats.set_leeches(reload.leeches);
        self.selected = self.selected.min(self.decks.len().saturating_sub(1));
    }

    /// What a reload asked for now needs to know.
    pub fn reload_request(&self) -> ReloadRequest {
        ReloadRequest {
            writes: self.reload.writes,
            decks: self.decks.clone(),
            today: self.study.today,
            new_per_day: self.study.new_per_day,
            reviews_per_day: self.study.reviews_per_day,
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
            .into_iter()
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
            .count();
        set.decks.extend(kept);
        let study = Study::new(&set.decks, replay, req.today, req.new_per_day)
            .with_review_cap(req.reviews_per_day);
        Reload {
            decks: set.decks,
            study,
            leeches: crate::stats::leeches_of(replay),
            errors,
            skipped,
            writes: req.writes,
        }
    }
}
