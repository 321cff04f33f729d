//! tmc-perf: the performance machinery, and nothing else. Work on a large
//! model split over the machine's cores (`split`), long outputs rendered
//! on every core and written in order (`pieces`), and the allocators:
//! glibc's settings for a batch run, mimalloc for the language server
//! (`allocator`).
//! Nothing else in the workspace splits work over threads or tunes the
//! allocator: the syntax, the compiler and the outputs say *what* may be
//! done side by side and call this crate for *how*. (The fronts' own
//! threads, such as the command line's large-stack worker or the language
//! server's runtime, are how they run, not ways to go faster.)
//!
//! Whatever it splits, the result is the same bytes as one thread's. It
//! sits below every other crate of the workspace and depends on none of
//! them: everyone may import it.
//!
//! When a split pays is decided by the thresholds below, one per kind of
//! work, measured on a 2-core machine (docs/performance.md); below them
//! starting threads costs more than it saves.

pub mod allocator;
pub mod pieces;
pub mod split;

/// Below this many items of a model (declarations to check, flows to
/// resolve or derive, objects to derive or evaluate rules on) one thread
/// does the work.
pub const MODEL_ITEMS: usize = 2000;

/// Below this many items of an output (the objects or findings of a JSON
/// array, the rows of a table) one thread renders them.
pub const OUTPUT_ROWS: usize = 1024;

/// Below this many bytes a file is parsed in one part, else in one part
/// per core. It was 256 KB, when the threat library was parsed beside the
/// model on every run; in the language server, which parses the library
/// once, that left a core idle while a file of a few hundred KB was
/// parsed (64 KB: the 1,000-element bench model's edit 48-51 -> 44-45 ms;
/// `tmc check` on it 0.88x wall, on a 77 KB model 0.93x).
pub const FILE_BYTES: usize = 64 * 1024;
