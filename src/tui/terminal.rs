//! The terminal's ways out: SIGTERM, SIGHUP and SIGINT caught as flags,
//! and a watchdog for a terminal that vanished; and handing the terminal
//! over to another program (the user's editor) and back.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// SIGTERM, SIGHUP and SIGINT, caught as flags the loop checks.
pub(super) struct Signals {
    caught: Vec<(i32, Arc<AtomicBool>)>,
}

impl Signals {
    pub(super) fn register() -> anyhow::Result<Signals> {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let mut caught = Vec::new();
        for sig in [SIGTERM, SIGHUP, SIGINT] {
            let flag = Arc::new(AtomicBool::new(false));
            signal_hook::flag::register(sig, Arc::clone(&flag))?;
            caught.push((sig, flag));
        }
        Ok(Signals { caught })
    }

    /// Forgets a SIGINT caught while another program had the terminal: a
    /// Ctrl-C in the editor was meant for the editor.
    pub(super) fn forget_interrupt(&self) {
        for (sig, flag) in &self.caught {
            if *sig == signal_hook::consts::SIGINT {
                flag.store(false, Ordering::Relaxed);
            }
        }
    }

    /// The exit code for a caught signal (128 + its number).
    pub(super) fn exit_code(&self) -> Option<i32> {
        self.caught
            .iter()
            .find(|(_, f)| f.load(Ordering::Relaxed))
            .map(|(sig, _)| 128 + sig)
    }
}

/// Exits if the terminal goes away (a closed window, a killed tmux pane).
///
/// crossterm's event reader spins forever on a hung-up terminal, without
/// returning to our loop (crossterm-rs/crossterm#793), so neither the loop
/// nor the SIGHUP flag would ever run. This thread only polls standard
/// input for a hang-up, without reading from it, and on a hang-up kills the
/// demo children and exits with 129 (as for SIGHUP).
pub(super) fn watch_terminal() {
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
pub(super) fn claim_exit() -> bool {
    !EXITING.swap(true, Ordering::SeqCst)
}

/// Waits up to `ms` for standard input to report a hang-up (without reading
/// from it): `Some(true)` if the terminal is gone, `None` if it cannot tell.
pub(super) fn terminal_hung_up(ms: i64) -> Option<bool> {
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

/// Runs `f` (which starts another program on the terminal and waits for
/// it) with the terminal as the shell left it: the alternate screen left,
/// raw mode off, the cursor shown. Afterwards the app's terminal is set up
/// again and cleared, and the next draw repaints every cell. The app reads
/// no events meanwhile: the loop is on this thread, waiting here.
pub(super) fn suspended<T>(
    terminal: &mut ratatui::DefaultTerminal,
    signals: &Signals,
    f: impl FnOnce() -> T,
) -> std::io::Result<T> {
    use ratatui::crossterm::execute;
    use ratatui::crossterm::terminal::{
        Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode,
        enable_raw_mode,
    };
    terminal.show_cursor()?;
    execute!(terminal.backend_mut(), LeaveAlternateScreen)?;
    disable_raw_mode()?;
    let out = f();
    signals.forget_interrupt();
    enable_raw_mode()?;
    execute!(
        terminal.backend_mut(),
        EnterAlternateScreen,
        Clear(ClearType::All)
    )?;
    terminal.hide_cursor()?;
    // Both buffers blank, as the screen is: the next draw paints every
    // cell. (Not `Terminal::clear`: it asks the terminal where the cursor
    // is and waits for the answer.)
    terminal.swap_buffers();
    Ok(out)
}
