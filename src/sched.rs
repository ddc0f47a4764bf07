//! Scheduling. Only SM-2 for now; it is a pure function of state and grade.

pub mod sm2;

pub use sm2::{Ef, Grade, Sm2State};
