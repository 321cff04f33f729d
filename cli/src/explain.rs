//! `tmc explain THREAT ELEMENT FILE...`: why a threat did or did not fire
//! on one element, from `tmc_compiler::explain`. Exit 0 with the
//! explanation (whatever the verdict), 1 when the model has errors, 2 on
//! a threat or element id that names nothing (with a did-you-mean).

use std::path::PathBuf;
use std::process::ExitCode;

use tmc_compiler::escape::terminal;
use tmc_compiler::explain;

pub fn run(
    threat: &str,
    element: &str,
    files: &[PathBuf],
    format: super::Format,
    rules: &super::RuleArgs,
    color: super::Color,
) -> std::io::Result<ExitCode> {
    let c = super::compile(files, rules);
    super::print_diagnostics(c, color)?;
    let code = super::exit_code(c);
    if code != super::OK {
        return Ok(ExitCode::from(code));
    }
    let exclude = rules.options().exclude;
    match explain::explain(c, &exclude, threat, element) {
        Ok(e) => {
            let text = match format {
                super::Format::Human => terminal::text(&explain::render(&e)).into_owned(),
                super::Format::Json => serde_json::to_string_pretty(&explain::to_json(&e))? + "\n",
            };
            super::emit(&text)?;
            Ok(ExitCode::from(super::OK))
        }
        Err(unknown) => {
            eprintln!("error: {}", super::shown(unknown.message()));
            for note in unknown.notes() {
                eprintln!("  = {}", super::shown(note));
            }
            let code = match unknown {
                explain::Unknown::NoFindings => super::MODEL_ERRORS,
                _ => super::USAGE,
            };
            Ok(ExitCode::from(code))
        }
    }
}
