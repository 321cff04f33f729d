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
pub mod text;

/// Runs `write` on `w` through a buffer, then flushes it. The many small
/// writes of a serializer, table or template go to a buffer of known type
/// (not one virtual call each through `w`), which `w` gets in large
/// pieces; a failed flush is an error like any other write.
pub fn buffered<E: From<std::io::Error>>(
    w: &mut dyn std::io::Write,
    write: impl FnOnce(&mut std::io::BufWriter<&mut dyn std::io::Write>) -> Result<(), E>,
) -> Result<(), E> {
    let mut buffered = std::io::BufWriter::with_capacity(1 << 16, w);
    write(&mut buffered)?;
    std::io::Write::flush(&mut buffered)?;
    Ok(())
}

/// Writes `value` as pretty JSON and a final newline.
pub fn write_json(
    w: &mut dyn std::io::Write,
    value: &impl serde::Serialize,
) -> std::io::Result<()> {
    buffered(w, |b| {
        serde_json::to_writer_pretty(&mut *b, value)?;
        std::io::Write::write_all(b, b"\n")
    })
}

/// A text an override gives, unless it is empty (not given).
fn given(text: &str) -> Option<&str> {
    Some(text).filter(|t| !t.is_empty())
}

/// The most characters of a text that an output repeats from elsewhere
/// for each finding (its threat's title, its target's name, the name of
/// the assumption that rules it out) where the format wants the text in
/// each, as SARIF messages and diff lines do: a longer one is cut, so
/// that a name of megabytes is not written again for every finding.
pub const MAX_REPEATED: usize = 100;

/// `text`, its first `MAX_REPEATED` characters and `…` if it is longer.
pub fn shorten(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(MAX_REPEATED) {
        Some((at, _)) => format!("{}…", &text[..at]).into(),
        None => text.into(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn long_texts_are_shortened_at_a_character() {
        assert_eq!(super::shorten("short"), "short");
        let long = "é".repeat(super::MAX_REPEATED + 1);
        assert_eq!(super::shorten(&long), "é".repeat(super::MAX_REPEATED) + "…");
        assert_eq!(super::shorten(&long[2..]), long[2..]);
    }
}
