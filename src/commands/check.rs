//! `concur check [PATH...] [--json] [--orphans] [--fix-ids]`: validate
//! decks, report every problem.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;

use serde::Serialize;

use super::{Env, write_atomically};
use crate::cli::CheckArgs;
use crate::deck::fix_ids::fix_ids;
use crate::deck::{
    Deck, DeckSet, DeckSource, LoadOptions, REVERSE_SUFFIX, collect_files, load_decks, parse_deck,
};
use crate::diag::{Diagnostic, Severity};
use crate::session::orphans;
use crate::store::Replay;
use crate::store::snapshot::LogCheck;
use crate::text::{for_terminal, plural};

/// One orphaned card of the log.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Orphan {
    /// Deck id in the log.
    pub deck: String,
    /// Card id in the log.
    pub card: String,
    /// Log lines about it.
    pub lines: u32,
    /// False if no deck with that id is loaded at all.
    pub deck_loaded: bool,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    diagnostics: &'a [Diagnostic],
    decks: usize,
    cards: usize,
    errors: usize,
    warnings: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    orphans: Option<&'a [Orphan]>,
}

/// Checks the given paths (or every deck) and prints one line per problem.
pub fn run(env: &Env, args: &CheckArgs) -> anyhow::Result<i32> {
    let mut notes: Vec<String> = Vec::new();
    let replay = if args.log {
        let (replay, check) = env.verify_log()?;
        notes.push(log_check_note(check));
        replay
    } else {
        env.replay(crate::store::Fsrs::Skip)?
    };
    if args.fix_ids {
        notes.extend(run_fix_ids(env, &args.paths, &replay)?);
    }
    // check is the validator: it always parses, never trusts the cache,
    // and it is the one command that shows warnings (lint).
    let opts = if args.paths.is_empty() {
        LoadOptions {
            cache: None,
            lint: true,
            ..env.load_options()
        }
    } else {
        LoadOptions {
            bundled: false,
            paths: args.paths.iter().filter(|p| p.exists()).cloned().collect(),
            optional: Vec::new(),
            cache: None,
            lint: true,
        }
    };
    let mut set = load_decks(&opts);
    // A copy of a bundled deck replaces it: said, never an error.
    notes.append(&mut set.notes);
    // A path given to `check` that is not there: said here, naming how it
    // was given (the loader's message is about --deck paths).
    let missing: Vec<Diagnostic> = args
        .paths
        .iter()
        .filter(|p| !p.exists())
        .map(|p| Diagnostic {
            // Shown escaped (Diagnostic's Display), not altered.
            path: p.display().to_string(),
            line: 1,
            col: 1,
            severity: Severity::Error,
            message: "no such file or folder: check the path given to `concur check`".to_string(),
        })
        .collect();
    set.diagnostics.splice(0..0, missing);
    let mut extra = history_warnings(&set.decks, &replay);
    extra.extend(super::stats::leech_warnings(&set.decks, &replay));
    if !args.paths.is_empty() {
        extra.extend(clashes(env, &set.decks, &mut notes));
    }
    merge_diagnostics(&mut set, extra);
    log_problems(env, &replay, &mut set.diagnostics);
    let orphan_list = args
        .orphans
        .then(|| find_orphans(env, &args.paths, &replay));

    let (errors, warnings) = (set.errors(), set.warnings());
    let code = if errors > 0 { 1 } else { 0 };
    if args.json {
        for n in &notes {
            note!("{n}");
        }
        let report = JsonReport {
            diagnostics: &set.diagnostics,
            decks: set.decks.len(),
            cards: set.card_count(),
            errors,
            warnings,
            orphans: orphan_list.as_deref(),
        };
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        crate::text::json::to_writer(&mut out, &report)?;
        writeln!(out)?;
        return Ok(code);
    }
    for n in &notes {
        out!("{n}");
    }
    for d in &set.diagnostics {
        out!("{d}");
    }
    if let Some(list) = &orphan_list {
        print_orphans(env, list)?;
    }
    let summary = format!(
        "{}, {}, {}",
        plural(set.decks.len(), "deck"),
        plural(set.card_count(), "card"),
        plural(warnings, "warning")
    );
    if errors > 0 {
        out!(
            "{summary}, {}: fix the errors above",
            plural(errors, "error")
        );
    } else {
        out!("{summary}");
    }
    Ok(code)
}

/// What `check --log` found, in one line.
fn log_check_note(check: LogCheck) -> String {
    match check {
        LogCheck::NoSnapshot => {
            "review log: there was no replay snapshot to verify; the whole log was replayed and a snapshot written".to_string()
        }
        LogCheck::Verified { bytes } => format!(
            "review log: verified, the replay snapshot matches every byte of the log it covers ({bytes} bytes)"
        ),
        LogCheck::Rebuilt { bytes } => format!(
            "review log: its first {bytes} bytes changed after the replay snapshot was made (an edit in place?): the whole log was replayed and the snapshot rebuilt"
        ),
    }
}

/// A warning for every card without `id` that has history in the log:
/// editing its front would key it afresh and lose that history.
pub fn history_warnings(decks: &[Deck], replay: &Replay) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for deck in decks {
        for card in deck.cards.iter().filter(|c| c.is_written()) {
            if card.has_explicit_id {
                continue;
            }
            let rev = format!("{}{REVERSE_SUFFIX}", card.id);
            let histories: Vec<_> = [card.id.as_str(), rev.as_str()]
                .iter()
                .filter_map(|id| replay.get(&deck.id, id))
                .collect();
            let lines: u32 = histories.iter().map(|h| h.graded_lines()).sum();
            if !histories.is_empty() {
                out.push(Diagnostic {
                    path: deck.source.to_string(),
                    line: card.line,
                    col: 1,
                    severity: Severity::Warning,
                    message: format!(
                        "card without `id` has history in the review log ({lines} line{} under {:?}): editing its front would reset its progress; run `concur check --fix-ids` to write that id into the file",
                        if lines == 1 { "" } else { "s" },
                        card.id
                    ),
                });
            }
        }
    }
    out
}

/// An error for each deck of `checked` whose id is already used by another
/// deck of the user's that concur loads (`$DATA/decks`, `--deck`): every
/// other command would skip one of the two. A bundled deck is no clash: a
/// deck of the user's with its id replaces it (said in `notes`).
fn clashes(env: &Env, checked: &[Deck], notes: &mut Vec<String>) -> Vec<Diagnostic> {
    let loaded = env.load_decks();
    let canonical = |s: &DeckSource| match s {
        DeckSource::File(p) => std::fs::canonicalize(p).ok(),
        DeckSource::Bundled(_) => None,
    };
    let mut out = Vec::new();
    for deck in checked {
        if loaded
            .decks
            .iter()
            .any(|o| o.id == deck.id && matches!(o.source, DeckSource::Bundled(_)))
        {
            notes.push(crate::deck::replaces_bundled(&deck.source, &deck.id));
            continue;
        }
        let own = canonical(&deck.source);
        let Some(other) = loaded
            .decks
            .iter()
            .find(|o| o.id == deck.id && (own.is_none() || canonical(&o.source) != own))
        else {
            continue;
        };
        out.push(Diagnostic {
            path: deck.source.to_string(),
            line: deck.id_pos.0,
            col: deck.id_pos.1,
            severity: Severity::Error,
            message: format!(
                "deck id {:?} is already used by {}: concur loads only the first of the two and skips the other; give this deck another `id`",
                deck.id,
                crate::text::sanitize(&other.source.to_string())
            ),
        });
    }
    out
}

/// Adds `extra` and keeps the diagnostics grouped by file (in first-seen
/// order) and sorted by position within a file.
fn merge_diagnostics(set: &mut DeckSet, extra: Vec<Diagnostic>) {
    if extra.is_empty() {
        return;
    }
    set.diagnostics.extend(extra);
    let mut order: HashMap<String, usize> = HashMap::new();
    for d in &set.diagnostics {
        let n = order.len();
        order.entry(d.path.clone()).or_insert(n);
    }
    set.diagnostics
        .sort_by_key(|d| (order.get(&d.path).copied().unwrap_or(0), d.line, d.col));
}

/// Unreadable lines of the review log, as warnings.
fn log_problems(env: &Env, replay: &Replay, diags: &mut Vec<Diagnostic>) {
    // Diagnostic's Display escapes the path and the message.
    let path = env.data.log().display().to_string();
    for p in &replay.problems {
        diags.push(Diagnostic {
            path: path.clone(),
            line: p.line,
            col: 1,
            severity: Severity::Warning,
            message: p.message.clone(),
        });
    }
}

fn find_orphans(env: &Env, paths: &[PathBuf], replay: &Replay) -> Vec<Orphan> {
    // Orphans are relative to every deck concur would load, plus any paths
    // named on the command line.
    let mut opts = env.load_options();
    opts.paths.extend(paths.iter().cloned());
    let set = load_decks(&opts);
    orphans(&set.decks, replay)
        .into_iter()
        .map(|(deck, card, lines)| Orphan {
            deck_loaded: set.deck(&deck).is_some(),
            deck,
            card,
            lines,
        })
        .collect()
}

fn print_orphans(env: &Env, list: &[Orphan]) -> std::io::Result<()> {
    let log = env.data.log().display().to_string();
    let log = for_terminal(&log);
    if list.is_empty() {
        out!("No orphans: every card in {log} exists in a deck.");
        return Ok(());
    }
    out!(
        "Orphans: {} in {log} {} history but no longer {} (their lines are kept):",
        plural(list.len(), "card"),
        if list.len() == 1 { "has" } else { "have" },
        if list.len() == 1 { "exists" } else { "exist" },
    );
    // The orphans come sorted by deck: one heading per run of one deck.
    for run in list.chunk_by(|a, b| a.deck == b.deck) {
        let Some(o) = run.first() else { continue };
        let state = if o.deck_loaded {
            ""
        } else {
            ", deck not loaded: removed, renamed or has errors"
        };
        let count = run.len();
        let s = if count == 1 { "" } else { "s" };
        // Ids from the log are not validated: they may hold anything.
        out!("  deck {} ({count} card{s}{state}):", for_terminal(&o.deck));
        for o in run {
            let s = if o.lines == 1 { "" } else { "s" };
            out!("    {}  {} line{s}", for_terminal(&o.card), o.lines);
        }
    }
    Ok(())
}

/// `--fix-ids` over the deck files on disk (never the bundled decks).
fn run_fix_ids(env: &Env, paths: &[PathBuf], replay: &Replay) -> anyhow::Result<Vec<String>> {
    let (files, diags) = if paths.is_empty() {
        let opts = env.load_options();
        collect_files(&opts.paths, &opts.optional)
    } else {
        collect_files(paths, &[])
    };
    let mut notes: Vec<String> = diags.iter().map(ToString::to_string).collect();
    for path in files {
        let shown = path.display().to_string();
        let bytes = match crate::deck::read_deck_file(&path) {
            Ok(b) => b,
            Err(e) => {
                notes.push(format!("{shown}: not changed: {e}"));
                continue;
            }
        };
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (deck, _) = parse_deck(&bytes, &shown, &stem, DeckSource::File(path.clone()));
        let (Some(deck), Ok(text)) = (deck, std::str::from_utf8(&bytes)) else {
            notes.push(format!(
                "{shown}: not changed: it has errors (listed below); fix them, then run --fix-ids again"
            ));
            continue;
        };
        let fixed = match fix_ids(text, &deck, |id| replay.get(&deck.id, id).is_some()) {
            Ok(f) => f,
            Err(e) => {
                notes.push(format!("{shown}: not changed: {e}"));
                continue;
            }
        };
        if fixed.written.is_empty() {
            notes.push(format!("{shown}: every card has an id; nothing written"));
            continue;
        }
        write_atomically(&path, &fixed.text)?;
        let kept = fixed.written.iter().filter(|w| w.kept_hash).count();
        let n = fixed.written.len();
        let mut msg = format!("{shown}: wrote {n} id{}", if n == 1 { "" } else { "s" });
        if kept > 0 {
            msg.push_str(&format!(
                " ({kept} kept as the h-... id the review log already uses, so the history still matches)"
            ));
        }
        notes.push(msg);
    }
    Ok(notes)
}
