#![allow(clippy::unwrap_used)]

use proptest::prelude::*;

use super::*;

/// The total length of `spans` (overlapping parts counted once).
fn covered_ns(spans: &[Span]) -> u64 {
    union(spans).iter().map(|(s, e)| e - s).sum()
}

fn record(stamps: &[u64]) -> OnCpu {
    let mut r = OnCpu::default();
    for &t in stamps {
        r.stamp(t);
    }
    r
}

#[test]
fn close_stamps_make_one_interval_and_a_long_gap_breaks_it() {
    let r = record(&[0, 10_000, 20_000, 200_000, 210_000]);
    assert_eq!(r.spans(), Some(vec![(0, 20_000), (200_000, 210_000)]));
}

#[test]
fn workers_that_took_turns_did_not_overlap_and_parallel_ones_did() {
    // A GIL: 0 runs 0..5 ms, 1 runs 5..10 ms, touching but not overlapping.
    let turns = [vec![(0, 5_000_000)], vec![(5_000_000, 10_000_000)]];
    assert_eq!(overlap_ns(&turns), 0);
    let parallel = [vec![(0, 6_000_000)], vec![(4_000_000, 10_000_000)]];
    assert_eq!(overlap_ns(&parallel), 2_000_000);
    // Three at once still counts once: "at least two".
    let three = [vec![(0, 10)], vec![(0, 10)], vec![(5, 20)]];
    assert_eq!(overlap_ns(&three), 10);
}

#[test]
fn a_worker_never_overlaps_itself() {
    assert_eq!(overlap_ns(&[vec![(0, 10), (5, 15)]]), 0);
}

#[test]
fn take_new_hands_out_each_part_once_continuing_the_last() {
    let mut r = record(&[0, 10_000]);
    assert_eq!(r.take_new(), vec![(0, 10_000)]);
    r.stamp(20_000);
    assert_eq!(r.take_new(), vec![(10_000, 20_000)]);
    r.stamp(500_000); // a gap: the first interval closes, a new one opens
    r.stamp(510_000);
    assert_eq!(r.take_new(), vec![(500_000, 510_000)]);
    assert_eq!(r.take_new(), vec![]);
}

#[test]
fn too_many_intervals_make_the_record_incomplete() {
    let mut r = OnCpu::default();
    for i in 0..=(MAX_SPANS as u64 + 1) {
        r.stamp(i * (GAP_NS + 1));
    }
    assert_eq!(r.spans(), None);
    assert_eq!(overlap_of(&[r.spans(), Some(vec![])], 1.0), None);
}

#[test]
fn overlap_in_ms_and_as_a_share_of_the_run() {
    let a = Some(vec![(0, 4_000_000)]);
    let b = Some(vec![(2_000_000, 6_000_000)]);
    assert_eq!(overlap_of(&[a, b], 10.0), Some((2.0, 0.2)));
}

/// The time covered by at least two workers, counted on a grid of unit
/// steps (the intervals' ends are whole numbers).
fn brute_force(workers: &[Vec<Span>]) -> u64 {
    let end = workers.iter().flatten().map(|s| s.1).max().unwrap_or(0);
    (0..end)
        .filter(|&t| {
            workers
                .iter()
                .filter(|w| w.iter().any(|&(s, e)| s <= t && t < e))
                .count()
                >= 2
        })
        .count() as u64
}

fn spans() -> impl Strategy<Value = Vec<Span>> {
    prop::collection::vec((0u64..200, 0u64..40).prop_map(|(s, l)| (s, s + l)), 0..6)
}

proptest! {
    #[test]
    fn overlap_matches_counting_on_a_grid(workers in prop::collection::vec(spans(), 0..5)) {
        prop_assert_eq!(overlap_ns(&workers), brute_force(&workers));
    }

    /// For two workers, the overlap is what their union leaves out of their sum.
    #[test]
    fn two_workers_overlap_by_sum_minus_union(a in spans(), b in spans()) {
        let both: Vec<Span> = a.iter().chain(&b).copied().collect();
        let sum = covered_ns(&a) + covered_ns(&b);
        prop_assert_eq!(overlap_ns(&[a, b]), sum - covered_ns(&both));
    }

    /// The order of the workers does not matter, and no worker adds more
    /// than it covers.
    #[test]
    fn overlap_is_symmetric_and_bounded(workers in prop::collection::vec(spans(), 0..5)) {
        let mut rev = workers.clone();
        rev.reverse();
        let o = overlap_ns(&workers);
        prop_assert_eq!(o, overlap_ns(&rev));
        let all: Vec<Span> = workers.iter().flatten().copied().collect();
        let sum: u64 = workers.iter().map(|w| covered_ns(w)).sum();
        prop_assert!(o <= sum - covered_ns(&all));
        prop_assert!(o <= covered_ns(&all));
    }

    /// Intervals built from stamps are in order, apart by more than the
    /// gap, cover every stamp, and the parts handed out live add up to them.
    #[test]
    fn stamps_make_ordered_intervals_that_cover_them(
        steps in prop::collection::vec(0u64..(3 * GAP_NS), 1..200),
        takes in prop::collection::vec(any::<bool>(), 200),
    ) {
        let mut r = OnCpu::default();
        let mut t = 0;
        let mut stamps = Vec::new();
        let mut taken = Vec::new();
        for (i, s) in steps.iter().enumerate() {
            t += s;
            r.stamp(t);
            stamps.push(t);
            if takes[i] {
                taken.extend(r.take_new());
            }
        }
        taken.extend(r.take_new());
        let spans = r.spans().unwrap();
        for w in spans.windows(2) {
            prop_assert!(w[0].1 + GAP_NS < w[1].0, "{:?}", w);
        }
        for s in &stamps {
            prop_assert!(spans.iter().any(|&(a, b)| a <= *s && *s <= b));
        }
        prop_assert_eq!(union(&taken), union(&spans).into_iter().filter(|(a, b)| b > a).collect::<Vec<_>>());
        let taken_len: u64 = taken.iter().map(|(a, b)| b - a).sum();
        prop_assert_eq!(taken_len, covered_ns(&spans));
    }
}
