//! `concur check [PATH...]`: validate decks, report every problem.

use std::path::PathBuf;

use super::Env;
use crate::deck::{LoadOptions, load_decks};

/// Checks the given paths (or every deck) and prints one line per problem.
pub fn run(env: &Env, paths: &[PathBuf]) -> anyhow::Result<i32> {
    let opts = if paths.is_empty() {
        env.load_options()
    } else {
        LoadOptions {
            bundled: false,
            paths: paths.to_vec(),
            optional: Vec::new(),
        }
    };
    let set = load_decks(&opts);
    for d in &set.diagnostics {
        println!("{d}");
    }
    let (errors, warnings) = (set.errors(), set.warnings());
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    let summary = format!(
        "{}, {}, {}",
        plural(set.decks.len(), "deck"),
        plural(set.card_count(), "card"),
        plural(warnings, "warning")
    );
    if errors > 0 {
        println!(
            "{summary}, {}: fix the errors above",
            plural(errors, "error")
        );
        Ok(1)
    } else {
        println!("{summary}");
        Ok(0)
    }
}
