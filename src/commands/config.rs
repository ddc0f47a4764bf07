//! `concur config [--json]`: the settings in effect and where each came
//! from (the default, a line of `$DATA/config.toml`, the command line,
//! `NO_COLOR`).

use serde_json::{Value, json};

use super::Env;
use crate::config::{Setting, Settings};

/// Prints the settings.
pub fn run(env: &Env, as_json: bool) -> anyhow::Result<i32> {
    let path = env.data.config();
    let found = path.is_file();
    let shown = path.display().to_string();
    if as_json {
        let doc = json!({
            "file": shown,
            "found": found,
            "settings": settings_json(&env.settings),
        });
        out!("{}", crate::text::json::to_string(&doc)?);
        return Ok(0);
    }
    if found {
        out!("Settings file: {shown}");
    } else {
        out!("Settings file: {shown} (none: the defaults apply)");
    }
    out!();
    let rows = env.settings.rows();
    let key_w = rows.iter().map(|r| r.0.len()).fold("KEY".len(), usize::max);
    let value_w = rows
        .iter()
        .map(|r| r.1.len())
        .fold("VALUE".len(), usize::max);
    out!("{:<key_w$}  {:<value_w$}  FROM", "KEY", "VALUE");
    for (key, value, source) in rows {
        out!("{key:<key_w$}  {value:<value_w$}  {source}");
    }
    Ok(0)
}

/// Each setting as `{"value": …, "source": "…"}`, by key; `null` is no
/// review cap, a `quiz.time` of 0 is untimed.
fn settings_json(s: &Settings) -> Value {
    fn one<T: serde::Serialize>(s: &Setting<T>) -> Value {
        json!({"value": s.value, "source": s.source.to_string()})
    }
    json!({
        "new_per_day": one(&s.new_per_day),
        "reviews_per_day": one(&s.reviews_per_day),
        "colors": one(&s.colors),
        "quiz.typed": one(&s.quiz_typed),
        "quiz.count": one(&s.quiz_count),
        "quiz.time": one(&s.quiz_time),
        "interview": one(&s.interview),
        "prep_per_day": one(&s.prep_per_day),
    })
}
