//! What the rest of the program reads of the app (rendering, commands,
//! tests): every field is private, changed only by the app's own
//! behaviour.

use crate::clock::Clock;
use crate::data_dir::DataDir;
use crate::deck::Deck;
use crate::demo::DemoState;
use crate::session::{Session, Study};
use crate::tui::quiz::Quiz;
use crate::tui::quiz_setup::QuizSetup;
use crate::tui::timer::Timer;

use super::{App, Saving, Screen, StatsView};

impl App {
    /// The decks, in load order.
    pub fn decks(&self) -> &[Deck] {
        &self.decks
    }

    /// Every card's state today.
    pub fn study(&self) -> &Study {
        &self.study
    }

    /// The session in progress (also while its summary shows).
    pub fn session(&self) -> Option<&Session> {
        self.session.as_ref()
    }

    /// The screen shown.
    pub fn screen(&self) -> Screen {
        self.screen
    }

    /// The selected deck on the home screen.
    pub fn selected(&self) -> usize {
        self.selected
    }

    /// The window size (columns, rows).
    pub fn size(&self) -> (u16, u16) {
        self.window.size
    }

    /// Colours are on.
    pub fn colors(&self) -> bool {
        self.window.colors
    }

    /// Turns colours on or off.
    pub fn set_colors(&mut self, on: bool) {
        self.window.colors = on;
    }

    /// Takes up `settings` beyond the new-card cap ([`App::new`] takes
    /// that): the review cap, the quiz form's defaults, colours.
    pub fn use_settings(&mut self, settings: &crate::config::Settings) {
        self.study.reviews_per_day = settings.reviews_per_day.value;
        self.quiz.set_defaults(
            settings.quiz_typed.value,
            settings.quiz_count.value,
            settings.quiz_time.value,
        );
        self.set_colors(settings.colors.value);
        self.set_interview(settings.interview.value, settings.prep_per_day.value);
    }

    /// The clock: `today()` is the session's day.
    pub fn clock(&self) -> &Clock {
        &self.time.clock
    }

    /// The timer that measures answers (tests set a manual one).
    pub fn timer_mut(&mut self) -> &mut Timer {
        &mut self.time.timer
    }

    /// The red banner: the last error, with what to do.
    pub fn error(&self) -> Option<&str> {
        self.messages.error.as_deref()
    }

    /// The one-line notice.
    pub fn notice(&self) -> Option<&str> {
        self.messages.notice.as_deref()
    }

    /// Problems found while loading, shown on the home screen.
    pub fn problems(&self) -> &[String] {
        &self.messages.problems
    }

    /// Sets the problems found while loading.
    pub fn set_problems(&mut self, problems: Vec<String>) {
        self.messages.problems = problems;
    }

    /// The data folder (the review log, the quiz's weak cards, the stats'
    /// replay).
    pub fn data(&self) -> &DataDir {
        self.saving.data()
    }

    /// The log lines on their way to the writer thread.
    pub fn saving(&self) -> &Saving {
        &self.saving
    }

    /// Log lines this app has written (a replay read before the last one
    /// is stale).
    pub fn writes(&self) -> u64 {
        self.reload.writes()
    }

    /// The help overlay is open.
    pub fn help_open(&self) -> bool {
        self.views.help.open
    }

    /// Lines the help overlay is scrolled by.
    pub fn help_scroll(&self) -> u16 {
        self.views.help.scroll
    }

    /// The current card's back is shown.
    pub fn revealed(&self) -> bool {
        self.review.revealed()
    }

    /// Lines scrolled in the current card.
    pub fn scroll(&self) -> u16 {
        self.review.scroll()
    }

    /// The live demo of the revealed card, if it has one.
    pub fn demo(&self) -> Option<&DemoState> {
        self.demo.state()
    }

    /// Rows scrolled in the demo pane.
    pub fn demo_scroll(&self) -> u16 {
        self.demo.scroll()
    }

    /// The quiz in progress.
    pub fn quiz(&self) -> Option<&Quiz> {
        self.quiz.quiz()
    }

    /// The quiz options form.
    pub fn quiz_setup(&self) -> &QuizSetup {
        self.quiz.setup()
    }

    /// Started as `concur quiz`: leaving the quiz quits.
    pub fn set_quiz_only(&mut self, only: bool) {
        self.quiz.set_only(only);
    }

    /// True if started as `concur quiz`.
    pub fn quiz_only(&self) -> bool {
        self.quiz.only()
    }

    /// Errors of deck files that changed on disk and no longer load.
    pub fn reload_errors(&self) -> &[String] {
        self.reload.errors()
    }

    /// The stats screen's figures (`None` until it is first opened).
    pub fn stats(&self) -> Option<&StatsView> {
        self.stats.view()
    }
}
