//! The interactive interface.

pub mod quiz;
