//! `concur simulate`: one card through a sequence of grades.

use chrono::NaiveDate;
use serde::Serialize;

use super::Env;
use crate::cli::SimulateArgs;
use crate::sched::{Ef, Grade, Sm2State};

/// One row of the simulation.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Step {
    /// The grade given.
    pub grade: u8,
    /// n after it.
    pub n: u32,
    /// ef after it.
    pub ef: Ef,
    /// interval after it.
    pub interval: u32,
}

/// Runs the grades from `start`, each on the day the previous one set.
pub fn simulate(start: Sm2State, grades: &[Grade], first_day: NaiveDate) -> Vec<(Step, NaiveDate)> {
    let mut state = start;
    let mut day = first_day;
    grades
        .iter()
        .map(|&g| {
            state = state.review(g, day);
            day = state.due.unwrap_or(day);
            let step = Step {
                grade: g.value(),
                n: state.n,
                ef: state.ef,
                interval: state.interval,
            };
            (step, day)
        })
        .collect()
}

/// The command.
pub fn run(env: &Env, args: &SimulateArgs) -> anyhow::Result<i32> {
    let start = args.from.unwrap_or(Sm2State::NEW);
    let grades: Vec<Grade> = args
        .grades
        .iter()
        .flat_map(|g| g.0.iter().copied())
        .collect();
    let today = env.clock.today();
    let steps = simulate(start, &grades, today);
    if args.json {
        let rows: Vec<&Step> = steps.iter().map(|(s, _)| s).collect();
        out!("{}", crate::text::json::to_string(&rows)?);
        return Ok(0);
    }
    out!(
        "start: n={} ef={} interval={} (first review on {today})",
        start.n,
        start.ef,
        start.interval
    );
    out!(
        "{:>4}  {:>5}  {:>4}  {:>5}  {:>8}  {:<10}",
        "step",
        "grade",
        "n",
        "ef",
        "interval",
        "next due"
    );
    for (i, (s, due)) in steps.iter().enumerate() {
        out!(
            "{:>4}  {:>5}  {:>4}  {:>5}  {:>8}  {:<10}",
            i + 1,
            s.grade,
            s.n,
            s.ef.to_string(),
            s.interval,
            due.to_string()
        );
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn each_grade_lands_on_its_due_day() {
        let day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let five = Grade::new(5).unwrap();
        let steps = simulate(Sm2State::NEW, &[five, five, five], day);
        let dues: Vec<String> = steps.iter().map(|(_, d)| d.to_string()).collect();
        assert_eq!(dues, vec!["2026-01-02", "2026-01-08", "2026-01-25"]);
    }
}
