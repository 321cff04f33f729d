//! Work on a large model split over the machine's cores: `n` items cut
//! into one contiguous run per core, done side by side and returned in
//! order, so the result is the same as one thread's. Small jobs (below a
//! threshold the caller gives, one of the crate's named ones) stay on the
//! calling thread, where starting threads would cost more than it saves.
//! A panic in any thread is resumed on the calling thread.

use std::ops::Range;

/// How many threads a split uses: one per core the process may run on.
pub fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |t| t.get())
}

/// How many threads `n` items are split over: one below `at_least` items
/// (or on a single core), else one per core.
pub(crate) fn split(n: usize, at_least: usize) -> usize {
    if n < at_least.max(2) {
        1
    } else {
        threads()
    }
}

/// `work` over `0..n` cut into one run per core (a single run below
/// `at_least` items), the results in run order. The first run is the
/// calling thread's own: what it allocates reuses the memory this thread
/// freed before (a new thread allocates from an arena of its own). A
/// panic in any run is resumed on the calling thread.
pub fn runs<R: Send>(n: usize, at_least: usize, work: impl Fn(Range<usize>) -> R + Sync) -> Vec<R> {
    let threads = split(n, at_least);
    if threads < 2 {
        return vec![work(0..n)];
    }
    let chunk = n.div_ceil(threads);
    let work = &work;
    std::thread::scope(|scope| {
        let handles: Vec<_> = (chunk..n)
            .step_by(chunk)
            .map(|start| scope.spawn(move || work(start..(start + chunk).min(n))))
            .collect();
        in_order(work(0..chunk.min(n)), handles)
    })
}

/// The calling thread's result, then those of the threads it started, in
/// order; a panic in any of them is resumed here.
fn in_order<R>(first: R, others: Vec<std::thread::ScopedJoinHandle<'_, R>>) -> Vec<R> {
    let others = others
        .into_iter()
        .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
    std::iter::once(first).chain(others).collect()
}

/// `work` on `items` cut into one run per core (a single run below
/// `at_least` items), each run's items given by value, the results in run
/// order: what a run drops is freed as it goes. The first run is the
/// calling thread's own. A panic in any run is resumed on the calling
/// thread.
pub fn into_runs<T: Send, R: Send>(
    mut items: Vec<T>,
    at_least: usize,
    work: impl Fn(Vec<T>) -> R + Sync,
) -> Vec<R> {
    let n = items.len();
    let threads = split(n, at_least);
    if threads < 2 {
        return vec![work(items)];
    }
    let chunk = n.div_ceil(threads);
    // Cut from the end, so each item is moved once.
    let mut rest = Vec::new();
    while items.len() > chunk {
        let at = (items.len() - 1) / chunk * chunk;
        rest.push(items.split_off(at));
    }
    rest.reverse();
    let work = &work;
    std::thread::scope(|scope| {
        let handles: Vec<_> = rest
            .into_iter()
            .map(|part| scope.spawn(move || work(part)))
            .collect();
        in_order(work(items), handles)
    })
}

/// `work` on every item of `items` with its index, from `at_least` items
/// on every core. The items are cut into runs of `EACH_RUN`, dealt out
/// in turn (thread k takes runs k, k + threads, ...), so that items that
/// cost more, gathered in one stretch (a model's elements before its
/// flows), are shared out too. A panic in any run is resumed on the
/// calling thread.
pub fn each_mut<T: Send>(items: &mut [T], at_least: usize, work: impl Fn(usize, &mut T) + Sync) {
    let n = items.len();
    let threads = split(n, at_least);
    let run = |offset: usize, part: &mut [T]| {
        for (i, item) in part.iter_mut().enumerate() {
            work(offset + i, item);
        }
    };
    if threads < 2 {
        return run(0, items);
    }
    let mut dealt: Vec<Vec<(usize, &mut [T])>> = (0..threads).map(|_| Vec::new()).collect();
    for (c, part) in items.chunks_mut(EACH_RUN).enumerate() {
        dealt[c % threads].push((c * EACH_RUN, part));
    }
    let run = &run;
    let mut dealt = dealt.into_iter();
    let first = dealt.next().unwrap_or_default();
    std::thread::scope(|scope| {
        for parts in dealt {
            scope.spawn(move || parts.into_iter().for_each(|(at, part)| run(at, part)));
        }
        first.into_iter().for_each(|(at, part)| run(at, part));
    });
}

/// The items of one run of `each_mut`.
const EACH_RUN: usize = 512;

/// `work` on the calling thread while `other`, which does not depend on
/// it, runs on a thread of its own (the compiler parses the built-in
/// threat library beside the model); returns once both are done. A panic
/// in `other` is resumed on the calling thread.
pub fn beside<R>(other: impl FnOnce() + Send, work: impl FnOnce() -> R) -> R {
    std::thread::scope(|scope| {
        scope.spawn(other);
        work()
    })
}

#[cfg(test)]
mod tests {
    use super::{beside, each_mut, into_runs, runs};

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
    fn into_runs_hand_every_item_over_once_in_order() {
        for n in [0, 1, 2, 3, 7, 100, 1001] {
            let items: Vec<String> = (0..n).map(|i| i.to_string()).collect();
            let parts = into_runs(items, 2, |part| part);
            assert!(parts.len() <= super::threads().max(1), "n = {n}");
            let joined: Vec<String> = parts.into_iter().flatten().collect();
            let expected: Vec<String> = (0..n).map(|i| i.to_string()).collect();
            assert_eq!(joined, expected, "n = {n}");
        }
        assert_eq!(into_runs(vec![1, 2, 3], 100, |part| part.len()), vec![3]);
    }

    #[test]
    fn a_panicking_run_panics_the_caller() {
        let result = std::panic::catch_unwind(|| {
            runs(100, 2, |r| {
                assert!(r.start == 0, "a later run fails");
                r.len()
            })
        });
        // On one core there is one run, from 0, which does not fail.
        assert_eq!(result.is_err(), super::threads() > 1);
    }

    #[test]
    fn a_split_gives_what_one_thread_gives() {
        let items: Vec<u64> = (0..5000).map(|i| i * 7919 % 1000).collect();
        let sums = |at_least| runs(items.len(), at_least, |r| items[r].iter().sum::<u64>());
        let one: u64 = sums(usize::MAX).into_iter().sum();
        assert_eq!(sums(2).into_iter().sum::<u64>(), one);
        let squares = |at_least| {
            let mut each = items.clone();
            each_mut(&mut each, at_least, |i, x| *x = *x * *x + i as u64);
            each
        };
        assert_eq!(squares(2), squares(usize::MAX));
        let lens = |at_least| into_runs(items.clone(), at_least, |part| part.len());
        assert_eq!(lens(2).into_iter().sum::<usize>(), lens(usize::MAX)[0]);
    }

    #[test]
    fn a_panic_in_any_split_panics_the_caller() {
        // The panic is in the last item, which is not the calling
        // thread's on more than one core, and is on one.
        let into = std::panic::catch_unwind(|| {
            into_runs((0..100).collect::<Vec<usize>>(), 2, |part| {
                assert!(!part.contains(&99), "the last item fails");
            })
        });
        assert!(into.is_err());
        let each = std::panic::catch_unwind(|| {
            let mut items = vec![0usize; 2000];
            each_mut(&mut items, 2, |i, _| {
                assert!(i != 1999, "the last item fails")
            });
        });
        assert!(each.is_err());
        let other = std::panic::catch_unwind(|| beside(|| panic!("the other fails"), || 1));
        assert!(other.is_err());
    }

    #[test]
    fn beside_returns_the_work_after_both_are_done() {
        let done = std::sync::atomic::AtomicBool::new(false);
        let result = beside(
            || done.store(true, std::sync::atomic::Ordering::SeqCst),
            || 42,
        );
        assert_eq!(result, 42);
        assert!(done.load(std::sync::atomic::Ordering::SeqCst));
    }
}
