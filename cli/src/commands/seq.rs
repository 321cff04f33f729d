//! `tmc seq`: draws the sequence diagram of the flows: PlantUML or Mermaid.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use tmc_diagram::ir;
use tmc_output::{mermaid, plantuml};

use crate::args::{RuleArgs, SeqFormat};
use crate::shared::{deliver, with_findings, Context};

pub fn run(
    ctx: &Context,
    files: &[PathBuf],
    format: SeqFormat,
    out: Option<&Path>,
) -> std::io::Result<ExitCode> {
    let mut text = None;
    let code = with_findings(ctx, files, &RuleArgs::default(), |c, model, _| {
        let seq = ir::seq(&c.schema, model);
        text = Some(match format {
            SeqFormat::Plantuml => plantuml::seq(&seq),
            SeqFormat::Mermaid => mermaid::seq(&seq),
        });
        Ok(())
    })?;
    deliver(code, text, out)
}
