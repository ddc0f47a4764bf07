//! Keys as data: every key of every screen is a row of a table in
//! `tables.rs` (keys → action, with the help text beside them). Dispatch
//! reads the tables ([`dispatch`]), the `?` overlay lists them, the footer
//! hints name their keys ([`first_key`], [`keys_of`]), and the README's key
//! tables are rendered from them (`markdown.rs`, checked by a test).
//!
//! Adding a key is one row in one table, plus what its action does in the
//! screen's `apply`. Nothing outside this module names a key code.
//!
//! A key may be bound in several rows of a screen (Space reveals, then
//! scrolls a page): [`dispatch`] offers the actions in order, the most
//! specific binding first (Shift-↓ before ↓), then by row, and the first
//! action that applies in the current state wins.

#[cfg(test)]
mod markdown;
mod tables;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub use tables::{
    COPY_PROMPT, CopyAction, DEMO_PANE, FIND, FIND_CARD, FindAction, FindCardAction, GLOBAL,
    GlobalAction, HELP, HOME, HelpAction, HomeAction, QUITTING, QUIZ, QUIZ_SETUP, QuittingAction,
    QuizAction, REVIEW, ReviewAction, STATS, SUMMARY, SetupAction, StatsAction, SummaryAction,
};

/// A key, or every typed character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// This key with at least these modifiers (none: any modifiers, as a
    /// terminal sends `G` with Shift).
    Exact(KeyCode, KeyModifiers),
    /// Any character typed without Ctrl (text input).
    AnyChar,
}

impl Key {
    /// A character key.
    pub const fn ch(c: char) -> Key {
        Key::Exact(KeyCode::Char(c), KeyModifiers::NONE)
    }

    /// A non-character key (arrows, Enter, ...).
    pub const fn code(code: KeyCode) -> Key {
        Key::Exact(code, KeyModifiers::NONE)
    }

    /// Ctrl and a character.
    pub const fn ctrl(c: char) -> Key {
        Key::Exact(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    /// Shift and a non-character key.
    pub const fn shift(code: KeyCode) -> Key {
        Key::Exact(code, KeyModifiers::SHIFT)
    }

    /// How specific the binding is: a binding that needs modifiers comes
    /// before one that takes any, and any character comes last.
    fn rank(&self) -> u8 {
        match self {
            Key::Exact(_, m) if !m.is_empty() => 0,
            Key::Exact(..) => 1,
            Key::AnyChar => 2,
        }
    }

    /// Whether `ev` is this key.
    pub fn matches(&self, ev: &KeyEvent) -> bool {
        match self {
            Key::Exact(code, mods) => ev.code == *code && ev.modifiers.contains(*mods),
            Key::AnyChar => {
                matches!(ev.code, KeyCode::Char(_)) && !ev.modifiers.contains(KeyModifiers::CONTROL)
            }
        }
    }

    /// The key's name as the help shows it (`j`, `↑`, `PgDn`, `Ctrl-C`).
    pub fn name(&self) -> String {
        let (code, mods) = match self {
            Key::Exact(code, mods) => (code, *mods),
            Key::AnyChar => return "letters".to_string(),
        };
        let base = match code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) => {
                c.to_uppercase().to_string()
            }
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Up => "↑".to_string(),
            KeyCode::Down => "↓".to_string(),
            KeyCode::Left => "←".to_string(),
            KeyCode::Right => "→".to_string(),
            KeyCode::PageUp => "PgUp".to_string(),
            KeyCode::PageDown => "PgDn".to_string(),
            KeyCode::BackTab => "Shift-Tab".to_string(),
            other => other.to_string(),
        };
        let mut out = String::new();
        if mods.contains(KeyModifiers::CONTROL) {
            out.push_str("Ctrl-");
        }
        if mods.contains(KeyModifiers::SHIFT) {
            out.push_str("Shift-");
        }
        out + &base
    }
}

/// The character a key types, for text input (an answer, a seed).
pub fn typed_char(ev: &KeyEvent) -> Option<char> {
    match ev.code {
        KeyCode::Char(c) if Key::AnyChar.matches(ev) => Some(c),
        _ => None,
    }
}

/// One line of a screen's help: keys bound to actions, and what they do.
#[derive(Debug)]
pub struct Row<A: 'static> {
    /// The keys and the action each one asks for.
    pub keys: &'static [(Key, A)],
    /// How the help names the keys, when not by listing them (`0 - 5`).
    pub label: Option<&'static str>,
    /// What the keys do.
    pub help: &'static str,
}

impl<A> Row<A> {
    /// The keys as the help names them: the label, or each key's name once.
    pub fn keys_label(&self) -> String {
        if let Some(label) = self.label {
            return label.to_string();
        }
        let mut names: Vec<String> = Vec::new();
        for (k, _) in self.keys {
            let n = k.name();
            if !names.contains(&n) {
                names.push(n);
            }
        }
        names.join(" ")
    }
}

/// A table row: `row!("help"; key => action, ...)`, optionally with a
/// `label = "..."` before the `;`.
macro_rules! row {
    ($help:literal; $($key:expr => $action:expr),+ $(,)?) => {
        $crate::tui::keymap::Row { keys: &[$(($key, $action)),+], label: None, help: $help }
    };
    ($help:literal, label = $label:literal; $($key:expr => $action:expr),+ $(,)?) => {
        $crate::tui::keymap::Row { keys: &[$(($key, $action)),+], label: Some($label), help: $help }
    };
}
pub(crate) use row;

/// The actions bound to `ev` in `tables` (searched in order), the most
/// specific binding first, then in table and row order.
pub fn actions<A: Copy>(tables: &[&[Row<A>]], ev: &KeyEvent) -> Vec<A> {
    let mut found: Vec<(u8, A)> = tables
        .iter()
        .flat_map(|t| t.iter())
        .flat_map(|row| row.keys.iter())
        .filter(|(k, _)| k.matches(ev))
        .map(|(k, a)| (k.rank(), *a))
        .collect();
    // A stable sort keeps the table order within a rank.
    found.sort_by_key(|(rank, _)| *rank);
    found.into_iter().map(|(_, a)| a).collect()
}

/// Offers the actions bound to `ev` to `apply` in order until one applies
/// (returns `Some`); `None` if none does.
pub fn dispatch<A: Copy, R>(
    tables: &[&[Row<A>]],
    ev: &KeyEvent,
    mut apply: impl FnMut(A) -> Option<R>,
) -> Option<R> {
    actions(tables, ev).into_iter().find_map(&mut apply)
}

/// The name of the first key bound to `action` (for footer hints).
pub fn first_key<A: PartialEq>(table: &[Row<A>], action: A) -> String {
    table
        .iter()
        .flat_map(|r| r.keys.iter())
        .find(|(_, a)| *a == action)
        .map(|(k, _)| k.name())
        .unwrap_or_default()
}

/// `from`'s first key, a dash, `to`'s (`0-5`).
pub fn range<A: PartialEq>(table: &[Row<A>], from: A, to: A) -> String {
    format!("{}-{}", first_key(table, from), first_key(table, to))
}

/// `a`'s first key, a slash, `b`'s (`j/k`): two keys of one hint.
pub fn either<A: PartialEq>(table: &[Row<A>], a: A, b: A) -> String {
    format!("{}/{}", first_key(table, a), first_key(table, b))
}

/// The names of every key bound to `action`, joined by `sep`.
pub fn keys_of<A: PartialEq>(table: &[Row<A>], action: A, sep: &str) -> String {
    let mut names: Vec<String> = Vec::new();
    for (k, _) in table
        .iter()
        .flat_map(|r| r.keys.iter())
        .filter(|(_, a)| *a == action)
    {
        let n = k.name();
        if !names.contains(&n) {
            names.push(n);
        }
    }
    names.join(sep)
}

/// The help lines of `table`: `(keys, what they do)`.
pub fn help<A>(table: &[Row<A>]) -> impl Iterator<Item = (String, &'static str)> + '_ {
    table.iter().map(|r| (r.keys_label(), r.help))
}

#[cfg(test)]
mod tests;
