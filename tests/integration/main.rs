//! The integration tests, in one test binary: each module was once its own
//! binary, and linking seven of them against the library cost more than
//! running them.
#![allow(clippy::unwrap_used)]

#[path = "../common/mod.rs"]
mod common;

mod check_cli;
mod cli_core;
mod demo_cli;
mod demo_pane_review;
mod demo_verdict;
mod due_output;
mod e2e_pty;
mod export_cli;
mod hostile_files;
mod import_cli;
mod import_shapes;
mod live_reload;
mod quiz_cli;
mod reload_banner;
mod small_screens;
mod startup_cache;
mod tui_snapshots;
mod tui_update;
