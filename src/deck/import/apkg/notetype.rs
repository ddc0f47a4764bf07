//! What an Anki note type becomes, told by its structure (the cloze flag,
//! its fields and which field each card template asks), never by its name,
//! which the user may have changed or translated:
//! - **basic**: one template, two fields, the question shows one of them:
//!   that field is the front, the other the back (Anki's "Basic" and
//!   "Basic (type in the answer)");
//! - **reversible**: two templates, the first asking one field and the
//!   second the other ("Basic (and reversed card)"), plus, for "Basic
//!   (optional reversed card)", a third field that only switches the second
//!   card on (`{{#Add Reverse}}…`) and is not text;
//! - **cloze**: the cloze flag; the text is the field the template shows
//!   with `{{cloze:…}}`, the other fields are the extra back;
//! - anything else: the first field is the front, the others the back.

/// A note type as the collection describes it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Notetype {
    /// Its name (as the user named it).
    pub name: String,
    /// Anki's cloze flag.
    pub cloze: bool,
    /// Field names, in order.
    pub fields: Vec<String>,
    /// Each card template's question format, in order.
    pub questions: Vec<String>,
}

/// How a note of a type becomes a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mapping {
    /// Field `front` is the front and `back` the back.
    Basic { front: usize, back: usize },
    /// As `Basic`, and the second card (template 1), where the note has
    /// it, is the reverse card.
    Reversible { front: usize, back: usize },
    /// Field `text` is the cloze text; the others are the extra back.
    Cloze { text: usize },
    /// The first field is the front, the others (named) the back.
    Other,
}

/// What a template's `{{…}}` names.
#[derive(Debug, Default)]
struct Refs {
    /// Fields shown as they are (not `type:`, not in a conditional tag).
    shown: Vec<String>,
    /// Fields shown through `cloze:`.
    cloze: Vec<String>,
    /// Fields that open a section: `{{#Field}}` or `{{^Field}}`.
    conditions: Vec<String>,
}

/// Names Anki fills in itself, not fields.
const SPECIAL: &[&str] = &[
    "FrontSide",
    "Tags",
    "Type",
    "Deck",
    "Subdeck",
    "Card",
    "CardFlag",
    "CardID",
];

fn refs(template: &str) -> Refs {
    let mut r = Refs::default();
    let mut rest = template;
    while let Some(i) = rest.find("{{") {
        rest = &rest[i + 2..];
        let Some(end) = rest.find("}}") else { break };
        let inner = rest[..end].trim();
        rest = &rest[end + 2..];
        if let Some(name) = inner.strip_prefix(['#', '^']) {
            r.conditions.push(name.trim().to_string());
            continue;
        }
        if inner.starts_with(['/', '!']) {
            continue;
        }
        let mut parts = inner.rsplitn(2, ':');
        let name = parts.next().unwrap_or_default().trim().to_string();
        let filters = parts.next().unwrap_or_default();
        if SPECIAL.contains(&name.as_str()) {
            continue;
        }
        if filters.split(':').any(|f| f.trim() == "cloze") {
            r.cloze.push(name);
        } else if !filters.split(':').any(|f| f.trim() == "type") {
            r.shown.push(name);
        }
    }
    r
}

impl Notetype {
    fn index(&self, field: &str) -> Option<usize> {
        self.fields.iter().position(|f| f == field)
    }

    /// The one field template `t`'s question shows, if it shows one.
    fn asks(&self, t: usize) -> Option<usize> {
        let r = refs(self.questions.get(t)?);
        match r.shown.as_slice() {
            [one] => self.index(one),
            _ => None,
        }
    }

    /// How its notes become cards.
    pub(super) fn mapping(&self) -> Mapping {
        if self.cloze {
            let text = self
                .questions
                .first()
                .and_then(|q| refs(q).cloze.into_iter().find_map(|f| self.index(&f)))
                .unwrap_or(0);
            return Mapping::Cloze { text };
        }
        let other = |i: usize| 1 - i;
        match (self.questions.len(), self.fields.len()) {
            (1, 2) => match self.asks(0) {
                Some(front) => Mapping::Basic {
                    front,
                    back: other(front),
                },
                None => Mapping::Other,
            },
            (2, 2 | 3) => match (self.asks(0), self.asks(1)) {
                (Some(front), Some(back)) if front < 2 && back == other(front) => {
                    // A third field may only switch the reverse card on.
                    let switch_only = match (self.fields.get(2), self.questions.as_slice()) {
                        (None, _) => true,
                        (Some(switch), [q0, q1]) => {
                            refs(q1).conditions.contains(switch) && !refs(q0).shown.contains(switch)
                        }
                        _ => false,
                    };
                    if switch_only {
                        Mapping::Reversible { front, back }
                    } else {
                        Mapping::Other
                    }
                }
                _ => Mapping::Other,
            },
            _ => Mapping::Other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nt(cloze: bool, fields: &[&str], questions: &[&str]) -> Notetype {
        Notetype {
            name: "any name".into(),
            cloze,
            fields: fields.iter().map(|s| s.to_string()).collect(),
            questions: questions.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn anki_stock_types_by_structure_whatever_their_names() {
        let basic = nt(false, &["Vorderseite", "Rückseite"], &["{{Vorderseite}}"]);
        assert_eq!(basic.mapping(), Mapping::Basic { front: 0, back: 1 });
        let typed = nt(false, &["Front", "Back"], &["{{Front}}\n\n{{type:Back}}"]);
        assert_eq!(typed.mapping(), Mapping::Basic { front: 0, back: 1 });
        let swapped = nt(false, &["Back", "Front"], &["{{ Front }}"]);
        assert_eq!(swapped.mapping(), Mapping::Basic { front: 1, back: 0 });
        let reversed = nt(false, &["Front", "Back"], &["{{Front}}", "{{Back}}"]);
        assert_eq!(
            reversed.mapping(),
            Mapping::Reversible { front: 0, back: 1 }
        );
        let optional = nt(
            false,
            &["Front", "Back", "Add Reverse"],
            &["{{Front}}", "{{#Add Reverse}}{{Back}}{{/Add Reverse}}"],
        );
        assert_eq!(
            optional.mapping(),
            Mapping::Reversible { front: 0, back: 1 }
        );
        let cloze = nt(true, &["Extra", "Text"], &["{{cloze:Text}}"]);
        assert_eq!(cloze.mapping(), Mapping::Cloze { text: 1 });
    }

    #[test]
    fn other_shapes_are_other() {
        let three = nt(false, &["Word", "Meaning", "Example"], &["{{Word}}"]);
        assert_eq!(three.mapping(), Mapping::Other);
        let both = nt(false, &["A", "B"], &["{{A}} {{B}}"]);
        assert_eq!(both.mapping(), Mapping::Other);
        let third_shown = nt(
            false,
            &["Front", "Back", "Note"],
            &[
                "{{Front}}{{#Note}}{{Note}}{{/Note}}",
                "{{#Note}}{{Back}}{{/Note}}",
            ],
        );
        assert_eq!(third_shown.mapping(), Mapping::Other);
        assert_eq!(nt(false, &[], &[]).mapping(), Mapping::Other);
        assert_eq!(
            nt(false, &["A", "B"], &["{{broken"]).mapping(),
            Mapping::Other
        );
    }
}
