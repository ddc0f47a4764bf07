//! What the strict TOML files (decks, the settings file) say about a value
//! of the wrong type: its type in words, and the check of a boolean.

use toml::de::DeValue;

/// How a value's type is named in messages ("a string", "an integer").
pub fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// The boolean `v` (the value of `key`), or the message for a value of
/// another type.
pub fn boolean(key: &str, v: &DeValue<'_>) -> Result<bool, String> {
    match v {
        DeValue::Boolean(b) => Ok(*b),
        other => Err(format!(
            "`{key}` must be true or false (without quotes), found {}",
            type_name(other)
        )),
    }
}
