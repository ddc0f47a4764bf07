//! When workers were on a CPU, from their own clock stamps, and how long
//! at least two of them ran at once. Pure: the stamps are arguments.
//!
//! A worker stamps the monotonic clock on every pass of its loop (a few
//! microseconds of work). Two stamps closer than [`GAP_NS`] mean it ran in
//! between; a longer gap means it was off the CPU (descheduled, or waiting
//! for a lock). [`OnCpu`] keeps only the resulting intervals, so its memory
//! grows with the interruptions, not with the stamps. [`overlap_ns`] is the
//! time at least two workers' intervals cover at once: time they truly ran
//! in parallel. An interval starts at its first stamp, so the measured
//! overlap never counts the pass before it.

/// A gap between two stamps longer than this (50 µs) means the worker was
/// off the CPU: the stamping's resolution.
pub(crate) const GAP_NS: u64 = 50_000;

/// Intervals kept per worker; beyond this the worker's record is marked
/// incomplete and its run's overlap is not measured.
pub(crate) const MAX_SPANS: usize = 100_000;

/// An interval `(start, end)` of the monotonic clock, in nanoseconds.
pub(crate) type Span = (u64, u64);

/// One worker's on-CPU intervals, built from its stamps.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct OnCpu {
    spans: Vec<Span>,
    open: Option<Span>,
    /// More than [`MAX_SPANS`] intervals: the record is incomplete.
    overflow: bool,
    /// Everything before this was handed out by [`OnCpu::take_new`].
    taken_to: u64,
}

impl OnCpu {
    /// A stamp at `t` (never earlier than the last one; an earlier stamp is
    /// taken as the last one's time).
    pub(crate) fn stamp(&mut self, t: u64) {
        match self.open.as_mut() {
            Some(open) if t.saturating_sub(open.1) <= GAP_NS => open.1 = open.1.max(t),
            Some(open) => {
                let closed = *open;
                let t = t.max(closed.1);
                *open = (t, t);
                self.close(closed);
            }
            None => self.open = Some((t, t)),
        }
    }

    fn close(&mut self, span: Span) {
        if self.spans.len() >= MAX_SPANS {
            self.overflow = true;
        } else {
            self.spans.push(span);
        }
    }

    /// The intervals so far, the open one included; `None` if there were
    /// too many to keep.
    pub(crate) fn spans(&self) -> Option<Vec<Span>> {
        if self.overflow {
            return None;
        }
        Some(self.spans.iter().copied().chain(self.open).collect())
    }

    /// The parts of the intervals not handed out before (the open one up
    /// to its last stamp), for a live timeline; a part that continues the
    /// last one handed out starts where that one ended.
    pub(crate) fn take_new(&mut self) -> Vec<Span> {
        let from = self.taken_to;
        let first = self.spans.partition_point(|s| s.1 <= from);
        let new: Vec<Span> = self.spans[first..]
            .iter()
            .chain(self.open.as_ref())
            .filter(|s| s.1 > from)
            .map(|&(s, e)| (s.max(from), e))
            .filter(|(s, e)| e > s)
            .collect();
        if let Some(last) = new.last() {
            self.taken_to = last.1;
        }
        new
    }
}

/// `spans` sorted, with overlapping or touching intervals merged.
pub(crate) fn union(spans: &[Span]) -> Vec<Span> {
    let mut v: Vec<Span> = spans.iter().map(|&(s, e)| (s.min(e), s.max(e))).collect();
    v.sort_unstable();
    let mut out: Vec<Span> = Vec::with_capacity(v.len());
    for (s, e) in v {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// How long at least two of the workers ran at once: the time covered by
/// the intervals of two or more different workers (a worker's own
/// intervals are merged first, so it never overlaps itself).
pub(crate) fn overlap_ns(workers: &[Vec<Span>]) -> u64 {
    // +1 at each start, -1 at each end; ends sort before starts at the same
    // time, so touching intervals do not overlap.
    let mut edges: Vec<(u64, i8)> = workers
        .iter()
        .flat_map(|w| union(w))
        .flat_map(|(s, e)| [(s, 1), (e, -1)])
        .collect();
    edges.sort_unstable();
    let (mut running, mut since, mut total) = (0i64, 0u64, 0u64);
    for (t, d) in edges {
        if running >= 2 {
            total += t - since;
        }
        running += i64::from(d);
        since = t;
    }
    total
}

/// How long the workers ran at once, in milliseconds, and as a share of a
/// run of `wall_ms`; `None` with fewer than two workers or if a worker's
/// record is missing.
pub(crate) fn overlap_of(workers: &[Option<Vec<Span>>], wall_ms: f64) -> Option<(f64, f64)> {
    if workers.len() < 2 {
        return None;
    }
    let spans: Vec<Vec<Span>> = workers.iter().cloned().collect::<Option<_>>()?;
    let ms = overlap_ns(&spans) as f64 / 1e6;
    Some((ms, if wall_ms > 0.0 { ms / wall_ms } else { 0.0 }))
}

#[cfg(test)]
mod tests;
