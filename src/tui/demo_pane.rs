//! The live demo pane: one row per run (a gauge while it runs, then its
//! speedup as a bar with the ideal marked), the per-worker detail (gauges,
//! or the timeline of who computes / holds the GIL), and the verdict.
//!
//! A pure function of [`DemoState`]; it never panics, whatever the size.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, LineGauge, Paragraph, Widget, Wrap};

use crate::demo::{DemoState, RunState, RunStatus, Status};

/// Milliseconds per timeline cell: CPython's 5 ms switch interval spans
/// two and a half cells, so turns are visible.
pub const TIMELINE_MS_PER_CELL: f64 = 2.0;

const BAR: Style = Style::new().fg(Color::Cyan);
const IDEAL: Style = Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD);
const DIM: Style = Style::new().fg(Color::DarkGray);
const BOLD: Style = Style::new().add_modifier(Modifier::BOLD);
const ERROR: Style = Style::new().fg(Color::Red);

/// Renders the pane for `state` into `area` of `buf`.
pub fn render_demo_pane(state: &DemoState, area: Rect, buf: &mut Buffer) {
    let area = area.intersection(buf.area);
    if area.is_empty() {
        return;
    }
    let inner = if area.width >= 12 && area.height >= 4 {
        let block = Block::bordered().title(Line::styled(format!(" demo: {} ", state.demo), BOLD));
        let inner = block.inner(area);
        block.render(area, buf);
        inner
    } else {
        area
    };
    if inner.is_empty() {
        return;
    }
    let mut rows = Rows::new(inner);

    // Header.
    if let Some(r) = rows.take(1) {
        header(state, r, buf);
    }

    // Reserve the footer (verdict or error) before the runs.
    let footer = footer_text(state);
    let avail = rows.left();
    let footer_rows = match &footer {
        Some((text, _)) if avail >= 2 => {
            let need = wrapped_lines(text, inner.width);
            need.min(3).min((avail / 3).max(1))
        }
        _ => 0,
    };
    let run_rows = state.runs.len().min(usize::from(avail - footer_rows));
    let scale = state.speedup_scale();
    let max_wall = state
        .runs
        .iter()
        .filter_map(|r| r.result.as_ref().map(|x| x.wall_ms))
        .fold(0.0, f64::max);
    let label_w = state
        .runs
        .iter()
        .map(|r| r.mode.chars().count())
        .max()
        .unwrap_or(0)
        .min(22) as u16;
    for run in state.runs.iter().take(run_rows) {
        if let Some(r) = rows.take(1) {
            run_row(run, label_w, scale, max_wall, r, buf);
        }
    }

    // Detail in what is left above the footer.
    let detail_h = rows.left().saturating_sub(footer_rows);
    if let Some(r) = rows.take(detail_h) {
        detail(state, r, buf);
    }

    if let (Some((text, style)), Some(r)) = (footer, rows.take(footer_rows)) {
        Paragraph::new(Line::from(vec![
            Span::styled(text.0, style.add_modifier(Modifier::BOLD)),
            Span::styled(text.1, style),
        ]))
        .wrap(Wrap { trim: true })
        .render(r, buf);
    }
}

/// Hands out rows of an area from the top.
struct Rows {
    area: Rect,
    y: u16,
}

impl Rows {
    fn new(area: Rect) -> Self {
        Rows { area, y: area.y }
    }

    fn left(&self) -> u16 {
        self.area.bottom().saturating_sub(self.y)
    }

    fn take(&mut self, n: u16) -> Option<Rect> {
        let n = n.min(self.left());
        if n == 0 {
            return None;
        }
        let r = Rect::new(self.area.x, self.y, self.area.width, n);
        self.y += n;
        Some(r)
    }
}

fn secs(ms: f64) -> String {
    format!("{:.2} s", ms / 1e3)
}

fn header(state: &DemoState, r: Rect, buf: &mut Buffer) {
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
    if let Some(p) = &state.python {
        spans.push(Span::raw(format!(
            " · CPython {} (GIL {})",
            p.version,
            if p.gil_enabled { "on" } else { "off" }
        )));
    } else if state.python_offered {
        spans.push(Span::styled(" · p: real CPython", DIM));
    }
    Line::from(spans).render(r, buf);
}

type FooterText = ((String, String), Style);

fn footer_text(state: &DemoState) -> Option<FooterText> {
    if let Some(e) = &state.error {
        return Some((("failed: ".into(), e.clone()), ERROR));
    }
    state
        .verdict
        .as_ref()
        .map(|v| (("verdict: ".into(), v.clone()), Style::new()))
}

/// Lines `text` takes when wrapped at `width` (an estimate by characters).
fn wrapped_lines(text: &(String, String), width: u16) -> u16 {
    let chars = text.0.chars().count() + text.1.chars().count();
    let w = usize::from(width.max(1));
    u16::try_from(chars.div_ceil(w).max(1)).unwrap_or(u16::MAX)
}

/// One run: `mode  ×N  [bar or gauge]  value`.
fn run_row(run: &RunState, label_w: u16, scale: f64, max_wall: f64, r: Rect, buf: &mut Buffer) {
    let value = match (&run.status, &run.result) {
        (RunStatus::Done, Some(res)) => match res.speedup {
            Some(s) => format!("{s:5.2}× {:>8}", fmt_wall(res.wall_ms)),
            None => format!("{:>14}", fmt_wall(res.wall_ms)),
        },
        (RunStatus::Running, _) => format!(
            "{:3.0}% {:>9}",
            run.progress() * 100.0,
            secs(run.elapsed_ms)
        ),
        _ => "waiting".to_string(),
    };
    let narrow = r.width < 34;
    let label_w = if narrow {
        label_w.min(r.width / 2)
    } else {
        label_w.min(r.width / 3)
    };
    let workers = format!("×{}", run.workers);
    let workers_w = if narrow { 0 } else { 6 };
    let value_w = (value.chars().count() as u16).min(r.width.saturating_sub(label_w + 1));
    let cols = Cols::new(r);
    let (label_r, rest) = cols.split(label_w);
    let mode = match run.mode.strip_prefix("python-") {
        Some(rest) if run.mode.chars().count() > usize::from(label_w) => format!("py-{rest}"),
        _ => run.mode.clone(),
    };
    let style = if run.status == RunStatus::Running {
        BOLD
    } else {
        Style::new()
    };
    Line::styled(mode, style).render(label_r, buf);
    let (_, rest) = Cols::new(rest).split(1);
    let (workers_r, rest) = Cols::new(rest).split(workers_w);
    Line::styled(workers, DIM).render(workers_r, buf);
    let (bar_r, value_r) = Cols::new(rest).split(rest.width.saturating_sub(value_w + 1));
    let (_, value_r) = Cols::new(value_r).split(1);
    Line::raw(value).render(value_r, buf);
    if narrow || bar_r.width < 4 {
        return;
    }
    match (&run.status, &run.result) {
        (RunStatus::Done, Some(res)) => match res.speedup {
            Some(s) => bar(buf, bar_r, s / scale, run.ideal.map(|i| i / scale)),
            None if max_wall > 0.0 => bar(buf, bar_r, res.wall_ms / max_wall, None),
            None => {}
        },
        (RunStatus::Running, _) => {
            let filled = (safe_ratio(run.progress()) * f64::from(bar_r.width)).round() as u16;
            for i in 0..bar_r.width {
                let (sym, style) = if i < filled {
                    ("━", BAR)
                } else {
                    ("─", DIM)
                };
                if let Some(c) = buf.cell_mut((bar_r.x + i, bar_r.y)) {
                    c.set_symbol(sym).set_style(style);
                }
            }
        }
        _ => {
            for x in bar_r.left()..bar_r.right() {
                if let Some(c) = buf.cell_mut((x, bar_r.y)) {
                    c.set_symbol("·").set_style(DIM);
                }
            }
        }
    }
}

fn fmt_wall(ms: f64) -> String {
    if ms >= 10_000.0 {
        format!("{:.1} s", ms / 1e3)
    } else if ms >= 10.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{ms:.1} ms")
    }
}

/// A ratio LineGauge accepts: finite, within 0..=1.
fn safe_ratio(x: f64) -> f64 {
    if x.is_finite() {
        x.clamp(0.0, 1.0)
    } else {
        0.0
    }
}

/// A horizontal bar filling `frac` of `r`, with the ideal marked by `┃`.
fn bar(buf: &mut Buffer, r: Rect, frac: f64, ideal: Option<f64>) {
    const EIGHTHS: [&str; 8] = [" ", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    let w = f64::from(r.width);
    let eighths = (safe_ratio(frac) * w * 8.0).round() as u32;
    let ideal_col = ideal.map(|i| ((safe_ratio(i) * w).round() as u16).clamp(1, r.width) - 1);
    for i in 0..r.width {
        let filled = u32::from(i) * 8;
        let sym = if eighths >= filled + 8 {
            "█"
        } else if eighths > filled {
            EIGHTHS[(eighths - filled) as usize]
        } else {
            " "
        };
        let (sym, style) = if Some(i) == ideal_col {
            ("┃", IDEAL)
        } else {
            (sym, BAR)
        };
        if let Some(c) = buf.cell_mut((r.x + i, r.y)) {
            c.set_symbol(sym).set_style(style);
        }
    }
}

/// Splits a row into columns from the left.
struct Cols(Rect);

impl Cols {
    fn new(r: Rect) -> Self {
        Cols(r)
    }

    fn split(self, w: u16) -> (Rect, Rect) {
        let r = self.0;
        let w = w.min(r.width);
        (
            Rect::new(r.x, r.y, w, r.height),
            Rect::new(r.x + w, r.y, r.width - w, r.height),
        )
    }
}

/// Below the runs: timelines if the demo has any, else the running run's
/// workers, else the runs' notes.
fn detail(state: &DemoState, r: Rect, buf: &mut Buffer) {
    let timelines: Vec<&RunState> = state.runs.iter().filter(|x| x.has_timeline()).collect();
    if !timelines.is_empty() {
        let mut rows = Rows::new(r);
        for run in timelines {
            let needed = 1 + run.timeline.len() as u16;
            if rows.left() < 2 {
                break;
            }
            if let Some(area) = rows.take(needed) {
                timeline(run, area, buf);
            }
        }
        return;
    }
    let running = state
        .current
        .and_then(|i| state.runs.get(i))
        .filter(|run| run.status == RunStatus::Running && !run.worker_states.is_empty());
    if let Some(run) = running {
        worker_gauges(run, r, buf);
        return;
    }
    let notes: Vec<Line<'_>> = state
        .runs
        .iter()
        .filter_map(|run| {
            run.result
                .as_ref()
                .and_then(|res| res.note.as_ref())
                .map(|n| {
                    Line::from(vec![
                        Span::styled(format!("{}: ", run.mode), DIM),
                        Span::raw(n.clone()),
                    ])
                })
        })
        .collect();
    Paragraph::new(notes).render(r, buf);
}

/// `w0 4242 ━━━━━━━──── 54%`, one row per worker (as many as fit).
fn worker_gauges(run: &RunState, r: Rect, buf: &mut Buffer) {
    let n = run.worker_states.len();
    let fit = usize::from(r.height);
    let shown = if n > fit { fit.saturating_sub(1) } else { n };
    let mut rows = Rows::new(r);
    for (i, w) in run.worker_states.iter().enumerate().take(shown) {
        let Some(row) = rows.take(1) else { break };
        let label = match w.pid {
            Some(pid) => format!("w{i} pid {pid}"),
            None => format!("w{i}"),
        };
        let (label_r, rest) = Cols::new(row).split(16.min(row.width / 2));
        Line::styled(label, DIM).render(label_r, buf);
        LineGauge::default()
            .ratio(safe_ratio(w.ratio()))
            .filled_symbol("━")
            .unfilled_symbol("─")
            .filled_style(BAR)
            .unfilled_style(DIM)
            .render(rest, buf);
    }
    if shown < n
        && let Some(row) = rows.take(1)
    {
        Line::styled(format!("… and {} more workers", n - shown), DIM).render(row, buf);
    }
}

/// A run's timeline: a title, then per worker the cells where it computed
/// (held the GIL), [`TIMELINE_MS_PER_CELL`] each; the latest window while it
/// runs, the start once it is done; and the share of the run it computed.
fn timeline(run: &RunState, r: Rect, buf: &mut Buffer) {
    let mut rows = Rows::new(r);
    let end = run.timeline_end_ms();
    let cells_w = r.width.saturating_sub(4 + 5);
    let window = f64::from(cells_w) * TIMELINE_MS_PER_CELL;
    let start = if run.status == RunStatus::Running {
        (end - window).max(0.0)
    } else {
        0.0
    };
    if let Some(title) = rows.take(1) {
        let what = if run.mode.contains("gil") {
            "who holds the GIL"
        } else {
            "who computes"
        };
        Line::from(vec![
            Span::styled(format!("{}: {what}", run.mode), BOLD),
            Span::styled(
                format!(
                    ", {:.0}–{:.0} ms of {:.0} ms, {} ms per cell",
                    start,
                    (start + window).min(end.max(start)),
                    end,
                    TIMELINE_MS_PER_CELL
                ),
                DIM,
            ),
        ])
        .render(title, buf);
    }
    for (w, slices) in run.timeline.iter().enumerate() {
        let Some(row) = rows.take(1) else { break };
        let (label_r, rest) = Cols::new(row).split(4);
        Line::styled(format!("w{w}"), DIM).render(label_r, buf);
        let (cells_r, share_r) = Cols::new(rest).split(cells_w);
        for c in 0..cells_r.width {
            let t0 = start + f64::from(c) * TIMELINE_MS_PER_CELL;
            let t1 = t0 + TIMELINE_MS_PER_CELL;
            if t0 >= end {
                break;
            }
            let covered: f64 = slices
                .iter()
                .map(|&(a, b)| (b.min(t1) - a.max(t0)).max(0.0))
                .sum();
            let frac = covered / TIMELINE_MS_PER_CELL;
            let sym = if frac >= 0.75 {
                "█"
            } else if frac >= 0.25 {
                "▌"
            } else {
                "·"
            };
            let style = if frac >= 0.25 { BAR } else { DIM };
            if let Some(cell) = buf.cell_mut((cells_r.x + c, cells_r.y)) {
                cell.set_symbol(sym).set_style(style);
            }
        }
        let busy: f64 = slices.iter().map(|&(a, b)| (b - a).max(0.0)).sum();
        let share = if end > 0.0 { busy / end * 100.0 } else { 0.0 };
        Line::styled(format!(" {share:3.0}%"), DIM).render(share_r, buf);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::demo::{DemoEvent, DemoReport, PlannedRun, PythonInfo, RunResult};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    fn planned(mode: &str, workers: usize, ideal: f64) -> PlannedRun {
        PlannedRun {
            mode: mode.into(),
            workers,
            ideal: Some(ideal),
        }
    }

    fn result(mode: &str, workers: usize, wall_ms: f64, speedup: f64, pids: Vec<u32>) -> RunResult {
        RunResult {
            mode: mode.into(),
            workers,
            wall_ms,
            speedup: Some(speedup),
            pids,
            ideal: Some(workers.min(2) as f64),
            note: None,
        }
    }

    /// cpu-bound, half-way through the threads run.
    fn cpu_bound_running() -> DemoState {
        let mut s = DemoState::new("cpu-bound", true);
        let events = vec![
            DemoEvent::Started {
                demo: "cpu-bound".into(),
                cores: 2,
                plan: vec![
                    planned("sequential", 1, 1.0),
                    planned("gil-threads", 2, 2.0),
                    planned("threads", 2, 2.0),
                    planned("processes", 2, 2.0),
                ],
            },
            DemoEvent::RunStarted { run: 0 },
            DemoEvent::RunFinished {
                run: 0,
                result: result("sequential", 1, 1000.0, 1.0, vec![4242]),
            },
            DemoEvent::RunStarted { run: 1 },
            DemoEvent::RunFinished {
                run: 1,
                result: result("gil-threads", 2, 1010.0, 0.99, vec![4242]),
            },
            DemoEvent::RunStarted { run: 2 },
            DemoEvent::WorkerStarted {
                run: 2,
                worker: 0,
                pid: 4242,
            },
            DemoEvent::WorkerStarted {
                run: 2,
                worker: 1,
                pid: 4242,
            },
            DemoEvent::Progress {
                run: 2,
                worker: 0,
                done: 60,
                total: 100,
                elapsed_ms: 310.0,
            },
            DemoEvent::Progress {
                run: 2,
                worker: 1,
                done: 40,
                total: 100,
                elapsed_ms: 310.0,
            },
        ];
        for e in events {
            s.apply(e);
        }
        s
    }

    /// gil, finished, with a timeline of turns under the GIL.
    fn gil_finished() -> DemoState {
        let mut s = DemoState::new("gil", false);
        s.apply(DemoEvent::Started {
            demo: "gil".into(),
            cores: 2,
            plan: vec![
                planned("sequential", 1, 1.0),
                planned("gil-threads", 2, 2.0),
                planned("threads", 2, 2.0),
            ],
        });
        s.apply(DemoEvent::RunStarted { run: 0 });
        s.apply(DemoEvent::RunFinished {
            run: 0,
            result: result("sequential", 1, 200.0, 1.0, vec![7]),
        });
        s.apply(DemoEvent::RunStarted { run: 1 });
        for k in 0..40 {
            let t = f64::from(k) * 5.0;
            s.apply(DemoEvent::Slice {
                run: 1,
                worker: (k % 2) as usize,
                start_ms: t,
                end_ms: t + 5.0,
            });
        }
        s.apply(DemoEvent::RunFinished {
            run: 1,
            result: result("gil-threads", 2, 200.0, 1.0, vec![7]),
        });
        s.apply(DemoEvent::RunStarted { run: 2 });
        for w in 0..2 {
            for k in 0..5 {
                let t = f64::from(k) * 20.0;
                s.apply(DemoEvent::Slice {
                    run: 2,
                    worker: w,
                    start_ms: t,
                    end_ms: t + 20.0,
                });
            }
        }
        s.apply(DemoEvent::RunFinished {
            run: 2,
            result: result("threads", 2, 100.0, 2.0, vec![7]),
        });
        let verdict = "Under the GIL the 2 threads took turns (39 hand-overs): 1.00×; without it they ran at once: 2.00× (ideal 2×).";
        s.apply(DemoEvent::Verdict(verdict.into()));
        s.apply(DemoEvent::Finished(DemoReport {
            demo: "gil".into(),
            cores: 2,
            runs: vec![],
            verdict: verdict.into(),
            python: None,
        }));
        s
    }

    fn draw(state: &DemoState, w: u16, h: u16) -> Terminal<TestBackend> {
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        terminal
            .draw(|f| render_demo_pane(state, f.area(), f.buffer_mut()))
            .unwrap();
        terminal
    }

    #[test]
    fn snapshot_cpu_bound_running() {
        insta::assert_snapshot!(draw(&cpu_bound_running(), 80, 16).backend());
    }

    #[test]
    fn snapshot_gil_finished() {
        insta::assert_snapshot!(draw(&gil_finished(), 80, 16).backend());
    }

    #[test]
    fn snapshot_python_finished_small() {
        let mut s = DemoState::new("io-bound", true);
        s.apply(DemoEvent::Started {
            demo: "io-bound".into(),
            cores: 2,
            plan: vec![
                planned("python-sequential", 1, 1.0),
                planned("python-threading", 16, 16.0),
            ],
        });
        s.apply(DemoEvent::Python(PythonInfo {
            version: "3.12.1".into(),
            gil_enabled: true,
        }));
        s.apply(DemoEvent::RunFinished {
            run: 0,
            result: result("python-sequential", 1, 1600.0, 1.0, vec![9]),
        });
        s.apply(DemoEvent::RunFinished {
            run: 1,
            result: RunResult {
                ideal: Some(16.0),
                ..result("python-threading", 16, 105.0, 15.2, vec![9])
            },
        });
        s.apply(DemoEvent::Failed("python3 ended early".into()));
        insta::assert_snapshot!(draw(&s, 40, 8).backend());
    }

    #[test]
    fn never_panics_at_any_size() {
        let states = [
            DemoState::default(),
            DemoState::new("pool", true),
            cpu_bound_running(),
            gil_finished(),
        ];
        for s in &states {
            for w in 0..=44 {
                for h in 0..=12 {
                    let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
                    render_demo_pane(s, buf.area, &mut buf);
                }
            }
            // An area outside the buffer, and an offset one.
            let mut buf = Buffer::empty(Rect::new(5, 5, 20, 6));
            render_demo_pane(s, Rect::new(0, 0, 80, 40), &mut buf);
            render_demo_pane(s, Rect::new(100, 100, 10, 10), &mut buf);
            render_demo_pane(s, Rect::new(u16::MAX - 3, u16::MAX - 3, 30, 30), &mut buf);
        }
        draw(&gil_finished(), 20, 6);
        draw(&cpu_bound_running(), 0, 0);
    }

    #[test]
    fn nonsense_numbers_do_not_panic() {
        let mut s = cpu_bound_running();
        s.apply(DemoEvent::RunFinished {
            run: 3,
            result: RunResult {
                speedup: Some(f64::NAN),
                wall_ms: f64::INFINITY,
                ideal: Some(-3.0),
                ..result("processes", 2, 0.0, 0.0, vec![])
            },
        });
        s.apply(DemoEvent::Progress {
            run: 2,
            worker: 0,
            done: 500,
            total: 100,
            elapsed_ms: f64::NAN,
        });
        s.apply(DemoEvent::Slice {
            run: 2,
            worker: 0,
            start_ms: f64::NEG_INFINITY,
            end_ms: 1e300,
        });
        for (w, h) in [(80, 16), (20, 6), (3, 3)] {
            draw(&s, w, h);
        }
    }
}
