//! Anki packages (`.apkg`, also `.colpkg`) into concur decks: one deck per
//! Anki deck, each card with its text, tags, reverse card or cloze
//! deletions, and its note's guid; and, on request, the review history.
//!
//! The steps, each in its file:
//! - `package`: the zip (the `zip` crate), its collection chosen by format
//!   (the current `collection.anki21b`, zstd-compressed and read with
//!   `ruzstd`, or the legacy `collection.anki21` / `collection.anki2`) and
//!   copied to a temporary file, within [`LIMITS`];
//! - `collection`: the SQLite collection (`rusqlite`, bundled SQLite,
//!   opened read-only): note types and decks from the schema 18 tables
//!   (their protobuf configs read by `proto`) or from the legacy JSON
//!   columns of `col`, then notes, cards and the review log;
//! - `notetype`: what each note type becomes, by its structure;
//! - `html`: each field's HTML as text;
//! - `convert`: notes into cards and decks, reviews onto cards (pure).
//!
//! The media files in the package are not read: concur shows text. A field
//! names its media itself (`<img src>`, `[sound:]`), which is all the cards
//! need to say what was left out. Nothing is written here: the caller
//! writes the decks with [`super::to_toml`] and the reviews as log lines.

mod collection;
mod convert;
mod html;
mod notetype;
mod package;
mod proto;

use std::path::Path;

use super::Imported;

/// The bounds of an import: a package past one of them is refused with a
/// message that says which, except fields, which are cut (and said so).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Files in the zip.
    pub entries: usize,
    /// The collection's size once decompressed, in bytes.
    pub collection_bytes: u64,
    /// Notes in the collection.
    pub notes: u64,
    /// Cards in the collection.
    pub cards: u64,
    /// Rows of the review log read with `--with-progress`.
    pub reviews: u64,
    /// A note's fields, as HTML, in characters: a longer note is read up
    /// to this and its last field cut.
    pub note_chars: u64,
    /// One field's text, in bytes: a longer text is cut.
    pub field_bytes: usize,
}

/// The bounds every import has (documented in the README).
pub const LIMITS: Limits = Limits {
    entries: 100_000,
    collection_bytes: 1024 * 1024 * 1024,
    notes: 250_000,
    cards: 1_000_000,
    reviews: 5_000_000,
    note_chars: 16 * 1024 * 1024,
    field_bytes: 64 * 1024,
};

/// Which collection a package holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `collection.anki21b`: zstd-compressed SQLite, schema 18 (Anki 2.1.50
    /// and later).
    Current,
    /// `collection.anki21`: SQLite, schema 11 (Anki 2.1, "support older
    /// Anki versions").
    Legacy21,
    /// `collection.anki2`: SQLite, schema 11 (Anki 2.0).
    Legacy2,
}

impl Format {
    /// The collection's file name in the zip.
    pub fn entry(self) -> &'static str {
        match self {
            Format::Current => "collection.anki21b",
            Format::Legacy21 => "collection.anki21",
            Format::Legacy2 => "collection.anki2",
        }
    }
}

/// What to read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ApkgOptions {
    /// Read the review log too.
    pub with_progress: bool,
}

/// One Anki deck as a concur deck.
#[derive(Debug, Clone)]
pub struct ApkgDeck {
    /// Its id: the slug of the Anki name (`A::B` gives `a-b`), unique in
    /// the package.
    pub id: String,
    /// The Anki name (`A::B`), sanitised.
    pub anki_name: String,
    /// Its name (`A › B`) and cards, for [`super::to_toml`].
    pub imported: Imported,
}

/// One Anki review, on the concur card it grades.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    /// Deck id.
    pub deck: String,
    /// Card id.
    pub card: String,
    /// When, in milliseconds since the epoch.
    pub at_ms: i64,
    /// The SM-2 grade of Anki's answer (see [`grade_of_ease`]).
    pub grade: u8,
    /// True for a review in a filtered deck that did not reschedule the
    /// card (Anki's "cram"): history only.
    pub cram: bool,
    /// Time on the card, in milliseconds.
    pub spent_ms: u64,
}

/// An imported package.
#[derive(Debug, Clone)]
pub struct ApkgImport {
    /// Which collection it held.
    pub format: Format,
    /// Its decks that hold cards, by Anki name.
    pub decks: Vec<ApkgDeck>,
    /// Things the user should know (note types mapped loosely, notes
    /// skipped, fields cut, media left out), one line each.
    pub notes: Vec<String>,
    /// Rows in the review log.
    pub revlog_rows: u64,
    /// The reviews, oldest first (read only with `with_progress`).
    pub reviews: Vec<Review>,
}

/// Why a package cannot be imported.
#[derive(Debug, thiserror::Error)]
pub enum ApkgError {
    /// The file cannot be opened or read.
    #[error("cannot read it: {0}")]
    Read(std::io::Error),
    /// Not a zip file.
    #[error(
        "not an Anki package: it is not a zip file ({0}); in Anki, use File > Export > \"Anki Deck Package (*.apkg)\""
    )]
    NotZip(String),
    /// A zip without a collection.
    #[error(
        "a zip file without an Anki collection (no collection.anki21b, collection.anki21 or collection.anki2 among its {0} files); in Anki, use File > Export > \"Anki Deck Package (*.apkg)\""
    )]
    NoCollection(usize),
    /// The collection entry is encrypted or compressed in a way not read.
    #[error("cannot read {entry} in the zip: {why}; export the package again from Anki")]
    Entry {
        /// The entry.
        entry: &'static str,
        /// Why.
        why: String,
    },
    /// Over a limit.
    #[error(
        "{0}: concur imports at most that at once; split the deck in Anki and export the parts"
    )]
    TooLarge(String),
    /// Not a usable SQLite collection.
    #[error("{0}; export the package again from Anki")]
    Collection(String),
    /// A temporary file could not be written.
    #[error("cannot write a temporary file: {0}")]
    Temp(std::io::Error),
}

/// Anki's answer buttons as SM-2 grades: Again 1, Hard 3, Good 4, Easy 5.
/// `None` for an ease that is not an answer (0: a manual reschedule).
pub fn grade_of_ease(ease: i64) -> Option<u8> {
    match ease {
        1 => Some(1),
        2 => Some(3),
        3 => Some(4),
        4 => Some(5),
        _ => None,
    }
}

/// Reads the package at `path`.
pub fn import_apkg(path: &Path, options: ApkgOptions) -> Result<ApkgImport, ApkgError> {
    import_apkg_with(path, options, &LIMITS)
}

/// [`import_apkg`] within `limits` (tests use small ones).
pub fn import_apkg_with(
    path: &Path,
    options: ApkgOptions,
    limits: &Limits,
) -> Result<ApkgImport, ApkgError> {
    let extracted = package::extract(path, limits)?;
    let col = collection::Collection::open(&extracted.path, limits)?;
    let mut build = convert::Build::new(
        col.notetypes()?,
        col.decks()?,
        col.cards()?,
        limits.field_bytes,
    );
    col.for_each_note(limits, |note| build.note(note))?;
    let revlog_rows = col.revlog_rows()?;
    let revlog = if options.with_progress {
        col.revlog(limits)?
    } else {
        Vec::new()
    };
    let (decks, reviews, notes) = build.finish(&revlog);
    Ok(ApkgImport {
        format: extracted.format,
        decks,
        notes,
        revlog_rows,
        reviews,
    })
}
