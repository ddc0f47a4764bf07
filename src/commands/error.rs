//! How a failed command is reported: one line (or clap's block) on stderr
//! that starts with `concur: error:`, and the exit code: 2 for a usage
//! error, 1 for a failure.

use crate::text::for_terminal_lines;

/// A mistake in how the command was called: an unknown deck id or tag, a
/// bad option value. `main` prints it like any error and exits with 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// A [`UsageError`] with `message`, as an `anyhow` error. The message
/// quotes what the user typed or what a file holds, so it is escaped for
/// the terminal here ([`for_terminal_lines`]).
pub fn usage(message: impl Into<String>) -> anyhow::Error {
    let message = message.into();
    UsageError(for_terminal_lines(&message).into_owned()).into()
}

/// The exit code for an error: 2 for a [`UsageError`], 1 for any other.
pub fn exit_code(e: &anyhow::Error) -> i32 {
    if e.downcast_ref::<UsageError>().is_some() {
        2
    } else {
        1
    }
}

/// The line `main` prints for a command's error: `concur: error: ` and the
/// error with its causes. Errors quote paths, ids and values from files and
/// the log, so the line is escaped for the terminal.
pub fn error_line(e: &anyhow::Error) -> String {
    prefixed(&format!("{e:#}"))
}

/// `concur: error: ` before `message`, escaped for the terminal; a message
/// that already starts with `error: ` (as clap's do) keeps one.
fn prefixed(message: &str) -> String {
    let message = message.strip_prefix("error: ").unwrap_or(message);
    format!("concur: error: {}", for_terminal_lines(message))
}

/// Prints what the argument parser said, with `concur: error:` before an
/// error (clap's usage line and tips stay), and returns its exit code:
/// 2 for an error, 0 for `--help` and `--version` (printed as they are).
pub fn clap_error(e: &clap::Error) -> i32 {
    use clap::error::ErrorKind;
    use std::io::Write;
    match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            if help_colors(std::env::args_os().skip(1)) {
                let _ = e.print();
            } else {
                let _ = write!(std::io::stdout(), "{}", e.render());
            }
        }
        _ => {
            // Plain text: the rendered error without its colours.
            let text = prefixed(&e.render().to_string());
            let _ = write!(std::io::stderr(), "{text}");
        }
    }
    e.exit_code()
}

/// False when the settings turn colours off (`colors = false` in the
/// `config.toml` of the data folder `args` name, or `NO_COLOR`): help is
/// printed before the arguments are known, so `--data-dir` is looked up
/// here by hand. A settings file with errors does not stop help.
fn help_colors(args: impl Iterator<Item = std::ffi::OsString>) -> bool {
    let mut data_dir = None;
    let mut args = args.peekable();
    while let Some(a) = args.next() {
        if a == "--data-dir" {
            data_dir = args.peek().map(std::path::PathBuf::from);
        } else if let Some(dir) = a.to_str().and_then(|a| a.strip_prefix("--data-dir=")) {
            data_dir = Some(dir.into());
        }
    }
    let options = crate::env::EnvOptions {
        data_dir,
        ..Default::default()
    };
    crate::env::Env::new(options).map_or(true, |env| env.settings.colors.value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_line_starts_with_one_prefix() {
        assert_eq!(prefixed("error: x"), "concur: error: x");
        assert_eq!(prefixed("x\n"), "concur: error: x\n");
        assert_eq!(prefixed("a\u{1b}[31mb"), "concur: error: a\\u{1b}[31mb");
    }
}
