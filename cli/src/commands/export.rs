//! `tmc export FORMAT MODEL.tm... [-o FILE]`: the model and its findings in
//! another tool's format (docs/interop.md). The conversions are
//! `tmc_output::otm` and `tmc_output::threat_dragon`; this file compiles,
//! warns about what the format has no place for, and writes.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use tmc_output::{otm, threat_dragon};

use crate::args::{ExportFormat, RuleArgs};
use crate::shared::{shown, with_findings, written_or_usage, Context};
use crate::{progress, stream};

/// Exit 0 when written (what was left out as warnings on stderr), 1 when
/// the model has errors, 2 when a file cannot be read or written.
pub fn run(
    ctx: &Context,
    format: ExportFormat,
    files: &[PathBuf],
    out: Option<&Path>,
    rules: &RuleArgs,
) -> std::io::Result<ExitCode> {
    let mut written = Ok(());
    let code = with_findings(ctx, files, rules, |c, model, findings| {
        progress::clear();
        let exported = match format {
            ExportFormat::Otm => otm::export(model, &c.library, findings),
            ExportFormat::ThreatDragon => threat_dragon::export(model, &c.library, findings),
        };
        for line in &exported.lost {
            eprintln!("warning: {}", shown(line));
        }
        written = stream::to(out, |w| exported.write(w))?;
        Ok(())
    })?;
    Ok(written_or_usage(written, code))
}
