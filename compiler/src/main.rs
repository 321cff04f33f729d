//! `tmc`: the command line, a thin layer over `tmc_compiler`. It parses
//! arguments, calls the compiler, prints, and picks the exit code:
//! 0 ok, 1 problems in the model, 2 usage or I/O errors.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};
use tmc_compiler::{describe, diagnostic, suggest, Compilation};

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
        /// How to print the result.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
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
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check { files, format } => check(&files, format, cli.color),
        Command::Describe { name, format } => describe_cmd(&name, format),
        Command::ListElements => list_elements(),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

const OK: u8 = 0;
const MODEL_ERRORS: u8 = 1;
const USAGE: u8 = 2;

fn check(files: &[PathBuf], format: Format, color: Color) -> std::io::Result<ExitCode> {
    let c = tmc_compiler::compile(files);
    let code = exit_code(&c);
    match format {
        Format::Human => {
            print_diagnostics(&c, color)?;
            if let (OK, Some(model)) = (code, &c.model) {
                let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
                println!("ok: {}: {}", names.join(", "), model.summary());
            }
        }
        Format::Json => {
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
            println!("{}", serde_json::to_string_pretty(&out)?);
        }
    }
    Ok(ExitCode::from(code))
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

fn print_diagnostics(c: &Compilation, color: Color) -> std::io::Result<()> {
    let choice = match color {
        Color::Always => ColorChoice::Always,
        Color::Never => ColorChoice::Never,
        Color::Auto if std::io::stderr().is_terminal() => ColorChoice::Auto,
        Color::Auto => ColorChoice::Never,
    };
    let mut stderr = StandardStream::stderr(choice);
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
            print!("{text}");
            Ok(ExitCode::from(OK))
        }
        None => {
            eprintln!("error: no kind, record or enum is named `{name}`");
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
    print!("{}", describe::list_elements(&schema));
    Ok(ExitCode::from(OK))
}
