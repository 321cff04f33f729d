//! `tmc report`: the model's threat-model report as Markdown (default) or
//! one self-contained HTML file, from the built-in templates or the user's
//! own (`--template`: minijinja, or a pytm report template). The report's
//! data and templates live in `tmc_output::report`, pytm's engine in
//! `tmc_output::pytm_template`; this module reads the template file,
//! picks the engine, renders, and maps failures to exit codes.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use tmc_compiler::category::Filter;
use tmc_output::pytm_template;
use tmc_output::report::{self, Format, RenderError, Scope, Template};

use crate::args::{ReportFormat, RuleArgs, TemplateFormat};
use crate::shared::{deliver, shown, with_findings, written_or_usage, Context, USAGE};
use crate::{outfile, progress, stream};

pub mod watch;

/// What a report shows: the findings of which categories (`--category`),
/// and how much of the model (`--summary`, `--full`; None leaves it to the
/// model's size, `Scope::of`).
pub struct Selection<'a> {
    pub categories: &'a Filter,
    pub scope: Option<Scope>,
}

impl Selection<'_> {
    pub fn new(categories: &Filter, summary: bool, full: bool) -> Selection<'_> {
        let scope = match (summary, full) {
            (true, _) => Some(Scope::Summary),
            (_, true) => Some(Scope::Full),
            _ => None,
        };
        Selection { categories, scope }
    }
}

pub fn run(
    ctx: &Context,
    files: &[PathBuf],
    format: ReportFormat,
    (template, template_format): (Option<&Path>, Option<TemplateFormat>),
    out: Option<&Path>,
    selection: &Selection,
    rules: &RuleArgs,
) -> std::io::Result<ExitCode> {
    let format = match format {
        ReportFormat::Markdown => Format::Markdown,
        ReportFormat::Html => Format::Html,
    };
    if let Some(template) = template {
        outfile::inputs::read(template);
    }
    let own = match template.map(read_template).transpose() {
        Ok(own) => own,
        Err(code) => return Ok(code),
    };
    let pytm = is_pytm(
        own.as_ref().map(|(_, source)| source.as_str()),
        template_format,
    );
    let template = match (&own, format) {
        (Some((name, source)), _) => Template { name, source },
        (None, Format::Markdown) => report::MARKDOWN,
        (None, Format::Html) => report::HTML,
    };
    // To a file: written as the template produces it (a temporary file,
    // renamed when complete). To stdout: rendered whole first, so that a
    // template failing halfway prints nothing rather than half a report.
    let mut rendered = None;
    let mut written = Ok(());
    let code = with_findings(ctx, files, rules, |c, model, findings| {
        let findings = selection.categories.findings(&c.library, findings);
        if pytm {
            // Rendered whole, then written: pytm's language builds its
            // text by expanding nested specs, never in a stream.
            let text = pytm_template::render(template, &c.schema, model, &c.library, &findings);
            rendered = Some(text);
            return Ok(());
        }
        let scope = Scope::of(model, selection.scope);
        let context = report::context(&c.schema, model, &c.library, &findings, scope);
        let Some(path) = out else {
            rendered = Some(report::render(template, format, &context));
            return Ok(());
        };
        let mut failed = None;
        written = stream::to(Some(path), |w| {
            match report::write(template, format, context, w) {
                Ok(()) => Ok(()),
                Err(RenderError::Write(e)) => Err(e),
                Err(RenderError::Template(e)) => {
                    failed = Some(e);
                    Err(std::io::Error::other("the template failed"))
                }
            }
        })?;
        rendered = failed.map(Err);
        Ok(())
    })?;
    progress::clear();
    match rendered {
        Some(Ok(text)) => deliver(code, Some(text), out),
        Some(Err(e)) => {
            eprintln!("error: {}", shown(e));
            if pytm {
                eprintln!(
                    "  = docs/report.md, \"pytm templates\", lists what a pytm template can read"
                );
            } else {
                eprintln!("  = docs/report.md lists every variable and filter a template can use");
            }
            Ok(ExitCode::from(USAGE))
        }
        None => Ok(written_or_usage(written, code)),
    }
}

/// Whether the user's template is a pytm one: as `--template-format`
/// says, else as its text looks.
pub fn is_pytm(source: Option<&str>, format: Option<TemplateFormat>) -> bool {
    match (source, format) {
        (None, _) | (_, Some(TemplateFormat::Jinja)) => false,
        (Some(_), Some(TemplateFormat::Pytm)) => true,
        (Some(source), None) => pytm_template::looks_like_pytm(source),
    }
}

/// The template's name (as given on the command line) and text, read as
/// models are: a regular file of UTF-8 text within the size limit.
fn read_template(path: &Path) -> Result<(String, String), ExitCode> {
    match tmc_compiler::RealFs::read_file(path) {
        Ok(text) => Ok((path.display().to_string(), text)),
        Err(e) => {
            eprintln!(
                "error: cannot read template `{}`: {e}",
                shown(path.display())
            );
            Err(ExitCode::from(USAGE))
        }
    }
}
