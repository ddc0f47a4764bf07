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
            ("s", "stats: heatmap, forecast, retention, leeches"),
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
        Screen::Stats => vec![
            ("r", "compute the figures again"),
            ("?", "show or hide this help"),
            ("q Esc", "back to the decks"),
            ("Ctrl-C", "quit"),
        ],
        Screen::Quiz => vec![
            ("letters", "type the answer (typed quizzes)"),
            ("Enter", "check the typed answer, then next card"),
            ("Space", "show the answer (self-graded cards)"),
            ("0 - 5", "grade, or change the suggested grade"),
            ("↑ ↓ PgUp PgDn", "scroll a card longer than the window"),
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
            ("s", "stats"),
            ("j/k", "move"),
            ("?", "help"),
            ("q", "quit"),
        ],
        Screen::Review if app.saving.failure().is_some() => {
            vec![("r", "retry saving"), ("?", "help"), ("q", "end")]
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
        Screen::Stats => vec![("q", "decks"), ("r", "refresh"), ("?", "help")],
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

/// The help overlay's lines for a text `width` columns wide: each key in
/// its column, its meaning wrapped under itself.
pub fn lines(app: &App, width: u16) -> Vec<Line<'static>> {
    let keys = keys(app);
    let key_w = keys
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    let what_w = usize::from(width).saturating_sub(key_w + 2).max(8);
    let mut out = Vec::new();
    for (k, what) in keys {
        for (i, part) in wrap_words(what, what_w).into_iter().enumerate() {
            let key = if i == 0 { k } else { "" };
            out.push(Line::from(vec![
                Span::styled(format!("{key:<key_w$}  "), theme::key()),
                Span::raw(part),
            ]));
        }
    }
    out
}

/// `text` in lines of at most `width` characters, broken between words (a
/// word longer than a line is cut).
fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let fits = line.chars().count() + 1 + word.chars().count() <= width;
        if !line.is_empty() && !fits {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.extend(word.chars().take(width));
    }
    out.push(line);
    out
}

/// Where the help overlay goes in `area`, and its text width.
fn popup(app: &App, area: Rect) -> (Rect, u16) {
    let widest = lines(app, u16::MAX)
        .iter()
        .map(Line::width)
        .max()
        .unwrap_or(0);
    let w = u16::try_from(widest + 4)
        .unwrap_or(u16::MAX)
        .min(area.width);
    let text_w = w.saturating_sub(4);
    let h = u16::try_from(lines(app, text_w).len() + 2)
        .unwrap_or(u16::MAX)
        .min(area.height);
    (
        area.centered(Constraint::Length(w), Constraint::Length(h)),
        text_w,
    )
}

/// How far the help overlay can scroll in `area` (0 when it all fits).
pub fn max_scroll(app: &App, area: Rect) -> u16 {
    let (popup, text_w) = popup(app, area);
    let total = u16::try_from(lines(app, text_w).len()).unwrap_or(u16::MAX);
    total.saturating_sub(popup.height.saturating_sub(2))
}

/// Draws the help overlay in the middle of `area`, scrolled by
/// `app.help_scroll`; when it does not fit, its border says what is above
/// and below and which keys scroll.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let (popup, text_w) = popup(app, area);
    let max = max_scroll(app, area);
    let scroll = app.help_scroll.min(max);
    let hint = match (scroll > 0, scroll < max) {
        (false, false) => " ? or Esc to close ".to_string(),
        (false, true) => format!(" {} more ↓ j · Esc closes ", max - scroll),
        (true, true) => format!(" ↑ k · {} more ↓ j · Esc closes ", max - scroll),
        (true, false) => " ↑ k · Esc closes ".to_string(),
    };
    Clear.render(popup, buf);
    Paragraph::new(lines(app, text_w))
        .scroll((scroll, 0))
        .block(
            Block::bordered()
                .title(Line::styled(" Keys ", theme::title()))
                .title_bottom(Line::styled(hint, theme::dim()).right_aligned())
                .padding(ratatui::widgets::Padding::horizontal(1)),
        )
        .render(popup, buf);
}
