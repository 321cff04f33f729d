//! What pipelines use, shared by `tmc check` and `tmc threats`: the
//! `--fail-on SEVERITY` gate and `--format sarif`. The logic lives in the
//! compiler (`gate`, `output::sarif`); this module prints and picks exit
//! codes.

use tmc_compiler::category::Filter;
use tmc_compiler::{gate, Compilation, Finding};
use tmc_output::sarif;

use crate::args::FailOn;
use crate::shared::{OK, USAGE};

/// Exit code of `--fail-on` when open findings reach the threshold: apart
/// from 1 (the model does not compile) so a pipeline can tell them apart.
pub const FINDINGS_OPEN: u8 = 3;

/// Writes the SARIF log of a compiled model, with file URIs relative to
/// the current directory.
pub fn write_sarif(
    w: &mut dyn std::io::Write,
    c: &Compilation,
    model: &tmc_compiler::Model,
    findings: &[Finding],
) -> std::io::Result<()> {
    let base = std::env::current_dir()?;
    sarif::write_log(w, &c.sources, model, &c.library, findings, &base)
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
    eprintln!("  = a finding is closed by a `Triage` (mitigated, accepted, transferred, false-positive or not-applicable) until its `reviewBy` date, an override's `response`, or an assumption's `exclude`");
    FINDINGS_OPEN
}
