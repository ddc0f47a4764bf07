//! Statistics of study: the review heatmap and streaks, the forecast of
//! due cards, retention, cards by state, time spent, and the hardest cards
//! and leeches.
//!
//! Pure: no I/O, no clock. The input is what the replay of the log keeps
//! ([`crate::store::Replay`]): per card its SM-2 state and lapses, per deck
//! the study counts of each day ([`DayCounts`]); `today` is a parameter.
//! What a grade counts as is decided once, by [`crate::store::CardDay::step`]
//! as the log is replayed; nothing here re-reads the log.
//!
//! Definitions:
//!
//! - **retention**: the share of scheduled (`review`) grades of 3 or more;
//!   *young* when the card's interval before the review was under
//!   [`MATURE_DAYS`] days (a new card's first review is young), *mature*
//!   otherwise; over the last [`RECENT_DAYS`] days (today included) and all
//!   time, per deck and in total;
//! - **lapse**: a grade below 3 in a scheduled review of a card that had
//!   been learned (n ≥ 1 before it); a **leech** has [`LEECH_LAPSES`] or
//!   more (Anki's rule);
//! - **card states**: *new* (never reviewed), *learning* (n < 2: not yet
//!   past its second success, including n = 0 after a lapse), *young*
//!   (interval < 21 days), *mature* (interval ≥ 21 days);
//! - `drill`, `cram` and `prep` lines count in the heatmap and as time studied,
//!   never in retention, lapses or the forecast (they are not scheduled);
//! - the heatmap, time and retention of a deck count every line of the log
//!   under its id, a card since removed from it included (that study was
//!   done); cards by state, the forecast and the hardest cards are the
//!   deck's cards now;
//! - **streak**: consecutive days with at least one grade of any kind; the
//!   current streak ends today, or yesterday while nothing is graded yet
//!   today;
//! - **forecast**: cards due on each of the [`FORECAST_DAYS`] days from
//!   today on (index 0 is today), and the cards overdue (due before today)
//!   separately; new cards are not in it;
//! - **predicted recall** ([`recall`]): FSRS-6's probability of recalling
//!   each card graded at least once if it were asked today (every graded
//!   line counts: review, drill, cram, prep); the mean and a histogram.
//!   Retention is what happened in SM-2's reviews; predicted recall is
//!   what FSRS expects now.

mod card;
mod days;
pub mod recall;
#[cfg(test)]
mod tests;

use chrono::NaiveDate;
use serde::Serialize;

use crate::sched::{Memory, Sm2State};
use crate::store::{DayCounts, Replay};

pub use crate::store::MATURE_DAYS;
pub use card::CardState;
pub use recall::PredictedRecall;
/// The recent window of retention, in days (today included).
pub const RECENT_DAYS: i64 = 30;
/// Days in the forecast (today included).
pub const FORECAST_DAYS: usize = 30;
/// Lapses that make a card a leech.
pub const LEECH_LAPSES: u32 = 8;
/// Cards listed as the hardest.
pub const HARDEST: usize = 10;
/// Days of the heatmap and the time series unless asked otherwise.
pub const DEFAULT_DAYS: u32 = 365;

/// One card of the input.
#[derive(Debug, Clone, Copy)]
pub struct CardInput<'a> {
    /// Card id.
    pub id: &'a str,
    /// Its SM-2 state now.
    pub state: Sm2State,
    /// Its lapses.
    pub lapses: u32,
    /// Suspended: counted in "cards by state" by its SM-2 state, but never
    /// in the due forecast (it is not asked).
    pub suspended: bool,
    /// Its FSRS state (`None`: never graded).
    pub memory: Option<Memory>,
}

/// One deck of the input.
#[derive(Debug, Clone)]
pub struct DeckInput<'a> {
    /// Deck id.
    pub id: &'a str,
    /// Display name.
    pub name: &'a str,
    /// Its cards.
    pub cards: Vec<CardInput<'a>>,
    /// The study counts of its days, in any order.
    pub days: Vec<(NaiveDate, DayCounts)>,
}

/// Every figure, for the screen and `concur stats --json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    /// The day the figures are for.
    pub today: NaiveDate,
    /// The decks included, by id.
    pub decks: Vec<String>,
    /// Grades per day and streaks.
    pub heatmap: Heatmap,
    /// Cards due in the coming days.
    pub forecast: Forecast,
    /// Share of scheduled reviews passed.
    pub retention: Retention,
    /// Cards by state, intervals and E-Factors.
    pub cards: CardStates,
    /// FSRS's predicted recall today.
    pub recall: PredictedRecall,
    /// Time studied.
    pub time: Time,
    /// The cards with the most lapses (at most [`HARDEST`]).
    pub hardest: Vec<Hard>,
    /// Every card with [`LEECH_LAPSES`] lapses or more.
    pub leeches: Vec<Hard>,
}

/// Grades per day over the window, and streaks (over all time).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heatmap {
    /// The window's first day; `grades[i]` is for `first_day + i`.
    pub first_day: NaiveDate,
    /// Grades of any kind per day, up to today.
    pub grades: Vec<u32>,
    /// Days in the window with at least one grade.
    pub study_days: u32,
    /// Consecutive study days up to today (or yesterday).
    pub current_streak: u32,
    /// The longest run of consecutive study days ever.
    pub longest_streak: u32,
}

/// Cards due in the coming days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Forecast {
    /// Cards due before today.
    pub overdue: u32,
    /// `days[i]`: cards due on today + i.
    pub days: Vec<u32>,
}

impl Forecast {
    /// Cards due in the window (overdue not included).
    pub fn total(&self) -> u32 {
        self.days.iter().sum()
    }
}

/// Passed out of total scheduled reviews.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Rate {
    /// Grades of 3 or more.
    pub passed: u32,
    /// All scheduled grades.
    pub total: u32,
}

impl Rate {
    /// The share passed, `None` with no reviews.
    pub fn share(&self) -> Option<f64> {
        (self.total > 0).then(|| f64::from(self.passed) / f64::from(self.total))
    }

    fn merge(&mut self, o: Rate) {
        self.total = self.total.saturating_add(o.total);
        self.passed = self.passed.saturating_add(o.passed);
    }
}

/// Young and mature retention over one period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Period {
    /// Interval before the review under [`MATURE_DAYS`].
    pub young: Rate,
    /// Interval before the review of [`MATURE_DAYS`] or more.
    pub mature: Rate,
}

impl Period {
    fn add(&mut self, c: &DayCounts) {
        self.young.merge(Rate {
            passed: c.young_passed,
            total: c.young_total,
        });
        self.mature.merge(Rate {
            passed: c.mature_passed,
            total: c.mature_total,
        });
    }

    fn merge(&mut self, o: Period) {
        self.young.merge(o.young);
        self.mature.merge(o.mature);
    }
}

/// Retention of one deck (or of all).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeckRetention {
    /// Deck id (`None` for the total).
    pub deck: Option<String>,
    /// Display name ("Total" for the total).
    pub name: String,
    /// The last [`RECENT_DAYS`] days, today included.
    pub last_30_days: Period,
    /// All time.
    pub all_time: Period,
}

/// Retention per deck and in total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Retention {
    /// Over every deck included.
    pub total: DeckRetention,
    /// Per deck, in input order.
    pub decks: Vec<DeckRetention>,
}

/// One bar of a histogram.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bucket {
    /// What it counts, e.g. `"4-7d"` or `"2.30-2.49"`.
    pub label: &'static str,
    /// Cards in it.
    pub count: u32,
}

/// Cards by state, and histograms of the studied cards' intervals and
/// E-Factors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CardStates {
    /// Never reviewed.
    pub new: u32,
    /// n < 2.
    pub learning: u32,
    /// Interval under [`MATURE_DAYS`].
    pub young: u32,
    /// Interval of [`MATURE_DAYS`] or more.
    pub mature: u32,
    /// Intervals of the cards not new.
    pub intervals: Vec<Bucket>,
    /// E-Factors of the cards not new.
    pub ease: Vec<Bucket>,
}

/// Time studied (every kind of grade).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Time {
    /// `minutes_per_day[i]` is for `heatmap.first_day + i`, to 0.1 min.
    pub minutes_per_day: Vec<f64>,
    /// Minutes over all time, to 0.1 min.
    pub total_minutes: f64,
    /// Grades over all time.
    pub grades: u64,
    /// Seconds per grade over all time, to 0.1 s (`None` with no grades).
    pub average_seconds: Option<f64>,
}

/// A card with lapses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hard {
    /// Deck id.
    pub deck: String,
    /// Card id.
    pub card: String,
    /// Its lapses.
    pub lapses: u32,
    /// [`LEECH_LAPSES`] or more.
    pub leech: bool,
}

/// Computes every figure for `decks` on `today`, with a heatmap and time
/// series of `days` days (at least 1).
pub fn compute(decks: &[DeckInput<'_>], today: NaiveDate, days: u32) -> Stats {
    let window = days::Window::new(today, days);
    let recent_from = today - chrono::Duration::days(RECENT_DAYS - 1);
    let mut day_totals = days::DayTotals::default();
    let mut forecast = Forecast {
        overdue: 0,
        days: vec![0; FORECAST_DAYS],
    };
    let mut states = card::StateCounts::default();
    let mut recall = recall::RecallCounts::default();
    let mut total = DeckRetention {
        deck: None,
        name: "Total".into(),
        last_30_days: Period::default(),
        all_time: Period::default(),
    };
    let mut per_deck = Vec::with_capacity(decks.len());
    // (lapses, deck, card) by position: names are copied for the few kept.
    let mut hard: Vec<(u32, usize, usize)> = Vec::new();
    for (di, deck) in decks.iter().enumerate() {
        let mut r = DeckRetention {
            deck: Some(deck.id.to_string()),
            name: deck.name.to_string(),
            last_30_days: Period::default(),
            all_time: Period::default(),
        };
        for (day, c) in &deck.days {
            day_totals.add(*day, c);
            r.all_time.add(c);
            if *day >= recent_from && *day <= today {
                r.last_30_days.add(c);
            }
        }
        for (ci, c) in deck.cards.iter().enumerate() {
            states.add(&c.state);
            recall.add(c.memory, today);
            if let Some(due) = c.state.due.filter(|_| !c.suspended) {
                let ahead = (due - today).num_days();
                match usize::try_from(ahead) {
                    Err(_) => forecast.overdue += 1,
                    Ok(i) => {
                        if let Some(slot) = forecast.days.get_mut(i) {
                            *slot += 1;
                        }
                    }
                }
            }
            if c.lapses > 0 {
                hard.push((c.lapses, di, ci));
            }
        }
        total.last_30_days.merge(r.last_30_days);
        total.all_time.merge(r.all_time);
        per_deck.push(r);
    }
    // Most lapses first; ties keep deck and card order.
    hard.sort_by_key(|h| std::cmp::Reverse(h.0));
    let named = |&(lapses, di, ci): &(u32, usize, usize)| {
        let deck = decks.get(di);
        Hard {
            deck: deck.map_or_else(String::new, |d| d.id.to_string()),
            card: deck
                .and_then(|d| d.cards.get(ci))
                .map_or_else(String::new, |c| c.id.to_string()),
            lapses,
            leech: lapses >= LEECH_LAPSES,
        }
    };
    let leeches: Vec<Hard> = hard
        .iter()
        .take_while(|h| h.0 >= LEECH_LAPSES)
        .map(named)
        .collect();
    let hard: Vec<Hard> = hard.iter().take(HARDEST).map(named).collect();
    let (heatmap, time) = day_totals.finish(&window);
    Stats {
        today,
        decks: decks.iter().map(|d| d.id.to_string()).collect(),
        heatmap,
        forecast,
        retention: Retention {
            total,
            decks: per_deck,
        },
        cards: states.finish(),
        recall: recall.finish(),
        time,
        hardest: hard,
        leeches,
    }
}

/// The input for decks given as `(id, name, card ids)`, each card's state
/// and lapses and each deck's days from `replay`.
pub fn inputs<'a, C>(
    decks: impl IntoIterator<Item = (&'a str, &'a str, C)>,
    replay: &'a Replay,
) -> Vec<DeckInput<'a>>
where
    C: IntoIterator<Item = &'a str>,
{
    let mut days = replay.days_by_deck();
    decks
        .into_iter()
        .map(|(id, name, cards)| {
            let cards: Vec<&str> = cards.into_iter().collect();
            DeckInput {
                id,
                name,
                cards: cards
                    .iter()
                    .zip(replay.deck_histories(id, cards.iter().copied()))
                    .map(|(c, h)| CardInput {
                        id: c,
                        state: h.map(|h| h.card.state).unwrap_or_default(),
                        lapses: h.map_or(0, |h| h.lapses),
                        suspended: h.is_some_and(|h| h.card.suspended),
                        memory: h.and_then(|h| h.memory),
                    })
                    .collect(),
                days: days.remove(id).unwrap_or_default(),
            }
        })
        .collect()
}

/// Every card of `replay` with [`LEECH_LAPSES`] lapses or more, as
/// `(deck, card, lapses)` (cards no deck has any more included).
pub fn leeches_of(replay: &Replay) -> Vec<(String, String, u32)> {
    let mut out: Vec<(String, String, u32)> = replay
        .iter()
        .filter(|(_, _, h)| h.lapses >= LEECH_LAPSES)
        .map(|(d, c, h)| (d.to_string(), c.to_string(), h.lapses))
        .collect();
    out.sort();
    out
}
