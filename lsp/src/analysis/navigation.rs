//! Navigation over the model's identifiers: go to definition, find
//! references and rename (from the compiler's record of every resolved
//! reference, `Model::uses`), and the outline of a file.

use std::path::PathBuf;

use tmc_compiler::model::{Model, ObjectId, Role};
use tmc_compiler::Compilation;
use tmc_compiler::Span;

use super::answers::{Edits, Location, SymbolKind, TextEdit};
use super::lines::LineIndex;

/// The object whose declaration or reference covers byte `offset` of
/// `file`, or that the word `word` names.
pub fn object_at(c: &Compilation, file: &str, offset: usize, word: &str) -> Option<ObjectId> {
    let model = c.model.as_ref()?;
    let in_file = |span: &Span| {
        c.sources.name(span.file) == file && span.start <= offset && offset <= span.end
    };
    if let Some((_, id)) = model.uses.iter().find(|(span, _)| in_file(span)) {
        return Some(*id);
    }
    if let Some(i) = model.objects.iter().position(|o| in_file(&o.id_span)) {
        return Some(ObjectId(i as u32));
    }
    model.lookup(word)
}

pub fn location(c: &Compilation, span: Span) -> Option<Location> {
    if c.sources.is_embedded(span.file) {
        return None;
    }
    let name = c.sources.name(span.file);
    let index = LineIndex::new(c.sources.text(span.file));
    Some(Location {
        path: PathBuf::from(name),
        range: index.range(span.start, span.end),
    })
}

/// The declaration, then every reference.
pub fn references(
    c: &Compilation,
    model: &Model,
    id: ObjectId,
    with_declaration: bool,
) -> Vec<Location> {
    let mut spans = Vec::new();
    if with_declaration {
        spans.push(model.object(id).id_span);
    }
    spans.extend(model.uses.iter().filter(|(_, u)| *u == id).map(|(s, _)| *s));
    spans.into_iter().filter_map(|s| location(c, s)).collect()
}

/// Edits renaming the object everywhere, or why it cannot be renamed.
pub fn rename(
    c: &Compilation,
    model: &Model,
    id: ObjectId,
    new_name: &str,
) -> Result<Edits, String> {
    let valid = new_name
        .chars()
        .next()
        .is_some_and(|ch| ch.is_ascii_alphabetic() || ch == '_')
        && new_name
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || ch == '_');
    if !valid {
        return Err(format!("`{new_name}` is not an identifier"));
    }
    if model.lookup(new_name).is_some() {
        return Err(format!("`{new_name}` is already declared"));
    }
    let o = model.object(id);
    if matches!(o.role, Role::Flow { .. }) && c.sources.slice(o.id_span) != o.id {
        return Err(
            "this flow has no label to rename; give it one with `flow label: a -> b`".into(),
        );
    }
    let mut edits = Edits::new();
    for loc in references(c, model, id, true) {
        edits.entry(loc.path).or_default().push(TextEdit {
            range: loc.range,
            new_text: new_name.to_string(),
        });
    }
    Ok(edits)
}

/// The symbol kind an object is shown with.
pub fn symbol_kind(role: Role) -> SymbolKind {
    match role {
        Role::Element => SymbolKind::Element,
        Role::Boundary => SymbolKind::Boundary,
        Role::Flow { .. } => SymbolKind::Flow,
        Role::Data => SymbolKind::Data,
        Role::Expect => SymbolKind::Expect,
        Role::Triage => SymbolKind::Triage,
    }
}
