//! Getting ready for a date (an interview): each card's predicted recall on
//! that day by FSRS-6 ([`crate::sched::memory`]), the readiness, and a
//! day-by-day plan of prep reviews within a daily limit. Pure: today, the
//! date and the cards' memory states are arguments.
//!
//! - **Recall on the date**: what FSRS predicts for the day if the card is
//!   not studied again; 0 for a card never graded (new).
//! - **Readiness**: the mean recall on the date over the chosen cards (new
//!   cards count 0). "If you keep the plan": the same mean once every
//!   planned review is done, each assumed answered Good (grade 4); a new
//!   card's first study is assumed not known (2), then right at its
//!   same-day re-ask (4).
//! - **The plan** ([`plan`]): study days run from today to the day before
//!   the date, each with at most `per_day` prep reviews (today's prep
//!   reviews already done count). It is built greedily: each step takes,
//!   over every card, the one review that raises a card's recall on the
//!   date most. A card's candidate days are the latest day with room (a
//!   review close to the date leaves the least time to forget, so each
//!   card's last prep review is as close to the date as the limit
//!   allows), the earliest, and the middle of each gap between its planned
//!   reviews (spacing: a review when recall has dropped strengthens memory
//!   most). Cards with low recall on the date gain most, so they come
//!   first; a card is planned again while that still gains. Reviews that
//!   would raise recall by less than [`MIN_GAIN`] are not planned.

mod greedy;

use chrono::{Months, NaiveDate};

use crate::sched::{Grade, Memory};
use crate::store::{CardHistory, Replay};

/// A date more than this many months away is refused.
pub const MAX_MONTHS: u32 = 120;

/// A review that raises a card's recall on the date by less than this (one
/// percentage point) is not worth planning.
pub const MIN_GAIN: f32 = 0.01;

/// The grade a planned review of a card seen before is assumed to get
/// (4, Good).
pub const ASSUMED: Grade = Grade::REASK_BELOW;

/// The grades a new card's first planned study is assumed to get, on one
/// day: not known yet (2, Again), then right at its re-ask (4, Good).
pub const FIRST_SIGHT: [Grade; 2] = [Grade::MIN, Grade::REASK_BELOW];

/// Why a date cannot be planned for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateProblem {
    /// Today or before.
    NotAfterToday,
    /// More than [`MAX_MONTHS`] away.
    TooFar,
}

impl std::fmt::Display for DateProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            DateProblem::NotAfterToday => "is not after today: give a day in the future",
            DateProblem::TooFar => "is more than ten years away",
        })
    }
}

/// Whether `date` can be planned for from `today`.
pub fn check_date(today: NaiveDate, date: NaiveDate) -> Result<(), DateProblem> {
    if date <= today {
        return Err(DateProblem::NotAfterToday);
    }
    match today.checked_add_months(Months::new(MAX_MONTHS)) {
        Some(last) if date <= last => Ok(()),
        _ => Err(DateProblem::TooFar),
    }
}

/// A card to get ready.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PrepCard {
    /// Its FSRS state (`None`: never graded).
    pub memory: Option<Memory>,
    /// It had a prep review today (it takes one of today's places and is
    /// not planned again today).
    pub prepped_today: bool,
    /// Its note's number (from [`cards`]): cards with the same number
    /// are siblings (a card and its reverse, the cards of a cloze note),
    /// never planned on one day, as they are never studied on one day.
    /// `None`: no siblings.
    pub note: Option<usize>,
}

impl PrepCard {
    /// The card with history `h` (`None`: never in the log) on `today`.
    pub fn of(h: Option<&CardHistory>, today: NaiveDate) -> PrepCard {
        PrepCard {
            memory: h.and_then(|h| h.memory),
            prepped_today: h.is_some_and(|h| h.last_prep == Some(today)),
            note: None,
        }
    }
}

/// The cards `ids` (as `(deck, card)`) as the plan sees them on `today`:
/// their states from `replay`, and their notes, so that siblings are never
/// planned on one day.
pub fn cards<'a>(
    ids: impl IntoIterator<Item = (&'a str, &'a str)>,
    replay: &Replay,
    today: NaiveDate,
) -> Vec<PrepCard> {
    let ids: Vec<(&str, &str)> = ids.into_iter().collect();
    let notes = note_numbers(ids.iter().copied());
    ids.iter()
        .zip(notes)
        .map(|(&(deck, card), n)| PrepCard {
            note: Some(n),
            ..PrepCard::of(replay.get(deck, card), today)
        })
        .collect()
}

/// The note number of each `(deck, card)` of `ids`, in order: cards of one
/// deck and one note (see [`crate::session::siblings::note_of`]) share it.
fn note_numbers<'a>(ids: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<usize> {
    let mut seen: std::collections::HashMap<(&str, &str), usize> = Default::default();
    ids.into_iter()
        .map(|(deck, card)| {
            let next = seen.len();
            *seen
                .entry((deck, crate::session::siblings::note_of(card)))
                .or_insert(next)
        })
        .collect()
}

/// What a plan is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Goal {
    /// The first study day.
    pub today: NaiveDate,
    /// The day to be ready on (after `today`).
    pub date: NaiveDate,
    /// Prep reviews a day, at most.
    pub per_day: usize,
}

/// One card's forecast, by its index in the cards given to [`plan`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Forecast {
    /// The card's index in the input.
    pub index: usize,
    /// Predicted recall on the date without more study (0 for a new card).
    pub recall: f32,
    /// Predicted recall on the date after its planned reviews.
    pub planned_recall: f32,
    /// Prep reviews planned for it.
    pub reviews: u32,
}

/// A day of the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanDay {
    /// The day.
    pub day: NaiveDate,
    /// The cards to review that day (indices in the input), the most
    /// needed first.
    pub cards: Vec<usize>,
}

/// Readiness and a plan for the date.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// What it is for.
    pub goal: Goal,
    /// Mean recall on the date without more study (new cards count 0).
    pub readiness: f32,
    /// Mean recall on the date if the plan is kept.
    pub planned_readiness: f32,
    /// Every card, least recall on the date first (ties: input order).
    pub cards: Vec<Forecast>,
    /// Each input card's FSRS state, by input index.
    pub memory: Vec<Option<Memory>>,
    /// Every study day from today to the day before the date (some may be
    /// empty).
    pub days: Vec<PlanDay>,
}

impl Plan {
    /// The cards planned for `day` (empty for a day outside the plan).
    pub fn on(&self, day: NaiveDate) -> &[usize] {
        self.days
            .iter()
            .find(|d| d.day == day)
            .map_or(&[], |d| d.cards.as_slice())
    }

    /// Days left until the date.
    pub fn days_left(&self) -> i64 {
        (self.goal.date - self.goal.today).num_days()
    }
}

/// The state of a card in state `memory` after a planned review on `day`:
/// [`ASSUMED`], or [`FIRST_SIGHT`] for a new card.
pub fn after_planned(memory: Option<Memory>, day: NaiveDate) -> Option<Memory> {
    match memory {
        Some(m) => Memory::after(Some(m), ASSUMED, day),
        None => FIRST_SIGHT
            .iter()
            .fold(None, |m, &g| Memory::after(m, g, day)),
    }
}

/// The recall on `date` of a card in state `memory` after planned reviews
/// on `days` (in any order).
pub fn recall_after(memory: Option<Memory>, days: &[NaiveDate], date: NaiveDate) -> f32 {
    let mut sorted = days.to_vec();
    sorted.sort_unstable();
    let m = sorted.into_iter().fold(memory, after_planned);
    m.map_or(0.0, |m| m.recall_on(date))
}

/// The mean of `values` (0 for none).
fn mean(values: impl Iterator<Item = f32>) -> f32 {
    let (sum, n) = values.fold((0.0f64, 0u32), |(s, n), v| (s + f64::from(v), n + 1));
    if n == 0 {
        0.0
    } else {
        // A mean of recalls in 0..=1 fits an f32.
        #[allow(clippy::cast_possible_truncation)]
        let m = (sum / f64::from(n)) as f32;
        m
    }
}

/// Readiness and the plan for `goal` (its date must pass [`check_date`]).
pub fn plan(cards: &[PrepCard], goal: Goal) -> Plan {
    let planned = greedy::assign(cards, goal);
    let mut forecasts: Vec<Forecast> = cards
        .iter()
        .enumerate()
        .map(|(index, c)| {
            let recall = c.memory.map_or(0.0, |m| m.recall_on(goal.date));
            let days = planned.by_card.get(index).map_or(&[][..], Vec::as_slice);
            Forecast {
                index,
                recall,
                planned_recall: if days.is_empty() {
                    recall
                } else {
                    recall_after(c.memory, days, goal.date)
                },
                reviews: u32::try_from(days.len()).unwrap_or(u32::MAX),
            }
        })
        .collect();
    forecasts.sort_by(|a, b| a.recall.total_cmp(&b.recall).then(a.index.cmp(&b.index)));
    Plan {
        goal,
        readiness: mean(forecasts.iter().map(|f| f.recall)),
        planned_readiness: mean(forecasts.iter().map(|f| f.planned_recall)),
        cards: forecasts,
        memory: cards.iter().map(|c| c.memory).collect(),
        days: planned.days,
    }
}

#[cfg(test)]
mod tests;
