//! The plan's greedy assignment of prep reviews to days (see
//! [`super::plan`]): a max-heap of each card's best next review, updated
//! lazily (an entry whose card changed or whose day filled up is
//! recomputed when it comes to the top).

use std::cmp::Ordering;
use std::collections::{BTreeSet, BinaryHeap, HashSet};

use chrono::{Days, NaiveDate};

use super::{Goal, MIN_GAIN, PlanDay, PrepCard, after_planned, recall_after};

/// Prep reviews per card, and per day.
pub(super) struct Assigned {
    /// Per card (by input index): the days of its planned reviews.
    pub by_card: Vec<Vec<NaiveDate>>,
    /// Every study day, with its cards in the order they were planned.
    pub days: Vec<PlanDay>,
}

/// One card's best next review.
#[derive(Debug, Clone, Copy)]
struct Offer {
    gain: f32,
    /// The card's recall on the date with its reviews planned so far.
    recall: f32,
    card: usize,
    day: usize,
    /// The card's plan version this offer was made for.
    version: u32,
}

impl PartialEq for Offer {
    fn eq(&self, o: &Offer) -> bool {
        self.cmp(o) == Ordering::Equal
    }
}

impl Eq for Offer {}

impl PartialOrd for Offer {
    fn partial_cmp(&self, o: &Offer) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

impl Ord for Offer {
    /// The greatest gain first; then the least recall; then the first card.
    fn cmp(&self, o: &Offer) -> Ordering {
        self.gain
            .total_cmp(&o.gain)
            .then(o.recall.total_cmp(&self.recall))
            .then(o.card.cmp(&self.card))
            .then(o.day.cmp(&self.day))
    }
}

struct State<'a> {
    cards: &'a [PrepCard],
    goal: Goal,
    /// Per card: planned days (as offsets from today), version, recall.
    planned: Vec<Vec<usize>>,
    version: Vec<u32>,
    recall: Vec<f32>,
    /// Places left per day, and the days with some left.
    room: Vec<usize>,
    free: BTreeSet<usize>,
    /// Per day: the notes with a card planned on it.
    notes_on: Vec<HashSet<usize>>,
}

impl State<'_> {
    fn day(&self, offset: usize) -> NaiveDate {
        self.goal.today + Days::new(offset as u64)
    }

    /// The recall on the date of card `c` with its planned days and `extra`.
    fn recall_with(&self, c: usize, extra: Option<usize>) -> f32 {
        let memory = self.cards.get(c).and_then(|p| p.memory);
        if let (true, Some(d)) = (self.planned[c].is_empty(), extra) {
            // The common case, without a list: one review.
            return after_planned(memory, self.day(d)).map_or(0.0, |m| m.recall_on(self.goal.date));
        }
        let days: Vec<NaiveDate> = self.planned[c]
            .iter()
            .copied()
            .chain(extra)
            .map(|o| self.day(o))
            .collect();
        recall_after(memory, &days, self.goal.date)
    }

    /// Whether card `c` may be planned on day `d`: the day has room, the
    /// card is not planned on it yet, nor a sibling of it, and it is not
    /// today for a card that had its prep review today.
    fn open(&self, c: usize, d: usize) -> bool {
        let card = self.cards.get(c);
        let prepped_today = card.is_some_and(|p| p.prepped_today);
        let sibling = card
            .and_then(|p| p.note)
            .is_some_and(|n| self.notes_on.get(d).is_some_and(|on| on.contains(&n)));
        let taken = self.planned[c].contains(&d) || sibling || (prepped_today && d == 0);
        self.free.contains(&d) && !taken
    }

    /// The open day nearest `target` (the later one on a tie), within
    /// `lo..hi`.
    fn nearest_open(&self, c: usize, lo: usize, hi: usize, target: usize) -> Option<usize> {
        let later = self.free.range(target..hi).find(|&&d| self.open(c, d));
        let earlier = self
            .free
            .range(lo..target)
            .rev()
            .find(|&&d| self.open(c, d));
        match (earlier, later) {
            (Some(&e), Some(&l)) => Some(if target - e < l - target { e } else { l }),
            (e, l) => l.or(e).copied(),
        }
    }

    /// Card `c`'s candidate days: the latest and the earliest open day,
    /// and the open day nearest the middle of each gap between its planned
    /// reviews (today and the date close the first and last gaps). For a
    /// card with no review planned yet only the latest: one review gains
    /// most the later it is (less time to forget, and a lower recall when
    /// it is made strengthens memory more).
    fn candidates(&self, c: usize, span: usize) -> Vec<usize> {
        let mut out = Vec::new();
        out.extend(self.free.iter().rev().find(|&&d| self.open(c, d)));
        if self.planned[c].is_empty() {
            return out;
        }
        out.extend(self.free.iter().find(|&&d| self.open(c, d)));
        let mut bounds = self.planned[c].clone();
        bounds.push(0);
        bounds.push(span);
        bounds.sort_unstable();
        bounds.dedup();
        for w in bounds.windows(2) {
            let (lo, hi) = (w[0], w[1]);
            out.extend(self.nearest_open(c, lo, hi, lo + (hi - lo) / 2));
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Card `c`'s best next review among its [`State::candidates`], if it
    /// gains at least [`MIN_GAIN`] (on a tie, the later day).
    fn offer(&self, c: usize) -> Option<Offer> {
        let span = self.room.len();
        let (gain, day) = self
            .candidates(c, span)
            .into_iter()
            .map(|d| (self.recall_with(c, Some(d)) - self.recall[c], d))
            .max_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)))?;
        (gain >= MIN_GAIN).then_some(Offer {
            gain,
            recall: self.recall[c],
            card: c,
            day,
            version: self.version[c],
        })
    }
}

/// Assigns prep reviews to the days from `goal.today` to the day before
/// `goal.date`.
pub(super) fn assign(cards: &[PrepCard], goal: Goal) -> Assigned {
    let span = usize::try_from((goal.date - goal.today).num_days().max(0)).unwrap_or(0);
    let mut room = vec![goal.per_day; span];
    let done_today = cards.iter().filter(|c| c.prepped_today).count();
    if let Some(r) = room.first_mut() {
        *r = r.saturating_sub(done_today);
    }
    let free = (0..span).filter(|&d| room[d] > 0).collect();
    let mut st = State {
        cards,
        goal,
        planned: vec![Vec::new(); cards.len()],
        version: vec![0; cards.len()],
        recall: cards
            .iter()
            .map(|c| c.memory.map_or(0.0, |m| m.recall_on(goal.date)))
            .collect(),
        room,
        free,
        notes_on: vec![HashSet::new(); span],
    };
    let mut order: Vec<Vec<usize>> = vec![Vec::new(); span];
    let mut heap: BinaryHeap<Offer> = (0..cards.len()).filter_map(|c| st.offer(c)).collect();
    while let Some(top) = heap.pop() {
        if st.free.is_empty() {
            break;
        }
        let c = top.card;
        if top.version != st.version[c] || !st.open(c, top.day) {
            heap.extend(st.offer(c));
            continue;
        }
        st.planned[c].push(top.day);
        st.version[c] += 1;
        st.recall[c] = st.recall_with(c, None);
        order[top.day].push(c);
        if let Some(n) = cards[c].note {
            st.notes_on[top.day].insert(n);
        }
        st.room[top.day] -= 1;
        if st.room[top.day] == 0 {
            st.free.remove(&top.day);
        }
        heap.extend(st.offer(c));
    }
    let days = order
        .into_iter()
        .enumerate()
        .map(|(o, cards)| PlanDay {
            day: st.day(o),
            cards,
        })
        .collect();
    let by_card = st
        .planned
        .iter()
        .map(|p| {
            let mut d: Vec<NaiveDate> = p.iter().map(|&o| st.day(o)).collect();
            d.sort_unstable();
            d
        })
        .collect();
    Assigned { by_card, days }
}
