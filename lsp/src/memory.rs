//! Keeping the server's memory to what it uses (glibc only; other
//! allocators are left alone). glibc gives each thread that allocates an
//! arena of its own, up to eight per core, and keeps what is freed in
//! each for reuse rather than giving it back. The compiles run on threads
//! that come and go (tokio's blocking threads, the compiler's workers), so
//! over thousands of edits more and more arenas fill with freed memory.

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
pub fn limit_arenas() {}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn give_back() {}
