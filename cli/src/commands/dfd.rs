//! `tmc dfd`: draws the data-flow diagram: Graphviz DOT, Mermaid or SVG.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use tmc_diagram::{ir, svg};
use tmc_output::{dot, mermaid};

use crate::args::{DfdFormat, RuleArgs};
use crate::shared::{deliver, with_findings, Context};

#[allow(clippy::too_many_arguments)]
pub fn run(
    ctx: &Context,
    files: &[PathBuf],
    format: DfdFormat,
    levels: &[i64],
    colormap: bool,
    out: Option<&Path>,
    rules: &RuleArgs,
) -> std::io::Result<ExitCode> {
    let mut options = ir::DfdOptions {
        colormap,
        ..Default::default()
    };
    if !levels.is_empty() {
        options.levels = levels.iter().copied().collect();
    }
    let mut text = None;
    let code = with_findings(ctx, files, rules, |c, model, findings| {
        let dfd = ir::dfd(&c.schema, model, findings, &options);
        text = Some(match format {
            DfdFormat::Dot => dot::render(&dfd),
            DfdFormat::Mermaid => mermaid::dfd(&dfd),
            DfdFormat::Svg => svg::render(&dfd),
        });
        Ok(())
    })?;
    deliver(code, text, out)
}
