//! `tmc diff OLD NEW`: compiles two models and prints what changed
//! (`tmc_compiler::diff`). Exit codes as diff(1): 0 same, 1 different,
//! 2 trouble (a model does not compile, a file cannot be read).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use tmc_compiler::diff::{self, Side};

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum DiffFormat {
    /// Markdown-friendly text, for a terminal or a pull-request comment.
    Text,
    /// One JSON document (docs/diff.md).
    Json,
}

pub fn run(
    old: &Path,
    new: &Path,
    format: DiffFormat,
    rules: &super::RuleArgs,
    color: super::Color,
) -> std::io::Result<ExitCode> {
    let options = rules.options();
    let a = tmc_compiler::compile(&[PathBuf::from(old)], &options);
    let b = tmc_compiler::compile(&[PathBuf::from(new)], &options);
    super::print_diagnostics(&a, color)?;
    super::print_diagnostics(&b, color)?;
    let sides = [&a, &b].map(|c| match (&c.model, &c.findings) {
        (Some(model), Some(findings)) if super::exit_code(c) == super::OK => Some(Side {
            model,
            library: &c.library,
            findings,
        }),
        _ => None,
    });
    let [Some(before), Some(after)] = sides else {
        eprintln!("error: cannot compare models that do not compile");
        return Ok(ExitCode::from(super::USAGE));
    };
    let d = diff::diff(&before, &after);
    let (old_name, new_name) = (old.display().to_string(), new.display().to_string());
    let text = match format {
        DiffFormat::Text => {
            let text = diff::render_text(&d, &old_name, &new_name);
            tmc_compiler::escape::terminal::text(&text).into_owned()
        }
        DiffFormat::Json => {
            serde_json::to_string_pretty(&diff::render_json(&d, &old_name, &new_name))? + "\n"
        }
    };
    super::emit(&text)?;
    Ok(ExitCode::from(if d.is_empty() { 0 } else { 1 }))
}
