//! `tmc paths FILE... --from X --to Y`: the routes along the model's flows
//! from one set of elements to another, from `tmc_compiler::paths`. Exit 0
//! with the paths (none found is an answer, not an error), 1 when the model
//! has errors, 2 on a selector that names nothing (with a did-you-mean).

use std::path::PathBuf;
use std::process::ExitCode;

use tmc_compiler::paths;
use tmc_syntax::escape::terminal;

use crate::args::{Format, RuleArgs};
use crate::shared::{compile, emit, exit_code, print_diagnostics, refuse, Context};
use crate::shared::{MODEL_ERRORS, OK, USAGE};
use crate::timings;

/// What `tmc paths` was asked.
pub struct Ask<'a> {
    pub files: &'a [PathBuf],
    pub from: &'a str,
    pub to: &'a str,
    pub limits: paths::Limits,
    pub format: Format,
}

pub fn run(ctx: &Context, ask: &Ask) -> std::io::Result<ExitCode> {
    // The paths read the model alone: no threat library is loaded.
    let rules = RuleArgs {
        no_builtin_threats: true,
        ..RuleArgs::default()
    };
    let c = compile(ctx, ask.files, &rules);
    print_diagnostics(c, ctx.color)?;
    let code = exit_code(c);
    if code != OK {
        return Ok(ExitCode::from(code));
    }
    let found = timings::measure("paths", || paths::paths(c, ask.from, ask.to, ask.limits));
    match found {
        Ok(report) => {
            let text = match ask.format {
                Format::Human => terminal::text(&paths::render(&report)).into_owned(),
                Format::Json => serde_json::to_string_pretty(&paths::to_json(&report))? + "\n",
            };
            emit(&text)?;
            Ok(ExitCode::from(OK))
        }
        Err(unknown) => Ok(ExitCode::from(report_unknown(&unknown))),
    }
}

/// Prints why the paths could not be asked for, with its notes (the
/// did-you-mean and the levels); the exit code: 2 for a selector that
/// names nothing, 1 when there is no model. `tmc dfd --from --to` says it
/// the same way.
pub fn report_unknown(unknown: &paths::Unknown) -> u8 {
    refuse(&unknown.message(), &unknown.notes());
    match unknown {
        paths::Unknown::NoModel => MODEL_ERRORS,
        paths::Unknown::Selector(_) => USAGE,
    }
}
