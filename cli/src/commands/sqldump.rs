//! `tmc sqldump`: the model, library and findings as an SQLite database.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use tmc_output::sqlite;

use crate::args::RuleArgs;
use crate::outfile;
use crate::shared::{shown, with_findings, written_or_usage, Context, USAGE};

/// `tmc sqldump FILE... OUT`: writes the database only for a model without
/// errors; a target that cannot be written is a usage error (exit 2).
pub fn run(
    ctx: &Context,
    files: &[PathBuf],
    out: &Path,
    rules: &RuleArgs,
) -> std::io::Result<ExitCode> {
    // `tmc sqldump a.tm b.tm` forgot the database: say so before compiling
    // (`outfile` refuses any file the model was read from, whatever its name).
    if out.extension().is_some_and(|e| e == "tm") {
        eprintln!(
            "error: `{}` looks like a model file; refusing to overwrite it with a database",
            shown(out.display())
        );
        eprintln!(
            "  = usage: tmc sqldump MODEL.tm... OUT.sqlite (the last argument is the database)"
        );
        return Ok(ExitCode::from(USAGE));
    }
    let mut written = Ok(());
    let code = with_findings(ctx, files, rules, |c, model, findings| {
        let input = sqlite::Input {
            sources: &c.sources,
            model,
            library: &c.library,
            findings,
        };
        written = outfile::replace_by_name(out, |temporary| {
            sqlite::write(&input, temporary).map_err(|e| e.to_string())
        });
        Ok(())
    })?;
    Ok(written_or_usage(written, code))
}
