//! The log read for statistics: per card, every line that still counts
//! (undos applied), in time order, with what statistics need of it: the
//! day, the kind, the grade and the time spent.
//!
//! Uses only the log's public surface ([`LogEntry`], [`Kind`], the line
//! format of [`super::log::line`]): each line is parsed here with
//! `serde_json`, and undos are applied exactly as the replay does: an undo
//! removes the last earlier line of its card whose `id` is its `undoes_id`,
//! or, for lines written before ids, whose `at` is its `undoes`.
//!
//! One streaming pass keeps four small fields per line; a card whose lines
//! are out of time order or undone is read again, in full, in a second pass
//! over the file (as the replay does).

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use chrono::{DateTime, NaiveDate};
use hashbrown::{HashMap, HashSet};
use serde::Deserialize;

use crate::sched::Grade;
use crate::store::error::{StoreError, io};
use crate::store::{Kind, LineId, LogEntry};

/// One line of a card's history, as statistics see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Event {
    /// The day the line counts for (the date of `at` as written).
    pub day: NaiveDate,
    /// Review, drill or cram (never undo: undos are applied).
    pub kind: Kind,
    /// The grade.
    pub grade: Grade,
    /// Milliseconds spent on the card (`ms`), capped at `u32::MAX`.
    pub spent_ms: u32,
}

/// Every card's events, undos applied, in time order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    /// deck id -> card id -> events. Includes cards no deck has any more.
    pub cards: HashMap<String, HashMap<String, Vec<Event>>>,
    /// Lines read, unreadable ones included.
    pub lines: usize,
    /// Lines that could not be used (malformed or torn).
    pub problems: usize,
}

impl History {
    /// The events of one card (empty if it has none).
    pub fn events(&self, deck: &str, card: &str) -> &[Event] {
        self.cards
            .get(deck)
            .and_then(|m| m.get(card))
            .map_or(&[], Vec::as_slice)
    }

    /// The history of a list of entries in any order, exactly (for tests
    /// and callers that hold entries): the same result as [`read_history`]
    /// on a file holding those lines.
    pub fn from_entries(entries: &[LogEntry]) -> History {
        let mut per_card: HashMap<(String, String), Vec<Full>> = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            let full = Full {
                at_ms: e.at.timestamp_millis(),
                id: e.id,
                undoes: match (e.kind, e.undoes_id, e.undoes) {
                    (Kind::Undo, Some(id), _) => Some(Target::Id(id)),
                    (Kind::Undo, None, Some(at)) => Some(Target::AtMs(at.timestamp_millis())),
                    _ => None,
                },
                order: i,
                event: Event {
                    day: e.day(),
                    kind: e.kind,
                    grade: e.grade,
                    spent_ms: u32::try_from(e.spent_ms).unwrap_or(u32::MAX),
                },
            };
            per_card
                .entry((e.deck.clone(), e.card.clone()))
                .or_default()
                .push(full);
        }
        let mut h = History {
            lines: entries.len(),
            ..History::default()
        };
        for ((deck, card), events) in per_card {
            h.cards
                .entry(deck)
                .or_default()
                .insert(card, exact_events(events));
        }
        h
    }
}

/// Reads the log at `path` (a missing file is an empty history).
/// Malformed and torn lines are counted and skipped.
pub fn read_history(path: &Path) -> Result<History, StoreError> {
    let mut h = History::default();
    let mut slots: HashMap<String, HashMap<String, Slot>> = HashMap::new();
    h.lines = for_each_line(path, |_, line| match line {
        Some(l) => {
            let slot = slots
                .entry_ref(l.deck.as_str())
                .or_default()
                .entry_ref(l.card.as_str())
                .or_default();
            if l.event.kind == Kind::Undo || l.at_ms < slot.last_at_ms {
                slot.exact = true;
            }
            slot.last_at_ms = slot.last_at_ms.max(l.at_ms);
            if !slot.exact {
                slot.events.push(l.event);
            }
        }
        None => h.problems += 1,
    })?;
    let exact: HashSet<(String, String)> = slots
        .iter()
        .flat_map(|(d, m)| {
            m.iter()
                .filter(|(_, s)| s.exact)
                .map(move |(c, _)| (d.clone(), c.clone()))
        })
        .collect();
    let mut again: HashMap<(String, String), Vec<Full>> = HashMap::new();
    if !exact.is_empty() {
        for_each_line(path, |n, line| {
            if let Some(l) = line {
                let key = (l.deck, l.card);
                if exact.contains(&key) {
                    again.entry(key).or_default().push(Full {
                        at_ms: l.at_ms,
                        id: l.id,
                        undoes: l.undoes,
                        order: n,
                        event: l.event,
                    });
                }
            }
        })?;
    }
    for (deck, cards) in slots {
        let mut out: HashMap<String, Vec<Event>> = HashMap::with_capacity(cards.len());
        for (card, slot) in cards {
            let events = if slot.exact {
                let key = (deck.clone(), card.clone());
                exact_events(again.remove(&key).unwrap_or_default())
            } else {
                slot.events
            };
            out.insert(card, events);
        }
        h.cards.insert(deck, out);
    }
    Ok(h)
}

/// A card's events while streaming.
#[derive(Debug, Default)]
struct Slot {
    events: Vec<Event>,
    last_at_ms: i64,
    /// Out of order or undone: read again in full.
    exact: bool,
}

/// The line an undo cancels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Id(LineId),
    AtMs(i64),
}

/// One line with what the exact replay of undos needs.
#[derive(Debug, Clone, Copy)]
struct Full {
    at_ms: i64,
    id: Option<LineId>,
    undoes: Option<Target>,
    /// Position in the file or list: breaks ties of `at_ms`.
    order: usize,
    event: Event,
}

impl Full {
    fn is(&self, t: Target) -> bool {
        match t {
            Target::Id(id) => self.id == Some(id),
            Target::AtMs(ms) => self.at_ms == ms,
        }
    }
}

/// A card's lines sorted by time (stable), each undo removing the last
/// earlier line it names; the undos themselves are dropped.
fn exact_events(mut lines: Vec<Full>) -> Vec<Event> {
    lines.sort_by_key(|l| (l.at_ms, l.order));
    let mut kept: Vec<Full> = Vec::with_capacity(lines.len());
    for l in lines {
        if l.event.kind == Kind::Undo {
            if let Some(t) = l.undoes
                && let Some(pos) = kept.iter().rposition(|k| k.is(t))
            {
                kept.remove(pos);
            }
        } else {
            kept.push(l);
        }
    }
    kept.into_iter().map(|l| l.event).collect()
}

#[derive(Deserialize)]
struct RawLine<'a> {
    #[serde(borrow)]
    at: std::borrow::Cow<'a, str>,
    #[serde(borrow)]
    deck: std::borrow::Cow<'a, str>,
    #[serde(borrow)]
    card: std::borrow::Cow<'a, str>,
    grade: u8,
    kind: Kind,
    #[serde(default)]
    ms: u64,
    #[serde(default, borrow)]
    id: Option<std::borrow::Cow<'a, str>>,
    #[serde(default, borrow)]
    undoes: Option<std::borrow::Cow<'a, str>>,
    #[serde(default, borrow)]
    undoes_id: Option<std::borrow::Cow<'a, str>>,
}

/// A usable line.
struct Line {
    deck: String,
    card: String,
    at_ms: i64,
    id: Option<LineId>,
    undoes: Option<Target>,
    event: Event,
}

/// Parses one line; `None` if it is not a usable log line (the same lines
/// the replay refuses).
fn parse(bytes: &[u8]) -> Option<Line> {
    let raw: RawLine<'_> = serde_json::from_slice(bytes).ok()?;
    let grade = Grade::new(raw.grade)?;
    let at = DateTime::parse_from_rfc3339(&raw.at).ok()?;
    let id = match raw.id.as_deref() {
        Some(s) => Some(LineId::parse(s)?),
        None => None,
    };
    let undoes = if raw.kind == Kind::Undo {
        let by_id = match raw.undoes_id.as_deref() {
            Some(s) => Some(LineId::parse(s)?),
            None => None,
        };
        let by_at = match raw.undoes.as_deref() {
            Some(s) => Some(DateTime::parse_from_rfc3339(s).ok()?.timestamp_millis()),
            None => None,
        };
        Some(by_id.map(Target::Id).or(by_at.map(Target::AtMs))?)
    } else {
        None
    };
    Some(Line {
        deck: raw.deck.into_owned(),
        card: raw.card.into_owned(),
        at_ms: at.timestamp_millis(),
        id,
        undoes,
        event: Event {
            day: at.date_naive(),
            kind: raw.kind,
            grade,
            spent_ms: u32::try_from(raw.ms).unwrap_or(u32::MAX),
        },
    })
}

/// Calls `f(line number, parsed line or None)` for every line of the file;
/// returns the number of lines. Blank lines are skipped.
fn for_each_line(path: &Path, mut f: impl FnMut(usize, Option<Line>)) -> Result<usize, StoreError> {
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(io(path, "cannot read the review log")(e)),
    };
    let mut r = BufReader::with_capacity(1 << 18, file);
    let mut buf = Vec::with_capacity(256);
    let mut n = 0;
    loop {
        buf.clear();
        let read = r
            .read_until(b'\n', &mut buf)
            .map_err(io(path, "cannot read the review log"))?;
        if read == 0 {
            return Ok(n);
        }
        n += 1;
        let line = buf.strip_suffix(b"\n").unwrap_or(&buf);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        f(n, parse(line));
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::store::{append, replay_file};

    fn at(s: &str) -> chrono::DateTime<chrono::FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    fn entry(t: &str, card: &str, q: u8, kind: Kind, id: Option<u64>) -> LogEntry {
        LogEntry {
            id: id.map(LineId::from),
            ..LogEntry::new(
                at(t),
                "d".into(),
                card.into(),
                Grade::new(q).unwrap(),
                kind,
                2500,
            )
        }
    }

    #[test]
    fn undos_by_id_and_by_at_and_out_of_order_lines_through_the_file() {
        let t = "2026-11-25T23:59:59.999+01:00";
        let review = entry(t, "a", 1, Kind::Review, Some(1));
        let drill = entry(t, "a", 5, Kind::Drill, Some(2));
        let undo_review = review.undo(at(t));
        let old = entry("2026-11-20T10:00:00+01:00", "b", 4, Kind::Review, None);
        let old_undo = old.undo(at("2026-11-20T10:00:05+01:00"));
        let later = entry("2026-11-22T10:00:00+01:00", "c", 5, Kind::Review, None);
        let earlier = entry("2026-11-21T10:00:00+01:00", "c", 2, Kind::Review, None);
        let lines = [
            review,
            drill,
            undo_review,
            old,
            old_undo,
            later.clone(),
            earlier.clone(),
        ];
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.jsonl");
        for e in &lines {
            append(&p, e).unwrap();
        }
        std::fs::write(
            &p,
            std::fs::read_to_string(&p).unwrap() + "garbage\n{\"at\":\"2026",
        )
        .unwrap();
        let from_file = read_history(&p).unwrap();
        let from_list = History::from_entries(&lines);
        assert_eq!(from_file.cards, from_list.cards);
        assert_eq!((from_file.lines, from_file.problems), (9, 2));
        let a = from_file.events("d", "a");
        assert_eq!(a.len(), 1);
        assert_eq!(
            (a[0].kind, a[0].grade.value(), a[0].spent_ms),
            (Kind::Drill, 5, 2500)
        );
        assert!(from_file.events("d", "b").is_empty());
        let c: Vec<u8> = from_file
            .events("d", "c")
            .iter()
            .map(|e| e.grade.value())
            .collect();
        assert_eq!(c, [2, 5], "sorted by time");
        // The same reviews as the replay counts.
        let replay = replay_file(&p).unwrap();
        for card in ["a", "b", "c"] {
            let reviews = from_file
                .events("d", card)
                .iter()
                .filter(|e| e.kind == Kind::Review)
                .count();
            assert_eq!(
                reviews,
                replay.get("d", card).map_or(0, |h| h.reviews as usize)
            );
        }
    }

    #[test]
    fn a_missing_log_is_an_empty_history() {
        let dir = tempfile::tempdir().unwrap();
        let h = read_history(&dir.path().join("none.jsonl")).unwrap();
        assert_eq!(h, History::default());
    }
}
