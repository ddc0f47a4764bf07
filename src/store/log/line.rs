//! The line format of the review log: one JSON object per line.
//!
//! ```text
//! {"at":"2026-11-25T14:03:11.000+01:00","deck":"d","card":"c","grade":4,"kind":"review","ms":5300,"id":"9f3c0a17d2b84e61"}
//! {"at":"…","deck":"d","card":"c","grade":4,"kind":"undo","ms":0,"id":"…","undoes":"2026-11-25T14:03:11.000+01:00","undoes_id":"9f3c0a17d2b84e61"}
//! ```
//!
//! `ms` is the time spent on the card (`spent_ms` in Rust); `at` is the
//! timestamp, whose date is the day the line counts for. `id` names a line;
//! lines written before ids existed have none, and their undos name their
//! target by `at` alone.
//!
//! The card actions `suspend`, `unsuspend` and `bury` have the same shape,
//! with `"grade":0` and `"ms":0`:
//!
//! ```text
//! {"at":"…","deck":"d","card":"c","grade":0,"kind":"suspend","ms":0,"id":"…"}
//! ```

use std::borrow::Cow;
use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate, SecondsFormat};
use serde::{Deserialize, Serialize};

use crate::sched::Grade;

/// What a log line records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A scheduled review: the only kind that changes SM-2 state.
    Review,
    /// A same-day re-ask of a card that needs one (SM-2 step 7, see
    /// [`Grade::needs_reask`]).
    Drill,
    /// A quiz answer; history only.
    Cram,
    /// Cancels an earlier line of the same card: the one whose `id` is
    /// `undoes_id`, or, for lines without ids, the last one whose `at` is
    /// `undoes`.
    Undo,
    /// Suspends the card: it is never asked again until an `unsuspend`.
    /// Its `grade` is 0 and means nothing.
    Suspend,
    /// Ends a suspension (of no effect on a card not suspended).
    Unsuspend,
    /// Buries the card until the day after the line's date: it is not asked
    /// that day.
    Bury,
    /// A grade of interview preparation (the plan's card for the day): it
    /// never changes the SM-2 schedule (like a drill), but counts for the
    /// FSRS memory model like every grade.
    Prep,
}

impl Kind {
    /// True for the kinds that grade the card (`review`, `drill`, `cram`,
    /// `prep`); false for `undo` and the card actions (`suspend`,
    /// `unsuspend`, `bury`), which count as no study.
    pub fn is_grade(self) -> bool {
        matches!(self, Kind::Review | Kind::Drill | Kind::Cram | Kind::Prep)
    }

    /// True for `suspend`, `unsuspend` and `bury`: lines that set a card
    /// aside (or back) rather than grade it.
    pub fn is_card_action(self) -> bool {
        matches!(self, Kind::Suspend | Kind::Unsuspend | Kind::Bury)
    }
}

/// The identity of a log line: 64 random bits, written as 16 hex digits.
/// Unlike `at` (which stops at 23:59:59.999 in a session past midnight), it
/// never repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LineId(u64);

impl LineId {
    /// A fresh random id.
    pub fn random() -> LineId {
        LineId(rand::random())
    }

    /// Reads an id: 1 to 16 hex digits.
    pub fn parse(s: &str) -> Option<LineId> {
        if s.is_empty() || s.len() > 16 || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        u64::from_str_radix(s, 16).ok().map(LineId)
    }
}

impl From<u64> for LineId {
    fn from(v: u64) -> LineId {
        LineId(v)
    }
}

impl fmt::Display for LineId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

/// One line of the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry {
    /// When the grade was given, with the local offset; its calendar date is
    /// the day of the review.
    pub at: DateTime<FixedOffset>,
    /// Deck id.
    pub deck: String,
    /// Card id.
    pub card: String,
    /// The grade (for `undo`, the grade being undone).
    pub grade: Grade,
    /// What kind of grade.
    pub kind: Kind,
    /// Milliseconds spent on the card (the JSON key `ms`).
    pub spent_ms: u64,
    /// The line's identity (`None` in lines written before ids existed).
    pub id: Option<LineId>,
    /// For `undo`: the `at` of the line it cancels.
    pub undoes: Option<DateTime<FixedOffset>>,
    /// For `undo`: the `id` of the line it cancels, if that line has one.
    pub undoes_id: Option<LineId>,
}

/// Formats a timestamp the way the log writes it.
pub fn format_at(at: &DateTime<FixedOffset>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, false)
}

#[derive(Serialize)]
struct OutLine<'a> {
    at: String,
    deck: &'a str,
    card: &'a str,
    grade: u8,
    kind: Kind,
    #[serde(rename = "ms")]
    spent_ms: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    undoes: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    undoes_id: Option<String>,
}

impl LogEntry {
    /// A new line (not an undo) with a fresh id.
    pub fn new(
        at: DateTime<FixedOffset>,
        deck: String,
        card: String,
        grade: Grade,
        kind: Kind,
        spent_ms: u64,
    ) -> LogEntry {
        LogEntry {
            at,
            deck,
            card,
            grade,
            kind,
            spent_ms,
            id: Some(LineId::random()),
            undoes: None,
            undoes_id: None,
        }
    }

    /// The line, written at `at`, that cancels this one: it names this
    /// line's `at` and, if it has one, its `id`.
    pub fn undo(&self, at: DateTime<FixedOffset>) -> LogEntry {
        LogEntry {
            at,
            deck: self.deck.clone(),
            card: self.card.clone(),
            grade: self.grade,
            kind: Kind::Undo,
            spent_ms: 0,
            id: Some(LineId::random()),
            undoes: Some(self.at),
            undoes_id: self.id,
        }
    }

    /// The entry as one JSON line, without the newline.
    pub fn to_json_line(&self) -> String {
        let out = OutLine {
            at: format_at(&self.at),
            deck: &self.deck,
            card: &self.card,
            grade: self.grade.value(),
            kind: self.kind,
            spent_ms: self.spent_ms,
            id: self.id.map(|i| i.to_string()),
            undoes: self.undoes.as_ref().map(format_at),
            undoes_id: self.undoes_id.map(|i| i.to_string()),
        };
        // Serialising plain strings and numbers cannot fail.
        serde_json::to_string(&out).unwrap_or_default()
    }

    /// The day the entry counts for: the date of `at` as written.
    pub fn day(&self) -> NaiveDate {
        self.at.date_naive()
    }

    /// What an undo line names as its target (`None` for other kinds).
    pub(crate) fn target(&self) -> Option<Target> {
        if self.kind != Kind::Undo {
            return None;
        }
        self.undoes_id
            .map(Target::Id)
            .or_else(|| self.undoes.map(|u| Target::AtMs(u.timestamp_millis())))
    }
}

/// The line an undo cancels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    /// The line with this id.
    Id(LineId),
    /// For a target written without an id: the last line with this `at`, in
    /// milliseconds since the epoch.
    AtMs(i64),
}

/// A log line's fields as written, texts borrowed where they have no
/// escapes: what the serde parse of a line reads.
#[derive(Deserialize)]
struct RawLine<'a> {
    #[serde(borrow)]
    at: Cow<'a, str>,
    #[serde(borrow)]
    deck: Cow<'a, str>,
    #[serde(borrow)]
    card: Cow<'a, str>,
    grade: u8,
    kind: Kind,
    /// Time on the card.
    #[serde(default, rename = "ms")]
    spent_ms: u64,
    #[serde(default, borrow)]
    id: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    undoes: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    undoes_id: Option<Cow<'a, str>>,
}

/// A parsed line, borrowing from the read buffer: what replay needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ParsedLine<'a> {
    pub deck: Cow<'a, str>,
    pub card: Cow<'a, str>,
    pub grade: Grade,
    pub kind: Kind,
    /// `at` in milliseconds since the epoch.
    pub at_ms: i64,
    /// The date of `at` as written.
    pub day: NaiveDate,
    /// Time on the card (`ms`), capped at `u32::MAX` (49 days).
    pub spent_ms: u32,
    pub id: Option<LineId>,
    /// For an undo line, its target.
    pub undoes: Option<Target>,
}

/// What a line says of its review, without which card it was: all that
/// the streaming replay applies once the card's history is found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Review {
    pub grade: Grade,
    pub kind: Kind,
    /// `at` in milliseconds since the epoch.
    pub at_ms: i64,
    /// The date of `at` as written.
    pub day: NaiveDate,
    /// Time on the card (`ms`), capped at `u32::MAX` (49 days).
    pub spent_ms: u32,
}

fn parse_id(field: &str, s: Option<&str>) -> Result<Option<LineId>, String> {
    s.map(|s| {
        LineId::parse(s).ok_or_else(|| format!("bad `{field}` {s:?}: not 1 to 16 hex digits"))
    })
    .transpose()
}

/// Parses one line (without its newline).
pub(crate) fn parse_line(bytes: &[u8]) -> Result<ParsedLine<'_>, String> {
    let raw: RawLine<'_> =
        serde_json::from_slice(bytes).map_err(|e| format!("not a review line: {e}"))?;
    let grade =
        Grade::new(raw.grade).ok_or_else(|| format!("grade {} is not in 0..5", raw.grade))?;
    let at =
        DateTime::parse_from_rfc3339(&raw.at).map_err(|e| format!("bad `at` {:?}: {e}", raw.at))?;
    let id = parse_id("id", raw.id.as_deref())?;
    let undoes = if raw.kind == Kind::Undo {
        let at_ms = raw
            .undoes
            .as_deref()
            .map(|u| {
                DateTime::parse_from_rfc3339(u)
                    .map(|t| t.timestamp_millis())
                    .map_err(|e| format!("bad `undoes` {u:?}: {e}"))
            })
            .transpose()?;
        let undoes_id = parse_id("undoes_id", raw.undoes_id.as_deref())?;
        match (undoes_id, at_ms) {
            (Some(id), _) => Some(Target::Id(id)),
            (None, Some(ms)) => Some(Target::AtMs(ms)),
            (None, None) => return Err("an undo line needs `undoes`".into()),
        }
    } else {
        None
    };
    Ok(ParsedLine {
        deck: raw.deck,
        card: raw.card,
        grade,
        kind: raw.kind,
        at_ms: at.timestamp_millis(),
        day: at.date_naive(),
        spent_ms: u32::try_from(raw.spent_ms).unwrap_or(u32::MAX),
        id,
        undoes,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::store::log::testing::{at, entry};

    #[test]
    fn line_format_matches_the_design() {
        let e = entry(
            "2026-11-25T14:03:11+01:00",
            "cpu-bound-pick",
            4,
            Kind::Review,
        );
        assert_eq!(
            e.to_json_line(),
            r#"{"at":"2026-11-25T14:03:11.000+01:00","deck":"d","card":"cpu-bound-pick","grade":4,"kind":"review","ms":1200}"#
        );
        // The design's own example line parses.
        let p = parse_line(br#"{"at":"2026-11-25T14:03:11+01:00","deck":"mt-vs-mp","card":"cpu-bound-pick","grade":4,"kind":"review","ms":5300}"#).unwrap();
        assert_eq!(p.day, NaiveDate::from_ymd_opt(2026, 11, 25).unwrap());
        assert_eq!(p.id, None);
    }

    #[test]
    fn the_day_is_the_date_as_written() {
        // 00:30 at +09:00 is still the previous day in UTC, but counts for the 26th.
        let e = entry("2026-11-26T00:30:00+09:00", "c", 5, Kind::Review);
        assert_eq!(e.day(), NaiveDate::from_ymd_opt(2026, 11, 26).unwrap());
    }

    #[test]
    fn ids_and_undo_lines_round_trip() {
        let mut e = entry("2026-11-25T23:59:59.999+01:00", "c", 2, Kind::Review);
        e.id = Some(LineId::from(0x00ab_cdef_0123_4567));
        let line = e.to_json_line();
        assert!(
            line.ends_with(r#""ms":1200,"id":"00abcdef01234567"}"#),
            "{line}"
        );
        let p = parse_line(line.as_bytes()).unwrap();
        assert_eq!(p.id, e.id);
        let u = e.undo(at("2026-11-25T23:59:59.999+01:00"));
        assert_eq!(
            (u.kind, u.spent_ms, u.undoes, u.undoes_id),
            (Kind::Undo, 0, Some(e.at), e.id)
        );
        assert_ne!(u.id, e.id);
        let text = u.to_json_line();
        assert!(
            text.contains(
                r#""undoes":"2026-11-25T23:59:59.999+01:00","undoes_id":"00abcdef01234567""#
            ),
            "{text}"
        );
        let p = parse_line(text.as_bytes()).unwrap();
        assert_eq!(p.undoes, e.id.map(Target::Id));
        assert_eq!(u.target(), p.undoes);
        // An undo of a line without id names it by `at`, as before ids.
        let old = entry("2026-11-25T10:00:00+01:00", "c", 2, Kind::Review);
        let u = old.undo(at("2026-11-25T10:00:05+01:00"));
        let text = u.to_json_line();
        let p = parse_line(text.as_bytes()).unwrap();
        assert_eq!(p.undoes, Some(Target::AtMs(old.at.timestamp_millis())));
        assert_eq!(u.target(), p.undoes);
    }

    #[test]
    fn bad_ids_and_undos_without_target_are_refused() {
        let base = r#"{"at":"2026-11-25T10:00:00+01:00","deck":"d","card":"c","grade":4,"kind":"#;
        let bad_id = format!(r#"{base}"review","ms":0,"id":"xyz"}}"#);
        assert!(
            parse_line(bad_id.as_bytes())
                .unwrap_err()
                .contains("bad `id`")
        );
        let no_target = format!(r#"{base}"undo","ms":0}}"#);
        assert!(
            parse_line(no_target.as_bytes())
                .unwrap_err()
                .contains("needs `undoes`")
        );
        let id_only = format!(r#"{base}"undo","ms":0,"undoes_id":"ff"}}"#);
        assert_eq!(
            parse_line(id_only.as_bytes()).unwrap().undoes,
            Some(Target::Id(LineId::from(0xff)))
        );
        assert_eq!(LineId::parse("+f"), None);
        assert_eq!(LineId::parse("00000000000000000"), None);
    }
}
