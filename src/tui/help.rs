//! The keys of each screen: the help overlay (`?`) and the footer hints.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget};

use super::app::{App, Screen};
use super::keymap::{self, GlobalAction, HelpAction, StatsAction, SummaryAction};
use super::{layout, theme};

/// Every key of the current screen: `(keys, what they do)`, from the
/// keymap (the screen's keys, then those of every screen).
pub fn keys(app: &App) -> Vec<(String, &'static str)> {
    let mut out: Vec<(String, &'static str)> = match app.screen() {
        Screen::Home => keymap::help(keymap::HOME).collect(),
        Screen::Review => keymap::help(keymap::REVIEW)
            .chain(keymap::help(keymap::DEMO_PANE))
            .collect(),
        Screen::Summary => keymap::help(keymap::SUMMARY).collect(),
        Screen::QuizSetup => keymap::help(keymap::QUIZ_SETUP).collect(),
        Screen::Stats => keymap::help(keymap::STATS).collect(),
        Screen::Quiz => keymap::help(keymap::QUIZ).collect(),
        Screen::Find => keymap::help(keymap::FIND).collect(),
        Screen::FindCard => keymap::help(keymap::FIND_CARD).collect(),
    };
    out.extend(keymap::help(keymap::GLOBAL));
    out
}

/// The few keys hinted in the footer.
fn hints(app: &App) -> Vec<(String, &'static str)> {
    use keymap::{DEMO_PANE, HOME, HomeAction as H, REVIEW, ReviewAction as R, first_key};
    let help = (first_key(keymap::GLOBAL, GlobalAction::Help), "help");
    let grades = keymap::range(REVIEW, R::Grade(0), R::Grade(5));
    let end = (first_key(REVIEW, R::End), "end");
    let undo = (first_key(REVIEW, R::Undo), "undo");
    match app.screen() {
        Screen::Home => vec![
            (first_key(HOME, H::Study), "study"),
            (first_key(HOME, H::StudyAll), "all due"),
            (first_key(HOME, H::Quiz), "quiz"),
            (first_key(HOME, H::Stats), "stats"),
            (first_key(HOME, H::Find), "find"),
            (keymap::either(HOME, H::Down, H::Up), "move"),
            help,
            (first_key(HOME, H::Quit), "quit"),
        ],
        Screen::Review if app.saving().failure().is_some() => {
            vec![(first_key(REVIEW, R::Retry), "retry saving"), help, end]
        }
        Screen::Review if app.revealed() && app.demo_running() => with_demo_scroll(
            app,
            vec![
                (grades, "grade"),
                (first_key(DEMO_PANE, R::StopDemo), "stop demo"),
                (first_key(DEMO_PANE, R::Demo), "restart"),
                help,
            ],
        ),
        Screen::Review
            if app.revealed() && app.current_card().is_some_and(|(_, c, _)| c.demo.is_some()) =>
        {
            with_demo_scroll(
                app,
                vec![
                    (grades, "grade"),
                    (
                        first_key(DEMO_PANE, R::Demo),
                        if app.demo().is_some() {
                            "run demo again"
                        } else {
                            "run demo"
                        },
                    ),
                    undo,
                    help,
                    end,
                ],
            )
        }
        Screen::Review if app.revealed() => {
            vec![
                (grades, "grade"),
                (keymap::either(REVIEW, R::Down, R::Up), "scroll"),
                undo,
                help,
                end,
            ]
        }
        Screen::Review => vec![
            (first_key(REVIEW, R::Reveal), "show answer"),
            undo,
            help,
            end,
        ],
        Screen::Summary => vec![
            (first_key(keymap::SUMMARY, SummaryAction::Back), "decks"),
            (first_key(keymap::SUMMARY, SummaryAction::Undo), "undo"),
            help,
        ],
        Screen::Stats => vec![
            (first_key(keymap::STATS, StatsAction::Back), "decks"),
            (first_key(keymap::STATS, StatsAction::Refresh), "refresh"),
            help,
        ],
        Screen::Find => {
            use keymap::{FIND, FindAction as F};
            vec![
                (first_key(FIND, F::Open), "show"),
                (keymap::either(FIND, F::Down, F::Up), "move"),
                (first_key(FIND, F::Back), "back"),
            ]
        }
        Screen::FindCard => {
            use keymap::{FIND_CARD, FindCardAction as F};
            vec![
                (first_key(FIND_CARD, F::Back), "back to the list"),
                (keymap::either(FIND_CARD, F::Down, F::Up), "scroll"),
                help,
            ]
        }
        Screen::QuizSetup | Screen::Quiz => Vec::new(),
    }
}

/// `hints` with the demo pane's scroll keys after the first two, when the
/// pane's content is longer than the pane.
fn with_demo_scroll(
    app: &App,
    mut hints: Vec<(String, &'static str)>,
) -> Vec<(String, &'static str)> {
    use keymap::ReviewAction as R;
    if layout::demo_max_scroll(app) > 0 {
        let keys = format!(
            "{} {}",
            keymap::first_key(keymap::DEMO_PANE, R::DemoUp),
            keymap::first_key(keymap::DEMO_PANE, R::DemoDown)
        );
        hints.insert(hints.len().min(2), (keys, "scroll demo"));
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
            let key = if i == 0 { k.as_str() } else { "" };
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
/// `app.help_scroll()`; when it does not fit, its border says what is above
/// and below and which keys scroll.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let (popup, text_w) = popup(app, area);
    let max = max_scroll(app, area);
    let scroll = app.help_scroll().min(max);
    let key = |a| keymap::first_key(keymap::HELP, a);
    let (down, up, close) = (
        key(HelpAction::Down),
        key(HelpAction::Up),
        key(HelpAction::Close),
    );
    let help = keymap::first_key(keymap::GLOBAL, GlobalAction::Help);
    let hint = match (scroll > 0, scroll < max) {
        (false, false) => format!(" {help} or {close} to close "),
        (false, true) => format!(" {} more ↓ {down} · {close} closes ", max - scroll),
        (true, true) => format!(" ↑ {up} · {} more ↓ {down} · {close} closes ", max - scroll),
        (true, false) => format!(" ↑ {up} · {close} closes "),
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
