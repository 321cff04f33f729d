//! The did-you-mean quick fixes: a compiler diagnostic that suggests a
//! name (an attribute, a kind, an enum member, a reference) carries the
//! edit (`tmc_syntax::diagnostic::Fix`), and the editor gets it as
//! "Replace with `name`", the preferred fix of that diagnostic.

use std::path::PathBuf;

use tmc_compiler::Compilation;

use super::answers::COMPILER;
use super::answers::{CodeAction, Edits, TextEdit};
use super::compile::as_compiled;
use super::lines::LineIndex;

/// The fixes of the diagnostics of `c` in `file` whose fix meets bytes
/// `start..=end` of it; none while `text` (the editor's) differs from the
/// text compiled.
pub fn actions(
    c: &Compilation,
    file: &str,
    text: &str,
    (start, end): (usize, usize),
) -> Vec<CodeAction> {
    let Some(compiled) = as_compiled(c, file, text) else {
        return Vec::new();
    };
    let index = LineIndex::new(text);
    c.diagnostics
        .iter()
        .filter_map(|d| Some((d, d.fix.as_ref()?)))
        .filter(|(_, fix)| {
            fix.span.file == compiled && fix.span.start <= end && start <= fix.span.end
        })
        .map(|(d, fix)| {
            let mut edits = Edits::new();
            edits.insert(
                PathBuf::from(file),
                vec![TextEdit {
                    range: index.range(fix.span.start, fix.span.end),
                    new_text: fix.replacement.clone(),
                }],
            );
            CodeAction {
                title: format!("Replace with `{}`", fix.replacement),
                source: COMPILER,
                code: d.code.to_string(),
                edits,
                preferred: true,
            }
        })
        .collect()
}
