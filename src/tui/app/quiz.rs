//! The quiz inside the app: starting one, feeding it keys and time, and
//! performing what it asks for (a `cram` line, the weak cards, leaving).

use ratatui::crossterm::event::KeyEvent;

use crate::deck::Deck;
use crate::quiz::{CardRef, Selection};
use crate::store::{Kind, LogEntry};

use super::super::msg::Cmd;
use super::super::quiz::{Phase, Quiz, QuizItem, QuizOptions, QuizOut};
use super::super::quiz_setup::{QuizSetup, SetupOut};
use super::{App, Screen};

/// The quiz in progress, its options form, and how it was started.
#[derive(Debug, Clone, Default)]
pub(super) struct QuizState {
    /// The quiz in progress (or its score).
    quiz: Option<Quiz>,
    /// The quiz options form.
    setup: QuizSetup,
    /// Started as `concur quiz`: leaving the quiz quits.
    only: bool,
}

impl QuizState {
    /// The quiz in progress.
    pub fn quiz(&self) -> Option<&Quiz> {
        self.quiz.as_ref()
    }

    /// The options form.
    pub fn setup(&self) -> &QuizSetup {
        &self.setup
    }

    /// The options form's defaults: typed answers or not, how many cards,
    /// seconds per card (0: untimed).
    pub(super) fn set_defaults(&mut self, typed: bool, count: u64, seconds: u64) {
        self.setup.typed = typed;
        self.setup.count = usize::try_from(count).unwrap_or(usize::MAX);
        self.setup.seconds = seconds;
    }

    /// An answer is being typed: every key is text.
    pub(super) fn typing(&self) -> bool {
        self.quiz
            .as_ref()
            .is_some_and(|q| q.is_typed() && matches!(q.phase, Phase::Asking { .. }))
    }

    /// Leaving the quiz quits (started as `concur quiz`).
    pub(super) fn set_only(&mut self, only: bool) {
        self.only = only;
    }

    /// True if started as `concur quiz`.
    pub(super) fn only(&self) -> bool {
        self.only
    }
}

impl App {
    /// Starts a quiz on `selection`; says so if no card matches.
    pub fn start_quiz(&mut self, selection: &Selection, options: QuizOptions) {
        let items = self.quiz_items(&crate::quiz::pick(&self.decks, selection));
        self.start_quiz_items(items, options);
    }

    /// Starts a quiz on exactly these cards, in this order.
    pub fn start_quiz_items(&mut self, items: Vec<QuizItem>, options: QuizOptions) {
        self.messages.error = None;
        if items.is_empty() {
            self.messages.notice = Some("No cards match this quiz.".to_string());
            self.screen = Screen::Home;
            return;
        }
        self.messages.notice = None;
        self.quiz.quiz = Some(Quiz::new(items, options, self.now_ms()));
        self.screen = Screen::Quiz;
    }

    /// The cards of `refs` that still exist, in order.
    pub fn quiz_items(&self, refs: &[CardRef]) -> Vec<QuizItem> {
        refs.iter()
            .filter_map(|r| {
                let deck = self.decks.iter().find(|d| d.id == r.deck)?;
                let card = deck.card(&r.card)?.clone();
                Some(QuizItem {
                    card_ref: r.clone(),
                    deck_name: deck.name.clone(),
                    card,
                })
            })
            .collect()
    }

    /// The decks the quiz form has chosen (empty: every deck).
    fn quiz_setup_decks(&self) -> Vec<String> {
        match self.decks.get(self.selected) {
            Some(d) if !self.quiz.setup.all_decks => vec![d.id.clone()],
            _ => Vec::new(),
        }
    }

    /// Tells the quiz form what the chosen decks offer: tags and cards.
    pub(in crate::tui) fn refresh_quiz_setup(&mut self) {
        let ids = self.quiz_setup_decks();
        let chosen: Vec<Deck> = self
            .decks
            .iter()
            .filter(|d| ids.is_empty() || ids.contains(&d.id))
            .cloned()
            .collect();
        let tags = crate::quiz::known_tags(&chosen);
        self.quiz.setup.offer(tags, |tag| {
            let selection = Selection {
                decks: Vec::new(),
                tags: tag.map(|t| vec![t.to_string()]).unwrap_or_default(),
                count: usize::MAX,
                seed: 0,
                skip: self.study.suspended(&self.decks),
            };
            crate::quiz::pick(&chosen, &selection).len()
        });
    }

    /// Opens the quiz form (`c` on the home screen).
    pub(in crate::tui) fn open_quiz_setup(&mut self) {
        self.refresh_quiz_setup();
        self.screen = Screen::QuizSetup;
    }

    pub(in crate::tui) fn quiz_setup_key(&mut self, key: KeyEvent) -> Option<Cmd> {
        let out = self.quiz.setup.key(key.code);
        self.refresh_quiz_setup();
        match out? {
            SetupOut::Cancel => self.screen = Screen::Home,
            SetupOut::Start => {
                let s = self.quiz.setup.clone();
                let decks = self.quiz_setup_decks();
                let seed = s.seed.unwrap_or_else(|| {
                    u64::try_from(self.time.clock.now().timestamp_millis()).unwrap_or(0)
                        ^ self.now_ms()
                });
                let selection = Selection {
                    decks,
                    tags: s
                        .chosen_tag()
                        .map(|t| vec![t.to_string()])
                        .unwrap_or_default(),
                    count: s.count,
                    seed,
                    skip: self.study.suspended(&self.decks),
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

    pub(in crate::tui) fn quiz_out(&mut self, out: Option<QuizOut>) -> Option<Cmd> {
        match out? {
            QuizOut::Record(answer) => {
                let line = self.save(LogEntry::new(
                    self.time.clock.now(),
                    answer.card.deck,
                    answer.card.card,
                    answer.grade,
                    Kind::Cram,
                    answer.spent_ms,
                ));
                // The writer keeps the order: the weak cards after the line.
                let finished = self.quiz.quiz.as_ref()?.finished();
                Cmd::both(line, self.quiz_out(finished))
            }
            QuizOut::Finished(weak) => Some(Cmd::SaveLastWeak(weak)),
            QuizOut::Leave => {
                self.quiz.quiz = None;
                if self.quiz.only {
                    return Some(Cmd::Quit);
                }
                self.screen = Screen::Home;
                None
            }
        }
    }

    pub(in crate::tui) fn quiz_tick(&mut self) -> Option<Cmd> {
        let now = self.now_ms();
        let out = self.quiz.quiz.as_mut()?.tick(now);
        self.quiz_out(out)
    }

    pub(in crate::tui) fn quiz_key(&mut self, key: KeyEvent) -> Option<Cmd> {
        let now = self.now_ms();
        let out = self.quiz.quiz.as_mut()?.key(key, now);
        self.quiz_out(out)
    }
}
