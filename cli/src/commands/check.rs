//! `tmc check`: checks models; prints "ok" and a summary, or every error.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use tmc_compiler::category::Filter;
use tmc_syntax::diagnostic;

use crate::args::{FailOn, FindingsFormat, RuleArgs};
use crate::ci;
use crate::pick::{self, StatusPick};
use crate::shared::{
    compile, deliver, exit_code, print_diagnostics, shown, written_or_usage, Context, OK,
};
use crate::stream;

#[allow(clippy::too_many_arguments)]
pub fn run(
    ctx: &Context,
    files: &[PathBuf],
    format: FindingsFormat,
    fail_on: Option<FailOn>,
    out: Option<&Path>,
    categories: &Filter,
    statuses: &[StatusPick],
    rules: &RuleArgs,
) -> std::io::Result<ExitCode> {
    let c = compile(ctx, files, rules);
    let code = exit_code(c);
    let kept = c
        .findings
        .as_deref()
        .map(|found| categories.findings(&c.library, found));
    let sound = c.model.as_ref().zip(kept.as_deref()).filter(|_| code == OK);
    let text = match format {
        FindingsFormat::Human => {
            print_diagnostics(c, ctx.color)?;
            sound.map(|(model, _)| {
                let names: Vec<String> = files.iter().map(|f| shown(f.display())).collect();
                format!("ok: {}: {}\n", names.join(", "), model.summary())
            })
        }
        FindingsFormat::Sarif => {
            print_diagnostics(c, ctx.color)?;
            let Some((model, findings)) = sound else {
                return Ok(ExitCode::from(code));
            };
            let gate = ci::gate(c, findings, fail_on, categories);
            // `--status` picks what the log lists; the gate judged them all.
            let listed = pick::by_status(findings, statuses);
            let written = stream::to(out, |w| ci::write_sarif(w, c, model, &listed))?;
            return Ok(written_or_usage(written, ExitCode::from(code.max(gate))));
        }
        FindingsFormat::Json => {
            let diagnostics: Vec<_> = c
                .diagnostics
                .iter()
                .map(|d| diagnostic::to_json(&c.sources, d))
                .collect();
            let summary = c.model.as_ref().filter(|_| code == OK).map(|m| {
                let s = m.summary();
                serde_json::json!({
                    "elements": s.elements, "flows": s.flows,
                    "boundaries": s.boundaries, "data": s.data,
                })
            });
            let out = serde_json::json!({
                "ok": code == OK,
                "summary": summary,
                "diagnostics": diagnostics,
            });
            Some(serde_json::to_string_pretty(&out)? + "\n")
        }
    };
    let gate = sound.map_or(OK, |(_, findings)| {
        ci::gate(c, findings, fail_on, categories)
    });
    deliver(ExitCode::from(code.max(gate)), text, out)
}
