//! Which HTML elements are blocks, dropped or code, and the attributes
//! the walk reads.

/// Elements dropped with everything inside them.
pub(super) const DROPPED: &[&[u8]] = &[
    b"script",
    b"style",
    b"template",
    b"noscript",
    b"iframe",
    b"svg",
];

/// Elements that start and end a line.
pub(super) const LINE_BLOCKS: &[&[u8]] = &[
    b"div",
    b"section",
    b"article",
    b"header",
    b"footer",
    b"main",
    b"nav",
    b"aside",
    b"address",
    b"center",
    b"details",
    b"summary",
    b"figure",
    b"figcaption",
    b"fieldset",
    b"form",
    b"dl",
    b"dt",
    b"dd",
    b"table",
    b"thead",
    b"tbody",
    b"tfoot",
    b"caption",
];

/// Elements that start and end a paragraph.
pub(super) const PARAGRAPHS: &[&[u8]] = &[
    b"p",
    b"h1",
    b"h2",
    b"h3",
    b"h4",
    b"h5",
    b"h6",
    b"blockquote",
];

/// True for the elements that start a line inside code.
pub(super) fn is_block(name: &[u8]) -> bool {
    LINE_BLOCKS.contains(&name) || PARAGRAPHS.contains(&name) || name == b"li"
}

pub(super) fn attr(tag: &html5gum::StartTag<()>, name: &[u8]) -> String {
    tag.attributes
        .get(name)
        .map(|v| String::from_utf8_lossy(&v.value).into_owned())
        .unwrap_or_default()
}

/// The language named by a `language-x` or `lang-x` class, if any.
pub(super) fn language(class: &str) -> Option<String> {
    class.split_ascii_whitespace().find_map(|c| {
        c.strip_prefix("language-")
            .or_else(|| c.strip_prefix("lang-"))
            .filter(|l| {
                !l.is_empty()
                    && l.len() <= 32
                    && l.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"+-#_.".contains(&b))
            })
            .map(str::to_string)
    })
}
