//! The revealed card's live demo: starting, stopping, and offering the
//! real CPython once the background probe has found `python3`.

use crate::demo::{DemoId, DemoState};

use super::super::msg::{Cmd, DemoRequest};
use super::App;

impl App {
    /// Starts the current card's demo (if it has one), replacing any other.
    pub(in crate::tui) fn start_demo(&mut self, python: bool) -> Option<Cmd> {
        let demo = self.current_card()?.1.demo.clone()?;
        let offered = self.python_offered(demo.id);
        self.demo = Some(DemoState::new(demo.id, offered));
        self.demo_scroll = 0;
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
        self.python_here == Some(true) && id.info().python
    }

    /// The probe's answer: offers `p` on a demo already shown.
    pub(in crate::tui) fn python_probed(&mut self, here: bool) {
        self.python_here = Some(here);
        if let Some(id) = self.demo.as_ref().and_then(|d| d.demo) {
            let offered = self.python_offered(id);
            if let Some(d) = &mut self.demo {
                d.python_offered = offered;
            }
        }
    }

    /// Leaves the current card's demo: cancels it if one is shown.
    pub(in crate::tui) fn stop_demo(&mut self) -> Option<Cmd> {
        self.demo.take().map(|_| Cmd::StopDemo)
    }

    /// True while the demo pane shows a demo that has not ended.
    pub fn demo_running(&self) -> bool {
        self.demo.as_ref().is_some_and(|d| {
            !matches!(
                d.status,
                crate::demo::Status::Finished
                    | crate::demo::Status::Failed
                    | crate::demo::Status::Cancelled
            )
        })
    }
}
