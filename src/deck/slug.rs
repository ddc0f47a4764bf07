//! Readable ids ("slugs") made from text: ASCII lowercase letters and
//! digits joined by hyphens (other scripts are transliterated).

use std::collections::{HashMap, HashSet};

/// Longest slug [`slugify`] makes, in characters.
pub const MAX_SLUG_CHARS: usize = 48;

/// The words of a slug of `text`: transliterated to ASCII (`café` ->
/// `cafe`, `Straße` -> `strasse`), lowercase, split at every character that
/// is not a letter or digit.
pub fn slug_words(text: &str) -> Vec<String> {
    deunicode::deunicode_with_tofu(text, "-")
        .to_ascii_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// A readable id from `text`: ASCII lowercase letters and digits, every run
/// of other characters (spaces, punctuation, `_`) turned into one `-`, at
/// most [`MAX_SLUG_CHARS`] characters (cut at a hyphen where that keeps at
/// least half). Always passes [`is_slug`]. Returns `fallback` when nothing
/// is left.
pub fn slugify(text: &str, fallback: &str) -> String {
    let out = cut(&slug_words(text).join("-"));
    if out.is_empty() {
        fallback.to_string()
    } else {
        out
    }
}

/// `slug` cut to [`MAX_SLUG_CHARS`] at a hyphen where that keeps at least
/// half of it, else hard.
fn cut(slug: &str) -> String {
    if slug.len() <= MAX_SLUG_CHARS {
        return slug.to_string();
    }
    let head = &slug[..=MAX_SLUG_CHARS];
    let mut out = match head.rfind('-') {
        Some(i) if i >= MAX_SLUG_CHARS / 2 => head[..i].to_string(),
        _ => slug[..MAX_SLUG_CHARS].to_string(),
    };
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// Like [`slugify`], but a long text keeps its last word: the first words
/// that fit, then the last (`a-b-c-…-last`), so that two long questions
/// that start alike and end differently get ids that end differently.
pub fn slugify_keeping_end(text: &str, fallback: &str) -> String {
    let words = slug_words(text);
    let full = words.join("-");
    if full.len() <= MAX_SLUG_CHARS {
        return slugify(text, fallback);
    }
    let Some(last) = words.last().filter(|w| w.len() < MAX_SLUG_CHARS / 2) else {
        return slugify(text, fallback);
    };
    let budget = MAX_SLUG_CHARS - last.len() - 1;
    let mut head = String::new();
    for w in &words[..words.len() - 1] {
        let extra = if head.is_empty() {
            w.len()
        } else {
            w.len() + 1
        };
        if head.len() + extra > budget {
            break;
        }
        if !head.is_empty() {
            head.push('-');
        }
        head.push_str(w);
    }
    if head.is_empty() {
        return slugify(text, fallback);
    }
    format!("{head}-{last}")
}

/// True if `s` is a slug: lowercase ASCII letters and digits in groups
/// joined by single hyphens, at most 64 characters.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// Hands out unique ids: the slug itself the first time, then `slug-2`,
/// `slug-3`, ... Each base remembers the next number to try, so n cards
/// with the same base cost n steps, not n².
#[derive(Debug, Clone, Default)]
pub struct Unique {
    taken: HashSet<String>,
    next: HashMap<String, usize>,
    /// Ids tried by [`Unique::make`], counted to test that it is linear.
    #[cfg(test)]
    tries: usize,
}

impl Unique {
    /// Starts with `taken` ids already in use.
    pub fn new<I: IntoIterator<Item = String>>(taken: I) -> Self {
        Unique {
            taken: taken.into_iter().collect(),
            next: HashMap::new(),
            #[cfg(test)]
            tries: 0,
        }
    }

    /// Marks `id` as used.
    pub fn reserve(&mut self, id: &str) {
        self.taken.insert(id.to_string());
    }

    /// A unique id based on `base`, marked as used.
    pub fn make(&mut self, base: &str) -> String {
        let mut id = base.to_string();
        if self.taken.contains(&id) {
            let mut n = self.next.get(base).copied().unwrap_or(2);
            loop {
                id = format!("{base}-{n}");
                n += 1;
                #[cfg(test)]
                {
                    self.tries += 1;
                }
                if !self.taken.contains(&id) {
                    break;
                }
            }
            self.next.insert(base.to_string(), n);
        }
        self.taken.insert(id.clone());
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_readable() {
        assert_eq!(slugify("concurrent.futures", "x"), "concurrent-futures");
        assert_eq!(
            slugify("  Many threads running at given time in a Python ", "x"),
            "many-threads-running-at-given-time-in-a-python"
        );
        assert_eq!(
            slugify(
                "if having CPU heavy tasks, use multiprocessing with n_process = ___ and never more.",
                "x"
            ),
            "if-having-cpu-heavy-tasks-use-multiprocessing"
        );
        assert_eq!(slugify("❓ ?!", "card"), "card");
        assert_eq!(slugify("Ça va?", "x"), "ca-va");
        assert_eq!(slugify("café-y-más", "x"), "cafe-y-mas");
        assert_eq!(slugify("Straße 東京", "x"), "strasse-dong-jing");
        assert!(is_slug(&slugify("Ωμέγα ☃ ⚙", "x")));
        let long = "a".repeat(100);
        assert_eq!(slugify(&long, "x").len(), MAX_SLUG_CHARS);
    }

    #[test]
    fn long_slugs_can_keep_their_last_word() {
        let text = "multiprocessing or multithreading is best for computations";
        assert_eq!(
            slugify(text, "x"),
            "multiprocessing-or-multithreading-is-best-for"
        );
        assert_eq!(
            slugify_keeping_end(text, "x"),
            "multiprocessing-or-multithreading-computations"
        );
        assert_eq!(slugify_keeping_end("short one", "x"), "short-one");
    }

    proptest::proptest! {
        #[test]
        fn every_slug_is_a_valid_id(text in "\\PC{0,80}") {
            proptest::prop_assert!(is_slug(&slugify(&text, "card")));
            proptest::prop_assert!(is_slug(&slugify_keeping_end(&text, "card")));
        }
    }

    #[test]
    fn unique_adds_numbers() {
        let mut u = Unique::new(["a".to_string()]);
        assert_eq!(u.make("a"), "a-2");
        assert_eq!(u.make("a"), "a-3");
        assert_eq!(u.make("b"), "b");
        // A number taken by another card is skipped.
        u.reserve("c-2");
        assert_eq!(u.make("c"), "c");
        assert_eq!(u.make("c"), "c-3");
        u.reserve("a-4");
        assert_eq!(u.make("a"), "a-5");
        let mut many = Unique::default();
        let ids: Vec<String> = (0..1000).map(|_| many.make("same")).collect();
        assert_eq!(ids[0], "same");
        assert_eq!(ids[999], "same-1000");
        assert_eq!(ids.iter().collect::<HashSet<_>>().len(), 1000);
        // One try per repeat, not one per earlier repeat (n², 500,000).
        assert_eq!(many.tries, 999);
    }

    #[test]
    fn slug_validation() {
        assert!(is_slug("my-deck-2"));
        assert!(!is_slug("My-deck"));
        assert!(!is_slug("a--b"));
        assert!(!is_slug("-a"));
        assert!(!is_slug("a/b"));
        assert!(!is_slug(""));
    }
}
