//! Layout helpers of the demo pane: rows handed out from the top, columns
//! from the left, and ratios a gauge accepts.

use ratatui::layout::Rect;

/// Hands out rows of an area from the top.
pub(super) struct Rows {
    area: Rect,
    y: u16,
}

impl Rows {
    pub(super) fn new(area: Rect) -> Self {
        Rows { area, y: area.y }
    }

    pub(super) fn left(&self) -> u16 {
        self.area.bottom().saturating_sub(self.y)
    }

    pub(super) fn take(&mut self, n: u16) -> Option<Rect> {
        let n = n.min(self.left());
        if n == 0 {
            return None;
        }
        let r = Rect::new(self.area.x, self.y, self.area.width, n);
        self.y += n;
        Some(r)
    }
}

/// Splits a row into columns from the left.
pub(super) struct Cols(Rect);

impl Cols {
    pub(super) fn new(r: Rect) -> Self {
        Cols(r)
    }

    pub(super) fn split(self, w: u16) -> (Rect, Rect) {
        let r = self.0;
        let w = w.min(r.width);
        (
            Rect::new(r.x, r.y, w, r.height),
            Rect::new(r.x + w, r.y, r.width - w, r.height),
        )
    }
}

/// A ratio LineGauge accepts: finite, within 0..=1.
pub(super) fn safe_ratio(x: f64) -> f64 {
    if x.is_finite() {
        x.clamp(0.0, 1.0)
    } else {
        0.0
    }
}
