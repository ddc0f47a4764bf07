//! concur: a terminal flashcard trainer with SM-2 spaced repetition and
//! live concurrency demos.
//!
//! The library holds everything; `src/main.rs` only parses the command line
//! and calls [`commands::run`].

pub mod atomic;
pub mod bytes;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod config;
pub mod data_dir;
pub mod deck;
pub mod demo;
pub mod diag;
pub mod env;
pub mod prep;
pub mod quiz;
pub mod regular;
pub mod sched;
pub mod session;
pub mod stats;
pub mod store;
pub mod text;
pub mod tui;
