//! The model, its messages and `update`: every state change of the review
//! app happens here, driven by [`Msg`]. Side effects (writing the log,
//! quitting) are returned as [`Cmd`] for the runtime to perform; their result
//! comes back as a message, so the whole app can be driven in tests.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::clock::Clock;
use crate::deck::{Card, Deck, DeckSet, DeckSource};
use crate::demo::{DemoEvent, DemoState};
use crate::sched::Grade;
use crate::session::{Answer, Scope, Session, Study};
use crate::store::{Kind, LogEntry, Replay};

use super::quiz::{Quiz, QuizItem, QuizOptions, QuizOut};
use super::quiz_setup::{QuizSetup, SetupOut};
use super::review;
use crate::quiz::{CardRef, Selection};

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
}

/// Everything that can happen to the app.
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    /// A key was pressed.
    Key(KeyEvent),
    /// The window now has this size (columns, rows).
    Resize(u16, u16),
    /// The result of a [`Cmd::Append`]: `Err` holds the message to show.
    Saved(Result<(), String>),
    /// Time passed (sent every tick while a timed quiz runs).
    Tick,
    /// The result of a [`Cmd::SaveLastWeak`].
    WeakSaved(Result<(), String>),
    /// Deck files changed on disk and were loaded again (with the log).
    Reloaded(Box<Reload>),
    /// Progress of the running demo.
    Demo(Box<DemoEvent>),
    /// The demo could not be started: why.
    DemoFailed(String),
    // DEMO PANE: progress events of a running demo arrive here, e.g.
    // `Demo(crate::demo::DemoMsg)`, drained by the loop in `tui::run`.
}

impl Msg {
    /// The message for a terminal event, if it matters to the app.
    pub fn from_event(e: &Event) -> Option<Msg> {
        match e {
            Event::Key(k) if k.kind != KeyEventKind::Release => Some(Msg::Key(*k)),
            Event::Resize(w, h) => Some(Msg::Resize(*w, *h)),
            _ => None,
        }
    }

    /// A plain key press (handy in tests).
    pub fn key(code: KeyCode) -> Msg {
        Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    /// A character key press (handy in tests).
    pub fn char(c: char) -> Msg {
        Msg::key(KeyCode::Char(c))
    }
}

/// Decks and log loaded again after a deck file changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reload {
    /// The decks as they are now (decks with errors left out).
    pub decks: DeckSet,
    /// The log replayed.
    pub replay: Replay,
}

/// Which demo to run, with the card's bounded parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoRequest {
    /// Catalog name.
    pub name: String,
    /// Workers (already clamped by the deck parser).
    pub workers: Option<u32>,
    /// Seconds (already clamped by the deck parser).
    pub seconds: Option<u32>,
    /// Run the real CPython variant.
    pub python: bool,
}

/// A side effect for the runtime to perform.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cmd {
    /// Append this line to the review log, flushed, then send
    /// [`Msg::Saved`] with the outcome.
    Append(LogEntry),
    /// Remember the weak cards of the quiz just finished.
    SaveLastWeak(Vec<CardRef>),
    /// Start (or restart) a demo; its events come back as [`Msg::Demo`].
    StartDemo(DemoRequest),
    /// Cancel the running demo: kill and reap its children.
    StopDemo,
    /// Restore the terminal and exit.
    Quit,
}

/// A log write that must succeed before the screen moves on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pending {
    /// A grade for the current card.
    Grade(Answer),
    /// Taking back this answer; `at` is the undo line's time.
    Undo(Answer, chrono::DateTime<chrono::FixedOffset>),
}

impl Pending {
    /// The log line to write.
    pub fn entry(&self, decks: &[Deck]) -> Option<LogEntry> {
        match self {
            Pending::Grade(a) => a.entry(decks),
            Pending::Undo(a, at) => a.undo_entry(decks, *at),
        }
    }
}

/// Monotonic time for measuring answers: real, or set by hand in tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timer {
    /// Time since this instant.
    Real(Instant),
    /// A fixed elapsed time, moved on with [`Timer::advance`].
    Manual(Duration),
}

impl Timer {
    /// A real timer starting now.
    pub fn start() -> Timer {
        Timer::Real(Instant::now())
    }

    /// Time elapsed since the timer started.
    pub fn elapsed(&self) -> Duration {
        match self {
            Timer::Real(i) => i.elapsed(),
            Timer::Manual(d) => *d,
        }
    }

    /// Moves a manual timer on (a real one ignores this).
    pub fn advance(&mut self, by: Duration) {
        if let Timer::Manual(d) = self {
            *d += by;
        }
    }
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
    /// The current card's back is shown.
    pub revealed: bool,
    /// Lines scrolled in the current card.
    pub scroll: u16,
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
    /// The review log's path (shown in messages).
    pub log_path: PathBuf,
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
    /// The live demo of the revealed card, if it has one.
    pub demo: Option<DemoState>,
}

impl App {
    /// A new app on the home screen.
    pub fn new(
        decks: Vec<Deck>,
        replay: &Replay,
        clock: Clock,
        new_per_day: usize,
        log_path: PathBuf,
    ) -> App {
        let study = Study::new(&decks, replay, clock.today(), new_per_day);
        App {
            decks,
            study,
            session: None,
            screen: Screen::Home,
            selected: 0,
            help: false,
            revealed: false,
            scroll: 0,
            size: (80, 24),
            clock,
            timer: Timer::start(),
            shown_at: Duration::ZERO,
            pending: None,
            error: None,
            notice: None,
            problems: Vec::new(),
            discard_armed: false,
            log_path,
            quiz: None,
            quiz_setup: QuizSetup::default(),
            quiz_only: false,
            reload_errors: Vec::new(),
            deferred_reload: None,
            demo: None,
        }
    }

    /// Starts the current card's demo (if it has one), replacing any other.
    fn start_demo(&mut self, python: bool) -> Option<Cmd> {
        let demo = self.current_card()?.1.demo.clone()?;
        let offered = crate::demo::python_offered(&demo.name);
        self.demo = Some(DemoState::new(&demo.name, offered));
        Some(Cmd::StartDemo(DemoRequest {
            name: demo.name,
            workers: demo.workers,
            seconds: demo.seconds,
            python: python && offered,
        }))
    }

    /// Leaves the current card's demo: cancels it if one is shown.
    fn stop_demo(&mut self) -> Option<Cmd> {
        self.demo.take().map(|_| Cmd::StopDemo)
    }

    /// True while the demo pane shows a demo that has not ended.
    pub fn demo_running(&self) -> bool {
        self.demo.as_ref().is_some_and(|d| {
            !matches!(
                d.status,
                crate::demo::Status::Finished
                    | crate::demo::Status::Failed
                    | crate::demo::Status::Cancelled
            )
        })
    }

    /// Takes in decks loaded again after a file changed. Decks that now have
    /// errors keep their last good version and their errors show in a
    /// banner; during a review session the new decks wait until it ends.
    fn reloaded(&mut self, mut reload: Box<Reload>) {
        self.reload_errors = reload
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
        reload.decks.decks.extend(kept);
        if self.session.is_some() {
            self.notice = Some(
                "Deck files changed: the new version is used when this session ends.".to_string(),
            );
            self.deferred_reload = Some(reload);
            return;
        }
        self.apply_reload(*reload);
    }

    fn apply_reload(&mut self, reload: Reload) {
        let today = self.study.today;
        let per_day = self.study.new_per_day;
        self.decks = reload.decks.decks;
        self.study = Study::new(&self.decks, &reload.replay, today, per_day);
        self.selected = self.selected.min(self.decks.len().saturating_sub(1));
    }

    /// Applies a reload that waited for the session to end.
    fn apply_deferred_reload(&mut self) {
        if let Some(r) = self.deferred_reload.take() {
            self.apply_reload(*r);
        }
    }

    /// Milliseconds on the app's timer (for quiz countdowns).
    fn now_ms(&self) -> u64 {
        u64::try_from(self.timer.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// Starts a quiz on `selection`; says so if no card matches.
    pub fn start_quiz(&mut self, selection: &Selection, options: QuizOptions) {
        let items = self.quiz_items(&crate::quiz::pick(&self.decks, selection));
        self.start_quiz_items(items, options);
    }

    /// Starts a quiz on exactly these cards, in this order.
    pub fn start_quiz_items(&mut self, items: Vec<QuizItem>, options: QuizOptions) {
        self.error = None;
        if items.is_empty() {
            self.notice = Some("No cards match this quiz.".to_string());
            self.screen = Screen::Home;
            return;
        }
        self.notice = None;
        self.quiz = Some(Quiz::new(items, options, self.now_ms()));
        self.screen = Screen::Quiz;
    }

    /// The cards of `refs` that still exist, in order.
    pub fn quiz_items(&self, refs: &[CardRef]) -> Vec<QuizItem> {
        refs.iter()
            .filter_map(|r| {
                let card = self
                    .decks
                    .iter()
                    .find(|d| d.id == r.deck)?
                    .card(&r.card)?
                    .clone();
                Some(QuizItem {
                    card_ref: r.clone(),
                    card,
                })
            })
            .collect()
    }

    fn quiz_setup_key(&mut self, key: KeyEvent) -> Option<Cmd> {
        match self.quiz_setup.key(key.code)? {
            SetupOut::Cancel => self.screen = Screen::Home,
            SetupOut::Start => {
                let s = self.quiz_setup.clone();
                let decks = match self.decks.get(self.selected) {
                    Some(d) if !s.all_decks => vec![d.id.clone()],
                    _ => Vec::new(),
                };
                let seed =
                    u64::try_from(self.clock.now().timestamp_millis()).unwrap_or(0) ^ self.now_ms();
                let selection = Selection {
                    decks,
                    tags: Vec::new(),
                    count: s.count,
                    seed,
                };
                let options = QuizOptions {
                    typed: s.typed,
                    time_limit: (s.seconds > 0).then_some(s.seconds),
                    seed: Some(seed),
                };
                self.start_quiz(&selection, options);
            }
        }
        None
    }

    fn quiz_out(&mut self, out: Option<QuizOut>) -> Option<Cmd> {
        match out? {
            QuizOut::Record(answer) => Some(Cmd::Append(LogEntry::new(
                self.clock.now(),
                answer.card.deck,
                answer.card.card,
                answer.grade,
                Kind::Cram,
                answer.spent_ms,
            ))),
            QuizOut::Finished(weak) => Some(Cmd::SaveLastWeak(weak)),
            QuizOut::Leave => {
                self.quiz = None;
                if self.quiz_only {
                    return Some(Cmd::Quit);
                }
                self.screen = Screen::Home;
                None
            }
        }
    }

    fn quiz_key(&mut self, key: KeyEvent) -> Option<Cmd> {
        let now = self.now_ms();
        let out = self.quiz.as_mut()?.key(key, now);
        self.quiz_out(out)
    }

    /// The outcome of a quiz line's write.
    fn quiz_saved(&mut self, result: Result<(), String>) -> Option<Cmd> {
        match result {
            Err(e) => {
                self.error = Some(format!(
                    "Could not save the quiz answer: {e}. The quiz goes on; quiz answers never change the schedule."
                ));
                None
            }
            Ok(()) => {
                let out = self.quiz.as_ref()?.finished();
                self.quiz_out(out)
            }
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
            Msg::Reloaded(reload) => {
                self.reloaded(reload);
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
            Msg::Key(key) => self.key(key),
        }
    }

    fn key(&mut self, key: KeyEvent) -> Option<Cmd> {
        if key.modifiers.contains(KeyModifiers::CONTROL)
            && matches!(key.code, KeyCode::Char('c' | 'C'))
        {
            return Some(Cmd::Quit);
        }
        if self.help {
            if matches!(
                key.code,
                KeyCode::Char('?' | 'q') | KeyCode::Esc | KeyCode::Enter
            ) {
                self.help = false;
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
        }
    }

    fn home_key(&mut self, key: KeyEvent) -> Option<Cmd> {
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
            KeyCode::Char('c') if !self.decks.is_empty() => self.screen = Screen::QuizSetup,
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
    fn show_card(&mut self) {
        self.revealed = false;
        self.scroll = 0;
        self.shown_at = self.timer.elapsed();
    }

    fn review_key(&mut self, key: KeyEvent) -> Option<Cmd> {
        match key.code {
            // Esc first stops a running demo; the next Esc ends the session.
            KeyCode::Esc if self.demo_running() => return self.stop_demo(),
            KeyCode::Char('d') if self.revealed => return self.start_demo(false),
            KeyCode::Char('p')
                if self.revealed && self.demo.as_ref().is_some_and(|d| d.python_offered) =>
            {
                return self.start_demo(true);
            }
            KeyCode::Char('q') | KeyCode::Esc => {
                if let Some(p) = self.pending
                    && !self.discard_armed
                {
                    self.discard_armed = true;
                    let what = match p {
                        Pending::Grade(_) => "The last grade is NOT saved",
                        Pending::Undo(..) => "The undo is NOT saved",
                    };
                    self.error = Some(format!(
                        "{what}. Press r to retry, or q again to leave without it."
                    ));
                    return None;
                }
                self.pending = None;
                self.discard_armed = false;
                self.error = None;
                self.end_session();
                return self.stop_demo();
            }
            KeyCode::Char(' ') | KeyCode::Enter if !self.revealed => {
                self.revealed = true;
                return self.start_demo(false);
            }
            KeyCode::Char(c @ '0'..='5') if self.revealed => {
                let q = c.to_digit(10).and_then(|d| u8::try_from(d).ok());
                if let Some(grade) = q.and_then(Grade::new) {
                    return self.grade(grade);
                }
            }
            KeyCode::Char('r') => return self.retry(),
            KeyCode::Char('u') => return self.undo(),
            KeyCode::Char('j') | KeyCode::Down => self.scroll_by(1),
            KeyCode::Char('k') | KeyCode::Up => self.scroll_by(-1),
            KeyCode::PageDown | KeyCode::Char(' ') => self.scroll_by(self.page()),
            KeyCode::PageUp => self.scroll_by(-self.page()),
            KeyCode::Home => self.scroll = 0,
            KeyCode::End => self.scroll = self.max_scroll(),
            _ => {}
        }
        None
    }

    fn summary_key(&mut self, key: KeyEvent) -> Option<Cmd> {
        match key.code {
            KeyCode::Char('q') | KeyCode::Esc | KeyCode::Enter => {
                self.session = None;
                self.error = None;
                self.notice = None;
                self.screen = Screen::Home;
                self.apply_deferred_reload();
            }
            KeyCode::Char('u') => return self.undo(),
            _ => {}
        }
        None
    }

    /// Leaves the review: to the summary if anything was answered.
    fn end_session(&mut self) {
        self.notice = None;
        let answered = self
            .session
            .as_ref()
            .is_some_and(|s| !s.answers().is_empty());
        if answered {
            self.screen = Screen::Summary;
        } else {
            self.session = None;
            self.screen = Screen::Home;
            self.apply_deferred_reload();
        }
    }

    fn grade(&mut self, grade: Grade) -> Option<Cmd> {
        // A grade typed after a failed write replaces the unsaved one but
        // keeps the time measured for it.
        let ms_since = match self.pending {
            Some(Pending::Grade(a)) => Some(a.spent_ms),
            Some(Pending::Undo(..)) => return None,
            None => None,
        };
        let ms = ms_since.unwrap_or_else(|| {
            let d = self.timer.elapsed().saturating_sub(self.shown_at);
            u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
        });
        let at = self.clock.now();
        let session = self.session.as_ref()?;
        let answer = session.prepare(&self.study, grade, at, ms)?;
        self.pending = Some(Pending::Grade(answer));
        self.write_pending()
    }

    fn retry(&mut self) -> Option<Cmd> {
        if self.pending.is_some() {
            self.write_pending()
        } else {
            None
        }
    }

    fn write_pending(&mut self) -> Option<Cmd> {
        let entry = self.pending.as_ref()?.entry(&self.decks)?;
        Some(Cmd::Append(entry))
    }

    fn undo(&mut self) -> Option<Cmd> {
        match self.pending {
            Some(Pending::Grade(_)) => {
                // Nothing was written: dropping the unsaved grade is the undo.
                self.pending = None;
                self.error = None;
                self.notice = Some("The unsaved grade was dropped.".to_string());
                return None;
            }
            Some(Pending::Undo(..)) => return self.write_pending(),
            None => {}
        }
        let Some(last) = self.session.as_ref().and_then(|s| s.last_answer()).copied() else {
            self.notice = Some("Nothing to undo in this session.".to_string());
            return None;
        };
        self.pending = Some(Pending::Undo(last, self.clock.now()));
        self.write_pending()
    }

    fn saved(&mut self, result: Result<(), String>) -> Option<Cmd> {
        let pending = self.pending?;
        if let Err(e) = result {
            self.error = Some(match pending {
                Pending::Grade(_) => format!(
                    "Could not save the grade: {e}. The card stays here: press r to retry (or grade again)."
                ),
                Pending::Undo(..) => {
                    format!("Could not save the undo: {e}. Press u or r to retry.")
                }
            });
            return None;
        }
        self.pending = None;
        self.error = None;
        self.discard_armed = false;
        let session = self.session.as_mut()?;
        match pending {
            Pending::Grade(answer) => {
                session.record(&mut self.study, answer);
                self.notice = None;
                if session.is_finished() {
                    self.screen = Screen::Summary;
                }
            }
            Pending::Undo(answer, _) => {
                session.undo(&mut self.study);
                self.notice = Some(format!("Undid grade {}.", answer.grade));
                self.screen = Screen::Review;
            }
        }
        self.show_card();
        self.stop_demo()
    }

    fn page(&self) -> i32 {
        i32::from(review::body_height(self).saturating_sub(1).max(1))
    }

    /// The furthest the current card can scroll.
    pub fn max_scroll(&self) -> u16 {
        review::max_scroll(self)
    }

    fn scroll_by(&mut self, by: i32) {
        let next = i32::from(self.scroll) + by;
        self.scroll = u16::try_from(next.max(0)).unwrap_or(u16::MAX);
        self.clamp_scroll();
    }

    fn clamp_scroll(&mut self) {
        self.scroll = self.scroll.min(self.max_scroll());
    }
}
