//! One row per run: its mode and workers, then a gauge while it runs, or
//! its speedup as a bar with the ideal marked (its wall time as a bar when
//! it has no speedup), and the figure.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Widget;

use crate::demo::{RunState, RunStatus};

use super::layout::{Cols, safe_ratio};
use super::{BAR, BOLD, DIM, IDEAL, secs};

/// One run: `mode  ×N  [bar or gauge]  value`.
pub(super) fn run_row(
    run: &RunState,
    label_w: u16,
    scale: f64,
    max_wall: f64,
    r: Rect,
    buf: &mut Buffer,
) {
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
    let name = run.mode.as_str();
    let mode = if name.chars().count() > usize::from(label_w) {
        run.mode.short_name()
    } else {
        name.to_string()
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
