//! Notes into concur cards, grouped by Anki deck; reviews onto the cards
//! they grade. Pure: rows in, decks, reviews and messages out.
//!
//! A note goes to the deck of its first card (a card in a filtered deck
//! counts in its home deck). Its cards map to concur card ids: card 1 of a
//! note is the card, card 2 of a reversible note its `~rev` card, cloze
//! card N (Anki's ord N-1) the note's `::cN` card.

use std::collections::{BTreeMap, HashMap};

use super::collection::{CardRow, NoteRow, RevRow};
use super::html::{self, Media};
use super::notetype::{Mapping, Notetype};
use super::{ApkgDeck, Review, grade_of_ease};
use crate::deck::import::{Imported, ImportedCard, ids};
use crate::deck::slug::{Unique, slugify};
use crate::deck::{REVERSE_SUFFIX, cloze, id_problem};
use crate::text::{one_line, plural, sanitize};

/// Which concur card an Anki card is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    /// The card itself (front -> back).
    Front,
    /// Its reverse card.
    Reverse,
    /// Its cloze card of this number.
    Cloze(u8),
}

/// A card made from a note, and the Anki cards it stands for.
struct Made {
    card: ImportedCard,
    anki: Vec<(i64, Side)>,
}

/// Notes left out, by reason: how many and a few guids.
#[derive(Default)]
struct Skipped {
    count: usize,
    guids: Vec<String>,
}

impl Skipped {
    fn add(&mut self, guid: &str) {
        self.count += 1;
        if self.guids.len() < 3 {
            self.guids.push(one_line(&sanitize(guid)));
        }
    }
}

/// An import in progress.
pub(super) struct Build {
    types: HashMap<i64, (Notetype, Mapping)>,
    deck_names: HashMap<i64, String>,
    cards_of: HashMap<i64, Vec<CardRow>>,
    field_bytes: usize,
    decks: HashMap<i64, Vec<Made>>,
    /// Notes of each loosely mapped note type.
    loose: BTreeMap<i64, usize>,
    /// Notes left out, by reason.
    skipped: BTreeMap<String, Skipped>,
    images: usize,
    sounds: usize,
    cut_fields: usize,
    dropped_guids: usize,
}

impl Build {
    pub(super) fn new(
        types: HashMap<i64, Notetype>,
        deck_names: HashMap<i64, String>,
        cards: Vec<CardRow>,
        field_bytes: usize,
    ) -> Build {
        let mut cards_of: HashMap<i64, Vec<CardRow>> = HashMap::new();
        for c in cards {
            cards_of.entry(c.nid).or_default().push(c);
        }
        for v in cards_of.values_mut() {
            v.sort_by_key(|c| c.ord);
        }
        Build {
            types: types
                .into_iter()
                .map(|(id, nt)| {
                    let m = nt.mapping();
                    (id, (nt, m))
                })
                .collect(),
            deck_names,
            cards_of,
            field_bytes,
            decks: HashMap::new(),
            loose: BTreeMap::new(),
            skipped: BTreeMap::new(),
            images: 0,
            sounds: 0,
            cut_fields: 0,
            dropped_guids: 0,
        }
    }

    fn skip(&mut self, why: &str, guid: &str) {
        self.skipped.entry(why.to_string()).or_default().add(guid);
    }

    /// One field as text; its media added to `media`.
    fn field(&mut self, html: Option<&str>, media: &mut Vec<Media>) -> String {
        let f = html::to_text(html.unwrap_or(""), self.field_bytes);
        if f.cut {
            self.cut_fields += 1;
        }
        for m in &f.media {
            match m {
                Media::Image(_) => self.images += 1,
                Media::Sound(_) => self.sounds += 1,
            }
        }
        media.extend(f.media);
        f.text
    }

    /// Adds one note.
    pub(super) fn note(&mut self, row: NoteRow) {
        let Some((nt, mapping)) = self.types.get(&row.mid).cloned() else {
            self.skip("their note type is missing from the collection", &row.guid);
            return;
        };
        let Some(cards) = self.cards_of.get(&row.id).cloned() else {
            self.skip("they have no cards", &row.guid);
            return;
        };
        let did = cards.first().map_or(0, |c| c.did);
        if row.cut {
            self.cut_fields += 1;
        }
        let fields: Vec<&str> = row.fields.split('\x1f').collect();
        let mut media = Vec::new();
        let ord = |o: i64| cards.iter().filter(move |c| c.ord == o).map(|c| c.id);
        let mut card = ImportedCard::default();
        let mut anki: Vec<(i64, Side)> = ord(0).map(|id| (id, Side::Front)).collect();
        match mapping {
            Mapping::Basic { front, back } | Mapping::Reversible { front, back } => {
                card.front = self.field(fields.get(front).copied(), &mut media);
                card.back = self.field(fields.get(back).copied(), &mut media);
                if matches!(mapping, Mapping::Reversible { .. }) {
                    anki.extend(ord(1).map(|id| (id, Side::Reverse)));
                    card.reverse = anki.iter().any(|(_, s)| *s == Side::Reverse);
                }
            }
            Mapping::Cloze { text } => {
                card.cloze = true;
                card.front = self.field(fields.get(text).copied(), &mut media);
                let mut extra = Vec::new();
                for (i, f) in fields.iter().enumerate() {
                    if i != text {
                        let t = self.field(Some(f), &mut media);
                        if !t.is_empty() {
                            extra.push(t);
                        }
                    }
                }
                card.back = extra.join("\n\n");
                let numbers = match cloze::parse(&card.front) {
                    Ok(segments) => cloze::numbers(&segments),
                    Err(errors) => {
                        let why = errors.first().map_or(String::new(), |e| e.message.clone());
                        self.skip(
                            &format!("their cloze text is not one concur reads ({why})"),
                            &row.guid,
                        );
                        return;
                    }
                };
                anki = cards
                    .iter()
                    .filter_map(|c| {
                        let n = u8::try_from(c.ord + 1).ok()?;
                        numbers.contains(&n).then_some((c.id, Side::Cloze(n)))
                    })
                    .collect();
            }
            Mapping::Other => {
                *self.loose.entry(row.mid).or_default() += 1;
                card.front = self.field(fields.first().copied(), &mut media);
                let mut back = Vec::new();
                for (i, f) in fields.iter().enumerate().skip(1) {
                    let t = self.field(Some(f), &mut media);
                    if t.is_empty() {
                        continue;
                    }
                    match nt.fields.get(i).filter(|_| nt.fields.len() > 2) {
                        Some(name) => back.push(format!("{}: {t}", one_line(&sanitize(name)))),
                        None => back.push(t),
                    }
                }
                card.back = back.join("\n\n");
            }
        }
        if card.front.is_empty() || (!card.cloze && card.back.is_empty()) {
            self.skip("their front or back is empty once read as text", &row.guid);
            return;
        }
        if !media.is_empty() {
            let names: Vec<String> = media
                .iter()
                .map(|m| match m {
                    Media::Image(n) => format!("image {}", one_line(&sanitize(n))),
                    Media::Sound(n) => format!("sound {}", one_line(&sanitize(n))),
                })
                .collect();
            card.explain = Some(format!(
                "Not imported from Anki (concur shows text only): {}.",
                names.join(", ")
            ));
        }
        card.tags = row
            .tags
            .split_whitespace()
            .map(|t| one_line(&sanitize(t)))
            .filter(|t| !t.is_empty())
            .collect();
        if id_problem(&row.guid).is_none() {
            card.guid = Some(row.guid.clone());
        } else {
            self.dropped_guids += 1;
        }
        self.decks.entry(did).or_default().push(Made { card, anki });
    }

    /// The decks (by Anki name), the reviews that grade their cards, and
    /// what the user should know.
    pub(super) fn finish(self, revlog: &[RevRow]) -> (Vec<ApkgDeck>, Vec<Review>, Vec<String>) {
        let mut notes = Vec::new();
        for (mid, n) in &self.loose {
            if let Some((nt, _)) = self.types.get(mid) {
                let fields: Vec<String> =
                    nt.fields.iter().map(|f| one_line(&sanitize(f))).collect();
                let cards = if nt.questions.len() > 1 {
                    format!(
                        "; only its first card is imported (Anki makes up to {} per note)",
                        nt.questions.len()
                    )
                } else {
                    String::new()
                };
                notes.push(format!(
                    "note type {:?} ({}) is not Basic, reversed or Cloze: its first field is the front and the other fields the back{cards}",
                    one_line(&sanitize(&nt.name)),
                    plural(*n, "note") + ", fields " + &fields.join(", "),
                ));
            }
        }
        for (why, s) in &self.skipped {
            notes.push(format!(
                "{} left out: {why} (guid {})",
                plural(s.count, "note"),
                s.guids.join(", ") + if s.count > s.guids.len() { ", …" } else { "" }
            ));
        }
        if self.cut_fields > 0 {
            notes.push(format!(
                "{} cut: over {} KiB of text each",
                plural(self.cut_fields, "field"),
                self.field_bytes / 1024
            ));
        }
        if self.images + self.sounds > 0 {
            notes.push(format!(
                "{} and {} left out (concur shows text only); each card names its files in `explain`",
                plural(self.images, "image"),
                plural(self.sounds, "sound"),
            ));
        }
        if self.dropped_guids > 0 {
            notes.push(format!(
                "{} without their guid (it has spaces or control characters): a later export to Anki makes new notes for them",
                plural(self.dropped_guids, "note")
            ));
        }

        let mut by_name: Vec<(String, i64, Vec<Made>)> = self
            .decks
            .into_iter()
            .map(|(did, made)| {
                let name = self
                    .deck_names
                    .get(&did)
                    .cloned()
                    .unwrap_or_else(|| format!("Anki deck {did}"));
                (one_line(&sanitize(&name)), did, made)
            })
            .collect();
        by_name.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
        let mut deck_ids = Unique::default();
        let mut target: HashMap<i64, (String, String)> = HashMap::new();
        let mut decks = Vec::new();
        for (anki_name, _, made) in by_name {
            let id = deck_ids.make(&slugify(&anki_name, "anki"));
            let (cards, anki): (Vec<ImportedCard>, Vec<Vec<(i64, Side)>>) =
                made.into_iter().map(|m| (m.card, m.anki)).unzip();
            let cards = with_ids(cards);
            for (card, sides) in cards.iter().zip(anki) {
                for (cid, side) in sides {
                    let card_id = match side {
                        Side::Front => card.id.clone(),
                        Side::Reverse => format!("{}{REVERSE_SUFFIX}", card.id),
                        Side::Cloze(n) => cloze::card_id(&card.id, n),
                    };
                    target.insert(cid, (id.clone(), card_id));
                }
            }
            let name = anki_name
                .split("::")
                .map(str::trim)
                .collect::<Vec<_>>()
                .join(" › ");
            decks.push(ApkgDeck {
                id,
                anki_name,
                imported: Imported {
                    name: Some(name),
                    cards,
                    ..Imported::default()
                },
            });
        }

        let mut reviews = Vec::new();
        let mut unmatched = 0usize;
        for r in revlog {
            let Some((deck, card)) = target.get(&r.cid) else {
                unmatched += 1;
                continue;
            };
            let Some(grade) = grade_of_ease(r.ease).filter(|_| (0..=3).contains(&r.kind)) else {
                unmatched += 1;
                continue;
            };
            reviews.push(Review {
                deck: deck.clone(),
                card: card.clone(),
                at_ms: r.at_ms,
                grade,
                cram: r.kind == 3,
                spent_ms: u64::try_from(r.time).unwrap_or(0),
            });
        }
        if unmatched > 0 {
            notes.push(format!(
                "{} of the review log not imported: manual reschedules, or reviews of cards not imported",
                plural(unmatched, "row")
            ));
        }
        (decks, reviews, notes)
    }
}

/// The cards with readable ids from their fronts (a cloze's from its text
/// with every deletion shown).
fn with_ids(mut cards: Vec<ImportedCard>) -> Vec<ImportedCard> {
    let mut texts: Vec<Option<String>> = Vec::with_capacity(cards.len());
    for c in &mut cards {
        if c.cloze {
            let shown = cloze::parse(&c.front)
                .map(|s| cloze::full(&s))
                .unwrap_or_default();
            texts.push(Some(std::mem::replace(&mut c.front, shown)));
        } else {
            texts.push(None);
        }
    }
    let mut cards = ids::assign(cards);
    for (c, text) in cards.iter_mut().zip(texts) {
        if let Some(t) = text {
            c.front = t;
        }
    }
    cards
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::deck::{DeckSource, parse_deck};

    fn nt(cloze: bool, fields: &[&str], questions: &[&str]) -> Notetype {
        Notetype {
            name: "t".into(),
            cloze,
            fields: fields.iter().map(|s| s.to_string()).collect(),
            questions: questions.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn note(id: i64, mid: i64, fields: &str) -> NoteRow {
        NoteRow {
            id,
            guid: format!("g{id}"),
            mid,
            tags: " a::b  c ".into(),
            fields: fields.into(),
            cut: false,
        }
    }

    fn card(id: i64, nid: i64, ord: i64) -> CardRow {
        CardRow {
            id,
            nid,
            did: 9,
            ord,
        }
    }

    #[test]
    fn notes_become_cards_that_load_with_their_reverse_cloze_and_reviews() {
        let types = HashMap::from([
            (1, nt(false, &["F", "B"], &["{{F}}", "{{B}}"])),
            (2, nt(true, &["Text", "Extra"], &["{{cloze:Text}}"])),
        ]);
        let decks = HashMap::from([(9, "A::B".to_string())]);
        let cards = vec![
            card(10, 1, 0),
            card(11, 1, 1),
            card(20, 2, 0),
            card(21, 2, 1),
            card(30, 3, 0),
        ];
        let mut b = Build::new(types, decks, cards, 1000);
        b.note(note(1, 1, "Q?\x1fA"));
        b.note(note(2, 2, "x {{c1::y}} {{c2::z}}\x1f"));
        b.note(note(3, 1, "<img src=a.png>\x1f"));
        let rev = |cid, ease, kind| RevRow {
            at_ms: 1_795_165_200_000,
            cid,
            ease,
            time: 2000,
            kind,
        };
        let (decks, reviews, notes) =
            b.finish(&[rev(11, 2, 1), rev(21, 4, 3), rev(10, 0, 4), rev(30, 3, 1)]);
        assert_eq!(decks.len(), 1);
        let d = &decks[0];
        assert_eq!(
            (d.id.as_str(), d.imported.name.as_deref()),
            ("a-b", Some("A › B"))
        );
        let toml = crate::deck::import::to_toml(&d.imported, &d.id, "p.apkg");
        let (deck, diags) = parse_deck(toml.as_bytes(), "d.toml", "a-b", DeckSource::Bundled("d"));
        assert!(diags.is_empty(), "{diags:?}\n{toml}");
        let deck = deck.unwrap();
        let ids: Vec<&str> = deck.cards.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, vec!["q", "q~rev", "x-y-z::c1", "x-y-z::c2"]);
        assert!(deck.cards.iter().all(|c| c.guid.is_some()));
        assert_eq!(deck.cards[0].tags, vec!["a::b", "c"]);
        let graded: Vec<(&str, u8, bool)> = reviews
            .iter()
            .map(|r| (r.card.as_str(), r.grade, r.cram))
            .collect();
        assert_eq!(graded, vec![("q~rev", 3, false), ("x-y-z::c2", 5, true)]);
        let joined = notes.join("\n");
        assert!(
            joined.contains(
                "1 note left out: their front or back is empty once read as text (guid g3)"
            ),
            "{joined}"
        );
        assert!(
            joined.contains("2 rows of the review log not imported"),
            "{joined}"
        );
    }
}
