//! Outputs: what a compiled model and its findings become for people and
//! tools. Each module renders one format from the `Compilation`; none of
//! them computes anything the compiler did not.

pub mod diagram;
pub mod dot;
pub mod json;
pub mod mermaid;
pub mod plantuml;
pub mod pretty;
pub mod report;
pub mod sarif;
pub mod sqlite;
pub mod svg;
pub mod target;
pub mod text;

/// Writes `value` as pretty JSON and a final newline. The many small
/// writes of the serializer go to a buffer of known type here (not one
/// virtual call each through `w`), which `w` gets in large pieces.
pub fn write_json(
    w: &mut dyn std::io::Write,
    value: &impl serde::Serialize,
) -> std::io::Result<()> {
    let mut buffered = std::io::BufWriter::with_capacity(1 << 16, w);
    serde_json::to_writer_pretty(&mut buffered, value)?;
    std::io::Write::write_all(&mut buffered, b"\n")?;
    std::io::Write::flush(&mut buffered)
}

/// A text an override gives, unless it is empty (not given).
fn given(text: &str) -> Option<&str> {
    Some(text).filter(|t| !t.is_empty())
}
