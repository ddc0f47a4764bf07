//! The thread runner: a function on `n` scoped threads, every one joined.

use std::thread;

use super::super::work::Stop;

/// Runs `f(0..n)` on `n` scoped threads and returns their values in order.
/// On failure (a thread that could not start, an error, a panic) the first
/// error wins, after every started thread was joined.
pub(crate) fn on_threads<T: Send>(
    n: usize,
    f: impl Fn(usize) -> Result<T, Stop> + Sync,
) -> Result<Vec<T>, Stop> {
    let f = &f;
    thread::scope(|s| {
        let mut handles = Vec::with_capacity(n);
        let mut spawn_error = None;
        for w in 0..n {
            match thread::Builder::new()
                .name(format!("demo-worker-{w}"))
                .spawn_scoped(s, move || f(w))
            {
                Ok(h) => handles.push(h),
                Err(e) => {
                    spawn_error = Some(Stop::failed(format!("could not start thread {w}: {e}")));
                    break;
                }
            }
        }
        join_all(
            handles.into_iter().map(|h| ((), h)),
            spawn_error,
            "a worker thread panicked",
        )
        .map(|out| out.into_iter().map(|((), v)| v).collect())
    })
}

/// Joins every thread, in order: the keys and values of those that
/// succeeded, or the first error (`first_error`, then the threads' own; a
/// panic counts as `panicked`). Every thread is joined either way.
pub(crate) fn join_all<'s, K, T>(
    handles: impl Iterator<Item = (K, thread::ScopedJoinHandle<'s, Result<T, Stop>>)>,
    mut first_error: Option<Stop>,
    panicked: &str,
) -> Result<Vec<(K, T)>, Stop> {
    let mut out = Vec::new();
    for (key, h) in handles {
        match h.join() {
            Ok(Ok(v)) => out.push((key, v)),
            Ok(Err(e)) => {
                first_error.get_or_insert(e);
            }
            Err(_) => {
                first_error.get_or_insert(Stop::failed(panicked));
            }
        }
    }
    match first_error {
        Some(e) => Err(e),
        None => Ok(out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_in_order_and_the_first_error_wins() {
        assert_eq!(on_threads(3, |w| Ok(w * 10)), Ok(vec![0, 10, 20]));
        let r: Result<Vec<()>, Stop> = on_threads(3, |w| match w {
            0 => Ok(()),
            1 => Err(Stop::failed("one")),
            _ => Err(Stop::failed("two")),
        });
        assert_eq!(r, Err(Stop::failed("one")));
    }
}
