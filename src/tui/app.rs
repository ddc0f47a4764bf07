//! The model and `update`: every state change of the review app happens
//! here, driven by [`Msg`]. Side effects (writing the log, starting a demo,
//! reloading, quitting) are returned as [`Cmd`] for the runtime to perform;
//! their result comes back as a message, so the whole app can be driven in
//! tests. The behaviour of each part lives beside it: `review.rs` (grading,
//! undo, scrolling), `reload.rs` (deck files changed on disk), `demo.rs`
//! (the card's live demo), `quiz.rs` (the quiz), `stats.rs`.

mod accessors;
mod card_action;
mod demo;
mod edit;
mod find;
mod interview;
mod lean;
mod quiz;
mod reload;
mod review;
mod saving;
mod stats;
#[cfg(test)]
mod tests;

use std::sync::Arc;

use ratatui::crossterm::event::KeyEvent;

use crate::clock::Clock;
use crate::data_dir::DataDir;
use crate::deck::{Card, Deck};
use crate::session::{Scope, Session, Study};
use crate::store::{Kind, Replay};

use super::keymap::{self, GlobalAction, HelpAction, HomeAction};
use super::msg::{Cmd, Msg};
use super::timer::Timer;

use demo::DemoPane;
use quiz::QuizState;
use reload::Reloading;
use review::ReviewView;
use stats::StatsState;

pub use find::FindView;
pub use lean::LOADING;
pub use saving::Saving;
pub use stats::StatsView;

/// The screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// Decks and their counts.
    Home,
    /// One card at a time.
    Review,
    /// The end of a session.
    Summary,
    /// The quiz options form.
    QuizSetup,
    /// A quiz in progress, or its score.
    Quiz,
    /// The stats: heatmap, forecast, retention, cards, time, leeches.
    Stats,
    /// The cards matching a query (`/`).
    Find,
    /// One found card with its state.
    FindCard,
}

/// The whole state of the review app. Each screen's state is a part of
/// its own, changed only by that screen's behaviour (`review.rs`,
/// `reload.rs`, `quiz.rs`, `stats.rs`, `demo.rs`); what other modules
/// need to read, they get from methods (`accessors.rs`).
#[derive(Debug, Clone)]
pub struct App {
    /// The decks, in load order (shared: a reload request takes them to
    /// its thread without copying a card).
    decks: Arc<Vec<Deck>>,
    /// Every card's state today, kept current as grades are saved.
    study: Study,
    /// The session in progress (also while its summary shows).
    session: Option<Session>,
    /// The screen shown.
    screen: Screen,
    /// The selected deck on the home screen.
    selected: usize,
    /// The window: its size, and colours on or off.
    window: Window,
    /// The day and the time of log lines, and the timer of answers.
    time: Time,
    /// The banner, the notice and the load problems.
    messages: Messages,
    /// Log lines on their way to the writer thread, in order, and the
    /// review log they go to.
    saving: Saving,
    /// The help overlay and the find screens.
    views: Views,
    /// The current card's view: revealed, scrolled, its unsaved grade.
    review: ReviewView,
    /// The revealed card's live demo and its pane.
    demo: DemoPane,
    /// The quiz, its options form, and how it was started.
    quiz: QuizState,
    /// Deck files changed on disk: the reload asked for or waiting.
    reload: Reloading,
    /// The stats screen's figures, and the leeches.
    stats: StatsState,
}

/// The window the app draws in.
#[derive(Debug, Clone, Copy)]
struct Window {
    /// Columns, rows.
    size: (u16, u16),
    /// Colours on (else every cell is drawn without colour, its bold,
    /// reversed and underlined kept: `NO_COLOR`, `colors = false`).
    colors: bool,
}

/// The app's two time sources.
#[derive(Debug, Clone)]
struct Time {
    /// `today()` is the session's day, `now()` stamps log lines.
    clock: Clock,
    /// Measures the time spent on each card.
    timer: Timer,
}

/// What the app has to say besides the screen itself.
#[derive(Debug, Clone, Default)]
struct Messages {
    /// The red banner: the last write error, with what to do.
    error: Option<String>,
    /// A one-line notice (nothing to study, undone, ...).
    notice: Option<String>,
    /// Problems found while loading (deck errors, bad log lines), shown on
    /// the home screen.
    problems: Vec<String>,
}

/// The views opened over any screen, which go back to it when closed: the
/// help overlay (`?`) and the find screens (`/`).
#[derive(Debug, Clone, Default)]
struct Views {
    /// The help overlay.
    help: HelpView,
    /// The find list and the card shown from it.
    find: FindView,
}

/// The help overlay (`?`).
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct HelpView {
    /// It is open.
    open: bool,
    /// Lines it is scrolled by (when it does not fit).
    scroll: u16,
}

impl App {
    /// A new app on the home screen.
    pub fn new(
        decks: Vec<Deck>,
        replay: &Replay,
        clock: Clock,
        new_per_day: usize,
        data: DataDir,
    ) -> App {
        let study = Study::new(&decks, replay, clock.today(), new_per_day);
        App {
            decks: Arc::new(decks),
            study,
            session: None,
            screen: Screen::Home,
            selected: 0,
            window: Window {
                size: (80, 24),
                colors: true,
            },
            time: Time {
                clock,
                timer: Timer::start(),
            },
            messages: Messages::default(),
            saving: Saving::new(data),
            views: Views::default(),
            review: ReviewView::default(),
            demo: DemoPane::default(),
            quiz: QuizState::default(),
            reload: Reloading::default(),
            stats: StatsState::new(crate::stats::leeches_of(replay)),
        }
    }

    /// The card being asked, with its deck.
    pub fn current_card(&self) -> Option<(&Deck, &Card, Kind)> {
        let item = self.session.as_ref()?.current()?;
        let deck = self.decks.get(item.deck)?;
        Some((deck, deck.cards.get(item.card)?, item.kind))
    }

    /// Handles one message; returns the side effect to perform, if any.
    pub fn update(&mut self, msg: Msg) -> Option<Cmd> {
        match msg {
            Msg::Resize(w, h) => {
                self.window.size = (w, h);
                self.clamp_scroll();
                None
            }
            Msg::Saved => self.saved(),
            Msg::SaveFailed(why) => self.save_failed(why),
            Msg::SaveWaiting(wait) => {
                self.save_waiting(wait);
                None
            }
            Msg::WeakSaved(Err(e)) => {
                self.messages.error = Some(format!(
                    "Could not remember the weak cards for `concur quiz --last-weak`: {e}"
                ));
                None
            }
            Msg::WeakSaved(Ok(())) => None,
            Msg::Reloaded(reload) => self.reload_arrived(reload),
            Msg::TextLoaded(decks) => self.text_loaded(decks),
            Msg::ReloadFailed(why) => self.reload_failed(&why),
            Msg::DecksChanged => self.decks_changed(),
            Msg::PythonProbed(here) => {
                self.python_probed(here);
                None
            }
            Msg::Demo(ev) => {
                self.demo.event(*ev);
                None
            }
            Msg::DemoFailed(why) => {
                self.demo.failed(why);
                None
            }
            Msg::Tick => self.quiz_tick(),
            Msg::StatsComputed { generation, result } => {
                self.stats_arrived(generation, result);
                None
            }
            Msg::Leeches(list) => {
                self.stats.set_leeches(list);
                None
            }
            Msg::Edited(outcome) => self.edited(outcome),
            Msg::Started => self.request_prep(),
            Msg::PrepPlanned { generation, result } => {
                self.prep_planned(generation, result);
                None
            }
            Msg::Key(key) => self.key_or_quit(key),
        }
    }

    pub(in crate::tui) fn key(&mut self, key: KeyEvent) -> Option<Cmd> {
        let global = keymap::actions(&[keymap::GLOBAL], &key);
        if global.contains(&GlobalAction::Quit) {
            return Some(Cmd::Quit);
        }
        if let Some(cmd) = self.hold_for_text(key) {
            return cmd;
        }
        if self.views.help.open {
            let max = super::help::max_scroll(self, super::layout::window(self));
            let help = &mut self.views.help;
            keymap::dispatch(&[keymap::HELP], &key, |action| {
                match action {
                    HelpAction::Close => help.open = false,
                    HelpAction::Down => help.scroll = (help.scroll + 1).min(max),
                    HelpAction::Up => help.scroll = help.scroll.saturating_sub(1).min(max),
                }
                Some(())
            });
            return None;
        }
        // "Copy the bundled deck to edit it?" takes the next key.
        if self.reload.offering() {
            return self.copy_prompt_key(key);
        }
        // While an answer is being typed, every key is text.
        if self.screen == Screen::Quiz && self.quiz.typing() {
            return self.quiz_key(key);
        }
        // So is every key of the find list (its query).
        if self.screen == Screen::Find {
            return self.find_key(key);
        }
        if global.contains(&GlobalAction::Help) {
            self.views.help = HelpView {
                open: true,
                scroll: 0,
            };
            return None;
        }
        match self.screen {
            Screen::Home => self.home_key(key),
            Screen::Review => self.review_key(key),
            Screen::Summary => self.summary_key(key),
            Screen::QuizSetup => self.quiz_setup_key(key),
            Screen::Quiz => self.quiz_key(key),
            Screen::Stats => self.stats_key(key),
            Screen::Find => self.find_key(key),
            Screen::FindCard => self.find_card_key(key),
        }
    }

    pub(in crate::tui) fn home_key(&mut self, key: KeyEvent) -> Option<Cmd> {
        self.messages.notice = None;
        keymap::dispatch(&[keymap::HOME], &key, |action| self.home_action(action)).flatten()
    }

    /// Does what `action` asks on the home screen; `None` if it does not
    /// apply now.
    fn home_action(&mut self, action: HomeAction) -> Option<Option<Cmd>> {
        let last = self.decks.len().saturating_sub(1);
        match action {
            HomeAction::Quit => return Some(Some(Cmd::Quit)),
            HomeAction::Down => self.selected = (self.selected + 1).min(last),
            HomeAction::Up => self.selected = self.selected.saturating_sub(1),
            HomeAction::First => self.selected = 0,
            HomeAction::Last => self.selected = last,
            HomeAction::Study if !self.decks.is_empty() => self.start(Scope::Deck(self.selected)),
            HomeAction::StudyAll => self.start(Scope::All),
            HomeAction::Quiz if !self.decks.is_empty() => self.open_quiz_setup(),
            HomeAction::Stats => return Some(self.open_stats()),
            HomeAction::Find => self.open_find(),
            HomeAction::Study | HomeAction::Quiz => return None,
        }
        Some(None)
    }

    /// Starts a session over `scope`, or says why there is nothing to do.
    pub fn start(&mut self, scope: Scope) {
        let mut items = self.study.queue(scope);
        if scope == Scope::All {
            // Interview mode: the plan's prep cards after the SM-2 ones.
            let prep = self.prep_items(&items);
            items.extend(prep);
        }
        if items.is_empty() {
            let what = match scope {
                Scope::All => "any deck".to_string(),
                Scope::Deck(d) => self
                    .decks
                    .get(d)
                    .map_or_else(String::new, |d| d.name.clone()),
            };
            let cap = if self.study.new_left_today() == 0 {
                " (today's new cards are used up)"
            } else {
                ""
            };
            let decks = match scope {
                Scope::All => 0..self.decks.len(),
                Scope::Deck(d) => d..d + 1,
            };
            let waiting: usize = decks.map(|d| self.study.sibling_waits(d)).sum();
            let siblings = if waiting > 0 {
                format!(
                    " {} {} for tomorrow: its sibling was studied today.",
                    crate::text::plural(waiting, "card"),
                    if waiting == 1 { "waits" } else { "wait" }
                )
            } else {
                String::new()
            };
            self.messages.notice =
                Some(format!("Nothing to study in {what} today{cap}.{siblings}"));
            return;
        }
        self.messages.notice = None;
        self.messages.error = None;
        self.session = Some(Session::new(scope, items));
        // What `u` could take back belonged to the last session.
        self.review.actions.clear();
        self.screen = Screen::Review;
        self.show_card();
    }

    /// Resets the per-card view for the card now current.
    pub(in crate::tui) fn show_card(&mut self) {
        self.review.show(self.time.timer.elapsed());
    }

    /// Milliseconds on the app's timer (for quiz countdowns).
    pub(in crate::tui) fn now_ms(&self) -> u64 {
        u64::try_from(self.time.timer.elapsed().as_millis()).unwrap_or(u64::MAX)
    }
}
