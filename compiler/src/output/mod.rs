//! Outputs: what a compiled model and its findings become for people and
//! tools. Each module renders one format from the `Compilation`; none of
//! them computes anything the compiler did not.

pub mod diagram;
pub mod dot;
pub mod json;
pub mod mermaid;
pub mod plantuml;
pub mod report;
pub mod sarif;
pub mod sqlite;
pub mod svg;
pub mod text;
