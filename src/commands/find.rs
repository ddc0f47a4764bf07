//! `concur find QUERY [DECK_ID]... [--tag T]... [--json]`: the cards that
//! match, best first, with their status today and where they are written.
//! The matching is [`crate::session::find()`]; a card of a bundled deck is
//! placed at `<bundled>/NAME.toml:LINE` (the file in the source tree's
//! `decks/`).

use std::io::Write;

use serde::Serialize;

use super::due::column_width;
use super::{Env, report_deck_errors};
use crate::cli::FindArgs;
use crate::deck::{Card, Deck};
use crate::session::{CardStatus, Hit, Search, find};
use crate::store::Replay;
use crate::text::plural;

/// The most characters of a front shown in the table.
const FRONT_CHARS: usize = 60;

/// One match as `--json` prints it.
#[derive(Debug, Serialize)]
struct JsonHit<'a> {
    deck: &'a str,
    card: &'a str,
    front: &'a str,
    status: CardStatus,
    path: String,
    line: usize,
}

/// Runs `concur find`.
pub fn run(env: &Env, args: &FindArgs) -> anyhow::Result<i32> {
    let (decks, replay) = env.load_all_decks(crate::store::Fsrs::Skip)?;
    let code = report_deck_errors(env, &decks, "were skipped");
    let decks = decks.decks;
    super::pick::decks(&decks, |d: &Deck| &d.id, &args.deck_ids, "")?;
    super::quiz::check_tags(&decks, &args.tags)?;
    let hits = find(
        &decks,
        &Search {
            query: &args.query,
            decks: &args.deck_ids,
            tags: &args.tags,
        },
    );
    let rows: Vec<JsonHit<'_>> = hits
        .iter()
        .filter_map(|h| row(&decks, &replay, h, env.clock.today()))
        .collect();
    if args.json {
        let stdout = std::io::stdout();
        let mut w = std::io::BufWriter::new(stdout.lock());
        crate::text::json::to_writer(&mut w, &rows)?;
        writeln!(w)?;
        w.flush()?;
        return Ok(code);
    }
    let query = crate::text::sanitize(&args.query);
    if rows.is_empty() {
        out!("No card matches {query:?}.");
        return Ok(code);
    }
    let deck_w = column_width(rows.iter().map(|r| r.deck.len()), 4);
    let card_w = column_width(rows.iter().map(|r| r.card.len()), 4);
    let places: Vec<String> = rows
        .iter()
        .map(|r| format!("{}:{}", r.path, r.line))
        .collect();
    let place_w = column_width(places.iter().map(|p| p.chars().count()), 5);
    out!(
        "{:<deck_w$}  {:<card_w$}  {:<6}  {:<place_w$}  FRONT",
        "DECK",
        "CARD",
        "STATUS",
        "WHERE"
    );
    for (r, place) in rows.iter().zip(&places) {
        out!(
            "{:<deck_w$}  {:<card_w$}  {:<6}  {:<place_w$}  {}",
            r.deck,
            r.card,
            r.status.as_str(),
            place,
            short(r.front)
        );
    }
    out!(
        "\n{} {} {query:?}.",
        plural(rows.len(), "card"),
        if rows.len() == 1 { "matches" } else { "match" }
    );
    Ok(code)
}

/// What is printed of hit `h`: its card, status on `today` and place.
fn row<'a>(
    decks: &'a [Deck],
    replay: &Replay,
    h: &Hit,
    today: chrono::NaiveDate,
) -> Option<JsonHit<'a>> {
    let deck = decks.get(h.deck)?;
    let card: &Card = deck.cards.get(h.card)?;
    Some(JsonHit {
        deck: &deck.id,
        card: &card.id,
        front: &card.front,
        status: CardStatus::of(
            &replay
                .get(&deck.id, &card.id)
                .map(|h| h.card)
                .unwrap_or_default(),
            today,
        ),
        path: deck.source.to_string(),
        line: card.line,
    })
}

/// `front` on one line, cut to [`FRONT_CHARS`] with an ellipsis.
fn short(front: &str) -> String {
    let line = crate::text::one_line(front);
    if line.chars().count() <= FRONT_CHARS {
        return line;
    }
    let mut s: String = line.chars().take(FRONT_CHARS - 1).collect();
    s.push('…');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_front_is_cut_on_one_line() {
        assert_eq!(short("a\n  b"), "a b");
        let long = "x".repeat(100);
        assert_eq!(short(&long).chars().count(), FRONT_CHARS);
        assert!(short(&long).ends_with('…'));
    }
}
