//! Today's study, as pure logic over decks and replayed states:
//!
//! - [`overview`]: each card's status today, counts per deck, orphans;
//! - [`study`]: the state of every card today and the day's queue;
//! - [`queue`]: a running session (answers, re-asks, undo, totals);
//! - [`mod@find`]: searching cards, ranked best first.
//! - [`siblings`]: cards of one note (a card and its reverse) are never both
//!   studied on one day.

pub mod find;
pub mod overview;
pub mod queue;
pub mod siblings;
pub mod study;
#[cfg(test)]
mod testing;

pub use find::{Hit, Search, find};
pub use overview::{CardStatus, CardView, Counts, card_views, deck_counts, orphans, orphans_of};
pub use queue::{Answer, Line, Session, SessionStats};
pub use study::{Item, Scope, Study};
