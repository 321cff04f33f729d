//! Parity with pytm 1.4: every `tests/parity/NAME.tm` must give exactly the
//! findings pytm gives for the same model written in Python (`NAME.py`),
//! with pytm's library (`--library pytm`),
//! recorded in `NAME.expected` as sorted `THREAT_ID<TAB>element name` lines.
//! See tests/parity/README.md for how the fixtures are made and for the
//! known, deliberate differences the models steer clear of.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

fn parity_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/parity")
}

/// The models: every `.tm` directly in tests/parity, sorted by name.
fn models() -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = fs::read_dir(parity_dir())
        .expect("tests/parity is readable")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "tm"))
        .collect();
    found.sort();
    found
}

/// (threat id, target display name) of the reported (not excluded)
/// findings, with pytm's library (`--library pytm`).
fn tmc_findings(path: &Path) -> BTreeSet<(String, String)> {
    let mut options = tmc_compiler::Options::default();
    options.threats.library = Some(tmc_compiler::Builtin::Pytm);
    let compilation = tmc_compiler::compile(&[path.to_path_buf()], &options);
    let errors: Vec<String> = compilation
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("error[{}]: {}", d.code, d.message))
        .collect();
    assert!(
        errors.is_empty(),
        "{} does not compile:\n{}",
        path.display(),
        errors.join("\n")
    );
    let model = compilation.model.as_ref().expect("a compiled model");
    let findings = compilation.findings.as_ref().expect("findings");
    findings
        .iter()
        .filter(|f| !f.is_excluded())
        .map(|f| {
            (
                compilation.library.threats[f.threat].id.clone(),
                model.object(f.target).name.clone(),
            )
        })
        .collect()
}

/// The lines of NAME.expected, as (threat id, element name).
fn expected_findings(path: &Path) -> BTreeSet<(String, String)> {
    let text = fs::read_to_string(path).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e} (run tests/parity/generate.sh)",
            path.display()
        )
    });
    let mut set = BTreeSet::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.is_empty()) {
        let (id, name) = line.split_once('\t').unwrap_or_else(|| {
            panic!(
                "{}:{}: expected `THREAT_ID<TAB>element name`, found {line:?}",
                path.display(),
                n + 1
            )
        });
        let fresh = set.insert((id.to_string(), name.to_string()));
        assert!(
            fresh,
            "{}:{}: `{line}` is listed twice; give the model's elements and flows unique names",
            path.display(),
            n + 1
        );
    }
    set
}

fn show(lines: &[&(String, String)]) -> String {
    lines
        .iter()
        .map(|(id, name)| format!("    {id}\t{name}\n"))
        .collect()
}

#[test]
fn findings_match_pytm() {
    let models = models();
    assert!(
        !models.is_empty(),
        "no models in {}",
        parity_dir().display()
    );
    let mut failures = Vec::new();
    for tm in &models {
        let expected = expected_findings(&tm.with_extension("expected"));
        let actual = tmc_findings(tm);
        if expected == actual {
            continue;
        }
        let missing: Vec<_> = expected.difference(&actual).collect();
        let unexpected: Vec<_> = actual.difference(&expected).collect();
        let name = tm.file_name().unwrap_or_default().to_string_lossy();
        let mut report = format!(
            "{name}: tmc gives {} findings, pytm {}\n",
            actual.len(),
            expected.len()
        );
        if !missing.is_empty() {
            report += &format!(
                "  missing (pytm reports them, tmc does not):\n{}",
                show(&missing)
            );
        }
        if !unexpected.is_empty() {
            report += &format!(
                "  unexpected (tmc reports them, pytm does not):\n{}",
                show(&unexpected)
            );
        }
        failures.push(report);
    }
    assert!(
        failures.is_empty(),
        "findings differ from pytm 1.4:\n\n{}",
        failures.join("\n")
    );
}
