//! The predicted recall panel, beside retention: FSRS-6's mean predicted
//! recall today over the cards graded at least once, and its histogram as
//! counts (or bars, when the counts do not fit).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use super::fit;
use crate::stats::{Bucket, Stats};
use crate::tui::theme;

/// One bar per bucket, as high as its share of the largest.
fn bars(buckets: &[Bucket]) -> String {
    const LEVELS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let max = buckets.iter().map(|b| b.count).max().unwrap_or(0).max(1);
    buckets
        .iter()
        .map(|b| {
            if b.count == 0 {
                ' '
            } else {
                let i = (b.count * 7).div_ceil(max) as usize;
                LEVELS[i.min(7)]
            }
        })
        .collect()
}

/// Draws the panel in `area` (one or two rows).
pub fn render(s: &Stats, area: Rect, buf: &mut Buffer) {
    let r = &s.recall;
    let row = |i: u16| Rect {
        y: area.y + i,
        height: 1,
        ..area
    };
    let Some(mean) = r.mean else {
        fit(
            &[
                format!("{} recall today: no card graded yet", r.model),
                "Recall today: -".to_string(),
            ],
            area.width,
            theme::title(),
        )
        .render(row(0), buf);
        return;
    };
    let pct = format!("{:.0} %", mean * 100.0);
    let counts: Vec<String> = r
        .histogram
        .iter()
        .map(|b| format!("{} {}", b.label, b.count))
        .collect();
    let sparkline = format!("{} (<50% … 95%+)", bars(&r.histogram));
    let head = [
        format!(
            "{} recall today: {pct} mean over {}",
            r.model,
            crate::text::plural(r.cards, "card")
        ),
        format!("{} recall today: {pct}", r.model),
        format!("Recall {pct}"),
    ];
    if area.height < 2 {
        let one: Vec<String> = head
            .iter()
            .map(|h| format!("{h} {}", bars(&r.histogram)))
            .chain(head.iter().cloned())
            .collect();
        fit(&one, area.width, theme::title()).render(row(0), buf);
        return;
    }
    fit(&head, area.width, theme::title()).render(row(0), buf);
    fit(
        &[
            counts.join(" · "),
            counts.join(" "),
            sparkline,
            bars(&r.histogram),
        ],
        area.width,
        theme::dim(),
    )
    .render(row(1), buf);
}
