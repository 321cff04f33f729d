//! glibc's allocator settings, the workspace's only `unsafe` for them
//! (other allocators are left alone: every function here then does
//! nothing).
//!
//! A command-line run (`tune_for_batch`): glibc's allocator is tuned for
//! long-lived programs that give memory back to the system as soon as
//! they can. A `tmc` run over a large model makes and frees many large
//! blocks (syntax trees, attribute tables, findings, output buffers) in a
//! fraction of a second; each one freed to the system and asked for again
//! costs a zeroed page per 4 KB. Keeping them cut `tmc json`'s page
//! faults at 10,000 elements from 23,800 to 19,400 and its time by about
//! 10 ms, with the same peak memory (82 MB; 685 MB at 100,000).
//!
//! The language server (`limit_arenas`, `give_back`), which runs for
//! hours, keeps glibc's defaults but for the number of arenas: glibc gives
//! each thread that allocates an arena of its own, up to eight per core,
//! and keeps what is freed in each for reuse rather than giving it back.
//! Its compiles run on threads that come and go, so over thousands of
//! edits more and more arenas filled with freed memory (docs/lsp.md has
//! the figures). The server uses one arena per core, and gives free
//! memory back when it has been idle for a moment (when is the server's
//! business: lsp/src/memory.rs).

/// Blocks below this size come from the allocator's heaps, where a freed
/// one is reused, instead of from pages mapped for each (glibc: 128 KB at
/// first, raised as large blocks are freed, up to 32 MB).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const MAP_FROM: i32 = 32 << 20;

/// Free memory at the top of a heap is given back to the system only past
/// this size (glibc: 128 KB).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const KEEP_UP_TO: i32 = 64 << 20;

/// Sets the allocator up for a short run over a large model.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn tune_for_batch() {
    // SAFETY: `mallopt` sets one of glibc's allocator parameters, under
    // the allocator's own lock, so it may be called while other threads
    // allocate; it reads no memory of ours. A value it refuses (return
    // value 0) leaves the default in place, which is only slower.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, MAP_FROM);
        libc::mallopt(libc::M_TRIM_THRESHOLD, KEEP_UP_TO);
    }
}

/// Other allocators keep their defaults.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn tune_for_batch() {}

/// Limits the allocator to one arena per core the work is split over
/// (`split::threads`).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn limit_arenas() {
    let arenas = i32::try_from(crate::split::threads()).unwrap_or(i32::MAX);
    // SAFETY: `mallopt` sets one of glibc's allocator parameters under the
    // allocator's own lock; it reads no memory of ours. A value it refuses
    // (return value 0) leaves the default in place.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, arenas.max(1));
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn limit_arenas() {}

/// Gives the free memory of every arena back to the system.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn give_back() {
    // SAFETY: `malloc_trim` releases free pages of glibc's heaps under
    // their locks; it touches no memory in use.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn give_back() {}
