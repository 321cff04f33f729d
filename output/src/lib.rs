//! tmc-output: what a compiled model and its findings become for people
//! and tools. Each module renders one format from a `Compilation`; none of
//! them computes anything the compiler did not.
//!
//! - `text`, `json`, `sarif`: findings and the model for people and tools
//!   (`pretty` lays JSON out in pieces for the last two);
//! - `dot`, `mermaid`, `plantuml`: the diagrams of `tmc_diagram::ir` as
//!   text for other programs (the SVG drawing is `tmc_diagram::svg`);
//! - `report` (feature `report`, minijinja): the threat-model report, its
//!   SVG drawn by `tmc_diagram`; `pytm_template`: pytm's report templates
//!   run unchanged;
//! - `sqlite` (feature `sqlite`, bundled SQLite): `tmc sqldump`;
//! - `diff`: what changed between two compilations, as text or JSON;
//! - `otm`, `threat_dragon`: the model and its findings for other tools,
//!   as an Open Threat Model document or a Threat Dragon model (`tmc
//!   export`), with `written`: the attributes a model wrote, for both;
//! - `escape`: model text made safe in each target language.
//!
//! Both features are on by default; the fuzz targets turn them off.

pub mod diff;
pub mod dot;
pub mod escape;
pub mod json;
pub mod mermaid;
pub mod otm;
pub mod plantuml;
mod pretty;
#[cfg(feature = "report")]
pub mod pytm_template;
#[cfg(feature = "report")]
pub mod report;
pub mod sarif;
#[cfg(feature = "sqlite")]
pub mod sqlite;
pub mod text;
pub mod threat_dragon;
pub mod written;

/// A `HashMap` hashed with foldhash, as the compiler's maps are: fast on
/// short keys, seeded per process. No output iterates one.
pub(crate) type Map<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// Runs `write` on `w` through a buffer, then flushes it. The many small
/// writes of a serializer, table or template go to a buffer of known type
/// (not one virtual call each through `w`), which `w` gets in large
/// pieces; a failed flush is an error like any other write.
pub(crate) fn buffered<E: From<std::io::Error>>(
    w: &mut dyn std::io::Write,
    write: impl FnOnce(&mut std::io::BufWriter<&mut dyn std::io::Write>) -> Result<(), E>,
) -> Result<(), E> {
    let mut buffered = std::io::BufWriter::with_capacity(1 << 16, w);
    write(&mut buffered)?;
    std::io::Write::flush(&mut buffered)?;
    Ok(())
}

/// A model exported for another tool (`otm`, `threat_dragon`), and what
/// the format had no place for.
pub struct Exported<D> {
    /// The document, made as it is written where it is large.
    pub document: D,
    /// One line per kind of loss, with a count (for warnings).
    pub lost: Vec<String>,
}

impl<D: serde::Serialize> Exported<D> {
    /// The document, pretty-printed with a final newline (keys sorted, as
    /// serde_json's map has them), written to `out`.
    pub fn write(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        buffered(out, |w| {
            serde_json::to_writer_pretty(&mut *w, &self.document)?;
            std::io::Write::write_all(w, b"\n")
        })
    }
}

/// A JSON array whose items are made one at a time as it is written, from
/// a fresh iterator each time: an export's largest lists (a component or a
/// cell per object, with its findings) are never whole in memory.
pub(crate) struct Lazy<F>(pub F);

impl<F, I> serde::Serialize for Lazy<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: serde::Serialize,
{
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((self.0)())
    }
}

/// How many attribute paths the model's objects write (`protocol`,
/// `controls.isEncrypted`) that an export leaves out: those `kept` does
/// not accept for the object. Placement and flow ends (`in`, `a -> b`)
/// count as written and are always kept.
pub(crate) fn written_beyond(
    model: &tmc_compiler::Model,
    kept: impl Fn(&tmc_compiler::model::Object, &str) -> bool,
) -> usize {
    use tmc_compiler::model::Role;
    model
        .objects
        .iter()
        .filter(|o| !matches!(o.role, Role::Expect | Role::Triage))
        .map(|o| {
            o.written
                .iter()
                .filter(|path| !matches!(path.as_str(), "inBoundary" | "source" | "sink"))
                .filter(|path| !kept(o, path))
                .count()
        })
        .sum()
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
pub(crate) const MAX_REPEATED: usize = 100;

/// `text`, its first `MAX_REPEATED` characters and `…` if it is longer.
pub(crate) fn shorten(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(MAX_REPEATED) {
        Some((at, _)) => format!("{}…", &text[..at]).into(),
        None => text.into(),
    }
}

/// The model `text` as one file, `m.tm`, compiled with the default
/// options; it must compile without errors (unit tests).
#[cfg(test)]
fn compile_clean(text: &str) -> (tmc_compiler::Compilation, tmc_compiler::Model) {
    let mut c = tmc_compiler::compile_with(
        &[std::path::PathBuf::from("m.tm")],
        &tmc_compiler::Options::default(),
        &tmc_compiler::OneFile(text),
    );
    assert!(!c.has_errors(), "{:?}", c.diagnostics);
    let model = c.model.take().expect("a model");
    (c, model)
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
