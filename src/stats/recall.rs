//! FSRS-6's predicted recall today, beside SM-2's retention: the mean over
//! the cards graded at least once, and a small histogram
//! ([`crate::sched::memory`]).

use chrono::NaiveDate;
use serde::Serialize;

use super::Bucket;
use crate::sched::{Memory, memory};

/// Histogram bars: upper bounds (whole percent, exclusive) and labels.
const BARS: [(u32, &str); 6] = [
    (50, "<50%"),
    (70, "50-69%"),
    (80, "70-79%"),
    (90, "80-89%"),
    (95, "90-94%"),
    (u32::MAX, "95-100%"),
];

/// Predicted recall today of the cards graded at least once.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PredictedRecall {
    /// The model ("FSRS-6", default parameters).
    pub model: &'static str,
    /// Cards with at least one grade (new cards are left out).
    pub cards: u32,
    /// Their mean predicted recall today, 0 to 1, to 0.001 (`None` for
    /// no card).
    pub mean: Option<f64>,
    /// Cards by predicted recall today.
    pub histogram: Vec<Bucket>,
}

/// The recall figures, as cards are added.
#[derive(Debug, Clone, Default)]
pub(super) struct RecallCounts {
    sum: f64,
    cards: u32,
    bars: [u32; BARS.len()],
}

impl RecallCounts {
    /// Adds a card in state `m` (nothing for a new card) on `today`.
    pub(super) fn add(&mut self, m: Option<Memory>, today: NaiveDate) {
        let Some(m) = m else {
            return;
        };
        let r = f64::from(m.recall_on(today)).clamp(0.0, 1.0);
        self.sum += r;
        self.cards += 1;
        // A percent in 0..=100 fits a u32.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let pct = (r * 100.0).floor() as u32;
        let i = BARS
            .iter()
            .position(|(below, _)| pct < *below)
            .unwrap_or(BARS.len() - 1);
        self.bars[i] += 1;
    }

    pub(super) fn finish(self) -> PredictedRecall {
        PredictedRecall {
            model: memory::MODEL,
            cards: self.cards,
            mean: (self.cards > 0)
                .then(|| (self.sum / f64::from(self.cards) * 1000.0).round() / 1000.0),
            histogram: BARS
                .iter()
                .zip(self.bars)
                .map(|((_, label), count)| Bucket { label, count })
                .collect(),
        }
    }
}
