//! The one place time enters the program.

use std::time::Instant;

use chrono::{DateTime, Duration, FixedOffset, Local, NaiveDate, NaiveTime, TimeZone};

/// Today's date and the current time, fixed at start-up.
///
/// `today()` never changes for the life of the clock, so a session that runs
/// past midnight keeps the day it started on; `now()` moves on with the real
/// time but never leaves that day (it stops at 23:59:59.999), so the date of
/// every `at` written is the session's day and times stay in order.
#[derive(Debug, Clone)]
pub struct Clock {
    base: DateTime<FixedOffset>,
    started: Option<Instant>,
}

impl Clock {
    /// The system clock, with today replaced by `today` if given (`--today`).
    pub fn system(today: Option<NaiveDate>) -> Clock {
        let now = Local::now().fixed_offset();
        let base = match today {
            Some(day) => now
                .timezone()
                .from_local_datetime(&day.and_time(now.time()))
                .single()
                .unwrap_or(now),
            None => now,
        };
        Clock {
            base,
            started: Some(Instant::now()),
        }
    }

    /// A clock that always says `at` (for tests).
    pub fn frozen(at: DateTime<FixedOffset>) -> Clock {
        Clock {
            base: at,
            started: None,
        }
    }

    /// The day of this run.
    pub fn today(&self) -> NaiveDate {
        self.base.date_naive()
    }

    /// The current time on today's date.
    pub fn now(&self) -> DateTime<FixedOffset> {
        let elapsed = self
            .started
            .map(|s| Duration::from_std(s.elapsed()).unwrap_or(Duration::zero()))
            .unwrap_or(Duration::zero());
        let t = self.base + elapsed;
        if t.date_naive() == self.today() {
            return t;
        }
        let last = NaiveTime::from_hms_milli_opt(23, 59, 59, 999).unwrap_or(NaiveTime::MIN);
        self.base
            .timezone()
            .from_local_datetime(&self.today().and_time(last))
            .single()
            .unwrap_or(self.base)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn today_override_keeps_the_time_of_day() {
        let day = NaiveDate::from_ymd_opt(2030, 2, 3).unwrap();
        let c = Clock::system(Some(day));
        assert_eq!(c.today(), day);
        assert_eq!(c.now().date_naive(), day);
    }

    #[test]
    fn a_late_session_stays_on_its_day() {
        let at = DateTime::parse_from_rfc3339("2026-11-25T23:59:59.900+01:00").unwrap();
        let c = Clock {
            base: at,
            started: Some(Instant::now() - std::time::Duration::from_secs(3600)),
        };
        assert_eq!(c.now().to_rfc3339(), "2026-11-25T23:59:59.999+01:00");
        assert_eq!(c.today().to_string(), "2026-11-25");
    }
}
