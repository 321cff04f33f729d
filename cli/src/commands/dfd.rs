//! `tmc dfd`: draws the data-flow diagram: Graphviz DOT, Mermaid or SVG.
//! With `--from` and `--to` it highlights the paths `tmc paths` finds
//! between them (`tmc_compiler::paths`), or one of them (`--path K`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use tmc_compiler::paths::{self, Report};
use tmc_compiler::Compilation;
use tmc_diagram::ir::{self, Highlight};
use tmc_diagram::svg;
use tmc_output::{dot, mermaid};

use crate::args::{DfdFormat, RouteArgs, RuleArgs};
use crate::commands::paths::report_unknown;
use crate::shared::{deliver, with_findings, Context, USAGE};
use crate::timings;

#[allow(clippy::too_many_arguments)]
pub fn run(
    ctx: &Context,
    files: &[PathBuf],
    format: DfdFormat,
    levels: &[i64],
    colormap: bool,
    route: &RouteArgs,
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
    let mut refused = None;
    let code = with_findings(ctx, files, rules, |c, model, findings| {
        let mut dfd = ir::dfd(&c.schema, model, findings, &options);
        match highlight(c, route) {
            Ok(Some(h)) => dfd = ir::highlight(dfd, h),
            Ok(None) => {}
            Err(code) => {
                refused = Some(code);
                return Ok(());
            }
        }
        text = Some(match format {
            DfdFormat::Dot => dot::render(&dfd),
            DfdFormat::Mermaid => mermaid::dfd(&dfd),
            DfdFormat::Svg => svg::render(&dfd),
        });
        Ok(())
    })?;
    match refused {
        Some(code) => Ok(ExitCode::from(code)),
        None => deliver(code, text, out),
    }
}

/// The paths to highlight, when `--from` and `--to` ask for some: `None`
/// for the plain diagram (also when no path is found, with a note on
/// stderr); an exit code after printing why the ask is refused.
fn highlight(c: &Compilation, route: &RouteArgs) -> Result<Option<Highlight>, u8> {
    let (Some(from), Some(to)) = (&route.from, &route.to) else {
        return Ok(None);
    };
    let limits = paths::Limits {
        max_hops: route.max_hops,
        max_paths: route.max_paths,
        responses: route.responses,
    };
    let report = timings::measure("paths", || paths::paths(c, from, to, limits))
        .map_err(|u| report_unknown(&u))?;
    if report.paths.is_empty() {
        eprintln!("note: {}", nothing_found(&report, from, to));
        return Ok(None);
    }
    let chosen: Vec<&paths::Shown> = match route.path {
        None => report.paths.iter().collect(),
        Some(k) => match k.checked_sub(1).and_then(|i| report.paths.get(i)) {
            Some(p) => vec![p],
            None => {
                eprintln!(
                    "error: there is no path {k}: {} found from `{from}` to `{to}`",
                    count(&report)
                );
                eprintln!("  = hint: `tmc paths` lists them, numbered from 1");
                return Err(USAGE);
            }
        },
    };
    Ok(Some(of_paths(&chosen)))
}

/// The note when no path is found, with the shortest beyond `--max-hops`
/// when there is one.
fn nothing_found(report: &Report, from: &str, to: &str) -> String {
    let hops = |n: usize| {
        if n == 1 {
            "1 hop".to_string()
        } else {
            format!("{n} hops")
        }
    };
    let within = hops(report.limits.max_hops);
    let beyond = match report.shortest {
        Some(n) if n > report.limits.max_hops => {
            format!(" (the shortest takes {}: raise --max-hops)", hops(n))
        }
        _ => String::new(),
    };
    format!("no path from `{from}` to `{to}` within {within}{beyond}; the diagram is drawn without a highlight")
}

/// "1 path" or "3 paths".
fn count(report: &Report) -> String {
    match report.paths.len() {
        1 => "1 path".to_string(),
        n => format!("{n} paths"),
    }
}

/// The highlight of these paths: their elements and flows, their first
/// and last elements, and each one's weakest hop.
fn of_paths(chosen: &[&paths::Shown]) -> Highlight {
    let mut h = Highlight::default();
    for p in chosen {
        h.elements.extend(p.elements.iter().cloned());
        h.flows.extend(p.hops.iter().map(|hop| hop.flow.clone()));
        h.starts.extend(p.elements.first().cloned());
        h.ends.extend(p.elements.last().cloned());
        if let Some(w) = &p.weakest {
            h.weakest.insert(p.hops[w.hop].flow.clone(), w.label());
        }
    }
    h
}
