//! `concur import FILE.md [-o OUT.toml] [--deck-id ID] [--bullets]`.

use std::io::Write;

use anyhow::Context;

use super::{Env, write_atomically};
use crate::cli::ImportArgs;
use crate::deck::import::{ImportOptions, import_markdown, to_toml};
use crate::deck::slug::{is_slug, slugify};
use crate::deck::{DeckSource, parse_deck};

/// The command.
pub fn run(env: &Env, args: &ImportArgs) -> anyhow::Result<i32> {
    let file = &args.file;
    let shown = file.display().to_string();
    let bytes = std::fs::read(file)
        .with_context(|| format!("cannot read {shown}: check the path to the Markdown file"))?;
    let Ok(text) = std::str::from_utf8(&bytes) else {
        note!("concur: error: {shown} is not UTF-8 text: re-save it as UTF-8");
        return Ok(1);
    };
    if let Some(id) = &args.deck_id
        && !is_slug(id)
    {
        return Err(super::usage(format!(
            "--deck-id {id:?} is not a valid deck id: use lowercase letters, digits and single '-', e.g. --deck-id python-threads"
        )));
    }
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
        note!(
            "concur: error: {shown}: no cards found: write a table with a `front | back` header row and a `--|--` separator row"
        );
        return Ok(1);
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
    let source_name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| shown.clone());
    let toml = to_toml(&imported, &deck_id, &source_name);

    // The output must load: a failure here is a bug in the importer.
    let (deck, diags) = parse_deck(
        toml.as_bytes(),
        "<import>",
        &deck_id,
        DeckSource::Bundled("<import>"),
    );
    if deck.is_none() || diags.iter().any(|d| d.is_error()) {
        for d in &diags {
            note!("{d}");
        }
        anyhow::bail!(
            "the imported deck does not pass `concur check` (a bug in concur): please report it with the Markdown file"
        );
    }

    if let Some(out) = &args.output {
        let canonical = |p: &std::path::Path| std::fs::canonicalize(p).ok();
        let out_canon = canonical(out);
        if let Some(other) = env
            .load_decks()
            .decks
            .iter()
            .find(|d| d.id == deck_id)
            .filter(|d| match &d.source {
                DeckSource::File(p) => canonical(p) != out_canon || out_canon.is_none(),
                DeckSource::Bundled(_) => true,
            })
        {
            note!(
                "concur: warning: deck id {deck_id:?} is already used by {}: the two decks will clash; pass --deck-id to choose another",
                other.source
            );
        }
        if out.exists() && !args.force {
            note!(
                "concur: error: {} already exists: choose another -o file, or pass --force to overwrite it",
                out.display()
            );
            return Ok(1);
        }
        write_atomically(out, &toml)?;
        let n = imported.cards.len();
        note!(
            "Wrote {n} card{} to {} (deck id {deck_id:?}).",
            if n == 1 { "" } else { "s" },
            out.display()
        );
        note!("Next: concur check {}", out.display());
        let decks_dir = crate::store::decks_dir(&env.data);
        note!(
            "To study it, move it into {} or pass --deck {}.",
            decks_dir.display(),
            out.display()
        );
    } else {
        let stdout = std::io::stdout();
        let mut lock = stdout.lock();
        match lock.write_all(toml.as_bytes()).and_then(|()| lock.flush()) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
            other => other.context("cannot write to standard output")?,
        }
    }
    Ok(0)
}
