//! Writing decks out for other tools: Anki (a package, or its plain-text
//! import), CSV and JSON. One file per format in `export/`; what they share
//! is here: which notes are exported, their guids, the Anki deck names and
//! tags.
//!
//! Cards are exported as written in the file, one *note* per `[[cards]]`
//! table: the reverse cards made at load time are left out (`reverse` is
//! carried instead), and a cloze note is one note holding its text with its
//! `{{cN::…}}` markup, not one entry per deletion number.

use std::io::Write;

use super::{Card, ClozeOf, Deck, cloze};

mod anki;
mod apkg;
mod csv;
mod html;
mod json;

pub use anki::write_anki;
pub use apkg::write_apkg;
pub use csv::{CSV_HEADER, join_list, split_list, write_csv};
pub use html::field as html_field;
pub use json::{JSON_FORMAT, JSON_VERSION, write_json};

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Tab-separated text for Anki's File > Import.
    Anki,
    /// An Anki package (`.apkg`) with concur's own note types.
    Apkg {
        /// Seconds since the epoch, the notes' modification time: Anki
        /// updates a note on import when the package's copy is newer.
        modified: i64,
    },
    /// RFC 4180 CSV with a header row.
    Csv,
    /// Every field, as JSON.
    Json,
}

/// Errors while exporting.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Writing failed.
    #[error("cannot write the export: {0}")]
    Io(#[from] std::io::Error),
    /// CSV writing failed.
    #[error("cannot write the CSV export: {0}")]
    Csv(#[from] ::csv::Error),
    /// JSON writing failed.
    #[error("cannot write the JSON export: {0}")]
    Json(#[from] serde_json::Error),
    /// Building the Anki package's collection failed.
    #[error("cannot build the Anki package's collection: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// Zipping the Anki package failed.
    #[error("cannot write the Anki package: {0}")]
    Zip(#[from] zip::result::ZipError),
}

/// Writes `decks` in `format`.
pub fn export<W: Write>(decks: &[&Deck], format: Format, w: W) -> Result<(), ExportError> {
    match format {
        Format::Anki => write_anki(decks, w),
        Format::Apkg { modified } => write_apkg(decks, modified, w),
        Format::Csv => write_csv(decks, w),
        Format::Json => write_json(decks, w),
    }
}

/// One exported note: a card as written in its file.
#[derive(Debug, Clone, Copy)]
pub enum Note<'a> {
    /// A front/back card (with `reverse` as written).
    Plain(&'a Card),
    /// A cloze note, through the card of its lowest deletion number (which
    /// carries the note's accept, explain, tags and demo).
    Cloze(&'a Card, &'a ClozeOf),
}

impl<'a> Note<'a> {
    /// The card the note's shared keys are read from.
    pub fn card(&self) -> &'a Card {
        match self {
            Note::Plain(c) | Note::Cloze(c, _) => c,
        }
    }

    /// The note's id: the card's id, or the cloze note's (`gil`, whose
    /// cards are `gil::c1`, `gil::c2`).
    pub fn id(&self) -> &'a str {
        match self {
            Note::Plain(c) => &c.id,
            Note::Cloze(_, z) => &z.note,
        }
    }

    /// A cloze note's `back`: the extra text shown after the reveal, empty
    /// when it has none. Empty for a plain card.
    pub fn extra(&self) -> &'a str {
        let Note::Cloze(card, z) = self else {
            return "";
        };
        let Ok(segments) = cloze::parse(&z.text) else {
            return "";
        };
        // A cloze card's back is the whole text, then the extra after an
        // empty line (see `deck::parse::cloze_card`).
        card.back
            .strip_prefix(cloze::full(&segments).as_str())
            .and_then(|rest| rest.strip_prefix("\n\n"))
            .unwrap_or("")
    }
}

/// The notes of `deck` that are exported, in file order.
pub fn notes(deck: &Deck) -> impl Iterator<Item = Note<'_>> {
    deck.cards
        .iter()
        .filter(|c| c.is_written())
        .map(|c| match &c.cloze {
            Some(z) => Note::Cloze(c, z),
            None => Note::Plain(c),
        })
}

/// The Anki guid of a note: the one it was imported with from Anki when
/// there is one (`imported`), else `concur:<deck id>:<note id>`. Stable
/// across exports, so that importing again updates the notes in place.
pub fn note_guid(deck: &Deck, note_id: &str, imported: Option<&str>) -> String {
    match imported {
        Some(guid) => guid.to_string(),
        None => format!("concur:{}:{note_id}", deck.id),
    }
}

/// The Anki guid of `note` in `deck`.
pub fn guid_of(deck: &Deck, note: &Note<'_>) -> String {
    note_guid(deck, note.id(), note.card().guid.as_deref())
}

/// The Anki deck of each of `decks`, in order: `concur::<deck name>` (a
/// sub-deck of "concur"), with ` (<deck id>)` after a name that two of them
/// share (Anki compares deck names without case), so that each concur deck
/// is an Anki deck of its own.
pub fn anki_decks(decks: &[&Deck]) -> Vec<String> {
    let base = |d: &Deck| {
        let name: String = d
            .name
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        // `::` would nest the deck under another one.
        name.replace("::", ":").trim().to_string()
    };
    let names: Vec<String> = decks.iter().map(|d| base(d)).collect();
    let key = |s: &str| s.to_lowercase();
    decks
        .iter()
        .zip(&names)
        .map(|(d, n)| {
            let shared = names.iter().filter(|m| key(m) == key(n)).count() > 1;
            if shared || n.is_empty() {
                format!("concur::{n} ({})", d.id).replace(":: (", "::(")
            } else {
                format!("concur::{n}")
            }
        })
        .collect()
}

/// The Anki tags of a note: the deck id, the deck's tags and the card's
/// tags, spaces inside a tag written `_`, each once.
pub fn anki_tags(deck: &Deck, card: &Card) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for t in std::iter::once(&deck.id)
        .chain(&deck.tags)
        .chain(&card.tags)
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join("_"))
    {
        if !t.is_empty() && !tags.contains(&t) {
            tags.push(t);
        }
    }
    tags
}

/// Whether a plain card makes a reverse card too (`reverse` on the card,
/// else the deck's).
pub fn reversed(deck: &Deck, card: &Card) -> bool {
    card.cloze.is_none() && card.reverse.unwrap_or(deck.reverse)
}

#[cfg(test)]
mod tests;
