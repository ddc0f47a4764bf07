//! Editing a card in the user's editor (`e`): the command that hands the
//! terminal over, the question before a bundled deck is copied to the data
//! folder, and what happens when the editor returns (a reload that keeps
//! the session, its card and its progress, `reload.rs`).

use ratatui::crossterm::event::KeyEvent;

use crate::deck::{BUNDLED, DeckSource};

use super::super::keymap::{self, CopyAction};
use super::super::msg::{Cmd, EditRequest};
use super::App;

impl App {
    /// Edits card `card` of deck `deck`: for a deck file, the command that
    /// opens it in the editor at the card's line; for a bundled deck, asks
    /// first whether to copy it to the data folder's `decks/` (answered by
    /// [`App::copy_prompt_key`]). `None` if there is no such card, or while
    /// the question is asked.
    pub(in crate::tui) fn edit_card(&mut self, deck: usize, card: usize) -> Option<Cmd> {
        let d = self.decks.get(deck)?;
        let line = d.cards.get(card)?.line;
        match &d.source {
            DeckSource::File(path) => {
                let edit = Cmd::Edit(EditRequest {
                    path: path.clone(),
                    line,
                    copy: None,
                });
                Cmd::both(self.stop_demo(), Some(edit))
            }
            DeckSource::Bundled(name) => {
                // One line on the review screen: the question comes first.
                self.messages.notice = Some(format!(
                    "y/n: copy the built-in deck {} to your decks folder ({name}) and edit the copy?",
                    d.id
                ));
                self.reload.offer_copy(deck, card);
                None
            }
        }
    }

    /// A key while "copy the bundled deck?" is asked.
    pub(in crate::tui) fn copy_prompt_key(&mut self, key: KeyEvent) -> Option<Cmd> {
        keymap::dispatch(&[keymap::COPY_PROMPT], &key, |action| {
            let (deck, card) = self.reload.take_offer()?;
            self.messages.notice = None;
            Some(match action {
                CopyAction::Copy => self.copy_and_edit(deck, card),
                CopyAction::Cancel => {
                    self.messages.notice = Some("Not copied; nothing edited.".to_string());
                    None
                }
            })
        })
        .flatten()
    }

    /// The edit of card `card` of the bundled deck `deck` in a copy in the
    /// data folder (written by the runtime before the editor starts; an
    /// existing copy is edited as it is).
    fn copy_and_edit(&mut self, deck: usize, card: usize) -> Option<Cmd> {
        let d = self.decks.get(deck)?;
        let DeckSource::Bundled(name) = d.source else {
            return self.edit_card(deck, card);
        };
        let text = BUNDLED.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)?;
        let edit = Cmd::Edit(EditRequest {
            path: self.data().decks().join(name),
            line: d.cards.get(card)?.line,
            copy: Some(text),
        });
        Cmd::both(self.stop_demo(), Some(edit))
    }

    /// The editor ended: says so if it failed, and loads the decks again
    /// (also after a failure: the file may have changed), keeping the
    /// session and its card.
    pub(in crate::tui) fn edited(&mut self, outcome: Result<(), String>) -> Option<Cmd> {
        match outcome {
            Ok(()) => self.messages.notice = Some("Edited: loading the deck again.".to_string()),
            Err(why) => self.messages.error = Some(why),
        }
        self.reload.after_edit();
        self.next_reload()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use std::path::PathBuf;

    use super::super::Screen;
    use super::super::tests::{app, deck, reloaded};
    use crate::deck::{Deck, DeckSource};
    use crate::tui::msg::{Cmd, EditRequest, Msg};

    /// Deck `id` read from the file `/decks/ID.toml`, its cards on lines
    /// 10, 20, ...
    fn file_deck(id: &str, cards: &[&str]) -> Deck {
        let mut d = deck(id, cards);
        d.source = DeckSource::File(PathBuf::from(format!("/decks/{id}.toml")));
        for (i, c) in d.cards.iter_mut().enumerate() {
            c.line = 10 * (i + 1);
        }
        d
    }

    #[test]
    fn e_on_a_file_deck_opens_the_file_at_the_cards_line() {
        let mut a = app(vec![file_deck("d", &["a", "b"])]);
        a.update(Msg::char('a'));
        assert_eq!(a.screen(), Screen::Review);
        assert_eq!(
            a.update(Msg::char('e')),
            Some(Cmd::Edit(EditRequest {
                path: PathBuf::from("/decks/d.toml"),
                line: 10,
                copy: None,
            }))
        );
        // Not on the home screen.
        let mut home = app(vec![file_deck("d", &["a"])]);
        assert_eq!(home.update(Msg::char('e')), None);
    }

    #[test]
    fn e_on_a_found_card_opens_that_card() {
        let mut a = app(vec![file_deck("d", &["alpha", "beta"])]);
        a.update(Msg::char('/'));
        for c in "beta".chars() {
            a.update(Msg::char(c));
        }
        a.update(Msg::key(ratatui::crossterm::event::KeyCode::Enter));
        assert_eq!(a.screen(), Screen::FindCard);
        assert_eq!(
            a.update(Msg::char('e')),
            Some(Cmd::Edit(EditRequest {
                path: PathBuf::from("/decks/d.toml"),
                line: 20,
                copy: None,
            }))
        );
    }

    #[test]
    fn e_on_a_bundled_deck_asks_to_copy_it_first() {
        let mut d = deck("mt-vs-mp", &["a"]);
        d.source = DeckSource::Bundled("mt-vs-mp.toml");
        d.cards[0].line = 7;
        let mut a = app(vec![d]);
        a.update(Msg::char('a'));
        assert_eq!(a.update(Msg::char('e')), None);
        assert!(a.notice().unwrap().contains("y/n"), "{:?}", a.notice());
        // The whole question shows at 80 columns (it wraps, not cut).
        let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
        t.draw(|f| f.render_widget(&a, f.area())).unwrap();
        let screen: String = t
            .backend()
            .buffer()
            .content()
            .iter()
            .map(|c| c.symbol())
            .collect();
        assert!(screen.contains("edit the copy?"), "{screen}");
        // Other keys wait for the answer; `n` says no.
        assert_eq!(a.update(Msg::char('4')), None);
        assert_eq!(a.update(Msg::char('n')), None);
        assert!(a.notice().unwrap().contains("Not copied"));
        assert_eq!(a.screen(), Screen::Review);
        // `y` edits a copy in the data folder's decks.
        a.update(Msg::char('e'));
        let Some(Cmd::Edit(req)) = a.update(Msg::char('y')) else {
            panic!("no edit");
        };
        assert_eq!(req.path, a.data().decks().join("mt-vs-mp.toml"));
        assert_eq!(req.line, 7);
        assert!(req.copy.unwrap().contains("id = \"mt-vs-mp\""));
        assert_eq!(a.notice(), None);
    }

    #[test]
    fn after_the_editor_the_session_goes_on_with_the_new_text_and_its_progress() {
        let mut a = app(vec![file_deck("d", &["a", "b", "c"])]);
        a.update(Msg::char('a'));
        a.update(Msg::char(' '));
        assert!(matches!(a.update(Msg::char('5')), Some(Cmd::Append(_))));
        a.update(Msg::Saved);
        a.update(Msg::char(' '));
        assert_eq!(a.current_card().unwrap().1.id, "b");
        assert!(matches!(a.update(Msg::char('e')), Some(Cmd::Edit(_))));
        // The reload is asked for at once, in the session.
        let Some(Cmd::Reload(req)) = a.update(Msg::Edited(Ok(()))) else {
            panic!("no reload");
        };
        assert_eq!(req.writes, 1);
        // The edit added a card before b and changed b's back.
        let mut edited = file_deck("d", &["a", "new", "b", "c"]);
        edited.cards[2].back = "A better answer.".into();
        assert_eq!(a.update(reloaded(vec![edited], 1)), None);
        assert_eq!(a.screen(), Screen::Review);
        let (_, card, _) = a.current_card().unwrap();
        assert_eq!(
            (card.id.as_str(), card.back.as_str()),
            ("b", "A better answer.")
        );
        assert!(a.revealed(), "the card is shown as it was");
        let s = a.session().unwrap();
        assert_eq!(s.answers().len(), 1, "the grade of a stays");
        assert_eq!(s.answers()[0].item.card, 0);
        assert_eq!(s.remaining().map(|i| i.card).collect::<Vec<_>>(), [2, 3]);
        // Deck changes after that are read, and wait for the end of the
        // session again (unless they are what the app already has).
        assert!(matches!(a.update(Msg::DecksChanged), Some(Cmd::Reload(_))));
    }

    #[test]
    fn a_suspend_before_an_edit_is_undone_on_its_own_card_after_it() {
        let mut a = app(vec![file_deck("d", &["a", "b", "c"])]);
        a.update(Msg::char('a'));
        assert!(matches!(a.update(Msg::char('@')), Some(Cmd::Append(_))));
        a.update(Msg::Saved);
        assert_eq!(a.current_card().unwrap().1.id, "b");
        assert!(matches!(a.update(Msg::char('e')), Some(Cmd::Edit(_))));
        let Some(Cmd::Reload(_)) = a.update(Msg::Edited(Ok(()))) else {
            panic!("no reload");
        };
        // The edit put a card before a: every card moved one place down.
        a.update(reloaded(vec![file_deck("d", &["new", "a", "b", "c"])], 1));
        let undo = a.update(Msg::char('u'));
        let Some(Cmd::Append(line)) = undo else {
            panic!("no undo line: {undo:?}");
        };
        assert_eq!(
            (line.card.as_str(), line.kind),
            ("a", crate::store::Kind::Undo)
        );
        assert!(!a.study().known(0, 1).suspended, "a is back");
    }

    #[test]
    fn a_failed_or_missing_editor_is_a_message_and_the_deck_is_read_again() {
        let mut a = app(vec![file_deck("d", &["a"])]);
        a.update(Msg::char('a'));
        let why = "The editor `nope` was not found: set $VISUAL or $EDITOR to your editor.";
        let cmd = a.update(Msg::Edited(Err(why.into())));
        assert!(matches!(cmd, Some(Cmd::Reload(_))));
        assert_eq!(a.error(), Some(why));
        assert_eq!(a.screen(), Screen::Review);
    }

    #[test]
    fn an_edit_that_breaks_the_deck_keeps_its_last_good_version_with_a_banner() {
        let mut a = app(vec![file_deck("d", &["a", "b"])]);
        a.update(Msg::char('a'));
        a.update(Msg::char('e'));
        a.update(Msg::Edited(Ok(())));
        let req = crate::tui::msg::ReloadRequest {
            writes: 0,
            decks: a.decks().to_vec().into(),
            today: "2026-11-25".parse().unwrap(),
            new_per_day: 20,
            reviews_per_day: None,
            text_for: None,
        };
        let set = crate::deck::DeckSet {
            diagnostics: vec![crate::diag::Diagnostic {
                path: "/decks/d.toml".into(),
                line: 3,
                col: 1,
                severity: crate::diag::Severity::Error,
                message: "TOML syntax: oops".into(),
            }],
            ..crate::deck::DeckSet::default()
        };
        let reload = crate::tui::msg::Reload::prepare(req, set, &crate::store::Replay::default());
        a.update(Msg::Reloaded(Box::new(reload)));
        assert_eq!(a.decks().len(), 1);
        assert_eq!(a.current_card().unwrap().1.id, "a");
        let banner = a.error().unwrap();
        assert!(banner.contains("/decks/d.toml:3:1"), "{banner}");
        assert!(banner.contains("last good version"), "{banner}");
        assert_eq!(a.screen(), Screen::Review);
    }
}
