//! Scheduling: SM-2, a pure function of state and grade, which schedules;
//! and FSRS-6's memory model, which only predicts recall
//! ([`memory`]).

pub mod memory;
pub mod sm2;
#[cfg(test)]
pub(crate) mod testing;

pub use memory::Memory;
pub use sm2::{Ef, Grade, Sm2State};
