//! Repeats reported in groups: a deck where 160,000 cards share one id or
//! one front gets one diagnostic per repeated id or front (at its first
//! repeat, with the count and the first few lines), not one per card, so
//! `check` stays linear and its output readable.

use hashbrown::HashMap;
use std::ops::Range;

use super::Reporter;
use crate::diag::Severity;

/// Lines of repeats listed in a grouped diagnostic.
const LINES_SHOWN: usize = 5;

/// What is repeated; each kind has its own message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Kind {
    /// A card id used again (an error: the card is left out).
    Id,
    /// The same front, normalised (a warning).
    Front,
    /// Nearly the same front (a warning).
    NearFront,
    /// A reverse card's id already taken (an error).
    ReverseId,
    /// Two reverse cards asking the same question (a warning).
    ReverseFront,
}

/// One repeated id or front.
#[derive(Debug)]
struct Group {
    kind: Kind,
    /// The id, for the message (fronts are not quoted).
    id: String,
    /// The line of the card that first used it.
    first_line: usize,
    /// Where the first repeat is: the diagnostic is put there.
    blame: Range<usize>,
    /// The lines of the first [`LINES_SHOWN`] repeats.
    lines: Vec<usize>,
    /// How many repeats.
    count: usize,
}

/// The repeats found so far, grouped by kind and key.
#[derive(Debug, Default)]
pub(super) struct Repeats {
    groups: Vec<Group>,
    index: HashMap<(Kind, String), usize>,
}

impl Repeats {
    /// Records a repeat of `key` (an id or a normalised front; `id` is the
    /// id to quote, empty for fronts) first used on `first_line`, by the
    /// card on `line` whose `blame` span is reported.
    pub fn add(
        &mut self,
        kind: Kind,
        key: &str,
        id: &str,
        first_line: usize,
        blame: &Range<usize>,
        line: usize,
    ) {
        if let Some(&i) = self.index.get(&(kind, key.to_string())) {
            if let Some(g) = self.groups.get_mut(i) {
                g.count += 1;
                if g.lines.len() < LINES_SHOWN {
                    g.lines.push(line);
                }
            }
            return;
        }
        self.index
            .insert((kind, key.to_string()), self.groups.len());
        self.groups.push(Group {
            kind,
            id: id.to_string(),
            first_line,
            blame: blame.clone(),
            lines: vec![line],
            count: 1,
        });
    }

    /// Adds one diagnostic per group to `rep`.
    pub fn report(self, rep: &mut Reporter<'_>) {
        for g in self.groups {
            let (severity, mut message) = message(&g);
            if g.count > 1 {
                let lines: Vec<String> = g.lines.iter().map(ToString::to_string).collect();
                let more = if g.count > g.lines.len() { ", …" } else { "" };
                message.push_str(&format!(
                    " ({} cards repeat it, on lines {}{more})",
                    g.count,
                    lines.join(", ")
                ));
            }
            rep.push(g.blame, severity, message);
        }
    }
}

/// The severity and message of a group, as for a single repeat.
fn message(g: &Group) -> (Severity, String) {
    let (id, first) = (&g.id, g.first_line);
    match g.kind {
        Kind::Id => (
            Severity::Error,
            format!(
                "duplicate card id {id:?} (first used on line {first}): card ids must be unique within a deck"
            ),
        ),
        Kind::Front => (
            Severity::Warning,
            format!(
                "card has the same front as the card on line {first}: learners cannot tell them apart"
            ),
        ),
        Kind::NearFront => (
            Severity::Warning,
            format!(
                "card's front differs from the card on line {first} only in case, spacing or punctuation: learners cannot tell them apart; reword one of them"
            ),
        ),
        Kind::ReverseId => (
            Severity::Error,
            format!(
                "the reverse card of this card would have the id {id:?}, already used on line {first}: rename one of them"
            ),
        ),
        Kind::ReverseFront => (
            Severity::Warning,
            format!(
                "this card's reverse asks the same question (its back) as the reverse of the card on line {first}: set reverse = false on one of them or make the backs distinct"
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::parse;

    #[test]
    fn many_repeats_make_one_grouped_diagnostic() {
        let mut text = String::new();
        for i in 0..8 {
            text.push_str(&format!(
                "[[cards]]\nid = \"same\"\nfront = \"Q{i}\"\nback = \"b\"\n[[cards]]\nid = \"f{i}\"\nfront = \"Shared?\"\nback = \"b\"\n"
            ));
        }
        let (deck, diags) = parse(&text);
        assert!(deck.is_none());
        assert_eq!(diags.len(), 2, "{diags:#?}");
        assert_eq!(
            diags[0],
            "t.toml:10:6: error: duplicate card id \"same\" (first used on line 1): card ids must be unique within a deck (7 cards repeat it, on lines 9, 17, 25, 33, 41, …)"
        );
        assert_eq!(
            diags[1],
            "t.toml:14:6: warning: card has the same front as the card on line 5: learners cannot tell them apart (7 cards repeat it, on lines 13, 21, 29, 37, 45, …)"
        );
    }
}
