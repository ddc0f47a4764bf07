//! Finding deck files and loading many of them, in parallel, into one set
//! with unique deck ids.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

mod files;

pub use files::read_deck_file;
pub(crate) use files::{Walk, walk_folder};

use super::cache::{self, FileStamp, IdsEntry, IdsIndex, ids};
use super::{BUNDLED, Deck, DeckSource, parse_deck_keeping};
use crate::diag::{Diagnostic, Severity};

/// Which decks to load.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Load the decks compiled into the binary.
    pub bundled: bool,
    /// Folders and files to load, in order (`$DATA/decks`, then `--deck`).
    pub paths: Vec<PathBuf>,
    /// Paths that may be missing without an error (`$DATA/decks`).
    pub optional: Vec<PathBuf>,
    /// Where to cache parsed deck files (`$DATA/cache/decks`); `None`
    /// parses every file (as `concur check` does).
    pub cache: Option<PathBuf>,
    /// Also look for warnings (lint: repeated and nearly repeated fronts,
    /// long sides, missing ids, ...), for a caller that shows them
    /// (`concur check`). Off, only errors are found (every caller needs
    /// those) and no diagnostic is a warning. A cached parse made without
    /// lint is never served when lint is wanted.
    pub lint: bool,
}

/// Every deck that loaded (as `T`: whole decks, or only their ids), and
/// every problem found on the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loaded<T> {
    /// Decks without errors, in load order, with unique ids.
    pub decks: Vec<T>,
    /// Every diagnostic: problems with the given paths first, then each
    /// file's in load order (a duplicate deck id right after its file's).
    pub diagnostics: Vec<Diagnostic>,
    /// How many files (bundled included) were read.
    pub files: usize,
    /// How many of the errors are in decks that loaded all the same: each
    /// skips only its own card (a cloze note with bad markup).
    pub card_errors: usize,
    /// What is worth knowing but is no problem, one line each: a deck of
    /// the user's that replaces the bundled deck with its id.
    pub notes: Vec<String>,
}

impl<T> Default for Loaded<T> {
    fn default() -> Self {
        Loaded {
            decks: Vec::new(),
            diagnostics: Vec::new(),
            files: 0,
            card_errors: 0,
            notes: Vec::new(),
        }
    }
}

impl<T> Loaded<T> {
    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    /// Number of warnings.
    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }
}

/// Whole decks.
pub type DeckSet = Loaded<Deck>;

/// Only the ids of a deck and its cards: all that `concur due` needs, at a
/// fraction of the memory of whole cards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeckIds {
    /// Deck id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Card ids, in file order (reverse cards included).
    pub cards: Vec<String>,
    /// Where the deck id is written.
    pub id_pos: (usize, usize),
    /// Where the deck came from.
    pub source: String,
}

/// What the loader keeps of each deck that parsed without errors. The
/// conversion runs on the loading threads, so only one file's whole deck
/// is alive per thread at a time.
pub trait Keep: Sized + Send {
    /// Keeps what is needed of `deck`.
    fn keep(deck: Deck) -> Self;
    /// The deck id.
    fn deck_id(&self) -> &str;
    /// Where the deck id is written.
    fn deck_id_pos(&self) -> (usize, usize);
    /// Where the deck came from, for messages.
    fn deck_source(&self) -> String;
    /// True if it keeps the cards' texts, and the loader should also cache
    /// the whole parsed deck for later loads of whole decks; when false,
    /// decks are parsed without card text ([`parse_deck_keeping`]) unless
    /// warnings are looked for.
    const WHOLE: bool;
    /// The cached parse of the file `path` (key `canonical`) that the index
    /// entry `e` says is unchanged, if the caches in `dir` hold enough of
    /// it (`lint`: with the warnings).
    fn from_index(
        e: IdsEntry,
        canonical: &str,
        path: &Path,
        dir: &Path,
        lint: bool,
    ) -> Option<ParsedFile<Self>>;
}

impl Keep for Deck {
    const WHOLE: bool = true;
    fn keep(deck: Deck) -> Self {
        deck
    }
    fn deck_id(&self) -> &str {
        &self.id
    }
    fn deck_id_pos(&self) -> (usize, usize) {
        self.id_pos
    }
    fn deck_source(&self) -> String {
        self.source.to_string()
    }
    fn from_index(
        e: IdsEntry,
        canonical: &str,
        path: &Path,
        dir: &Path,
        lint: bool,
    ) -> Option<ParsedFile<Self>> {
        cache::get(dir, canonical, &e, path, lint)
    }
}

impl Keep for DeckIds {
    // `due` must not pay for writing, or even keeping, card text it does
    // not use.
    const WHOLE: bool = false;
    fn keep(deck: Deck) -> Self {
        // Not `collect()`: collecting `into_iter()` reuses the cards' own
        // buffer in place, so each deck's ids would keep ten times the
        // memory they need (22 MiB of a cold start's 43 MiB of heap on 100
        // decks of 1,000 cards).
        let mut cards = Vec::with_capacity(deck.cards.len());
        cards.extend(deck.cards.into_iter().map(|c| c.id));
        DeckIds {
            source: deck.source.to_string(),
            cards,
            id: deck.id,
            name: deck.name,
            id_pos: deck.id_pos,
        }
    }
    fn deck_id(&self) -> &str {
        &self.id
    }
    fn deck_id_pos(&self) -> (usize, usize) {
        self.id_pos
    }
    fn deck_source(&self) -> String {
        self.source.clone()
    }
    fn from_index(
        e: IdsEntry,
        _: &str,
        path: &Path,
        _: &Path,
        lint: bool,
    ) -> Option<ParsedFile<Self>> {
        if lint && !e.linted {
            return None;
        }
        let shown = path.display().to_string();
        let deck = e.deck.map(|(id, name, id_pos, cards)| DeckIds {
            id,
            name,
            cards,
            id_pos,
            source: shown.clone(),
        });
        let diags = cache::respell(e.diagnostics, &e.shown, &shown);
        Some((deck, cache::lint_filter(diags, lint)))
    }
}

impl DeckSet {
    /// Finds a deck by id.
    pub fn deck(&self, id: &str) -> Option<&Deck> {
        self.decks.iter().find(|d| d.id == id)
    }

    /// Total cards over all decks.
    pub fn card_count(&self) -> usize {
        self.decks.iter().map(|d| d.cards.len()).sum()
    }
}

fn path_error(path: &Path, message: String) -> Diagnostic {
    Diagnostic {
        path: path.display().to_string(),
        line: 1,
        col: 1,
        severity: Severity::Error,
        message,
    }
}

/// Expands folders into the `.toml` files inside them (recursively, sorted,
/// each folder once however many links lead to it) and keeps files as
/// given. A missing path is an error unless it is listed
/// in `optional`.
pub fn collect_files(paths: &[PathBuf], optional: &[PathBuf]) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut diags = Vec::new();
    for p in paths {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => {
                let walked = files::walk_folder(p);
                files.extend(walked.files);
                let problems = walked.problems.into_iter();
                diags.extend(problems.map(|(d, m)| path_error(&d, m)));
            }
            Ok(_) => files.push(p.clone()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && optional.contains(p) => {}
            Err(e) => diags.push(path_error(
                p,
                format!("cannot read deck path: {e}: check the path given with --deck"),
            )),
        }
    }
    (files, diags)
}

/// A parsed file: the deck (or what is kept of it, `T`) if it has no
/// errors, and its diagnostics.
pub type ParsedFile<T = Deck> = (Option<T>, Vec<Diagnostic>);

/// Reads and parses files in parallel, one file per worker at a time so
/// that peak memory stays near one parsed file per core.
/// Warnings are looked for too, as by [`crate::deck::parse_deck`].
pub fn load_paths(files: &[PathBuf]) -> Vec<ParsedFile> {
    load_files::<Deck>(files, None, true)
        .into_iter()
        .map(|(p, _)| p)
        .collect()
}

/// What loading one file taught the index: its key and encoded entry.
type Indexed = (String, Vec<u8>);

/// A file's parse and what it taught the index.
type Loaded1<T> = (ParsedFile<T>, Option<Indexed>);

/// [`load_paths`], keeping `T` of each deck, and filling the caches in
/// `cache` if given.
fn load_files<T: Keep>(files: &[PathBuf], cache: Option<&Path>, lint: bool) -> Vec<Loaded1<T>> {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    load_files_on::<T>(files, cache, lint, cores)
}

/// [`load_files`] on `workers` threads (this one included): each takes the
/// next file not yet taken, and each result goes to the file's place, so
/// the order and the results are those of one thread.
fn load_files_on<T: Keep>(
    files: &[PathBuf],
    cache: Option<&Path>,
    lint: bool,
    workers: usize,
) -> Vec<Loaded1<T>> {
    let results: Vec<Mutex<Option<Loaded1<T>>>> = files.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let workers = workers.min(files.len()).max(1);
    let work = || {
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(path) = files.get(i) else { break };
            let ((deck, diags), indexed) = load_file::<T>(path, cache, lint);
            let r = ((deck.map(T::keep), diags), indexed);
            if let Ok(mut slot) = results[i].lock() {
                *slot = Some(r);
            }
        }
    };
    std::thread::scope(|s| {
        for _ in 1..workers {
            s.spawn(work);
        }
        work();
    });
    results
        .into_iter()
        .map(|m| {
            m.into_inner()
                .ok()
                .flatten()
                .unwrap_or(((None, Vec::new()), None))
        })
        .collect()
}

/// Reads and parses one file (warnings too if `lint`); with a cache folder,
/// returns the file's index entry and, if `T::WHOLE`, also stores the whole
/// parse there.
fn load_file<T: Keep>(
    path: &Path,
    cache: Option<&Path>,
    lint: bool,
) -> (ParsedFile, Option<Indexed>) {
    let shown = path.display().to_string();
    // Stamped before reading: a change while reading makes the next stamp
    // differ (or fall in the racy window, where the bytes decide).
    let made_ns = ids::now_ns();
    let pre = cache.and_then(|_| {
        let stamp = FileStamp::of(&std::fs::metadata(path).ok()?);
        Some((cache::canonical(path)?, stamp))
    });
    let bytes = match files::read_deck_file(path) {
        Ok(b) => b,
        Err(message) => return ((None, vec![path_error(path, message)]), None),
    };
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let source = DeckSource::File(path.to_path_buf());
    let (deck, diags) = parse_deck_keeping(&bytes, &shown, &stem, source, lint, T::WHOLE);
    let indexed = match (cache, pre) {
        (Some(dir), Some((key, stamp))) => {
            let hash = ids::hash_bytes(&bytes);
            if T::WHOLE {
                cache::put(dir, &key, hash, lint, deck.as_ref(), &diags);
            }
            let ids = deck.as_ref().map(|d| ids::DeckIdsRef {
                id: &d.id,
                name: &d.name,
                id_pos: d.id_pos,
                cards: d.cards.iter().map(|c| c.id.as_str()),
            });
            let entry = ids::encode_parts(&stamp, made_ns, hash, lint, &shown, ids, &diags);
            Some((key, entry))
        }
        _ => None,
    };
    ((deck, diags), indexed)
}

/// Loads the bundled decks and every deck under `opts.paths` (through the
/// caches in `opts.cache`, if set). A deck with
/// errors is left out (and its errors reported); the others still load.
/// A deck of the user's with the id of a bundled deck replaces it, in its
/// place, with a note (your copy wins: the ids match, so its history is
/// kept). Among the user's decks, a deck whose id is already taken is an
/// error and is left out.
pub fn load_decks(opts: &LoadOptions) -> DeckSet {
    load_keeping(opts)
}

/// [`load_decks`], keeping only the ids of decks and cards: with a cache,
/// an unchanged file is not even read (see `src/deck/cache/ids.rs`).
pub fn load_deck_ids(opts: &LoadOptions) -> Loaded<DeckIds> {
    load_keeping(opts)
}

/// The files through the caches in `dir`: hits from the index, the rest
/// parsed (in parallel) and added; the index written if anything changed.
/// With `lint`, an entry made without lint is a miss.
fn load_cached<T: Keep>(files: &[PathBuf], dir: &Path, lint: bool) -> Vec<ParsedFile<T>> {
    let mut index = IdsIndex::read(dir);
    let mut seen: hashbrown::HashSet<String> = hashbrown::HashSet::new();
    let mut slots: Vec<Option<ParsedFile<T>>> = Vec::with_capacity(files.len());
    let mut misses: Vec<usize> = Vec::new();
    for (i, f) in files.iter().enumerate() {
        let hit = (|| {
            let key = cache::canonical(f)?;
            let stamp = FileStamp::of(&std::fs::metadata(f).ok()?);
            let e = index.fresh(&key, &stamp, f);
            let got = e.and_then(|e| T::from_index(e, &key, f, dir, lint));
            seen.insert(key);
            got
        })();
        if hit.is_none() {
            misses.push(i);
        }
        slots.push(hit);
    }
    let miss_files: Vec<PathBuf> = misses
        .iter()
        .filter_map(|&i| files.get(i).cloned())
        .collect();
    let mut changed = !miss_files.is_empty();
    let loaded = load_files::<T>(&miss_files, Some(dir), lint);
    for (&i, (parsed, indexed)) in misses.iter().zip(loaded) {
        if let Some(slot) = slots.get_mut(i) {
            *slot = Some(parsed);
        }
        if let Some((key, entry)) = indexed {
            seen.insert(key.clone());
            index.entries.insert(key, entry);
        }
    }
    // Entries of files not loaded this time are kept while the file exists.
    changed |= index
        .entries
        .keys()
        .any(|k| !seen.contains(k) && !cache::key_file(k).exists());
    if changed {
        cache::write_index(dir, &mut index);
    }
    slots
        .into_iter()
        .map(|s| s.unwrap_or((None, Vec::new())))
        .collect()
}

/// [`load_decks`], keeping `T` of each deck.
fn load_keeping<T: Keep>(opts: &LoadOptions) -> Loaded<T> {
    let mut set = Loaded::default();
    let mut parsed: Vec<ParsedFile<T>> = Vec::new();
    if opts.bundled {
        for (name, text) in BUNDLED {
            let stem = name.trim_end_matches(".toml");
            let shown = DeckSource::Bundled(name).to_string();
            let source = DeckSource::Bundled(name);
            let (deck, diags) =
                parse_deck_keeping(text.as_bytes(), &shown, stem, source, opts.lint, T::WHOLE);
            parsed.push((deck.map(T::keep), diags));
        }
    }
    let (files, diags) = collect_files(&opts.paths, &opts.optional);
    set.diagnostics.extend(diags);
    set.files = parsed.len() + files.len();
    match opts.cache.as_deref() {
        Some(dir) => parsed.extend(load_cached::<T>(&files, dir, opts.lint)),
        None => {
            let loaded = load_files::<T>(&files, None, opts.lint);
            parsed.extend(loaded.into_iter().map(|(p, _)| p));
        }
    }
    let bundled = if opts.bundled { BUNDLED.len() } else { 0 };
    let mut seen: HashMap<String, String> = HashMap::new();
    let mut builtin: Vec<T> = Vec::new();
    let mut users: Vec<Option<T>> = Vec::new();
    for (i, (deck, diags)) in parsed.into_iter().enumerate() {
        let Some(deck) = deck else {
            set.diagnostics.extend(diags);
            continue;
        };
        set.card_errors += diags.iter().filter(|d| d.is_error()).count();
        set.diagnostics.extend(diags);
        if i < bundled {
            builtin.push(deck);
            continue;
        }
        if let Some(first) = seen.get(deck.deck_id()) {
            set.diagnostics.push(duplicate(&deck, first));
            continue;
        }
        seen.insert(deck.deck_id().to_string(), deck.deck_source());
        users.push(Some(deck));
    }
    set.decks = overlay(builtin, users, &mut set.notes);
    set
}

/// The decks in load order: each bundled deck, or in its place the user's
/// deck with its id (noted in `notes`), then the user's other decks.
fn overlay<T: Keep>(builtin: Vec<T>, mut users: Vec<Option<T>>, notes: &mut Vec<String>) -> Vec<T> {
    let mut out = Vec::with_capacity(builtin.len() + users.len());
    for b in builtin {
        let copy = users
            .iter_mut()
            .find(|u| u.as_ref().is_some_and(|u| u.deck_id() == b.deck_id()))
            .and_then(Option::take);
        match copy {
            Some(u) => {
                notes.push(replaces_bundled(&u.deck_source(), b.deck_id()));
                out.push(u);
            }
            None => out.push(b),
        }
    }
    out.extend(users.into_iter().flatten());
    out
}

/// The note that the user's deck from `source` replaces the bundled deck
/// `id`.
pub fn replaces_bundled(source: &dyn std::fmt::Display, id: &str) -> String {
    format!("{source} replaces the bundled deck {id}")
}

/// The error for `deck`, whose id the deck from `first` already has.
fn duplicate<T: Keep>(deck: &T, first: &str) -> Diagnostic {
    let (line, col) = deck.deck_id_pos();
    Diagnostic {
        path: deck.deck_source(),
        line,
        col,
        severity: Severity::Error,
        message: format!(
            "duplicate deck id {:?} (already used by {first}): give this deck another `id` in [deck]",
            deck.deck_id()
        ),
    }
}

#[cfg(test)]
mod tests;
