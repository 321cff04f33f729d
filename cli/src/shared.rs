//! What every command shares: the `Context` of the global flags, the exit
//! codes, compiling with the rules asked for, printing diagnostics, and
//! delivering an output to stdout or a file. Commands import this module;
//! it imports no command.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};
use tmc_compiler::triage::Date;
use tmc_compiler::{Compilation, Options};
use tmc_syntax::diagnostic;

use crate::args::{Color, RuleArgs};
use crate::{outfile, progress, stream, timings};

/// The global flags, built once in `main` and handed to each command.
#[derive(Clone, Copy)]
pub struct Context {
    /// `--color`: when to colour diagnostics.
    pub color: Color,
    /// `--allow-outside-imports`: imports, `threatsFile` and sources may
    /// be outside the folder of the root file.
    pub allow_outside_imports: bool,
    /// `--today`, else the date here: the day triages expire against.
    pub today: Date,
}

impl Context {
    /// The compiler's options for `rules`, under the global flags.
    pub fn options(&self, rules: &RuleArgs) -> Options {
        Options {
            today: Some(self.today),
            ..rules.options(self.allow_outside_imports)
        }
    }
}

/// Exit codes: 0 ok, 1 problems in the model, 2 usage or I/O errors
/// (`ci::FINDINGS_OPEN`, 3, is `--fail-on`'s).
pub const OK: u8 = 0;
pub const MODEL_ERRORS: u8 = 1;
pub const USAGE: u8 = 2;

/// Text from a model, a path or the command line, for a message on the
/// terminal: on one line, its control characters shown as `\u{1b}`.
pub fn shown(text: impl std::fmt::Display) -> String {
    tmc_syntax::escape::terminal::line(&text.to_string()).into_owned()
}

/// A refusal on stderr: `error: MESSAGE`, then a `  = NOTE` line for each
/// note (hints, what was looked for), each shown on one line.
pub fn refuse(message: &str, notes: &[String]) {
    eprintln!("error: {}", shown(message));
    for note in notes {
        eprintln!("  = {}", shown(note));
    }
}

/// Compiles, prints the diagnostics, and hands a sound result to `then`
/// (or returns the exit code of a failed compilation).
pub fn with_findings(
    ctx: &Context,
    files: &[PathBuf],
    rules: &RuleArgs,
    then: impl FnOnce(
        &Compilation,
        &tmc_compiler::Model,
        &[tmc_compiler::Finding],
    ) -> std::io::Result<()>,
) -> std::io::Result<ExitCode> {
    progress::phase("compiling and evaluating threat rules");
    let c = compile(ctx, files, rules);
    progress::clear();
    print_diagnostics(c, ctx.color)?;
    let code = exit_code(c);
    if let (OK, Some(model), Some(findings)) = (code, &c.model, &c.findings) {
        progress::phase("rendering");
        timings::measure("render", || then(c, model, findings))?;
        progress::clear();
    }
    Ok(ExitCode::from(code))
}

/// `code`, unless the output file could not be written: then that error,
/// and the usage exit code.
pub fn written_or_usage(written: Result<(), outfile::CannotWrite>, code: ExitCode) -> ExitCode {
    match written {
        Ok(()) => code,
        Err(e) => {
            e.report();
            ExitCode::from(USAGE)
        }
    }
}

/// Prints `text` or writes it to `out`; a file that cannot be written is a
/// usage error.
pub fn deliver(
    code: ExitCode,
    text: Option<String>,
    out: Option<&Path>,
) -> std::io::Result<ExitCode> {
    let Some(text) = text else { return Ok(code) };
    if out.is_none() {
        emit(&text)?;
        return Ok(code);
    }
    let written = stream::to(out, |w| w.write_all(text.as_bytes()))?;
    Ok(written_or_usage(written, code))
}

/// Compiles the model's files with the rules asked for, and notes every
/// file read, so that no output replaces one. The compilation lives until
/// the process exits: it is leaked rather than dropped, since freeing a
/// big model object by object only delays the exit.
pub fn compile(ctx: &Context, files: &[PathBuf], rules: &RuleArgs) -> &'static Compilation {
    let c = tmc_compiler::compile(files, &ctx.options(rules));
    timings::compiled(&c);
    for named in files.iter().chain(&rules.threat_files) {
        outfile::inputs::read(named);
    }
    outfile::inputs::read_sources(&c.sources);
    Box::leak(Box::new(c))
}

/// Writes to stdout; a closed pipe comes back as an error for `main`.
pub fn emit(text: &str) -> std::io::Result<()> {
    progress::clear();
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()
}

pub fn exit_code(c: &Compilation) -> u8 {
    if c.unreadable_roots > 0 {
        USAGE
    } else if c.has_errors() {
        MODEL_ERRORS
    } else {
        OK
    }
}

/// How to colour what goes to stderr.
pub fn color_choice(color: Color) -> ColorChoice {
    match color {
        Color::Always => ColorChoice::Always,
        Color::Never => ColorChoice::Never,
        Color::Auto if std::io::stderr().is_terminal() => ColorChoice::Auto,
        Color::Auto => ColorChoice::Never,
    }
}

pub fn print_diagnostics(c: &Compilation, color: Color) -> std::io::Result<()> {
    print_these(&c.sources, &c.diagnostics, color)
}

/// `diagnostics` (of files in `sources`) on stderr, and how many errors.
pub fn print_these(
    sources: &tmc_compiler::Sources,
    diagnostics: &[tmc_compiler::Diagnostic],
    color: Color,
) -> std::io::Result<()> {
    let mut stderr = StandardStream::stderr(color_choice(color));
    diagnostic::render_human(sources, diagnostics, &mut stderr)?;
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    if errors > 0 {
        writeln!(
            stderr,
            "{errors} error{} found",
            if errors == 1 { "" } else { "s" }
        )?;
    }
    Ok(())
}

/// The stdlib's schema, or exit 2 if the embedded stdlib is broken (a bug
/// in tmc itself, shown with its diagnostics rather than a panic).
pub fn schema() -> Result<tmc_compiler::Schema, ExitCode> {
    let (schema, sources, diags) = tmc_compiler::stdlib_schema();
    if diags.iter().any(|d| d.is_error()) {
        eprint!("{}", diagnostic::render_plain(&sources, &diags));
        eprintln!("error: the built-in stdlib does not compile; this is a bug in tmc");
        return Err(ExitCode::from(USAGE));
    }
    Ok(schema)
}

/// The text of a file another tool wrote, for the importers: read as
/// models are (a regular file of UTF-8 text within the size limit) and
/// recorded as an input; when it cannot be read, the error is printed and
/// the exit code returned.
pub fn read_import(input: &Path) -> Result<String, ExitCode> {
    outfile::inputs::read(input);
    tmc_compiler::RealFs::read_file(input).map_err(|e| {
        eprintln!("error: cannot read `{}`: {e}", shown(input.display()));
        ExitCode::from(USAGE)
    })
}
