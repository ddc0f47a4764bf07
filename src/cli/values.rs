//! The parsers of option and argument values that clap cannot check by
//! itself: a value they reject is a usage error (exit 2), reported by clap
//! with the argument it belongs to.

use chrono::NaiveDate;

use crate::sched::{Ef, Grade, Sm2State};

/// `--today YYYY-MM-DD`.
pub fn day(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|e| format!("{e}: write the date as YYYY-MM-DD, e.g. 2026-11-25"))
}

/// A daily cap on reviews; `None`: no cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReviewCap(pub Option<usize>);

/// `--reviews-per-day N|unlimited`.
pub fn review_cap(s: &str) -> Result<ReviewCap, String> {
    if s == "unlimited" {
        return Ok(ReviewCap(None));
    }
    s.parse::<usize>()
        .ok()
        .filter(|&n| n <= crate::config::MAX_PER_DAY)
        .map(|n| ReviewCap(Some(n)))
        .ok_or_else(|| {
            format!(
                "write a whole number from 0 to {}, or `unlimited`",
                crate::config::MAX_PER_DAY
            )
        })
}

/// `--from N,EF,INTERVAL`: a card's SM-2 state.
pub fn state(s: &str) -> Result<Sm2State, String> {
    let parts: Vec<&str> = s.split(',').map(str::trim).collect();
    let [n, ef, interval] = parts.as_slice() else {
        return Err("write three values N,EF,INTERVAL, e.g. --from 2,2.36,6".into());
    };
    let n: u32 = n
        .parse()
        .map_err(|_| format!("N {n:?} must be a whole number >= 0"))?;
    let ef: Ef = ef.parse().map_err(|e| format!("{e}"))?;
    let interval: u32 = interval
        .parse()
        .map_err(|_| format!("INTERVAL {interval:?} must be a whole number of days >= 0"))?;
    Ok(Sm2State {
        n,
        ef,
        interval,
        due: None,
    })
}

/// The grades of one argument of `concur simulate`: one grade, or several
/// separated by commas (`5,4,3`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grades(pub Vec<Grade>);

/// One argument of `concur simulate`: grades 0-5, comma-separated.
pub fn grades(s: &str) -> Result<Grades, String> {
    s.split(',')
        .map(str::trim)
        .filter(|g| !g.is_empty())
        .map(|g| {
            g.parse::<u8>()
                .ok()
                .and_then(Grade::new)
                .ok_or_else(|| format!("grade {g:?} is not a whole number from 0 to 5"))
        })
        .collect::<Result<Vec<Grade>, String>>()
        .map(Grades)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn parses_states_and_grades() {
        let s = state("2, 2.36 ,6").unwrap();
        assert_eq!((s.n, s.ef.hundredths(), s.interval), (2, 236, 6));
        for bad in ["2,2.36", "x,2.5,0", "0,1.0,0", "0,2.5,-1"] {
            assert!(state(bad).is_err(), "{bad}");
        }
        let g = grades("5,4, 3").unwrap();
        assert_eq!(
            g.0.iter().map(|g| g.value()).collect::<Vec<_>>(),
            vec![5, 4, 3]
        );
        for bad in ["6", "-1", "a", "5,6"] {
            assert!(grades(bad).is_err(), "{bad}");
        }
    }
}
