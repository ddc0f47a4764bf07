//! The messages the app reacts to and the side effects it asks for: every
//! outside event becomes a [`Msg`]; everything [`super::App::update`] wants
//! done outside the model (a log write, a demo, a reload) is a [`Cmd`],
//! whose outcome comes back as a message.

use std::sync::Arc;

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::deck::Deck;
use crate::demo::DemoEvent;
use crate::quiz::CardRef;
use crate::session::Study;
use crate::stats::Stats;
use crate::store::LogEntry;

/// Everything that can happen to the app.
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    /// A key was pressed.
    Key(KeyEvent),
    /// The window now has this size (columns, rows).
    Resize(u16, u16),
    /// The oldest log line given to the writer ([`Cmd::Append`]) is on disk.
    Saved,
    /// The oldest log line given to the writer could not be written: why.
    /// The lines given after it are dropped unwritten until a
    /// [`Cmd::ResumeWrites`] (the app sends them again, in order).
    SaveFailed(String),
    /// A log line waits: for the review log's lock (held by another
    /// process), or for a slow disk.
    SaveWaiting(Wait),
    /// Time passed (sent every tick while a timed quiz runs).
    Tick,
    /// The result of a [`Cmd::SaveLastWeak`].
    WeakSaved(Result<(), String>),
    /// Deck files changed on disk and were loaded again (with the log).
    Reloaded(Box<Reload>),
    /// The cards' text of the decks in use, for a lean start: the same
    /// decks with the same card ids, now with their cards (see
    /// [`ReloadRequest::text_for`]).
    TextLoaded(Vec<Deck>),
    /// Progress of the running demo.
    Demo(Box<DemoEvent>),
    /// The demo could not be started: why.
    DemoFailed(String),
    /// The background probe found out whether `python3` runs here.
    PythonProbed(bool),
    /// The deck watcher saw a deck file change on disk.
    DecksChanged,
    /// The figures a [`Cmd::ComputeStats`] asked for, or why there are
    /// none; `generation` echoes the request's (an older one is stale).
    StatsComputed {
        /// The request's [`StatsRequest::generation`].
        generation: u64,
        /// The figures, or the error's message.
        result: Result<Box<Stats>, String>,
    },
    /// The leeches of the whole log, as `(deck, card, lapses)`, sorted.
    Leeches(Vec<(String, String, u32)>),
    /// A [`Cmd::Reload`] failed (e.g. a file was unreadable for a moment
    /// under a sync tool): why. The decks in use stay.
    ReloadFailed(String),
    /// The editor a [`Cmd::Edit`] started has ended: `Err` says why it
    /// failed (it could not start, or exited with an error).
    Edited(Result<(), String>),
    /// The event loop runs: the app may ask for its first background work
    /// (the interview plan).
    Started,
    /// The interview plan a [`Cmd::ComputePrep`] asked for, or why there
    /// is none; `generation` echoes the request's (an older one is stale).
    PrepPlanned {
        /// The request's [`PrepRequest::generation`].
        generation: u64,
        /// Today's part of the plan, or the error's message.
        result: Result<Box<PrepToday>, String>,
    },
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

/// What a log line waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    /// The review log's lock, held by another process.
    Lock,
    /// The disk: the write takes longer than it should.
    Disk,
}

/// Decks and log loaded again after a deck file changed, with the work over
/// the whole replay done (off the UI thread): the app only swaps them in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reload {
    /// The decks to use: those that load, plus the last good version of a
    /// deck whose file now has errors.
    pub decks: Vec<Deck>,
    /// Every card's state today, from the replayed log.
    pub study: Study,
    /// The leeches of the whole log, as `(deck, card, lapses)`, sorted.
    pub leeches: Vec<(String, String, u32)>,
    /// The deck errors found, one line each.
    pub errors: Vec<String>,
    /// Decks skipped for errors with no last good version to keep.
    pub skipped: usize,
    /// Errors in decks that loaded all the same, each skipping its card.
    pub card_errors: usize,
    /// The loader's notes (a copy of the user's replacing a bundled deck).
    pub notes: Vec<String>,
    /// The decks are the ones in use, card for card (a change on disk that
    /// the app already has, such as the edit `e` just took in).
    pub unchanged: bool,
    /// [`App::writes`](super::App::writes) when the reload was asked for: a reload read before
    /// the app's latest log line is stale and is asked for again.
    pub writes: u64,
}

/// What a reload needs from the app: the decks in use (a deck whose file
/// now has errors keeps its version from here) and the study's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReloadRequest {
    /// [`App::writes`](super::App::writes) now, echoed in the [`Reload`].
    pub writes: u64,
    /// The decks in use (the app's own, shared).
    pub decks: Arc<Vec<Deck>>,
    /// The study's day.
    pub today: chrono::NaiveDate,
    /// New cards per day.
    pub new_per_day: usize,
    /// Scheduled reviews per day (`None`: no cap).
    pub reviews_per_day: Option<usize>,
    /// The lean start's text load: the `ids_key` of the decks in use,
    /// which have no cards yet. When the decks on disk still have exactly
    /// those ids, only their text is sent back ([`Msg::TextLoaded`]: the
    /// study in use stays, no replay); otherwise a whole reload.
    pub text_for: Option<u64>,
}

/// A key of decks' ids (deck ids and card ids, in order): two lists of
/// decks with the same key hold the same cards in the same places.
pub fn ids_key<'a>(decks: impl IntoIterator<Item = (&'a str, Vec<&'a str>)>) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for (deck, cards) in decks {
        deck.hash(&mut h);
        cards.hash(&mut h);
    }
    h.finish()
}

/// The [`ids_key`] of `decks`.
pub fn decks_key(decks: &[Deck]) -> u64 {
    ids_key(decks.iter().map(|d| {
        (
            d.id.as_str(),
            d.cards.iter().map(|c| c.id.as_str()).collect(),
        )
    }))
}

/// What the stats screen asks the runtime to compute, off the UI thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatsRequest {
    /// Counts up with each request; echoed in [`Msg::StatsComputed`].
    pub generation: u64,
    /// The day the figures are for.
    pub today: chrono::NaiveDate,
    /// Days of the heatmap.
    pub days: u32,
    /// The decks as `(id, name, card ids)`.
    pub decks: Vec<(String, String, Vec<String>)>,
}

/// What interview mode asks the runtime to compute, off the UI thread:
/// FSRS's readiness and the prep plan ([`crate::prep`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrepRequest {
    /// Counts up with each request; echoed in [`Msg::PrepPlanned`].
    pub generation: u64,
    /// The study's day.
    pub today: chrono::NaiveDate,
    /// The interview's day (today or later).
    pub date: chrono::NaiveDate,
    /// Prep reviews a day.
    pub per_day: usize,
    /// The decks as `(id, card ids)`.
    pub decks: Vec<(String, Vec<String>)>,
}

/// What interview mode needs of a plan.
#[derive(Debug, Clone, PartialEq)]
pub struct PrepToday {
    /// The interview's day.
    pub date: chrono::NaiveDate,
    /// Mean predicted recall on that day without more study.
    pub readiness: f32,
    /// The same if the plan is kept.
    pub planned_readiness: f32,
    /// The plan's cards for today, the most needed first.
    pub cards: Vec<CardRef>,
}

/// A deck file to open in the user's editor, at a card's line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditRequest {
    /// The deck file.
    pub path: std::path::PathBuf,
    /// The 1-based line to open it at (the card's `[[cards]]` header).
    pub line: usize,
    /// A bundled deck's text, written to `path` first (unless a file is
    /// there already: then that file is edited as it is).
    pub copy: Option<&'static str>,
}

/// Which demo to run, with the card's bounded parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoRequest {
    /// The demo.
    pub demo: crate::demo::DemoId,
    /// Workers (already clamped by the deck parser).
    pub workers: Option<u32>,
    /// Seconds (already clamped by the deck parser).
    pub seconds: Option<u32>,
    /// Run the real CPython variant too, after the native runs.
    pub python: bool,
}

/// A side effect for the runtime to perform.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cmd {
    /// Give this line to the writer, which appends it to the review log
    /// after the lines given before it and answers [`Msg::Saved`] or
    /// [`Msg::SaveFailed`].
    Append(LogEntry),
    /// Tell the writer to write lines again after a [`Msg::SaveFailed`].
    ResumeWrites,
    /// Remember the weak cards of the quiz just finished (by the writer,
    /// which answers [`Msg::WeakSaved`]).
    SaveLastWeak(Vec<CardRef>),
    /// Start (or restart) a demo; its events come back as [`Msg::Demo`].
    StartDemo(DemoRequest),
    /// Cancel the running demo: kill and reap its children.
    StopDemo,
    /// Load the decks and replay the log again, off the UI thread; the
    /// result comes back as [`Msg::Reloaded`] or [`Msg::ReloadFailed`].
    Reload(ReloadRequest),
    /// Read the log and compute the stats on a thread of their own; the
    /// result comes back as [`Msg::StatsComputed`] (and the leeches as
    /// [`Msg::Leeches`]).
    ComputeStats(StatsRequest),
    /// Replay the log and plan the interview prep on a thread of its own;
    /// the result comes back as [`Msg::PrepPlanned`].
    ComputePrep(PrepRequest),
    /// Hand the terminal to the user's editor on a deck file (performed
    /// by the event loop, which owns the terminal); the outcome comes back
    /// as [`Msg::Edited`].
    Edit(EditRequest),
    /// Restore the terminal and exit.
    Quit,
    /// Several side effects, in this order.
    Batch(Vec<Cmd>),
}

impl Cmd {
    /// `a` then `b`, whichever of them there is.
    pub fn both(a: Option<Cmd>, b: Option<Cmd>) -> Option<Cmd> {
        match (a, b) {
            (Some(a), Some(b)) => Some(Cmd::Batch(vec![a, b])),
            (a, b) => a.or(b),
        }
    }
}
