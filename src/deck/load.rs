//! Finding deck files and loading many of them, in parallel, into one set
//! with unique deck ids.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::{BUNDLED, Deck, DeckSource, parse_deck};
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
}

impl<T> Default for Loaded<T> {
    fn default() -> Self {
        Loaded {
            decks: Vec::new(),
            diagnostics: Vec::new(),
            files: 0,
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
}

impl Keep for Deck {
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
}

impl Keep for DeckIds {
    fn keep(deck: Deck) -> Self {
        DeckIds {
            source: deck.source.to_string(),
            cards: deck.cards.into_iter().map(|c| c.id).collect(),
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

/// Expands folders into the `.toml` files inside them (recursively, sorted)
/// and keeps files as given. A missing path is an error unless it is listed
/// in `optional`.
pub fn collect_files(paths: &[PathBuf], optional: &[PathBuf]) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut diags = Vec::new();
    for p in paths {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => walk(p, &mut files, &mut diags),
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

fn walk(dir: &Path, files: &mut Vec<PathBuf>, diags: &mut Vec<Diagnostic>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            diags.push(path_error(dir, format!("cannot list deck folder: {e}")));
            return;
        }
    };
    let mut found: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    found.sort();
    for p in found {
        if p.is_dir() {
            walk(&p, files, diags);
        } else if p.extension().is_some_and(|e| e == "toml") {
            files.push(p);
        }
    }
}

/// A parsed file: the deck (or what is kept of it, `T`) if it has no
/// errors, and its diagnostics.
pub type ParsedFile<T = Deck> = (Option<T>, Vec<Diagnostic>);

/// Reads and parses files in parallel, one file per worker at a time so
/// that peak memory stays near one parsed file per core.
pub fn load_paths(files: &[PathBuf]) -> Vec<ParsedFile> {
    load_files::<Deck>(files, None)
}

/// [`load_paths`], keeping `T` of each deck, and reading and filling the
/// parse cache in `cache` if given.
fn load_files<T: Keep>(files: &[PathBuf], cache: Option<&Path>) -> Vec<ParsedFile<T>> {
    let results: Vec<Mutex<Option<ParsedFile<T>>>> =
        files.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism()
        .map(std::num::NonZeroUsize::get)
        .unwrap_or(1)
        .min(files.len())
        .max(1);
    let work = || {
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(path) = files.get(i) else { break };
            let (deck, diags) = load_file(path, cache);
            let r = (deck.map(T::keep), diags);
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
        .map(|m| m.into_inner().ok().flatten().unwrap_or((None, Vec::new())))
        .collect()
}

/// Reads and parses one file, through the parse cache in `cache` if given.
fn load_file(path: &Path, cache: Option<&Path>) -> ParsedFile {
    let shown = path.display().to_string();
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            return (
                None,
                vec![path_error(path, format!("cannot read deck file: {e}"))],
            );
        }
    };
    let stamp = cache.and_then(|_| super::cache::Stamp::of(path, &bytes));
    if let (Some(dir), Some(stamp)) = (cache, &stamp)
        && let Some(hit) = super::cache::get(dir, path, stamp)
    {
        return hit;
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (deck, diags) = parse_deck(&bytes, &shown, &stem, DeckSource::File(path.to_path_buf()));
    if let (Some(dir), Some(stamp)) = (cache, &stamp) {
        super::cache::put(dir, path, stamp, deck.as_ref(), &diags);
    }
    (deck, diags)
}

/// Loads the bundled decks and every deck under `opts.paths` (through the
/// parse cache `opts.cache`, if set). A deck with
/// errors is left out (and its errors reported); the others still load. A
/// deck whose id is already taken is an error and is left out.
pub fn load_decks(opts: &LoadOptions) -> DeckSet {
    load_keeping(opts)
}

/// [`load_decks`], keeping only the ids of decks and cards.
pub fn load_deck_ids(opts: &LoadOptions) -> Loaded<DeckIds> {
    load_keeping(opts)
}

/// [`load_decks`], keeping `T` of each deck.
fn load_keeping<T: Keep>(opts: &LoadOptions) -> Loaded<T> {
    let mut set = Loaded::default();
    let mut parsed: Vec<ParsedFile<T>> = Vec::new();
    if opts.bundled {
        for (name, text) in BUNDLED {
            let stem = name.trim_end_matches(".toml");
            let shown = DeckSource::Bundled(name).to_string();
            let (deck, diags) =
                parse_deck(text.as_bytes(), &shown, stem, DeckSource::Bundled(name));
            parsed.push((deck.map(T::keep), diags));
        }
    }
    let (files, diags) = collect_files(&opts.paths, &opts.optional);
    set.diagnostics.extend(diags);
    set.files = parsed.len() + files.len();
    parsed.extend(load_files::<T>(&files, opts.cache.as_deref()));
    let mut seen: HashMap<String, String> = HashMap::new();
    for (deck, diags) in parsed {
        set.diagnostics.extend(diags);
        let Some(deck) = deck else { continue };
        if let Some(first) = seen.get(deck.deck_id()) {
            let (line, col) = deck.deck_id_pos();
            set.diagnostics.push(Diagnostic {
                path: deck.deck_source(),
                line,
                col,
                severity: Severity::Error,
                message: format!(
                    "duplicate deck id {:?} (already used by {first}): give this deck another `id` in [deck]",
                    deck.deck_id()
                ),
            });
            continue;
        }
        seen.insert(deck.deck_id().to_string(), deck.deck_source());
        set.decks.push(deck);
    }
    set
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn bundled_decks_load_without_errors() {
        let set = load_decks(&LoadOptions {
            bundled: true,
            ..LoadOptions::default()
        });
        let errors: Vec<String> = set.diagnostics.iter().map(ToString::to_string).collect();
        assert!(errors.is_empty(), "{errors:#?}");
        assert_eq!(set.decks.len(), BUNDLED.len());
        for deck in &set.decks {
            assert!(deck.cards.iter().all(|c| c.has_explicit_id), "{}", deck.id);
        }
    }

    #[test]
    fn every_demo_named_by_a_shipped_card_exists_and_all_are_used() {
        let set = load_decks(&LoadOptions {
            bundled: true,
            ..LoadOptions::default()
        });
        let used: Vec<&str> = set
            .decks
            .iter()
            .flat_map(|d| d.cards.iter().filter_map(|c| c.demo.as_ref()))
            .map(|d| d.name.as_str())
            .collect();
        for name in &used {
            assert!(
                crate::demo::catalog::find(name).is_some(),
                "unknown demo {name}"
            );
        }
        for info in crate::demo::catalog::CATALOG {
            assert!(
                used.contains(&info.name),
                "no shipped card shows the {} demo",
                info.name
            );
        }
    }

    #[test]
    fn every_file_in_decks_is_bundled() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("decks");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".toml"))
            .collect();
        on_disk.sort();
        let mut bundled: Vec<String> = BUNDLED.iter().map(|(n, _)| n.to_string()).collect();
        bundled.sort();
        assert_eq!(on_disk, bundled);
    }
}
