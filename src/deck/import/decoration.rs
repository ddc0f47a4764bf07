//! Emoji used as decorations: a run of characters with the Unicode
//! `Emoji_Presentation` property (❓ ✅ 🚀, with their variation selectors,
//! skin tones, joiners and keycaps) at the start or the end of a line.
//! Text symbols (♯ ♭ ★ ✓ □ ■ ♔) are not emoji presentation and always stay,
//! and so does an emoji inside a sentence or a line that is nothing else.

use unicode_properties::emoji::{EmojiStatus, UnicodeEmoji};

/// True if `c` has the `Emoji_Presentation` property.
pub fn is_emoji_presentation(c: char) -> bool {
    matches!(
        c.emoji_status(),
        EmojiStatus::EmojiPresentation
            | EmojiStatus::EmojiPresentationAndModifierBase
            | EmojiStatus::EmojiPresentationAndEmojiComponent
            | EmojiStatus::EmojiPresentationAndModifierAndEmojiComponent
    )
}

/// Characters that belong to the emoji before them: variation selectors,
/// the zero-width joiner, the combining keycap and tag characters.
fn is_joined(c: char) -> bool {
    matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{200D}' | '\u{20E3}' | '\u{E0020}'..='\u{E007F}')
}

/// True if `c` is part of a decoration run (whitespace between emoji too).
fn in_run(c: char) -> bool {
    is_emoji_presentation(c) || is_joined(c) || c.is_whitespace()
}

/// `line` without emoji decorations at its start and end, trimmed; a line
/// that is only emoji is kept as it is (it is the content).
pub fn strip_decorations(line: &str) -> String {
    let start = line
        .char_indices()
        .find(|&(_, c)| !in_run(c))
        .map_or(line.len(), |(i, _)| i);
    let end = line
        .char_indices()
        .rev()
        .find(|&(_, c)| !in_run(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    if start >= end {
        return line.trim().to_string();
    }
    line[start..end].trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_emoji_presentation_decorates() {
        assert_eq!(strip_decorations("❓ Question"), "Question");
        assert_eq!(strip_decorations("done ✅"), "done");
        assert_eq!(strip_decorations("🚀👍🏽 go"), "go");
        assert_eq!(strip_decorations("👨‍👩‍👧 family"), "family");
        assert_eq!(strip_decorations("#️⃣ keycap"), "#️⃣ keycap");
        assert_eq!(strip_decorations("C♯ and B♭"), "C♯ and B♭");
        assert_eq!(strip_decorations("★ ✓ □ ■ ♔"), "★ ✓ □ ■ ♔");
        assert_eq!(strip_decorations("the 🐍 language"), "the 🐍 language");
        assert_eq!(strip_decorations("✅"), "✅");
    }
}
