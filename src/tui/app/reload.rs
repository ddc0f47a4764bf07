//! Deck files changed on disk: asking for a reload (never during a review
//! session), dropping a stale one, and merging the result so that a deck
//! whose file now has errors keeps its last good version. The start-up
//! banner about skipped decks is replaced by what the reload found, so it
//! goes away once those decks load cleanly.

use crate::deck::{Deck, DeckSource};
use crate::session::Study;

use super::super::msg::{Cmd, Reload};
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
        self.reload.wanted = false;
        self.reload.in_flight = true;
        Some(Cmd::Reload {
            writes: self.reload.writes,
        })
    }

    /// A reload's result came back.
    pub(in crate::tui) fn reload_arrived(&mut self, reload: Box<Reload>) -> Option<Cmd> {
        self.reload.in_flight = false;
        if reload.writes == self.reload.writes {
            self.reloaded(reload);
        } else {
            // Replayed before this app's latest line: ask again.
            self.reload.wanted = true;
        }
        self.next_reload()
    }

    /// Takes in decks loaded again after a file changed. Decks that now have
    /// errors keep their last good version and their errors show in a
    /// banner; during a review session the new decks wait until it ends.
    pub(in crate::tui) fn reloaded(&mut self, mut reload: Box<Reload>) {
        self.reload.errors = reload
            .decks
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(ToString::to_string)
            .collect();
        // Keep the last good version of a deck whose file now has errors.
        let broken: Vec<&str> = reload
            .decks
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.path.as_str())
            .collect();
        let kept: Vec<Deck> = self
            .decks
            .iter()
            .filter(|old| match &old.source {
                DeckSource::File(p) => {
                    broken.contains(&p.display().to_string().as_str())
                        && !reload
                            .decks
                            .decks
                            .iter()
                            .any(|d| d.source == old.source || d.id == old.id)
                }
                DeckSource::Bundled(_) => false,
            })
            .cloned()
            .collect();
        // Errors in files with no last good version: those decks are
        // skipped, as at start-up; the start-up count is out of date.
        let skipped = reload
            .decks
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .filter(|d| {
                !kept.iter().any(
                    |k| matches!(&k.source, DeckSource::File(p) if p.display().to_string() == d.path),
                )
            })
            .count();
        self.messages
            .problems
            .retain(|p| !crate::tui::is_deck_problem(p));
        self.messages
            .problems
            .extend(crate::tui::deck_problem(skipped));
        reload.decks.decks.extend(kept);
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
        let today = self.study.today;
        let per_day = self.study.new_per_day;
        self.decks = reload.decks.decks;
        self.study = Study::new(&self.decks, &reload.replay, today, per_day);
        self.stats
            .set_leeches(crate::stats::leeches_of(&reload.replay));
        self.selected = self.selected.min(self.decks.len().saturating_sub(1));
    }

    /// Applies a reload that waited for the session to end, or asks for a
    /// fresh one if the session wrote to the log after it was read.
    pub(in crate::tui) fn apply_deferred_reload(&mut self) -> Option<Cmd> {
        if let Some(r) = self.reload.deferred.take() {
            if r.writes == self.reload.writes {
                self.apply_reload(*r);
            } else {
                self.reload.wanted = true;
            }
        }
        self.next_reload()
    }
}
