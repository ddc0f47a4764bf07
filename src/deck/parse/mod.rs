//! Turning one deck file's text into a [`Deck`], reporting every problem with
//! its line and column.

use hashbrown::HashMap;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

use super::{Card, Deck, DeckSource, DemoRef, hashed_card_id};
use crate::diag::{Diagnostic, LineIndex, Severity};
use crate::text::{normalize_ws_case, sanitize};

/// Deck files larger than this are refused (with a clear error) rather than
/// parsed: a TOML parse costs many times the file's size in memory.
pub const MAX_DECK_BYTES: usize = 16 * 1024 * 1024;

/// TOML syntax errors reported per file before the rest are summarised.
const MAX_SYNTAX_ERRORS: usize = 20;

/// Cards with a side longer than this many characters get a warning.
pub const LONG_SIDE_CHARS: usize = 500;

/// Appended to a card's id to make the id of its reverse (back -> front)
/// card: `reverse = true` on card `gil` also schedules card `gil~rev`.
/// Fixed forever: review history is keyed by it.
pub const REVERSE_SUFFIX: &str = "~rev";

const DECK_KEYS: &[&str] = &["id", "name", "description", "tags", "reverse"];
const CARD_KEYS: &[&str] = &[
    "id", "front", "back", "accept", "explain", "tags", "demo", "reverse",
];
const DEMO_KEYS: &[&str] = &["name", "workers", "seconds"];

struct Ctx<'a> {
    path: &'a str,
    index: LineIndex<'a>,
    diags: Vec<Diagnostic>,
}

impl Ctx<'_> {
    fn push(&mut self, span: Range<usize>, severity: Severity, message: String) {
        let (line, col) = self.index.position(span.start);
        self.diags.push(Diagnostic {
            path: self.path.to_string(),
            line,
            col,
            severity,
            message,
        });
    }

    fn error(&mut self, span: Range<usize>, message: String) {
        self.push(span, Severity::Error, message);
    }

    fn warn(&mut self, span: Range<usize>, message: String) {
        self.push(span, Severity::Warning, message);
    }

    fn has_errors(&self) -> bool {
        self.diags.iter().any(Diagnostic::is_error)
    }
}

/// Parses the bytes of one deck file.
///
/// `path` is used in diagnostics; `default_id` is the deck id when `[deck]`
/// sets none (the file stem). Returns the deck only if the file has no
/// errors, and every diagnostic found, sorted by position.
pub fn parse_deck(
    bytes: &[u8],
    path: &str,
    default_id: &str,
    source: DeckSource,
) -> (Option<Deck>, Vec<Diagnostic>) {
    let one = |line, col, message: String| {
        vec![Diagnostic {
            path: path.to_string(),
            line,
            col,
            severity: Severity::Error,
            message,
        }]
    };
    if bytes.len() > MAX_DECK_BYTES {
        let msg = format!(
            "deck file is {} MiB; decks over {} MiB are not loaded: split it into several decks",
            bytes.len() / (1024 * 1024),
            MAX_DECK_BYTES / (1024 * 1024)
        );
        return (None, one(1, 1, msg));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            // The valid prefix is UTF-8, so this never fails.
            let prefix = std::str::from_utf8(good).unwrap_or_default();
            let (line, col) = LineIndex::new(prefix).position(prefix.len());
            let msg = format!(
                "not valid UTF-8 (bad byte at offset {}): decks must be UTF-8 text; re-save the file as UTF-8",
                e.valid_up_to()
            );
            return (None, one(line, col, msg));
        }
    };
    let mut ctx = Ctx {
        path,
        index: LineIndex::new(text),
        diags: Vec::new(),
    };
    let (doc, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        let total = errors.len();
        for e in errors.into_iter().take(MAX_SYNTAX_ERRORS) {
            let span = e.span().unwrap_or(0..0);
            ctx.error(span, format!("TOML syntax: {}", one_line(e.message())));
        }
        if total > MAX_SYNTAX_ERRORS {
            let end = text.len();
            ctx.error(
                end..end,
                format!(
                    "{} more TOML syntax errors not shown: is this a TOML deck file?",
                    total - MAX_SYNTAX_ERRORS
                ),
            );
        }
        return (None, ctx.diags);
    }
    let deck = build_deck(&mut ctx, doc.get_ref(), default_id, source);
    let mut diags = ctx.diags;
    diags.sort_by_key(|d| (d.line, d.col));
    let ok = !diags.iter().any(Diagnostic::is_error);
    (if ok { deck } else { None }, diags)
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn type_name(v: &DeValue<'_>) -> &'static str {
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

fn unknown_key(
    ctx: &mut Ctx<'_>,
    key: &Spanned<std::borrow::Cow<'_, str>>,
    place: &str,
    allowed: &[&str],
) {
    let name = key.get_ref().as_ref();
    let hint = allowed
        .iter()
        .map(|a| (strsim::levenshtein(a, name), a))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, a)| format!("did you mean `{a}`? "))
        .unwrap_or_default();
    ctx.error(
        key.span(),
        format!(
            "unknown key `{}` in {place}: {hint}allowed keys are {}",
            sanitize(name),
            allowed.join(", ")
        ),
    );
}

/// A string value: errors if it has another type.
fn string<'a>(ctx: &mut Ctx<'_>, key: &str, v: &'a Spanned<DeValue<'_>>) -> Option<&'a str>
where
{
    match v.get_ref() {
        DeValue::String(s) => Some(s.as_ref()),
        other => {
            let found = type_name(other);
            ctx.error(
                v.span(),
                format!("`{key}` must be a string, found {found}: put the text in quotes"),
            );
            None
        }
    }
}

fn string_array(
    ctx: &mut Ctx<'_>,
    key: &str,
    v: &Spanned<DeValue<'_>>,
) -> Vec<(String, Range<usize>)> {
    let DeValue::Array(items) = v.get_ref() else {
        let found = type_name(v.get_ref());
        ctx.error(
            v.span(),
            format!(
                "`{key}` must be an array of strings, found {found}: write {key} = [\"a\", \"b\"]"
            ),
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items.iter() {
        match item.get_ref() {
            DeValue::String(s) => out.push((sanitize(s), item.span())),
            other => {
                let found = type_name(other);
                ctx.error(
                    item.span(),
                    format!("every entry of `{key}` must be a string, found {found}"),
                );
            }
        }
    }
    out
}

/// A boolean value: errors if it has another type.
fn boolean(ctx: &mut Ctx<'_>, key: &str, v: &Spanned<DeValue<'_>>) -> Option<bool> {
    match v.get_ref() {
        DeValue::Boolean(b) => Some(*b),
        other => {
            let found = type_name(other);
            ctx.error(
                v.span(),
                format!("`{key}` must be true or false (without quotes), found {found}"),
            );
            None
        }
    }
}

/// The key under which two fronts count as near-duplicates: lowercase,
/// punctuation dropped, whitespace collapsed.
pub(crate) fn near_duplicate_key(front: &str) -> String {
    let kept: String = front
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_lowercase().next().unwrap_or(c)
            } else {
                ' '
            }
        })
        .collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn warn_long_sides(ctx: &mut Ctx<'_>, card: &Card, span: Range<usize>, number: usize) {
    for (side, text) in [("front", &card.front), ("back", &card.back)] {
        let n = text.chars().count();
        if n > LONG_SIDE_CHARS {
            ctx.warn(
                span.clone(),
                format!(
                    "card {number}: the {side} is {n} characters long (over {LONG_SIDE_CHARS}): split it into smaller cards or move detail into `explain`"
                ),
            );
        }
    }
}

/// The back -> front card of a card with `reverse` on.
fn reverse_of(card: &Card) -> Card {
    Card {
        id: format!("{}{REVERSE_SUFFIX}", card.id),
        has_explicit_id: card.has_explicit_id,
        front: card.back.clone(),
        back: card.front.clone(),
        // Typed-answer alternatives belong to the back, which is now asked.
        accept: Vec::new(),
        explain: card.explain.clone(),
        tags: card.tags.clone(),
        demo: card.demo.clone(),
        line: card.line,
        reverse: card.reverse,
        reverse_of: Some(card.id.clone()),
    }
}

fn valid_id(ctx: &mut Ctx<'_>, what: &str, id: &str, span: Range<usize>) -> bool {
    if id.trim().is_empty() {
        ctx.error(
            span,
            format!("`id` of the {what} is empty: write a short slug like \"gil-basics\""),
        );
        false
    } else if id.chars().any(|c| c.is_whitespace() || c.is_control()) {
        ctx.error(
            span,
            format!("{what} id {id:?} contains spaces or control characters: use letters, digits and '-'"),
        );
        false
    } else {
        true
    }
}

fn build_deck(
    ctx: &mut Ctx<'_>,
    root: &DeTable<'_>,
    default_id: &str,
    source: DeckSource,
) -> Option<Deck> {
    let mut deck = Deck {
        id: default_id.to_string(),
        name: String::new(),
        description: String::new(),
        tags: Vec::new(),
        reverse: false,
        cards: Vec::new(),
        source,
        id_pos: (1, 1),
    };
    let mut cards_array: Option<&DeArray<'_>> = None;
    for (key, value) in root.iter() {
        match key.get_ref().as_ref() {
            "deck" => match value.get_ref() {
                DeValue::Table(t) => read_deck_table(ctx, t, &mut deck),
                other => {
                    let found = type_name(other);
                    ctx.error(
                        value.span(),
                        format!("`deck` must be a table ([deck]), found {found}"),
                    );
                }
            },
            "cards" => match value.get_ref() {
                DeValue::Array(a) => cards_array = Some(a),
                other => {
                    let found = type_name(other);
                    ctx.error(
                        value.span(),
                        format!("`cards` must be an array of tables ([[cards]]), found {found}"),
                    );
                }
            },
            _ => unknown_key(ctx, key, "the file", &["deck", "cards"]),
        }
    }
    if deck.name.is_empty() {
        deck.name = deck.id.clone();
    }
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut fronts: HashMap<String, usize> = HashMap::new();
    let mut near_fronts: HashMap<String, usize> = HashMap::new();
    let mut reverse_fronts: HashMap<String, usize> = HashMap::new();
    if let Some(cards) = cards_array {
        for (i, item) in cards.iter().enumerate() {
            let DeValue::Table(t) = item.get_ref() else {
                let found = type_name(item.get_ref());
                ctx.error(
                    item.span(),
                    format!("card {} must be a table ([[cards]]), found {found}", i + 1),
                );
                continue;
            };
            if let Some((card, id_span)) = read_card(ctx, t, item.span(), i + 1) {
                if let Some(first) = ids.get(&card.id) {
                    let msg = format!(
                        "duplicate card id {:?} (first used on line {first}): card ids must be unique within a deck",
                        card.id
                    );
                    ctx.error(id_span, msg);
                    continue;
                }
                let norm = normalize_ws_case(&card.front);
                let near = near_duplicate_key(&card.front);
                if let Some(first) = fronts.get(&norm) {
                    let span = id_span.clone();
                    ctx.warn(
                        span,
                        format!("card has the same front as the card on line {first}: learners cannot tell them apart"),
                    );
                } else if let Some(first) = near_fronts.get(&near).filter(|_| !near.is_empty()) {
                    ctx.warn(
                        id_span.clone(),
                        format!("card's front differs from the card on line {first} only in case, spacing or punctuation: learners cannot tell them apart; reword one of them"),
                    );
                } else {
                    fronts.insert(norm, card.line);
                    near_fronts.insert(near, card.line);
                }
                warn_long_sides(ctx, &card, item.span(), i + 1);
                ids.insert(card.id.clone(), card.line);
                let reverse = card.reverse.unwrap_or(deck.reverse);
                let reverse_card = reverse.then(|| reverse_of(&card));
                deck.cards.push(card);
                if let Some(rev) = reverse_card {
                    if let Some(first) = ids.get(&rev.id) {
                        let msg = format!(
                            "the reverse card of this card would have the id {:?}, already used on line {first}: rename one of them",
                            rev.id
                        );
                        ctx.error(id_span, msg);
                        continue;
                    }
                    let norm = normalize_ws_case(&rev.front);
                    if let Some(first) = reverse_fronts.get(&norm) {
                        ctx.warn(
                            id_span.clone(),
                            format!("this card's reverse asks the same question (its back) as the reverse of the card on line {first}: set reverse = false on one of them or make the backs distinct"),
                        );
                    } else {
                        reverse_fronts.insert(norm, rev.line);
                    }
                    ids.insert(rev.id.clone(), rev.line);
                    deck.cards.push(rev);
                }
            }
        }
    }
    if deck.cards.is_empty() && !ctx.has_errors() {
        ctx.warn(
            0..0,
            "deck has no cards: add [[cards]] tables with front and back".to_string(),
        );
    }
    Some(deck)
}

fn read_deck_table(ctx: &mut Ctx<'_>, t: &DeTable<'_>, deck: &mut Deck) {
    for (key, value) in t.iter() {
        match key.get_ref().as_ref() {
            "id" => {
                if let Some(s) = string(ctx, "id", value)
                    && valid_id(ctx, "deck", s, value.span())
                {
                    deck.id = s.to_string();
                    deck.id_pos = ctx.index.position(value.span().start);
                }
            }
            "name" => {
                if let Some(s) = string(ctx, "name", value) {
                    deck.name = sanitize(s.trim());
                }
            }
            "description" => {
                if let Some(s) = string(ctx, "description", value) {
                    deck.description = sanitize(s.trim());
                }
            }
            "tags" => {
                deck.tags = string_array(ctx, "tags", value)
                    .into_iter()
                    .map(|(s, _)| s)
                    .collect()
            }
            "reverse" => {
                if let Some(b) = boolean(ctx, "reverse", value) {
                    deck.reverse = b;
                }
            }
            _ => unknown_key(ctx, key, "[deck]", DECK_KEYS),
        }
    }
}

/// Reads one card; returns it with the span to blame for duplicate ids.
fn read_card(
    ctx: &mut Ctx<'_>,
    t: &DeTable<'_>,
    span: Range<usize>,
    number: usize,
) -> Option<(Card, Range<usize>)> {
    let errors_before = ctx.diags.iter().filter(|d| d.is_error()).count();
    let mut id: Option<(String, Range<usize>)> = None;
    let mut front: Option<String> = None;
    let mut back: Option<String> = None;
    let mut card = Card {
        id: String::new(),
        has_explicit_id: false,
        front: String::new(),
        back: String::new(),
        accept: Vec::new(),
        explain: None,
        tags: Vec::new(),
        demo: None,
        line: ctx.index.position(span.start).0,
        reverse: None,
        reverse_of: None,
    };
    for (key, value) in t.iter() {
        let k = key.get_ref().as_ref();
        match k {
            "id" => {
                if let Some(s) = string(ctx, "id", value)
                    && valid_id(ctx, "card", s, value.span())
                {
                    if s.ends_with(REVERSE_SUFFIX) {
                        ctx.error(
                            value.span(),
                            format!("card id {:?} ends in `{REVERSE_SUFFIX}`, which is reserved for reverse cards: choose another id", sanitize(s)),
                        );
                    } else {
                        id = Some((s.to_string(), value.span()));
                    }
                }
            }
            "front" | "back" => {
                if let Some(s) = string(ctx, k, value) {
                    let clean = sanitize(s).trim().to_string();
                    if clean.is_empty() {
                        let what = if k == "front" {
                            "the question"
                        } else {
                            "the answer"
                        };
                        ctx.error(value.span(), format!("`{k}` is empty: write {what}"));
                    } else if k == "front" {
                        front = Some(clean);
                    } else {
                        back = Some(clean);
                    }
                }
            }
            "accept" => {
                for (s, span) in string_array(ctx, "accept", value) {
                    if s.trim().is_empty() {
                        ctx.warn(
                            span,
                            "empty `accept` entry: it can never match; remove it".to_string(),
                        );
                    } else {
                        card.accept.push(s.trim().to_string());
                    }
                }
            }
            "explain" => {
                if let Some(s) = string(ctx, "explain", value) {
                    let clean = sanitize(s).trim().to_string();
                    card.explain = (!clean.is_empty()).then_some(clean);
                }
            }
            "tags" => {
                card.tags = string_array(ctx, "tags", value)
                    .into_iter()
                    .map(|(s, _)| s)
                    .collect()
            }
            "demo" => card.demo = read_demo(ctx, value),
            "reverse" => card.reverse = boolean(ctx, "reverse", value),
            _ => unknown_key(ctx, key, "card", CARD_KEYS),
        }
    }
    let missing = |ctx: &mut Ctx<'_>, k: &str, example: &str| {
        ctx.error(
            span.clone(),
            format!("card {number} has no `{k}`: add {k} = \"{example}\""),
        );
    };
    if front.is_none() && !t.contains_key("front") {
        missing(ctx, "front", "the question");
    }
    if back.is_none() && !t.contains_key("back") {
        missing(ctx, "back", "the answer");
    }
    let errors_after = ctx.diags.iter().filter(|d| d.is_error()).count();
    let (front, back) = (front?, back?);
    if errors_after > errors_before {
        return None;
    }
    card.front = front;
    card.back = back;
    let blame = match id {
        Some((id, s)) => {
            card.id = id;
            card.has_explicit_id = true;
            s
        }
        None => {
            card.id = hashed_card_id(&card.front);
            ctx.warn(
                span.clone(),
                format!(
                    "card {number} has no `id`: it is keyed by its front, so editing the front restarts its schedule; add id = \"a-short-slug\""
                ),
            );
            span
        }
    };
    Some((card, blame))
}

fn read_demo(ctx: &mut Ctx<'_>, value: &Spanned<DeValue<'_>>) -> Option<DemoRef> {
    let known = |ctx: &mut Ctx<'_>, name: &str, span: Range<usize>| -> bool {
        if crate::demo::find(name).is_some() {
            return true;
        }
        let names: Vec<&str> = crate::demo::CATALOG.iter().map(|d| d.name).collect();
        ctx.error(
            span,
            format!(
                "unknown demo {:?}: use one of {} (see `concur demo --list`)",
                sanitize(name),
                names.join(", ")
            ),
        );
        false
    };
    match value.get_ref() {
        DeValue::String(s) => known(ctx, s, value.span()).then(|| DemoRef {
            name: s.to_string(),
            workers: None,
            seconds: None,
        }),
        DeValue::Table(t) => {
            let mut demo = DemoRef {
                name: String::new(),
                workers: None,
                seconds: None,
            };
            let mut ok = true;
            for (key, v) in t.iter() {
                match key.get_ref().as_ref() {
                    "name" => match string(ctx, "name", v) {
                        Some(s) if known(ctx, s, v.span()) => demo.name = s.to_string(),
                        _ => ok = false,
                    },
                    k @ ("workers" | "seconds") => {
                        let (lo, hi) = if k == "workers" { (1, 64) } else { (1, 10) };
                        match v
                            .get_ref()
                            .as_integer()
                            .and_then(|i| i.as_str().parse::<i64>().ok())
                        {
                            Some(n) => {
                                let n = u32::try_from(n.clamp(lo, hi)).unwrap_or(1);
                                if k == "workers" {
                                    demo.workers = Some(n);
                                } else {
                                    demo.seconds = Some(n);
                                }
                            }
                            None => {
                                ok = false;
                                ctx.error(
                                    v.span(),
                                    format!("`demo.{k}` must be a whole number from {lo} to {hi}"),
                                );
                            }
                        }
                    }
                    _ => {
                        ok = false;
                        unknown_key(ctx, key, "demo", DEMO_KEYS);
                    }
                }
            }
            if demo.name.is_empty() && ok {
                ctx.error(
                    value.span(),
                    "`demo` table has no `name`: add name = \"cpu-bound\"".to_string(),
                );
                ok = false;
            }
            ok.then_some(demo)
        }
        other => {
            let found = type_name(other);
            ctx.error(
                value.span(),
                format!("`demo` must be a demo name like \"cpu-bound\", found {found}"),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn parse(text: &str) -> (Option<Deck>, Vec<String>) {
        let (deck, diags) = parse_deck(
            text.as_bytes(),
            "t.toml",
            "t",
            DeckSource::Bundled("t.toml"),
        );
        (deck, diags.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn parses_the_design_example() {
        let (deck, diags) = parse(
            r#"
[deck]
id = "mt-vs-mp"
name = "Multithreading vs Multiprocessing"
description = "When threads help"
tags = ["python", "concurrency"]

[[cards]]
id = "cpu-bound-pick"
front = "multiprocessing or multithreading is best for computations?"
back = "multiprocessing"
accept = ["processes", "multi-processing"]
explain = "Processes run on separate cores."
tags = ["cpu"]
demo = "cpu-bound"
"#,
        );
        assert!(diags.is_empty(), "{diags:?}");
        let deck = deck.unwrap();
        assert_eq!(deck.id, "mt-vs-mp");
        assert_eq!(deck.id_pos, (3, 6));
        let card = &deck.cards[0];
        assert_eq!(card.id, "cpu-bound-pick");
        assert_eq!(card.accept, vec!["processes", "multi-processing"]);
        assert_eq!(card.demo.as_ref().unwrap().name, "cpu-bound");
        assert_eq!(card.line, 8);
    }

    #[test]
    fn reports_every_problem_with_positions() {
        let (deck, diags) = parse(
            "[deck]\nnme = \"x\"\n\n[[cards]]\nfront = 3\nback = \"b\"\n\n[[cards]]\nfront = \"\"\nback = \"b\"\nid = \"a\"\n\n[[cards]]\nid = \"a\"\nfront = \"q\"\nback = \"b\"\ndemo = \"nope\"\n",
        );
        assert!(deck.is_none());
        let joined = diags.join("\n");
        assert!(
            joined.contains("t.toml:2:1: error: unknown key `nme` in [deck]: did you mean `name`?"),
            "{joined}"
        );
        assert!(
            joined.contains("t.toml:5:9: error: `front` must be a string, found an integer"),
            "{joined}"
        );
        assert!(
            joined.contains("t.toml:9:9: error: `front` is empty"),
            "{joined}"
        );
        assert!(
            joined.contains("t.toml:17:8: error: unknown demo \"nope\""),
            "{joined}"
        );
    }

    #[test]
    fn missing_fields_and_duplicates() {
        let (_, diags) = parse(
            "[[cards]]\nid = \"x\"\nback = \"b\"\n[[cards]]\nid = \"y\"\nfront = \"f\"\n[[cards]]\nid = \"z\"\nfront = \"f\"\nback = \"b\"\n[[cards]]\nid = \"z\"\nfront = \"g\"\nback = \"b\"\n",
        );
        let joined = diags.join("\n");
        assert!(joined.contains("card 1 has no `front`"), "{joined}");
        assert!(joined.contains("card 2 has no `back`"), "{joined}");
        assert!(
            joined.contains("t.toml:12:6: error: duplicate card id \"z\" (first used on line 7)"),
            "{joined}"
        );
    }

    #[test]
    fn warnings_do_not_block_loading() {
        let (deck, diags) = parse(
            "[[cards]]\nfront = \"Q\"\nback = \"b\"\n[[cards]]\nid = \"k\"\nfront = \"  q \"\nback = \"c\"\n",
        );
        let deck = deck.unwrap();
        assert_eq!(deck.id, "t");
        assert_eq!(deck.cards[0].id, hashed_card_id("Q"));
        assert!(
            diags[0].contains("warning: card 1 has no `id`"),
            "{diags:?}"
        );
        assert!(
            diags[1].contains("warning: card has the same front as the card on line 1"),
            "{diags:?}"
        );
    }

    #[test]
    fn syntax_errors_and_bad_bytes_are_reported() {
        let (_, diags) = parse("[deck\nid = 1");
        assert!(diags[0].starts_with("t.toml:1:"), "{diags:?}");
        assert!(diags[0].contains("error: TOML syntax"), "{diags:?}");
        let (deck, diags) = parse_deck(
            b"[deck]\nname = \"\xff\"",
            "b.toml",
            "b",
            DeckSource::Bundled("b.toml"),
        );
        assert!(deck.is_none());
        assert!(
            diags[0]
                .to_string()
                .starts_with("b.toml:2:9: error: not valid UTF-8"),
            "{diags:?}"
        );
    }

    #[test]
    fn card_text_is_sanitised() {
        let (deck, _) =
            parse("[[cards]]\nid=\"a\"\nfront = \"x\\u001b[2Jy\"\nback = \"b\\u0007\"\n");
        let deck = deck.unwrap();
        assert_eq!(deck.cards[0].front, "xy");
        assert_eq!(deck.cards[0].back, "b");
    }

    #[test]
    fn empty_file_is_a_deck_without_cards() {
        let (deck, diags) = parse("");
        assert_eq!(deck.unwrap().cards.len(), 0);
        assert!(diags[0].contains("warning: deck has no cards"));
    }

    #[test]
    fn demo_table_parameters_are_clamped() {
        let (deck, diags) = parse(
            "[[cards]]\nid=\"a\"\nfront=\"f\"\nback=\"b\"\ndemo = { name = \"cpu-bound\", workers = 1000, seconds = 99 }\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        let demo = deck.unwrap().cards[0].demo.clone().unwrap();
        assert_eq!((demo.workers, demo.seconds), (Some(64), Some(10)));
    }

    #[test]
    fn reverse_cards_are_expanded_at_load() {
        let (deck, diags) = parse(
            "[deck]\nreverse = true\n[[cards]]\nid = \"a\"\nfront = \"F\"\nback = \"B\"\naccept = [\"b\"]\n[[cards]]\nid = \"b\"\nfront = \"G\"\nback = \"C\"\nreverse = false\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        let deck = deck.unwrap();
        let ids: Vec<&str> = deck.cards.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, vec!["a", "a~rev", "b"]);
        let rev = &deck.cards[1];
        assert_eq!((rev.front.as_str(), rev.back.as_str()), ("B", "F"));
        assert_eq!(rev.reverse_of.as_deref(), Some("a"));
        assert!(rev.accept.is_empty());
        assert!(deck.cards[0].is_written() && !rev.is_written());
        assert_eq!(deck.cards[2].reverse, Some(false));
    }

    #[test]
    fn reverse_must_be_a_boolean_and_the_suffix_is_reserved() {
        let (deck, diags) = parse(
            "[[cards]]\nid = \"a\"\nfront = \"F\"\nback = \"B\"\nreverse = \"yes\"\n[[cards]]\nid = \"x~rev\"\nfront = \"G\"\nback = \"C\"\n",
        );
        assert!(deck.is_none());
        let joined = diags.join("\n");
        assert!(
            joined.contains("t.toml:5:11: error: `reverse` must be true or false"),
            "{joined}"
        );
        assert!(
            joined.contains("t.toml:7:6: error: card id \"x~rev\" ends in `~rev`"),
            "{joined}"
        );
    }

    #[test]
    fn near_duplicates_and_long_sides_warn() {
        let long = "x".repeat(501);
        let (deck, diags) = parse(&format!(
            "[[cards]]\nid = \"a\"\nfront = \"What is the GIL?\"\nback = \"b\"\n[[cards]]\nid = \"b\"\nfront = \"what is the GIL\"\nback = \"{long}\"\n",
        ));
        assert!(deck.is_some());
        let joined = diags.join("\n");
        assert!(
            joined.contains("t.toml:6:6: warning: card's front differs from the card on line 1 only in case, spacing or punctuation"),
            "{joined}"
        );
        assert!(
            joined.contains(
                "t.toml:5:1: warning: card 2: the back is 501 characters long (over 500)"
            ),
            "{joined}"
        );
        assert_eq!(diags.len(), 2, "{joined}");
    }

    proptest::proptest! {
        #[test]
        fn never_panics_on_any_bytes(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
            let _ = parse_deck(&bytes, "p.toml", "p", DeckSource::Bundled("p.toml"));
        }

        #[test]
        fn never_panics_on_tomlish_text(s in "(\\[\\[cards\\]\\]|\\[deck\\]|front|back|id|=|\"|'|\\n| |x|1|\\{|\\}|,|\\[|\\])*") {
            let _ = parse_deck(s.as_bytes(), "p.toml", "p", DeckSource::Bundled("p.toml"));
        }
    }
}
