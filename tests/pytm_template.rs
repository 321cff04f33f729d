//! `tmc report --template` with pytm report templates: on every model of
//! tests/parity/templates/*.expected (rendered by pytm 1.4 itself, see
//! tests/parity/README.md), tmc writes the same bytes as pytm; the
//! language is detected, or forced by `--template-format`; errors name
//! the template's line and column and write nothing.

#[path = "support/run.rs"]
mod run;

use std::path::{Path, PathBuf};

use run::tmc;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// (template, model, expected file), for every expected file.
fn cases() -> Vec<(String, String, PathBuf)> {
    let dir = root().join("tests/parity/templates");
    let mut out = Vec::new();
    for e in std::fs::read_dir(&dir).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".expected") else {
            continue;
        };
        let (template, model) = stem.split_once('.').expect("TEMPLATE.MODEL.expected");
        out.push((
            format!("tests/parity/templates/{template}.md"),
            format!("tests/parity/{model}.tm"),
            e.path(),
        ));
    }
    out.sort();
    out
}

#[test]
fn every_template_renders_what_pytm_renders_byte_for_byte() {
    let cases = cases();
    assert!(cases.len() >= 6, "{cases:?}");
    let mut failed = Vec::new();
    for (template, model, expected) in &cases {
        let o = tmc(&["report", model, "--template", template]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{template} on {model}: {}",
            run::stderr(&o)
        );
        let want = std::fs::read(expected).unwrap();
        if o.stdout != want {
            let got = run::stdout(&o);
            let want = String::from_utf8_lossy(&want);
            let line = got
                .lines()
                .zip(want.lines())
                .position(|(a, b)| a != b)
                .unwrap_or_else(|| got.lines().count().min(want.lines().count()));
            failed.push(format!(
                "{template} on {model}: first difference at line {}:\n  tmc:  {:?}\n  pytm: {:?}",
                line + 1,
                got.lines().nth(line),
                want.lines().nth(line)
            ));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[test]
fn every_template_renders_every_parity_model() {
    // pytm 1.4 cannot render these models (README.md); tmc can, with
    // every reported finding once, in `findings` and under its element.
    for model in ["bank", "iot", "webapp"] {
        let model = format!("tests/parity/{model}.tm");
        let json = tmc(&["json", &model]);
        let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
        let reported = json["findings"].as_array().unwrap().len();
        let o = tmc(&[
            "report",
            &model,
            "--template",
            "tests/parity/templates/findings.md",
        ]);
        assert_eq!(o.status.code(), Some(0), "{model}: {}", run::stderr(&o));
        let text = run::stdout(&o);
        assert_eq!(text.matches("\n### ").count(), reported, "{model}");
        assert_eq!(
            text.matches("\n- ").count(),
            reported + json["excluded_findings"].as_array().unwrap().len(),
            "{model}"
        );
        for template in ["overview", "nesting"] {
            let template = format!("tests/parity/templates/{template}.md");
            let o = tmc(&["report", &model, "--template", &template]);
            assert_eq!(
                o.status.code(),
                Some(0),
                "{template} on {model}: {}",
                run::stderr(&o)
            );
        }
    }
}

fn scratch(name: &str, template: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tmc-pytm-template-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("t.md");
    std::fs::write(&path, template).unwrap();
    path
}

#[test]
fn the_language_is_detected_or_forced() {
    let t = scratch("detect", "name: {tm.name}\n");
    let t = t.to_str().unwrap();
    let model = "tests/parity/clinic.tm";
    let pytm = tmc(&["report", model, "--template", t]);
    assert_eq!(run::stdout(&pytm), "name: Clinic bookings\n");
    let forced = tmc(&[
        "report",
        model,
        "--template",
        t,
        "--template-format",
        "pytm",
    ]);
    assert_eq!(forced.stdout, pytm.stdout);
    // As minijinja, single braces are plain text.
    let jinja = tmc(&[
        "report",
        model,
        "--template",
        t,
        "--template-format",
        "jinja",
    ]);
    assert_eq!(run::stdout(&jinja), "name: {tm.name}\n");
    // No pytm variable in a single-brace field: minijinja, unless forced.
    let t = scratch("force", "{{ model.name }}\n");
    let t = t.to_str().unwrap();
    let jinja = tmc(&["report", model, "--template", t]);
    assert_eq!(run::stdout(&jinja), "Clinic bookings\n");
    let pytm = tmc(&[
        "report",
        model,
        "--template",
        t,
        "--template-format",
        "pytm",
    ]);
    assert_eq!(run::stdout(&pytm), "{ model.name }\n");
}

#[test]
fn errors_name_the_place_and_write_nothing() {
    let cases = [
        (
            "attr",
            "# {tm.name}\n{dataflows:repeat:\n  {{item.colour}}\n}\n",
            ":3:10: AttributeError: `Dataflow` has no attribute `colour`",
            "dstPort",
        ),
        (
            "helper",
            "{actors:repeat:{{item:call:getColour}}}",
            ":1:28: AttributeError: ReportUtils has no helper `getColour`",
            "getFindingCount",
        ),
        (
            "variable",
            "{tm.name}{threat.name}",
            ":1:11: KeyError: no variable `threat`",
            "dataflows",
        ),
        ("brace", "{tm.name}\n}", ":2:1: Single '}' encountered", ""),
        (
            "depth",
            "{tm.name:{tm.name:{tm.name}}}",
            ":1:19: Max string recursion exceeded",
            "",
        ),
        ("spec", "{tm.name:d}", ":1:1: Unknown format code 'd'", ""),
        (
            "whole",
            "{tm.name}{elements:repeat:{{item.findings}}}",
            ":1:27: ",
            "memory address",
        ),
    ];
    for (name, template, place, hint) in cases {
        let t = scratch(name, template);
        let out = t.with_file_name("out.md");
        let o = tmc(&[
            "report",
            "tests/parity/clinic.tm",
            "--template",
            t.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]);
        let stderr = run::stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{name}: {stderr}");
        assert!(stderr.contains(&format!("t.md{place}")), "{name}: {stderr}");
        assert!(stderr.contains(hint), "{name}: {stderr}");
        assert!(!out.exists(), "{name}: wrote {}", out.display());
        assert!(o.stdout.is_empty(), "{name}");
    }
}
