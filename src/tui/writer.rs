//! The writer: one thread that does the app's writes (review-log lines, the
//! last quiz's weak cards) in the order they were asked for, so the screen
//! never waits on a disk or on a lock held by another process. Each write
//! answers with a message: [`Msg::Saved`] or [`Msg::SaveFailed`] for a log
//! line (and [`Msg::SaveWaiting`] first if the log's lock is held
//! elsewhere), [`Msg::WeakSaved`] for the weak cards.
//!
//! After a line fails, the lines queued behind it are dropped unwritten
//! (writing them would put them out of order) until a [`Write::Resume`]:
//! the app keeps every unsaved line and sends them again, in order.

use std::path::PathBuf;
use std::sync::mpsc::{self, Sender};

use super::msg::Msg;
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
        data: PathBuf,
        /// The weak cards.
        weak: Vec<CardRef>,
    },
    /// Write lines again after a failed one.
    Resume,
}

/// Where the app's writes go: a thread of their own, or (in tests, for
/// one-off dispatches, and when no thread can be started) the caller's own
/// thread. Both keep the same order and the same answers.
#[derive(Debug, Default)]
pub struct Writer {
    /// The writer thread's queue; `None`: write on this thread.
    jobs: Option<Sender<Write>>,
    /// A line failed here and no [`Write::Resume`] came yet.
    halted: bool,
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
                halted: false,
            },
            Err(_) => Writer::inline(),
        }
    }

    /// Queues `job`; returns the answers already known (those of a write done
    /// on this thread). A threaded writer's answers arrive in its outbox.
    pub fn submit(&mut self, job: Write) -> Vec<Msg> {
        let job = match &self.jobs {
            Some(jobs) => match jobs.send(job) {
                Ok(()) => return Vec::new(),
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
}

/// Does one job, telling `answer` how it went.
fn perform(job: Write, halted: &mut bool, answer: &mut impl FnMut(Msg)) {
    match job {
        Write::Resume => *halted = false,
        // Sent before the app knew of the failure: it sends it again.
        Write::Line { .. } if *halted => {}
        Write::Line { log, entry } => {
            match store::append_waiting(&log, &entry, || answer(Msg::SaveWaiting)) {
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
        assert_eq!(rx.recv_timeout(TIMEOUT).unwrap(), Msg::SaveWaiting);
        assert!(cards(&log).is_empty());
        holder.unlock().unwrap();
        for _ in 0..3 {
            assert_eq!(rx.recv_timeout(TIMEOUT).unwrap(), Msg::Saved);
        }
        assert_eq!(cards(&log), ["a", "b", "c"]);
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
