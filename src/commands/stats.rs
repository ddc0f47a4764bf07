//! `concur stats [DECK_ID]... [--json] [--days N]`: the figures of
//! [`crate::stats`] for every deck or the decks named, as text or JSON; and
//! the leech warnings of `concur check`.

use std::io::Write;

use super::Env;
use crate::cli::StatsArgs;
use crate::deck::{Deck, DeckIds, REVERSE_SUFFIX};
use crate::diag::{Diagnostic, Severity};
use crate::stats::{self, Period, Rate, Stats};
use crate::store::Replay;
use crate::text::{plural, sanitize};

/// `concur stats`.
pub fn run(env: &Env, args: &StatsArgs) -> anyhow::Result<i32> {
    // The decks' ids, and the log's replay from its snapshot: every figure
    // is in the replay (it keeps the study counts), so the log is not read
    // again.
    // A new replay snapshot, if one is due, is written meanwhile.
    env.with_all(crate::store::Fsrs::Track, |decks, replay| {
        show(env, args, &decks, replay)
    })?
}

/// The figures of [`run`], printed.
fn show(
    env: &Env,
    args: &StatsArgs,
    decks: &crate::deck::Loaded<DeckIds>,
    replay: &Replay,
) -> anyhow::Result<i32> {
    let code = super::report_deck_errors(env, decks, "were skipped");
    if replay.problem_count > 0 {
        note!(
            "{}: warning: {} skipped; run `concur due` for details",
            sanitize(&env.data.log().display().to_string()),
            plural(replay.problem_count, "unreadable line")
        );
    }
    let chosen = super::pick::decks(
        &decks.decks,
        |d: &DeckIds| &d.id,
        &args.deck_ids,
        " (a deck file is loaded with --deck PATH)",
    )?;
    let inputs = stats::inputs(
        chosen.iter().map(|d| {
            (
                d.id.as_str(),
                d.name.as_str(),
                d.cards.iter().map(String::as_str),
            )
        }),
        replay,
    );
    let s = stats::compute(&inputs, env.clock.today(), args.days);
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::new(stdout.lock());
    if args.json {
        crate::text::json::to_writer(&mut w, &s)?;
        writeln!(w)?;
    } else {
        print_text(&mut w, &s)?;
    }
    w.flush()?;
    Ok(code)
}

fn pct(r: Rate) -> String {
    match r.share() {
        Some(s) => format!("{:.0}% of {}", s * 100.0, r.total),
        None => "-".to_string(),
    }
}

fn print_text(w: &mut impl Write, s: &Stats) -> std::io::Result<()> {
    let h = &s.heatmap;
    writeln!(
        w,
        "Stats for {} ({})\n",
        s.today,
        plural(s.decks.len(), "deck")
    )?;
    writeln!(
        w,
        "Streak:     {}, longest {}; {} in the last {}",
        plural(h.current_streak, "day"),
        h.longest_streak,
        plural(h.study_days, "study day"),
        plural(h.grades.len(), "day")
    )?;
    let f = &s.forecast;
    let week: u32 = f.days.iter().take(7).sum();
    writeln!(
        w,
        "Forecast:   {} overdue, {} due today, {} in the next 7 days, {} in the next {}",
        f.overdue,
        f.days.first().copied().unwrap_or(0),
        week,
        f.total(),
        plural(f.days.len(), "day")
    )?;
    let c = &s.cards;
    writeln!(
        w,
        "Cards:      {} new, {} learning, {} young, {} mature",
        c.new, c.learning, c.young, c.mature
    )?;
    let t = &s.time;
    let recent: f64 = t.minutes_per_day.iter().rev().take(30).sum();
    writeln!(
        w,
        "Time:       {:.1} min in the last 30 days, {:.1} min in all; {} per card",
        recent,
        t.total_minutes,
        t.average_seconds
            .map_or_else(|| "-".to_string(), |a| format!("{a:.1} s"))
    )?;
    writeln!(
        w,
        "\nRetention (grades of 3 or more in scheduled reviews; mature: interval of 21 days or more)"
    )?;
    let name_w = s
        .retention
        .decks
        .iter()
        .map(|d| sanitize(&d.name).chars().count())
        .max()
        .unwrap_or(5)
        .clamp(5, 40);
    writeln!(
        w,
        "{:<name_w$}  {:>16}  {:>16}  {:>16}  {:>16}",
        "DECK", "YOUNG 30 DAYS", "MATURE 30 DAYS", "YOUNG ALL", "MATURE ALL"
    )?;
    let row = |w: &mut dyn Write, name: &str, a: &Period, b: &Period| {
        let name: String = sanitize(name).chars().take(name_w).collect();
        writeln!(
            w,
            "{name:<name_w$}  {:>16}  {:>16}  {:>16}  {:>16}",
            pct(a.young),
            pct(a.mature),
            pct(b.young),
            pct(b.mature)
        )
    };
    for d in &s.retention.decks {
        row(w, &d.name, &d.last_30_days, &d.all_time)?;
    }
    let total = &s.retention.total;
    row(w, "Total", &total.last_30_days, &total.all_time)?;
    let r = &s.recall;
    match r.mean {
        Some(mean) => {
            writeln!(
                w,
                "\nPredicted recall today ({}, default parameters): {:.0}% mean over {} graded at least once",
                r.model,
                mean * 100.0,
                plural(r.cards, "card")
            )?;
            let bars: Vec<String> = r
                .histogram
                .iter()
                .map(|b| format!("{} {}", b.label, b.count))
                .collect();
            writeln!(w, "  {}", bars.join(" · "))?;
        }
        None => writeln!(
            w,
            "\nPredicted recall today ({}): no card graded yet",
            r.model
        )?,
    }
    if !s.hardest.is_empty() {
        writeln!(
            w,
            "\nHardest cards (lapses: grades below 3 after the card was learned)"
        )?;
        for h in &s.hardest {
            writeln!(
                w,
                "{:>4}  {}/{}{}",
                h.lapses,
                sanitize(&h.deck),
                sanitize(&h.card),
                if h.leech { "  leech" } else { "" }
            )?;
        }
    }
    if !s.leeches.is_empty() {
        writeln!(
            w,
            "\n{} leech(es) (8 lapses or more): rewriting the card usually fixes it; `concur check` shows where each is.",
            s.leeches.len()
        )?;
    }
    Ok(())
}

/// A warning at `file:line` for every card of `decks` with 8 lapses or more
/// (its reverse card counted on the card it is made from).
pub fn leech_warnings(decks: &[Deck], replay: &Replay) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for deck in decks {
        for card in &deck.cards {
            let n = replay.get(&deck.id, &card.id).map_or(0, |h| h.lapses);
            if n < stats::LEECH_LAPSES {
                continue;
            }
            let side = if card.reverse_of.is_some() || card.id.ends_with(REVERSE_SUFFIX) {
                " (asked back to front)"
            } else {
                ""
            };
            out.push(Diagnostic {
                path: deck.source.to_string(),
                line: card.line,
                col: 1,
                severity: Severity::Warning,
                message: format!(
                    "leech: card {:?}{side} has lapsed {n} times (forgotten after it was learned): consider rewriting it, e.g. split it or make the question more specific",
                    sanitize(&card.id)
                ),
            });
        }
    }
    out
}
