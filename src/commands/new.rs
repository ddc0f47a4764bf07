//! `concur new NAME`: a commented template deck in `$DATA/decks/NAME.toml`.

use std::io::Write;

use anyhow::Context;

use super::Env;
use crate::cli::NewArgs;
use crate::deck::slug::is_slug;

/// The template; `{NAME}` is replaced by the deck id and `{DEMOS}` by the
/// catalog's demo names.
const TEMPLATE: &str = r#"# A concur deck. Lines starting with '#' are comments.
# Check it after every edit:   concur check {PATH}
# Every key concur knows is shown below; a card needs only `front` and `back`.

[deck]
# Stable id of the deck: your review history is keyed by it, so keep it.
# Defaults to the file name.
id = "{NAME}"
# Shown in lists and on the study screen.
name = "{NAME}"
# One line about the deck.
description = "What this deck is about"
# Tags of the whole deck, to cram by tag.
tags = ["example"]
# true: every card is also asked back -> front, as its own card with its own
# schedule (id: the card's id + "~rev"). A card's own `reverse` overrides it.
reverse = false

# Each [[cards]] table is one card.
[[cards]]
# Stable id, unique in the deck: keep it when you edit the text and the card
# keeps its schedule. A card without id is keyed by its front, so editing the
# front starts it afresh (`concur check --fix-ids` writes ids for you).
id = "cpu-bound-pick"
# The question.
front = "Threads or processes: which speed up CPU-heavy Python code?"
# The answer.
back = "Processes (multiprocessing)"
# Other answers accepted when you type the answer. Optional.
accept = ["processes", "multiprocessing"]
# A longer explanation shown after the answer. Optional; ''' allows
# several lines.
explain = '''
In CPython the GIL lets one thread run Python code at a time,
so only separate processes compute on several cores at once.'''
# The card's own tags. Optional.
tags = ["cpu"]
# A live demo run after the answer is shown. Optional; one of:
# {DEMOS}.
# With bounded parameters: demo = { name = "cpu-bound", workers = 4, seconds = 3 }
demo = "cpu-bound"
# true: also ask back -> front, as the card "cpu-bound-pick~rev" with its own
# schedule. Optional; defaults to `reverse` in [deck].
reverse = false

# The smallest card: front and back (and an id, to keep its schedule).
[[cards]]
id = "gil-name"
front = "GIL"
back = "Global Interpreter Lock"
# Asked both ways: "GIL" -> "Global Interpreter Lock", and as the card
# "gil-name~rev", "Global Interpreter Lock" -> "GIL".
reverse = true
"#;

/// The template text for deck `name` written to `path`.
pub fn template(name: &str, path: &str) -> String {
    let demos: Vec<&str> = crate::demo::catalog::names().collect();
    TEMPLATE
        .replace("{NAME}", name)
        .replace("{PATH}", &path.replace(['\n', '\r'], " "))
        .replace("{DEMOS}", &demos.join(", "))
}

/// The command.
pub fn run(env: &Env, args: &NewArgs) -> anyhow::Result<i32> {
    let name = args.name.as_str();
    if !is_slug(name) {
        return Err(super::usage(format!(
            "{name:?} is not a valid deck name: use lowercase letters, digits and single '-' (at most 64), e.g. `concur new rust-atomics`"
        )));
    }
    let dir = env.data.decks();
    let path = dir.join(format!("{name}.toml"));
    if path.exists() {
        anyhow::bail!(
            "{} already exists: edit it, or choose another name",
            path.display()
        );
    }
    if let Some(other) = env.load_decks().deck(name) {
        anyhow::bail!(
            "a deck with id {name:?} already exists ({}): choose another name",
            other.source
        );
    }
    std::fs::create_dir_all(&dir)
        .with_context(|| format!("cannot create the deck folder {}", dir.display()))?;
    let text = template(name, &path.display().to_string());
    let mut file = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            anyhow::bail!(
                "{} already exists: edit it, or choose another name",
                path.display()
            );
        }
        Err(e) => return Err(e).with_context(|| format!("cannot create {}", path.display())),
    };
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .with_context(|| format!("cannot write {}", path.display()))?;
    out!("{}", path.display());
    out!();
    out!("Next steps:");
    out!(
        "  1. Edit it: replace the example cards (two [[cards]] tables, three cards with the reverse one) with yours."
    );
    out!("  2. Check it: concur check {}", path.display());
    out!(
        "  3. Study it: concur (decks in {} load by themselves)",
        dir.display()
    );
    Ok(0)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::deck::{DeckSource, parse_deck};

    #[test]
    fn the_template_passes_check_and_shows_every_field() {
        let text = template("my-deck", "/d/my-deck.toml");
        let (deck, diags) = parse_deck(
            text.as_bytes(),
            "my-deck.toml",
            "my-deck",
            DeckSource::Bundled("my-deck.toml"),
        );
        assert!(diags.is_empty(), "{diags:?}");
        let deck = deck.unwrap();
        assert_eq!(deck.id, "my-deck");
        let ids: Vec<&str> = deck.cards.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, vec!["cpu-bound-pick", "gil-name", "gil-name~rev"]);
        // The reverse card asks what the template's comment says it asks.
        let rev = &deck.cards[2];
        assert_eq!(
            (rev.front.as_str(), rev.back.as_str()),
            ("Global Interpreter Lock", "GIL")
        );
        assert!(text.contains("\"Global Interpreter Lock\" -> \"GIL\""));
        for key in [
            "id =",
            "name =",
            "description =",
            "tags =",
            "front =",
            "back =",
            "accept =",
            "explain =",
            "demo =",
            "reverse =",
        ] {
            assert!(text.contains(&format!("\n{key}")), "{key}");
        }
    }
}
