//! `concur due`: every card's state today.

mod json;

use std::io::Write;

use super::{Env, report_problems};
use crate::deck::DeckIds;
use crate::session::{CardView, Counts, card_views, deck_counts, orphans_of};
use crate::text::plural;

/// `concur due [--json]`.
pub fn run(env: &Env, json: bool) -> anyhow::Result<i32> {
    show(env, if json { Shown::Json } else { Shown::Table })
}

/// What `concur` with no command prints when it is not run in a terminal:
/// the counts per deck.
pub fn summary(env: &Env) -> anyhow::Result<i32> {
    show(env, Shown::Counts)
}

/// What [`show`] prints.
enum Shown {
    /// Every card, as JSON.
    Json,
    /// Every card in a table, then the counts per deck.
    Table,
    /// The counts per deck alone.
    Counts,
}

/// Loads the decks and the replay (a new replay snapshot, if one is due,
/// is written meanwhile) and prints what `shown` says, after any problem
/// with them.
fn show(env: &Env, shown: Shown) -> anyhow::Result<i32> {
    env.with_all(crate::store::Fsrs::Skip, |decks, replay| {
        let code = report_problems(env, &decks, replay);
        let today = env.clock.today();
        let views = card_views(&decks.decks, replay, today);
        if let Shown::Json = shown {
            // Written card by card into one large buffer (`due::json`).
            json::write_due(&mut std::io::stdout().lock(), today, &views)?;
            return Ok(code);
        }
        // One buffered writer on the locked stdout: a write call per
        // 64 KiB, not per line. A closed pipe (`concur due | head`) still
        // comes back as an error that `main` ends quietly on.
        let stdout = std::io::stdout();
        let mut w = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
        writeln!(w, "Today is {today}.\n")?;
        if let Shown::Table = shown {
            write_table(&mut w, &views)?;
            writeln!(w)?;
        }
        print_counts(&mut w, env, &decks.decks, &views, replay)?;
        w.flush()?;
        Ok(code)
    })?
}

/// The widest a column of ids is padded to: a longer id overflows its
/// column (and a padding width over 65,535 would panic in `format!`).
const MAX_COLUMN: usize = 64;

/// The width of a column of texts of `lens` bytes: at least `min`, at most
/// [`MAX_COLUMN`].
pub(super) fn column_width(lens: impl Iterator<Item = usize>, min: usize) -> usize {
    lens.max().unwrap_or(min).clamp(min, MAX_COLUMN)
}

/// The table of cards: a header, then one row per card.
fn write_table(w: &mut impl Write, views: &[CardView<'_>]) -> std::io::Result<()> {
    let deck_w = column_width(views.iter().map(|v| v.deck.len()), 4);
    let card_w = column_width(views.iter().map(|v| v.card.len()), 4);
    // "STATUS" wide, or "suspended" once a card is.
    let status_w = column_width(views.iter().map(|v| v.status.as_str().len()), 6);
    writeln!(
        w,
        "{:<deck_w$}  {:<card_w$}  {:<status_w$}  {:>3}  {:>4}  {:>8}  DUE",
        "DECK", "CARD", "STATUS", "N", "EF", "INTERVAL"
    )?;
    for v in views {
        writeln!(
            w,
            "{:<deck_w$}  {:<card_w$}  {:<status_w$}  {:>3}  {:>4}  {:>8}  {}",
            v.deck,
            v.card,
            v.status.as_str(),
            v.state.n,
            v.state.ef.to_string(),
            v.state.interval,
            v.state
                .due
                .map_or_else(|| "-".to_string(), |d| d.to_string())
        )?;
    }
    Ok(())
}

fn print_counts(
    w: &mut impl Write,
    env: &Env,
    decks: &[DeckIds],
    views: &[CardView<'_>],
    replay: &crate::store::Replay,
) -> std::io::Result<()> {
    let counts = deck_counts(decks, views);
    let mut total = Counts::default();
    for c in &counts {
        total.add_all(c);
    }
    // The columns of cards set aside show once there are any.
    let aside = |c: &Counts| {
        if total.suspended + total.buried == 0 {
            String::new()
        } else {
            format!("  {:>4} suspended  {:>4} buried", c.suspended, c.buried)
        }
    };
    let width = column_width(decks.iter().map(|d| d.id.len()), 5);
    for (deck, c) in decks.iter().zip(&counts) {
        writeln!(
            w,
            "{:<width$}  {:>4} due  {:>4} new  {:>4} later{}  ({})",
            deck.id,
            c.due,
            c.new,
            c.later,
            aside(c),
            deck.name
        )?;
    }
    writeln!(
        w,
        "{:<width$}  {:>4} due  {:>4} new  {:>4} later{}  ({} in {})",
        "total",
        total.due,
        total.new,
        total.later,
        aside(&total),
        plural(total.total(), "card"),
        plural(decks.len(), "deck")
    )?;
    let orphan = orphans_of(
        decks
            .iter()
            .map(|d| (d.id.as_str(), d.cards.iter().map(String::as_str).collect())),
        replay,
    );
    if !orphan.is_empty() {
        writeln!(
            w,
            "{} in {} {} history but no longer {} in any deck (orphans); their lines are kept.",
            plural(orphan.len(), "card"),
            env.data.log().display(),
            if orphan.len() == 1 { "has" } else { "have" },
            if orphan.len() == 1 { "exists" } else { "exist" }
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::sched::Sm2State;
    use crate::session::CardStatus;

    #[test]
    fn an_id_of_65536_bytes_overflows_its_column_without_a_panic() {
        let long = "c".repeat(65_536);
        let views = [
            CardView {
                deck: "d",
                card: &long,
                state: Sm2State::NEW,
                status: CardStatus::New,
                sibling_waits: false,
            },
            CardView {
                deck: &long,
                card: "short",
                state: Sm2State::NEW,
                status: CardStatus::New,
                sibling_waits: false,
            },
        ];
        let mut out = Vec::new();
        write_table(&mut out, &views).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[1].contains(&long) && lines[2].starts_with(&long));
        // Short ids are padded to the capped width.
        assert!(
            lines[2].contains(&format!("{:<64}  new", "short")),
            "{}",
            &lines[2][65_536..]
        );
    }
}
