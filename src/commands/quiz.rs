//! `concur quiz`: interview mode in the interactive screen.

use std::path::{Path, PathBuf};

use anyhow::bail;

use super::Env;
use crate::cli::{GlobalArgs, QuizArgs};
use crate::deck::DeckSource;
use crate::quiz::Selection;
use crate::store::load_last_weak;
use crate::tui::quiz::QuizOptions;

/// Splits `--deck` values into paths to load (they exist) and deck ids.
pub fn split_deck_args(values: &[PathBuf]) -> (Vec<PathBuf>, Vec<String>) {
    let mut paths = Vec::new();
    let mut ids = Vec::new();
    for v in values {
        if v.exists() {
            paths.push(v.clone());
        } else {
            ids.push(v.to_string_lossy().into_owned());
        }
    }
    (paths, ids)
}

/// Runs the quiz.
pub fn run(global: &GlobalArgs, new_per_day: usize, args: &QuizArgs) -> anyhow::Result<i32> {
    let (paths, mut ids) = split_deck_args(&global.decks);
    let env = Env::new(&GlobalArgs {
        decks: paths.clone(),
        ..global.clone()
    })?;
    let seed = args.seed.unwrap_or_else(rand::random);
    let options = QuizOptions {
        typed: args.typed,
        time_limit: args.time,
        seed: Some(seed),
    };
    let last_weak = if args.last_weak {
        match load_last_weak(&env.data)? {
            None => bail!(
                "no quiz has been finished yet, so there are no weak cards: run `concur quiz` first"
            ),
            Some(w) if w.is_empty() => {
                bail!("the last quiz had no weak cards: nothing to practise")
            }
            Some(w) => Some(w),
        }
    } else {
        None
    };
    let count = usize::try_from(args.count).unwrap_or(usize::MAX);
    crate::tui::run_with(&env, new_per_day, |app| {
        app.quiz_only = true;
        if let Some(weak) = &last_weak {
            let items = app.quiz_items(weak);
            if items.is_empty() {
                bail!("the last quiz's weak cards are no longer in any deck");
            }
            app.start_quiz_items(items, options.clone());
            return Ok(());
        }
        // Decks loaded from a --deck path are quizzed too.
        for d in &app.decks {
            if let DeckSource::File(f) = &d.source
                && paths.iter().any(|p| f.starts_with(p) || same_file(f, p))
            {
                ids.push(d.id.clone());
            }
        }
        for id in &ids {
            if !app.decks.iter().any(|d| &d.id == id) {
                let known: Vec<&str> = app.decks.iter().map(|d| d.id.as_str()).collect();
                bail!(
                    "unknown deck {id:?}: not a deck id ({}) nor a deck file or folder",
                    known.join(", ")
                );
            }
        }
        let selection = Selection {
            decks: ids.clone(),
            tags: args.tags.clone(),
            count,
            seed,
        };
        if crate::quiz::pick(&app.decks, &selection).is_empty() {
            bail!(
                "no card matches this quiz (decks {:?}, tags {:?})",
                ids,
                args.tags
            );
        }
        app.start_quiz(&selection, options.clone());
        Ok(())
    })
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}
