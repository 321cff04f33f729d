//! The allocators and their settings, the workspace's only `unsafe` for
//! them.
//!
//! The `tmc` binary's allocator is `Chosen`: the system's for a
//! command-line run, mimalloc once the language server starts (`serve`).
//!
//! A command-line run (`tune_for_batch`): glibc's allocator is tuned for
//! long-lived programs that give memory back to the system as soon as
//! they can. A `tmc` run over a large model makes and frees many large
//! blocks (syntax trees, attribute tables, findings, output buffers) in a
//! fraction of a second; each one freed to the system and asked for again
//! costs a zeroed page per 4 KB. Keeping them cut `tmc json`'s page
//! faults at 10,000 elements from 23,800 to 19,400 and its time by about
//! 10 ms, with the same peak memory (82 MB; 685 MB at 100,000). mimalloc
//! was tried there three times (docs/performance.md): no faster once its
//! huge pages are discounted, and half as much memory again.
//!
//! The language server runs for hours and compiles the whole model on
//! every edit while it keeps the last compilation for its answers. With
//! glibc, the blocks of compilations made and freed in turn, on threads
//! that come and go, left the heaps so fragmented that checking a
//! 10,000-element model took 115-205 ms in the server against 90 ms in a
//! fresh `tmc check`, and freeing and finding blocks (`malloc_consolidate`,
//! `unlink_chunk`) was about 30% of the server's time. mimalloc keeps
//! blocks of one size together in pages of their own, per thread, so the
//! server's edits cost what a fresh run's do: didChange to
//! publishDiagnostics at 10,000 elements went from a median of 392 ms to
//! about 200 (docs/lsp.md has the figures). Free memory is given back when
//! the server has been idle for a moment (`give_back`; when is the
//! server's business: lsp/src/memory.rs).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, Ordering};

use mimalloc::MiMalloc;

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

/// Gives free memory back to the system: mimalloc's, and glibc's (what was
/// allocated before `serve`).
pub fn give_back() {
    // SAFETY: `mi_collect` frees mimalloc's own bookkeeping of free pages
    // and returns them to the system; it touches no block in use, and may
    // be called from any thread.
    unsafe {
        libmimalloc_sys::mi_collect(true);
    }
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` releases free pages of glibc's heaps under
    // their locks; it touches no memory in use.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Whether new blocks come from mimalloc (`serve` was called); never set
/// back.
static SERVING: AtomicBool = AtomicBool::new(false);

/// From now on, new blocks come from mimalloc, when `Chosen` is the global
/// allocator (the `tmc` binary's, the latency bench's; elsewhere this
/// changes nothing). Blocks the system allocator gave before are still
/// given back to it.
pub fn serve() {
    SERVING.store(true, Ordering::Release);
}

/// The global allocator of the `tmc` binary: the system's until `serve`,
/// mimalloc from then on. A block is given back to the allocator it came
/// from: once serving, mimalloc's page map tells its blocks from the
/// system's (a lookup of two loads). A block mimalloc gave was allocated
/// after `SERVING` was set, on a thread that saw it set, and whatever
/// passes the block to another thread makes that one see it set too; so
/// a thread that reads `SERVING` unset holds no mimalloc block.
pub struct Chosen;

impl Chosen {
    /// Whether `ptr` (a block of this allocator) is mimalloc's.
    fn is_mimallocs(ptr: *mut u8) -> bool {
        // SAFETY: `mi_is_in_heap_region` only looks `ptr` up in mimalloc's
        // page map (null before mimalloc's first block); it reads nothing
        // at `ptr`.
        SERVING.load(Ordering::Relaxed)
            && unsafe { libmimalloc_sys::mi_is_in_heap_region(ptr.cast()) }
    }
}

// SAFETY: every block is made by one of two allocators that uphold
// `GlobalAlloc`'s contract, and given back to (or resized by) the one that
// made it (see `Chosen`), with the layout it was made with.
unsafe impl GlobalAlloc for Chosen {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if SERVING.load(Ordering::Relaxed) {
            MiMalloc.alloc(layout)
        } else {
            System.alloc(layout)
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if SERVING.load(Ordering::Relaxed) {
            MiMalloc.alloc_zeroed(layout)
        } else {
            System.alloc_zeroed(layout)
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if Self::is_mimallocs(ptr) {
            MiMalloc.dealloc(ptr, layout)
        } else {
            System.dealloc(ptr, layout)
        }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if Self::is_mimallocs(ptr) {
            MiMalloc.realloc(ptr, layout, new_size)
        } else {
            System.realloc(ptr, layout, new_size)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Blocks made before `serve` are the system's and stay so, resized or
    /// freed after it; blocks made after are mimalloc's.
    #[test]
    fn each_block_goes_back_to_the_allocator_that_made_it() {
        let small = Layout::from_size_align(24, 8).unwrap();
        let large = Layout::from_size_align(1 << 20, 64).unwrap();
        // SAFETY: each block is used within its layout and freed once, with
        // the layout (resized: the new size) it has.
        unsafe {
            let before = Chosen.alloc(small);
            before.write_bytes(7, small.size());
            serve();
            assert!(!Chosen::is_mimallocs(before));
            let after = Chosen.alloc(small);
            let zeroed = Chosen.alloc_zeroed(large);
            assert!(Chosen::is_mimallocs(after) && Chosen::is_mimallocs(zeroed));
            assert!((0..large.size()).all(|i| *zeroed.add(i) == 0));
            // Grown, the system's block is still the system's, its bytes kept.
            let grown = Chosen.realloc(before, small, 4096);
            assert!(!Chosen::is_mimallocs(grown));
            assert!((0..small.size()).all(|i| *grown.add(i) == 7));
            let moved = Chosen.realloc(after, small, 4096);
            assert!(Chosen::is_mimallocs(moved));
            Chosen.dealloc(grown, Layout::from_size_align(4096, 8).unwrap());
            Chosen.dealloc(moved, Layout::from_size_align(4096, 8).unwrap());
            Chosen.dealloc(zeroed, large);
        }
        assert!(!Chosen::is_mimallocs(std::ptr::null_mut()));
        give_back();
    }
}
