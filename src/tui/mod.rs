//! The interactive review app (ratatui + crossterm).
//!
//! Shape (see STYLE.md): one [`App`] model, one [`Msg`] enum, [`App::update`]
//! returning a [`Cmd`] for side effects, and rendering as a pure function of
//! the state (`impl Widget for &App`). This module holds the runtime: terminal
//! set-up and restore, signals, the event loop, and performing commands.
//!
//! Only `src/tui` uses ratatui and crossterm (through `ratatui::crossterm`).

pub mod app;
pub mod demo_pane;
mod help;
mod home;
pub mod quiz;
mod quiz_setup;
mod review;
mod summary;
mod text;
mod theme;
mod view;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use ratatui::DefaultTerminal;
use ratatui::crossterm::event;

pub use app::{App, Cmd, Msg, Pending, Reload, Screen, Timer};
pub use summary::duration as format_duration;
pub use view::min_size;

use crate::commands::Env;
use crate::deck::DeckSet;
use crate::store::{self, Replay};

/// How long the loop waits for a key before looking at other sources (the
/// signals now, a demo's progress later).
pub const TICK: Duration = Duration::from_millis(50);

/// Loads the decks and the log and builds the app on its home screen.
pub fn load(env: &Env, new_per_day: usize) -> anyhow::Result<App> {
    let decks = env.load_decks();
    let replay = env.replay()?;
    let problems = problems(env, &decks, &replay);
    let mut app = App::new(
        decks.decks,
        &replay,
        env.clock.clone(),
        new_per_day,
        env.log_path(),
    );
    app.problems = problems;
    Ok(app)
}

/// Short lines about what went wrong while loading (the details are one
/// `concur check` or `concur due` away, which print them in full).
fn problems(env: &Env, decks: &DeckSet, replay: &Replay) -> Vec<String> {
    let mut out = Vec::new();
    let errors = decks.errors();
    if errors > 0 {
        out.push(format!(
            "{errors} deck error(s): those decks were skipped. Run `concur check` for details."
        ));
    }
    if replay.problem_count > 0 {
        let first = replay.problems.first().map_or(0, |p| p.line);
        out.push(format!(
            "{}: {} unreadable line(s) skipped (first: line {first}). Run `concur due` for details.",
            env.log_path().display(),
            replay.problem_count
        ));
    }
    out
}

/// Loads the decks and the log again (after a deck file changed).
pub fn reload(env: &Env) -> anyhow::Result<Msg> {
    let decks = env.load_decks();
    let replay = env.replay()?;
    Ok(Msg::Reloaded(Box::new(Reload { decks, replay })))
}

/// How often deck files are checked for changes.
pub const RELOAD_EVERY: Duration = Duration::from_millis(500);

/// What the app's commands act on outside the app: the running demo.
/// Dropping it cancels the demo and kills and reaps its children.
#[derive(Debug, Default)]
pub struct Runtime {
    /// The demo started by the last [`Cmd::StartDemo`].
    pub demo: Option<crate::demo::DemoHandle>,
}

impl Runtime {
    /// Events of the running demo received so far, as messages.
    pub fn demo_messages(&self) -> Vec<Msg> {
        self.demo
            .as_ref()
            .map(|h| h.try_iter().map(|e| Msg::Demo(Box::new(e))).collect())
            .unwrap_or_default()
    }
}

/// Performs a command; returns the message that reports its outcome.
pub fn perform(rt: &mut Runtime, cmd: &Cmd, log_path: &Path) -> Option<Msg> {
    match cmd {
        Cmd::Append(entry) => Some(Msg::Saved(
            store::append(log_path, entry).map_err(|e| e.to_string()),
        )),
        Cmd::SaveLastWeak(weak) => {
            let data = log_path.parent().unwrap_or(Path::new("."));
            Some(Msg::WeakSaved(
                store::save_last_weak(data, weak).map_err(|e| e.to_string()),
            ))
        }
        Cmd::StartDemo(req) => {
            // Stop the old demo (and reap its children) before the new one.
            rt.demo = None;
            let opts = crate::demo::DemoOptions {
                workers: req.workers.and_then(|w| usize::try_from(w).ok()),
                duration: req.seconds.map(|s| Duration::from_secs(u64::from(s))),
                python: req.python,
                ..crate::demo::DemoOptions::default()
            };
            match crate::demo::start(&req.name, opts) {
                Ok(handle) => {
                    rt.demo = Some(handle);
                    None
                }
                Err(e) => Some(Msg::DemoFailed(e.to_string())),
            }
        }
        Cmd::StopDemo => {
            rt.demo = None;
            None
        }
        Cmd::Quit => None,
    }
}

/// Feeds `msg` to the app and performs the commands that follow, until the
/// app is idle. Returns true if the app asked to quit.
pub fn dispatch_in(rt: &mut Runtime, app: &mut App, msg: Msg) -> bool {
    let mut next = Some(msg);
    while let Some(msg) = next.take() {
        match app.update(msg) {
            Some(Cmd::Quit) => return true,
            Some(cmd) => next = perform(rt, &cmd, &app.log_path.clone()),
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

/// SIGTERM, SIGHUP and SIGINT, caught as flags the loop checks.
struct Signals {
    caught: Vec<(i32, Arc<AtomicBool>)>,
}

impl Signals {
    fn register() -> anyhow::Result<Signals> {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let mut caught = Vec::new();
        for sig in [SIGTERM, SIGHUP, SIGINT] {
            let flag = Arc::new(AtomicBool::new(false));
            signal_hook::flag::register(sig, Arc::clone(&flag))?;
            caught.push((sig, flag));
        }
        Ok(Signals { caught })
    }

    /// The exit code for a caught signal (128 + its number).
    fn exit_code(&self) -> Option<i32> {
        self.caught
            .iter()
            .find(|(_, f)| f.load(Ordering::Relaxed))
            .map(|(sig, _)| 128 + sig)
    }
}

/// Runs the review app until the user quits; returns the exit code.
///
/// The terminal is restored on every way out: quit, error, panic (the hook
/// `ratatui::try_init` installs), SIGTERM, SIGHUP and SIGINT.
pub fn run(env: &Env, new_per_day: usize) -> anyhow::Result<i32> {
    run_with(env, new_per_day, |_| Ok(()))
}

/// Runs the app after `prepare` has set it up (e.g. started a quiz).
pub fn run_with(
    env: &Env,
    new_per_day: usize,
    prepare: impl FnOnce(&mut App) -> anyhow::Result<()>,
) -> anyhow::Result<i32> {
    use std::io::IsTerminal;
    let mut app = load(env, new_per_day)?;
    // Bad options are reported before anything else, terminal or not.
    prepare(&mut app)?;
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        anyhow::bail!(
            "the review screen needs a terminal (stdin and stdout are not both one); \
             use `concur due` for a printable list"
        );
    }
    let signals = Signals::register()?;
    // A panic kills and reaps demo children; ratatui's own hook, installed
    // by `try_init` on top of this one, restores the terminal first.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        crate::demo::kill_all_children();
        previous(info);
    }));
    watch_terminal();
    let mut terminal =
        ratatui::try_init().map_err(|e| anyhow::anyhow!("cannot set up the terminal: {e}"))?;
    let mut rt = Runtime::default();
    let looped = event_loop(&mut terminal, &mut app, &mut rt, &signals, env);
    if !claim_exit() {
        // The watchdog saw the terminal vanish and is ending the process.
        loop {
            std::thread::park();
        }
    }
    let hung_up = terminal_hung_up(0) == Some(true);
    let result = match looped {
        // Drawing or reading failed because the terminal went away: that is
        // a hang-up (129, as for SIGHUP), not an error to report.
        Err(_) if hung_up => Ok(129),
        other => other,
    };
    if hung_up {
        // Dropping the terminal would try to show the cursor on the dead
        // terminal and report the failure with eprintln!, which panics when
        // stderr is that terminal too: let it go without its drop.
        std::mem::forget(terminal);
    }
    // Stop the demo (killing and reaping its children) before leaving.
    drop(rt);
    crate::demo::kill_all_children();
    // Restoring a terminal that is gone fails, and does not matter.
    if let Err(e) = ratatui::try_restore()
        && terminal_hung_up(0) != Some(true)
    {
        return Err(e.into());
    }
    result
}

/// Exits if the terminal goes away (a closed window, a killed tmux pane).
///
/// crossterm's event reader spins forever on a hung-up terminal, without
/// returning to our loop (crossterm-rs/crossterm#793), so neither the loop
/// nor the SIGHUP flag would ever run. This thread only polls standard
/// input for a hang-up, without reading from it, and on a hang-up kills the
/// demo children and exits with 129 (as for SIGHUP).
fn watch_terminal() {
    let spawned = std::thread::Builder::new()
        .name("tty-watch".into())
        .spawn(|| {
            loop {
                match terminal_hung_up(250) {
                    Some(true) => {
                        // The main thread may be on its way out already.
                        if !claim_exit() {
                            return;
                        }
                        crate::demo::kill_all_children();
                        std::process::exit(129);
                    }
                    Some(false) => {}
                    // Polling does not work here: nothing to watch with.
                    None => return,
                }
            }
        });
    // Without the watchdog the app still works; it only cannot notice a
    // vanished terminal.
    drop(spawned);
}

/// Set by whichever of the main thread and the terminal watchdog ends the
/// process first; two threads must never call `exit` at once.
static EXITING: AtomicBool = AtomicBool::new(false);

/// True for the first caller only.
fn claim_exit() -> bool {
    !EXITING.swap(true, Ordering::SeqCst)
}

/// Waits up to `ms` for standard input to report a hang-up (without reading
/// from it): `Some(true)` if the terminal is gone, `None` if it cannot tell.
fn terminal_hung_up(ms: i64) -> Option<bool> {
    use rustix::event::{PollFd, PollFlags, Timespec};
    let stdin = std::io::stdin();
    let timeout = Timespec {
        tv_sec: ms / 1000,
        tv_nsec: (ms % 1000) * 1_000_000,
    };
    let mut fds = [PollFd::new(&stdin, PollFlags::empty())];
    match rustix::event::poll(&mut fds, Some(&timeout)) {
        Ok(_) => Some(
            fds[0]
                .revents()
                .intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL),
        ),
        Err(rustix::io::Errno::INTR) => Some(false),
        Err(_) => None,
    }
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    rt: &mut Runtime,
    signals: &Signals,
    env: &Env,
) -> anyhow::Result<i32> {
    let size = terminal.size()?;
    dispatch_in(rt, app, Msg::Resize(size.width, size.height));
    let mut dirty = true;
    let mut watcher = crate::deck::DeckWatcher::new(&env.load_options());
    let mut last_check = std::time::Instant::now();
    loop {
        if last_check.elapsed() >= RELOAD_EVERY {
            last_check = std::time::Instant::now();
            if watcher.poll() {
                if dispatch_in(rt, app, reload(env)?) {
                    return Ok(0);
                }
                dirty = true;
            }
        }
        if let Some(code) = signals.exit_code() {
            return Ok(code);
        }
        if dirty {
            terminal.draw(|f| f.render_widget(&*app, f.area()))?;
            dirty = false;
        }
        if event::poll(TICK)? {
            // Take every event already waiting, then draw once.
            loop {
                if let Some(msg) = Msg::from_event(&event::read()?) {
                    if dispatch_in(rt, app, msg) {
                        return Ok(0);
                    }
                    dirty = true;
                }
                if !event::poll(Duration::ZERO)? {
                    break;
                }
            }
        }
        if app.screen == Screen::Quiz
            && app
                .quiz
                .as_ref()
                .is_some_and(|q| q.options.time_limit.is_some())
        {
            if dispatch_in(rt, app, Msg::Tick) {
                return Ok(0);
            }
            dirty = true;
        }
        // The running demo's progress: applied, then drawn on the next pass.
        for msg in rt.demo_messages() {
            dirty = true;
            if dispatch_in(rt, app, msg) {
                return Ok(0);
            }
        }
    }
}
