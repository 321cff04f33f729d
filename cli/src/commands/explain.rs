//! `tmc explain THREAT ELEMENT FILE...`: why a threat did or did not fire
//! on one element, from `tmc_compiler::explain`. Exit 0 with the
//! explanation (whatever the verdict), 1 when the model has errors, 2 on
//! a threat or element id that names nothing (with a did-you-mean).

use std::path::PathBuf;
use std::process::ExitCode;

use tmc_compiler::explain;
use tmc_syntax::escape::terminal;

use crate::args::{Format, RuleArgs};
use crate::shared::{compile, emit, exit_code, print_diagnostics, refuse, Context};
use crate::shared::{MODEL_ERRORS, OK, USAGE};

pub fn run(
    ctx: &Context,
    threat: &str,
    element: &str,
    files: &[PathBuf],
    format: Format,
    rules: &RuleArgs,
) -> std::io::Result<ExitCode> {
    let c = compile(ctx, files, rules);
    print_diagnostics(c, ctx.color)?;
    let code = exit_code(c);
    if code != OK {
        return Ok(ExitCode::from(code));
    }
    let exclude = ctx.options(rules).exclude;
    match explain::explain(c, &exclude, threat, element) {
        Ok(e) => {
            let text = match format {
                Format::Human => terminal::text(&explain::render(&e)).into_owned(),
                Format::Json => serde_json::to_string_pretty(&explain::to_json(&e))? + "\n",
            };
            emit(&text)?;
            Ok(ExitCode::from(OK))
        }
        Err(unknown) => {
            refuse(&unknown.message(), &unknown.notes());
            let code = match unknown {
                explain::Unknown::NoFindings => MODEL_ERRORS,
                _ => USAGE,
            };
            Ok(ExitCode::from(code))
        }
    }
}
