//! The writer: one thread that does the app's writes (review-log lines, the
//! last quiz's weak cards) in the order they were asked for, so the screen
//! never waits on a disk or on a lock held by another process. Each write
//! answers with a message: [`Msg::Saved`] or [`Msg::SaveFailed`] for a log
//! line (and [`Msg::SaveWaiting`] first if the log's lock is held
//! elsewhere), [`Msg::WeakSaved`] for the weak cards. A line the thread has
//! not answered within [`SLOW`] is reported as waiting for the disk
//! ([`Writer::late`]).
//!
//! After a line fails, the lines queued behind it are dropped unwritten
//! (writing them would put them out of order) until a [`Write::Resume`]:
//! the app keeps every unsaved line and sends them again, in order.

use std::collections::VecDeque;
use std::path::PathBuf;

use crate::data_dir::DataDir;
use std::sync::mpsc::{self, Sender};
use std::time::{Duration, Instant};

use super::msg::{Msg, Wait};
use crate::quiz::CardRef;
use crate::store::{self, LogEntry};

/// One job for the writer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Write {
    /// Append `entry` to the review log at `log`.
    Line {
        /// The review log.
        log: PathBuf,
        /// The line.
        entry: LogEntry,
    },
    /// Remember the weak cards of the quiz just finished, in `data`.
    LastWeak {
        /// The data folder.
        data: DataDir,
        /// The weak cards.
        weak: Vec<CardRef>,
    },
    /// Write lines again after a failed one.
    Resume,
}

/// How long a line may take before the screen says it is saving.
pub const SLOW: Duration = Duration::from_millis(250);

/// Where the app's writes go: a thread of their own, or (in tests, for
/// one-off dispatches, and when no thread can be started) the caller's own
/// thread. Both keep the same order and the same answers.
#[derive(Debug, Default)]
pub struct Writer {
    /// The writer thread's queue; `None`: write on this thread.
    jobs: Option<Sender<Write>>,
    /// A line failed here and no [`Write::Resume`] came yet.
    halted: bool,
    /// When each line the thread has not answered yet was given to it.
    given: VecDeque<Instant>,
    /// The oldest of them was reported slow.
    told: bool,
}

impl Writer {
    /// A writer that writes on the caller's thread (answers come back from
    /// [`Writer::submit`]).
    pub fn inline() -> Writer {
        Writer::default()
    }

    /// Starts the writer thread; its answers go to `outbox`. Without a
    /// thread to spare the writes happen on the caller's thread.
    pub fn spawn(outbox: Sender<Msg>) -> Writer {
        let (jobs, queue) = mpsc::channel::<Write>();
        let started = std::thread::Builder::new()
            .name("writer".into())
            .spawn(move || {
                let mut halted = false;
                for job in queue {
                    perform(job, &mut halted, &mut |m| {
                        let _ = outbox.send(m);
                    });
                }
            });
        match started {
            Ok(_) => Writer {
                jobs: Some(jobs),
                ..Writer::default()
            },
            Err(_) => Writer::inline(),
        }
    }

    /// Queues `job`; returns the answers already known (those of a write done
    /// on this thread). A threaded writer's answers arrive in its outbox.
    pub fn submit(&mut self, job: Write) -> Vec<Msg> {
        let line = matches!(job, Write::Line { .. });
        let job = match &self.jobs {
            Some(jobs) => match jobs.send(job) {
                Ok(()) => {
                    if line {
                        self.given.push_back(Instant::now());
                    }
                    return Vec::new();
                }
                // The thread is gone (it panicked): write here from now on.
                Err(mpsc::SendError(job)) => {
                    self.jobs = None;
                    job
                }
            },
            None => job,
        };
        let mut out = Vec::new();
        perform(job, &mut self.halted, &mut |m| out.push(m));
        out
    }

    /// Notes an answer from the thread on its way to the app.
    pub fn observe(&mut self, msg: &Msg) {
        match msg {
            Msg::Saved => {
                self.given.pop_front();
                self.told = false;
            }
            // The thread drops the lines behind a failed one.
            Msg::SaveFailed(_) => {
                self.given.clear();
                self.told = false;
            }
            _ => {}
        }
    }

    /// [`Msg::SaveWaiting`] once, when the oldest line the thread has not
    /// answered was given to it more than [`SLOW`] before `now`.
    pub fn late(&mut self, now: Instant) -> Option<Msg> {
        let given = *self.given.front()?;
        if self.told || now.saturating_duration_since(given) < SLOW {
            return None;
        }
        self.told = true;
        Some(Msg::SaveWaiting(Wait::Disk))
    }
}

/// Does one job, telling `answer` how it went.
fn perform(job: Write, halted: &mut bool, answer: &mut impl FnMut(Msg)) {
    match job {
        Write::Resume => *halted = false,
        // Sent before the app knew of the failure: it sends it again.
        Write::Line { .. } if *halted => {}
        Write::Line { log, entry } => {
            let waiting = || answer(Msg::SaveWaiting(Wait::Lock));
            match store::append_waiting(&log, &entry, waiting) {
                Ok(()) => answer(Msg::Saved),
                Err(e) => {
                    *halted = true;
                    answer(Msg::SaveFailed(e.to_string()));
                }
            }
        }
        Write::LastWeak { data, weak } => answer(Msg::WeakSaved(
            store::save_last_weak(&data, &weak).map_err(|e| e.to_string()),
        )),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use std::fs::File;
    use std::time::Duration;

    use super::*;
    use crate::sched::Grade;
    use crate::store::Kind;

    const TIMEOUT: Duration = Duration::from_secs(60);

    fn line(log: &std::path::Path, card: &str) -> Write {
        Write::Line {
            log: log.to_path_buf(),
            entry: LogEntry::new(
                chrono::DateTime::parse_from_rfc3339("2026-11-25T10:00:00+01:00").unwrap(),
                "d".into(),
                card.into(),
                Grade::new(4).unwrap(),
                Kind::Review,
                1,
            ),
        }
    }

    fn cards(log: &std::path::Path) -> Vec<String> {
        std::fs::read_to_string(log)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["card"].to_string())
            .map(|c| c.trim_matches('"').to_string())
            .collect()
    }

    #[test]
    fn the_thread_waits_for_a_held_lock_and_keeps_the_order() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("reviews.jsonl");
        std::fs::write(&log, "").unwrap();
        let holder = File::open(&log).unwrap();
        holder.lock().unwrap();
        let (tx, rx) = mpsc::channel();
        let mut w = Writer::spawn(tx);
        for c in ["a", "b", "c"] {
            assert_eq!(w.submit(line(&log, c)), []);
        }
        let waiting = rx.recv_timeout(TIMEOUT).unwrap();
        assert_eq!(waiting, Msg::SaveWaiting(Wait::Lock));
        assert!(cards(&log).is_empty());
        // Unanswered past SLOW: said once (the clock is passed in).
        let later = Instant::now() + SLOW;
        assert_eq!(w.late(later), Some(Msg::SaveWaiting(Wait::Disk)));
        assert_eq!(w.late(later), None);
        holder.unlock().unwrap();
        for _ in 0..3 {
            let saved = rx.recv_timeout(TIMEOUT).unwrap();
            assert_eq!(saved, Msg::Saved);
            w.observe(&saved);
        }
        assert_eq!(cards(&log), ["a", "b", "c"]);
        assert_eq!(w.late(later + SLOW), None, "nothing left to wait for");
    }

    #[test]
    fn after_a_failure_lines_wait_for_a_resume() {
        let dir = tempfile::tempdir().unwrap();
        // The data folder is a file: every append fails.
        let data = dir.path().join("data");
        std::fs::write(&data, "").unwrap();
        let log = data.join("reviews.jsonl");
        let mut w = Writer::inline();
        let failed = w.submit(line(&log, "a"));
        assert!(
            matches!(failed.as_slice(), [Msg::SaveFailed(_)]),
            "{failed:?}"
        );
        std::fs::remove_file(&data).unwrap();
        // Behind the failed line: dropped, not written out of order.
        assert_eq!(w.submit(line(&log, "b")), []);
        assert!(cards(&log).is_empty());
        assert_eq!(w.submit(Write::Resume), []);
        assert_eq!(w.submit(line(&log, "a")), [Msg::Saved]);
        assert_eq!(w.submit(line(&log, "b")), [Msg::Saved]);
        assert_eq!(cards(&log), ["a", "b"]);
    }
}
