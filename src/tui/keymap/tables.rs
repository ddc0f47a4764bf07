//! The key tables, one per screen, and their actions. The order of the rows
//! is the order of the help, and among keys bound twice the order in which
//! their actions are tried.

use ratatui::crossterm::event::KeyCode;

use super::{Key, Row, row};

const UP: Key = Key::code(KeyCode::Up);
const DOWN: Key = Key::code(KeyCode::Down);
const LEFT: Key = Key::code(KeyCode::Left);
const RIGHT: Key = Key::code(KeyCode::Right);
const PGUP: Key = Key::code(KeyCode::PageUp);
const PGDN: Key = Key::code(KeyCode::PageDown);
const HOME_KEY: Key = Key::code(KeyCode::Home);
const END: Key = Key::code(KeyCode::End);
const ENTER: Key = Key::code(KeyCode::Enter);
const ESC: Key = Key::code(KeyCode::Esc);
const TAB: Key = Key::code(KeyCode::Tab);
const BACKTAB: Key = Key::code(KeyCode::BackTab);
const BACKSPACE: Key = Key::code(KeyCode::Backspace);
const SPACE: Key = Key::ch(' ');
const fn ch(c: char) -> Key {
    Key::ch(c)
}

/// Keys of every screen (checked first; `?` not while an answer is typed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GlobalAction {
    /// Open the help overlay.
    Help,
    /// Quit at once.
    Quit,
}

/// Every screen's keys.
pub const GLOBAL: &[Row<GlobalAction>] = &[
    row!("show or hide this help"; ch('?') => GlobalAction::Help),
    row!("quit"; Key::ctrl('c') => GlobalAction::Quit, Key::ctrl('C') => GlobalAction::Quit),
];

/// Keys of the help overlay while it is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpAction {
    /// Scroll down a line.
    Down,
    /// Scroll up a line.
    Up,
    /// Close the overlay.
    Close,
}

/// The help overlay's keys.
pub const HELP: &[Row<HelpAction>] = &[
    row!("scroll the help (when it does not fit)";
        ch('j') => HelpAction::Down, ch('k') => HelpAction::Up,
        UP => HelpAction::Up, DOWN => HelpAction::Down),
    row!("close the help";
        ESC => HelpAction::Close, ch('?') => HelpAction::Close,
        ch('q') => HelpAction::Close, ENTER => HelpAction::Close),
];

/// Keys while quitting waits for log lines to be saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuittingAction {
    /// Quit without the unsaved lines (they are printed on exit).
    Leave,
    /// Stop quitting: back to the screen.
    Back,
    /// Retry saving after an error.
    Retry,
}

/// The keys of the box that waits for the writer when quitting.
pub const QUITTING: &[Row<QuittingAction>] = &[
    row!("quit now: the unsaved lines are printed, to append by hand";
        ch('q') => QuittingAction::Leave, Key::ctrl('c') => QuittingAction::Leave,
        Key::ctrl('C') => QuittingAction::Leave),
    row!("back: do not quit yet"; ESC => QuittingAction::Back),
    row!("retry saving after an error"; ch('r') => QuittingAction::Retry),
];

/// Keys of the home screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HomeAction {
    /// The next deck.
    Down,
    /// The previous deck.
    Up,
    /// The first deck.
    First,
    /// The last deck.
    Last,
    /// Study the chosen deck.
    Study,
    /// Study everything due.
    StudyAll,
    /// Open the quiz form.
    Quiz,
    /// Open the stats.
    Stats,
    /// Find a card.
    Find,
    /// Quit.
    Quit,
}

/// The home screen's keys.
pub const HOME: &[Row<HomeAction>] = &[
    row!("choose a deck";
        ch('j') => HomeAction::Down, ch('k') => HomeAction::Up,
        UP => HomeAction::Up, DOWN => HomeAction::Down),
    row!("first or last deck";
        ch('g') => HomeAction::First, ch('G') => HomeAction::Last,
        HOME_KEY => HomeAction::First, END => HomeAction::Last),
    row!("study the chosen deck"; ENTER => HomeAction::Study, SPACE => HomeAction::Study),
    row!("study everything due in all decks"; ch('a') => HomeAction::StudyAll),
    row!("quiz: timed, typed answers, schedule untouched"; ch('c') => HomeAction::Quiz),
    row!("stats: heatmap, forecast, retention, leeches"; ch('s') => HomeAction::Stats),
    row!("find a card by its text, tags or id"; ch('/') => HomeAction::Find),
    row!("quit"; ch('q') => HomeAction::Quit, ESC => HomeAction::Quit),
];

/// Keys of the review screen and of its demo pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewAction {
    /// Show the back.
    Reveal,
    /// Grade the answer (0–5, once shown).
    Grade(u8),
    /// Scroll the card down a line.
    Down,
    /// Scroll the card up a line.
    Up,
    /// Scroll the card down a page.
    PageDown,
    /// Scroll the card up a page.
    PageUp,
    /// The top of the card.
    Top,
    /// The bottom of the card.
    Bottom,
    /// Undo the last grade, suspend or bury.
    Undo,
    /// Suspend the card shown (`@`, as in Anki).
    Suspend,
    /// Bury the card shown until tomorrow.
    Bury,
    /// Retry a failed save.
    Retry,
    /// End the session.
    End,
    /// Start or restart the card's demo.
    Demo,
    /// Run the demo again with real CPython's rows beside the native ones.
    Python,
    /// Stop the running demo.
    StopDemo,
    /// Scroll the demo pane down a row.
    DemoDown,
    /// Scroll the demo pane up a row.
    DemoUp,
    /// Find a card (the session waits).
    Find,
    /// Edit the card in `$VISUAL` / `$EDITOR`.
    Edit,
}

/// The review screen's keys (the demo pane's are in [`DEMO_PANE`]).
pub const REVIEW: &[Row<ReviewAction>] = &[
    row!("show the answer"; SPACE => ReviewAction::Reveal, ENTER => ReviewAction::Reveal),
    row!("grade the answer (after it is shown)", label = "0 - 5";
        ch('0') => ReviewAction::Grade(0), ch('1') => ReviewAction::Grade(1),
        ch('2') => ReviewAction::Grade(2), ch('3') => ReviewAction::Grade(3),
        ch('4') => ReviewAction::Grade(4), ch('5') => ReviewAction::Grade(5)),
    row!("scroll the card";
        ch('j') => ReviewAction::Down, ch('k') => ReviewAction::Up,
        UP => ReviewAction::Up, DOWN => ReviewAction::Down),
    row!("scroll a page (Space once the answer shows)";
        PGUP => ReviewAction::PageUp, PGDN => ReviewAction::PageDown,
        SPACE => ReviewAction::PageDown),
    row!("top or bottom of the card"; HOME_KEY => ReviewAction::Top, END => ReviewAction::Bottom),
    row!("suspend the card (never asked until unsuspended)"; ch('@') => ReviewAction::Suspend),
    row!("bury the card until tomorrow"; ch('-') => ReviewAction::Bury),
    row!("undo the last grade, suspend or bury"; ch('u') => ReviewAction::Undo),
    row!("edit the card in your editor ($EDITOR)";
        ch('e') => ReviewAction::Edit),
    row!("retry saving after an error"; ch('r') => ReviewAction::Retry),
    row!("find a card (Esc comes back to this one)"; ch('/') => ReviewAction::Find),
    row!("end the session"; ch('q') => ReviewAction::End, ESC => ReviewAction::End),
];

/// The demo pane's keys, on the review screen once the answer is shown.
pub const DEMO_PANE: &[Row<ReviewAction>] = &[
    row!("start or restart the card's live demo"; ch('d') => ReviewAction::Demo),
    row!("rerun with real CPython beside (when offered)"; ch('p') => ReviewAction::Python),
    row!("stop a running demo (then: end the session)"; ESC => ReviewAction::StopDemo),
    row!("scroll the live demo down (when it has more rows)";
        ch(']') => ReviewAction::DemoDown, Key::shift(KeyCode::Down) => ReviewAction::DemoDown),
    row!("scroll the live demo up";
        ch('[') => ReviewAction::DemoUp, Key::shift(KeyCode::Up) => ReviewAction::DemoUp),
];

/// Keys of the session summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SummaryAction {
    /// Back to the decks.
    Back,
    /// Undo the last grade, suspend or bury.
    Undo,
}

/// The summary's keys.
pub const SUMMARY: &[Row<SummaryAction>] = &[
    row!("back to the decks";
        ENTER => SummaryAction::Back, ch('q') => SummaryAction::Back, ESC => SummaryAction::Back),
    row!("undo the last grade"; ch('u') => SummaryAction::Undo),
];

/// Keys of the question `e` asks about a bundled deck.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyAction {
    /// Copy the deck to the data folder and edit the copy.
    Copy,
    /// Do not copy.
    Cancel,
}

/// The keys of "copy the bundled deck to edit it? y/n".
pub const COPY_PROMPT: &[Row<CopyAction>] = &[
    row!("copy the bundled deck to $DATA/decks and edit the copy"; ch('y') => CopyAction::Copy),
    row!("do not copy"; ch('n') => CopyAction::Cancel, ESC => CopyAction::Cancel,
        ch('q') => CopyAction::Cancel),
];

/// Keys of the stats screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatsAction {
    /// Compute the figures again.
    Refresh,
    /// Back to the decks.
    Back,
}

/// The stats screen's keys.
pub const STATS: &[Row<StatsAction>] = &[
    row!("compute the figures again"; ch('r') => StatsAction::Refresh),
    row!("back to the decks"; ch('q') => StatsAction::Back, ESC => StatsAction::Back),
];

/// Keys of the quiz form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetupAction {
    /// The next field.
    Next,
    /// The previous field.
    Prev,
    /// The field's next value.
    More,
    /// The field's previous value.
    Less,
    /// A digit of the seed.
    Digit(u8),
    /// Erase the seed's last digit.
    Erase,
    /// Start the quiz.
    Start,
    /// Back to the decks.
    Back,
}

/// The quiz form's keys.
pub const QUIZ_SETUP: &[Row<SetupAction>] = &[
    row!("choose an option";
        UP => SetupAction::Prev, DOWN => SetupAction::Next,
        ch('j') => SetupAction::Next, ch('k') => SetupAction::Prev,
        TAB => SetupAction::Next, BACKTAB => SetupAction::Prev),
    row!("change it";
        LEFT => SetupAction::Less, RIGHT => SetupAction::More,
        ch('h') => SetupAction::Less, ch('l') => SetupAction::More,
        SPACE => SetupAction::More, ch('+') => SetupAction::More, ch('-') => SetupAction::Less),
    row!("type the seed (on the Seed field)", label = "0 - 9";
        ch('0') => SetupAction::Digit(0), ch('1') => SetupAction::Digit(1),
        ch('2') => SetupAction::Digit(2), ch('3') => SetupAction::Digit(3),
        ch('4') => SetupAction::Digit(4), ch('5') => SetupAction::Digit(5),
        ch('6') => SetupAction::Digit(6), ch('7') => SetupAction::Digit(7),
        ch('8') => SetupAction::Digit(8), ch('9') => SetupAction::Digit(9)),
    row!("erase the seed's last digit"; BACKSPACE => SetupAction::Erase),
    row!("start the quiz"; ENTER => SetupAction::Start),
    row!("back to the decks"; ESC => SetupAction::Back, ch('q') => SetupAction::Back),
];

/// Keys of a quiz in progress and of its score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuizAction {
    /// Scroll the card up a line.
    Up,
    /// Scroll the card down a line.
    Down,
    /// Scroll the card up a page.
    PageUp,
    /// Scroll the card down a page.
    PageDown,
    /// Type a character of the answer.
    Type,
    /// Erase the answer's last character.
    Erase,
    /// Check the typed answer; on a verdict, record it.
    Check,
    /// Show the answer of a self-graded card.
    Reveal,
    /// Grade (0–5), or change the suggested grade.
    Grade(u8),
    /// Quiz the weak cards again (on the score).
    Again,
    /// Leave the quiz.
    Leave,
    /// Leave from the score.
    Close,
}

/// The quiz's keys.
pub const QUIZ: &[Row<QuizAction>] = &[
    row!("type the answer (typed quizzes; every key types then, ? too)"; Key::AnyChar => QuizAction::Type),
    row!("erase the last letter typed"; BACKSPACE => QuizAction::Erase),
    row!("check the typed answer, then next card"; ENTER => QuizAction::Check),
    row!("show the answer (self-graded cards)"; SPACE => QuizAction::Reveal, ENTER => QuizAction::Reveal),
    row!("grade, or change the suggested grade", label = "0 - 5";
        ch('0') => QuizAction::Grade(0), ch('1') => QuizAction::Grade(1),
        ch('2') => QuizAction::Grade(2), ch('3') => QuizAction::Grade(3),
        ch('4') => QuizAction::Grade(4), ch('5') => QuizAction::Grade(5)),
    row!("scroll a card longer than the window";
        UP => QuizAction::Up, DOWN => QuizAction::Down,
        PGUP => QuizAction::PageUp, PGDN => QuizAction::PageDown),
    row!("quiz the weak cards again (on the score)"; ch('r') => QuizAction::Again),
    row!("leave the quiz"; ESC => QuizAction::Leave),
    row!("leave (on the score)"; ch('q') => QuizAction::Close),
];

/// Keys of the list of found cards (`/`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FindAction {
    /// Type a character of the query.
    Type,
    /// Erase the query's last character.
    Erase,
    /// The next card.
    Down,
    /// The previous card.
    Up,
    /// A page down.
    PageDown,
    /// A page up.
    PageUp,
    /// Show the chosen card.
    Open,
    /// Back to where `/` was pressed.
    Back,
}

/// The find list's keys: every character types (`?` too).
pub const FIND: &[Row<FindAction>] = &[
    row!("type the query: words of the front, back, explanation, tags or id (every key types, ? too)";
        Key::AnyChar => FindAction::Type),
    row!("erase the last letter typed"; BACKSPACE => FindAction::Erase),
    row!("choose a card";
        UP => FindAction::Up, DOWN => FindAction::Down,
        PGUP => FindAction::PageUp, PGDN => FindAction::PageDown),
    row!("show the card with its state"; ENTER => FindAction::Open),
    row!("back to where / was pressed"; ESC => FindAction::Back),
];

/// Keys of a found card, shown with its state. Keys that act on the card
/// (edit, suspend, bury) are rows here, with their action handled in
/// `find_card_action` (`src/tui/app/find.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FindCardAction {
    /// Scroll down a line.
    Down,
    /// Scroll up a line.
    Up,
    /// Scroll down a page.
    PageDown,
    /// Scroll up a page.
    PageUp,
    /// Back to the list.
    Back,
    /// Edit the card in `$VISUAL` / `$EDITOR`.
    Edit,
    /// Suspend the card.
    Suspend,
    /// Take a suspended card back into the schedule.
    Unsuspend,
    /// Bury the card until tomorrow.
    Bury,
}

/// A found card's keys.
pub const FIND_CARD: &[Row<FindCardAction>] = &[
    row!("scroll the card";
        ch('j') => FindCardAction::Down, ch('k') => FindCardAction::Up,
        UP => FindCardAction::Up, DOWN => FindCardAction::Down,
        PGUP => FindCardAction::PageUp, PGDN => FindCardAction::PageDown,
        SPACE => FindCardAction::PageDown),
    row!("edit the card in your editor ($EDITOR)"; ch('e') => FindCardAction::Edit),
    row!("suspend the card, or unsuspend it if it is";
        ch('@') => FindCardAction::Suspend, ch('@') => FindCardAction::Unsuspend),
    row!("bury the card until tomorrow"; ch('-') => FindCardAction::Bury),
    row!("back to the list";
        ESC => FindCardAction::Back, ch('q') => FindCardAction::Back,
        BACKSPACE => FindCardAction::Back),
];
