//! concur: a terminal flashcard trainer with SM-2 spaced repetition and
//! live concurrency demos.
//!
//! The library holds everything; `src/main.rs` only parses the command line
//! and calls [`cli::run`].

pub mod demo;
pub mod tui;
