//! `concur simulate`: one card through a sequence of grades.

use anyhow::{Context, bail};
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

/// Parses `N,EF,INTERVAL`.
pub fn parse_from(s: &str) -> anyhow::Result<Sm2State> {
    let parts: Vec<&str> = s.split(',').map(str::trim).collect();
    let [n, ef, interval] = parts.as_slice() else {
        bail!("--from {s:?}: write three values N,EF,INTERVAL, e.g. --from 2,2.36,6");
    };
    let n: u32 = n
        .parse()
        .with_context(|| format!("--from {s:?}: N {n:?} must be a whole number >= 0"))?;
    let ef: Ef = ef.parse().with_context(|| format!("--from {s:?}"))?;
    let interval: u32 = interval.parse().with_context(|| {
        format!("--from {s:?}: INTERVAL {interval:?} must be a whole number of days >= 0")
    })?;
    Ok(Sm2State {
        n,
        ef,
        interval,
        due: None,
    })
}

/// Parses grades given as separate arguments or comma-separated.
pub fn parse_grades(args: &[String]) -> anyhow::Result<Vec<Grade>> {
    args.iter()
        .flat_map(|a| a.split(',').map(str::trim).filter(|s| !s.is_empty()))
        .map(|g| {
            g.parse::<u8>()
                .ok()
                .and_then(Grade::new)
                .with_context(|| format!("grade {g:?} is not a whole number from 0 to 5"))
        })
        .collect()
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
    let start = match &args.from {
        Some(s) => parse_from(s)?,
        None => Sm2State::NEW,
    };
    let grades = parse_grades(&args.grades)?;
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
    fn parses_from_and_grades() {
        let s = parse_from("2, 2.36 ,6").unwrap();
        assert_eq!((s.n, s.ef.hundredths(), s.interval), (2, 236, 6));
        assert!(parse_from("2,2.36").is_err());
        assert!(parse_from("x,2.5,0").is_err());
        assert!(parse_from("0,1.0,0").is_err());
        let g = parse_grades(&["5".into(), "4,3".into()]).unwrap();
        assert_eq!(
            g.iter().map(|g| g.value()).collect::<Vec<_>>(),
            vec![5, 4, 3]
        );
        assert!(parse_grades(&["6".into()]).is_err());
        assert!(parse_grades(&["-1".into()]).is_err());
    }

    #[test]
    fn each_grade_lands_on_its_due_day() {
        let day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let five = Grade::new(5).unwrap();
        let steps = simulate(Sm2State::NEW, &[five, five, five], day);
        let dues: Vec<String> = steps.iter().map(|(_, d)| d.to_string()).collect();
        assert_eq!(dues, vec!["2026-01-02", "2026-01-08", "2026-01-25"]);
    }
}
