//! Text from a model written into the slot of another language, so that
//! it stays text there. Names, notes, descriptions and paths come from
//! whoever wrote the model (or named its files), so none of them may move
//! a terminal's cursor.
//!
//! - `terminal`: a terminal and the text reports (control characters
//!   shown as `\u{1b}`), also the base the escapers of the outputs build
//!   on (`tmc_output::escape` for diagrams and reports, `tmc_diagram`'s
//!   XML for the SVG drawing).
//! - `tm`: a string literal of the language itself, for fronts that write
//!   model text.

pub mod terminal;
pub mod tm;
