//! `tmc report`: golden files of the Markdown report of every example model
//! and of the HTML report of examples/webapp.tm, byte-identical reruns,
//! `-o`, a user's template, and template errors (file:line:col, exit 2).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn tmc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tmc"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("tmc runs")
}

fn stdout_of(args: &[&str]) -> String {
    let o = tmc(args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "tmc {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        o.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).expect("UTF-8")
}

/// Every model under examples/ and tests/parity/, sorted.
fn models() -> Vec<String> {
    let mut out = Vec::new();
    for dir in ["examples", "tests/parity"] {
        for e in std::fs::read_dir(root().join(dir)).unwrap().flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.ends_with(".tm") {
                out.push(format!("{dir}/{name}"));
            }
        }
    }
    out.sort();
    out
}

fn snapshot_name(model: &str, what: &str) -> String {
    let stem = model.trim_end_matches(".tm").replace('/', "_");
    format!("{what}__{stem}")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tmc-report-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Lines with a `<` that is neither escaped nor in a code span: Markdown
/// would pass them on as raw HTML.
fn raw_html(md: &str) -> Vec<&str> {
    md.lines()
        .filter(|line| {
            let text = line.replace("\\<", "");
            text.split('`')
                .step_by(2)
                .any(|outside| outside.contains('<'))
        })
        .collect()
}

#[test]
fn markdown_golden_files() {
    for model in models() {
        let md = stdout_of(&["report", &model]);
        assert!(md.starts_with("# Threat model: "), "{model}");
        assert!(md.contains("```mermaid\nflowchart LR\n"), "{model}");
        assert_eq!(raw_html(&md), Vec::<&str>::new(), "{model}: raw HTML");
        insta::assert_snapshot!(snapshot_name(&model, "report_md"), md);
    }
}

#[test]
fn html_golden_file() {
    let html = stdout_of(&["report", "examples/webapp.tm", "--format", "html"]);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    for external in ["<script", "<link", "src=\"http", "@import", "url(http"] {
        assert!(!html.contains(external), "the HTML loads {external}");
    }
    insta::assert_snapshot!("report_html__examples_webapp", html);
}

#[test]
fn reports_are_byte_identical_between_runs() {
    for model in models() {
        for format in ["markdown", "html"] {
            let args = ["report", model.as_str(), "--format", format];
            assert_eq!(stdout_of(&args), stdout_of(&args), "{args:?}");
        }
    }
}

#[test]
fn excluded_and_overridden_findings_are_marked() {
    let dir = temp_dir("marks");
    let model = dir.join("marks.tm");
    std::fs::write(
        &model,
        r#"model "Marks" {
  description = "One server with a recorded response and an assumption."
  assumptions = [{ name = "No Windows here" exclude = ["AC08"] }]
}
Actor user "User"
Server web "Web" {
  overrides = [{ threat_id = "AA01" response = "Mitigated by the SSO proxy" cvss = "5.3" }]
}
flow user -> web "Request" { protocol = "HTTPS" dstPort = 443 }
"#,
    )
    .unwrap();
    let path = model.to_str().unwrap();
    let md = stdout_of(&["report", path]);
    assert!(md.contains("**Status:** overridden"), "{md}");
    assert!(
        md.contains("**Response:** Mitigated by the SSO proxy"),
        "{md}"
    );
    assert!(
        md.contains("excluded by the assumption \"No Windows here\""),
        "{md}"
    );
    assert!(md.contains("| HTTPS | 443 |"), "{md}");
    let html = stdout_of(&["report", path, "--format", "html"]);
    assert!(html.contains("status-overridden") && html.contains("finding excluded"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn output_file() {
    let dir = temp_dir("out");
    let out = dir.join("report.md");
    let o = tmc(&["report", "examples/webapp.tm", "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout.is_empty() && o.stderr.is_empty());
    let written = std::fs::read_to_string(&out).unwrap();
    assert_eq!(written, stdout_of(&["report", "examples/webapp.tm"]));
    let bad = dir.join("missing/report.md");
    let o = tmc(&["report", "examples/webapp.tm", "-o", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot write"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_template_failing_halfway_leaves_the_output_file_alone() {
    let dir = temp_dir("half");
    // Renders a heading, then fails on an undefined variable.
    let template = dir.join("half.md.j2");
    std::fs::write(&template, "# {{ model.name }}\n{{ nosuch }}\n").unwrap();
    let out = dir.join("report.md");
    std::fs::write(&out, "the previous report").unwrap();
    let o = tmc(&[
        "report",
        "examples/webapp.tm",
        "--template",
        template.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("half.md.j2:2"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "the previous report"
    );
    let left: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert_eq!(left.len(), 2, "no temporary file is left behind: {left:?}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn custom_template() {
    let dir = temp_dir("custom");
    let template = dir.join("top.md.j2");
    std::fs::write(
        &template,
        "# {{ model.name | md }}\n\
         {% for s in summary.severities if s.count %}\n\
         - {{ s.severity }}: {{ s.count }}\n\
         {% endfor %}\n\
         {% for f in flows %}\n\
         {{ f.from }} -> {{ f.to }} ({{ f.protocol }}{% if f.port is not none %}:{{ f.port }}{% endif %})\n\
         {% endfor %}\n",
    )
    .unwrap();
    let out = stdout_of(&[
        "report",
        "examples/webapp.tm",
        "--template",
        template.to_str().unwrap(),
    ]);
    insta::assert_snapshot!("report_custom_template", out);
    // With --format html the same template's values are HTML-escaped.
    std::fs::write(&template, "{{ flows[0].from }} & {{ \"<b>\" }}\n").unwrap();
    let html = stdout_of(&[
        "report",
        "examples/webapp.tm",
        "--format",
        "html",
        "--template",
        template.to_str().unwrap(),
    ]);
    assert_eq!(html, "User & &lt;b&gt;\n");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn template_errors_name_file_and_line() {
    let dir = temp_dir("errors");
    let cases = [
        // A misspelt variable: strict undefined, not a blank.
        ("typo.md.j2", "# Report\n\nSee {{ modle.name }}\n", ":3:"),
        // A syntax error.
        ("syntax.md.j2", "line one\n{% for x in flows %}\n", ":2"),
        // A misspelt field of a defined object.
        (
            "field.md.j2",
            "{% for f in flows %}\n{{ f.prot }}\n{% endfor %}\n",
            ":2:",
        ),
        // No loader: templates cannot read files.
        ("include.md.j2", "{% include \"/etc/passwd\" %}\n", ":1:"),
    ];
    for (name, text, at) in cases {
        let template = dir.join(name);
        std::fs::write(&template, text).unwrap();
        let path = template.to_str().unwrap();
        let o = tmc(&["report", "examples/webapp.tm", "--template", path]);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{name}: {stderr}");
        assert!(o.stdout.is_empty(), "{name}");
        assert!(
            stderr.contains(&format!("error: {path}{at}")),
            "{name}: {stderr}"
        );
    }
    let o = tmc(&[
        "report",
        "examples/webapp.tm",
        "--template",
        dir.join("none.j2").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot read template"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn model_errors_give_no_report() {
    let o = tmc(&["report", "tests/fixtures/syntax_error.tm"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
}

#[test]
fn no_progress_output_when_stderr_is_not_a_terminal() {
    let o = tmc(&["report", "tests/parity/bank.tm"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stderr.is_empty());
}
