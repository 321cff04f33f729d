//! Text from a model written into the slot of another language, so that
//! it stays text there: one module per place it goes. Names, notes,
//! descriptions and paths come from whoever wrote the model (or named its
//! files), so none of them may start a directive, close its slot, or move
//! a terminal's cursor. Each builds on the compiler's
//! `tmc_syntax::escape::terminal` (control characters shown as
//! `\u{1b}`); the SVG drawing's XML is `tmc_diagram`'s own.
//!
//! - `plantuml`, `mermaid`, `dot`: labels, notes and titles of diagrams;
//! - `markdown`, `html`: the report's paragraphs and table cells.

pub mod dot;
pub mod html;
pub mod markdown;
pub mod mermaid;
pub mod plantuml;
