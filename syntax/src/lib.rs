//! tmc-syntax: the text layer of the compiler, the first stage of its
//! pipeline and the ground the others stand on.
//!
//! - `source`: the files of a compilation and byte spans into them.
//! - `diagnostic`: problems as values with spans, and their rendering
//!   (`escape::terminal` keeps model text from steering a terminal).
//! - `syntax`: the tokens every reader of `.tm` text shares (`tokens`),
//!   the input limits, the pest parser over `grammar/tm.pest` with its
//!   recovery after errors, and the syntax tree it builds.
//! - `format`: `tmc fmt`, over the same parser and tokens.
//!
//! It knows nothing of kinds, models or rules: `tmc-compiler` builds on it
//! and re-exports its modules under the same names.

pub mod diagnostic;
pub mod escape;
pub mod format;
pub mod source;
pub mod syntax;
