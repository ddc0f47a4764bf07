//! `concur import deck.apkg [-o DIR] [--force] [--with-progress]`: an Anki
//! package into one TOML deck per Anki deck, in `$DATA/decks` or `-o DIR`,
//! and, with `--with-progress`, its review history into the review log.
//!
//! All or nothing: every deck is made and checked in memory, then written
//! to a temporary file beside its target; only when all are written are the
//! log lines appended (in one write) and the files renamed into place.

use std::path::{Path, PathBuf};

use anyhow::Context;
use chrono::DateTime;

use crate::atomic::{Staged, Target, stage};
use crate::cli::ImportArgs;
use crate::commands::{Env, usage};
use crate::deck::import::apkg::{ApkgDeck, ApkgOptions, Format, import_apkg};
use crate::deck::import::to_toml;
use crate::deck::{DeckSource, MAX_DECK_BYTES, parse_deck};
use crate::sched::Grade;
use crate::store::{Kind, LogEntry, append_all};
use crate::text::{plural, sanitize};

/// The zip file signature: a package whatever its name.
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";

/// True if `path` names an Anki package: a `.apkg` or `.colpkg` file, or
/// any zip file (no Markdown or JSON file starts like one).
pub fn is_package(path: &Path) -> bool {
    let by_name = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("apkg") || e.eq_ignore_ascii_case("colpkg"));
    by_name
        || crate::regular::open_read(path).is_ok_and(|f| {
            let mut head = [0u8; 4];
            std::io::Read::read_exact(&mut &f, &mut head).is_ok() && head == ZIP_MAGIC
        })
}

/// A deck ready to be written.
struct Ready {
    deck: ApkgDeck,
    path: PathBuf,
    toml: String,
}

/// The command, for a package.
pub fn run(env: &Env, args: &ImportArgs) -> anyhow::Result<i32> {
    let shown = sanitize(&args.file.display().to_string());
    if args.deck_id.is_some() || args.bullets {
        return Err(usage(
            "--deck-id and --bullets are for Markdown and JSON files: an Anki package gives each Anki deck its own id",
        ));
    }
    let (dir, default_dir) = match &args.output {
        Some(dir) if dir.is_dir() => (dir.clone(), false),
        Some(dir) if dir.exists() => {
            return Err(usage(format!(
                "-o {}: for an Anki package, -o names the folder the decks are written to, not a file",
                sanitize(&dir.display().to_string())
            )));
        }
        Some(dir) => {
            return Err(usage(format!(
                "-o {}: folder does not exist: create it first or choose another folder",
                sanitize(&dir.display().to_string())
            )));
        }
        None => (env.data.decks(), true),
    };
    let options = ApkgOptions {
        with_progress: args.with_progress,
    };
    let package = import_apkg(&args.file, options)
        .map_err(|e| anyhow::anyhow!("cannot import {shown}: {e}"))?;
    for n in &package.notes {
        note!("{shown}: note: {n}");
    }
    if package.decks.is_empty() {
        anyhow::bail!("{shown}: the package holds no cards to import");
    }
    let source_name = args
        .file
        .file_name()
        .map(|n| sanitize(&n.to_string_lossy()))
        .unwrap_or_else(|| shown.clone());
    let ready = package
        .decks
        .into_iter()
        .map(|deck| make(deck, &dir, &source_name))
        .collect::<anyhow::Result<Vec<Ready>>>()?;
    refuse_clashes(env, args, &ready, default_dir)?;

    let lines = if args.with_progress {
        log_lines(env, &package.reviews)?
    } else {
        if package.revlog_rows > 0 {
            note!(
                "{shown}: note: progress not imported: the package's review log holds {}; pass --with-progress to import it",
                plural(package.revlog_rows, "review")
            );
        }
        Vec::new()
    };

    if default_dir {
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create {}", sanitize(&dir.display().to_string())))?;
    }
    let staged = ready
        .iter()
        .map(|r| stage(&r.path, Target::User, r.toml.as_bytes()))
        .collect::<Result<Vec<Staged>, _>>()?;
    if !lines.is_empty() {
        append_all(&env.data.log(), &lines)?;
    }
    for s in staged {
        s.commit()?;
    }

    let format = match package.format {
        Format::Current => "Anki's current format",
        Format::Legacy21 | Format::Legacy2 => "Anki's legacy format",
    };
    let cards: usize = ready.iter().map(|r| r.deck.imported.cards.len()).sum();
    note!(
        "Imported {} in {} from {shown} ({format}):",
        plural(cards, "note"),
        plural(ready.len(), "deck")
    );
    for r in &ready {
        note!(
            "  {} ({}, from the Anki deck {:?}) -> {}",
            r.deck.id,
            plural(r.deck.imported.cards.len(), "note"),
            r.deck.anki_name,
            sanitize(&r.path.display().to_string())
        );
    }
    if !lines.is_empty() {
        note!("Added {} to the review log.", plural(lines.len(), "review"));
    }
    if default_dir {
        note!("Next: concur check");
    } else {
        note!(
            "Next: concur check {}; to study them, move them into {} or pass --deck {}",
            sanitize(&dir.display().to_string()),
            sanitize(&env.data.decks().display().to_string()),
            sanitize(&dir.display().to_string())
        );
    }
    Ok(0)
}

/// The deck's TOML, checked as `concur check` would.
fn make(deck: ApkgDeck, dir: &Path, source_name: &str) -> anyhow::Result<Ready> {
    let source = format!("{source_name} (Anki deck {})", deck.anki_name);
    let toml = to_toml(&deck.imported, &deck.id, &source);
    if toml.len() > MAX_DECK_BYTES {
        anyhow::bail!(
            "the Anki deck {:?} would make a deck file of {} MiB, over the {} MiB concur loads: split it in Anki and export the parts",
            deck.anki_name,
            toml.len() / (1024 * 1024),
            MAX_DECK_BYTES / (1024 * 1024)
        );
    }
    let (parsed, diags) = parse_deck(
        toml.as_bytes(),
        "<import>",
        &deck.id,
        DeckSource::Bundled("<import>"),
    );
    if parsed.is_none() || diags.iter().any(|d| d.is_error()) {
        for d in diags.iter().filter(|d| d.is_error()) {
            note!("{d}");
        }
        anyhow::bail!(
            "the deck made from the Anki deck {:?} does not pass `concur check` (a bug in concur): please report it with the package",
            deck.anki_name
        );
    }
    let path = dir.join(format!("{}.toml", deck.id));
    Ok(Ready { deck, path, toml })
}

/// Refuses files that exist (without `--force`) and deck ids another deck
/// file already uses; notes a bundled deck that an import replaces.
fn refuse_clashes(
    env: &Env,
    args: &ImportArgs,
    ready: &[Ready],
    default_dir: bool,
) -> anyhow::Result<()> {
    let existing: Vec<String> = ready
        .iter()
        .filter(|r| r.path.exists())
        .map(|r| sanitize(&r.path.display().to_string()))
        .collect();
    if !existing.is_empty() && !args.force {
        anyhow::bail!(
            "{} already {}: pass --force to overwrite, or -o another folder; nothing was written",
            existing.join(", "),
            if existing.len() == 1 {
                "exists"
            } else {
                "exist"
            }
        );
    }
    let canonical = |p: &Path| std::fs::canonicalize(p).ok();
    let loaded = env.load_decks();
    for r in ready {
        let target = canonical(&r.path);
        for d in loaded.decks.iter().filter(|d| d.id == r.deck.id) {
            match &d.source {
                DeckSource::Bundled(_) => note!(
                    "note: the deck {} replaces the bundled deck of that id (your copy wins)",
                    r.deck.id
                ),
                DeckSource::File(p) if target.is_none() || canonical(p) != target => {
                    let other = sanitize(&p.display().to_string());
                    if default_dir {
                        anyhow::bail!(
                            "deck id {:?} is already used by {other}: rename that deck's id, or import with -o into another folder; nothing was written",
                            r.deck.id
                        );
                    }
                    note!(
                        "concur: warning: deck id {:?} is already used by {other}: the two decks will clash if both are loaded",
                        r.deck.id
                    );
                }
                DeckSource::File(_) => {}
            }
        }
    }
    Ok(())
}

/// The reviews as log lines, at the current UTC offset; cards that already
/// have history in the log are left as they are (an import run twice adds
/// nothing twice).
fn log_lines(
    env: &Env,
    reviews: &[crate::deck::import::apkg::Review],
) -> anyhow::Result<Vec<LogEntry>> {
    let replay = env.replay(crate::store::Fsrs::Skip)?;
    let offset = *env.clock.now().offset();
    let mut lines = Vec::with_capacity(reviews.len());
    let mut kept = std::collections::BTreeSet::new();
    for r in reviews {
        if replay.get(&r.deck, &r.card).is_some() {
            kept.insert((r.deck.as_str(), r.card.as_str()));
            continue;
        }
        let (Some(at), Some(grade)) = (
            DateTime::from_timestamp_millis(r.at_ms),
            Grade::new(r.grade),
        ) else {
            continue;
        };
        let kind = if r.cram { Kind::Cram } else { Kind::Review };
        lines.push(LogEntry::new(
            at.with_timezone(&offset),
            r.deck.clone(),
            r.card.clone(),
            grade,
            kind,
            r.spent_ms,
        ));
    }
    if !kept.is_empty() {
        note!(
            "note: {} already had history in the review log: their Anki reviews were not added again",
            plural(kept.len(), "card")
        );
    }
    Ok(lines)
}
