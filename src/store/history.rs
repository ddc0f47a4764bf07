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
//! One streaming pass keeps 16 bytes per line (the event and its card); a card whose lines are out
//! of time order or undone is read again, in full, in a second pass over
//! the file (as the replay does). The events end up in one vector, card
//! after card.

use super::log::line::RawLine;
use std::borrow::Cow;
use std::fs::File;
use std::io::Read;
use std::path::Path;

use chrono::{DateTime, NaiveDate};
use hashbrown::HashMap;

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
///
/// Kept compact: all events in one vector, each card a range of it.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// deck id -> card id -> the card's range in `events`. Includes cards
    /// no deck has any more.
    cards: HashMap<String, HashMap<String, (u32, u32)>>,
    /// The events of every card, card after card.
    events: Vec<Event>,
    /// Lines read, unreadable ones included.
    pub lines: usize,
    /// Lines that could not be used (malformed or torn).
    pub problems: usize,
}

impl PartialEq for History {
    /// The same lines, problems and events per card (however laid out).
    fn eq(&self, o: &History) -> bool {
        self.lines == o.lines
            && self.problems == o.problems
            && self.iter().count() == o.iter().count()
            && self.iter().all(|(d, c, e)| {
                o.cards.get(d).is_some_and(|m| m.contains_key(c)) && o.events(d, c) == e
            })
    }
}

impl Eq for History {}

impl History {
    /// The events of one card (empty if it has none).
    pub fn events(&self, deck: &str, card: &str) -> &[Event] {
        self.cards
            .get(deck)
            .and_then(|m| m.get(card))
            .map_or(&[], |r| self.range(*r))
    }

    fn range(&self, (start, len): (u32, u32)) -> &[Event] {
        let (start, len) = (start as usize, len as usize);
        self.events.get(start..start + len).unwrap_or_default()
    }

    /// Every card with history, as `(deck, card, events)`, in no order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str, &[Event])> {
        self.cards.iter().flat_map(move |(d, m)| {
            m.iter()
                .map(move |(c, r)| (d.as_str(), c.as_str(), self.range(*r)))
        })
    }

    /// The history of a list of entries in any order, exactly (for tests
    /// and callers that hold entries): the same result as [`read_history`]
    /// on a file holding those lines.
    pub fn from_entries(entries: &[LogEntry]) -> History {
        let mut b = Builder::default();
        for (i, e) in entries.iter().enumerate() {
            let idx = b.index(&e.deck, &e.card);
            b.slots[idx as usize].exact = true;
            b.again.entry(idx).or_default().push(Full {
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
            });
        }
        let mut h = b.finish();
        h.lines = entries.len();
        h
    }
}

/// Reads the log at `path` (a missing file is an empty history).
/// Malformed and torn lines are counted and skipped.
pub fn read_history(path: &Path) -> Result<History, StoreError> {
    let mut b = Builder::default();
    // About 110 bytes a line: reserving once avoids growing (and, for a
    // moment, doubling) the largest buffers.
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    let expected = usize::try_from(size / 100).unwrap_or(0).min(1 << 26);
    b.events.reserve(expected);
    b.owner.reserve(expected);
    let mut problems = 0;
    let lines = for_each_line(path, |_, line| match line {
        Some(l) => {
            let idx = b.index(&l.deck, &l.card);
            let slot = &mut b.slots[idx as usize];
            if l.event.kind == Kind::Undo || l.at_ms < slot.last_at_ms {
                slot.exact = true;
            }
            slot.last_at_ms = slot.last_at_ms.max(l.at_ms);
            if !slot.exact {
                b.events.push(l.event);
                b.owner.push(idx);
            }
        }
        None => problems += 1,
    })?;
    if b.slots.iter().any(|s| s.exact) {
        for_each_line(path, |n, line| {
            let Some(l) = line else { return };
            let Some(idx) = b.lookup(&l.deck, &l.card) else {
                return;
            };
            if b.slots[idx as usize].exact {
                b.again.entry(idx).or_default().push(Full {
                    at_ms: l.at_ms,
                    id: l.id,
                    undoes: l.undoes,
                    order: n,
                    event: l.event,
                });
            }
        })?;
    }
    let mut h = b.finish();
    h.lines = lines;
    h.problems = problems;
    Ok(h)
}

/// A card while the log is read.
#[derive(Debug, Default, Clone, Copy)]
struct Slot {
    last_at_ms: i64,
    /// Out of order or undone: its lines are replayed exactly, from
    /// `Builder::again`.
    exact: bool,
}

/// Collects the events of the cards, then lays them out card after card.
#[derive(Debug, Default)]
struct Builder {
    /// deck id -> deck index.
    decks: HashMap<String, u32>,
    /// Per deck index: card id -> card index.
    deck_cards: Vec<HashMap<String, u32>>,
    /// The deck of the last line, and its index: lines of one deck tend to
    /// come together, so most lines hash only their card id.
    last_deck: (String, u32),
    slots: Vec<Slot>,
    /// The lines of the cards read in order, in file order...
    events: Vec<Event>,
    /// ... and each one's card index.
    owner: Vec<u32>,
    /// Every line of the cards to replay exactly.
    again: HashMap<u32, Vec<Full>>,
}

impl Builder {
    /// The index of a card, made on first sight.
    fn index(&mut self, deck: &str, card: &str) -> u32 {
        let di = self.deck_index(deck);
        let next = u32::try_from(self.slots.len()).unwrap_or(u32::MAX);
        let Some(cards) = self.deck_cards.get_mut(di as usize) else {
            return next;
        };
        let idx = *cards.entry_ref(card).or_insert(next);
        if idx == next {
            self.slots.push(Slot::default());
        }
        idx
    }

    fn deck_index(&mut self, deck: &str) -> u32 {
        if self.last_deck.0 == deck && !self.deck_cards.is_empty() {
            return self.last_deck.1;
        }
        let next = u32::try_from(self.deck_cards.len()).unwrap_or(u32::MAX);
        let di = *self.decks.entry_ref(deck).or_insert(next);
        if di == next {
            self.deck_cards.push(HashMap::new());
        }
        self.last_deck.0.clear();
        self.last_deck.0.push_str(deck);
        self.last_deck.1 = di;
        di
    }

    /// The index of a card seen before.
    fn lookup(&self, deck: &str, card: &str) -> Option<u32> {
        let di = *self.decks.get(deck)?;
        self.deck_cards.get(di as usize)?.get(card).copied()
    }

    /// One vector of events, card after card: the lines read in order are
    /// moved in place, the exact replays appended.
    fn finish(self) -> History {
        let Builder {
            decks,
            mut deck_cards,
            last_deck: _,
            slots,
            mut events,
            mut owner,
            mut again,
        } = self;
        // Drop the lines of the cards replayed exactly (kept before their
        // first undo or late line was seen).
        let mut w = 0;
        for r in 0..events.len() {
            if !slots[owner[r] as usize].exact {
                events[w] = events[r];
                owner[w] = owner[r];
                w += 1;
            }
        }
        events.truncate(w);
        owner.truncate(w);
        let mut len = vec![0u32; slots.len()];
        for idx in &owner {
            len[*idx as usize] += 1;
        }
        let exact: Vec<(u32, Vec<Event>)> = again
            .drain()
            .map(|(idx, lines)| (idx, exact_events(lines)))
            .collect();
        for (idx, list) in &exact {
            len[*idx as usize] = u32::try_from(list.len()).unwrap_or(u32::MAX);
        }
        // Cards read in order first, then the ones replayed exactly.
        let mut start = vec![0u32; slots.len()];
        let mut total = 0u32;
        for pass_exact in [false, true] {
            for (i, l) in len.iter().enumerate() {
                if slots[i].exact == pass_exact {
                    start[i] = total;
                    total = total.saturating_add(*l);
                }
            }
        }
        // Each line's place, then the lines moved there in place (each swap
        // puts one line where it belongs): no second copy of the events.
        let mut next = start.clone();
        for o in &mut owner {
            let card = *o as usize;
            *o = next[card];
            next[card] += 1;
        }
        for i in 0..events.len() {
            loop {
                let d = owner[i] as usize;
                if d == i || d >= events.len() {
                    break;
                }
                events.swap(i, d);
                owner.swap(i, d);
            }
        }
        drop(owner);
        let mut exact = exact;
        exact.sort_unstable_by_key(|(idx, _)| start[*idx as usize]);
        for (_, list) in exact {
            events.extend(list);
        }
        let cards = decks
            .into_iter()
            .map(|(d, di)| {
                let m = std::mem::take(&mut deck_cards[di as usize])
                    .into_iter()
                    .map(|(c, i)| (c, (start[i as usize], len[i as usize])))
                    .collect();
                (d, m)
            })
            .collect();
        History {
            cards,
            events,
            lines: 0,
            problems: 0,
        }
    }
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

/// A usable line, its texts borrowed from the read buffer where they
/// had no escapes.
struct Line<'a> {
    deck: Cow<'a, str>,
    card: Cow<'a, str>,
    at_ms: i64,
    id: Option<LineId>,
    undoes: Option<Target>,
    event: Event,
}

/// Parses one line; `None` if it is not a usable log line (the same lines
/// the replay refuses).
fn parse(bytes: &[u8]) -> Option<Line<'_>> {
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
        deck: raw.deck,
        card: raw.card,
        at_ms: at.timestamp_millis(),
        id,
        undoes,
        event: Event {
            day: at.date_naive(),
            kind: raw.kind,
            grade,
            spent_ms: u32::try_from(raw.spent_ms).unwrap_or(u32::MAX),
        },
    })
}

/// Bytes read per batch.
const BATCH: usize = 4 << 20;

/// Calls `f(line number, parsed line or None)` for every non-blank line of
/// the file, in file order; returns the number of lines. Reads batches of
/// whole lines and parses each batch on several threads.
fn for_each_line(
    path: &Path,
    mut f: impl FnMut(usize, Option<Line<'_>>),
) -> Result<usize, StoreError> {
    let mut file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(io(path, "cannot read the review log")(e)),
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let mut buf: Vec<u8> = Vec::with_capacity(BATCH + 4096);
    let mut n = 0;
    loop {
        // Fill up to BATCH bytes; keep whatever follows the last newline.
        let before = buf.len();
        buf.resize(BATCH.max(before + 4096), 0);
        let mut len = before;
        let mut eof = false;
        while len < buf.len() {
            match file.read(&mut buf[len..]) {
                Ok(0) => {
                    eof = true;
                    break;
                }
                Ok(k) => len += k,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(io(path, "cannot read the review log")(e)),
            }
        }
        buf.truncate(len);
        let end = if eof {
            len
        } else {
            buf.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1)
        };
        let whole = buf.get(..end).unwrap_or_default();
        n = parse_batch(whole, threads, n, &mut f);
        let rest = buf.split_off(end);
        buf = rest;
        if eof {
            return Ok(n);
        }
    }
}

/// Parses the lines of `batch` (whole lines) on up to `threads` threads and
/// hands them to `f` in order; line numbers continue from `n`.
fn parse_batch<'b>(
    batch: &'b [u8],
    threads: usize,
    mut n: usize,
    f: &mut impl FnMut(usize, Option<Line<'b>>),
) -> usize {
    // Split at newlines into about equal parts.
    let mut parts: Vec<&'b [u8]> = Vec::with_capacity(threads);
    let mut rest = batch;
    for i in 0..threads {
        if rest.is_empty() {
            break;
        }
        let want = rest.len() / (threads - i);
        let cut = rest
            .iter()
            .skip(want)
            .position(|b| *b == b'\n')
            .map_or(rest.len(), |p| want + p + 1);
        let (a, b) = rest.split_at(cut);
        parts.push(a);
        rest = b;
    }
    let parse_part = |part: &'b [u8]| -> Vec<Option<Option<Line<'b>>>> {
        part.split(|b| *b == b'\n')
            .map(|line| {
                let line = line.strip_suffix(b"\r").unwrap_or(line);
                // None: a blank line (skipped, but counted).
                (!line.iter().all(u8::is_ascii_whitespace)).then(|| parse(line))
            })
            .collect()
    };
    let parsed: Vec<Vec<Option<Option<Line<'b>>>>> = std::thread::scope(|s| {
        let handles: Vec<_> = parts
            .iter()
            .map(|p| s.spawn(move || parse_part(p)))
            .collect();
        handles
            .into_iter()
            // A panic while parsing is a bug: pass it on as it is.
            .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    for (part, lines) in parts.iter().zip(parsed) {
        // A part ending in a newline splits into one empty piece more
        // than it has lines.
        let count = lines.len() - usize::from(part.ends_with(b"\n"));
        for line in lines.into_iter().take(count) {
            n += 1;
            if let Some(l) = line {
                f(n, l);
            }
        }
    }
    n
}
