//! Reading `config.toml`, as strictly as a deck: an unknown key, a value of
//! the wrong type or out of range is an error at its `line:col`, with a
//! did-you-mean for a mistyped key.

use std::ops::Range;

use chrono::NaiveDate;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{MAX_PER_DAY, MAX_QUIZ_COUNT, MAX_QUIZ_SECONDS, Settings, Source};
use crate::diag::toml_value::{self, type_name};
use crate::diag::{Diagnostic, LineIndex};
use crate::text::{did_you_mean, sanitize};

/// Settings files larger than this are refused: a settings file is a few
/// lines.
pub const MAX_CONFIG_BYTES: usize = 64 * 1024;

/// The keys at the top of the file.
const KEYS: &[&str] = &[
    "new_per_day",
    "reviews_per_day",
    "colors",
    "interview",
    "prep_per_day",
    "quiz",
];

/// The keys of `[quiz]`.
const QUIZ_KEYS: &[&str] = &["typed", "count", "time"];

/// Syntax errors reported before the rest are left out.
const MAX_SYNTAX_ERRORS: usize = 10;

/// Collects the problems of one file, turning byte spans into lines and
/// columns.
struct Reporter<'a> {
    path: &'a str,
    index: LineIndex<'a>,
    diags: Vec<Diagnostic>,
}

impl Reporter<'_> {
    fn error(&mut self, span: Range<usize>, message: String) {
        let (line, col) = self.index.position(span.start);
        self.diags
            .push(Diagnostic::error(self.path, line, col, message));
    }

    /// Where a key's value comes from: the file at the key's line.
    fn source(&self, key: &Spanned<std::borrow::Cow<'_, str>>) -> Source {
        Source::File(self.index.position(key.span().start).0)
    }
}

/// The settings `bytes` (the file at `path`, named in the diagnostics)
/// give on top of the defaults, or every problem found.
pub fn parse(bytes: &[u8], path: &str) -> Result<Settings, Vec<Diagnostic>> {
    let one = |line, col, message| vec![Diagnostic::error(path, line, col, message)];
    if bytes.len() > MAX_CONFIG_BYTES {
        return Err(one(
            1,
            1,
            format!(
                "the settings file is {} KiB; more than {} KiB is not a settings file: check that this is the right file",
                bytes.len() / 1024,
                MAX_CONFIG_BYTES / 1024
            ),
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let prefix = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
        let (line, col) = LineIndex::new(prefix).position(prefix.len());
        one(
            line,
            col,
            "not valid UTF-8: re-save the settings file as UTF-8 text".to_string(),
        )
    })?;
    let mut rep = Reporter {
        path,
        index: LineIndex::new(text),
        diags: Vec::new(),
    };
    let (doc, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        for e in errors.iter().take(MAX_SYNTAX_ERRORS) {
            let message = e.message().split_whitespace().collect::<Vec<_>>().join(" ");
            rep.error(e.span().unwrap_or(0..0), format!("TOML syntax: {message}"));
        }
        return Err(rep.diags);
    }
    let mut s = Settings::default();
    for (key, value) in doc.get_ref().iter() {
        let src = rep.source(key);
        match key.get_ref().as_ref() {
            "new_per_day" => {
                if let Some(n) = per_day(&mut rep, "new_per_day", value) {
                    s.new_per_day.set(n, src);
                }
            }
            "reviews_per_day" => {
                if let Some(n) = per_day(&mut rep, "reviews_per_day", value) {
                    s.reviews_per_day.set(Some(n), src);
                }
            }
            "colors" => {
                if let Some(b) = boolean(&mut rep, "colors", value) {
                    s.colors.set(b, src);
                }
            }
            "interview" => {
                if let Some(d) = date(&mut rep, "interview", value) {
                    s.interview.set(Some(d), src);
                }
            }
            "prep_per_day" => {
                if let Some(n) = per_day(&mut rep, "prep_per_day", value) {
                    s.prep_per_day.set(n, src);
                }
            }
            "quiz" => quiz(&mut rep, value, &mut s),
            _ => unknown_key(&mut rep, key, "config.toml", KEYS),
        }
    }
    if rep.diags.is_empty() {
        Ok(s)
    } else {
        rep.diags.sort_by_key(|d| (d.line, d.col));
        Err(rep.diags)
    }
}

/// The `[quiz]` table.
fn quiz(rep: &mut Reporter<'_>, value: &Spanned<DeValue<'_>>, s: &mut Settings) {
    let DeValue::Table(t) = value.get_ref() else {
        let found = type_name(value.get_ref());
        rep.error(
            value.span(),
            format!("`quiz` must be a table (a [quiz] line, then its keys), found {found}"),
        );
        return;
    };
    for (key, value) in t.iter() {
        let src = rep.source(key);
        match key.get_ref().as_ref() {
            "typed" => {
                if let Some(b) = boolean(rep, "quiz.typed", value) {
                    s.quiz_typed.set(b, src);
                }
            }
            "count" => {
                if let Some(n) = whole(rep, "quiz.count", value, 1, MAX_QUIZ_COUNT) {
                    s.quiz_count.set(n, src);
                }
            }
            "time" => {
                if let Some(n) = whole(rep, "quiz.time", value, 0, MAX_QUIZ_SECONDS) {
                    s.quiz_time.set(n, src);
                }
            }
            _ => unknown_key(rep, key, "[quiz]", QUIZ_KEYS),
        }
    }
}

/// Reports a key not in `allowed` (in `place`), with the nearest allowed
/// key when one is close.
fn unknown_key(
    rep: &mut Reporter<'_>,
    key: &Spanned<std::borrow::Cow<'_, str>>,
    place: &str,
    allowed: &[&str],
) {
    let name = key.get_ref().as_ref();
    rep.error(
        key.span(),
        format!(
            "unknown key `{}` in {place}: {}the keys are {}",
            sanitize(name),
            did_you_mean(name, allowed.iter().copied()),
            allowed.join(", ")
        ),
    );
}

/// A boolean: errors if the value has another type.
fn boolean(rep: &mut Reporter<'_>, key: &str, v: &Spanned<DeValue<'_>>) -> Option<bool> {
    toml_value::boolean(key, v.get_ref())
        .map_err(|m| rep.error(v.span(), m))
        .ok()
}

/// A date: a string `"YYYY-MM-DD"` or a TOML date (`2027-01-15`).
fn date(rep: &mut Reporter<'_>, key: &str, v: &Spanned<DeValue<'_>>) -> Option<NaiveDate> {
    let text = match v.get_ref() {
        DeValue::String(s) => s.to_string(),
        DeValue::Datetime(d) if d.time.is_none() && d.offset.is_none() => d.to_string(),
        other => {
            let found = type_name(other);
            rep.error(
                v.span(),
                format!("`{key}` must be a date, as \"YYYY-MM-DD\", found {found}"),
            );
            return None;
        }
    };
    match NaiveDate::parse_from_str(&text, "%Y-%m-%d") {
        Ok(d) => Some(d),
        Err(_) => {
            rep.error(
                v.span(),
                format!(
                    "`{key}` is {:?}: not a date; write it as \"YYYY-MM-DD\", e.g. \"2027-01-15\"",
                    sanitize(&text)
                ),
            );
            None
        }
    }
}

/// A daily cap: a whole number from 0 to [`MAX_PER_DAY`].
fn per_day(rep: &mut Reporter<'_>, key: &str, v: &Spanned<DeValue<'_>>) -> Option<usize> {
    let max = u64::try_from(MAX_PER_DAY).unwrap_or(u64::MAX);
    whole(rep, key, v, 0, max).and_then(|n| usize::try_from(n).ok())
}

/// A whole number in `min..=max`: errors if the value has another type or
/// is out of range.
fn whole(
    rep: &mut Reporter<'_>,
    key: &str,
    v: &Spanned<DeValue<'_>>,
    min: u64,
    max: u64,
) -> Option<u64> {
    let DeValue::Integer(i) = v.get_ref() else {
        let found = type_name(v.get_ref());
        rep.error(
            v.span(),
            format!("`{key}` must be a whole number from {min} to {max}, found {found}"),
        );
        return None;
    };
    let n = u64::from_str_radix(i.as_str(), i.radix()).ok();
    match n.filter(|n| (min..=max).contains(n)) {
        Some(n) => Some(n),
        None => {
            rep.error(
                v.span(),
                format!(
                    "`{key}` is {}: it must be a whole number from {min} to {max}",
                    sanitize(&i.to_string())
                ),
            );
            None
        }
    }
}
