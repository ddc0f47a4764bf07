//! A lean start: the app opens on its home screen from the decks' ids
//! alone (names and counts are all it shows there), and the cards' text is
//! loaded off the UI thread when something first needs it: a session, the
//! quiz, find, the stats, interview mode's plan. The text comes as a
//! reload ([`Cmd::Reload`]), so a deck file changed meanwhile is taken in
//! too. Keys that need the text wait for it, in order, under a "loading"
//! notice, and are handled as if just pressed when it arrives.

use ratatui::crossterm::event::KeyEvent;

use crate::clock::Clock;
use crate::data_dir::DataDir;
use crate::deck::{Deck, DeckIds, DeckSource};
use crate::session::Study;
use crate::store::Replay;

use super::super::keymap::{self, HomeAction};
use super::super::msg::{Cmd, ids_key};
use super::{App, Screen};

/// The notice shown while keys wait for the cards' text.
pub const LOADING: &str = "Loading the cards' text…";

/// What the lean start waits for.
#[derive(Debug, Clone, Default)]
pub(super) struct Lean {
    /// The decks in use have no cards yet (their ids are in the study).
    partial: bool,
    /// Keys that wait for the text, oldest first.
    held: Vec<KeyEvent>,
    /// Interview mode's plan waits for the text.
    prep: bool,
    /// The [`ids_key`] of the ids the study was made from.
    key: u64,
}

impl Lean {
    /// What a reload asks for while the text is to come: the text of the
    /// decks with these ids ([`ReloadRequest::text_for`]).
    pub(super) fn text_for(&self) -> Option<u64> {
        self.partial.then_some(self.key)
    }
}

/// The home screen's actions that need the cards' text (or their ids,
/// which the lean decks do not carry: the stats ask for them).
const NEED_TEXT: [HomeAction; 5] = [
    HomeAction::Study,
    HomeAction::StudyAll,
    HomeAction::Quiz,
    HomeAction::Stats,
    HomeAction::Find,
];

impl App {
    /// A new app on the home screen from the decks' ids: each deck is its
    /// id and name, without cards, until the text is loaded (see the
    /// module's documentation).
    pub fn from_ids(
        ids: Vec<DeckIds>,
        replay: &Replay,
        clock: Clock,
        new_per_day: usize,
        data: DataDir,
    ) -> App {
        let decks: Vec<Deck> = ids
            .iter()
            .map(|d| Deck {
                id: d.id.clone(),
                name: d.name.clone(),
                description: String::new(),
                tags: Vec::new(),
                reverse: false,
                cards: Vec::new(),
                source: DeckSource::default(),
                id_pos: d.id_pos,
            })
            .collect();
        let today = clock.today();
        let mut app = App::new(decks, replay, clock, new_per_day, data);
        let cards: Vec<(String, Vec<String>)> = ids.into_iter().map(|d| (d.id, d.cards)).collect();
        app.study = Study::of_ids(&cards, replay, today, new_per_day);
        app.reload.lean.partial = true;
        app.reload.lean.key = ids_key(
            cards
                .iter()
                .map(|(d, c)| (d.as_str(), c.iter().map(String::as_str).collect())),
        );
        app
    }

    /// True until the cards' text has arrived (the decks in use have no
    /// cards).
    pub fn text_pending(&self) -> bool {
        self.reload.lean.partial
    }

    /// Keeps `key` for later if it needs the cards' text and that has not
    /// arrived, or if keys already wait (their order is kept), and asks for
    /// the text; `None` if the key is to be handled now.
    pub(super) fn hold_for_text(&mut self, key: KeyEvent) -> Option<Option<Cmd>> {
        let lean = &self.reload.lean;
        if !lean.partial {
            return None;
        }
        let needs = self.screen == Screen::Home
            && !self.views.help.open
            && keymap::actions(&[keymap::HOME], &key)
                .iter()
                .any(|a| NEED_TEXT.contains(a));
        let first = lean.held.is_empty();
        if first && !needs {
            return None;
        }
        self.reload.lean.held.push(key);
        self.messages.notice = Some(LOADING.to_string());
        // The first key asks for the text; the others wait with it.
        Some(if first { self.load_text() } else { None })
    }

    /// Interview mode wants its plan: it needs the cards' ids, so the text
    /// is asked for first and the plan after it.
    pub(super) fn prep_after_text(&mut self) -> Option<Option<Cmd>> {
        if !self.reload.lean.partial {
            return None;
        }
        self.reload.lean.prep = true;
        Some(self.load_text())
    }

    /// Asks for the cards' text (a reload), unless it is on its way.
    fn load_text(&mut self) -> Option<Cmd> {
        self.decks_changed()
    }

    /// The decks in use now have their cards.
    pub(super) fn text_arrived(&mut self) {
        self.reload.lean.partial = false;
    }

    /// After a reload: once the text is in, the keys that waited for it,
    /// in order, and the interview plan that did.
    pub(super) fn release_held(&mut self) -> Option<Cmd> {
        if self.reload.lean.partial {
            return None;
        }
        let held = std::mem::take(&mut self.reload.lean.held);
        let mut cmd = None;
        if std::mem::take(&mut self.reload.lean.prep) {
            cmd = self.request_prep();
        }
        if !held.is_empty() && self.messages.notice.as_deref() == Some(LOADING) {
            self.messages.notice = None;
        }
        for key in held {
            match self.key_or_quit(key) {
                Some(Cmd::Quit) => return Some(Cmd::Quit),
                next => cmd = Cmd::both(cmd, next),
            }
        }
        cmd
    }

    /// The text could not be loaded: the keys that waited for it are
    /// dropped (the error says so; pressing one again tries again); a plan
    /// that waited goes on waiting.
    pub(super) fn text_failed(&mut self, why: &str) {
        if !self.reload.lean.partial {
            return;
        }
        let held = std::mem::take(&mut self.reload.lean.held).len();
        if self.messages.notice.as_deref() == Some(LOADING) {
            self.messages.notice = None;
        }
        let then = match held {
            0 => "A key that needs it tries again.".to_string(),
            n => format!(
                "{} dropped: press one again to try again.",
                crate::text::plural(n, "key")
            ),
        };
        self.messages.error = Some(format!("Could not load the cards' text: {why}. {then}"));
    }
}

#[cfg(test)]
mod tests;
