//! The integration tests, in one test binary: each module was once its own
//! binary, and linking seven of them against the library cost more than
//! running them.
#![allow(clippy::unwrap_used)]

mod common;

mod architecture;
mod big_inputs;
mod cache_attacks;
mod check_cli;
mod cli_core;
mod cli_new_user;
mod cloze_cards;
mod config_app;
mod config_cli;
mod demo_children;
mod demo_cli;
mod demo_free_threaded;
mod demo_orphans;
mod demo_pane_review;
mod demo_rows;
mod demo_verdict;
mod due_output;
mod e2e_pty;
mod edit_pty;
mod export_anki;
mod export_cli;
mod find_cli;
mod find_screen;
mod fsrs_vectors;
mod hostile_files;
mod hostile_text;
mod import_apkg;
mod import_apkg_bad;
mod import_cli;
mod import_json_cli;
mod import_notes;
mod import_shapes;
mod interview_tui;
mod lean_start;
mod live_reload;
mod override_cli;
mod plan_cli;
mod quiz_cli;
mod reload_banner;
mod save_wait_pty;
mod saving_snapshots;
mod siblings_apart;
mod small_screens;
mod startup_cache;
mod stats_cli;
mod stats_screen;
mod study_counts;
mod suspend_cli;
mod suspend_tui;
mod tui_snapshots;
mod tui_update;
