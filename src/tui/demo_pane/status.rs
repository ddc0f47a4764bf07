//! The pane's first and last lines: where the demo is (cores, run, time,
//! CPython), and the verdict or the error.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::demo::{DemoState, Status, VerdictStatus};
use crate::text::sanitize;

use super::{DIM, ERROR, secs};

/// The header line: status, cores, the current run, elapsed time, CPython.
pub(super) fn header(state: &DemoState, r: Rect, buf: &mut Buffer) {
    let cores = if state.cores > 0 {
        format!("{} cores · ", state.cores)
    } else {
        String::new()
    };
    let mut spans = vec![Span::raw(match state.status {
        Status::Starting => "starting…".to_string(),
        Status::Running => format!(
            "{cores}run {}/{} · {}",
            state.current.map_or(0, |c| c + 1),
            state.runs.len(),
            secs(state.elapsed_ms())
        ),
        Status::Finished => format!("{cores}done in {}", secs(state.elapsed_ms())),
        Status::Cancelled => format!("{cores}cancelled after {}", secs(state.elapsed_ms())),
        Status::Failed => format!("{cores}failed"),
    })];
    // Each part's CPython (two when a free-threaded build ran too).
    let mut pythons: Vec<&crate::demo::PythonInfo> = state
        .parts
        .iter()
        .filter_map(|&i| state.runs.get(i).and_then(|r| r.python.as_ref()))
        .collect();
    if pythons.is_empty() {
        pythons.extend(state.python.as_ref());
    }
    if !pythons.is_empty() {
        let each: Vec<String> = pythons
            .iter()
            .map(|p| {
                format!(
                    "{} (GIL {})",
                    sanitize(&p.version),
                    if p.gil_enabled { "on" } else { "off" }
                )
            })
            .collect();
        spans.push(Span::raw(format!(" · CPython {}", each.join(" + "))));
    } else if state.python_offered {
        spans.push(Span::styled(" · p: real CPython", DIM));
    }
    Line::from(spans).render(r, buf);
}

/// The footer's bold label and text, and the label's style.
pub(super) type FooterText = ((String, String), Style);

const SUPPORTED: Style = Style::new().fg(Color::Green);
const INCONCLUSIVE: Style = Style::new().fg(Color::Yellow);
const NOT_SUPPORTED: Style = Style::new().fg(Color::Red);

/// The style of a verdict's status word: supported green, inconclusive
/// yellow, not supported red.
pub(super) fn status_style(status: VerdictStatus) -> Style {
    match status {
        VerdictStatus::Supported => SUPPORTED,
        VerdictStatus::Inconclusive => INCONCLUSIVE,
        VerdictStatus::NotSupported => NOT_SUPPORTED,
    }
}

/// The footer: the error if the demo failed, else the verdict once known:
/// its status word (coloured) then its text (the card's conclusion is in
/// it only when supported). Text from processes is sanitised.
pub(super) fn footer_text(state: &DemoState) -> Option<FooterText> {
    if let Some(e) = &state.error {
        return Some((("failed: ".into(), sanitize(e)), ERROR));
    }
    state.verdict.as_ref().map(|v| {
        (
            (format!("{}: ", v.status.word()), sanitize(&v.text)),
            status_style(v.status),
        )
    })
}

/// The second CPython's verdict (a free-threaded build's, beside
/// `python3`'s), once the demo finished with one.
pub(super) fn second_verdict(state: &DemoState) -> Option<FooterText> {
    if state.error.is_some() {
        return None;
    }
    let v = &state.report.as_ref()?.free_threaded.as_ref()?.verdict;
    Some((
        (format!("{}: ", v.status.word()), sanitize(&v.text)),
        status_style(v.status),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{DemoEvent, Verdict};

    fn with(status: VerdictStatus, text: &str) -> DemoState {
        let mut s = DemoState::new(crate::demo::DemoId::Gil, false);
        s.apply(DemoEvent::Verdict(Verdict {
            status,
            text: text.into(),
        }));
        s
    }

    #[test]
    fn the_status_word_comes_first_in_its_colour() {
        let cases = [
            (VerdictStatus::Supported, "supported: ", Color::Green),
            (VerdictStatus::Inconclusive, "inconclusive: ", Color::Yellow),
            (VerdictStatus::NotSupported, "not supported: ", Color::Red),
        ];
        for (status, word, colour) in cases {
            let Some(((label, text), style)) = footer_text(&with(status, "numbers")) else {
                panic!("no footer for {status:?}");
            };
            assert_eq!(label, word);
            assert_eq!(text, "numbers");
            assert_eq!(style.fg, Some(colour));
        }
    }

    #[test]
    fn verdict_text_is_sanitised_and_an_error_wins() {
        let s = with(VerdictStatus::Supported, "CPython 3.12\u{1b}[2J ok");
        let text = footer_text(&s).map(|f| f.0.1).unwrap_or_default();
        assert_eq!(text, "CPython 3.12 ok");
        let mut s = s;
        s.apply(DemoEvent::Failed("boom".into()));
        let label = footer_text(&s).map(|f| f.0.0).unwrap_or_default();
        assert_eq!(label, "failed: ");
    }
}
