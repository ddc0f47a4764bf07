//! Decks, cards and diagnostics in the caches' byte encoding
//! ([`crate::bytes`]). Every writer destructures its value whole, so a new
//! field does not compile until it is encoded here too.

use crate::bytes::{Reader, put_bool, put_str64, put_u8, put_u64};
use crate::deck::{Card, ClozeOf, Deck, DeckSource, DemoRef};
use crate::diag::{Diagnostic, Severity};

/// Smallest encoded card, for [`Reader::count`].
const MIN_CARD: usize = 41;
/// Smallest encoded diagnostic.
const MIN_DIAGNOSTIC: usize = 33;

fn put_opt_str(b: &mut Vec<u8>, s: Option<&str>) {
    match s {
        None => put_u8(b, 0),
        Some(s) => {
            put_u8(b, 1);
            put_str64(b, s);
        }
    }
}

fn opt_str(rd: &mut Reader<'_>) -> Option<Option<String>> {
    match rd.u8()? {
        0 => Some(None),
        1 => Some(Some(rd.str64()?.to_string())),
        _ => None,
    }
}

fn put_opt_u32(b: &mut Vec<u8>, v: Option<u32>) {
    match v {
        None => put_u8(b, 0),
        Some(v) => {
            put_u8(b, 1);
            crate::bytes::put_u32(b, v);
        }
    }
}

fn opt_u32(rd: &mut Reader<'_>) -> Option<Option<u32>> {
    match rd.u8()? {
        0 => Some(None),
        1 => Some(Some(rd.u32()?)),
        _ => None,
    }
}

fn put_strings(b: &mut Vec<u8>, v: &[String]) {
    put_u64(b, v.len() as u64);
    for s in v {
        put_str64(b, s);
    }
}

fn strings(rd: &mut Reader<'_>) -> Option<Vec<String>> {
    let n = rd.count(8)?;
    let mut v = Vec::with_capacity(n);
    for _ in 0..n {
        v.push(rd.str64()?.to_string());
    }
    Some(v)
}

/// Appends the diagnostics `ds`.
pub fn put_diagnostics(b: &mut Vec<u8>, ds: &[Diagnostic]) {
    put_u64(b, ds.len() as u64);
    for d in ds {
        let Diagnostic {
            path,
            line,
            col,
            severity,
            message,
        } = d;
        put_str64(b, path);
        put_u64(b, *line as u64);
        put_u64(b, *col as u64);
        put_bool(b, *severity == Severity::Error);
        put_str64(b, message);
    }
}

/// Diagnostics written by [`put_diagnostics`].
pub fn diagnostics(rd: &mut Reader<'_>) -> Option<Vec<Diagnostic>> {
    let n = rd.count(MIN_DIAGNOSTIC)?;
    let mut v = Vec::with_capacity(n);
    for _ in 0..n {
        v.push(Diagnostic {
            path: rd.str64()?.to_string(),
            line: rd.usize()?,
            col: rd.usize()?,
            severity: if rd.bool()? {
                Severity::Error
            } else {
                Severity::Warning
            },
            message: rd.str64()?.to_string(),
        });
    }
    Some(v)
}

fn put_card(b: &mut Vec<u8>, c: &Card) {
    let Card {
        id,
        has_explicit_id,
        front,
        back,
        accept,
        explain,
        tags,
        demo,
        line,
        reverse,
        reverse_of,
        cloze,
        guid,
    } = c;
    put_str64(b, id);
    put_bool(b, *has_explicit_id);
    put_str64(b, front);
    put_str64(b, back);
    put_strings(b, accept);
    put_opt_str(b, explain.as_deref());
    put_strings(b, tags);
    match demo {
        None => put_u8(b, 0),
        Some(DemoRef {
            id,
            workers,
            seconds,
        }) => {
            put_u8(b, 1);
            put_str64(b, id.name());
            put_opt_u32(b, *workers);
            put_opt_u32(b, *seconds);
        }
    }
    put_u64(b, *line as u64);
    put_u8(b, reverse.map_or(2, u8::from));
    put_opt_str(b, reverse_of.as_deref());
    match cloze {
        None => put_u8(b, 0),
        Some(ClozeOf {
            note,
            number,
            answer,
            text,
        }) => {
            put_u8(b, 1);
            put_str64(b, note);
            put_u8(b, *number);
            put_str64(b, answer);
            put_str64(b, text);
        }
    }
    put_opt_str(b, guid.as_deref());
}

fn card(rd: &mut Reader<'_>) -> Option<Card> {
    Some(Card {
        id: rd.str64()?.to_string(),
        has_explicit_id: rd.bool()?,
        front: rd.str64()?.to_string(),
        back: rd.str64()?.to_string(),
        accept: strings(rd)?,
        explain: opt_str(rd)?,
        tags: strings(rd)?,
        demo: match rd.u8()? {
            0 => None,
            // A name this build does not know is a miss (the deck is parsed).
            1 => Some(DemoRef {
                id: crate::demo::DemoId::parse(rd.str64()?).ok()?,
                workers: opt_u32(rd)?,
                seconds: opt_u32(rd)?,
            }),
            _ => return None,
        },
        line: rd.usize()?,
        reverse: match rd.u8()? {
            0 => Some(false),
            1 => Some(true),
            2 => None,
            _ => return None,
        },
        reverse_of: opt_str(rd)?,
        cloze: match rd.u8()? {
            0 => None,
            1 => Some(ClozeOf {
                note: rd.str64()?.to_string(),
                number: rd.u8()?,
                answer: rd.str64()?.to_string(),
                text: rd.str64()?.to_string(),
            }),
            _ => return None,
        },
        guid: opt_str(rd)?,
    })
}

/// Appends the deck `d` (all but its source, which the reader sets).
pub fn put_deck(b: &mut Vec<u8>, d: &Deck) {
    let Deck {
        id,
        name,
        description,
        tags,
        reverse,
        cards,
        source: _,
        id_pos,
    } = d;
    put_str64(b, id);
    put_str64(b, name);
    put_str64(b, description);
    put_strings(b, tags);
    put_bool(b, *reverse);
    put_u64(b, id_pos.0 as u64);
    put_u64(b, id_pos.1 as u64);
    put_u64(b, cards.len() as u64);
    for c in cards {
        put_card(b, c);
    }
}

/// A deck written by [`put_deck`], with `source` as its source.
pub fn deck(rd: &mut Reader<'_>, source: DeckSource) -> Option<Deck> {
    let id = rd.str64()?.to_string();
    let name = rd.str64()?.to_string();
    let description = rd.str64()?.to_string();
    let tags = strings(rd)?;
    let reverse = rd.bool()?;
    let id_pos = (rd.usize()?, rd.usize()?);
    let n = rd.count(MIN_CARD)?;
    let mut cards = Vec::with_capacity(n);
    for _ in 0..n {
        cards.push(card(rd)?);
    }
    Some(Deck {
        id,
        name,
        description,
        tags,
        reverse,
        cards,
        source,
        id_pos,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_deck_and_diagnostics_read_back_equal_and_every_cut_reads_none() {
        let mut card = Card::new("a", "Front?", "Back");
        card.accept = vec!["b".into(), "back".into()];
        card.explain = Some("because".into());
        card.tags = vec!["t".into()];
        card.demo = Some(DemoRef {
            id: crate::demo::DemoId::Gil,
            workers: Some(4),
            seconds: None,
        });
        card.reverse = Some(true);
        card.guid = Some("f>Xk1@2Z".into());
        let mut rev = Card::new("a~rev", "Back", "Front?");
        rev.reverse_of = Some("a".into());
        rev.reverse = Some(false);
        let d = Deck {
            id: "d".into(),
            name: "D".into(),
            description: "about".into(),
            tags: vec!["x".into(), "y".into()],
            reverse: false,
            cards: vec![card, rev, Card::new("plain", "F", "B")],
            source: DeckSource::File("d.toml".into()),
            id_pos: (2, 6),
        };
        let diags = vec![Diagnostic {
            path: "d.toml".into(),
            line: 3,
            col: 1,
            severity: Severity::Warning,
            message: "m".into(),
        }];
        let mut b = Vec::new();
        put_deck(&mut b, &d);
        put_diagnostics(&mut b, &diags);
        let mut rd = Reader::new(&b);
        let source = DeckSource::File("d.toml".into());
        assert_eq!(deck(&mut rd, source.clone()), Some(d));
        assert_eq!(diagnostics(&mut rd), Some(diags));
        assert!(rd.at_end());
        for n in 0..b.len() {
            let mut rd = Reader::new(&b[..n]);
            let whole = deck(&mut rd, source.clone()).and_then(|_| diagnostics(&mut rd));
            assert!(whole.is_none(), "cut at {n}");
        }
    }
}
