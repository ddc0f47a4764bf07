//! The interactive review app (ratatui + crossterm).
//!
//! Shape (ARCHITECTURE.md, "The interface"): one [`App`] model, one [`Msg`]
//! enum, [`App::update`] returning a [`Cmd`] for side effects, and rendering
//! as a pure function of the state (`impl Widget for &App`). Keys are data:
//! `keymap/` holds one table per screen, which dispatch, the `?` overlay and
//! the README's key tables all read. This module loads the app, sets up and
//! restores the terminal, and runs the event loop; `runtime.rs` performs the
//! commands and runs background work, `writer.rs` does every write on a
//! thread of its own, `terminal.rs` handles signals and a vanished terminal.
//!
//! Only `src/tui` uses ratatui and crossterm (through `ratatui::crossterm`).

pub mod app;
pub mod demo_pane;
mod editor;
mod find;
mod find_card;
mod help;
mod home;
mod keymap;
mod layout;
mod msg;
pub mod quiz;
mod quiz_setup;
mod review;
mod runtime;
mod save_mark;
mod stats;
mod summary;
mod terminal;
mod text;
mod theme;
mod timer;
mod view;
mod writer;

use std::time::Duration;

use ratatui::DefaultTerminal;
use ratatui::crossterm::event;
use terminal::{Signals, claim_exit, suspended, terminal_hung_up, watch_terminal};

pub use app::{App, Saving, Screen};
pub use msg::{
    Cmd, DemoRequest, EditRequest, Msg, PrepRequest, PrepToday, Reload, ReloadRequest,
    StatsRequest, Wait,
};
pub use runtime::{
    RELOAD_EVERY, Runtime, dispatch, dispatch_in, perform, prep_for, reload, reload_for, stats_for,
};
pub use summary::duration as format_duration;
pub use timer::Timer;
pub use view::min_size;

use crate::deck::Loaded;
use crate::env::Env;
use crate::store::Replay;

/// How long the loop waits for a key before looking at other sources
/// (signals, background results, a demo's progress).
pub const TICK: Duration = Duration::from_millis(50);

/// Loads the decks' ids and the log and builds the app on its home screen,
/// with `env`'s settings (the daily caps, the quiz's defaults, colours).
/// The cards' text is loaded later, off the UI thread, when something
/// needs it ([`App::from_ids`]): the home screen shows names and counts.
pub fn load(env: &Env) -> anyhow::Result<App> {
    // The ids load while the log replays, as for `concur due`.
    let (ids, replay) = env.load_all(crate::store::Fsrs::Track)?;
    let problems = problems(env, &ids, &replay);
    let app = App::from_ids(
        ids.decks,
        &replay,
        env.clock.clone(),
        new_per_day(env),
        env.data.clone(),
    );
    Ok(settled(app, env, problems))
}

/// [`load`] with every card's text loaded up front, for an app that starts
/// on a screen that needs it (`concur quiz`).
pub fn load_whole(env: &Env) -> anyhow::Result<App> {
    let (decks, replay) = env.load_all_decks(crate::store::Fsrs::Track)?;
    let problems = problems(env, &decks, &replay);
    let app = App::new(
        decks.decks,
        &replay,
        env.clock.clone(),
        new_per_day(env),
        env.data.clone(),
    );
    Ok(settled(app, env, problems))
}

/// New cards a day, as `env`'s settings say.
fn new_per_day(env: &Env) -> usize {
    env.settings.new_per_day.value
}

/// `app` with `env`'s settings and the load's `problems`.
fn settled(mut app: App, env: &Env, problems: Vec<String>) -> App {
    app.use_settings(&env.settings);
    app.set_problems(problems);
    app
}

/// Short lines about what went wrong while loading (the details are one
/// `concur check` or `concur due` away, which print them in full).
fn problems<T>(env: &Env, decks: &Loaded<T>, replay: &Replay) -> Vec<String> {
    let mut out: Vec<String> = deck_notes(&decks.notes);
    out.extend(deck_problem(
        decks.errors() - decks.card_errors,
        decks.card_errors,
    ));
    if replay.problem_count > 0 {
        let first = replay.problems.first().map_or(0, |p| p.line);
        out.push(format!(
            "{}: {} skipped (first: line {first}). Run `concur due` for details.",
            env.data.log().display(),
            crate::text::plural(replay.problem_count, "unreadable line")
        ));
    }
    out
}

/// The banner lines about `errors` deck errors whose decks were skipped
/// and `card_errors` errors that skipped only their cards.
pub(crate) fn deck_problem(errors: usize, card_errors: usize) -> Vec<String> {
    let line = |n: usize, what: &str, skipped: &str| {
        (n > 0).then(|| {
            format!(
                "{}: {skipped} skipped. Run `concur check` for details.",
                crate::text::plural(n, what)
            )
        })
    };
    line(errors, DECK_PROBLEM, "those decks were")
        .into_iter()
        .chain(line(card_errors, CARD_PROBLEM, "those cards were"))
        .collect()
}

/// The banner lines of the loader's notes (a copy replacing a bundled
/// deck), made safe for the terminal.
pub(crate) fn deck_notes(notes: &[String]) -> Vec<String> {
    notes.iter().map(|n| crate::text::sanitize(n)).collect()
}

/// What marks a [`deck_problem`] line among the problems.
const DECK_PROBLEM: &str = "deck error";

/// What marks the [`deck_problem`] line about skipped cards.
const CARD_PROBLEM: &str = "card error";

/// True if `line` is a [`deck_problem`] or a [`deck_notes`] line (a reload
/// replaces them).
pub(crate) fn is_deck_problem(line: &str) -> bool {
    line.contains(DECK_PROBLEM)
        || line.contains(CARD_PROBLEM)
        || line.contains(&crate::deck::replaces_bundled(&"", ""))
}

/// Runs the review app until the user quits; returns the exit code.
///
/// The terminal is restored on every way out: quit, error, panic (the hook
/// `ratatui::try_init` installs), SIGTERM, SIGHUP and SIGINT.
pub fn run(env: &Env) -> anyhow::Result<i32> {
    run_app(env, load(env)?)
}

/// Runs the app after `prepare` has set it up (e.g. started a quiz).
pub fn run_with(
    env: &Env,
    prepare: impl FnOnce(&mut App) -> anyhow::Result<()>,
) -> anyhow::Result<i32> {
    let mut app = load_whole(env)?;
    // Bad options are reported before anything else, terminal or not.
    prepare(&mut app)?;
    run_app(env, app)
}

/// Runs `app` until the user quits; returns the exit code.
fn run_app(env: &Env, mut app: App) -> anyhow::Result<i32> {
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        let screen = if app.quiz_only() {
            "the quiz"
        } else {
            "the review screen"
        };
        anyhow::bail!(
            "{screen} needs a terminal (stdin and stdout are not both one); \
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
    let mut rt = Runtime::start(env);
    let looped = event_loop(&mut terminal, &mut app, &mut rt, &signals);
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
    let restored = ratatui::try_restore();
    // Lines the writer did not get to (a forced quit, a signal): said, with
    // the lines themselves, never lost silently.
    if let Some(report) = app.unsaved_report() {
        // Not eprintln!: it panics when stderr is a terminal that is gone.
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), "concur: {report}");
    }
    if let Err(e) = restored
        && terminal_hung_up(0) != Some(true)
    {
        return Err(e.into());
    }
    result
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    rt: &mut Runtime,
    signals: &Signals,
) -> anyhow::Result<i32> {
    let size = terminal.size()?;
    dispatch_in(rt, app, Msg::Resize(size.width, size.height));
    dispatch_in(rt, app, Msg::Started);
    let mut dirty = true;
    loop {
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
        if app.screen() == Screen::Quiz
            && app.quiz().is_some_and(|q| q.options.time_limit.is_some())
        {
            if dispatch_in(rt, app, Msg::Tick) {
                return Ok(0);
            }
            dirty = true;
        }
        // Results from other threads and the running demo's progress:
        // applied, then drawn on the next pass.
        for msg in rt.messages() {
            dirty = true;
            if dispatch_in(rt, app, msg) {
                return Ok(0);
            }
        }
        // The editor gets the terminal; the app waits for it.
        while let Some(req) = rt.take_edit() {
            let edited = suspended(terminal, signals, || editor::run(&req))?;
            dirty = true;
            // The window may have changed size meanwhile.
            let size = terminal.size()?;
            let back = [Msg::Resize(size.width, size.height), Msg::Edited(edited)];
            if back.into_iter().any(|m| dispatch_in(rt, app, m)) {
                return Ok(0);
            }
        }
    }
}
