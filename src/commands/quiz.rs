//! `concur quiz [DECK_ID]...`: a shuffled quiz in the interactive screen.
//! Deck ids are positional; `--deck PATH` (global) only loads decks, and
//! the decks it loads are quizzed too.

use std::path::Path;

use anyhow::bail;

use super::{Env, usage};
use crate::cli::QuizArgs;
use crate::deck::{Deck, DeckSource};
use crate::quiz::{Selection, has_any_tag, known_tags};
use crate::store::{CardRef, load_last_weak};
use crate::text::sanitize;
use crate::tui::quiz::QuizOptions;

/// Runs the quiz.
pub fn run(env: &Env, args: &QuizArgs) -> anyhow::Result<i32> {
    let seed = args.seed.unwrap_or_else(rand::random);
    let settings = &env.settings;
    let options = QuizOptions {
        typed: settings.quiz_typed.value,
        time_limit: settings.quiz_time_limit(),
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
    let count = usize::try_from(settings.quiz_count.value).unwrap_or(usize::MAX);
    let paths = env.deck_paths.clone();
    crate::tui::run_with(env, |app| {
        app.set_quiz_only(true);
        check_tags(app.decks(), &args.tags)?;
        let skip = if args.include_suspended {
            Default::default()
        } else {
            app.study().suspended(app.decks())
        };
        if let Some(weak) = &last_weak {
            let weak: Vec<CardRef> = weak.iter().filter(|r| !skip.contains(r)).cloned().collect();
            let refs = weak_selection(app.decks(), &weak, &args.tags, count);
            let items = app.quiz_items(&refs);
            if items.is_empty() {
                if args.tags.is_empty() {
                    bail!("the last quiz's weak cards are no longer in any deck");
                }
                bail!(
                    "none of the last quiz's weak cards has the tag {}",
                    or_list(&args.tags)
                );
            }
            app.start_quiz_items(items, options.clone());
            return Ok(());
        }
        let skipped = if app
            .problems()
            .iter()
            .any(|p| crate::tui::is_deck_problem(p))
        {
            "; decks with errors were skipped: run `concur check`"
        } else {
            ""
        };
        let hint = format!(" (a deck file is loaded with --deck PATH){skipped}");
        super::pick::decks(app.decks(), |d: &Deck| &d.id, &args.deck_ids, &hint)?;
        let mut ids = args.deck_ids.clone();
        // Decks loaded from a --deck path are quizzed too.
        for d in app.decks() {
            if let DeckSource::File(f) = &d.source
                && paths.iter().any(|p| f.starts_with(p) || same_file(f, p))
                && !ids.contains(&d.id)
            {
                ids.push(d.id.clone());
            }
        }
        let selection = Selection {
            decks: ids.clone(),
            tags: args.tags.clone(),
            count,
            seed,
            skip,
        };
        if crate::quiz::pick(app.decks(), &selection).is_empty() {
            let decks = if ids.is_empty() {
                "any deck".to_string()
            } else {
                format!("deck {}", ids.join(", "))
            };
            bail!(
                "no card in {decks} has the tag {}: choose another tag or deck",
                or_list(&args.tags)
            );
        }
        app.start_quiz(&selection, options.clone());
        Ok(())
    })
}

/// A usage error for the first tag no deck or card has, listing the tags
/// there are.
pub(super) fn check_tags(decks: &[Deck], tags: &[String]) -> anyhow::Result<()> {
    let known = known_tags(decks);
    if let Some(t) = tags.iter().find(|t| !known.contains(t)) {
        return Err(usage(format!(
            "unknown tag {:?}: {}the tags are {}",
            sanitize(t),
            crate::text::did_you_mean(t, known.iter().map(String::as_str)),
            if known.is_empty() {
                "none (no deck has tags)".to_string()
            } else {
                known.join(", ")
            }
        )));
    }
    Ok(())
}

/// The weak cards that have one of `tags` (any, without tags), at most
/// `count`, in their order.
fn weak_selection(decks: &[Deck], weak: &[CardRef], tags: &[String], count: usize) -> Vec<CardRef> {
    weak.iter()
        .filter(|r| {
            decks
                .iter()
                .find(|d| d.id == r.deck)
                .and_then(|d| d.card(&r.card).map(|c| has_any_tag(d, c, tags)))
                .unwrap_or(false)
        })
        .take(count)
        .cloned()
        .collect()
}

/// `"a"`, `"a" or "b"`.
fn or_list(items: &[String]) -> String {
    items
        .iter()
        .map(|t| format!("{:?}", sanitize(t)))
        .collect::<Vec<_>>()
        .join(" or ")
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::deck::parse_deck;

    #[test]
    fn weak_cards_honour_tags_and_count() {
        let mut text = String::from("[deck]\nid = \"d\"\n");
        for (id, tag) in [("a", "x"), ("b", "y"), ("c", "x"), ("e", "x")] {
            text.push_str(&format!(
                "[[cards]]\nid = \"{id}\"\nfront = \"{id}?\"\nback = \"b\"\ntags = [\"{tag}\"]\n"
            ));
        }
        let (deck, diags) = parse_deck(
            text.as_bytes(),
            "d.toml",
            "d",
            DeckSource::Bundled("d.toml"),
        );
        assert!(diags.is_empty(), "{diags:?}");
        let decks = vec![deck.unwrap()];
        let r = |c: &str| CardRef {
            deck: "d".into(),
            card: c.into(),
        };
        let weak = vec![r("a"), r("b"), r("c"), r("e"), r("gone")];
        let x = vec!["x".to_string()];
        assert_eq!(weak_selection(&decks, &weak, &x, 2), vec![r("a"), r("c")]);
        assert_eq!(weak_selection(&decks, &weak, &[], 10).len(), 4);
        assert!(
            check_tags(&decks, &["nope".to_string()])
                .unwrap_err()
                .to_string()
                .contains("the tags are x, y")
        );
    }
}
