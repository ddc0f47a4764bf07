//! `concur export [--format anki|apkg|csv|json] [-o FILE [--force]] [DECK_ID...]`.

use std::io::Write;

use super::{Env, require_parent_folder};
use crate::cli::{ExportArgs, ExportFormat};
use crate::deck::Deck;
use crate::deck::export::{ExportError, Format, export, notes};

/// The command.
pub fn run(env: &Env, args: &ExportArgs) -> anyhow::Result<i32> {
    // What is wrong with -o is said before anything is loaded.
    if let Some(path) = &args.output {
        require_parent_folder(path, "-o")?;
        if path.is_dir() {
            return Err(super::usage(format!(
                "-o {}: that is a folder, not a file: name the file to write, e.g. -o {}",
                crate::text::sanitize(&path.display().to_string()),
                crate::text::sanitize(&path.join("decks.txt").display().to_string())
            )));
        }
    }
    if args.format == ExportFormat::Apkg && args.output.is_none() {
        return Err(super::usage(
            "--format apkg writes a binary Anki package: name the file with -o, e.g. -o concur.apkg",
        ));
    }
    let set = env.load_decks();
    let code = super::report_deck_errors(env, &set, "are not exported");
    let chosen = super::pick::decks(
        &set.decks,
        |d: &Deck| &d.id,
        &args.deck_ids,
        " (see `concur due`)",
    )?;
    let format = match args.format {
        ExportFormat::Anki => Format::Anki,
        ExportFormat::Apkg => Format::Apkg {
            modified: env.clock.now().timestamp(),
        },
        ExportFormat::Csv => Format::Csv,
        ExportFormat::Json => Format::Json,
    };
    let count: usize = chosen.iter().map(|d| notes(d).count()).sum();
    match &args.output {
        Some(path) => {
            if path.exists() && !args.force {
                anyhow::bail!(
                    "{} already exists: choose another -o file, or pass --force to overwrite it",
                    crate::text::sanitize(&path.display().to_string())
                );
            }
            let mut buf = Vec::new();
            export(&chosen, format, &mut buf)?;
            crate::atomic::write_atomically(path, crate::atomic::Target::User, &buf)?;
            note!(
                "Wrote {} from {} to {}.",
                crate::text::plural(count, "note"),
                crate::text::plural(chosen.len(), "deck"),
                path.display()
            );
        }
        None => {
            let stdout = std::io::stdout();
            let mut lock = std::io::BufWriter::new(stdout.lock());
            match export(&chosen, format, &mut lock).and_then(|()| Ok(lock.flush()?)) {
                Err(ExportError::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                Err(ExportError::Csv(e)) if is_broken_pipe(&e) => {}
                Err(ExportError::Json(e))
                    if e.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe) => {}
                other => other?,
            }
        }
    }
    Ok(code)
}

fn is_broken_pipe(e: &csv::Error) -> bool {
    matches!(e.kind(), csv::ErrorKind::Io(io) if io.kind() == std::io::ErrorKind::BrokenPipe)
}
