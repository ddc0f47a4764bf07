//! Builders the log's unit tests share.
#![allow(clippy::unwrap_used)]

use chrono::{DateTime, FixedOffset};

use super::{Kind, LogEntry};
use crate::sched::Grade;

/// A timestamp from RFC 3339 text.
pub fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

/// A line of deck `d` without an id (as older versions wrote them), 1.2 s
/// spent on the card.
pub fn entry(t: &str, card: &str, q: u8, kind: Kind) -> LogEntry {
    LogEntry {
        id: None,
        ..LogEntry::new(
            at(t),
            "d".into(),
            card.into(),
            Grade::new(q).unwrap(),
            kind,
            1200,
        )
    }
}
