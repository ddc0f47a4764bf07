//! The revealed card's live demo: starting, stopping, and offering the
//! real CPython once the background probe has found `python3`.

use crate::demo::{DemoId, DemoState};

use super::super::msg::{Cmd, DemoRequest};
use super::App;

/// The revealed card's live demo, and its pane.
#[derive(Debug, Clone, Default)]
pub(super) struct DemoPane {
    /// The demo shown, if the card has one.
    state: Option<DemoState>,
    /// Rows scrolled in the pane (when its content is taller than it).
    scroll: u16,
    /// Whether `python3` runs here: `None` until the background probe
    /// answers (the real-CPython variant is offered only after a yes).
    python_here: Option<bool>,
}

impl DemoPane {
    /// The demo shown.
    pub fn state(&self) -> Option<&DemoState> {
        self.state.as_ref()
    }

    /// Rows scrolled in the pane.
    pub fn scroll(&self) -> u16 {
        self.scroll
    }

    /// The demo shown offers `p` (the real CPython).
    pub(super) fn python_offered(&self) -> bool {
        self.state.as_ref().is_some_and(|d| d.python_offered)
    }

    /// Scrolls by `by` rows, within `0..=max`.
    pub(super) fn scroll_by(&mut self, by: i32, max: u16) {
        let next = i32::from(self.scroll) + by;
        self.scroll = u16::try_from(next.max(0)).unwrap_or(u16::MAX).min(max);
    }

    /// Progress of the running demo.
    pub(super) fn event(&mut self, ev: crate::demo::DemoEvent) {
        if let Some(d) = &mut self.state {
            d.apply(ev);
        }
    }

    /// The demo could not be started: why.
    pub(super) fn failed(&mut self, why: String) {
        if let Some(d) = &mut self.state {
            d.status = crate::demo::Status::Failed;
            d.error = Some(why);
        }
    }
}

impl App {
    /// Starts the current card's demo (if it has one), replacing any other.
    pub(in crate::tui) fn start_demo(&mut self, python: bool) -> Option<Cmd> {
        let demo = self.current_card()?.1.demo.clone()?;
        let offered = self.python_offered(demo.id);
        self.demo.state = Some(DemoState::new(demo.id, offered));
        self.demo.scroll = 0;
        Some(Cmd::StartDemo(DemoRequest {
            demo: demo.id,
            workers: demo.workers,
            seconds: demo.seconds,
            python: python && offered,
        }))
    }

    /// Whether the demo `id` offers the real CPython here: it has a
    /// CPython variant and the probe found `python3`. Asks no program: the
    /// probe runs in the background at start-up.
    pub(in crate::tui) fn python_offered(&self, id: DemoId) -> bool {
        self.demo.python_here == Some(true) && id.info().python
    }

    /// The probe's answer: offers `p` on a demo already shown.
    pub(in crate::tui) fn python_probed(&mut self, here: bool) {
        self.demo.python_here = Some(here);
        if let Some(id) = self.demo.state.as_ref().and_then(|d| d.demo) {
            let offered = self.python_offered(id);
            if let Some(d) = &mut self.demo.state {
                d.python_offered = offered;
            }
        }
    }

    /// Leaves the current card's demo: cancels it if one is shown.
    pub(in crate::tui) fn stop_demo(&mut self) -> Option<Cmd> {
        self.demo.state.take().map(|_| Cmd::StopDemo)
    }

    /// True while the demo pane shows a demo that has not ended.
    pub fn demo_running(&self) -> bool {
        self.demo.state.as_ref().is_some_and(|d| {
            !matches!(
                d.status,
                crate::demo::Status::Finished
                    | crate::demo::Status::Failed
                    | crate::demo::Status::Cancelled
            )
        })
    }
}
