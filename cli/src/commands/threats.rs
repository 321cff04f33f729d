//! `tmc threats`: the findings of a model, one line each (or JSON, SARIF),
//! those of some statuses only (`--status`, `--expiring`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use tmc_compiler::category::Filter;
use tmc_output::{json, text};

use crate::args::{FailOn, FindingsFormat, RuleArgs};
use crate::ci;
use crate::pick::Picks;
use crate::shared::{with_findings, written_or_usage, Context, OK};
use crate::{progress, stream};

#[allow(clippy::too_many_arguments)]
pub fn run(
    ctx: &Context,
    files: &[PathBuf],
    format: FindingsFormat,
    fail_on: Option<FailOn>,
    out: Option<&Path>,
    categories: &Filter,
    picks: Picks,
    rules: &RuleArgs,
) -> std::io::Result<ExitCode> {
    // Written while it is produced: for a large model the findings as
    // JSON or SARIF run to hundreds of megabytes.
    let (mut written, mut gate) = (Ok(()), OK);
    let code = with_findings(ctx, files, rules, |c, model, findings| {
        progress::clear();
        let findings = &categories.findings(&c.library, findings)[..];
        let (shown, due) = picks.apply(findings, ctx.today);
        written = stream::to(out, |w| match format {
            FindingsFormat::Human => {
                text::write_findings(w, model, &c.library, &shown)?;
                match &due {
                    Some(line) => w.write_all(line.as_bytes()),
                    None => Ok(()),
                }
            }
            FindingsFormat::Json => json::write_findings(w, &c.sources, model, &c.library, &shown),
            FindingsFormat::Sarif => ci::write_sarif(w, c, model, &shown),
        })?;
        // The gate judges every finding of the kept categories, whatever
        // `--status` and `--expiring` print.
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
