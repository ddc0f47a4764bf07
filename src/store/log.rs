//! The review log: `reviews.jsonl`, one JSON object per grade.
//!
//! Lines are only ever appended, whole, under an exclusive lock, and flushed
//! to disk before [`append`] returns. Card states are never stored: they are
//! the replay of this log through SM-2 ([`replay_file`]).

use std::borrow::Cow;
use std::collections::HashSet;

use hashbrown::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, NaiveDate, SecondsFormat};
use serde::{Deserialize, Serialize};

use crate::sched::{Grade, Sm2State};

/// Errors of the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No home folder could be found for the platform data folder.
    #[error("cannot find a data folder: set CONCUR_HOME or pass --data-dir DIR")]
    NoDataDir,
    /// An I/O error on a file.
    #[error("{path}: {action}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What was being done.
        action: &'static str,
        /// The cause.
        source: std::io::Error,
    },
}

fn io(path: &Path, action: &'static str) -> impl FnOnce(std::io::Error) -> StoreError {
    let path = path.to_path_buf();
    move |source| StoreError::Io {
        path,
        action,
        source,
    }
}

/// What a log line records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A scheduled review: the only kind that changes SM-2 state.
    Review,
    /// A same-day re-ask of a card graded below 4 (SM-2 step 7).
    Drill,
    /// A quiz answer; history only.
    Cram,
    /// Cancels the earlier line of the same card whose `at` is `undoes`.
    Undo,
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
    /// Milliseconds spent on the card.
    pub ms: u64,
    /// For `undo`: the `at` of the line it cancels.
    pub undoes: Option<DateTime<FixedOffset>>,
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
    ms: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    undoes: Option<String>,
}

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
    #[serde(default)]
    #[allow(dead_code)]
    ms: u64,
    #[serde(default, borrow)]
    undoes: Option<Cow<'a, str>>,
}

impl LogEntry {
    /// The entry as one JSON line, without the newline.
    pub fn to_json_line(&self) -> String {
        let out = OutLine {
            at: format_at(&self.at),
            deck: &self.deck,
            card: &self.card,
            grade: self.grade.value(),
            kind: self.kind,
            ms: self.ms,
            undoes: self.undoes.as_ref().map(format_at),
        };
        // Serialising plain strings and numbers cannot fail.
        serde_json::to_string(&out).unwrap_or_default()
    }

    /// The day the entry counts for: the date of `at` as written.
    pub fn day(&self) -> NaiveDate {
        self.at.date_naive()
    }
}

/// Appends one entry as a whole line, under an exclusive lock, and flushes it
/// to disk before returning. If the file ends in a torn line (no newline), a
/// newline is written first so the torn line stays separate; nothing already
/// in the file is changed.
pub fn append(path: &Path, entry: &LogEntry) -> Result<(), StoreError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io(dir, "cannot create the data folder"))?;
    }
    let mut file = OpenOptions::new()
        .read(true)
        .append(true)
        .create(true)
        .open(path)
        .map_err(io(path, "cannot open the review log"))?;
    file.lock()
        .map_err(io(path, "cannot lock the review log"))?;
    let mut line = String::new();
    let len = file
        .metadata()
        .map_err(io(path, "cannot read the review log"))?
        .len();
    if len > 0 {
        let mut last = [0u8; 1];
        file.seek(SeekFrom::Start(len - 1))
            .and_then(|_| file.read_exact(&mut last))
            .map_err(io(path, "cannot read the review log"))?;
        if last[0] != b'\n' {
            line.push('\n');
        }
    }
    line.push_str(&entry.to_json_line());
    line.push('\n');
    file.write_all(line.as_bytes())
        .map_err(io(path, "cannot write to the review log"))?;
    file.sync_data()
        .map_err(io(path, "cannot flush the review log to disk"))?;
    // The lock is released when `file` is closed.
    Ok(())
}

/// A line of the log that could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogProblem {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// The replayed history of one card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CardHistory {
    /// SM-2 state after every `review` line.
    pub state: Sm2State,
    /// Scheduled reviews counted.
    pub reviews: u32,
    /// Drill (same-day re-ask) lines.
    pub drills: u32,
    /// Quiz lines.
    pub crams: u32,
    /// Latest `at` of any line, as milliseconds since the epoch.
    pub last_ms: i64,
    /// The day of the first `review` line: the day the card was started
    /// (new cards started today count against the daily cap).
    pub first_day: Option<NaiveDate>,
    /// `Some(day)` while the card owes a re-ask: its last `review`, on
    /// `day`, was graded below 4 and no grade of 4 or more followed that day.
    pub drill_due: Option<NaiveDate>,
    /// Lines must be sorted or undone before the state is right.
    exact: bool,
}

/// The whole log, replayed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Replay {
    /// deck id -> card id -> history. Includes cards that no longer exist.
    pub cards: HashMap<String, HashMap<String, CardHistory>>,
    /// Malformed or torn lines (the first [`Replay::MAX_PROBLEMS`]).
    pub problems: Vec<LogProblem>,
    /// Count of all problem lines.
    pub problem_count: usize,
    /// Lines read, problems included.
    pub lines: usize,
}

impl Replay {
    /// At most this many problems are kept with their text.
    pub const MAX_PROBLEMS: usize = 100;

    /// The history of a card, if it has any.
    pub fn get(&self, deck: &str, card: &str) -> Option<&CardHistory> {
        self.cards.get(deck).and_then(|m| m.get(card))
    }

    /// The SM-2 state of a card (new if it has no history).
    pub fn state(&self, deck: &str, card: &str) -> Sm2State {
        self.get(deck, card).map(|h| h.state).unwrap_or_default()
    }

    fn problem(&mut self, line: usize, message: String) {
        self.problem_count += 1;
        if self.problems.len() < Self::MAX_PROBLEMS {
            self.problems.push(LogProblem { line, message });
        }
    }

    /// Adds one entry on top of what has been replayed so far. Entries
    /// of one card must arrive in time order for the incremental path; an
    /// out-of-order entry or an undo marks the card for an exact replay.
    fn apply(&mut self, e: &Parsed<'_>) {
        let h = entry_for(&mut self.cards, &e.deck, &e.card);
        if e.kind == Kind::Undo || e.ms < h.last_ms {
            h.exact = true;
        }
        h.last_ms = h.last_ms.max(e.ms);
        if h.exact {
            return;
        }
        record(h, e.kind, e.grade, e.day);
    }

    /// Replays from a list of entries (any order), exactly: the entries of
    /// each card are sorted by time (ties keep list order) and undos cancel
    /// their target. [`replay_file`] gives the same result.
    pub fn from_entries(entries: &[LogEntry]) -> Replay {
        let mut r = Replay::default();
        let mut per_card: HashMap<(String, String), Vec<Event>> = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            r.lines += 1;
            per_card
                .entry((e.deck.clone(), e.card.clone()))
                .or_default()
                .push(Event::from_entry(e, i));
        }
        for ((deck, card), events) in per_card {
            *entry_for(&mut r.cards, &deck, &card) = exact_history(events);
        }
        r
    }
}

/// The history slot of a card, created if missing. Hashes each key once and
/// allocates only for a card not seen before.
fn entry_for<'m>(
    cards: &'m mut HashMap<String, HashMap<String, CardHistory>>,
    deck: &str,
    card: &str,
) -> &'m mut CardHistory {
    cards
        .entry_ref(deck)
        .or_default()
        .entry_ref(card)
        .or_default()
}

fn count(h: &mut CardHistory, kind: Kind) {
    match kind {
        Kind::Review => h.reviews += 1,
        Kind::Drill => h.drills += 1,
        Kind::Cram => h.crams += 1,
        Kind::Undo => {}
    }
}

/// Adds one (not undone) line, in time order, to a card's history.
fn record(h: &mut CardHistory, kind: Kind, grade: Grade, day: NaiveDate) {
    count(h, kind);
    match kind {
        Kind::Review => {
            h.state = h.state.review(grade, day);
            h.first_day.get_or_insert(day);
            h.drill_due = (grade.value() < 4).then_some(day);
        }
        Kind::Drill if grade.value() >= 4 && h.drill_due == Some(day) => h.drill_due = None,
        _ => {}
    }
}

/// A parsed line, borrowing from the read buffer.
struct Parsed<'a> {
    deck: Cow<'a, str>,
    card: Cow<'a, str>,
    grade: Grade,
    kind: Kind,
    /// `at` in milliseconds since the epoch.
    ms: i64,
    day: NaiveDate,
    undoes: Option<i64>,
}

fn parse_line(bytes: &[u8]) -> Result<Parsed<'_>, String> {
    let raw: RawLine<'_> =
        serde_json::from_slice(bytes).map_err(|e| format!("not a review line: {e}"))?;
    let grade =
        Grade::new(raw.grade).ok_or_else(|| format!("grade {} is not in 0..5", raw.grade))?;
    let at =
        DateTime::parse_from_rfc3339(&raw.at).map_err(|e| format!("bad `at` {:?}: {e}", raw.at))?;
    let undoes = match (&raw.undoes, raw.kind) {
        (Some(u), Kind::Undo) => Some(
            DateTime::parse_from_rfc3339(u)
                .map_err(|e| format!("bad `undoes` {u:?}: {e}"))?
                .timestamp_millis(),
        ),
        (None, Kind::Undo) => return Err("an undo line needs `undoes`".into()),
        _ => None,
    };
    Ok(Parsed {
        deck: raw.deck,
        card: raw.card,
        grade,
        kind: raw.kind,
        ms: at.timestamp_millis(),
        day: at.date_naive(),
        undoes,
    })
}

/// One line of one card, for the exact replay.
#[derive(Debug, Clone, Copy)]
struct Event {
    ms: i64,
    day: NaiveDate,
    grade: Grade,
    kind: Kind,
    undoes: Option<i64>,
    order: usize,
}

impl Event {
    fn from_entry(e: &LogEntry, order: usize) -> Event {
        Event {
            ms: e.at.timestamp_millis(),
            day: e.day(),
            grade: e.grade,
            kind: e.kind,
            undoes: e.undoes.map(|u| u.timestamp_millis()),
            order,
        }
    }
}

/// Replays one card's events: sorted by time (stable), undos applied.
fn exact_history(mut events: Vec<Event>) -> CardHistory {
    events.sort_by_key(|e| (e.ms, e.order));
    let mut kept: Vec<Event> = Vec::with_capacity(events.len());
    let mut h = CardHistory::default();
    for e in events {
        h.last_ms = h.last_ms.max(e.ms);
        if e.kind == Kind::Undo {
            if let Some(target) = e.undoes
                && let Some(pos) = kept.iter().rposition(|k| k.ms == target)
            {
                kept.remove(pos);
            }
        } else {
            kept.push(e);
        }
    }
    for e in kept {
        record(&mut h, e.kind, e.grade, e.day);
    }
    h
}

/// A key text of a parsed line: a span of the batch buffer, or owned when
/// the JSON string had escapes.
enum Text {
    Span(usize, usize),
    Owned(String),
}

impl Text {
    fn of(s: Cow<'_, str>, buf: &[u8]) -> Text {
        match s {
            Cow::Borrowed(b) => {
                let start = (b.as_ptr() as usize).wrapping_sub(buf.as_ptr() as usize);
                if start <= buf.len() && start + b.len() <= buf.len() {
                    Text::Span(start, start + b.len())
                } else {
                    Text::Owned(b.to_string())
                }
            }
            Cow::Owned(o) => Text::Owned(o),
        }
    }

    fn get<'a>(&'a self, buf: &'a [u8]) -> Cow<'a, str> {
        match self {
            Text::Span(a, b) => buf
                .get(*a..*b)
                .and_then(|s| std::str::from_utf8(s).ok())
                .map_or(Cow::Borrowed(""), Cow::Borrowed),
            Text::Owned(s) => Cow::Borrowed(s),
        }
    }
}

/// deck, card, grade, kind, `at` in ms, day, `undoes` in ms.
type Fields = (Text, Text, Grade, Kind, i64, NaiveDate, Option<i64>);

/// One line, parsed off the main thread.
struct Record {
    line: usize,
    had_newline: bool,
    blank: bool,
    parsed: Result<Fields, String>,
}

/// Lines read and parsed together, with the buffer their spans point into.
struct Batch {
    buf: Vec<u8>,
    records: Vec<Record>,
}

/// Reads the log on one thread and parses the JSON of its lines in batches
/// on others (one per core), and calls `f(line, parsed, had_newline)` for every non-blank
/// line, in file order, on this thread. A missing file is an empty log.
fn for_each_parsed(
    path: &Path,
    mut f: impl FnMut(usize, Result<Parsed<'_>, String>, bool),
) -> Result<usize, StoreError> {
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(io(path, "cannot open the review log")(e)),
    };
    const BATCH_BYTES: usize = 256 * 1024;
    // reader -> (raw batches) -> parsers -> (parsed, numbered) -> this thread,
    // which puts the batches back in file order.
    let (raw_tx, raw_rx) = std::sync::mpsc::sync_channel::<RawBatch>(4);
    let raw_rx = std::sync::Mutex::new(raw_rx);
    let (done_tx, done_rx) = std::sync::mpsc::sync_channel::<(usize, Batch)>(8);
    let parsers = std::thread::available_parallelism()
        .map(std::num::NonZeroUsize::get)
        .unwrap_or(1)
        .clamp(1, 4);
    std::thread::scope(|scope| {
        let reader = scope.spawn(move || -> Result<usize, std::io::Error> {
            let mut reader = BufReader::with_capacity(1 << 16, file);
            let mut n = 0;
            for seq in 0.. {
                let mut buf = Vec::with_capacity(BATCH_BYTES + 512);
                let mut bounds = Vec::new();
                while buf.len() < BATCH_BYTES {
                    let start = buf.len();
                    if reader.read_until(b'\n', &mut buf)? == 0 {
                        break;
                    }
                    bounds.push((start, buf.len()));
                }
                if bounds.is_empty() {
                    break;
                }
                let first_line = n + 1;
                n += bounds.len();
                let raw = RawBatch {
                    seq,
                    first_line,
                    buf,
                    bounds,
                };
                if raw_tx.send(raw).is_err() {
                    break;
                }
            }
            Ok(n)
        });
        for _ in 0..parsers {
            let done_tx = done_tx.clone();
            let raw_rx = &raw_rx;
            scope.spawn(move || {
                loop {
                    let job = match raw_rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => return,
                    };
                    let Ok(raw) = job else { return };
                    let seq = raw.seq;
                    if done_tx.send((seq, raw.parse())).is_err() {
                        return;
                    }
                }
            });
        }
        drop(done_tx);
        let mut waiting: std::collections::BTreeMap<usize, Batch> =
            std::collections::BTreeMap::new();
        let mut next = 0;
        for (seq, batch) in done_rx {
            waiting.insert(seq, batch);
            while let Some(batch) = waiting.remove(&next) {
                next += 1;
                for r in &batch.records {
                    if r.blank {
                        continue;
                    }
                    let parsed = match &r.parsed {
                        Ok((deck, card, grade, kind, ms, day, undoes)) => Ok(Parsed {
                            deck: deck.get(&batch.buf),
                            card: card.get(&batch.buf),
                            grade: *grade,
                            kind: *kind,
                            ms: *ms,
                            day: *day,
                            undoes: *undoes,
                        }),
                        Err(e) => Err(e.clone()),
                    };
                    f(r.line, parsed, r.had_newline);
                }
            }
        }
        reader
            .join()
            .unwrap_or_else(|_| Err(std::io::Error::other("the log reader thread failed")))
            .map_err(io(path, "cannot read the review log"))
    })
}

/// Lines read but not parsed yet: the `seq`-th batch of the file.
struct RawBatch {
    seq: usize,
    first_line: usize,
    buf: Vec<u8>,
    bounds: Vec<(usize, usize)>,
}

impl RawBatch {
    fn parse(self) -> Batch {
        let RawBatch {
            first_line,
            buf,
            bounds,
            ..
        } = self;
        let records = bounds
            .into_iter()
            .enumerate()
            .map(|(i, (a, b))| {
                let had_newline = buf[b - 1] == b'\n';
                let line = &buf[a..b - usize::from(had_newline)];
                let blank = line.iter().all(u8::is_ascii_whitespace);
                let parsed = if blank {
                    Err(String::new())
                } else {
                    parse_line(line).map(|p| {
                        (
                            Text::of(p.deck, &buf),
                            Text::of(p.card, &buf),
                            p.grade,
                            p.kind,
                            p.ms,
                            p.day,
                            p.undoes,
                        )
                    })
                };
                Record {
                    line: first_line + i,
                    had_newline,
                    blank,
                    parsed,
                }
            })
            .collect();
        Batch { buf, records }
    }
}

/// Reads and replays the log at `path` (a missing file is an empty log).
///
/// Malformed lines are reported with their numbers and skipped; the file is
/// never written. Uses one streaming pass (JSON parsed on a second thread),
/// plus a second pass over the lines of the few cards whose lines are out of
/// time order or undone.
pub fn replay_file(path: &Path) -> Result<Replay, StoreError> {
    let mut r = Replay::default();
    let mut pending: Option<(usize, String)> = None;
    let lines = for_each_parsed(path, |n, parsed, had_newline| match parsed {
        Ok(p) => r.apply(&p),
        Err(msg) if !had_newline => {
            pending = Some((
                n,
                format!("incomplete last line (a write was cut off?), skipped: {msg}"),
            ));
        }
        Err(msg) => r.problem(n, format!("{msg}; line skipped")),
    })?;
    r.lines = lines;
    if let Some((n, msg)) = pending {
        r.problem(n, msg);
    }
    let exact: HashSet<(String, String)> = r
        .cards
        .iter()
        .flat_map(|(d, m)| {
            m.iter()
                .filter(|(_, h)| h.exact)
                .map(move |(c, _)| (d.clone(), c.clone()))
        })
        .collect();
    if exact.is_empty() {
        return Ok(r);
    }
    let mut events: HashMap<(String, String), Vec<Event>> = HashMap::new();
    for_each_parsed(path, |n, parsed, _| {
        if let Ok(p) = parsed {
            let key = (p.deck.into_owned(), p.card.into_owned());
            if exact.contains(&key) {
                events.entry(key).or_default().push(Event {
                    ms: p.ms,
                    day: p.day,
                    grade: p.grade,
                    kind: p.kind,
                    undoes: p.undoes,
                    order: n,
                });
            }
        }
    })?;
    for ((deck, card), evs) in events {
        *entry_for(&mut r.cards, &deck, &card) = exact_history(evs);
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use proptest::prelude::*;

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    fn entry(t: &str, card: &str, q: u8, kind: Kind) -> LogEntry {
        LogEntry {
            at: at(t),
            deck: "d".into(),
            card: card.into(),
            grade: Grade::new(q).unwrap(),
            kind,
            ms: 1200,
            undoes: None,
        }
    }

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
    }

    #[test]
    fn the_day_is_the_date_as_written() {
        // 00:30 at +09:00 is still the previous day in UTC, but counts for the 26th.
        let e = entry("2026-11-26T00:30:00+09:00", "c", 5, Kind::Review);
        assert_eq!(e.day(), NaiveDate::from_ymd_opt(2026, 11, 26).unwrap());
    }

    #[test]
    fn append_then_replay_with_torn_and_bad_lines() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub/reviews.jsonl");
        append(
            &p,
            &entry("2026-11-01T10:00:00+00:00", "a", 5, Kind::Review),
        )
        .unwrap();
        append(
            &p,
            &entry("2026-11-02T10:00:00+00:00", "a", 5, Kind::Review),
        )
        .unwrap();
        // Simulate garbage and a torn last line written by a crash.
        let mut f = OpenOptions::new().append(true).open(&p).unwrap();
        f.write_all(b"not json\n{\"at\":\"2026-11-0").unwrap();
        drop(f);
        let before = std::fs::read(&p).unwrap();
        let r = replay_file(&p).unwrap();
        let s = r.state("d", "a");
        assert_eq!((s.n, s.interval), (2, 6));
        assert_eq!(r.problem_count, 2);
        assert_eq!(r.problems[0].line, 3);
        assert!(
            r.problems[1].message.starts_with("incomplete last line"),
            "{:?}",
            r.problems
        );
        assert_eq!(r.problems[1].line, 4);
        // Reading never changes the file.
        assert_eq!(std::fs::read(&p).unwrap(), before);
        // The next append starts on a fresh line and the torn text is kept.
        append(
            &p,
            &entry("2026-11-08T10:00:00+00:00", "a", 5, Kind::Review),
        )
        .unwrap();
        let after = std::fs::read_to_string(&p).unwrap();
        assert!(after.starts_with(std::str::from_utf8(&before).unwrap()));
        let r = replay_file(&p).unwrap();
        assert_eq!(r.state("d", "a").n, 3);
        assert_eq!(r.problem_count, 2);
    }

    #[test]
    fn drill_and_cram_do_not_change_state() {
        let r = Replay::from_entries(&[
            entry("2026-11-01T10:00:00+00:00", "a", 2, Kind::Review),
            entry("2026-11-01T10:01:00+00:00", "a", 5, Kind::Drill),
            entry("2026-11-01T10:02:00+00:00", "a", 5, Kind::Cram),
        ]);
        let h = r.get("d", "a").unwrap();
        assert_eq!(
            (h.state.n, h.state.interval, h.reviews, h.drills, h.crams),
            (0, 1, 1, 1, 1)
        );
        assert_eq!(h.state.ef.to_string(), "2.18");
    }

    #[test]
    fn undo_cancels_its_target() {
        let first = entry("2026-11-01T10:00:00+00:00", "a", 5, Kind::Review);
        let second = entry("2026-11-02T10:00:00+00:00", "a", 1, Kind::Review);
        let mut undo = entry("2026-11-02T10:00:05+00:00", "a", 1, Kind::Undo);
        undo.undoes = Some(second.at);
        let r = Replay::from_entries(&[first.clone(), second, undo.clone()]);
        let only_first = Replay::from_entries(std::slice::from_ref(&first));
        assert_eq!(r.state("d", "a"), only_first.state("d", "a"));
        assert_eq!(r.get("d", "a").unwrap().reviews, 1);
        // The same through the file path.
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.jsonl");
        for e in [
            &first,
            &entry("2026-11-02T10:00:00+00:00", "a", 1, Kind::Review),
            &undo,
        ] {
            append(&p, e).unwrap();
        }
        assert_eq!(
            replay_file(&p).unwrap().state("d", "a"),
            only_first.state("d", "a")
        );
    }

    #[test]
    fn first_day_and_owed_reask_through_both_replays() {
        let lines = [
            entry("2026-11-01T10:00:00+00:00", "a", 5, Kind::Review),
            entry("2026-11-02T10:00:00+00:00", "a", 2, Kind::Review),
            entry("2026-11-02T10:05:00+00:00", "a", 3, Kind::Drill),
            entry("2026-11-02T10:00:00+00:00", "b", 1, Kind::Review),
            entry("2026-11-02T10:09:00+00:00", "b", 4, Kind::Drill),
        ];
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.jsonl");
        for e in &lines {
            append(&p, e).unwrap();
        }
        for r in [Replay::from_entries(&lines), replay_file(&p).unwrap()] {
            let a = r.get("d", "a").unwrap();
            assert_eq!(a.first_day, NaiveDate::from_ymd_opt(2026, 11, 1));
            // A drill of 3 does not pay the debt; 4 does.
            assert_eq!(a.drill_due, NaiveDate::from_ymd_opt(2026, 11, 2));
            assert_eq!(r.get("d", "b").unwrap().drill_due, None);
        }
        // Undoing the first review makes the card new again.
        let mut undo = entry("2026-11-03T10:00:00+00:00", "c", 5, Kind::Undo);
        undo.undoes = Some(at("2026-11-03T09:00:00+00:00"));
        let r = Replay::from_entries(&[
            entry("2026-11-03T09:00:00+00:00", "c", 5, Kind::Review),
            undo,
        ]);
        let c = r.get("d", "c").unwrap();
        assert_eq!((c.first_day, c.state), (None, Sm2State::NEW));
    }

    #[test]
    fn a_log_of_many_batches_replays_in_file_order() {
        // About 1.3 MB: several batches parsed on several threads.
        let mut entries = Vec::new();
        let mut t = at("2025-01-01T08:00:00+00:00");
        for i in 0..10_000u32 {
            t += chrono::Duration::minutes(37);
            let mut e = entry(
                "2025-01-01T08:00:00+00:00",
                &format!("c{}", i % 97),
                u8::try_from(i % 6).unwrap(),
                Kind::Review,
            );
            e.at = t;
            entries.push(e);
        }
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.jsonl");
        let text: String = entries.iter().map(|e| e.to_json_line() + "\n").collect();
        std::fs::write(&p, text).unwrap();
        let from_file = replay_file(&p).unwrap();
        let expected = Replay::from_entries(&entries);
        assert_eq!(from_file.lines, 10_000);
        assert_eq!(from_file.cards, expected.cards);
    }

    #[test]
    fn out_of_order_lines_replay_in_time_order() {
        let a = entry("2026-11-01T10:00:00+00:00", "a", 5, Kind::Review);
        let b = entry("2026-11-02T10:00:00+00:00", "a", 5, Kind::Review);
        let c = entry("2026-11-08T10:00:00+00:00", "a", 3, Kind::Review);
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.jsonl");
        for e in [&c, &a, &b] {
            append(&p, e).unwrap();
        }
        let sorted = Replay::from_entries(&[a, b, c]);
        assert_eq!(
            replay_file(&p).unwrap().state("d", "a"),
            sorted.state("d", "a")
        );
    }

    fn arb_entries() -> impl Strategy<Value = Vec<LogEntry>> {
        proptest::collection::vec((0u32..3, 0u8..=5, 0u8..3, 0i64..200), 0..40).prop_map(|v| {
            let mut t = at("2026-01-01T08:00:00+00:00");
            v.into_iter()
                .map(|(card, q, kind, step_h)| {
                    t += chrono::Duration::hours(step_h);
                    let kind = [Kind::Review, Kind::Drill, Kind::Cram][usize::from(kind)];
                    LogEntry {
                        at: t,
                        deck: "d".into(),
                        card: format!("c{card}"),
                        grade: Grade::new(q).unwrap_or(Grade::new(0).unwrap()),
                        kind,
                        ms: 0,
                        undoes: None,
                    }
                })
                .collect()
        })
    }

    proptest! {
        // Each case appends (and fsyncs) up to 40 lines: keep the count modest.
        #![proptest_config(ProptestConfig::with_cases(48))]
        #[test]
        fn replay_equals_applying_reviews_one_by_one(entries in arb_entries()) {
            let dir = tempfile::tempdir().unwrap();
            let p = dir.path().join("r.jsonl");
            for e in &entries {
                append(&p, e).unwrap();
            }
            let replay = replay_file(&p).unwrap();
            for card in ["c0", "c1", "c2"] {
                let mut s = Sm2State::NEW;
                for e in entries.iter().filter(|e| e.card == card && e.kind == Kind::Review) {
                    s = s.review(e.grade, e.day());
                }
                prop_assert_eq!(replay.state("d", card), s);
            }
        }
    }
}
