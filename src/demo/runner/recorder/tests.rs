//! Tests of the recorder: filtering, speedups, rounds and the spread.

#![allow(clippy::unwrap_used)]
use super::super::ctx::tests::test_ctx;

use super::*;

#[test]
fn the_spread_is_half_the_range_over_the_median() {
    assert_eq!(spread(&[1.0]), None);
    assert_eq!(spread(&[]), None);
    let s = spread(&[0.97, 1.17, 1.07]).unwrap();
    assert!((s - 0.1 / 1.07).abs() < 1e-12, "{s}");
    assert_eq!(spread(&[2.0, 2.0, f64::NAN]), Some(0.0));
}

#[test]
fn recorder_filters_and_computes_speedups() {
    let (mut ctx, rx) = test_ctx();
    ctx.modes = Some(vec![RunMode::Sequential, RunMode::Threads]);
    let mut rec = Recorder::new(
        &ctx,
        vec![
            baseline(RunMode::Sequential),
            plan(RunMode::GilThreads, 2, Some(2.0)),
            plan(RunMode::Threads, 2, Some(2.0)),
        ],
    );
    let fake = |ms: u64| {
        move |_rc: RunCtx<'_>| {
            Ok(Measured {
                wall: Duration::from_millis(ms),
                pids: vec![7, 7],
                ..Measured::default()
            })
        }
    };
    assert!(rec.run(0, false, fake(100)).is_ok());
    assert!(matches!(rec.run(1, false, fake(100)), Ok(None)));
    assert!(rec.run(2, false, fake(50)).is_ok());
    assert_eq!(rec.results.len(), 2);
    assert_eq!(rec.results[1].speedup, Some(2.0));
    assert_eq!(rec.results[1].pids, vec![7]);
    assert_eq!(rec.speedup(RunMode::Threads), "2.00×");
    assert_eq!(rec.speedup(RunMode::GilThreads), "n/a");
    drop(rec);
    drop(ctx);
    let events: Vec<_> = rx.iter().collect();
    match &events[0] {
        DemoEvent::Started { plan, .. } => assert_eq!(plan.len(), 2),
        other => panic!("{other:?}"),
    }
    assert!(events.contains(&DemoEvent::RunStarted { run: 1 }));
}

#[test]
fn a_later_part_is_announced_as_added_runs_numbered_after_the_first() {
    let (ctx, rx) = test_ctx();
    let one = |_rc: RunCtx<'_>| {
        Ok(Measured {
            wall: Duration::from_millis(10),
            ..Measured::default()
        })
    };
    let plans = || {
        vec![
            baseline(RunMode::PythonSequential),
            plan(RunMode::PythonThreading, 2, Some(2.0)),
        ]
    };
    let second_ctx = ctx.part("python3.13t", ctx.budget, true);
    {
        let mut first = Recorder::new(&ctx, plans());
        assert!(first.run(1, false, one).is_ok());
        let mut second = Recorder::new(&second_ctx, plans());
        assert!(second.run(1, false, one).is_ok());
    }
    assert_eq!(second_ctx.interpreter.as_deref(), Some("python3.13t"));
    drop((second_ctx, ctx));
    let events: Vec<_> = rx.iter().collect();
    assert!(matches!(&events[0], DemoEvent::Started { plan, .. } if plan.len() == 2));
    assert!(events.contains(&DemoEvent::RunStarted { run: 1 }));
    assert!(
        events
            .iter()
            .any(|e| matches!(e, DemoEvent::RunsAdded { plan } if plan.len() == 2))
    );
    assert!(events.contains(&DemoEvent::RunStarted { run: 3 }));
    assert!(!events.contains(&DemoEvent::RunStarted { run: 2 }));
}
