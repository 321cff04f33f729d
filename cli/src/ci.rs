//! What pipelines use: the `--fail-on SEVERITY` gate of `tmc check` and
//! `tmc threats`, their `--format sarif`, and `tmc sqldump`. The logic lives
//! in the compiler (`gate`, `output::sarif`, `output::sqlite`); this module
//! parses, prints and picks exit codes.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;
use tmc_compiler::category::Filter;
use tmc_compiler::{gate, output, Compilation, Finding};

use super::{outfile, with_findings, written_or_usage, Color, RuleArgs, OK, USAGE};

/// Exit code of `--fail-on` when open findings reach the threshold: apart
/// from 1 (the model does not compile) so a pipeline can tell them apart.
pub const FINDINGS_OPEN: u8 = 3;

/// How `tmc check` and `tmc threats` print.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FindingsFormat {
    Human,
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
}

/// A severity of the threat library (the stdlib's `Severity` enum), for
/// `--fail-on`. Matched without regard to case.
#[derive(Clone, Copy, ValueEnum)]
pub enum FailOn {
    #[value(alias = "verylow", alias = "very_low")]
    VeryLow,
    Low,
    Medium,
    High,
    #[value(alias = "veryhigh", alias = "very_high")]
    VeryHigh,
}

impl FailOn {
    /// The member of the stdlib's `Severity` enum.
    fn member(self) -> &'static str {
        match self {
            FailOn::VeryLow => "VeryLow",
            FailOn::Low => "Low",
            FailOn::Medium => "Medium",
            FailOn::High => "High",
            FailOn::VeryHigh => "VeryHigh",
        }
    }

    fn flag(self) -> String {
        let value = self.to_possible_value().expect("no variant is skipped");
        format!("--fail-on {}", value.get_name())
    }
}

/// Writes the SARIF log of a compiled model, with file URIs relative to
/// the current directory.
pub fn write_sarif(
    w: &mut dyn std::io::Write,
    c: &Compilation,
    model: &tmc_compiler::Model,
    findings: &[Finding],
) -> std::io::Result<()> {
    let base = std::env::current_dir()?;
    output::sarif::write_log(w, &c.sources, model, &c.library, findings, &base)
}

/// The exit code `--fail-on` asks for: `FINDINGS_OPEN` when open findings
/// are at or above the threshold (listed on stderr), else 0. `findings`
/// are those `--category` kept (`categories`, named in the message).
pub fn gate(
    c: &Compilation,
    findings: &[Finding],
    fail_on: Option<FailOn>,
    categories: &Filter,
) -> u8 {
    let Some(fail_on) = fail_on else { return OK };
    let Some(rank) = gate::severity_rank(&c.schema, fail_on.member()) else {
        eprintln!(
            "error: the stdlib's `{}` enum has no member `{}`; this is a bug in tmc",
            gate::SEVERITY_ENUM,
            fail_on.member()
        );
        return USAGE;
    };
    let blocking = gate::blocking(findings, rank);
    if blocking.is_empty() {
        return OK;
    }
    // Findings exist only for a compiled model.
    let ids: Vec<String> = match &c.model {
        Some(model) => blocking.iter().map(|f| f.id(&c.library, model)).collect(),
        None => Vec::new(),
    };
    let n = ids.len();
    let of = match categories.categories() {
        [] => String::new(),
        some => {
            let names: Vec<&str> = some.iter().map(|c| c.member).collect();
            format!(" of {}", names.join(", "))
        }
    };
    eprintln!(
        "error: {n} open finding{}{of} at or above {} ({}): {}",
        if n == 1 { "" } else { "s" },
        fail_on.member(),
        fail_on.flag(),
        ids.join(", ")
    );
    eprintln!("  = a finding is closed by an override with a `response`, or ruled out by an assumption's `exclude`");
    FINDINGS_OPEN
}

/// `tmc sqldump FILE... OUT`: writes the database only for a model without
/// errors; a target that cannot be written is a usage error (exit 2).
pub fn sqldump(
    files: &[PathBuf],
    out: &Path,
    rules: &RuleArgs,
    color: Color,
) -> std::io::Result<ExitCode> {
    // `tmc sqldump a.tm b.tm` forgot the database: say so before compiling
    // (`outfile` refuses any file the model was read from, whatever its name).
    if out.extension().is_some_and(|e| e == "tm") {
        eprintln!(
            "error: `{}` looks like a model file; refusing to overwrite it with a database",
            super::shown(out.display())
        );
        eprintln!(
            "  = usage: tmc sqldump MODEL.tm... OUT.sqlite (the last argument is the database)"
        );
        return Ok(ExitCode::from(USAGE));
    }
    let mut written = Ok(());
    let code = with_findings(files, rules, color, |c, model, findings| {
        let input = output::sqlite::Input {
            sources: &c.sources,
            model,
            library: &c.library,
            findings,
        };
        written = outfile::replace_by_name(out, |temporary| {
            output::sqlite::write(&input, temporary).map_err(|e| e.to_string())
        });
        Ok(())
    })?;
    Ok(written_or_usage(written, code))
}
