//! Interview mode: while `interview` (config.toml or `--interview`) is
//! ahead, the home screen counts down with FSRS's readiness, and `a`
//! studies, after the SM-2 reviews due today, the prep plan's cards for
//! today as `prep` lines (they never change SM-2). The plan is computed
//! off the UI thread ([`Cmd::ComputePrep`]) at start and after each
//! session; until it arrives, `a` studies the SM-2 cards alone. Once the
//! date has passed, the mode is off, with a one-line note.

use std::collections::HashSet;

use chrono::NaiveDate;

use super::App;
use crate::session::Item;
use crate::store::Kind;
use crate::text::plural;
use crate::tui::msg::{Cmd, PrepRequest, PrepToday};

/// Interview mode's state.
#[derive(Debug, Clone, Default)]
pub(super) struct Interview {
    /// The interview's day while the mode is on.
    date: Option<NaiveDate>,
    /// Prep reviews a day.
    per_day: usize,
    /// The last plan that arrived.
    plan: Option<PrepToday>,
    /// The last request's generation.
    generation: u64,
    /// Cards given a prep grade in this run (deck, card indices): not
    /// asked again today, whichever plan is in use.
    done: HashSet<(usize, usize)>,
}

impl App {
    /// Turns interview mode on for `date` (`None`: off) with `per_day`
    /// prep reviews a day; a date before today turns it off with a note.
    pub fn set_interview(&mut self, date: Option<NaiveDate>, per_day: usize) {
        let today = self.study.today;
        self.stats.interview = Interview {
            date: date.filter(|&d| d >= today),
            per_day,
            ..Interview::default()
        };
        if let Some(d) = date.filter(|&d| d < today) {
            self.messages.notice = Some(format!(
                "The interview of {d} is past: interview mode is off (remove `interview` from config.toml)."
            ));
        }
    }

    /// The interview's day while interview mode is on.
    pub fn interview_date(&self) -> Option<NaiveDate> {
        self.stats.interview.date
    }

    /// Asks for a new plan, if interview mode is on.
    pub(in crate::tui) fn request_prep(&mut self) -> Option<Cmd> {
        self.stats.interview.date?;
        if let Some(cmd) = self.prep_after_text() {
            return cmd;
        }
        let iv = &mut self.stats.interview;
        let date = iv.date?;
        iv.generation += 1;
        Some(Cmd::ComputePrep(PrepRequest {
            generation: iv.generation,
            today: self.study.today,
            date,
            per_day: iv.per_day,
            decks: self
                .decks
                .iter()
                .map(|d| (d.id.clone(), d.cards.iter().map(|c| c.id.clone()).collect()))
                .collect(),
        }))
    }

    /// A plan arrived: kept if it answers the last request.
    pub(in crate::tui) fn prep_planned(
        &mut self,
        generation: u64,
        result: Result<Box<PrepToday>, String>,
    ) {
        if generation != self.stats.interview.generation {
            return;
        }
        match result {
            Ok(p) => self.stats.interview.plan = Some(*p),
            Err(e) => self.messages.error = Some(format!("Could not plan the interview prep: {e}")),
        }
    }

    /// The home screen's countdown: "Interview in 19 days · ready 72 %,
    /// 95 % if you keep the plan" (`None` when the mode is off).
    pub fn countdown(&self) -> Option<String> {
        let iv = &self.stats.interview;
        let date = iv.date?;
        let days = (date - self.study.today).num_days();
        let when = match days {
            0 => "Interview today".to_string(),
            1 => "Interview tomorrow".to_string(),
            n => format!("Interview in {}", plural(n, "day")),
        };
        let pct = |r: f32| format!("{:.0} %", r * 100.0);
        Some(match &iv.plan {
            None => format!("{when} · planning…"),
            Some(p) if days == 0 => format!("{when} · ready {}", pct(p.readiness)),
            Some(p) => format!(
                "{when} · ready {}, {} if you keep the plan",
                pct(p.readiness),
                pct(p.planned_readiness),
            ),
        })
    }

    /// Today's prep cards not in `queued` (the SM-2 items), not done in
    /// this run, not reviewed by SM-2 today and not set aside, as prep
    /// items; at most one card of a note a day, counting the notes studied
    /// today, those `queued` and the prep cards done in this run (the
    /// sibling rule of [`crate::session::siblings`]).
    pub(in crate::tui) fn prep_items(&self, queued: &[Item]) -> Vec<Item> {
        let Some(plan) = &self.stats.interview.plan else {
            return Vec::new();
        };
        let today = self.study.today;
        // A prep card takes its note as a scheduled review would.
        let as_review = |deck, card| Item {
            deck,
            card,
            kind: Kind::Review,
        };
        let mut apart = self.study.apart();
        for i in queued {
            apart.admit(*i);
        }
        for &(d, c) in &self.stats.interview.done {
            apart.admit(as_review(d, c));
        }
        plan.cards
            .iter()
            .filter_map(|r| {
                let d = self.decks.iter().position(|d| d.id == r.deck)?;
                let c = self
                    .decks
                    .get(d)?
                    .cards
                    .iter()
                    .position(|c| c.id == r.card)?;
                Some((d, c))
            })
            .filter(|&(d, c)| {
                let known = self.study.known(d, c);
                // A scheduled review today already did what a prep would.
                !self.stats.interview.done.contains(&(d, c))
                    && known.aside(today).is_none()
                    && known.last_reviewed() != Some(today)
                    && !queued.iter().any(|i| i.deck == d && i.card == c)
                    && apart.admit(as_review(d, c))
            })
            .map(|(deck, card)| Item {
                deck,
                card,
                kind: Kind::Prep,
            })
            .collect()
    }

    /// Remembers a prep grade of `item` (or forgets it, for an undo).
    pub(in crate::tui) fn prep_graded(&mut self, item: Item, graded: bool) {
        if item.kind != Kind::Prep {
            return;
        }
        let done = &mut self.stats.interview.done;
        if graded {
            done.insert((item.deck, item.card));
        } else {
            done.remove(&(item.deck, item.card));
        }
    }
}
