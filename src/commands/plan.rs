//! `concur plan DATE [DECK_ID]... [--tag T]... [--per-day N] [--json]`:
//! FSRS-6's predicted recall of each card on DATE, the readiness, the cards
//! most at risk and the day-by-day prep plan of [`crate::prep`].

use std::io::Write;

use chrono::NaiveDate;
use serde::Serialize;

use super::{Env, usage};
use crate::cli::PlanArgs;
use crate::prep::{self, Goal, Plan};
use crate::sched::memory;
use crate::store::Replay;
use crate::text::{plural, sanitize};

/// Cards listed as most at risk in the text output.
const AT_RISK: usize = 10;

/// Cards named per day in the text output (the JSON has them all).
const NAMED_PER_DAY: usize = 6;

/// `concur plan`.
pub fn run(env: &Env, args: &PlanArgs) -> anyhow::Result<i32> {
    let today = env.clock.today();
    let date = parse_date(&args.date, today)?;
    let per_day = match args.per_day {
        Some(n) => usize::try_from(n).unwrap_or(usize::MAX),
        None => env.settings.prep_per_day.value,
    };
    let (chosen, replay, code) = select(env, &args.deck_ids, &args.tags)?;
    let cards = prep::cards(chosen.iter().map(|(d, c)| (&**d, &**c)), &replay, today);
    let undone = chosen
        .iter()
        .filter(|(d, c)| replay.get(d, c).is_some_and(only_undone))
        .count();
    if undone > 0 {
        let (n, has) = if undone == 1 {
            ("1 card".to_string(), "has")
        } else {
            (format!("{undone} cards"), "have")
        };
        note!("note: {n} {has} no grade left in the log (every grade undone): counted as new");
    }
    let plan = prep::plan(
        &cards,
        Goal {
            today,
            date,
            per_day,
        },
    );
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::new(stdout.lock());
    if args.json {
        crate::text::json::to_writer(&mut w, &to_json(&plan, &chosen))?;
        writeln!(w)?;
    } else {
        print_text(&mut w, &plan, &chosen)?;
    }
    w.flush()?;
    Ok(code)
}

/// DATE as typed: a day after today, at most ten years away.
pub fn parse_date(text: &str, today: NaiveDate) -> anyhow::Result<NaiveDate> {
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        usage(format!(
            "{:?} is not a date: write it as YYYY-MM-DD, e.g. {}",
            sanitize(text),
            today + chrono::Days::new(30)
        ))
    })?;
    prep::check_date(today, date)
        .map_err(|p| usage(format!("the date {date} {p} (today is {today})")))?;
    Ok(date)
}

/// A card in the log with no grade left, not set aside: its grades were
/// all undone.
fn only_undone(h: &crate::store::CardHistory) -> bool {
    h.memory.is_none() && !h.card.suspended && h.card.buried_until.is_none()
}

/// The cards chosen (deck id, card id), in deck order, suspended cards left
/// out; the replay; and the exit code of the decks' problems.
type Chosen = Vec<(String, String)>;

fn select(env: &Env, ids: &[String], tags: &[String]) -> anyhow::Result<(Chosen, Replay, i32)> {
    let hint = " (a deck file is loaded with --deck PATH)";
    let keep =
        |replay: &Replay, d: &str, c: &str| !replay.get(d, c).is_some_and(|h| h.card.suspended);
    let (chosen, replay, code) = if tags.is_empty() {
        let (decks, replay) = env.load_all(crate::store::Fsrs::Track)?;
        let code = super::report_deck_errors(env, &decks, "were skipped");
        let picked = super::pick::decks(&decks.decks, |d| &d.id, ids, hint)?;
        let chosen: Chosen = picked
            .iter()
            .flat_map(|d| d.cards.iter().map(|c| (d.id.clone(), c.clone())))
            .filter(|(d, c)| keep(&replay, d, c))
            .collect();
        (chosen, replay, code)
    } else {
        let (decks, replay) = env.load_all_decks(crate::store::Fsrs::Track)?;
        let code = super::report_deck_errors(env, &decks, "were skipped");
        super::quiz::check_tags(&decks.decks, tags)?;
        let picked = super::pick::decks(&decks.decks, |d| &d.id, ids, hint)?;
        let chosen: Chosen = picked
            .iter()
            .flat_map(|d| {
                d.cards
                    .iter()
                    .filter(|c| crate::quiz::has_any_tag(d, c, tags))
                    .map(|c| (d.id.clone(), c.id.clone()))
            })
            .filter(|(d, c)| keep(&replay, d, c))
            .collect();
        (chosen, replay, code)
    };
    if chosen.is_empty() {
        let what = match ids {
            [] => "the decks have".to_string(),
            [one] => format!("deck {} has", sanitize(one)),
            many => format!("decks {} have", sanitize(&many.join(", "))),
        };
        let tagged = if tags.is_empty() {
            String::new()
        } else {
            format!(" with the tag {}", sanitize(&tags.join(" or ")))
        };
        return Err(usage(format!(
            "no card to plan for: {what} no card{tagged} that is not suspended; choose other decks or tags"
        )));
    }
    Ok((chosen, replay, code))
}

/// A card in the JSON.
#[derive(Serialize)]
struct CardJson<'a> {
    deck: &'a str,
    card: &'a str,
    recall: f64,
    stability: Option<f64>,
    difficulty: Option<f64>,
    last_graded: Option<String>,
    planned_reviews: u32,
    planned_recall: f64,
}

/// A card named in a day of the JSON.
#[derive(Serialize)]
struct NameJson<'a> {
    deck: &'a str,
    card: &'a str,
}

/// A day of the JSON.
#[derive(Serialize)]
struct DayJson<'a> {
    date: String,
    cards: Vec<NameJson<'a>>,
}

/// The whole JSON object.
#[derive(Serialize)]
struct PlanJson<'a> {
    date: String,
    today: String,
    model: &'static str,
    parameters: Vec<f64>,
    per_day: usize,
    readiness: f64,
    planned_readiness: f64,
    cards: Vec<CardJson<'a>>,
    days: Vec<DayJson<'a>>,
}

/// The plan as JSON: recall, stability and difficulty of every card on
/// the date (least recall first), and the days. Typed, not a `Value`
/// tree: 100,000 cards stay a few MiB.
fn to_json<'a>(plan: &Plan, chosen: &'a Chosen) -> PlanJson<'a> {
    let name = |i: usize| {
        chosen
            .get(i)
            .map_or(NameJson { deck: "", card: "" }, |(d, c)| NameJson {
                deck: d.as_str(),
                card: c.as_str(),
            })
    };
    let cards = plan
        .cards
        .iter()
        .map(|f| {
            let n = name(f.index);
            let m = plan_memory(plan, f.index);
            CardJson {
                deck: n.deck,
                card: n.card,
                recall: short(f.recall),
                stability: m.map(|m| short(m.stability)),
                difficulty: m.map(|m| short(m.difficulty)),
                last_graded: m.map(|m| m.last_day.to_string()),
                planned_reviews: f.reviews,
                planned_recall: short(f.planned_recall),
            }
        })
        .collect();
    let days = plan
        .days
        .iter()
        .map(|d| DayJson {
            date: d.day.to_string(),
            cards: d.cards.iter().map(|&i| name(i)).collect(),
        })
        .collect();
    PlanJson {
        date: plan.goal.date.to_string(),
        today: plan.goal.today.to_string(),
        model: memory::MODEL,
        parameters: memory::parameters().iter().map(|&p| short(p)).collect(),
        per_day: plan.goal.per_day,
        readiness: short(plan.readiness),
        planned_readiness: short(plan.planned_readiness),
        cards,
        days,
    }
}

/// `x` as the shortest decimal that reads back as the same `f32`
/// (0.212, not 0.21199999749660492).
fn short(x: f32) -> f64 {
    x.to_string().parse().unwrap_or(f64::NAN)
}

/// The memory state of input card `i`, as the plan was given it.
fn plan_memory(plan: &Plan, i: usize) -> Option<crate::sched::Memory> {
    plan.memory.get(i).copied().flatten()
}

fn pct(r: f32) -> String {
    format!("{:.0} %", r * 100.0)
}

fn print_text(w: &mut impl Write, plan: &Plan, chosen: &Chosen) -> std::io::Result<()> {
    let g = &plan.goal;
    let new = plan.memory.iter().filter(|m| m.is_none()).count();
    writeln!(
        w,
        "Ready on {} (in {}): {} of {} now, {} if you keep the plan ({}, default parameters)",
        g.date,
        plural(usize::try_from(plan.days_left()).unwrap_or(0), "day"),
        pct(plan.readiness),
        plural(chosen.len(), "card"),
        pct(plan.planned_readiness),
        memory::MODEL,
    )?;
    writeln!(
        w,
        "Readiness is the mean predicted recall on {} ({} new, counting 0 %).\n",
        g.date, new
    )?;
    writeln!(w, "Most at risk on {}:", g.date)?;
    writeln!(w, "  RECALL  STABILITY  DIFFICULTY  CARD")?;
    for f in plan.cards.iter().take(AT_RISK) {
        let (deck, card) = chosen.get(f.index).cloned().unwrap_or_default();
        let (s, d) = match plan_memory(plan, f.index) {
            Some(m) => (
                format!("{:.1} d", m.stability),
                format!("{:.1}", m.difficulty),
            ),
            None => ("new".to_string(), "-".to_string()),
        };
        writeln!(
            w,
            "  {:>6}  {s:>9}  {d:>10}  {}/{}",
            pct(f.recall),
            sanitize(&deck),
            sanitize(&card)
        )?;
    }
    writeln!(
        w,
        "\nPlan: at most {} a day, each card's last review as close to {} as the limit allows",
        plural(g.per_day, "prep review"),
        g.date
    )?;
    for d in &plan.days {
        let mut names: Vec<String> = d
            .cards
            .iter()
            .take(NAMED_PER_DAY)
            .filter_map(|&i| chosen.get(i))
            .map(|(deck, card)| format!("{}/{}", sanitize(deck), sanitize(card)))
            .collect();
        if d.cards.len() > NAMED_PER_DAY {
            names.push(format!("and {} more", d.cards.len() - NAMED_PER_DAY));
        }
        let line = format!(
            "  {} {}  {:>3}  {}",
            d.day.format("%a"),
            d.day,
            d.cards.len(),
            names.join(", ")
        );
        writeln!(w, "{}", line.trim_end())?;
    }
    Ok(())
}
