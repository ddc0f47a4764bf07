//! The decks in `decks/`, compiled into the binary so they are always
//! available, also after `cargo install`.

/// `(file name, TOML text)` of every shipped deck.
pub const BUNDLED: &[(&str, &str)] = &[
    ("mt-vs-mp.toml", include_str!("../../decks/mt-vs-mp.toml")),
    (
        "python-concurrency-modules.toml",
        include_str!("../../decks/python-concurrency-modules.toml"),
    ),
    (
        "process-thread-coroutine.toml",
        include_str!("../../decks/process-thread-coroutine.toml"),
    ),
];
