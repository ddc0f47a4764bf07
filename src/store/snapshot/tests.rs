//! The snapshot against a full replay: for random logs and random edits,
//! the replay that starts from the snapshot equals the replay of the whole
//! file.
#![allow(clippy::unwrap_used)]

use super::*;
use crate::sched::Grade;
use crate::store::log::{Kind, LineId, LogEntry, replay_file};
use chrono::{DateTime, FixedOffset};
use proptest::prelude::*;

fn t0() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-01-01T08:00:00+01:00").unwrap()
}

/// A line from (card, grade, kind, hours from t0, with id?): kind 3 (of 8)
/// is an undo of the card's line at `hours` (by id when `id` is set), kind 4 is a prep
/// grade, kinds 5 to 7 are the card actions.
fn line(card: u8, q: u8, kind: u8, hours: i64, id: u64) -> String {
    let at = t0() + chrono::Duration::hours(hours);
    let e = LogEntry {
        at,
        deck: if card.is_multiple_of(2) {
            "d".into()
        } else {
            "e".into()
        },
        card: format!("c{card}"),
        grade: Grade::new(q % 6).unwrap(),
        kind: [
            Kind::Review,
            Kind::Drill,
            Kind::Cram,
            Kind::Review,
            Kind::Prep,
            Kind::Suspend,
            Kind::Unsuspend,
            Kind::Bury,
        ][usize::from(kind % 8)],
        spent_ms: 100,
        id: (!id.is_multiple_of(3)).then(|| LineId::from(id)),
        undoes: None,
        undoes_id: None,
    };
    if kind % 8 == 3 {
        // Undo of the line this generator makes for (card, hours, id - 1).
        let target = LogEntry {
            id: (!(id - 1).is_multiple_of(3)).then(|| LineId::from(id - 1)),
            ..e.clone()
        };
        target
            .undo(at + chrono::Duration::minutes(5))
            .to_json_line()
    } else {
        e.to_json_line()
    }
}

fn arb_lines(max: usize) -> impl Strategy<Value = Vec<String>> {
    proptest::collection::vec((0u8..5, 0u8..6, 0u8..8, -30i64..60), 0..max).prop_map(|v| {
        let mut h = 0;
        v.into_iter()
            .enumerate()
            .map(|(i, (card, q, kind, step))| {
                // Mostly forward in time, sometimes back (a merge).
                h += if step < 0 { step / 3 } else { step };
                line(card, q, kind, h, i as u64 + 1)
            })
            .collect()
    })
}

#[derive(Debug, Clone)]
enum Edit {
    Append(Vec<String>),
    Insert(usize, String),
    Truncate(usize),
    Rewrite(usize, String),
    Swap(usize, usize),
    Torn(String),
    Garbage(usize),
    Replace(Vec<String>),
    Delete,
}

fn arb_edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => arb_lines(8).prop_map(Edit::Append),
        1 => (any::<usize>(), arb_lines(2)).prop_map(|(i, l)| Edit::Insert(i, l.into_iter().next().unwrap_or_default())),
        1 => any::<usize>().prop_map(Edit::Truncate),
        1 => (any::<usize>(), arb_lines(2)).prop_map(|(i, l)| Edit::Rewrite(i, l.into_iter().next().unwrap_or_default())),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::Swap(a, b)),
        1 => arb_lines(2).prop_map(|l| Edit::Torn(l.concat())),
        1 => any::<usize>().prop_map(Edit::Garbage),
        1 => arb_lines(30).prop_map(Edit::Replace),
        1 => Just(Edit::Delete),
    ]
}

fn apply(path: &Path, edit: &Edit) {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let ends_nl = text.is_empty() || text.ends_with('\n');
    let join = |lines: &[String], nl: bool| {
        let mut s = lines.join("\n");
        if nl && !lines.is_empty() {
            s.push('\n');
        }
        s
    };
    let out = match edit {
        Edit::Append(new) => {
            // As `append` does: a torn last line is ended first.
            let mut s = text.clone();
            if !ends_nl {
                s.push('\n');
            }
            for l in new {
                s.push_str(l);
                s.push('\n');
            }
            s
        }
        Edit::Insert(i, l) if !l.is_empty() => {
            let at = i % (lines.len() + 1);
            lines.insert(at, l.clone());
            join(&lines, true)
        }
        Edit::Truncate(n) => {
            let cut = n % (text.len() + 1);
            text.get(..cut).unwrap_or("").to_string()
        }
        Edit::Rewrite(i, l) if !lines.is_empty() && !l.is_empty() => {
            let at = i % lines.len();
            lines[at] = l.clone();
            join(&lines, ends_nl)
        }
        Edit::Swap(a, b) if !lines.is_empty() => {
            let (a, b) = (a % lines.len(), b % lines.len());
            lines.swap(a, b);
            join(&lines, ends_nl)
        }
        Edit::Torn(l) if !l.is_empty() => {
            let mut s = text.clone();
            if !ends_nl {
                s.push('\n');
            }
            s.push_str(&l[..l.len() / 2]);
            s
        }
        Edit::Garbage(i) => {
            let at = i % (lines.len() + 1);
            lines.insert(at, "not json".into());
            join(&lines, true)
        }
        Edit::Replace(new) => join(new, true),
        Edit::Delete => {
            let _ = std::fs::remove_file(path);
            return;
        }
        _ => text,
    };
    std::fs::write(path, out).unwrap();
}

/// The exact replay (every card sorted, undos applied, nothing streamed)
/// of the lines of `log` that parse, with the line counts of `like`.
fn exact_of(log: &Path, like: &Replay) -> Replay {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let mut r = Replay::exact_from_text(&text);
    r.lines = like.lines;
    r.problems.clone_from(&like.problems);
    r.problem_count = like.problem_count;
    r
}

/// `r` as a replay that left FSRS out would give it.
fn without_memory(r: &Replay) -> Replay {
    let mut out = r.clone();
    out.fsrs = Fsrs::Skip;
    for i in 0..out.cards.len() {
        if let Some(h) = out.cards.get_mut(i) {
            h.memory = None;
        }
    }
    out
}

/// A cached replay asked for with `fsrs`, checked against the full replay
/// `full`: with [`Fsrs::Track`] it is `full`; with [`Fsrs::Skip`] it is
/// `full` (resumed from a snapshot that had FSRS) or `full` without FSRS.
fn check_cached(log: &Path, cache: &Path, fsrs: Fsrs, full: &Replay) -> Result<(), TestCaseError> {
    let cached = replay_cached(log, cache, fsrs).unwrap();
    if fsrs == Fsrs::Track || cached.has_memory() {
        prop_assert_eq!(&cached, full, "{:?}", fsrs);
    } else {
        prop_assert_eq!(&cached, &without_memory(full), "{:?}", fsrs);
    }
    Ok(())
}

fn arb_fsrs() -> impl Strategy<Value = Fsrs> {
    prop_oneof![Just(Fsrs::Track), Just(Fsrs::Skip)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn the_snapshot_replay_equals_a_full_replay(
        base in arb_lines(40),
        edits in proptest::collection::vec((arb_edit(), arb_fsrs(), arb_fsrs()), 1..4),
        first_fsrs in arb_fsrs(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("reviews.jsonl");
        let cache = dir.path().join("cache");
        apply(&log, &Edit::Append(base));
        check_cached(&log, &cache, first_fsrs, &replay_file(&log).unwrap())?;
        for (edit, fsrs, again) in &edits {
            apply(&log, edit);
            let full = replay_file(&log).unwrap();
            // The streamed replay (study counts taken back and redone for
            // the cards replayed exactly) equals the exact one.
            prop_assert_eq!(&full, &exact_of(&log, &full), "after {:?}", edit);
            check_cached(&log, &cache, *fsrs, &full)?;
            // And again, from whatever snapshot that left.
            check_cached(&log, &cache, *again, &full)?;
        }
    }
}

/// A log of 50 reviews of 5 cards in `dir`, and where its cache goes.
fn fifty_lines(dir: &Path) -> (PathBuf, PathBuf) {
    let log = dir.join("reviews.jsonl");
    let lines: Vec<String> = (0..50)
        .map(|i| line(i % 5, 4, 0, i64::from(i), 0))
        .collect();
    apply(&log, &Edit::Append(lines));
    (log, dir.join("cache"))
}

#[test]
fn a_snapshot_without_fsrs_serves_only_replays_without_it() {
    let dir = tempfile::tempdir().unwrap();
    let (log, cache) = fifty_lines(dir.path());
    let full = replay_file(&log).unwrap();
    assert!(full.get("d", "c0").unwrap().memory.is_some());
    // A replay from nothing without FSRS: no card has a memory, and its
    // snapshot says so.
    let skipped = replay_cached(&log, &cache, Fsrs::Skip).unwrap();
    assert!(!skipped.has_memory());
    assert_eq!(skipped, without_memory(&full));
    let (h, snap) = decode(&std::fs::read(snapshot_path(&cache)).unwrap()).unwrap();
    assert!(!h.memory && !snap.has_memory());
    // Poisoned, it is still used by a replay without FSRS...
    let mut poisoned = snap.clone();
    poisoned.cards.slot("d", "c0").card.reviews = 999;
    write_poisoned(&cache, &poisoned, &h);
    let reviews = |r: Replay| r.get("d", "c0").unwrap().card.reviews;
    assert_eq!(
        reviews(replay_cached(&log, &cache, Fsrs::Skip).unwrap()),
        999
    );
    // ...but never by one that needs FSRS, which replays the whole log and
    // leaves a snapshot with FSRS.
    assert_eq!(replay_cached(&log, &cache, Fsrs::Track).unwrap(), full);
    let (h, snap) = decode(&std::fs::read(snapshot_path(&cache)).unwrap()).unwrap();
    assert!(h.memory);
    assert_eq!(snap, full);
    // That one serves a replay without FSRS too, which keeps FSRS going
    // on the new lines (poisoned again to see it is used).
    let mut poisoned = snap.clone();
    poisoned.cards.slot("d", "c0").card.reviews = 999;
    write_poisoned(&cache, &poisoned, &h);
    apply(&log, &Edit::Append(vec![line(1, 5, 0, 100, 0)]));
    let resumed = replay_cached(&log, &cache, Fsrs::Skip).unwrap();
    assert!(resumed.has_memory());
    assert_eq!(resumed.get("d", "c0").unwrap().card.reviews, 999);
    let full = replay_file(&log).unwrap();
    assert_eq!(resumed.get("d", "c1"), full.get("d", "c1"));
    // A snapshot that says "no FSRS" but holds a memory is refused.
    let mut liar = full.clone();
    liar.fsrs = Fsrs::Skip;
    write_poisoned(&cache, &liar, &h);
    assert!(decode(&std::fs::read(snapshot_path(&cache)).unwrap()).is_none());
}

/// Writes `r` as the snapshot of the prefix `h` names.
fn write_poisoned(cache: &Path, r: &Replay, h: &Header) {
    let covered = Covered {
        len: h.prefix.len,
        seal: None,
        lines: r.lines,
        torn: false,
        exact_pass: false,
    };
    let seal = Seal {
        hash: h.prefix.hash,
        fingerprint: h.fingerprint.clone(),
    };
    std::fs::write(snapshot_path(cache), encode(r, &covered, &seal)).unwrap();
}

#[test]
fn an_append_replays_only_the_new_lines_from_the_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let (log, cache) = fifty_lines(dir.path());
    let full = replay_cached(&log, &cache, Fsrs::Track).unwrap();
    let (h, snap) = decode(&std::fs::read(snapshot_path(&cache)).unwrap()).unwrap();
    assert_eq!(snap, full);
    assert_eq!(h.prefix.len, std::fs::metadata(&log).unwrap().len());
    // A snapshot whose states are wrong would show: poison one card and see
    // that an unchanged prefix trusts it (so the fast path is really taken).
    let mut poisoned = snap.clone();
    poisoned.cards.slot("d", "c0").card.reviews = 999;
    write_poisoned(&cache, &poisoned, &h);
    apply(&log, &Edit::Append(vec![line(1, 5, 0, 100, 0)]));
    assert_eq!(
        replay_cached(&log, &cache, Fsrs::Track)
            .unwrap()
            .get("d", "c0")
            .unwrap()
            .card
            .reviews,
        999
    );
    // The same poisoned snapshot after a change before N is not used.
    apply(&log, &Edit::Swap(0, 1));
    assert_eq!(
        replay_cached(&log, &cache, Fsrs::Track).unwrap(),
        replay_file(&log).unwrap()
    );
}

#[test]
fn a_damaged_or_foreign_snapshot_is_never_used() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("reviews.jsonl");
    let cache = dir.path().join("cache");
    apply(
        &log,
        &Edit::Append(vec![line(0, 4, 0, 1, 0), line(0, 5, 0, 30, 0)]),
    );
    replay_cached(&log, &cache, Fsrs::Track).unwrap();
    let bytes = std::fs::read(snapshot_path(&cache)).unwrap();
    assert!(decode(&bytes).is_some());
    for i in [0, 9, bytes.len() / 2, bytes.len() - 1] {
        let mut bad = bytes.clone();
        bad[i] ^= 0x40;
        assert!(decode(&bad).is_none(), "flipped byte {i}");
    }
    assert!(decode(&bytes[..bytes.len() - 3]).is_none());
    assert!(decode(b"").is_none());
    std::fs::write(snapshot_path(&cache), b"garbage").unwrap();
    assert_eq!(
        replay_cached(&log, &cache, Fsrs::Track).unwrap(),
        replay_file(&log).unwrap()
    );
}

#[test]
fn a_fifo_in_place_of_a_store_file_is_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("reviews.jsonl");
    let cache = dir.path().join("cache");
    apply(&log, &Edit::Append(vec![line(0, 4, 0, 1, 0)]));
    let fifo = |p: &Path| {
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        rustix::fs::mknodat(
            rustix::fs::CWD,
            p,
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
            0,
        )
        .unwrap();
    };
    // Reading either would block forever (no writer).
    fifo(&snapshot_path(&cache));
    assert_eq!(
        replay_cached(&log, &cache, Fsrs::Track).unwrap(),
        replay_file(&log).unwrap()
    );
    let data = crate::data_dir::DataDir::new(dir.path());
    fifo(&data.last_weak());
    let err = crate::store::load_last_weak(&data).unwrap_err();
    assert!(err.to_string().contains("a FIFO"), "{err}");
}

/// A log of `n` review lines of 40 cards, its snapshot made, and the
/// snapshot's header.
fn big_log(dir: &Path, n: i64) -> (PathBuf, PathBuf, Header) {
    let log = dir.join("reviews.jsonl");
    let cache = dir.join("cache");
    let lines = (0..n)
        .map(|i| line(u8::try_from(i % 40).unwrap(), 4, 0, i, 0))
        .collect();
    apply(&log, &Edit::Append(lines));
    replay_cached(&log, &cache, Fsrs::Track).unwrap();
    let (h, _) = decode(&std::fs::read(snapshot_path(&cache)).unwrap()).unwrap();
    (log, cache, h)
}

/// The byte offset of the deck id of a line whose bytes lie in a sampled
/// block (`sampled`) or in none (`poke` it with `x` and the line is of a
/// deck nothing else names).
fn deck_at(log: &Path, h: &Header, sampled: bool) -> u64 {
    let text = std::fs::read_to_string(log).unwrap();
    let in_block = |a: u64, b: u64| {
        h.fingerprint
            .starts
            .iter()
            .any(|&s| a < (s + fingerprint::BLOCK).min(h.prefix.len) && s < b)
    };
    let mut at = 0u64;
    for l in text.split_inclusive('\n') {
        let (a, b) = (at, at + l.len() as u64);
        if in_block(a, b) == sampled && b < h.prefix.len && a > 0 {
            return a + l.find("\"deck\":\"").unwrap() as u64 + 8;
        }
        at = b;
    }
    panic!("no such line");
}

/// Writes `byte` at `at` in place: same file, same size.
fn poke(log: &Path, at: u64, byte: u8) {
    use std::io::{Seek, SeekFrom, Write};
    let mut f = std::fs::OpenOptions::new().write(true).open(log).unwrap();
    f.seek(SeekFrom::Start(at)).unwrap();
    f.write_all(&[byte]).unwrap();
}

#[test]
fn the_quick_check_misses_exactly_an_edit_in_place_outside_the_sampled_blocks() {
    let dir = tempfile::tempdir().unwrap();
    let (log, cache, h) = big_log(dir.path(), 3000);
    assert!(h.fingerprint.starts.len() >= 3, "{:?}", h.fingerprint);
    let stale = replay_file(&log).unwrap();
    // The documented miss: a same-size edit in place of a byte no sampled
    // block holds is not seen by a start...
    poke(&log, deck_at(&log, &h, false), b'x');
    let truth = replay_file(&log).unwrap();
    assert!(truth != stale);
    assert!(replay_cached(&log, &cache, Fsrs::Track).unwrap() == stale);
    // ...until `check --log` hashes the whole prefix and rebuilds.
    let (r, check) = verify_log(&log, &cache).unwrap();
    assert_eq!(
        check,
        LogCheck::Rebuilt {
            bytes: h.prefix.len
        }
    );
    // (`check` needs no FSRS: the snapshot it rebuilt has none, so a
    // replay that needs it replays the whole log once more.)
    assert!(r == without_memory(&truth));
    assert!(replay_cached(&log, &cache, Fsrs::Track).unwrap() == truth);
    let (_, again) = verify_log(&log, &cache).unwrap();
    assert_eq!(
        again,
        LogCheck::Verified {
            bytes: h.prefix.len
        }
    );
}

#[test]
fn every_other_change_falls_back_to_the_full_check() {
    type Change = fn(&Path, &Header);
    let changes: [(&str, Change); 4] = [
        ("an edit in a sampled block", |log, h| {
            poke(log, deck_at(log, h, true), b'x');
        }),
        ("a new inode with an unsampled edit", |log, h| {
            let mut bytes = std::fs::read(log).unwrap();
            bytes[usize::try_from(deck_at(log, h, false)).unwrap()] = b'x';
            let new = log.with_extension("new");
            std::fs::write(&new, bytes).unwrap();
            std::fs::rename(new, log).unwrap();
        }),
        ("a shorter file with an unsampled edit", |log, h| {
            poke(log, deck_at(log, h, false), b'x');
            let f = std::fs::OpenOptions::new().write(true).open(log).unwrap();
            f.set_len(h.prefix.len - 1).unwrap();
        }),
        ("a shorter file grown back past the prefix", |log, h| {
            poke(log, deck_at(log, h, false), b'x');
            let text = std::fs::read_to_string(log).unwrap();
            let f = std::fs::OpenOptions::new().write(true).open(log).unwrap();
            f.set_len(h.prefix.len - 200).unwrap();
            drop(f);
            let last = text.lines().last().unwrap().to_string();
            apply(log, &Edit::Append(vec![last.clone(), last]));
        }),
    ];
    for (what, change) in changes {
        let dir = tempfile::tempdir().unwrap();
        let (log, cache, h) = big_log(dir.path(), 3000);
        let stale = replay_file(&log).unwrap();
        change(&log, &h);
        let truth = replay_file(&log).unwrap();
        assert!(truth != stale, "{what}");
        assert!(
            replay_cached(&log, &cache, Fsrs::Track).unwrap() == truth,
            "{what}"
        );
    }
}
