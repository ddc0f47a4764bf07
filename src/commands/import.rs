//! `concur import FILE [-o OUT.toml] [--deck-id ID] [--bullets] [--force]`:
//! Markdown notes, or a JSON export (`FILE.json`), into a TOML deck; an
//! Anki package (`apkg`) into decks of their own.

mod apkg;

use std::io::Write;
use std::path::Path;

use anyhow::Context;

use super::{Env, require_parent_folder, usage, write_atomically};
use crate::cli::ImportArgs;
use crate::deck::import::{ImportOptions, JsonImportError, import_json, import_markdown, to_toml};
use crate::deck::slug::{is_slug, slugify};
use crate::deck::{DeckSource, parse_deck};
use crate::text::sanitize;

/// A deck made from the input file.
struct Made {
    deck_id: String,
    cards: usize,
    toml: String,
}

/// The command.
pub fn run(env: &Env, args: &ImportArgs) -> anyhow::Result<i32> {
    let file = &args.file;
    if apkg::is_package(file) {
        return apkg::run(env, args);
    }
    let shown = sanitize(&file.display().to_string());
    // Only a regular file, read without blocking and within the deck size
    // limit (a FIFO or /dev/zero must not hang or exhaust memory).
    let bytes = crate::deck::read_deck_file(file).map_err(|e| {
        anyhow::anyhow!("cannot import {shown}: {e}; check the path of the file to import")
    })?;
    let Ok(text) = std::str::from_utf8(&bytes) else {
        anyhow::bail!("{shown} is not UTF-8 text: re-save it as UTF-8");
    };
    if let Some(id) = &args.deck_id
        && !is_slug(id)
    {
        return Err(usage(format!(
            "--deck-id {:?} is not a valid deck id: use lowercase letters, digits and single '-', e.g. --deck-id python-threads",
            sanitize(id)
        )));
    }
    if let Some(out) = &args.output {
        require_parent_folder(out, "-o")?;
    }
    let source_name = file
        .file_name()
        .map(|n| sanitize(&n.to_string_lossy()))
        .unwrap_or_else(|| shown.clone());
    let is_json = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let made = if is_json {
        let j = import_json(text, args.deck_id.as_deref(), &source_name).map_err(|e| {
            // Which deck to take is the caller's choice: a usage error.
            let usage_error = matches!(e, JsonImportError::Choice(_));
            let e = anyhow::Error::new(e).context(format!("cannot import {shown}"));
            if usage_error {
                usage(format!("{e:#}"))
            } else {
                e
            }
        })?;
        Made {
            deck_id: j.deck_id,
            cards: j.cards,
            toml: j.toml,
        }
    } else {
        match markdown(args, file, text, &shown, &source_name) {
            Some(m) => m,
            None => anyhow::bail!(
                "{shown}: no cards found: write a table with a `front | back` header row and a `--|--` separator row, or `Q:`/`A:` lines"
            ),
        }
    };

    // The output must load: a failure here is a bug in the importer.
    let (deck, diags) = parse_deck(
        made.toml.as_bytes(),
        "<import>",
        &made.deck_id,
        DeckSource::Bundled("<import>"),
    );
    if deck.is_none() || diags.iter().any(|d| d.is_error()) {
        for d in &diags {
            note!("{d}");
        }
        anyhow::bail!(
            "the imported deck does not pass `concur check` (a bug in concur): please report it with the file"
        );
    }
    match &args.output {
        Some(out) => write_out(env, args, out, &made)?,
        None => {
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            match lock
                .write_all(made.toml.as_bytes())
                .and_then(|()| lock.flush())
            {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                other => other.context("cannot write to standard output")?,
            }
        }
    }
    Ok(0)
}

/// The deck from Markdown notes (their notes printed), or `None` if they
/// hold no card.
fn markdown(
    args: &ImportArgs,
    file: &Path,
    text: &str,
    shown: &str,
    source_name: &str,
) -> Option<Made> {
    let imported = import_markdown(
        text,
        ImportOptions {
            bullets: args.bullets,
        },
    );
    for n in &imported.notes {
        note!("{shown}:{}: note: {}", n.line, n.message);
    }
    if imported.cards.is_empty() {
        return None;
    }
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let deck_id = match &args.deck_id {
        Some(id) => id.clone(),
        None => match &imported.name {
            Some(name) => slugify(name, "imported"),
            None => slugify(&stem, "imported"),
        },
    };
    Some(Made {
        toml: to_toml(&imported, &deck_id, source_name),
        cards: imported.cards.len(),
        deck_id,
    })
}

/// Writes the deck to `-o OUT`, refusing to overwrite without `--force`
/// and warning when its id is already taken.
fn write_out(env: &Env, args: &ImportArgs, out: &Path, made: &Made) -> anyhow::Result<()> {
    let deck_id = &made.deck_id;
    let shown_out = sanitize(&out.display().to_string());
    let canonical = |p: &Path| std::fs::canonicalize(p).ok();
    let out_canon = canonical(out);
    if let Some(other) = env
        .load_decks()
        .decks
        .iter()
        .find(|d| &d.id == deck_id)
        .filter(|d| match &d.source {
            DeckSource::File(p) => canonical(p) != out_canon || out_canon.is_none(),
            DeckSource::Bundled(_) => true,
        })
    {
        note!(
            "concur: warning: deck id {deck_id:?} is already used by {}: the two decks will clash; pass --deck-id to choose another",
            sanitize(&other.source.to_string())
        );
    }
    if out.exists() && !args.force {
        anyhow::bail!(
            "{shown_out} already exists: choose another -o file, or pass --force to overwrite it"
        );
    }
    write_atomically(out, &made.toml)?;
    let n = made.cards;
    note!(
        "Wrote {n} card{} to {shown_out} (deck id {deck_id:?}).",
        if n == 1 { "" } else { "s" },
    );
    note!("Next: concur check {shown_out}");
    let decks_dir = env.data.decks();
    note!(
        "To study it, move it into {} or pass --deck {shown_out}.",
        sanitize(&decks_dir.display().to_string()),
    );
    Ok(())
}
