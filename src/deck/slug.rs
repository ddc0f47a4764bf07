//! Readable ids ("slugs") made from text: lowercase letters and digits
//! joined by hyphens.

use std::collections::HashSet;

/// Longest slug [`slugify`] makes, in characters.
pub const MAX_SLUG_CHARS: usize = 48;

/// A readable id from `text`: lowercase, every run of other characters
/// (spaces, punctuation, `_`) turned into one `-`, at most
/// [`MAX_SLUG_CHARS`] characters (cut at a hyphen where possible). Letters
/// of any script are kept. Returns `fallback` when nothing is left.
pub fn slugify(text: &str, fallback: &str) -> String {
    let mut out = String::new();
    let mut pending_hyphen = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if pending_hyphen && !out.is_empty() {
                out.push('-');
            }
            pending_hyphen = false;
            out.extend(c.to_lowercase());
        } else {
            pending_hyphen = true;
        }
    }
    if out.chars().count() > MAX_SLUG_CHARS {
        let cut: String = out.chars().take(MAX_SLUG_CHARS + 1).collect();
        // Cut at the last hyphen if that keeps at least half; else hard cut.
        out = match cut.rfind('-') {
            Some(i) if cut[..i].chars().count() >= MAX_SLUG_CHARS / 2 => cut[..i].to_string(),
            _ => cut.chars().take(MAX_SLUG_CHARS).collect(),
        };
        while out.ends_with('-') {
            out.pop();
        }
    }
    if out.is_empty() {
        fallback.to_string()
    } else {
        out
    }
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
/// `slug-3`, ...
#[derive(Debug, Clone, Default)]
pub struct Unique {
    taken: HashSet<String>,
}

impl Unique {
    /// Starts with `taken` ids already in use.
    pub fn new<I: IntoIterator<Item = String>>(taken: I) -> Self {
        Unique {
            taken: taken.into_iter().collect(),
        }
    }

    /// Marks `id` as used.
    pub fn reserve(&mut self, id: &str) {
        self.taken.insert(id.to_string());
    }

    /// A unique id based on `base`, marked as used.
    pub fn make(&mut self, base: &str) -> String {
        let mut id = base.to_string();
        let mut n = 2;
        while self.taken.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
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
        assert_eq!(slugify("Ça va?", "x"), "ça-va");
        let long = "a".repeat(100);
        assert_eq!(slugify(&long, "x").len(), MAX_SLUG_CHARS);
    }

    #[test]
    fn unique_adds_numbers() {
        let mut u = Unique::new(["a".to_string()]);
        assert_eq!(u.make("a"), "a-2");
        assert_eq!(u.make("a"), "a-3");
        assert_eq!(u.make("b"), "b");
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
