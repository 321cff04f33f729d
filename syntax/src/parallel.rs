//! Work on a large model split over the machine's cores: `n` items cut
//! into one contiguous run per core, done side by side and returned in
//! order, so the result is the same as one thread's. Small jobs stay on
//! the calling thread, where starting threads would cost more than it
//! saves.

use std::io::{self, Write};
use std::ops::Range;

/// How many threads a split uses: one per core the process may run on.
pub fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |t| t.get())
}

/// How many threads `n` items are split over: one below `at_least` items
/// (or on a single core), else one per core.
fn split(n: usize, at_least: usize) -> usize {
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

/// Writes the text of items `0..n` to `w`, made by `render` in pieces of
/// about `piece_bytes` bytes. At `at_least` items and up, one thread per
/// core renders pieces (thread k takes pieces k, k + threads, ...) while
/// the calling thread writes them out in order, so the writing overlaps
/// the rendering; each renderer holds at most one finished piece. After a
/// failed write the renderers stop, and the error is returned.
///
/// The first `SAMPLE` items are rendered here first, and their size sets
/// how many items a piece holds: the items of one list are much alike,
/// and a piece must be large enough that rendering it costs more than
/// handing it from thread to thread (a finding is a tenth of the size of
/// an element).
pub fn write_pieces(
    w: &mut impl Write,
    n: usize,
    piece_bytes: usize,
    at_least: usize,
    render: impl Fn(Range<usize>, &mut Vec<u8>) -> io::Result<()> + Sync,
) -> io::Result<()> {
    let threads = split(n, at_least);
    let mut text = Vec::new();
    if threads < 2 {
        render(0..n, &mut text)?;
        return w.write_all(&text);
    }
    let sample = SAMPLE.min(n);
    render(0..sample, &mut text)?;
    w.write_all(&text)?;
    let item_bytes = text.len().div_ceil(sample).max(1);
    let piece = (piece_bytes / item_bytes).max(1);
    let render = &render;
    std::thread::scope(|scope| {
        // Each renderer sends its pieces to the writer, which hands the
        // emptied buffers back for the next pieces.
        let renderers: Vec<_> = (0..threads)
            .map(|k| {
                let (send, receive) = std::sync::mpsc::sync_channel(1);
                let (give_back, returned) = std::sync::mpsc::channel::<Vec<u8>>();
                scope.spawn(move || {
                    for start in (sample + k * piece..n).step_by(threads * piece) {
                        let mut text = returned.try_recv().unwrap_or_default();
                        let made = render(start..(start + piece).min(n), &mut text);
                        // The writer stopped (a write failed): stop too.
                        if send.send(made.map(|()| text)).is_err() {
                            break;
                        }
                    }
                });
                (receive, give_back)
            })
            .collect();
        for p in 0..(n - sample).div_ceil(piece) {
            // A renderer that panicked drops its sender; the scope then
            // resumes its panic.
            let (pieces, give_back) = &renderers[p % threads];
            let mut text = pieces
                .recv()
                .map_err(|_| io::Error::other("a rendering thread failed"))??;
            w.write_all(&text)?;
            text.clear();
            // A renderer that has finished no longer takes buffers back.
            let _ = give_back.send(text);
        }
        Ok(())
    })
}

/// The size of a piece of text for `write_pieces` to aim at: large
/// enough that handing a piece from thread to thread costs little, small
/// enough that the pieces waiting to be written stay small.
pub const PIECE_BYTES: usize = 512 * 1024;

/// Items `write_pieces` renders first, to learn their size.
const SAMPLE: usize = 32;

#[cfg(test)]
mod tests {
    use super::{each_mut, into_runs, runs, write_pieces};

    #[test]
    fn pieces_are_written_in_order() {
        for n in [0, 1, 5, 99, 100, 101, 1000] {
            let mut out = Vec::new();
            write_pieces(&mut out, n, 20, 10, |range, text| {
                for i in range {
                    text.extend_from_slice(format!("{i},").as_bytes());
                }
                Ok(())
            })
            .unwrap();
            let expected: String = (0..n).map(|i| format!("{i},")).collect();
            assert_eq!(String::from_utf8(out).unwrap(), expected, "n = {n}");
        }
    }

    #[test]
    fn a_failed_render_is_returned() {
        let mut out = Vec::new();
        let result = write_pieces(&mut out, 1000, 10, 10, |range, _| {
            if range.contains(&555) {
                return Err(std::io::Error::other("cannot render 555"));
            }
            Ok(())
        });
        assert_eq!(result.unwrap_err().to_string(), "cannot render 555");
    }

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
}
