//! Appending one line to the log: whole, under an exclusive lock, and on
//! disk before returning; a write that fails leaves the file as it was. A
//! caller that wants to know when the lock is held by someone else (another
//! concur, a sync tool) uses [`append_waiting`].

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

use super::LogEntry;
use super::open::open_regular;
use crate::store::error::{StoreError, io};

/// Appends one entry as a whole line, under an exclusive lock, and flushes it
/// to disk before returning. If the file ends in a torn line (no newline), a
/// newline is written first so the torn line stays separate; nothing already
/// in the file is changed. If the write or the flush fails (a full disk),
/// the file is cut back to the length it had, under the same lock, so no
/// fragment of this line stays in the log.
pub fn append(path: &Path, entry: &LogEntry) -> Result<(), StoreError> {
    append_waiting(path, entry, || {})
}

/// [`append`], calling `waiting` first if another process holds the log's
/// lock (the append then waits for it, as [`append`] does).
pub fn append_waiting(
    path: &Path,
    entry: &LogEntry,
    waiting: impl FnOnce(),
) -> Result<(), StoreError> {
    append_with(
        path,
        std::slice::from_ref(entry),
        waiting,
        |mut f, bytes| f.write_all(bytes),
    )
}

/// Appends `entries`, each a whole line, in one write under one lock, as
/// [`append`] does one: all of them are in the log, or (if the write fails)
/// none. An import of review history uses it.
pub fn append_all(path: &Path, entries: &[LogEntry]) -> Result<(), StoreError> {
    append_with(path, entries, || {}, |mut f, bytes| f.write_all(bytes))
}

/// [`append_waiting`] for any number of entries, writing the bytes with
/// `write` (tests inject failures).
fn append_with(
    path: &Path,
    entries: &[LogEntry],
    waiting: impl FnOnce(),
    write: impl FnOnce(&File, &[u8]) -> std::io::Result<()>,
) -> Result<(), StoreError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io(dir, "cannot create the data folder"))?;
    }
    let mut file = open_regular(path, true).map_err(io(path, "cannot open the review log"))?;
    lock(&file, waiting).map_err(io(path, "cannot lock the review log"))?;
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
    for entry in entries {
        line.push_str(&entry.to_json_line());
        line.push('\n');
    }
    if let Err(e) = write(&file, line.as_bytes()) {
        restore(&file, len);
        return Err(io(path, "cannot write to the review log")(e));
    }
    if let Err(e) = file.sync_data() {
        restore(&file, len);
        return Err(io(path, "cannot flush the review log to disk")(e));
    }
    // The lock is released when `file` is closed.
    Ok(())
}

/// Takes the file's exclusive lock; if someone else holds it, calls
/// `waiting` and then waits for it.
fn lock(file: &File, waiting: impl FnOnce()) -> std::io::Result<()> {
    match file.try_lock() {
        Ok(()) => Ok(()),
        Err(std::fs::TryLockError::WouldBlock) => {
            waiting();
            file.lock()
        }
        Err(std::fs::TryLockError::Error(e)) => Err(e),
    }
}

/// Cuts the file back to `len` after a failed write. If even that fails,
/// the fragment stays and the reader reports it (as it does after a power
/// cut); the write's own error is what the caller reports.
fn restore(file: &File, len: u64) {
    if file.set_len(len).is_ok() {
        let _ = file.sync_data();
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::super::testing::entry;
    use super::super::{Kind, replay_file};
    use super::*;

    #[test]
    fn a_failed_write_leaves_no_fragment() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("reviews.jsonl");
        let first = entry("2026-11-01T10:00:00+00:00", "a", 5, Kind::Review);
        append(&p, &first).unwrap();
        let before = std::fs::read(&p).unwrap();
        // A full disk: part of the line is written, then the write fails.
        let second = entry("2026-11-02T10:00:00+00:00", "a", 5, Kind::Review);
        let err = append_with(
            &p,
            std::slice::from_ref(&second),
            || {},
            |mut f, bytes| {
                f.write_all(&bytes[..37])?;
                Err(std::io::Error::from(std::io::ErrorKind::StorageFull))
            },
        )
        .unwrap_err();
        assert!(err.to_string().contains("cannot write"), "{err}");
        assert_eq!(std::fs::read(&p).unwrap(), before);
        let r = replay_file(&p).unwrap();
        assert_eq!((r.lines, r.problem_count), (1, 0));
        // The next write goes on as if nothing happened.
        append(&p, &second).unwrap();
        let r = replay_file(&p).unwrap();
        assert_eq!((r.lines, r.problem_count), (2, 0));
    }

    #[test]
    fn many_entries_are_appended_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("reviews.jsonl");
        std::fs::write(&p, "torn").unwrap();
        let two = [
            entry("2026-11-01T10:00:00+00:00", "a", 1, Kind::Review),
            entry("2026-11-02T10:00:00+00:00", "a", 4, Kind::Review),
        ];
        append_all(&p, &two).unwrap();
        let r = replay_file(&p).unwrap();
        assert_eq!((r.lines, r.problem_count), (3, 1));
        let before = std::fs::read(&p).unwrap();
        let err = append_with(
            &p,
            &two,
            || {},
            |mut f, bytes| {
                f.write_all(&bytes[..bytes.len() - 5])?;
                Err(std::io::Error::from(std::io::ErrorKind::StorageFull))
            },
        );
        assert!(err.is_err());
        assert_eq!(std::fs::read(&p).unwrap(), before);
    }

    #[test]
    fn concurrent_appends_are_whole_lines() {
        // Two instances grading at once: every line whole, none lost.
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("reviews.jsonl");
        std::thread::scope(|s| {
            for t in 0..4 {
                let p = &p;
                s.spawn(move || {
                    for i in 0..20 {
                        let card = format!("t{t}-{i}");
                        let e = entry("2026-11-01T10:00:00+00:00", &card, 5, Kind::Review);
                        append(p, &e).unwrap();
                    }
                });
            }
        });
        let r = replay_file(&p).unwrap();
        assert_eq!((r.lines, r.problem_count, r.card_count()), (80, 0, 80));
    }

    #[test]
    fn a_lock_held_elsewhere_is_reported_then_waited_for() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("reviews.jsonl");
        std::fs::write(&p, "").unwrap();
        // Another open file description holds the lock, as another process would.
        let holder = File::open(&p).unwrap();
        holder.lock().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let writer = {
            let p = p.clone();
            std::thread::spawn(move || {
                let e = entry("2026-11-01T10:00:00+00:00", "a", 5, Kind::Review);
                append_waiting(&p, &e, || tx.send(()).unwrap())
            })
        };
        rx.recv_timeout(std::time::Duration::from_secs(60))
            .expect("the wait is reported");
        assert_eq!(
            std::fs::read(&p).unwrap(),
            b"",
            "nothing written under a held lock"
        );
        holder.unlock().unwrap();
        writer.join().unwrap().unwrap();
        assert_eq!(replay_file(&p).unwrap().lines, 1);
        // A free lock is taken without a word.
        let e = entry("2026-11-02T10:00:00+00:00", "a", 5, Kind::Review);
        append_waiting(&p, &e, || panic!("the lock was free")).unwrap();
    }

    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("reviews.jsonl");
        rustix::fs::mknodat(
            rustix::fs::CWD,
            &p,
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
            0,
        )
        .unwrap();
        let e = entry("2026-11-01T10:00:00+00:00", "a", 5, Kind::Review);
        let err = append(&p, &e).unwrap_err().to_string();
        assert!(err.contains("a FIFO"), "{err}");
        // Reading without a writer would block forever.
        let err = replay_file(&p).unwrap_err().to_string();
        assert!(
            err.contains("a FIFO") && err.contains("reviews.jsonl"),
            "{err}"
        );
    }
}
