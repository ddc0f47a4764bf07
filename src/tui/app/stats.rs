//! The stats screen's behaviour: opening it asks the runtime to compute the
//! figures off the UI thread ([`Cmd::ComputeStats`]); they arrive as
//! [`Msg::StatsComputed`](super::Msg::StatsComputed). Also the leeches the
//! review screen marks.

use ratatui::crossterm::event::KeyEvent;

use super::{App, Screen};
use crate::stats::{DEFAULT_DAYS, Stats};
use crate::tui::keymap::{self, StatsAction};
use crate::tui::msg::{Cmd, StatsRequest};

/// What the stats screen shows.
#[derive(Debug, Clone, PartialEq)]
pub enum StatsView {
    /// The figures are being computed.
    Computing,
    /// The figures.
    Ready(Box<Stats>),
    /// They could not be computed: why.
    Failed(String),
}

/// The stats screen's state, and the leeches the review screen marks.
#[derive(Debug, Clone)]
pub(super) struct StatsState {
    /// The figures (`None` until the screen is first opened).
    view: Option<StatsView>,
    /// The last request's generation.
    generation: u64,
    /// Leeches as `(deck, card, lapses)`, sorted: marked on the review
    /// screen. Known from the replay (it counts lapses) at start-up and at
    /// each reload, and each time the stats are computed.
    leeches: Vec<(String, String, u32)>,
    /// Interview mode: its date, the plan, the prep cards done (a
    /// forecast, like the figures).
    pub(super) interview: super::interview::Interview,
}

impl StatsState {
    /// No figures yet; these leeches.
    pub(super) fn new(leeches: Vec<(String, String, u32)>) -> StatsState {
        let mut s = StatsState {
            view: None,
            generation: 0,
            leeches: Vec::new(),
            interview: super::interview::Interview::default(),
        };
        s.set_leeches(leeches);
        s
    }

    /// The leeches as last computed (sorted here).
    pub(super) fn set_leeches(&mut self, mut leeches: Vec<(String, String, u32)>) {
        leeches.sort();
        self.leeches = leeches;
    }

    /// The figures, if asked for.
    pub fn view(&self) -> Option<&StatsView> {
        self.view.as_ref()
    }
}

impl App {
    /// Opens the stats screen and asks for the figures (unless they are
    /// being computed already: that result is the one to wait for, and
    /// the log is not read twice at once).
    pub(in crate::tui) fn open_stats(&mut self) -> Option<Cmd> {
        self.screen = Screen::Stats;
        if self.stats.view == Some(StatsView::Computing) {
            return None;
        }
        self.stats.generation += 1;
        self.stats.view = Some(StatsView::Computing);
        Some(Cmd::ComputeStats(StatsRequest {
            generation: self.stats.generation,
            today: self.time.clock.today(),
            days: DEFAULT_DAYS,
            decks: self
                .decks
                .iter()
                .map(|d| {
                    (
                        d.id.clone(),
                        d.name.clone(),
                        d.cards.iter().map(|c| c.id.clone()).collect(),
                    )
                })
                .collect(),
        }))
    }

    pub(in crate::tui) fn stats_key(&mut self, key: KeyEvent) -> Option<Cmd> {
        keymap::dispatch(&[keymap::STATS], &key, |action| {
            Some(match action {
                StatsAction::Back => {
                    self.screen = Screen::Home;
                    None
                }
                StatsAction::Refresh => self.open_stats(),
            })
        })
        .flatten()
    }

    /// The figures (or the error) of request `generation` arrived; an
    /// older request's are dropped.
    pub(in crate::tui) fn stats_arrived(
        &mut self,
        generation: u64,
        result: Result<Box<Stats>, String>,
    ) {
        if generation != self.stats.generation {
            return;
        }
        self.stats.view = Some(match result {
            Ok(s) => StatsView::Ready(s),
            Err(e) => StatsView::Failed(e),
        });
    }

    /// The lapses of a card that is a leech (8 or more), as last computed
    /// from the log.
    pub fn leech_lapses(&self, deck: &str, card: &str) -> Option<u32> {
        self.stats
            .leeches
            .binary_search_by(|(d, c, _)| (d.as_str(), c.as_str()).cmp(&(deck, card)))
            .ok()
            .and_then(|i| self.stats.leeches.get(i))
            .map(|(_, _, n)| *n)
    }
}
