//! `tmc list-threats`: lists every threat of the library in use, as text or JSON.

use std::process::ExitCode;

use tmc_compiler::category::Filter;
use tmc_output::{json, text};

use crate::args::{Format, RuleArgs};
use crate::shared::{emit, exit_code, print_diagnostics, Context, OK};

pub fn run(
    ctx: &Context,
    format: Format,
    categories: &Filter,
    rules: &RuleArgs,
) -> std::io::Result<ExitCode> {
    let mut c = tmc_compiler::compile(&[], &ctx.options(rules));
    print_diagnostics(&c, ctx.color)?;
    let code = exit_code(&c);
    if code == OK {
        c.library.threats.retain(|t| categories.keeps(t));
        match format {
            Format::Human => emit(&text::library(&c.library, &ctx.options(rules).exclude))?,
            Format::Json => emit(&json::library(
                &c.sources,
                &c.library,
                &ctx.options(rules).exclude,
            )?)?,
        }
    }
    Ok(ExitCode::from(code))
}
