//! pytm's report templates, run unchanged (`tmc report --template`): the
//! format-string language of pytm 1.4's `SuperFormatter` over the values
//! pytm's `TM.report()` passes (`tm`, `dataflows`, `findings`...), read
//! from a compiled model and its findings. `parse` reads the language,
//! `values` is the pytm view of the model, `render` fills the template,
//! `spec` is Python's format-spec mini-language. docs/report.md, section
//! "pytm templates", says what is supported and how values print.

mod parse;
mod render;
mod spec;
mod values;

use tmc_compiler::findings::Finding;
use tmc_compiler::model::Model;
use tmc_compiler::rules::Library;
use tmc_compiler::schema::Schema;

use crate::report::{Template, TemplateError};

/// Whether a template is written in pytm's language rather than
/// minijinja's: it reads one of pytm's variables in a single-brace field
/// (`{tm.`, `{dataflows:`...) and has no minijinja tag or comment.
pub fn looks_like_pytm(source: &str) -> bool {
    if source.contains("{%") || source.contains("{#") {
        return false;
    }
    let b = source.as_bytes();
    b.iter().enumerate().any(|(i, &c)| {
        let single = c == b'{' && (i == 0 || b[i - 1] != b'{') && b.get(i + 1) != Some(&b'{');
        single
            && values::VARIABLES.iter().any(|v| {
                let rest = &b[i + 1..];
                rest.starts_with(v.as_bytes())
                    && matches!(rest.get(v.len()), Some(b'.' | b':' | b'}' | b'!' | b'['))
            })
    })
}

/// The template filled with the model, as pytm 1.4 fills it; or the first
/// error, at its place in the template.
pub fn render(
    template: Template,
    schema: &Schema,
    model: &Model,
    library: &Library,
    findings: &[Finding],
) -> Result<String, TemplateError> {
    let view = values::View::new(schema, model, library, findings);
    let renderer = render::Renderer { view: &view };
    match renderer.top(&parse::Text::source(template.source)) {
        Ok(text) => Ok(text.text),
        Err(e) => {
            let (line, column) = line_column(template.source, e.at as usize);
            Err(TemplateError {
                template: template.name.to_string(),
                line: Some(line),
                column: Some(column),
                message: e.message,
            })
        }
    }
}

/// The 1-based line and column (in characters) of a byte offset.
fn line_column(source: &str, at: usize) -> (usize, usize) {
    let mut at = at.min(source.len());
    while !source.is_char_boundary(at) {
        at -= 1;
    }
    let before = &source[..at];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

#[cfg(test)]
mod tests;
