//! `concur export [--format anki|csv|json] [-o FILE [--force]] [DECK_ID...]`.

use std::io::Write;

use anyhow::Context;

use super::{Env, require_parent_folder, write_atomically};
use crate::cli::{ExportArgs, ExportFormat};
use crate::deck::Deck;
use crate::deck::export::{ExportError, Format, export};

/// The command.
pub fn run(env: &Env, args: &ExportArgs) -> anyhow::Result<i32> {
    let set = env.load_decks();
    let errors: Vec<_> = set.diagnostics.iter().filter(|d| d.is_error()).collect();
    for d in &errors {
        note!("{d}");
    }
    if !errors.is_empty() {
        note!("concur: decks with errors are not exported; run `concur check` for details");
    }
    let mut chosen: Vec<&Deck> = Vec::new();
    if args.deck_ids.is_empty() {
        chosen.extend(set.decks.iter());
    } else {
        for id in &args.deck_ids {
            match set.deck(id) {
                Some(d) => {
                    if !chosen.iter().any(|c| c.id == d.id) {
                        chosen.push(d);
                    }
                }
                None => {
                    let known: Vec<&str> = set.decks.iter().map(|d| d.id.as_str()).collect();
                    return Err(super::usage(format!(
                        "unknown deck id {id:?}: known decks are {} (see `concur due`)",
                        known.join(", ")
                    )));
                }
            }
        }
    }
    let format = match args.format {
        ExportFormat::Anki => Format::Anki,
        ExportFormat::Csv => Format::Csv,
        ExportFormat::Json => Format::Json,
    };
    let cards: usize = chosen
        .iter()
        .map(|d| d.cards.iter().filter(|c| c.is_written()).count())
        .sum();
    match &args.output {
        Some(path) => {
            require_parent_folder(path, "-o")?;
            if path.exists() && !args.force {
                anyhow::bail!(
                    "{} already exists: choose another -o file, or pass --force to overwrite it",
                    crate::text::sanitize(&path.display().to_string())
                );
            }
            let mut buf = Vec::new();
            export(&chosen, format, &mut buf)?;
            let text = String::from_utf8(buf).context("export produced invalid UTF-8")?;
            write_atomically(path, &text)?;
            note!(
                "Wrote {cards} cards from {} decks to {}.",
                chosen.len(),
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
    Ok(0)
}

fn is_broken_pipe(e: &csv::Error) -> bool {
    matches!(e.kind(), csv::ErrorKind::Io(io) if io.kind() == std::io::ErrorKind::BrokenPipe)
}
