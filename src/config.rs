//! The settings: what `$DATA/config.toml` may set, their defaults, the
//! command line's overrides, and where each effective value came from.
//!
//! Pure: [`parse`] turns the file's bytes into [`Settings`] (or every
//! problem as a [`Diagnostic`](crate::diag::Diagnostic) with `file:line:col`), [`Settings::apply`]
//! lays the command line's [`Overrides`] on top, [`Settings::apply_no_color`]
//! the `NO_COLOR` variable's value. Reading the file is `crate::env`'s job.
//!
//! ```toml
//! new_per_day = 20        # new cards a day, over all decks
//! reviews_per_day = 200   # scheduled reviews a day (leave out: no cap)
//! colors = true           # false: no colours (as NO_COLOR)
//! interview = "2027-01-15" # interview mode: count down, prep for the day
//! prep_per_day = 20       # prep reviews a day in the interview plan
//!
//! [quiz]
//! typed = false           # type answers (true) or grade yourself (false)
//! count = 20              # cards per quiz
//! time = 0                # seconds per card; 0: untimed
//! ```

mod parse;
#[cfg(test)]
mod tests;

use std::fmt;

use chrono::NaiveDate;

pub use parse::{MAX_CONFIG_BYTES, parse};

/// New cards per day unless the file or `--new-per-day` says otherwise.
pub const DEFAULT_NEW_PER_DAY: usize = 20;

/// Prep reviews per day in the interview plan unless the file or
/// `--per-day` says otherwise.
pub const DEFAULT_PREP_PER_DAY: usize = 20;

/// Cards per quiz unless the file or `--count` says otherwise.
pub const DEFAULT_QUIZ_COUNT: u64 = 20;

/// The largest daily cap (new cards or reviews) the file accepts.
pub const MAX_PER_DAY: usize = 100_000;

/// The most cards a quiz takes (the file's `quiz.count` and `--count`).
pub const MAX_QUIZ_COUNT: u64 = 10_000;

/// The longest time per quiz card, in seconds (`quiz.time` and `--time`).
pub const MAX_QUIZ_SECONDS: u64 = 3600;

/// The environment variable that turns colour off when it is set and not
/// empty (<https://no-color.org>).
pub const NO_COLOR: &str = "NO_COLOR";

/// Where a setting's value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Nothing set it.
    Default,
    /// The settings file, at this 1-based line.
    File(usize),
    /// A command-line option.
    CommandLine,
    /// The `NO_COLOR` environment variable.
    NoColor,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Default => f.write_str("default"),
            Source::File(line) => write!(f, "config.toml:{line}"),
            Source::CommandLine => f.write_str("command line"),
            Source::NoColor => f.write_str(NO_COLOR),
        }
    }
}

/// One setting's value and where it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Setting<T> {
    /// The value in effect.
    pub value: T,
    /// Who set it.
    pub source: Source,
}

impl<T> Setting<T> {
    fn default(value: T) -> Setting<T> {
        Setting {
            value,
            source: Source::Default,
        }
    }

    /// Sets the value from `source`.
    fn set(&mut self, value: T, source: Source) {
        *self = Setting { value, source };
    }
}

/// Every setting, with its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    /// New cards introduced per day, over all decks.
    pub new_per_day: Setting<usize>,
    /// Scheduled reviews per day, over all decks; `None`: no cap.
    pub reviews_per_day: Setting<Option<usize>>,
    /// Colours on the screens and in help.
    pub colors: Setting<bool>,
    /// The quiz's answers are typed (else self-graded).
    pub quiz_typed: Setting<bool>,
    /// Cards per quiz.
    pub quiz_count: Setting<u64>,
    /// Seconds per quiz card; 0: untimed.
    pub quiz_time: Setting<u64>,
    /// The interview's date (interview mode while it is ahead); `None`:
    /// no interview.
    pub interview: Setting<Option<NaiveDate>>,
    /// Prep reviews per day in the interview plan.
    pub prep_per_day: Setting<usize>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            new_per_day: Setting::default(DEFAULT_NEW_PER_DAY),
            reviews_per_day: Setting::default(None),
            colors: Setting::default(true),
            quiz_typed: Setting::default(false),
            quiz_count: Setting::default(DEFAULT_QUIZ_COUNT),
            quiz_time: Setting::default(0),
            interview: Setting::default(None),
            prep_per_day: Setting::default(DEFAULT_PREP_PER_DAY),
        }
    }
}

/// What the command line says; `None` leaves the file's value (or the
/// default).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Overrides {
    /// `--new-per-day N`.
    pub new_per_day: Option<usize>,
    /// `--reviews-per-day N` (`Some(None)`: `--reviews-per-day unlimited`).
    pub reviews_per_day: Option<Option<usize>>,
    /// `--typed` (`Some(true)`) or `--self-graded` (`Some(false)`).
    pub quiz_typed: Option<bool>,
    /// `--count N`.
    pub quiz_count: Option<u64>,
    /// `--time SECS` (0: untimed).
    pub quiz_time: Option<u64>,
    /// `--interview DATE`.
    pub interview: Option<NaiveDate>,
}

impl Settings {
    /// The settings with the command line's `overrides` on top.
    pub fn apply(mut self, o: &Overrides) -> Settings {
        let cl = Source::CommandLine;
        if let Some(v) = o.new_per_day {
            self.new_per_day.set(v, cl);
        }
        if let Some(v) = o.reviews_per_day {
            self.reviews_per_day.set(v, cl);
        }
        if let Some(v) = o.quiz_typed {
            self.quiz_typed.set(v, cl);
        }
        if let Some(v) = o.quiz_count {
            self.quiz_count.set(v, cl);
        }
        if let Some(v) = o.quiz_time {
            self.quiz_time.set(v, cl);
        }
        if let Some(v) = o.interview {
            self.interview.set(Some(v), cl);
        }
        self
    }

    /// The settings under the `NO_COLOR` variable's value (`None`: not
    /// set): set and not empty, it turns colour off whatever the file says.
    pub fn apply_no_color(mut self, value: Option<&std::ffi::OsStr>) -> Settings {
        if value.is_some_and(|v| !v.is_empty()) {
            self.colors.set(false, Source::NoColor);
        }
        self
    }

    /// The quiz's time limit per card, in seconds (`None`: untimed).
    pub fn quiz_time_limit(&self) -> Option<u64> {
        Some(self.quiz_time.value).filter(|&s| s > 0)
    }

    /// Each setting as `(key, value as text, source)`, in the order
    /// `concur config` prints them.
    pub fn rows(&self) -> Vec<(&'static str, String, Source)> {
        let row = |key, value: String, source| (key, value, source);
        vec![
            row(
                "new_per_day",
                self.new_per_day.value.to_string(),
                self.new_per_day.source,
            ),
            row(
                "reviews_per_day",
                self.reviews_per_day
                    .value
                    .map_or_else(|| "unlimited".to_string(), |n| n.to_string()),
                self.reviews_per_day.source,
            ),
            row("colors", self.colors.value.to_string(), self.colors.source),
            row(
                "quiz.typed",
                self.quiz_typed.value.to_string(),
                self.quiz_typed.source,
            ),
            row(
                "quiz.count",
                self.quiz_count.value.to_string(),
                self.quiz_count.source,
            ),
            row(
                "quiz.time",
                match self.quiz_time.value {
                    0 => "untimed".to_string(),
                    s => format!("{s} s"),
                },
                self.quiz_time.source,
            ),
            row(
                "interview",
                self.interview
                    .value
                    .map_or_else(|| "none".to_string(), |d| d.to_string()),
                self.interview.source,
            ),
            row(
                "prep_per_day",
                self.prep_per_day.value.to_string(),
                self.prep_per_day.source,
            ),
        ]
    }
}
