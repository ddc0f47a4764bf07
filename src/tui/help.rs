//! The keys of each screen: the help overlay (`?`) and the footer hints.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget};

use super::app::{App, Screen};
use super::{layout, theme};

/// Every key of the current screen: `(keys, what they do)`.
pub fn keys(app: &App) -> Vec<(&'static str, &'static str)> {
    match app.screen {
        Screen::Home => vec![
            ("j k ↑ ↓", "choose a deck"),
            ("g G Home End", "first or last deck"),
            ("Enter Space", "study the chosen deck"),
            ("a", "study everything due in all decks"),
            ("c", "quiz: timed, typed answers, schedule untouched"),
            ("?", "show or hide this help"),
            ("q Esc", "quit"),
            ("Ctrl-C", "quit"),
        ],
        Screen::Review => vec![
            ("Space Enter", "show the answer"),
            ("0 - 5", "grade the answer (after it is shown)"),
            ("j k ↑ ↓", "scroll the card"),
            ("PgUp PgDn", "scroll a page (Space too, once shown)"),
            ("Home End", "top or bottom of the card"),
            (
                "[ ] Shift-↑ ↓",
                "scroll the live demo (when it has more rows)",
            ),
            ("u", "undo the last grade"),
            ("d", "start or restart the card's live demo"),
            ("p", "run the demo in real CPython (when offered)"),
            ("Esc", "stop a running demo (then: end the session)"),
            ("r", "retry saving after an error"),
            ("?", "show or hide this help"),
            ("q Esc", "end the session"),
            ("Ctrl-C", "quit"),
        ],
        Screen::Summary => vec![
            ("Enter q Esc", "back to the decks"),
            ("u", "undo the last grade"),
            ("?", "show or hide this help"),
            ("Ctrl-C", "quit"),
        ],
        Screen::QuizSetup => vec![
            ("j k ↑ ↓ Tab", "choose an option"),
            ("h l ← → Space", "change it"),
            ("Enter", "start the quiz"),
            ("q Esc", "back to the decks"),
            ("?", "show or hide this help"),
        ],
        Screen::Quiz => vec![
            ("letters", "type the answer (typed quizzes)"),
            ("Enter", "check the typed answer, then next card"),
            ("Space", "show the answer (self-graded cards)"),
            ("0 - 5", "grade, or change the suggested grade"),
            ("r", "quiz the weak cards again (on the score)"),
            ("?", "show or hide this help (not while typing)"),
            ("Esc", "leave the quiz"),
            ("Ctrl-C", "quit"),
        ],
    }
}

/// The few keys hinted in the footer.
fn hints(app: &App) -> Vec<(&'static str, &'static str)> {
    match app.screen {
        Screen::Home => vec![
            ("Enter", "study"),
            ("a", "all due"),
            ("c", "quiz"),
            ("j/k", "move"),
            ("?", "help"),
            ("q", "quit"),
        ],
        Screen::Review if app.error.is_some() && app.pending.is_some() => {
            vec![
                ("r", "retry"),
                ("0-5", "grade again"),
                ("?", "help"),
                ("q", "end"),
            ]
        }
        Screen::Review if app.revealed && app.demo_running() => with_demo_scroll(
            app,
            vec![
                ("0-5", "grade"),
                ("Esc", "stop demo"),
                ("d", "restart"),
                ("?", "help"),
            ],
        ),
        Screen::Review
            if app.revealed && app.current_card().is_some_and(|(_, c, _)| c.demo.is_some()) =>
        {
            with_demo_scroll(
                app,
                vec![
                    ("0-5", "grade"),
                    (
                        "d",
                        if app.demo.is_some() {
                            "run demo again"
                        } else {
                            "run demo"
                        },
                    ),
                    ("u", "undo"),
                    ("?", "help"),
                    ("q", "end"),
                ],
            )
        }
        Screen::Review if app.revealed => {
            vec![
                ("0-5", "grade"),
                ("j/k", "scroll"),
                ("u", "undo"),
                ("?", "help"),
                ("q", "end"),
            ]
        }
        Screen::Review => vec![
            ("Space", "show answer"),
            ("u", "undo"),
            ("?", "help"),
            ("q", "end"),
        ],
        Screen::Summary => vec![("Enter", "decks"), ("u", "undo"), ("?", "help")],
        Screen::QuizSetup | Screen::Quiz => Vec::new(),
    }
}

/// `hints` with `[ ]` for the demo pane after the first two, when the
/// pane's content is longer than the pane.
fn with_demo_scroll(
    app: &App,
    mut hints: Vec<(&'static str, &'static str)>,
) -> Vec<(&'static str, &'static str)> {
    if layout::demo_max_scroll(app) > 0 {
        hints.insert(hints.len().min(2), ("[ ]", "scroll demo"));
    }
    hints
}

/// Draws the footer hints in one line (as many as fit).
pub fn footer(app: &App, area: Rect, buf: &mut Buffer) {
    let mut spans = Vec::new();
    let mut width = 0usize;
    for (k, what) in hints(app) {
        let w = k.chars().count() + what.chars().count() + 3;
        if width + w > usize::from(area.width) {
            break;
        }
        spans.push(Span::styled(k, theme::key()));
        spans.push(Span::styled(format!(" {what}  "), theme::dim()));
        width += w;
    }
    Paragraph::new(Line::from(spans)).render(area, buf);
}

/// Draws the help overlay in the middle of `area`.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let keys = keys(app);
    let key_w = keys
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    let lines: Vec<Line<'_>> = keys
        .iter()
        .map(|(k, what)| {
            Line::from(vec![
                Span::styled(format!("{k:<key_w$}  "), theme::key()),
                Span::raw(*what),
            ])
        })
        .collect();
    let text_w = lines.iter().map(Line::width).max().unwrap_or(0);
    let w = u16::try_from(text_w + 4)
        .unwrap_or(u16::MAX)
        .min(area.width);
    let h = u16::try_from(lines.len() + 2)
        .unwrap_or(u16::MAX)
        .min(area.height);
    let popup = area.centered(Constraint::Length(w), Constraint::Length(h));
    Clear.render(popup, buf);
    Paragraph::new(lines)
        .block(
            Block::bordered()
                .title(Line::styled(" Keys ", theme::title()))
                .title_bottom(Line::styled(" ? or Esc to close ", theme::dim()).right_aligned())
                .padding(ratatui::widgets::Padding::horizontal(1)),
        )
        .render(popup, buf);
}
