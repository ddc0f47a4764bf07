//! Shorthands for tests that write days and grades.
#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;

use super::Grade;

/// The day `s` (`2026-11-25`).
pub(crate) fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Grade `q` (0 to 5).
pub(crate) fn g(q: u8) -> Grade {
    Grade::new(q).unwrap()
}
