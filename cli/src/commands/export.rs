//! `tmc export FORMAT MODEL.tm... [-o FILE]`: the model and its findings in
//! another tool's format (docs/interop.md). The conversions are
//! `tmc_output::otm` and `tmc_output::threat_dragon`; this file compiles,
//! warns about what the format has no place for, and writes.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use tmc_output::{otm, threat_dragon};

use crate::args::{ExportFormat, RuleArgs};
use crate::outfile::CannotWrite;
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
        written = match format {
            ExportFormat::Otm => {
                let e = otm::export(model, &c.library, findings);
                write(&e.lost, out, |w| e.write(w))?
            }
            ExportFormat::ThreatDragon => {
                let e = threat_dragon::export(model, &c.library, findings);
                write(&e.lost, out, |w| e.write(w))?
            }
        };
        Ok(())
    })?;
    Ok(written_or_usage(written, code))
}

/// Warns about what the format left out (`lost`), then writes the document.
fn write(
    lost: &[String],
    out: Option<&Path>,
    document: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> std::io::Result<Result<(), CannotWrite>> {
    for line in lost {
        eprintln!("warning: {}", shown(line));
    }
    stream::to(out, document)
}
