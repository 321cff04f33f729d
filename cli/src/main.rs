//! `tmc`: the command line, a thin layer over `tmc_compiler`. It parses
//! arguments, calls the compiler, prints, and picks the exit code:
//! 0 ok, 1 problems in the model, 2 usage or I/O errors, 3 open findings
//! at or above `--fail-on`. `tmc lsp` hands
//! stdin/stdout to the language server in `tmc_lsp`.

mod allocator;
mod ci;
mod diff;
mod explain;
mod format_choice;
mod import_pytm;
mod outfile;
mod progress;
mod report;
mod stale;
mod stream;
mod test;
mod timings;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};
use tmc_compiler::category::Filter;
use tmc_compiler::stdlib::Builtin;
use tmc_compiler::{describe, diagnostic, output, suggest, Compilation, Options, ThreatSources};

#[derive(Parser)]
#[command(
    name = "tmc",
    version,
    about = "Threat modeling as code: compile .tm models, find threats, draw diagrams"
)]
struct Cli {
    /// When to colour diagnostics.
    #[arg(long, value_enum, global = true, default_value_t = Color::Auto)]
    color: Color,
    /// Print how long each phase took on stderr (for benchmarks).
    #[arg(long, global = true)]
    timings: bool,
    /// Let imports and `threatsFile` read files outside the folder of the
    /// root file (refused by default; see docs/robustness.md).
    #[arg(long, global = true)]
    allow_outside_imports: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check models: print "ok" and a summary, or every error found.
    Check {
        /// The .tm files to check (their imports are followed).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// How to print the result (`sarif`: the findings as SARIF 2.1.0).
        /// Default: from the --output file's extension (.json, .sarif), else human.
        #[arg(long, value_enum)]
        format: Option<ci::FindingsFormat>,
        /// Exit 3 if a finding at or above this severity is open (not ruled out by an assumption, no override `response`).
        #[arg(long, value_enum, ignore_case = true, value_name = "SEVERITY")]
        fail_on: Option<ci::FailOn>,
        /// Write to this file instead of stdout.
        #[arg(short, long)]
        output: Option<PathBuf>,
        #[command(flatten)]
        categories: CategoryArgs,
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// Find the threats of a model: one line per finding.
    Threats {
        /// The model's .tm files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// How to print the findings (`sarif`: SARIF 2.1.0, for code scanning).
        /// Default: from the --output file's extension (.json, .sarif), else human.
        #[arg(long, value_enum)]
        format: Option<ci::FindingsFormat>,
        /// Exit 3 if a finding at or above this severity is open (not ruled out by an assumption, no override `response`).
        #[arg(long, value_enum, ignore_case = true, value_name = "SEVERITY")]
        fail_on: Option<ci::FailOn>,
        /// Write to this file instead of stdout.
        #[arg(short, long)]
        output: Option<PathBuf>,
        #[command(flatten)]
        categories: CategoryArgs,
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// Write the model and its findings as JSON (see docs/json.md).
    Json {
        /// The model's .tm files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Write to this file instead of stdout.
        #[arg(short, long)]
        output: Option<PathBuf>,
        #[command(flatten)]
        categories: CategoryArgs,
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// Draw the data-flow diagram: Graphviz DOT (default), Mermaid or SVG.
    Dfd {
        /// The model's .tm files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Default: from the --output file's extension (.dot, .gv, .mmd, .svg), else dot.
        #[arg(long, value_enum)]
        format: Option<DfdFormat>,
        /// Draw only elements on these levels (their `levels` attribute; default 0).
        #[arg(long, num_args = 1.., value_name = "LEVEL")]
        levels: Vec<i64>,
        /// Fill each element with the colour of its worst finding.
        #[arg(long)]
        colormap: bool,
        /// Write to this file instead of stdout.
        #[arg(short, long)]
        output: Option<PathBuf>,
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// Draw the sequence diagram of the flows: PlantUML (default) or Mermaid.
    Seq {
        /// The model's .tm files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Default: from the --output file's extension (.puml, .mmd), else plantuml.
        #[arg(long, value_enum)]
        format: Option<SeqFormat>,
        /// Write to this file instead of stdout.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Why a threat did or did not fire on one element: its condition
    /// evaluated there, step by step, and the verdict.
    Explain {
        /// The threat's id, e.g. INP02.
        threat: String,
        /// The element, boundary or flow, by identifier (a flow written
        /// without a name is `source->sink`, as in finding ids).
        element: String,
        /// The model's .tm files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Text (default) or JSON (see docs/rules.md).
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// List every threat of the library in use.
    #[command(alias = "list")]
    ListThreats {
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        #[command(flatten)]
        categories: CategoryArgs,
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// Show the attributes of a kind, or the fields or members of a record or enum.
    Describe {
        /// e.g. Server, Dataflow, Controls, Classification.
        name: String,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// List every element kind the stdlib declares.
    ListElements,
    /// Rewrite .tm files in the canonical layout (`-` or no file: stdin to stdout).
    Fmt {
        /// The .tm files to format in place.
        files: Vec<PathBuf>,
        /// Write nothing: list the files that are not formatted, exit 1 if any.
        #[arg(long)]
        check: bool,
    },
    /// Run the language server on stdin/stdout (for editors).
    Lsp,
    /// Write the model, the threat library and the findings to an SQLite database (docs/sqldump.md).
    Sqldump {
        /// The model's .tm files.
        #[arg(required = true, num_args = 1..)]
        files: Vec<PathBuf>,
        /// The database file to write; an existing file is replaced.
        output: PathBuf,
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// Convert the JSON of `pytm --json` into a formatted .tm model.
    ImportPytm {
        /// The JSON file pytm wrote.
        input: PathBuf,
        /// Write to this file instead of stdout.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Compare two models: objects, attributes and findings added, removed or changed.
    Diff {
        /// The model before (its root .tm file).
        old: PathBuf,
        /// The model after.
        new: PathBuf,
        /// Markdown-friendly text (default) or JSON (docs/diff.md).
        #[arg(long, value_enum, default_value_t = diff::DiffFormat::Text)]
        format: diff::DiffFormat,
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// List elements whose source files changed more than N days after the model.
    Stale {
        /// The model's root .tm file.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// How many days a source file may be newer than the model.
        #[arg(long, default_value_t = 0)]
        days: u32,
    },
    /// Run rule tests: models with `Expect` declarations (docs/rules.md); no file: the built-in library's own.
    Test {
        /// The test files, each compiled as a model of its own.
        files: Vec<PathBuf>,
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// Write the threat-model report: Markdown (default) or one HTML file.
    Report {
        /// The model's .tm files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Default: from the --output file's extension (.html, .md), else markdown.
        #[arg(long, value_enum)]
        format: Option<report::ReportFormat>,
        /// Render with this minijinja template instead of the built-in one (docs/report.md).
        #[arg(long, value_name = "FILE")]
        template: Option<PathBuf>,
        /// Write to this file instead of stdout.
        #[arg(short, long)]
        output: Option<PathBuf>,
        #[command(flatten)]
        categories: CategoryArgs,
        #[command(flatten)]
        rules: RuleArgs,
    },
}

/// Which threat rules to run.
#[derive(Args, Clone, Default)]
struct RuleArgs {
    /// Add the threats and predicates of this rule file (repeatable).
    #[arg(long = "threats", value_name = "FILE")]
    threat_files: Vec<PathBuf>,
    /// Do not load the built-in threat library (use only --threats files).
    #[arg(long)]
    no_builtin_threats: bool,
    /// Which built-in library runs; default: the model's `library`, else tmc.
    #[arg(long, value_enum, value_name = "NAME")]
    library: Option<LibraryChoice>,
    /// Leave out these threat ids, e.g. `--exclude INP01,DE01`.
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    exclude: Vec<String>,
}

/// `--category`: which threat categories to keep.
#[derive(Args, Clone, Default)]
struct CategoryArgs {
    /// Keep only threats of these categories (repeatable or comma-separated):
    /// STRIDE's Spoofing, Tampering, Repudiation, InformationDisclosure,
    /// DenialOfService, ElevationOfPrivilege (or S, T, R, I, D, E) and
    /// LINDDUN's Linking, Identifying, NonRepudiation, Detecting,
    /// DataDisclosure, Unawareness, NonCompliance; any case.
    #[arg(long = "category", value_delimiter = ',', value_name = "CATEGORY", value_parser = parse_category)]
    categories: Vec<tmc_compiler::category::Category>,
}

impl CategoryArgs {
    fn filter(&self) -> tmc_compiler::category::Filter {
        tmc_compiler::category::Filter::new(self.categories.clone())
    }
}

fn parse_category(text: &str) -> Result<tmc_compiler::category::Category, String> {
    tmc_compiler::category::Category::parse(text)
}

/// `--allow-outside-imports`, global to every command that compiles.
static ALLOW_OUTSIDE_IMPORTS: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(false);

impl RuleArgs {
    fn options(&self) -> Options {
        Options {
            threats: ThreatSources {
                builtin: !self.no_builtin_threats,
                library: self.library.map(LibraryChoice::builtin),
                files: self.threat_files.clone(),
            },
            exclude: self.exclude.iter().map(|s| s.trim().to_string()).collect(),
            allow_outside_imports: ALLOW_OUTSIDE_IMPORTS.load(std::sync::atomic::Ordering::Relaxed),
            ..Options::default()
        }
    }
}

/// `--library`: the built-in threat libraries.
#[derive(Clone, Copy, ValueEnum)]
enum LibraryChoice {
    /// tmc's own library (the default).
    Tmc,
    /// pytm 1.4's 114 threats, findings identical to pytm's.
    Pytm,
}

impl LibraryChoice {
    fn builtin(self) -> Builtin {
        match self {
            LibraryChoice::Tmc => Builtin::Tmc,
            LibraryChoice::Pytm => Builtin::Pytm,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum DfdFormat {
    Dot,
    Mermaid,
    Svg,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum SeqFormat {
    Plantuml,
    Mermaid,
}

#[derive(Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

/// Stack for the thread that does the work: input nested up to the
/// 256-level limit (docs/robustness.md) needs a few MiB in a debug build,
/// more than some platforms give the main thread (1 MiB on Windows).
const STACK: usize = 64 << 20;

fn main() -> ExitCode {
    match std::thread::Builder::new().stack_size(STACK).spawn(run) {
        Ok(worker) => worker
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        Err(_) => run(),
    }
}

fn run() -> ExitCode {
    let cli = Cli::parse();
    if !matches!(cli.command, Command::Lsp) {
        allocator::tune_for_batch();
        // Before any other thread: started when the first output file was
        // opened, amid the renderers, the watcher made the SARIF of a 10k
        // model 18% slower to write (glibc placed the renderers' heaps
        // worse). A failure shows when an output file is opened.
        let _ = outfile::watch_signals();
    }
    if cli.timings {
        timings::enable();
    }
    ALLOW_OUTSIDE_IMPORTS.store(
        cli.allow_outside_imports,
        std::sync::atomic::Ordering::Relaxed,
    );
    let result = match cli.command {
        Command::Check {
            files,
            format,
            fail_on,
            output,
            categories,
            rules,
        } => check(
            &files,
            format_choice::choose(format, output.as_deref()),
            fail_on,
            output.as_deref(),
            &categories.filter(),
            &rules,
            cli.color,
        ),
        Command::Threats {
            files,
            format,
            fail_on,
            output,
            categories,
            rules,
        } => threats(
            &files,
            format_choice::choose(format, output.as_deref()),
            fail_on,
            output.as_deref(),
            &categories.filter(),
            &rules,
            cli.color,
        ),
        Command::Json {
            files,
            output,
            categories,
            rules,
        } => json(
            &files,
            output.as_deref(),
            &categories.filter(),
            &rules,
            cli.color,
        ),
        Command::Dfd {
            files,
            format,
            levels,
            colormap,
            output,
            rules,
        } => dfd(
            &files,
            format_choice::choose(format, output.as_deref()),
            &levels,
            colormap,
            output.as_deref(),
            &rules,
            cli.color,
        ),
        Command::Seq {
            files,
            format,
            output,
        } => seq(
            &files,
            format_choice::choose(format, output.as_deref()),
            output.as_deref(),
            cli.color,
        ),
        Command::Explain {
            threat,
            element,
            files,
            format,
            rules,
        } => explain::run(&threat, &element, &files, format, &rules, cli.color),
        Command::ListThreats {
            format,
            categories,
            rules,
        } => list_threats(format, &categories.filter(), &rules, cli.color),
        Command::Describe { name, format } => describe_cmd(&name, format),
        Command::ListElements => list_elements(),
        Command::Fmt { files, check } => fmt(&files, check, cli.color),
        Command::Lsp => tmc_lsp::run_stdio().map(ExitCode::from),
        Command::Sqldump {
            files,
            output,
            rules,
        } => ci::sqldump(&files, &output, &rules, cli.color),
        Command::ImportPytm { input, output } => import_pytm::run(&input, output.as_deref()),
        Command::Diff {
            old,
            new,
            format,
            rules,
        } => diff::run(&old, &new, format, &rules, cli.color),
        Command::Stale { files, days } => stale::run(&files, days, cli.color),
        Command::Test { files, rules } => test::run(&files, &rules, cli.color),
        Command::Report {
            files,
            format,
            template,
            output,
            categories,
            rules,
        } => report::run(
            &files,
            format_choice::choose(format, output.as_deref()),
            template.as_deref(),
            output.as_deref(),
            &categories.filter(),
            &rules,
            cli.color,
        ),
    };
    timings::total();
    match result {
        Ok(code) => code,
        // The reader went away (`tmc threats app.tm | head`): not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::from(OK),
        Err(e) => {
            eprintln!("error: {}", shown(e));
            ExitCode::from(2)
        }
    }
}

const OK: u8 = 0;
const MODEL_ERRORS: u8 = 1;
const USAGE: u8 = 2;

/// Text from a model, a path or the command line, for a message on the
/// terminal: on one line, its control characters shown as `\u{1b}`.
fn shown(text: impl std::fmt::Display) -> String {
    tmc_compiler::escape::terminal::line(&text.to_string()).into_owned()
}

#[allow(clippy::too_many_arguments)]
fn check(
    files: &[PathBuf],
    format: ci::FindingsFormat,
    fail_on: Option<ci::FailOn>,
    out: Option<&Path>,
    categories: &Filter,
    rules: &RuleArgs,
    color: Color,
) -> std::io::Result<ExitCode> {
    let c = compile(files, rules);
    let code = exit_code(c);
    let kept = c
        .findings
        .as_deref()
        .map(|found| categories.findings(&c.library, found));
    let sound = c.model.as_ref().zip(kept.as_deref()).filter(|_| code == OK);
    let text = match format {
        ci::FindingsFormat::Human => {
            print_diagnostics(c, color)?;
            sound.map(|(model, _)| {
                let names: Vec<String> = files.iter().map(|f| shown(f.display())).collect();
                format!("ok: {}: {}\n", names.join(", "), model.summary())
            })
        }
        ci::FindingsFormat::Sarif => {
            print_diagnostics(c, color)?;
            let Some((model, findings)) = sound else {
                return Ok(ExitCode::from(code));
            };
            let gate = ci::gate(c, findings, fail_on, categories);
            let written = stream::to(out, |w| ci::write_sarif(w, c, model, findings))?;
            return Ok(written_or_usage(written, ExitCode::from(code.max(gate))));
        }
        ci::FindingsFormat::Json => {
            let diagnostics: Vec<_> = c
                .diagnostics
                .iter()
                .map(|d| diagnostic::to_json(&c.sources, d))
                .collect();
            let summary = c.model.as_ref().filter(|_| code == OK).map(|m| {
                let s = m.summary();
                serde_json::json!({
                    "elements": s.elements, "flows": s.flows,
                    "boundaries": s.boundaries, "data": s.data,
                })
            });
            let out = serde_json::json!({
                "ok": code == OK,
                "summary": summary,
                "diagnostics": diagnostics,
            });
            Some(serde_json::to_string_pretty(&out)? + "\n")
        }
    };
    let gate = sound.map_or(OK, |(_, findings)| {
        ci::gate(c, findings, fail_on, categories)
    });
    deliver(ExitCode::from(code.max(gate)), text, out)
}

/// Compiles, prints the diagnostics, and hands a sound result to `then`
/// (or returns the exit code of a failed compilation).
fn with_findings(
    files: &[PathBuf],
    rules: &RuleArgs,
    color: Color,
    then: impl FnOnce(
        &Compilation,
        &tmc_compiler::Model,
        &[tmc_compiler::Finding],
    ) -> std::io::Result<()>,
) -> std::io::Result<ExitCode> {
    progress::phase("compiling and evaluating threat rules");
    let c = compile(files, rules);
    progress::clear();
    print_diagnostics(c, color)?;
    let code = exit_code(c);
    if let (OK, Some(model), Some(findings)) = (code, &c.model, &c.findings) {
        progress::phase("rendering");
        timings::measure("render", || then(c, model, findings))?;
        progress::clear();
    }
    Ok(ExitCode::from(code))
}

#[allow(clippy::too_many_arguments)]
fn threats(
    files: &[PathBuf],
    format: ci::FindingsFormat,
    fail_on: Option<ci::FailOn>,
    out: Option<&Path>,
    categories: &Filter,
    rules: &RuleArgs,
    color: Color,
) -> std::io::Result<ExitCode> {
    // Written while it is produced: for a large model the findings as
    // JSON or SARIF run to hundreds of megabytes.
    let (mut written, mut gate) = (Ok(()), OK);
    let code = with_findings(files, rules, color, |c, model, findings| {
        progress::clear();
        let findings = &categories.findings(&c.library, findings)[..];
        written = stream::to(out, |w| match format {
            ci::FindingsFormat::Human => {
                output::text::write_findings(w, model, &c.library, findings)
            }
            ci::FindingsFormat::Json => {
                output::json::write_findings(w, &c.sources, model, &c.library, findings)
            }
            ci::FindingsFormat::Sarif => ci::write_sarif(w, c, model, findings),
        })?;
        gate = ci::gate(c, findings, fail_on, categories);
        Ok(())
    })?;
    let code = if gate == OK {
        code
    } else {
        ExitCode::from(gate)
    };
    Ok(written_or_usage(written, code))
}

/// `code`, unless the output file could not be written: then that error,
/// and the usage exit code.
fn written_or_usage(written: Result<(), outfile::CannotWrite>, code: ExitCode) -> ExitCode {
    match written {
        Ok(()) => code,
        Err(e) => {
            e.report();
            ExitCode::from(USAGE)
        }
    }
}

fn json(
    files: &[PathBuf],
    out: Option<&Path>,
    categories: &Filter,
    rules: &RuleArgs,
    color: Color,
) -> std::io::Result<ExitCode> {
    // Written while it is produced: on a large model the document is far
    // larger than the model.
    let mut written = Ok(());
    let code = with_findings(files, rules, color, |c, model, findings| {
        progress::clear();
        let findings = &categories.findings(&c.library, findings)[..];
        written = stream::to(out, |w| {
            output::json::write_document(w, &c.sources, model, &c.library, findings)
        })?;
        Ok(())
    })?;
    Ok(written_or_usage(written, code))
}

#[allow(clippy::too_many_arguments)]
fn dfd(
    files: &[PathBuf],
    format: DfdFormat,
    levels: &[i64],
    colormap: bool,
    out: Option<&Path>,
    rules: &RuleArgs,
    color: Color,
) -> std::io::Result<ExitCode> {
    let mut options = output::diagram::DfdOptions {
        colormap,
        ..Default::default()
    };
    if !levels.is_empty() {
        options.levels = levels.iter().copied().collect();
    }
    let mut text = None;
    let code = with_findings(files, rules, color, |c, model, findings| {
        let dfd = output::diagram::dfd(&c.schema, model, findings, &options);
        text = Some(match format {
            DfdFormat::Dot => output::dot::render(&dfd),
            DfdFormat::Mermaid => output::mermaid::dfd(&dfd),
            DfdFormat::Svg => output::svg::render(&dfd),
        });
        Ok(())
    })?;
    deliver(code, text, out)
}

fn seq(
    files: &[PathBuf],
    format: SeqFormat,
    out: Option<&Path>,
    color: Color,
) -> std::io::Result<ExitCode> {
    let mut text = None;
    let code = with_findings(files, &RuleArgs::default(), color, |c, model, _| {
        let seq = output::diagram::seq(&c.schema, model);
        text = Some(match format {
            SeqFormat::Plantuml => output::plantuml::seq(&seq),
            SeqFormat::Mermaid => output::mermaid::seq(&seq),
        });
        Ok(())
    })?;
    deliver(code, text, out)
}

/// Prints `text` or writes it to `out`; a file that cannot be written is a
/// usage error.
fn deliver(code: ExitCode, text: Option<String>, out: Option<&Path>) -> std::io::Result<ExitCode> {
    let Some(text) = text else { return Ok(code) };
    if out.is_none() {
        emit(&text)?;
        return Ok(code);
    }
    let written = stream::to(out, |w| w.write_all(text.as_bytes()))?;
    Ok(written_or_usage(written, code))
}

fn list_threats(
    format: Format,
    categories: &Filter,
    rules: &RuleArgs,
    color: Color,
) -> std::io::Result<ExitCode> {
    let mut c = tmc_compiler::compile(&[], &rules.options());
    print_diagnostics(&c, color)?;
    let code = exit_code(&c);
    if code == OK {
        c.library.threats.retain(|t| categories.keeps(t));
        match format {
            Format::Human => emit(&output::text::library(&c.library, &rules.options().exclude))?,
            Format::Json => emit(&output::json::library(
                &c.sources,
                &c.library,
                &rules.options().exclude,
            )?)?,
        }
    }
    Ok(ExitCode::from(code))
}

/// Compiles the model's files with the rules asked for, and notes every
/// file read, so that no output replaces one. The compilation lives until
/// the process exits: it is leaked rather than dropped, since freeing a
/// big model object by object only delays the exit.
fn compile(files: &[PathBuf], rules: &RuleArgs) -> &'static Compilation {
    let c = tmc_compiler::compile(files, &rules.options());
    timings::compiled(&c);
    for named in files.iter().chain(&rules.threat_files) {
        outfile::inputs::read(named);
    }
    outfile::inputs::read_sources(&c.sources);
    Box::leak(Box::new(c))
}

/// Writes to stdout; a closed pipe comes back as an error for `main`.
fn emit(text: &str) -> std::io::Result<()> {
    progress::clear();
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()
}

fn exit_code(c: &Compilation) -> u8 {
    if c.unreadable_roots > 0 {
        USAGE
    } else if c.has_errors() {
        MODEL_ERRORS
    } else {
        OK
    }
}

/// How to colour what goes to stderr.
fn color_choice(color: Color) -> ColorChoice {
    match color {
        Color::Always => ColorChoice::Always,
        Color::Never => ColorChoice::Never,
        Color::Auto if std::io::stderr().is_terminal() => ColorChoice::Auto,
        Color::Auto => ColorChoice::Never,
    }
}

fn print_diagnostics(c: &Compilation, color: Color) -> std::io::Result<()> {
    let mut stderr = StandardStream::stderr(color_choice(color));
    diagnostic::render_human(&c.sources, &c.diagnostics, &mut stderr)?;
    let errors = c.diagnostics.iter().filter(|d| d.is_error()).count();
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
fn schema() -> Result<tmc_compiler::Schema, ExitCode> {
    let (schema, sources, diags) = tmc_compiler::stdlib_schema();
    if diags.iter().any(|d| d.is_error()) {
        eprint!("{}", diagnostic::render_plain(&sources, &diags));
        eprintln!("error: the built-in stdlib does not compile; this is a bug in tmc");
        return Err(ExitCode::from(USAGE));
    }
    Ok(schema)
}

fn describe_cmd(name: &str, format: Format) -> std::io::Result<ExitCode> {
    let schema = match schema() {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let found = match format {
        Format::Human => describe::describe(&schema, name),
        Format::Json => describe::describe_json(&schema, name).map(|j| {
            serde_json::to_string_pretty(&j).expect("JSON values always serialize") + "\n"
        }),
    };
    match found {
        Some(text) => {
            emit(&text)?;
            Ok(ExitCode::from(OK))
        }
        None => {
            eprintln!("error: no kind, record or enum is named `{}`", shown(name));
            if let Some(hint) = suggest::did_you_mean(name, describe::describable(&schema)) {
                eprintln!("  = {hint}");
            }
            eprintln!("  = `tmc list-elements` lists every kind");
            Ok(ExitCode::from(USAGE))
        }
    }
}

fn list_elements() -> std::io::Result<ExitCode> {
    let schema = match schema() {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    emit(&describe::list_elements(&schema))?;
    Ok(ExitCode::from(OK))
}

/// `tmc fmt`: formats each file in place (only when it changes), or stdin
/// to stdout. With `--check`, writes nothing and lists the files that are
/// not formatted. Exit 1 on a syntax error or an unformatted file (with
/// `--check`), 2 when a file cannot be read or written.
fn fmt(files: &[PathBuf], check: bool, color: Color) -> std::io::Result<ExitCode> {
    let stdin = Path::new("-");
    let targets: Vec<&Path> = if files.is_empty() {
        vec![stdin]
    } else {
        files.iter().map(PathBuf::as_path).collect()
    };
    let choice = color_choice(color);
    let (mut errors, mut unformatted, mut io_failed) = (0, false, false);
    for path in targets {
        let from_stdin = path == stdin;
        let name = if from_stdin {
            "<stdin>".to_string()
        } else {
            shown(path.display())
        };
        let read = if from_stdin {
            // The same limits as files: a size cap, and where the first
            // byte that is not UTF-8 is.
            tmc_compiler::files::read_text(std::io::stdin().lock(), 0)
        } else {
            // Through the compiler's reader: a regular file only, the size
            // limit, and where the first byte that is not UTF-8 is.
            tmc_compiler::files::read_file(path)
        };
        let text = match read {
            Ok(text) => text,
            Err(e) => {
                eprintln!("error: cannot read `{name}`: {e}");
                io_failed = true;
                continue;
            }
        };
        match tmc_compiler::format::format(&text) {
            Err(d) => {
                let mut sources = tmc_compiler::Sources::new();
                sources.add(name, text);
                let mut stderr = StandardStream::stderr(choice);
                diagnostic::render_human(&sources, &[d], &mut stderr)?;
                errors += 1;
            }
            Ok(out) if out == text && !from_stdin => {}
            Ok(out) if check => {
                if out != text {
                    emit(&format!("{name}\n"))?;
                    unformatted = true;
                }
            }
            Ok(out) if from_stdin => emit(&out)?,
            Ok(out) => {
                // Replaced whole, keeping its permissions (`outfile`).
                if let Err(e) = stream::to(Some(path), |w| w.write_all(out.as_bytes()))? {
                    e.report();
                    io_failed = true;
                }
            }
        }
    }
    if errors > 0 {
        let mut stderr = StandardStream::stderr(choice);
        writeln!(
            stderr,
            "{errors} error{} found",
            if errors == 1 { "" } else { "s" }
        )?;
    }
    Ok(ExitCode::from(if io_failed {
        USAGE
    } else if errors > 0 || unformatted {
        MODEL_ERRORS
    } else {
        OK
    }))
}
