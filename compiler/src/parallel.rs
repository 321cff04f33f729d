//! Work on a large model split over the machine's cores: `n` items cut
//! into one contiguous run per core, done side by side and returned in
//! order, so the result is the same as one thread's. Small jobs stay on
//! the calling thread, where starting threads would cost more than it
//! saves.

use std::ops::Range;

/// How many threads a split uses: one per core the process may run on.
pub fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |t| t.get())
}

/// `work` over `0..n` cut into one run per core (a single run below
/// `at_least` items), the results in run order. The first run is the
/// calling thread's own: what it allocates reuses the memory this thread
/// freed before (a new thread allocates from an arena of its own). A
/// panic in any run is resumed on the calling thread.
pub fn runs<R: Send>(n: usize, at_least: usize, work: impl Fn(Range<usize>) -> R + Sync) -> Vec<R> {
    let threads = threads();
    if n < at_least.max(2) || threads < 2 {
        return vec![work(0..n)];
    }
    let chunk = n.div_ceil(threads);
    let work = &work;
    std::thread::scope(|scope| {
        let handles: Vec<_> = (chunk..n)
            .step_by(chunk)
            .map(|start| scope.spawn(move || work(start..(start + chunk).min(n))))
            .collect();
        let first = work(0..chunk.min(n));
        std::iter::once(first)
            .chain(
                handles
                    .into_iter()
                    .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))),
            )
            .collect()
    })
}

/// `work` on every item of `items` with its index, a slice of at least
/// `at_least` items cut into one run per core. A panic in any run is
/// resumed on the calling thread.
pub fn each_mut<T: Send>(items: &mut [T], at_least: usize, work: impl Fn(usize, &mut T) + Sync) {
    let n = items.len();
    let threads = threads();
    let run = |offset: usize, part: &mut [T]| {
        for (i, item) in part.iter_mut().enumerate() {
            work(offset + i, item);
        }
    };
    if n < at_least.max(2) || threads < 2 {
        return run(0, items);
    }
    let chunk = n.div_ceil(threads);
    let run = &run;
    std::thread::scope(|scope| {
        let mut parts = items.chunks_mut(chunk).enumerate();
        let first = parts.next();
        for (c, part) in parts {
            scope.spawn(move || run(c * chunk, part));
        }
        if let Some((_, part)) = first {
            run(0, part);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::{each_mut, runs};

    #[test]
    fn each_mut_sees_every_item_once_with_its_index() {
        for n in [0, 1, 2, 3, 7, 100, 1001] {
            let mut items = vec![0usize; n];
            each_mut(&mut items, 2, |i, item| *item += i + 1);
            assert_eq!(items, (1..=n).collect::<Vec<_>>(), "n = {n}");
        }
    }

    #[test]
    fn runs_cover_every_item_once_in_order() {
        for n in [0, 1, 2, 3, 7, 100, 1001] {
            let parts = runs(n, 2, |r| r.collect::<Vec<_>>());
            let joined: Vec<usize> = parts.into_iter().flatten().collect();
            assert_eq!(joined, (0..n).collect::<Vec<_>>(), "n = {n}");
        }
    }

    #[test]
    fn small_jobs_are_one_run() {
        assert_eq!(runs(10, 100, |r| r.len()), vec![10]);
    }

    #[test]
    fn a_panicking_run_panics_the_caller() {
        let result = std::panic::catch_unwind(|| {
            runs(100, 2, |r| {
                assert!(r.start == 0, "a later run fails");
                r.len()
            })
        });
        if super::threads() > 1 {
            assert!(result.is_err());
        }
    }
}
