//! Keeping the server's memory to what it uses (glibc only; other
//! allocators are left alone). glibc gives each thread that allocates an
//! arena of its own, up to eight per core, and keeps what is freed in
//! each for reuse rather than giving it back. The compiles run on threads
//! that come and go (tokio's blocking threads, the compiler's workers), so
//! over thousands of edits more and more arenas filled with freed memory
//! (docs/lsp.md has the figures). The server uses one arena per core, and
//! gives free memory back once it has been idle for a moment: giving it
//! back after every compile made the next one take it again from the
//! system, page by page (the median edit of a 1,000-element model went
//! from 25 to 55 ms).

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// How long the server waits, without a compile or a large message, before
/// giving memory back: longer than the pauses of typing.
const IDLE: Duration = Duration::from_secs(1);

/// Limits the allocator to one arena per core the compiler runs on.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn limit_arenas() {
    let arenas = i32::try_from(tmc_compiler::parallel::threads()).unwrap_or(i32::MAX);
    // SAFETY: `mallopt` sets one of glibc's allocator parameters under the
    // allocator's own lock; it reads no memory of ours. A value it refuses
    // (return value 0) leaves the default in place.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, arenas.max(1));
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn limit_arenas() {}

/// Gives free memory back once nothing has called this again for `IDLE`
/// (a task on the current tokio runtime waits for it).
pub fn give_back_when_idle() {
    static CALLS: AtomicU64 = AtomicU64::new(0);
    let call = CALLS.fetch_add(1, Ordering::Relaxed) + 1;
    tokio::spawn(async move {
        tokio::time::sleep(IDLE).await;
        if CALLS.load(Ordering::Relaxed) == call {
            give_back();
        }
    });
}

/// Gives the free memory of every arena back to the system.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn give_back() {
    // SAFETY: `malloc_trim` releases free pages of glibc's heaps under
    // their locks; it touches no memory in use.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn give_back() {}
