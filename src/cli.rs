//! The command line: clap definitions only (dispatch is
//! [`crate::commands::run`]).

mod values;

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};

use crate::sched::Sm2State;
pub use values::{Grades, ReviewCap};

/// concur: spaced-repetition flashcards in the terminal, with live
/// concurrency demos.
///
/// Run without a command to study what is due today.
#[derive(Debug, Parser)]
#[command(name = "concur", version, about, long_about = None)]
#[command(
    after_help = "Data lives in --data-dir, else $CONCUR_HOME, else ~/.local/share/concur (Linux).\nDocumentation: see README.md."
)]
pub struct Cli {
    /// Options every command takes.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Options of the review screen (when no command is given).
    #[command(flatten)]
    pub study: StudyArgs,
    /// What to do (default: study what is due).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options every command takes. `--deck` is always a path; commands that
/// pick decks take their ids as positional arguments.
#[derive(Debug, Clone, Args, Default)]
pub struct GlobalArgs {
    /// Data folder (review log, your decks); default $CONCUR_HOME, else the platform data folder.
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Also load this deck file or folder of decks (repeatable).
    #[arg(long = "deck", global = true, value_name = "PATH")]
    pub decks: Vec<PathBuf>,
    /// Pretend today is this date (YYYY-MM-DD), for testing and planning.
    #[arg(long, global = true, value_name = "YYYY-MM-DD", value_parser = values::day)]
    pub today: Option<NaiveDate>,
    /// Interview mode until this date (YYYY-MM-DD): the home screen counts
    /// down and `a` studies the prep plan's cards; default config.toml's
    /// interview.
    #[arg(long, global = true, value_name = "YYYY-MM-DD", value_parser = values::day)]
    pub interview: Option<NaiveDate>,
}

/// Options of the review screen (`concur`, `concur review`, and `concur
/// config` to see what they would do); only these show them in their help.
#[derive(Debug, Clone, Copy, Args, Default)]
pub struct StudyArgs {
    /// New cards introduced per day, over all decks (new cards started
    /// earlier today count); default 20, or config.toml's new_per_day. Only
    /// for the review screen: with another command it is an error.
    #[arg(long, value_name = "N")]
    pub new_per_day: Option<usize>,
    /// Scheduled reviews per day, over all decks (reviews done earlier
    /// today count), or `unlimited`; default unlimited, or config.toml's
    /// reviews_per_day. Only for the review screen.
    #[arg(long, value_name = "N", value_parser = values::review_cap)]
    pub reviews_per_day: Option<ReviewCap>,
}

impl StudyArgs {
    /// True if an option was given.
    pub fn any(&self) -> bool {
        self.new_per_day.is_some() || self.reviews_per_day.is_some()
    }
}

/// `concur review`.
#[derive(Debug, Clone, Args)]
pub struct ReviewArgs {
    /// The daily caps.
    #[command(flatten)]
    pub study: StudyArgs,
}

/// The quiz's options that config.toml gives defaults for.
#[derive(Debug, Clone, Copy, Args, Default)]
pub struct QuizDefaultArgs {
    /// How many cards; default 20, or config.toml's quiz.count.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=crate::config::MAX_QUIZ_COUNT))]
    pub count: Option<u64>,
    /// Seconds per card (0: untimed); running out of time counts as wrong.
    /// Default untimed, or config.toml's quiz.time.
    #[arg(long = "time", value_name = "SECS", value_parser = clap::value_parser!(u64).range(0..=crate::config::MAX_QUIZ_SECONDS))]
    pub time: Option<u64>,
    /// Type the answers (short answers are checked; long ones are
    /// self-graded); default unless config.toml says quiz.typed = true:
    /// self-graded.
    #[arg(long, conflicts_with = "self_graded")]
    pub typed: bool,
    /// Grade your own answers (overrides config.toml's quiz.typed = true).
    #[arg(long)]
    pub self_graded: bool,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Study what is due in the interactive review screen (the default when
    /// run in a terminal).
    Review(ReviewArgs),
    /// Validate decks and report every problem as path:line:col.
    Check(CheckArgs),
    /// Run one card through a sequence of SM-2 grades and show each state.
    Simulate(SimulateArgs),
    /// List every card's state today: new, due, later, suspended or buried.
    Due(DueArgs),
    /// Turn Markdown notes (front|back tables, Q:/A: lines, cloze deletions) or a JSON export into TOML decks, or an Anki package into decks.
    Import(ImportArgs),
    /// Write a commented template deck to $DATA/decks/NAME.toml.
    New(NewArgs),
    /// Write decks as Anki text, CSV or JSON.
    Export(ExportArgs),
    /// Quiz yourself, shuffled and optionally timed; the schedule is left untouched.
    ///
    /// Cards are shuffled, optionally timed, and typed answers are checked.
    /// Name decks by id (`concur quiz python-gil`); decks loaded with
    /// `--deck PATH` are quizzed too.
    Quiz(QuizArgs),
    /// Your study at a glance: streaks, forecast, retention, card states,
    /// time and leeches.
    ///
    /// Name decks by id (`concur stats python-gil`); default: every deck.
    Stats(StatsArgs),
    /// Predict recall on a date (an interview) with FSRS-6, and plan the
    /// prep reviews from today to then.
    ///
    /// Shows the readiness (mean predicted recall on DATE, new cards
    /// counting 0), the cards most at risk and a day-by-day plan within a
    /// daily limit. Name decks by id after the date.
    Plan(PlanArgs),
    /// Find cards by their text, tags or id (fuzzy, case-insensitive),
    /// best match first.
    ///
    /// Prints each card's deck, id, status today and `path:line`. Name
    /// decks by id after the query (`concur find gil python-gil`).
    Find(FindArgs),
    /// Run a live concurrency demo (threads, GIL threads, processes) and
    /// print what it measured.
    Demo(DemoCliArgs),
    /// Print the settings in effect and where each came from (default,
    /// config.toml:LINE, command line, NO_COLOR).
    ///
    /// The settings file is $DATA/config.toml; options given here show how
    /// they would change the settings.
    Config(ConfigArgs),
    /// Suspend cards: they are never studied until unsuspended (`@` on the
    /// review screen).
    Suspend(CardsArgs),
    /// Bring suspended cards back into the schedule.
    Unsuspend(CardsArgs),
}

/// `concur suspend` and `concur unsuspend`.
#[derive(Debug, Clone, Args)]
pub struct CardsArgs {
    /// Cards by deck id and card id, e.g. python-gil/gil-what (`concur due` lists them).
    #[arg(value_name = "DECK/CARD", required = true)]
    pub cards: Vec<String>,
}

/// `concur config`.
#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// Print one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
    /// The daily caps, as the review screen would take them.
    #[command(flatten)]
    pub study: StudyArgs,
    /// The quiz's options, as `concur quiz` would take them.
    #[command(flatten)]
    pub quiz: QuizDefaultArgs,
}

/// `concur demo`.
#[derive(Debug, Args)]
pub struct DemoCliArgs {
    /// The demo to run (see --list).
    #[arg(value_name = "NAME", required_unless_present = "list")]
    pub name: Option<String>,
    /// List the demos with a one-line description.
    #[arg(long)]
    pub list: bool,
    /// Workers (threads or processes); default: the number of cores (at most 64).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(u64::from(crate::demo::catalog::MIN_WORKERS)..=u64::from(crate::demo::catalog::MAX_WORKERS)))]
    pub workers: Option<u64>,
    /// Print one JSON object with every measurement instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Also run the real thing in CPython, where python3 is installed (the demos marked [--python] in --list); a free-threaded python3.14t/3.13t on PATH runs after it, unless CONCUR_PYTHON names the one interpreter to use.
    #[arg(long)]
    pub python: bool,
    /// Target length of the whole demo in seconds (at most 10).
    #[arg(long, value_name = "SECS")]
    pub duration: Option<f64>,
}

/// `concur quiz`.
#[derive(Debug, Args)]
pub struct QuizArgs {
    /// Deck ids to quiz (default: every deck, or the decks of --deck paths).
    #[arg(value_name = "DECK_ID")]
    pub deck_ids: Vec<String>,
    /// Only cards with this tag (on the card or its deck); repeatable.
    #[arg(long = "tag", value_name = "T")]
    pub tags: Vec<String>,
    /// How many cards, the time per card, typed or self-graded.
    #[command(flatten)]
    pub defaults: QuizDefaultArgs,
    /// Shuffle seed: the same seed gives the same cards in the same order.
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    /// Quiz the weak cards of the last finished quiz (--count and --tag still apply).
    #[arg(long)]
    pub last_weak: bool,
    /// Quiz suspended cards too (they are left out by default).
    #[arg(long)]
    pub include_suspended: bool,
}

/// `concur check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Deck files or folders to check (default: the bundled decks, $DATA/decks and --deck paths).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Print the diagnostics as one JSON object (for editors and CI).
    #[arg(long)]
    pub json: bool,
    /// Also list review-log entries whose card no longer exists, by deck.
    #[arg(long)]
    pub orphans: bool,
    /// Write a stable `id` into every card that has none (deck files on disk only; keeps comments and formatting).
    #[arg(long)]
    pub fix_ids: bool,
    /// Also hash every byte of the review log that the replay snapshot covers (a start checks only samples of them) and rebuild the snapshot if they changed.
    #[arg(long)]
    pub log: bool,
}

/// `concur import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The Markdown notes, a JSON export (`FILE.json`, from `concur export --format json`), or an Anki package (`FILE.apkg`: one deck per Anki deck, in $DATA/decks or the folder -o names).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Write the deck to this file instead of standard output; for a JSON export of several decks, a folder (each deck to ID.toml in it).
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// The id of the deck made (default: from the front matter's title or the first heading, else the file name; for a JSON export, the deck's own id).
    #[arg(long = "as", value_name = "ID")]
    pub as_id: Option<String>,
    /// For a JSON export: import only the deck with this id (default: every deck).
    #[arg(long, value_name = "ID")]
    pub deck_id: Option<String>,
    /// Also turn bullets under a "Conclusion"-style heading into cards (to review by hand).
    #[arg(long)]
    pub bullets: bool,
    /// Import every table of two columns or more, not only those whose header names a front and a back (Front | Back, Question | Answer, Q | A, Term | Definition, …).
    #[arg(long)]
    pub all_tables: bool,
    /// Read ==highlights== as cloze deletions (c1, c2, … in order).
    #[arg(long)]
    pub cloze_highlights: bool,
    /// Overwrite OUT if it exists.
    #[arg(long)]
    pub force: bool,
    /// For an Anki package: also import its review history into the review log.
    #[arg(long)]
    pub with_progress: bool,
}

/// `concur new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The deck's id and file name: lowercase letters, digits and '-'.
    #[arg(value_name = "NAME")]
    pub name: String,
}

/// The formats of `concur export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// Tab-separated text for Anki's File > Import (guid, note type, deck, two HTML fields, tags).
    Anki,
    /// An Anki package (needs -o FILE.apkg): note types with an Explain field, Cloze notes.
    Apkg,
    /// RFC 4180 CSV: deck,id,front,back,cloze,accept,explain,tags,demo (lists `;`-separated, `\;` escaped).
    Csv,
    /// Every field of every deck and card, versioned; `concur import` reads it back.
    Json,
}

/// `concur export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExportFormat::Anki)]
    pub format: ExportFormat,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Overwrite FILE if it exists.
    #[arg(long, requires = "output")]
    pub force: bool,
    /// Deck ids to export (default: every deck).
    #[arg(value_name = "DECK_ID")]
    pub deck_ids: Vec<String>,
}

/// `concur simulate`.
#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// Starting state as N,EF,INTERVAL (default 0,2.5,0: a new card).
    #[arg(long, value_name = "N,EF,INTERVAL", value_parser = values::state)]
    pub from: Option<Sm2State>,
    /// Print a JSON array instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Grades 0-5, each given on the day the card falls due.
    #[arg(value_name = "GRADE", required = true, num_args = 1.., value_parser = values::grades)]
    pub grades: Vec<Grades>,
}

/// `concur find`.
#[derive(Debug, Args)]
pub struct FindArgs {
    /// What to look for: words matched fuzzily in the front, back,
    /// explanation, tags and id ('word: exact, ^word: start, word$: end,
    /// !word: without); "" lists every card.
    #[arg(value_name = "QUERY")]
    pub query: String,
    /// Deck ids to search (default: every deck).
    #[arg(value_name = "DECK_ID")]
    pub deck_ids: Vec<String>,
    /// Only cards with this tag (on the card or its deck); repeatable.
    #[arg(long = "tag", value_name = "T")]
    pub tags: Vec<String>,
    /// Print a JSON list of {deck, card, front, status, path, line}.
    #[arg(long)]
    pub json: bool,
}

/// `concur stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Deck ids to include (default: every deck).
    #[arg(value_name = "DECK_ID")]
    pub deck_ids: Vec<String>,
    /// Print one JSON object with every figure instead of text.
    #[arg(long)]
    pub json: bool,
    /// Days of history in the heatmap and the minutes per day (ending today).
    #[arg(long, value_name = "N", default_value_t = crate::stats::DEFAULT_DAYS, value_parser = clap::value_parser!(u32).range(1..=3660))]
    pub days: u32,
}

/// `concur plan`.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// The day to be ready on (YYYY-MM-DD), after today and at most ten years away.
    #[arg(value_name = "DATE")]
    pub date: String,
    /// Deck ids to prepare (default: every deck).
    #[arg(value_name = "DECK_ID")]
    pub deck_ids: Vec<String>,
    /// Only cards with this tag (on the card or its deck); repeatable.
    #[arg(long = "tag", value_name = "T")]
    pub tags: Vec<String>,
    /// Prep reviews a day, at most; default 20, or config.toml's prep_per_day.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(0..=100_000))]
    pub per_day: Option<u64>,
    /// Print one JSON object (date, model, parameters, readiness, cards, days).
    #[arg(long)]
    pub json: bool,
}

/// `concur due`.
#[derive(Debug, Args)]
pub struct DueArgs {
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

impl QuizDefaultArgs {
    /// What these options say about the settings.
    pub fn overrides(&self) -> crate::config::Overrides {
        crate::config::Overrides {
            quiz_typed: match (self.typed, self.self_graded) {
                (true, _) => Some(true),
                (_, true) => Some(false),
                _ => None,
            },
            quiz_count: self.count,
            quiz_time: self.time,
            ..Default::default()
        }
    }
}

impl StudyArgs {
    /// What these options say about the settings, on top of `o`.
    pub fn overrides(&self, o: crate::config::Overrides) -> crate::config::Overrides {
        crate::config::Overrides {
            new_per_day: self.new_per_day.or(o.new_per_day),
            reviews_per_day: self.reviews_per_day.map(|c| c.0).or(o.reviews_per_day),
            ..o
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_valid() {
        Cli::command().debug_assert();
    }
}
