//! Log lines on their way to the writer thread. The screen never waits for
//! them: a grade moves on to the next card at once and its line joins
//! [`Saving`], the queue of lines not yet known to be on disk, in order.
//! The writer answers each line ([`Msg::Saved`](super::super::msg::Msg)
//! for the oldest), reports a lock held by another process (the quiet
//! "saving…" mark), or a failure: then the line and those behind it stay
//! queued, are shown in a banner, and are sent again, in order, on `r`, on
//! the next line saved, or when quitting. Quitting waits for the queue with
//! a message; a second quit leaves without it, and the lines left are
//! printed on exit ([`App::unsaved_report`]).

use std::collections::VecDeque;

use ratatui::crossterm::event::KeyEvent;

use crate::data_dir::DataDir;
use crate::store::{Kind, LineId, LogEntry};

use super::super::keymap::{self, QuittingAction};
use super::super::msg::{Cmd, Wait};
use super::{App, HelpView};

/// The log lines not yet known to be on disk, oldest first, and the log
/// they go to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Saving {
    /// The review log (named in messages; the writer thread writes it).
    data: DataDir,
    /// The lines, oldest first.
    lines: VecDeque<LogEntry>,
    /// How many of the oldest lines the writer has (the rest are sent on a
    /// retry).
    sent: usize,
    /// What the oldest line waits for, if the writer said.
    waiting: Option<Wait>,
    /// Why the oldest line could not be written (until a retry).
    failed: Option<String>,
    /// Quitting was asked for and waits for the lines.
    quitting: bool,
}

impl Saving {
    /// Nothing waits yet for the log of `data`.
    pub fn new(data: DataDir) -> Saving {
        Saving {
            data,
            ..Saving::default()
        }
    }

    /// The data folder, whose review log the lines go to.
    pub fn data(&self) -> &DataDir {
        &self.data
    }

    /// No line waits.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Lines waiting.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// What the oldest line waits for, if the writer said.
    pub fn waiting(&self) -> Option<Wait> {
        self.waiting.filter(|_| !self.lines.is_empty())
    }

    /// Why the oldest line could not be written, until a retry.
    pub fn failure(&self) -> Option<&str> {
        self.failed.as_deref()
    }

    /// Quitting waits for the lines.
    pub fn is_quitting(&self) -> bool {
        self.quitting
    }

    /// What waits, in words: "1 grade", "2 grades and 1 undo".
    pub fn what(&self) -> String {
        let of = |pick: &dyn Fn(Kind) -> bool| self.lines.iter().filter(|l| pick(l.kind)).count();
        let parts: Vec<String> = [
            (of(&Kind::is_grade), "grade"),
            (of(&|k| k == Kind::Suspend), "suspend"),
            (of(&|k| k == Kind::Unsuspend), "unsuspend"),
            (of(&|k| k == Kind::Bury), "bury"),
            (of(&|k| k == Kind::Undo), "undo"),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, noun)| crate::text::plural(n, noun))
        .collect();
        match parts.as_slice() {
            [] => "nothing".to_string(),
            [one] => one.clone(),
            [init @ .., last] => format!("{} and {last}", init.join(", ")),
        }
    }

    /// The lines not yet given to the writer, as commands; now given.
    fn send_rest(&mut self) -> Vec<Cmd> {
        let rest = self
            .lines
            .iter()
            .skip(self.sent)
            .cloned()
            .map(Cmd::Append)
            .collect();
        self.sent = self.lines.len();
        rest
    }

    /// Drops the newest line if it is `id`'s and the writer never had it.
    fn take_unsent(&mut self, id: LineId) -> bool {
        let unsent = self.lines.len() > self.sent;
        if unsent && self.lines.back().and_then(|l| l.id) == Some(id) {
            self.lines.pop_back();
            return true;
        }
        false
    }
}

/// One command for several, in order.
fn batch(mut cmds: Vec<Cmd>) -> Option<Cmd> {
    match cmds.len() {
        0 => None,
        1 => cmds.pop(),
        _ => Some(Cmd::Batch(cmds)),
    }
}

impl App {
    /// Queues a log line for the writer, after the lines queued before it.
    pub(in crate::tui) fn save(&mut self, entry: LogEntry) -> Option<Cmd> {
        self.saving.lines.push_back(entry);
        if self.saving.failed.is_some() {
            // Each new line tries the failed ones again first.
            return self.retry_saving();
        }
        batch(self.saving.send_rest())
    }

    /// Sends the lines again after a failure (`r`).
    pub(in crate::tui) fn retry_saving(&mut self) -> Option<Cmd> {
        self.saving.failed.take()?;
        self.messages.error = None;
        let mut cmds = vec![Cmd::ResumeWrites];
        cmds.extend(self.saving.send_rest());
        batch(cmds)
    }

    /// Takes back the newest line if the writer never had it (a grade
    /// queued behind a failed one): then undoing it writes nothing.
    pub(in crate::tui) fn unsave(&mut self, id: LineId) -> bool {
        let taken = self.saving.take_unsent(id);
        if taken && self.saving.is_empty() {
            self.saving.failed = None;
            self.messages.error = None;
        }
        taken
    }

    /// The writer wrote the oldest line.
    pub(in crate::tui) fn saved(&mut self) -> Option<Cmd> {
        self.saving.lines.pop_front()?;
        self.saving.sent = self.saving.sent.saturating_sub(1);
        self.saving.waiting = None;
        self.reload.wrote();
        if !self.saving.is_empty() {
            return None;
        }
        if self.saving.quitting {
            return Some(Cmd::Quit);
        }
        // A reload waited for the writer.
        self.next_reload()
    }

    /// The writer could not write the oldest line (and dropped the rest).
    pub(in crate::tui) fn save_failed(&mut self, why: String) -> Option<Cmd> {
        self.saving.sent = 0;
        self.saving.waiting = None;
        self.messages.error = Some(format!(
            "Could not save {} to the review log: {why}. Kept, not lost: r retries (so do the next grade and quitting).",
            self.saving.what()
        ));
        self.saving.failed = Some(why);
        None
    }

    /// The oldest line waits for `wait` (the lock, once said, is what it
    /// waits for until it is written).
    pub(in crate::tui) fn save_waiting(&mut self, wait: Wait) {
        if self.saving.waiting != Some(Wait::Lock) {
            self.saving.waiting = Some(wait);
        }
    }

    /// A key, unless quitting waits for the writer; a quit asked for while
    /// lines wait becomes that wait.
    pub(in crate::tui) fn key_or_quit(&mut self, key: KeyEvent) -> Option<Cmd> {
        if self.saving.quitting {
            return self.quitting_key(key);
        }
        let cmd = self.key(key);
        if cmd != Some(Cmd::Quit) || self.saving.is_empty() {
            return cmd;
        }
        self.saving.quitting = true;
        self.views.help = HelpView::default();
        self.retry_saving()
    }

    /// Keys while quitting waits for the writer (see
    /// [`keymap::QUITTING`]).
    fn quitting_key(&mut self, key: KeyEvent) -> Option<Cmd> {
        keymap::dispatch(&[keymap::QUITTING], &key, |action| match action {
            QuittingAction::Leave => Some(Some(Cmd::Quit)),
            QuittingAction::Back => {
                self.saving.quitting = false;
                Some(None)
            }
            QuittingAction::Retry => Some(self.retry_saving()),
        })
        .flatten()
    }

    /// What was not saved when the app ended (after a forced quit or a
    /// signal), with the lines themselves so that nothing is lost silently.
    pub fn unsaved_report(&self) -> Option<String> {
        if self.saving.is_empty() {
            return None;
        }
        let why = match (&self.saving.failed, self.saving.waiting) {
            (Some(e), _) => format!(" ({})", crate::text::for_terminal(e)),
            (None, Some(Wait::Lock)) => " (another program held the review log's lock)".to_string(),
            (None, Some(Wait::Disk)) => " (the disk was slow to answer)".to_string(),
            (None, None) => String::new(),
        };
        let lines: Vec<String> = self
            .saving
            .lines
            .iter()
            .map(LogEntry::to_json_line)
            .collect();
        Some(format!(
            "{} {} not saved to {}{why}. To keep {}, append these lines to it:\n{}",
            self.saving.what(),
            if self.saving.len() == 1 {
                "was"
            } else {
                "were"
            },
            crate::text::for_terminal(&self.saving.data.log().display().to_string()),
            if self.saving.len() == 1 { "it" } else { "them" },
            lines.join("\n")
        ))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use super::super::super::save_mark::{MARK, MARK_SLOW};
    use super::super::tests::{app, deck};
    use crate::tui::msg::{Cmd, Msg, Wait};
    use crate::tui::{App, Screen};

    fn current(a: &App) -> String {
        a.current_card().unwrap().1.id.clone()
    }

    /// The `(card, kind)` of every line in `cmd`, in order.
    fn lines(cmd: Option<Cmd>) -> Vec<(String, String)> {
        match cmd {
            Some(Cmd::Append(e)) => vec![(e.card, format!("{:?}", e.kind).to_lowercase())],
            Some(Cmd::Batch(cmds)) => cmds.into_iter().flat_map(|c| lines(Some(c))).collect(),
            _ => Vec::new(),
        }
    }

    fn screen(a: &App) -> String {
        let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).unwrap();
        t.draw(|f| f.render_widget(a, f.area())).unwrap();
        format!("{:?}", t.backend())
    }

    fn line(card: &str, kind: &str) -> (String, String) {
        (card.into(), kind.into())
    }

    /// An app on a review of `cards` whose first card was graded 5.
    fn graded(cards: &[&str]) -> App {
        let mut a = app(vec![deck("d", cards)]);
        a.update(Msg::char('a'));
        a.update(Msg::char(' '));
        a.update(Msg::char('5'));
        a
    }

    #[test]
    fn a_grade_moves_on_at_once_and_a_held_lock_shows_a_quiet_mark() {
        let mut a = app(vec![deck("d", &["x", "y"])]);
        a.update(Msg::char('a'));
        a.update(Msg::char(' '));
        let cmd = a.update(Msg::char('4'));
        assert_eq!(lines(cmd), [line("x", "review")]);
        assert_eq!(current(&a), "y", "the next card, before the line is saved");
        assert_eq!(a.saving.len(), 1);
        assert!(!screen(&a).contains(MARK_SLOW));
        // A slow disk: a plain mark; then the lock, which it keeps saying.
        a.update(Msg::SaveWaiting(Wait::Disk));
        assert!(screen(&a).contains(MARK_SLOW) && !screen(&a).contains(MARK));
        a.update(Msg::SaveWaiting(Wait::Lock));
        a.update(Msg::SaveWaiting(Wait::Disk));
        assert_eq!(a.saving.waiting(), Some(Wait::Lock));
        assert!(screen(&a).contains(MARK));
        assert_eq!(a.update(Msg::Saved), None);
        assert!(a.saving.is_empty());
        assert_eq!(a.writes(), 1);
        assert!(!screen(&a).contains(MARK_SLOW));
    }

    #[test]
    fn undo_with_lines_on_their_way_keeps_their_order() {
        let mut a = app(vec![deck("d", &["x", "y", "z"])]);
        a.update(Msg::char('a'));
        let mut sent = Vec::new();
        sent.extend(lines(a.update(Msg::char(' '))));
        sent.extend(lines(a.update(Msg::char('5'))));
        sent.extend(lines(a.update(Msg::char(' '))));
        sent.extend(lines(a.update(Msg::char('4'))));
        assert_eq!(current(&a), "z");
        // Neither line is saved yet: the undo follows them.
        sent.extend(lines(a.update(Msg::char('u'))));
        assert_eq!(current(&a), "y");
        assert_eq!(
            sent,
            [line("x", "review"), line("y", "review"), line("y", "undo")]
        );
        assert_eq!(a.saving.what(), "2 grades and 1 undo");
        for _ in 0..3 {
            a.update(Msg::Saved);
        }
        assert!(a.saving.is_empty());
        assert_eq!(a.writes(), 3);
    }

    #[test]
    fn lines_waiting_are_named_as_what_they_are() {
        let mut a = graded(&["x", "y", "z"]);
        a.update(Msg::char('@'));
        a.update(Msg::char('-'));
        assert_eq!(a.saving.what(), "1 grade, 1 suspend and 1 bury");
        a.update(Msg::char('u'));
        assert_eq!(a.saving.what(), "1 grade, 1 suspend, 1 bury and 1 undo");
    }

    #[test]
    fn quitting_waits_for_the_writer_with_a_message() {
        let mut a = graded(&["x", "y"]);
        a.update(Msg::char('q'));
        assert_eq!(a.screen, Screen::Summary);
        a.update(Msg::char('q'));
        assert_eq!(a.screen, Screen::Home);
        // The line is not saved yet: q waits, and says so.
        assert_eq!(a.update(Msg::char('q')), None);
        assert!(a.saving.is_quitting());
        a.update(Msg::SaveWaiting(Wait::Lock));
        let s = screen(&a);
        assert!(s.contains("Saving 1 grade before quitting"), "{s}");
        assert!(s.contains("Waiting for the review log's lock"), "{s}");
        // Other keys wait too; Esc goes back, q again waits again.
        assert_eq!(a.update(Msg::char('a')), None);
        assert_eq!(a.screen, Screen::Home);
        a.update(Msg::key(KeyCode::Esc));
        assert!(!a.saving.is_quitting());
        assert_eq!(a.update(Msg::char('q')), None);
        // The writer is done: the app quits.
        assert_eq!(a.update(Msg::Saved), Some(Cmd::Quit));
        assert_eq!(a.unsaved_report(), None);
    }

    #[test]
    fn a_second_quit_leaves_and_reports_the_lines_left() {
        let mut a = graded(&["x", "y"]);
        let ctrl_c = Msg::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
        assert_eq!(a.update(ctrl_c.clone()), None, "the first Ctrl-C waits");
        a.update(Msg::SaveWaiting(Wait::Lock));
        assert_eq!(a.update(ctrl_c), Some(Cmd::Quit));
        let report = a.unsaved_report().unwrap();
        assert!(report.starts_with("1 grade was not saved to"), "{report}");
        assert!(report.contains("lock"), "{report}");
        assert!(report.contains(r#""card":"x""#), "{report}");
    }

    #[test]
    fn a_failed_line_and_those_behind_it_are_kept_and_sent_again_in_order() {
        let mut a = graded(&["x", "y", "z"]);
        a.update(Msg::SaveFailed("disk full".into()));
        let err = a.error().unwrap().to_string();
        assert!(
            err.contains("Could not save 1 grade") && err.contains("disk full"),
            "{err}"
        );
        assert_eq!(current(&a), "y", "the session goes on");
        // The next grade tries again: the failed line first, then its own.
        a.update(Msg::char(' '));
        let again = a.update(Msg::char('4'));
        assert!(matches!(&again, Some(Cmd::Batch(c)) if c[0] == Cmd::ResumeWrites));
        assert_eq!(lines(again), [line("x", "review"), line("y", "review")]);
        assert_eq!(a.error(), None);
        a.update(Msg::SaveFailed("disk full".into()));
        // Undo of a grade the writer never had again: it is just dropped...
        // (the writer dropped both after the failure, so both are unsent).
        assert_eq!(lines(a.update(Msg::char('u'))), []);
        assert_eq!(a.saving.len(), 1);
        // ...and r sends what is left.
        let retry = a.update(Msg::char('r'));
        assert_eq!(lines(retry), [line("x", "review")]);
        a.update(Msg::Saved);
        assert!(a.saving.is_empty());
    }
}
