//! `concur import FILE [-o OUT] [--as ID] [--deck-id ID] [--bullets]
//! [--all-tables] [--cloze-highlights] [--force] [--with-progress]`:
//! Markdown notes, or a JSON export (`FILE.json`, every deck of it by
//! default), into TOML decks; an Anki package (`apkg`) into decks of their
//! own.

mod apkg;

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::{Env, require_parent_folder, usage, write_atomically};
use crate::cli::ImportArgs;
use crate::deck::import::{ImportOptions, JsonImportError, import_json, import_markdown, to_toml};
use crate::deck::slug::{is_slug, slugify};
use crate::deck::{DeckSource, parse_deck, replaces_bundled};
use crate::text::{plural, sanitize};

/// A deck made from the input file.
struct Made {
    deck_id: String,
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
    if let Some(id) = &args.as_id
        && !is_slug(id)
    {
        return Err(usage(format!(
            "--as {:?} is not a valid deck id: use lowercase letters, digits and single '-', e.g. --as python-threads",
            sanitize(id)
        )));
    }
    let out_dir = args.output.as_deref().filter(|o| o.is_dir());
    if let Some(out) = &args.output
        && out_dir.is_none()
    {
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
        json(args, text, &shown, &source_name)?
    } else {
        if let Some(id) = &args.deck_id {
            return Err(usage(format!(
                "--deck-id {:?} picks a deck of a JSON export; to name the deck made from {shown}, pass --as ID",
                sanitize(id)
            )));
        }
        vec![markdown(args, file, text, &shown, &source_name)?]
    };

    // The output must load: a failure here is a bug in the importer.
    let mut cards = Vec::new();
    for m in &made {
        let source = DeckSource::Bundled("<import>");
        let (deck, diags) = parse_deck(m.toml.as_bytes(), "<import>", &m.deck_id, source);
        match deck {
            // Reverse cards are not counted (they were never written).
            Some(deck) if !diags.iter().any(|d| d.is_error()) => {
                cards.push(deck.cards.iter().filter(|c| c.reverse_of.is_none()).count());
            }
            _ => {
                for d in &diags {
                    note!("{d}");
                }
                anyhow::bail!(
                    "the imported deck does not pass `concur check` (a bug in concur): please report it with the file"
                );
            }
        }
    }
    let targets = targets(args, out_dir, &made)?;
    clashes(env, args, &made, &targets)?;
    match args.output {
        Some(_) => write_out(env, &made, &targets, &cards)?,
        None => {
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            let toml = made.iter().map(|m| m.toml.as_str()).collect::<String>();
            match lock.write_all(toml.as_bytes()).and_then(|()| lock.flush()) {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                other => other.context("cannot write to standard output")?,
            }
        }
    }
    Ok(0)
}

/// The decks of a JSON export: every one, or the one `--deck-id` names;
/// renamed by `--as`.
fn json(
    args: &ImportArgs,
    text: &str,
    shown: &str,
    source_name: &str,
) -> anyhow::Result<Vec<Made>> {
    let decks = import_json(
        text,
        args.deck_id.as_deref(),
        args.as_id.as_deref(),
        source_name,
    )
    .map_err(|e| match e {
        // Which deck to take is the caller's choice: a usage error.
        JsonImportError::Choice(m) => usage(format!("cannot import {shown}: {m}")),
        JsonImportError::Cards(problems) => {
            for (line, col, message) in &problems {
                match line {
                    0 => note!("{shown}: error: {message}"),
                    _ => note!("{shown}:{line}:{col}: error: {message}"),
                }
            }
            anyhow::anyhow!(
                "cannot import {shown}: {} (above); nothing was written",
                plural(problems.len(), "error")
            )
        }
        e => anyhow::Error::new(e).context(format!("cannot import {shown}")),
    })?;
    Ok(decks
        .into_iter()
        .map(|d| Made {
            deck_id: d.deck_id,
            toml: d.toml,
        })
        .collect())
}

/// The deck from Markdown notes (their notes printed); an error if they
/// hold invalid markup or no card.
fn markdown(
    args: &ImportArgs,
    file: &Path,
    text: &str,
    shown: &str,
    source_name: &str,
) -> anyhow::Result<Made> {
    let imported = import_markdown(
        text,
        ImportOptions {
            bullets: args.bullets,
            all_tables: args.all_tables,
            cloze_highlights: args.cloze_highlights,
        },
    );
    for n in &imported.notes {
        note!("{shown}:{}: note: {}", n.line, n.message);
    }
    for e in &imported.errors {
        note!("{shown}:{}: error: {}", e.line, e.message);
    }
    if !imported.errors.is_empty() {
        anyhow::bail!(
            "cannot import {shown}: {} (above); nothing was written",
            plural(imported.errors.len(), "error")
        );
    }
    if imported.cards.is_empty() {
        anyhow::bail!(
            "{shown}: no cards found: write a table with a `front | back` header row and a `--|--` separator row, `Q:`/`A:` lines, or `{{{{c1::…}}}}` deletions"
        );
    }
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let deck_id = match &args.as_id {
        Some(id) => id.clone(),
        None => slugify(imported.name.as_deref().unwrap_or(&stem), "imported"),
    };
    Ok(Made {
        toml: to_toml(&imported, &deck_id, source_name),
        deck_id,
    })
}

/// The file each deck goes to (none without `-o`): `-o FILE` for one deck,
/// `FOLDER/ID.toml` when `-o` is a folder. Refuses several decks without
/// a folder, and files that exist without `--force`, before anything is
/// written.
fn targets(
    args: &ImportArgs,
    out_dir: Option<&Path>,
    made: &[Made],
) -> anyhow::Result<Vec<Option<PathBuf>>> {
    if made.len() > 1 && out_dir.is_none() {
        let ids: Vec<&str> = made.iter().map(|m| m.deck_id.as_str()).collect();
        return Err(usage(format!(
            "the export holds {} decks ({}): pass -o FOLDER to write each to FOLDER/ID.toml, or --deck-id ID to import one",
            made.len(),
            ids.join(", ")
        )));
    }
    let targets: Vec<Option<PathBuf>> = made
        .iter()
        .map(|m| match (out_dir, &args.output) {
            (Some(dir), _) => Some(dir.join(format!("{}.toml", m.deck_id))),
            (None, out) => out.clone(),
        })
        .collect();
    for path in targets.iter().flatten() {
        if path.exists() && !args.force {
            anyhow::bail!(
                "{} already exists: choose another -o file, or pass --force to overwrite it",
                sanitize(&path.display().to_string())
            );
        }
    }
    Ok(targets)
}

/// Checks each deck's id against the decks concur loads (other than the
/// file it is written to): an id chosen with `--as` that another deck of
/// the user's has is an error; a deck's own id, a warning; replacing a
/// bundled deck, a note.
fn clashes(
    env: &Env,
    args: &ImportArgs,
    made: &[Made],
    targets: &[Option<PathBuf>],
) -> anyhow::Result<()> {
    let loaded = env.load_decks();
    let canonical = |p: &Path| std::fs::canonicalize(p).ok();
    for (m, target) in made.iter().zip(targets) {
        let deck_id = &m.deck_id;
        let out_canon = target.as_deref().and_then(canonical);
        let Some(other) =
            loaded
                .decks
                .iter()
                .find(|d| &d.id == deck_id)
                .filter(|d| match &d.source {
                    DeckSource::File(p) => canonical(p) != out_canon || out_canon.is_none(),
                    DeckSource::Bundled(_) => true,
                })
        else {
            continue;
        };
        let shown_target = target.as_deref().map_or_else(
            || "the imported deck".to_string(),
            |p| p.display().to_string(),
        );
        if matches!(other.source, DeckSource::Bundled(_)) {
            note!(
                "concur: note: {}",
                sanitize(&replaces_bundled(&shown_target, deck_id))
            );
            continue;
        }
        let used_by = sanitize(&other.source.to_string());
        if args.as_id.is_some() {
            return Err(usage(format!(
                "deck id {deck_id:?} is already used by {used_by}: concur would load only one of the two; pass --as with another id"
            )));
        }
        note!(
            "concur: warning: deck id {deck_id:?} is already used by {used_by}: the two decks will clash; pass --as ID to give the import another id"
        );
    }
    Ok(())
}

/// Writes each deck to its file and says what to do next.
fn write_out(
    env: &Env,
    made: &[Made],
    targets: &[Option<PathBuf>],
    cards: &[usize],
) -> anyhow::Result<()> {
    let mut written = Vec::new();
    for ((m, target), n) in made.iter().zip(targets).zip(cards) {
        let Some(out) = target else { continue };
        write_atomically(out, &m.toml)?;
        let shown_out = sanitize(&out.display().to_string());
        note!(
            "Wrote {} to {shown_out} (deck id {:?}).",
            plural(n, "card"),
            m.deck_id
        );
        written.push(shown_out);
    }
    note!("Next: concur check {}", written.join(" "));
    let decks_dir = env.data.decks();
    note!(
        "To study {}, move {} into {} or pass --deck {}.",
        if written.len() == 1 { "it" } else { "them" },
        if written.len() == 1 { "it" } else { "them" },
        sanitize(&decks_dir.display().to_string()),
        written.join(" --deck "),
    );
    Ok(())
}
