//! An Anki field's HTML to the text concur shows: pure, never panics, and
//! bounded in time and memory whatever the input.
//!
//! html5gum tokenizes (WHATWG rules, entities decoded, script and style
//! bodies read as raw text); this walks the tokens once, with a few
//! counters and a list stack of bounded depth, so 10,000 nested tags cost
//! no stack. What each tag becomes:
//! - `<br>` a line break; `<div>`, `<li>`, `<tr>` and other blocks start a
//!   line; `<p>`, headings and `<blockquote>` a paragraph (a blank line);
//!   `<hr>` a line `---`;
//! - lists: `- item` and `1. item`, two spaces deeper per nested list;
//! - table cells on one line, joined by ` | `;
//! - `<pre>` a fenced code block (its language from a `language-…` or
//!   `lang-…` class), kept verbatim with its indentation; `<code>` inline
//!   code in backticks, or a fenced block when it holds line breaks;
//! - text: runs of spaces and line breaks are one space, as a browser shows
//!   them; `&nbsp;` is a space that is kept (indentation made of `&nbsp;`
//!   stays); `<b>`, `<i>`, `<span>`, links and other inline tags leave
//!   their text;
//! - `<script>`, `<style>`, `<template>`, `<noscript>`, `<iframe>` and
//!   `<svg>` are dropped with their content; comments too;
//! - `<img src=x>` becomes `[image: x]` and `[sound:x]` becomes
//!   `[sound: x]`, and both are listed in [`FieldText::media`].
//!
//! The text stops at [`FieldText::cut`] once it reaches the byte bound it
//! is given.

use html5gum::{DefaultEmitter, Token, Tokenizer};

mod tags;
mod tidy;

use tags::{DROPPED, LINE_BLOCKS, PARAGRAPHS, attr, is_block, language};
use tidy::{cut_to, tidy};

/// A media file a field refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Media {
    /// `<img src=…>`.
    Image(String),
    /// `[sound:…]`.
    Sound(String),
}

/// A field as text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct FieldText {
    /// The text (sanitised, trimmed).
    pub text: String,
    /// The media it refers to, in order.
    pub media: Vec<Media>,
    /// True if the text was cut at the bound.
    pub cut: bool,
}

/// Lists nested deeper than this are indented as this deep.
const MAX_LIST_DEPTH: usize = 16;

/// Code being collected: `<pre>` or `<code>`.
#[derive(Debug, Default)]
struct Code {
    /// Open `<pre>` elements (0: not in a block).
    pre: usize,
    /// Open `<code>` elements outside `<pre>` (0: not in inline code).
    inline: usize,
    /// The code so far.
    buf: String,
    /// The language of a block, from a class.
    lang: String,
    /// A space is due before the next inline-code character.
    space: bool,
}

/// The walk over one field's tokens.
struct Walk {
    out: String,
    max: usize,
    cut: bool,
    /// A space is due before the next visible character.
    space: bool,
    /// Line breaks due before the next visible text (2: a blank line).
    breaks: usize,
    /// Open lists: `None` for `<ul>`, `Some(next number)` for `<ol>`.
    lists: Vec<Option<u64>>,
    /// Lists opened past [`MAX_LIST_DEPTH`], not on the stack.
    lists_past: usize,
    /// Cells so far in the table row.
    cells: usize,
    /// The dropped element being skipped, and how deep in it.
    dropped: Option<(Vec<u8>, usize)>,
    code: Code,
    media: Vec<Media>,
}

/// `html` as text, at most about `max` bytes of it.
pub(super) fn to_text(html: &str, max: usize) -> FieldText {
    let mut emitter = DefaultEmitter::default();
    emitter.naively_switch_states(true);
    let mut w = Walk {
        out: String::new(),
        max,
        cut: false,
        space: false,
        breaks: 0,
        lists: Vec::new(),
        lists_past: 0,
        cells: 0,
        dropped: None,
        code: Code::default(),
        media: Vec::new(),
    };
    for token in Tokenizer::new_with_emitter(html, emitter) {
        let Ok(token) = token;
        w.token(token);
        if w.cut {
            break;
        }
    }
    w.finish()
}

impl Walk {
    fn token(&mut self, token: Token) {
        if let Some((name, depth)) = &mut self.dropped {
            match &token {
                Token::StartTag(t) if t.name.as_slice() == name.as_slice() && !t.self_closing => {
                    *depth += 1;
                }
                Token::EndTag(t) if t.name.as_slice() == name.as_slice() => {
                    *depth -= 1;
                    if *depth == 0 {
                        self.dropped = None;
                    }
                }
                _ => {}
            }
            return;
        }
        match token {
            Token::StartTag(t) => self.start(&t),
            Token::EndTag(t) => self.end(&t.name),
            Token::String(s) => self.text(&String::from_utf8_lossy(&s.value)),
            Token::Comment(_) | Token::Doctype(_) | Token::Error(_) => {}
        }
    }

    fn start(&mut self, t: &html5gum::StartTag<()>) {
        let name = t.name.as_slice();
        if DROPPED.contains(&name) {
            if !t.self_closing {
                self.dropped = Some((name.to_vec(), 1));
            }
            return;
        }
        match name {
            b"br" => self.line_break(),
            b"pre" => {
                if self.code.pre == 0 {
                    self.flush_inline_code();
                    self.code.buf.clear();
                    self.code.lang = language(&attr(t, b"class")).unwrap_or_default();
                }
                self.code.pre += 1;
            }
            b"code" if self.code.pre > 0 && self.code.lang.is_empty() => {
                self.code.lang = language(&attr(t, b"class")).unwrap_or_default();
            }
            b"code" if self.code.pre > 0 => {}
            b"code" => {
                if self.code.inline == 0 {
                    self.code.buf.clear();
                    self.code.lang = language(&attr(t, b"class")).unwrap_or_default();
                    self.code.space = false;
                }
                self.code.inline += 1;
            }
            b"img" => {
                let src = attr(t, b"src");
                self.media_ref(Media::Image(src));
            }
            _ if self.in_code() && is_block(name) => self.code_line(),
            _ if self.in_code() => {}
            b"ul" | b"ol" => {
                self.block(1);
                if self.lists.len() < MAX_LIST_DEPTH {
                    let start = attr(t, b"start").trim().parse::<u64>().unwrap_or(1);
                    self.lists.push((name == b"ol").then_some(start));
                } else {
                    self.lists_past += 1;
                }
            }
            b"li" => {
                self.block(1);
                self.flush_breaks();
                let depth = self.lists.len().max(1);
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        let m = format!("{n}. ");
                        *n = n.saturating_add(1);
                        m
                    }
                    _ => "- ".to_string(),
                };
                self.push_raw(&"  ".repeat(depth - 1));
                self.push_raw(&marker);
            }
            b"tr" => {
                self.block(1);
                self.cells = 0;
            }
            b"td" | b"th" => {
                if self.cells > 0 && !self.out.ends_with('\n') && !self.out.is_empty() {
                    self.space = false;
                    self.push_raw(" | ");
                }
                self.cells += 1;
            }
            b"hr" => {
                self.block(1);
                self.flush_breaks();
                self.push_raw("---");
                self.block(1);
            }
            _ if PARAGRAPHS.contains(&name) => self.block(2),
            _ if LINE_BLOCKS.contains(&name) => self.block(1),
            _ => {}
        }
    }

    fn end(&mut self, name: &[u8]) {
        match name {
            b"br" => self.line_break(),
            b"pre" if self.code.pre > 0 => {
                self.code.pre -= 1;
                if self.code.pre == 0 {
                    self.fence();
                }
            }
            b"code" if self.code.pre == 0 && self.code.inline > 0 => {
                self.code.inline -= 1;
                if self.code.inline == 0 {
                    self.flush_inline_code();
                }
            }
            _ if self.in_code() && is_block(name) => self.code_line(),
            _ if self.in_code() => {}
            b"ul" | b"ol" => {
                if self.lists_past > 0 {
                    self.lists_past -= 1;
                } else {
                    self.lists.pop();
                }
                self.block(1);
            }
            b"li" | b"tr" => self.block(1),
            _ if PARAGRAPHS.contains(&name) => self.block(2),
            _ if LINE_BLOCKS.contains(&name) => self.block(1),
            _ => {}
        }
    }

    fn in_code(&self) -> bool {
        self.code.pre > 0 || self.code.inline > 0
    }

    /// Text outside tags.
    fn text(&mut self, s: &str) {
        if self.code.pre > 0 {
            self.code_push(&s.replace('\u{a0}', " "));
            return;
        }
        if self.code.inline > 0 {
            for c in s.chars() {
                if c.is_ascii_whitespace() {
                    self.code.space = true;
                } else {
                    if self.code.space
                        && !self.code.buf.is_empty()
                        && !self.code.buf.ends_with('\n')
                    {
                        self.code.buf.push(' ');
                    }
                    self.code.space = false;
                    self.code.buf.push(if c == '\u{a0}' { ' ' } else { c });
                }
            }
            self.bound_code();
            return;
        }
        let mut rest = s;
        while let Some(i) = rest.find("[sound:") {
            let Some(len) = rest[i..].find(']') else {
                break;
            };
            self.words(&rest[..i]);
            let name = rest[i + "[sound:".len()..i + len].to_string();
            self.media_ref(Media::Sound(name));
            rest = &rest[i + len + 1..];
        }
        self.words(rest);
    }

    /// Text with its whitespace collapsed as a browser shows it.
    fn words(&mut self, s: &str) {
        for c in s.chars() {
            if c.is_ascii_whitespace() {
                self.space = true;
            } else {
                self.visible();
                self.out.push(if c == '\u{a0}' { ' ' } else { c });
            }
        }
        self.bound_out();
    }

    /// Before a visible character: the line breaks and the space due.
    fn visible(&mut self) {
        self.flush_breaks();
        if self.space && !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push(' ');
        }
        self.space = false;
    }

    /// Text pushed as it is, after what is due.
    fn push_raw(&mut self, s: &str) {
        self.flush_breaks();
        self.out.push_str(s);
        self.space = false;
        self.bound_out();
    }

    /// A word pushed whole (a code span, a media mark), with the space due.
    fn push_word(&mut self, s: &str) {
        self.visible();
        self.out.push_str(s);
        self.bound_out();
    }

    fn media_ref(&mut self, m: Media) {
        let (kind, name) = match &m {
            Media::Image(n) => ("image", n),
            Media::Sound(n) => ("sound", n),
        };
        let name = crate::text::one_line(&crate::text::sanitize(name));
        let mark = if name.is_empty() {
            format!("[{kind}]")
        } else {
            format!("[{kind}: {name}]")
        };
        self.media.push(m);
        if self.in_code() {
            self.code_push(&mark);
        } else {
            self.space = true;
            self.push_word(&mark);
        }
    }

    /// `n` line breaks due (1: a new line, 2: a blank line).
    fn block(&mut self, n: usize) {
        self.breaks = self.breaks.max(n);
        self.space = false;
    }

    fn line_break(&mut self) {
        if self.in_code() {
            self.code_push("\n");
            return;
        }
        self.flush_breaks();
        self.out.push('\n');
        self.space = false;
    }

    /// The breaks due, counting those the text already ends with.
    fn flush_breaks(&mut self) {
        if self.out.is_empty() {
            self.breaks = 0;
            return;
        }
        let have = self.out.len() - self.out.trim_end_matches('\n').len();
        for _ in have..self.breaks {
            self.out.push('\n');
        }
        self.breaks = 0;
    }

    fn code_push(&mut self, s: &str) {
        self.code.buf.push_str(s);
        self.code.space = false;
        self.bound_code();
    }

    /// A block element inside code: its content starts a line.
    fn code_line(&mut self) {
        if !self.code.buf.is_empty() && !self.code.buf.ends_with('\n') {
            self.code_push("\n");
        }
    }

    /// Ends inline code: backticks around it, or a fence if it has lines.
    fn flush_inline_code(&mut self) {
        let code = std::mem::take(&mut self.code.buf);
        self.code.inline = 0;
        if code.contains('\n') {
            self.code.buf = code;
            self.fence();
            return;
        }
        let code = code.trim();
        if code.is_empty() {
            return;
        }
        let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
        let ticks = "`".repeat(longest + 1);
        let pad = if code.starts_with('`') || code.ends_with('`') {
            " "
        } else {
            ""
        };
        self.push_word(&format!("{ticks}{pad}{code}{pad}{ticks}"));
    }

    /// Writes the collected code as a fenced block on lines of its own.
    fn fence(&mut self) {
        let buf = std::mem::take(&mut self.code.buf);
        let lang = std::mem::take(&mut self.code.lang);
        // A line break right after `<pre>` is not part of the code.
        let body = buf.strip_prefix('\n').unwrap_or(&buf);
        let body = body.trim_end();
        let body = body.trim_start_matches('\n');
        if body.trim().is_empty() {
            return;
        }
        self.block(1);
        self.flush_breaks();
        self.out.push_str("```");
        self.out.push_str(&lang);
        self.out.push('\n');
        self.out.push_str(body);
        self.out.push_str("\n```");
        self.block(1);
        self.bound_out();
    }

    fn bound_out(&mut self) {
        if cut_to(&mut self.out, self.max) {
            self.cut = true;
        }
    }

    fn bound_code(&mut self) {
        if self.code.buf.len() > self.max {
            self.cut = true;
            self.fence();
            self.bound_out();
        }
    }

    fn finish(mut self) -> FieldText {
        if !self.cut {
            if self.code.pre > 0 {
                self.fence();
            } else if self.code.inline > 0 {
                self.flush_inline_code();
            }
        }
        // Sanitising turns a tab into four spaces: bound the text again.
        let mut text = tidy(&crate::text::sanitize(&self.out));
        if cut_to(&mut text, self.max) {
            self.cut = true;
        }
        FieldText {
            text,
            media: self.media,
            cut: self.cut,
        }
    }
}

#[cfg(test)]
mod tests;
