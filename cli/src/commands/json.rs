//! `tmc json`: the model and its findings as one JSON document (docs/json.md).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use tmc_compiler::category::Filter;
use tmc_output::json;

use crate::args::RuleArgs;
use crate::shared::{with_findings, written_or_usage, Context};
use crate::{progress, stream};

pub fn run(
    ctx: &Context,
    files: &[PathBuf],
    out: Option<&Path>,
    categories: &Filter,
    rules: &RuleArgs,
) -> std::io::Result<ExitCode> {
    // Written while it is produced: on a large model the document is far
    // larger than the model.
    let mut written = Ok(());
    let code = with_findings(ctx, files, rules, |c, model, findings| {
        progress::clear();
        let findings = &categories.findings(&c.library, findings)[..];
        written = stream::to(out, |w| {
            json::write_document(w, &c.sources, model, &c.library, findings)
        })?;
        Ok(())
    })?;
    Ok(written_or_usage(written, code))
}
