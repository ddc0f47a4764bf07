//! The find screens' behaviour (`/` on the home and review screens): a
//! query typed over the list of matching cards ([`crate::session::find`],
//! searched again at each key), and one card shown with its state. Esc
//! goes from the card back to the list, then to the screen `/` was pressed
//! on (a review session waits, on its card, as it was).

use ratatui::crossterm::event::KeyEvent;

use super::{App, Screen};
use crate::deck::{Card, Deck};
use crate::session::{Hit, Search, find};
use crate::tui::keymap::{self, FindAction, FindCardAction};
use crate::tui::msg::Cmd;

/// The find screens' state.
#[derive(Debug, Clone, Default)]
pub struct FindView {
    /// The query typed.
    query: String,
    /// The cards that match it, best first.
    hits: Vec<Hit>,
    /// The chosen row of `hits`.
    selected: usize,
    /// The screen `/` was pressed on (`None` while closed).
    from: Option<Screen>,
    /// Lines the card shown is scrolled by.
    scroll: u16,
}

impl FindView {
    /// The query typed.
    pub fn query(&self) -> &str {
        &self.query
    }

    /// The matching cards, best first.
    pub fn hits(&self) -> &[Hit] {
        &self.hits
    }

    /// The chosen row.
    pub fn selected(&self) -> usize {
        self.selected
    }

    /// Lines the card shown is scrolled by.
    pub fn scroll(&self) -> u16 {
        self.scroll
    }

    /// Searches `decks` again for the query (after it changed, or the
    /// decks did); the chosen row stays in the list.
    pub(super) fn refresh(&mut self, decks: &[Deck]) {
        if self.from.is_none() {
            return;
        }
        self.hits = find(
            decks,
            &Search {
                query: &self.query,
                ..Search::default()
            },
        );
        self.selected = self.selected.min(self.hits.len().saturating_sub(1));
    }

    /// Moves the chosen row by `by`, within the list.
    fn move_by(&mut self, by: isize) {
        let last = self.hits.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(by).min(last);
    }
}

/// Rows a page key moves in the list.
const PAGE: isize = 10;

impl App {
    /// Opens the find list, empty, over the current screen.
    pub(in crate::tui) fn open_find(&mut self) {
        self.views.find = FindView {
            from: Some(self.screen),
            ..FindView::default()
        };
        self.views.find.refresh(&self.decks);
        self.screen = Screen::Find;
    }

    /// The find screens' state.
    pub fn find_view(&self) -> &FindView {
        &self.views.find
    }

    /// The card chosen in the find list, with its deck.
    pub fn found_card(&self) -> Option<(usize, &Deck, &Card)> {
        let hit = self.views.find.hits.get(self.views.find.selected)?;
        let deck = self.decks.get(hit.deck)?;
        Some((hit.deck, deck, deck.cards.get(hit.card)?))
    }

    /// The card index of the card chosen in the find list.
    pub fn found_hit(&self) -> Option<Hit> {
        self.views.find.hits.get(self.views.find.selected).copied()
    }

    pub(in crate::tui) fn find_key(&mut self, key: KeyEvent) -> Option<Cmd> {
        keymap::dispatch(&[keymap::FIND], &key, |action| {
            self.find_action(action, &key)
        });
        None
    }

    /// Does what `action` asks on the find list; `None` if it does not
    /// apply now.
    fn find_action(&mut self, action: FindAction, key: &KeyEvent) -> Option<()> {
        let view = &mut self.views.find;
        match action {
            FindAction::Type => {
                view.query.push(keymap::typed_char(key)?);
                view.selected = 0;
                view.refresh(&self.decks);
            }
            FindAction::Erase => {
                view.query.pop()?;
                view.selected = 0;
                view.refresh(&self.decks);
            }
            FindAction::Down => view.move_by(1),
            FindAction::Up => view.move_by(-1),
            FindAction::PageDown => view.move_by(PAGE),
            FindAction::PageUp => view.move_by(-PAGE),
            FindAction::Open => {
                view.hits.get(view.selected)?;
                view.scroll = 0;
                self.screen = Screen::FindCard;
            }
            FindAction::Back => {
                self.screen = view.from.take().unwrap_or(Screen::Home);
            }
        }
        Some(())
    }

    pub(in crate::tui) fn find_card_key(&mut self, key: KeyEvent) -> Option<Cmd> {
        keymap::dispatch(&[keymap::FIND_CARD], &key, |action| {
            self.find_card_action(action)
        })
        .flatten()
    }

    /// Does what `action` asks on a found card; `None` if it does not
    /// apply now. Keys acting on the card (edit, suspend, bury) go here.
    fn find_card_action(&mut self, action: FindCardAction) -> Option<Option<Cmd>> {
        let page = i32::from(
            crate::tui::find_card::body_height(self)
                .saturating_sub(1)
                .max(1),
        );
        match action {
            FindCardAction::Back => self.screen = Screen::Find,
            FindCardAction::Down => self.find_scroll_by(1),
            FindCardAction::Up => self.find_scroll_by(-1),
            FindCardAction::PageDown => self.find_scroll_by(page),
            FindCardAction::PageUp => self.find_scroll_by(-page),
            FindCardAction::Edit => {
                let hit = self.found_hit()?;
                return Some(self.edit_card(hit.deck, hit.card));
            }
            FindCardAction::Suspend | FindCardAction::Unsuspend | FindCardAction::Bury => {
                let hit = self.found_hit()?;
                let suspended = self.study.known(hit.deck, hit.card).suspended;
                return match action {
                    FindCardAction::Suspend if !suspended => {
                        Some(self.suspend_card(hit.deck, hit.card))
                    }
                    FindCardAction::Unsuspend if suspended => {
                        Some(self.unsuspend_card(hit.deck, hit.card))
                    }
                    FindCardAction::Bury => Some(self.bury_card(hit.deck, hit.card)),
                    _ => None,
                };
            }
        }
        Some(None)
    }

    /// Scrolls the card shown by `by` lines, within the card.
    fn find_scroll_by(&mut self, by: i32) {
        let max = crate::tui::find_card::max_scroll(self);
        let next = i32::from(self.views.find.scroll) + by;
        self.views.find.scroll = u16::try_from(next.max(0)).unwrap_or(u16::MAX).min(max);
    }
}
