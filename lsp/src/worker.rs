//! The one thread the server compiles on, for as long as it runs.
//!
//! Compiles used to run on the runtime's pool of blocking threads, a
//! different one from edit to edit. With the server's allocator
//! (mimalloc: `tmc_perf::allocator` says why), memory a thread frees is
//! kept for that thread to use again, so each pool thread kept room for a
//! whole compile: under a storm of edits of a 1,000-element model the
//! server held about 200 MB, against 40 MB with glibc. On one thread, each
//! compile reuses the last one's memory (docs/lsp.md, "Memory").

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc;

/// A job for the worker, which sends its own result back.
type Job = Box<dyn FnOnce() + Send>;

/// The stack the worker gets: the compiler's passes recurse once per level
/// of nesting (at most 256, see syntax/src/syntax/limits.rs), which a debug
/// build needs about 3 MiB for; this is what a main thread has.
const STACK: usize = 8 << 20;

/// The handle of the worker thread; the thread ends when it is dropped.
pub(crate) struct Worker {
    jobs: mpsc::Sender<Job>,
}

/// Why a job gave no result.
#[derive(Debug)]
pub(crate) enum Lost {
    /// The job panicked, with this message.
    Panicked(String),
    /// The worker thread could not be started, or is gone.
    NoWorker,
}

impl std::fmt::Display for Lost {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Lost::Panicked(message) => write!(f, "the compiler panicked: {message}"),
            Lost::NoWorker => f.write_str("the compile thread is not running"),
        }
    }
}

impl Worker {
    /// Starts the thread. If it cannot be started, every job is `Lost`.
    pub(crate) fn start() -> Worker {
        let (jobs, queue) = mpsc::channel::<Job>();
        // A failed spawn drops `queue`: every send then fails, and says so.
        let _ = std::thread::Builder::new()
            .name("tmc-compile".into())
            .stack_size(STACK)
            .spawn(move || queue.into_iter().for_each(|job| job()));
        Worker { jobs }
    }

    /// Runs `job` on the worker after the jobs sent before it; its result,
    /// or why there is none (a panic is caught, and the worker goes on).
    pub(crate) async fn run<R: Send + 'static>(
        &self,
        job: impl FnOnce() -> R + Send + 'static,
    ) -> Result<R, Lost> {
        let (done, result) = tokio::sync::oneshot::channel();
        let wrapped: Job = Box::new(move || {
            let outcome = catch_unwind(AssertUnwindSafe(job)).map_err(|panic| {
                let message = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                Lost::Panicked(message)
            });
            let _ = done.send(outcome);
        });
        self.jobs.send(wrapped).map_err(|_| Lost::NoWorker)?;
        result.await.unwrap_or(Err(Lost::NoWorker))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn jobs_run_in_turn_on_one_thread_and_a_panic_is_an_error() {
        let worker = Worker::start();
        let first = worker.run(|| std::thread::current().id()).await.unwrap();
        let panicked = worker.run(|| -> u8 { panic!("boom") }).await;
        assert!(
            matches!(&panicked, Err(Lost::Panicked(m)) if m == "boom"),
            "{panicked:?}"
        );
        let second = worker.run(|| std::thread::current().id()).await.unwrap();
        assert_eq!(first, second);
        assert_ne!(first, std::thread::current().id());
    }
}
