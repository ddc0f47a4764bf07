//! The model and `update`: every state change of the review app happens
//! here, driven by [`Msg`]. Side effects (writing the log, starting a demo,
//! reloading, quitting) are returned as [`Cmd`] for the runtime to perform;
//! their result comes back as a message, so the whole app can be driven in
//! tests. The behaviour of each part lives beside it: `review.rs` (grading,
//! undo, scrolling), `reload.rs` (deck files changed on disk), `demo.rs`
//! (the card's live demo); the quiz's is in `tui/quiz/glue.rs`.

mod demo;
mod reload;
mod review;
mod stats;
#[cfg(test)]
mod tests;

use std::time::Duration;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::clock::Clock;
use crate::data_dir::DataDir;
use crate::deck::{Card, Deck};
use crate::demo::DemoState;
use crate::session::{Scope, Session, Study};
use crate::store::{Kind, Replay};

use super::msg::{Cmd, Msg, Reload};
use super::quiz::Quiz;
use super::quiz_setup::QuizSetup;
use super::timer::Timer;

pub use review::Pending;
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
}

/// The whole state of the review app.
#[derive(Debug, Clone)]
pub struct App {
    /// The decks, in load order.
    pub decks: Vec<Deck>,
    /// Every card's state today, kept current as grades are saved.
    pub study: Study,
    /// The session in progress (also while its summary shows).
    pub session: Option<Session>,
    /// The screen shown.
    pub screen: Screen,
    /// The selected deck on the home screen.
    pub selected: usize,
    /// The help overlay is open.
    pub help: bool,
    /// Lines the help overlay is scrolled by (when it does not fit).
    pub help_scroll: u16,
    /// The current card's back is shown.
    pub revealed: bool,
    /// Lines scrolled in the current card.
    pub scroll: u16,
    /// Rows scrolled in the demo pane (when its content is taller than it).
    pub demo_scroll: u16,
    /// The window size (columns, rows).
    pub size: (u16, u16),
    /// The clock: `today()` is the session's day, `now()` stamps log lines.
    pub clock: Clock,
    /// Measures the time spent on each card.
    pub timer: Timer,
    /// When the current card was shown (timer time).
    pub shown_at: Duration,
    /// A log write not yet known to have succeeded (kept while it fails).
    pub pending: Option<Pending>,
    /// The red banner: the last write error, with what to do.
    pub error: Option<String>,
    /// A one-line notice (nothing to study, undone, ...).
    pub notice: Option<String>,
    /// Problems found while loading (deck errors, bad log lines), shown on
    /// the home screen.
    pub problems: Vec<String>,
    /// `q` was pressed with an unsaved grade; another `q` leaves without it.
    pub discard_armed: bool,
    /// The data folder: where grades, the quiz's weak cards and the stats'
    /// replay are written and read.
    pub data: DataDir,
    /// The quiz in progress.
    pub quiz: Option<Quiz>,
    /// The quiz options form.
    pub quiz_setup: QuizSetup,
    /// Started as `concur quiz`: leaving the quiz quits.
    pub quiz_only: bool,
    /// Errors of deck files that changed on disk and no longer load (their
    /// last good version stays in use); cleared when they are fixed.
    pub reload_errors: Vec<String>,
    /// A reload that arrived during a review session, applied when it ends.
    pub deferred_reload: Option<Box<Reload>>,
    /// Deck files changed and a reload is still to be asked for (after the
    /// session, or after the reload in flight).
    pub reload_wanted: bool,
    /// A [`Cmd::Reload`] was given and its result has not come back.
    pub reload_in_flight: bool,
    /// Log lines this app has written (a replay older than the last one is
    /// stale).
    pub writes: u64,
    /// Whether `python3` runs here: `None` until the background probe
    /// answers (the real-CPython variant is offered only after a yes).
    pub python_here: Option<bool>,
    /// The live demo of the revealed card, if it has one.
    pub demo: Option<DemoState>,
    /// The stats screen's figures (`None` until it is first opened).
    pub stats: Option<StatsView>,
    /// The last stats request's generation.
    pub stats_generation: u64,
    /// Leeches as `(deck, card, lapses)`, sorted: marked on the review
    /// screen. Known from the replay (it counts lapses) at start-up and at
    /// each reload, and each time the stats are computed.
    pub leeches: Vec<(String, String, u32)>,
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
            decks,
            study,
            session: None,
            screen: Screen::Home,
            selected: 0,
            help: false,
            help_scroll: 0,
            revealed: false,
            scroll: 0,
            demo_scroll: 0,
            size: (80, 24),
            clock,
            timer: Timer::start(),
            shown_at: Duration::ZERO,
            pending: None,
            error: None,
            notice: None,
            problems: Vec::new(),
            discard_armed: false,
            data,
            quiz: None,
            quiz_setup: QuizSetup::default(),
            quiz_only: false,
            reload_errors: Vec::new(),
            deferred_reload: None,
            reload_wanted: false,
            reload_in_flight: false,
            writes: 0,
            python_here: None,
            demo: None,
            stats: None,
            stats_generation: 0,
            leeches: crate::stats::leeches_of(replay),
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
                self.size = (w, h);
                self.clamp_scroll();
                None
            }
            Msg::Saved(result) if self.screen == Screen::Quiz => self.quiz_saved(result),
            Msg::Saved(result) => self.saved(result),
            Msg::WeakSaved(Err(e)) => {
                self.error = Some(format!(
                    "Could not remember the weak cards for `concur quiz --last-weak`: {e}"
                ));
                None
            }
            Msg::WeakSaved(Ok(())) => None,
            Msg::Reloaded(reload) => self.reload_arrived(reload),
            Msg::ReloadFailed(why) => {
                self.reload_in_flight = false;
                self.error = Some(format!(
                    "Could not reload the deck files: {why}. The decks loaded before stay in use; the next change tries again."
                ));
                self.next_reload()
            }
            Msg::DecksChanged => self.decks_changed(),
            Msg::PythonProbed(here) => {
                self.python_probed(here);
                None
            }
            Msg::Demo(ev) => {
                if let Some(d) = &mut self.demo {
                    d.apply(*ev);
                }
                None
            }
            Msg::DemoFailed(why) => {
                if let Some(d) = &mut self.demo {
                    d.status = crate::demo::Status::Failed;
                    d.error = Some(why);
                }
                None
            }
            Msg::Tick => {
                let now = self.now_ms();
                let out = self.quiz.as_mut()?.tick(now);
                self.quiz_out(out)
            }
            Msg::StatsComputed { generation, result } => {
                self.stats_arrived(generation, result);
                None
            }
            Msg::Leeches(mut list) => {
                list.sort();
                self.leeches = list;
                None
            }
            Msg::Key(key) => self.key(key),
        }
    }

    pub(in crate::tui) fn key(&mut self, key: KeyEvent) -> Option<Cmd> {
        if key.modifiers.contains(KeyModifiers::CONTROL)
            && matches!(key.code, KeyCode::Char('c' | 'C'))
        {
            return Some(Cmd::Quit);
        }
        if self.help {
            let max = super::help::max_scroll(self, super::layout::window(self));
            match key.code {
                KeyCode::Char('?' | 'q') | KeyCode::Esc | KeyCode::Enter => self.help = false,
                KeyCode::Char('j') | KeyCode::Down => {
                    self.help_scroll = (self.help_scroll + 1).min(max);
                }
                KeyCode::Char('k') | KeyCode::Up => {
                    self.help_scroll = self.help_scroll.saturating_sub(1).min(max);
                }
                _ => {}
            }
            return None;
        }
        // While an answer is being typed, every key is text.
        if self.screen == Screen::Quiz
            && self.quiz.as_ref().is_some_and(|q| {
                q.is_typed() && matches!(q.phase, super::quiz::Phase::Asking { .. })
            })
        {
            return self.quiz_key(key);
        }
        if key.code == KeyCode::Char('?') {
            self.help = true;
            self.help_scroll = 0;
            return None;
        }
        let quit_key = matches!(key.code, KeyCode::Char('q') | KeyCode::Esc);
        if !quit_key {
            self.discard_armed = false;
        }
        match self.screen {
            Screen::Home => self.home_key(key),
            Screen::Review => self.review_key(key),
            Screen::Summary => self.summary_key(key),
            Screen::QuizSetup => self.quiz_setup_key(key),
            Screen::Quiz => self.quiz_key(key),
            Screen::Stats => self.stats_key(key),
        }
    }

    pub(in crate::tui) fn home_key(&mut self, key: KeyEvent) -> Option<Cmd> {
        self.notice = None;
        let last = self.decks.len().saturating_sub(1);
        match key.code {
            KeyCode::Char('q') | KeyCode::Esc => return Some(Cmd::Quit),
            KeyCode::Char('j') | KeyCode::Down => self.selected = (self.selected + 1).min(last),
            KeyCode::Char('k') | KeyCode::Up => self.selected = self.selected.saturating_sub(1),
            KeyCode::Home | KeyCode::Char('g') => self.selected = 0,
            KeyCode::End | KeyCode::Char('G') => self.selected = last,
            KeyCode::Enter | KeyCode::Char(' ') if !self.decks.is_empty() => {
                self.start(Scope::Deck(self.selected));
            }
            KeyCode::Char('a') => self.start(Scope::All),
            KeyCode::Char('c') if !self.decks.is_empty() => self.open_quiz_setup(),
            KeyCode::Char('s') => return self.open_stats(),
            _ => {}
        }
        None
    }

    /// Starts a session over `scope`, or says why there is nothing to do.
    pub fn start(&mut self, scope: Scope) {
        let items = self.study.queue(scope);
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
            self.notice = Some(format!("Nothing to study in {what} today{cap}."));
            return;
        }
        self.notice = None;
        self.error = None;
        self.session = Some(Session::new(scope, items));
        self.screen = Screen::Review;
        self.show_card();
    }

    /// Resets the per-card view for the card now current.
    pub(in crate::tui) fn show_card(&mut self) {
        self.revealed = false;
        self.scroll = 0;
        self.shown_at = self.timer.elapsed();
    }

    /// Milliseconds on the app's timer (for quiz countdowns).
    pub(in crate::tui) fn now_ms(&self) -> u64 {
        u64::try_from(self.timer.elapsed().as_millis()).unwrap_or(u64::MAX)
    }
}
