//! The runtime around the pure app: it performs the app's commands (log
//! writes, demos, reloads) and runs the work that must not block the UI
//! thread on threads of its own, whose results come back as messages: the
//! writes on the one writer thread (`writer.rs`), reloading (with the work
//! over the whole replay), stats, watching deck files and probing for
//! `python3`. A stopped demo is never joined on the UI thread.

use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

use super::app::App;
use super::msg::{
    Cmd, EditRequest, Msg, PrepRequest, PrepToday, Reload, ReloadRequest, StatsRequest,
};
use super::writer::{Write, Writer};
use crate::data_dir::DataDir;
use crate::demo::DemoHandle;
use crate::env::Env;
use crate::store;
use crate::store::CardRef;

/// Loads the decks and the log again (after a deck file changed) and does
/// the work over the whole replay ([`Reload::prepare`]), for the app that
/// asked with `req`.
pub fn reload_for(env: &Env, req: ReloadRequest) -> Msg {
    let loaded = match req.text_for {
        Some(key) => {
            // The lean start's text: the decks alone, no replay, when their
            // ids are still those of the study in use; else these decks
            // and the replay.
            let set = env.load_decks();
            if super::msg::decks_key(&set.decks) == key {
                return Msg::TextLoaded(set.decks);
            }
            env.replay(crate::store::Fsrs::Track)
                .map(|replay| (set, replay))
        }
        // Decks load while the log replays (from its snapshot), as at start-up.
        None => env.load_all_decks(crate::store::Fsrs::Track),
    };
    match loaded {
        Ok((decks, replay)) => Msg::Reloaded(Box::new(Reload::prepare(req, decks, &replay))),
        Err(e) => Msg::ReloadFailed(e.to_string()),
    }
}

/// Replays the log of `data` (from its snapshot) and computes what `req` asks for: the stats (as
/// [`Msg::StatsComputed`]) and the leeches of the whole log (as
/// [`Msg::Leeches`]). Runs on a background thread in the app; tests call it
/// directly.
pub fn stats_for(data: &DataDir, req: &StatsRequest) -> Vec<Msg> {
    match store::replay_cached(&data.log(), &data.cache(), crate::store::Fsrs::Track) {
        Ok(replay) => {
            let inputs = crate::stats::inputs(
                req.decks.iter().map(|(id, name, cards)| {
                    (id.as_str(), name.as_str(), cards.iter().map(String::as_str))
                }),
                &replay,
            );
            let stats = crate::stats::compute(&inputs, req.today, req.days);
            vec![
                Msg::Leeches(crate::stats::leeches_of(&replay)),
                Msg::StatsComputed {
                    generation: req.generation,
                    result: Ok(Box::new(stats)),
                },
            ]
        }
        Err(e) => vec![Msg::StatsComputed {
            generation: req.generation,
            result: Err(e.to_string()),
        }],
    }
}

/// Replays the log of `data` (from its snapshot) and plans what `req`
/// asks for ([`Msg::PrepPlanned`]): every card of its decks but the
/// suspended ones.
pub fn prep_for(data: &DataDir, req: &PrepRequest) -> Msg {
    let result = crate::store::replay_cached(&data.log(), &data.cache(), crate::store::Fsrs::Track)
        .map_err(|e| e.to_string())
        .map(|replay| {
            let refs: Vec<CardRef> = req
                .decks
                .iter()
                .flat_map(|(d, cards)| {
                    cards.iter().map(|c| CardRef {
                        deck: d.clone(),
                        card: c.clone(),
                    })
                })
                .filter(|r| {
                    !replay
                        .get(&r.deck, &r.card)
                        .is_some_and(|h| h.card.suspended)
                })
                .collect();
            let cards = crate::prep::cards(
                refs.iter().map(|r| (&*r.deck, &*r.card)),
                &replay,
                req.today,
            );
            let goal = crate::prep::Goal {
                today: req.today,
                date: req.date,
                per_day: req.per_day,
            };
            let plan = crate::prep::plan(&cards, goal);
            Box::new(PrepToday {
                date: req.date,
                readiness: plan.readiness,
                planned_readiness: plan.planned_readiness,
                cards: plan
                    .on(req.today)
                    .iter()
                    .filter_map(|&i| refs.get(i).cloned())
                    .collect(),
            })
        });
    Msg::PrepPlanned {
        generation: req.generation,
        result,
    }
}

/// Loads the decks and the log again for `app`, on this thread.
pub fn reload(env: &Env, app: &App) -> anyhow::Result<Msg> {
    match reload_for(env, app.reload_request()) {
        Msg::ReloadFailed(e) => Err(anyhow::anyhow!(e)),
        msg => Ok(msg),
    }
}

/// How often deck files are checked for changes.
pub const RELOAD_EVERY: Duration = Duration::from_millis(500);

/// What the app's commands act on outside the app: the running demo, the
/// writer, and the work done on other threads (reloads, the deck watcher,
/// the python3 probe), whose results arrive in the inbox as messages.
/// Dropping it cancels the demo (killing and reaping its children) and
/// stops the watcher and the writer (after the writes it was given).
#[derive(Debug)]
pub struct Runtime {
    /// The demo started by the last [`Cmd::StartDemo`].
    pub demo: Option<DemoHandle>,
    /// Demos cancelled whose threads have not ended yet: dropped (joined)
    /// once they have, so the UI thread never waits for one.
    stopping: Vec<DemoHandle>,
    /// Where log lines and other writes go: the writer thread (inline in a
    /// default runtime, for tests and one-off dispatches).
    writer: Writer,
    /// Where reloads come from; `None` (in tests) makes [`Cmd::Reload`]
    /// do nothing.
    pub env: Option<Env>,
    /// Messages from other threads.
    inbox: Receiver<Msg>,
    /// The sending side, cloned into each thread.
    outbox: Sender<Msg>,
    /// Dropped to stop the deck watcher.
    _stop_watcher: Option<Sender<()>>,
    /// The edit a [`Cmd::Edit`] asked for, for the event loop (which owns
    /// the terminal) to hand the terminal to the editor.
    edit: Option<EditRequest>,
}

impl Default for Runtime {
    fn default() -> Runtime {
        let (outbox, inbox) = mpsc::channel();
        Runtime {
            demo: None,
            stopping: Vec::new(),
            writer: Writer::inline(),
            env: None,
            inbox,
            outbox,
            _stop_watcher: None,
            edit: None,
        }
    }
}

impl Runtime {
    /// A runtime that reloads from `env`, watches its deck files and probes
    /// for `python3`, each on a thread of its own.
    pub fn start(env: &Env) -> Runtime {
        let mut rt = Runtime {
            env: Some(env.clone()),
            ..Runtime::default()
        };
        rt.writer = Writer::spawn(rt.outbox.clone());
        rt._stop_watcher = watch_decks(env, rt.outbox.clone());
        let tx = rt.outbox.clone();
        background("python-probe", move || {
            let _ = tx.send(Msg::PythonProbed(crate::demo::python_available()));
        });
        rt
    }

    /// Stops the running demo, if any, without waiting: its children are
    /// killed and reaped now; its threads are joined once they have ended
    /// ([`Runtime::messages`]), which needs no thread of its own.
    fn stop_demo(&mut self) {
        if let Some(demo) = self.demo.take() {
            demo.cancel();
            self.stopping.push(demo);
        }
    }

    /// The edit asked for by the last [`Cmd::Edit`], taken.
    pub fn take_edit(&mut self) -> Option<EditRequest> {
        self.edit.take()
    }

    /// Messages that arrived from other threads and the running demo. Also
    /// lets go of stopped demos whose threads have ended.
    pub fn messages(&mut self) -> Vec<Msg> {
        // Joining a thread that has ended does not wait.
        self.stopping.retain(|d| !d.is_finished());
        let mut out: Vec<Msg> = self.inbox.try_iter().collect();
        for m in &out {
            self.writer.observe(m);
        }
        out.extend(self.writer.late(std::time::Instant::now()));
        if let Some(h) = &self.demo {
            out.extend(h.try_iter().map(|e| Msg::Demo(Box::new(e))));
        }
        out
    }
}

/// Runs `f` on a named thread; the app goes on without it if the thread
/// cannot be started (its message just never comes).
fn background(name: &str, f: impl FnOnce() + Send + 'static) {
    drop(std::thread::Builder::new().name(name.into()).spawn(f));
}

/// Polls the deck files every [`RELOAD_EVERY`] on a thread of its own and
/// sends [`Msg::DecksChanged`] when one changed; stops when the returned
/// sender is dropped.
fn watch_decks(env: &Env, tx: Sender<Msg>) -> Option<Sender<()>> {
    let (stop, stopped) = mpsc::channel::<()>();
    let options = env.load_options();
    background("deck-watch", move || {
        let mut watcher = crate::deck::DeckWatcher::new(&options);
        while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(RELOAD_EVERY) {
            if watcher.poll() && tx.send(Msg::DecksChanged).is_err() {
                return;
            }
        }
    });
    Some(stop)
}

/// Performs a command; returns the messages that report its outcome.
pub fn perform(rt: &mut Runtime, cmd: Cmd, data: &DataDir) -> Vec<Msg> {
    match cmd {
        Cmd::Batch(cmds) => cmds
            .into_iter()
            .flat_map(|c| perform(rt, c, data))
            .collect(),
        Cmd::Reload(req) => {
            if let Some(env) = rt.env.clone() {
                let tx = rt.outbox.clone();
                background("reload", move || {
                    let _ = tx.send(reload_for(&env, req));
                });
            }
            Vec::new()
        }
        Cmd::Append(entry) => rt.writer.submit(Write::Line {
            log: data.log(),
            entry,
        }),
        Cmd::ResumeWrites => rt.writer.submit(Write::Resume),
        Cmd::SaveLastWeak(weak) => rt.writer.submit(Write::LastWeak {
            data: data.clone(),
            weak,
        }),
        Cmd::ComputePrep(req) => {
            let tx = rt.outbox.clone();
            let data = data.clone();
            background("prep", move || {
                let _ = tx.send(prep_for(&data, &req));
            });
            Vec::new()
        }
        Cmd::ComputeStats(req) => {
            let tx = rt.outbox.clone();
            let data = data.clone();
            background("stats", move || {
                for msg in stats_for(&data, &req) {
                    let _ = tx.send(msg);
                }
            });
            Vec::new()
        }
        other => perform_one(rt, other).into_iter().collect(),
    }
}

/// Performs a single command that finishes at once on this thread.
fn perform_one(rt: &mut Runtime, cmd: Cmd) -> Option<Msg> {
    match cmd {
        Cmd::StartDemo(req) => {
            // Stop the old demo before the new one.
            rt.stop_demo();
            let opts = crate::demo::DemoOptions {
                workers: req.workers.and_then(|w| usize::try_from(w).ok()),
                duration: req.seconds.map(|s| Duration::from_secs(u64::from(s))),
                python: req.python,
                ..crate::demo::DemoOptions::default()
            };
            match crate::demo::start(req.demo, opts) {
                Ok(handle) => {
                    rt.demo = Some(handle);
                    None
                }
                Err(e) => Some(Msg::DemoFailed(e.to_string())),
            }
        }
        Cmd::StopDemo => {
            rt.stop_demo();
            None
        }
        Cmd::Edit(req) => {
            rt.edit = Some(req);
            None
        }
        Cmd::Quit
        | Cmd::Batch(_)
        | Cmd::Reload(_)
        | Cmd::ComputeStats(_)
        | Cmd::ComputePrep(_)
        | Cmd::Append(_)
        | Cmd::ResumeWrites
        | Cmd::SaveLastWeak(_) => None,
    }
}

/// Feeds `msg` to the app and performs the commands that follow, until the
/// app is idle. Returns true if the app asked to quit.
pub fn dispatch_in(rt: &mut Runtime, app: &mut App, msg: Msg) -> bool {
    let mut queue = std::collections::VecDeque::from([msg]);
    while let Some(msg) = queue.pop_front() {
        match app.update(msg) {
            Some(Cmd::Quit) => return true,
            Some(cmd) => {
                let data = app.data().clone();
                queue.extend(perform(rt, cmd, &data));
            }
            None => {}
        }
    }
    false
}

/// [`dispatch_in`] with a runtime of its own: a demo started by `msg` is
/// stopped again when this returns (for tests and one-off messages).
pub fn dispatch(app: &mut App, msg: Msg) -> bool {
    dispatch_in(&mut Runtime::default(), app, msg)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::tui::msg::DemoRequest;

    #[test]
    fn a_stopped_demo_is_parked_not_joined() {
        let mut rt = Runtime::default();
        let start = Cmd::StartDemo(DemoRequest {
            demo: crate::demo::DemoId::CpuBound,
            workers: Some(1),
            seconds: Some(1),
            python: false,
        });
        let data = DataDir::new("/nonexistent");
        assert_eq!(perform(&mut rt, start, &data), []);
        assert!(rt.demo.is_some());
        // Stopping cancels it and keeps the handle until its threads end:
        // nothing waits for them here.
        assert_eq!(perform(&mut rt, Cmd::StopDemo, &data), []);
        assert!(rt.demo.is_none());
        assert_eq!(rt.stopping.len(), 1);
        assert!(
            rt.stopping
                .iter()
                .all(|d| d.id() == crate::demo::DemoId::CpuBound)
        );
    }
}
