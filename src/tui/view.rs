//! Rendering: a pure function of the [`App`] state.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::app::{App, Screen};
use super::{find, find_card, help, home, review, save_mark, stats, summary, theme};

/// The smallest window the current screen works in.
pub fn min_size(app: &App) -> (u16, u16) {
    match app.screen() {
        Screen::Home => home::MIN_SIZE,
        Screen::Review => review::MIN_SIZE,
        Screen::Summary => summary::MIN_SIZE,
        Screen::Stats => stats::MIN_SIZE,
        Screen::QuizSetup | Screen::Quiz => (40, 12),
        Screen::Find | Screen::FindCard => find::MIN_SIZE,
    }
}

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        draw(self, area, buf);
        if !self.colors() {
            theme::without_colors(area, buf);
        }
    }
}

/// Draws the screen the app is on.
fn draw(app: &App, area: Rect, buf: &mut Buffer) {
    let (w, h) = min_size(app);
    if area.width < w || area.height < h {
        too_small(area, buf, (w, h));
        return;
    }
    match app.screen() {
        Screen::Home => home::render(app, area, buf),
        Screen::Review => review::render(app, area, buf),
        Screen::Summary => summary::render(app, area, buf),
        Screen::Stats => stats::render(app, area, buf),
        Screen::Find => find::render(app, area, buf),
        Screen::FindCard => find_card::render(app, area, buf),
        Screen::QuizSetup => {
            let name = app
                .decks()
                .get(app.selected())
                .map_or("", |d| d.name.as_str());
            app.quiz_setup().render(name, area, buf);
        }
        Screen::Quiz => {
            if let Some(q) = app.quiz() {
                let banner = app.error().is_some();
                let [top, rest] = ratatui::layout::Layout::vertical([
                    Constraint::Length(u16::from(banner)),
                    Constraint::Min(0),
                ])
                .areas(area);
                if let Some(e) = app.error() {
                    Line::styled(e, theme::error()).render(top, buf);
                }
                q.render(rest, buf);
            }
        }
    }
    if app.help_open() {
        help::render(app, area, buf);
    }
    save_mark::render(app, area, buf);
}

fn too_small(area: Rect, buf: &mut Buffer, (w, h): (u16, u16)) {
    let lines = vec![
        Line::styled("Window too small", theme::title()),
        Line::styled(
            format!("need {w}×{h}, have {}×{}", area.width, area.height),
            theme::dim(),
        ),
        Line::styled("q quits", theme::dim()),
    ];
    let rows = u16::try_from(lines.len())
        .unwrap_or(u16::MAX)
        .min(area.height);
    let middle = area.centered_vertically(Constraint::Length(rows));
    Paragraph::new(lines)
        .centered()
        .wrap(Wrap { trim: true })
        .render(middle, buf);
}
