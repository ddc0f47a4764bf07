//! The pane's first and last lines: where the demo is (cores, run, time,
//! CPython) and each verdict's status and summary (or the error) first;
//! each verdict's whole text last.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::demo::{DemoReport, DemoState, Status, Verdict, VerdictStatus};
use crate::text::sanitize;

use super::content::words;
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
        spans.push(Span::styled(" · p: real CPython beside", DIM));
    }
    Line::from(spans).render(r, buf);
}

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

/// A verdict the pane shows, with the name of the part of the demo it
/// judges when there are several (`native`, `CPython GIL`, `CPython
/// free-threaded`).
pub(super) type Shown<'a> = (Option<&'static str>, &'a Verdict);

/// The demo's verdicts in the order of its parts: the native runs' (when
/// CPython ran beside them), then CPython's or the only one, then a
/// free-threaded CPython's.
pub(super) fn verdicts(state: &DemoState) -> Vec<Shown<'_>> {
    let Some(report) = &state.report else {
        return state.verdict.iter().map(|v| (None, v)).collect();
    };
    let python = |r: &DemoReport| match &r.python {
        Some(p) if p.gil_enabled => "CPython GIL",
        Some(_) => "CPython free-threaded",
        None => "native",
    };
    let mut out: Vec<Shown<'_>> = Vec::new();
    if let Some(n) = &report.native {
        out.push((Some("native"), &n.verdict));
    }
    out.push((Some(python(report)), &report.verdict));
    if let Some(f) = &report.free_threaded {
        out.push((Some(python(f)), &f.verdict));
    }
    if out.len() == 1 {
        out[0].0 = None;
    }
    out
}

/// What the pane shows first, under its header: the error if the demo
/// failed, else each verdict's status word (coloured) and its one-line
/// summary, so a small window shows them without scrolling.
pub(super) fn summary_lines(state: &DemoState, width: u16) -> Vec<Line<'static>> {
    if let Some(e) = &state.error {
        return words(
            "failed:",
            ERROR.add_modifier(Modifier::BOLD),
            e,
            Style::default(),
            width,
        );
    }
    verdicts(state)
        .into_iter()
        .flat_map(|(part, v)| {
            let word = format!("{}:", v.status.word());
            let label = match part {
                Some(part) => format!("{part} · {word}"),
                None => word.clone(),
            };
            // The summary starts with the status: it is the coloured label.
            let summary = v.summary.strip_prefix(&word).unwrap_or(&v.summary);
            words(
                &label,
                status_style(v.status).add_modifier(Modifier::BOLD),
                summary,
                Style::default(),
                width,
            )
        })
        .collect()
}

/// What the pane shows last, for those who scroll: each verdict's status
/// word (coloured) and its whole text (the card's conclusion is in it only
/// when supported). Text from processes is sanitised (by [`words`]).
pub(super) fn text_lines(state: &DemoState, width: u16) -> Vec<Line<'static>> {
    if state.error.is_some() {
        return Vec::new();
    }
    verdicts(state)
        .into_iter()
        .flat_map(|(_, v)| {
            words(
                &format!("{}:", v.status.word()),
                status_style(v.status).add_modifier(Modifier::BOLD),
                &v.text,
                Style::default(),
                width,
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::DemoEvent;

    fn with(status: VerdictStatus, summary: &str, text: &str) -> DemoState {
        let mut s = DemoState::new(crate::demo::DemoId::Gil, false);
        s.apply(DemoEvent::Verdict(Verdict {
            status,
            summary: summary.into(),
            text: text.into(),
        }));
        s
    }

    fn plain(lines: &[Line<'_>]) -> String {
        lines
            .iter()
            .map(|l| {
                l.spans
                    .iter()
                    .map(|s| s.content.as_ref())
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn the_status_word_comes_first_in_its_colour_then_the_summary() {
        let cases = [
            (VerdictStatus::Supported, "supported:", Color::Green),
            (VerdictStatus::Inconclusive, "inconclusive:", Color::Yellow),
            (VerdictStatus::NotSupported, "not supported:", Color::Red),
        ];
        for (status, word, colour) in cases {
            let s = with(status, &format!("{word} the figure"), "the long text");
            let lines = summary_lines(&s, 80);
            assert_eq!(plain(&lines), format!("{word} the figure"));
            assert_eq!(lines[0].spans[0].style.fg, Some(colour));
            assert_eq!(plain(&text_lines(&s, 80)), format!("{word} the long text"));
        }
    }

    #[test]
    fn verdict_text_is_sanitised_and_an_error_wins() {
        let s = with(
            VerdictStatus::Supported,
            "supported: ok\u{1b}[2J now",
            "CPython 3.12\u{1b}[2J ok",
        );
        assert_eq!(plain(&summary_lines(&s, 80)), "supported: ok now");
        assert_eq!(plain(&text_lines(&s, 80)), "supported: CPython 3.12 ok");
        let mut s = s;
        s.apply(DemoEvent::Failed("boom".into()));
        assert_eq!(plain(&summary_lines(&s, 80)), "failed: boom");
        assert!(text_lines(&s, 80).is_empty());
    }
}
