//! `tmc report`: golden files of the Markdown report of every example model
//! and of the HTML report of examples/webapp.tm, byte-identical reruns,
//! `-o`, a user's template, and template errors (file:line:col, exit 2).
//! Checked on every model in both formats: every finding is listed with
//! its severity, likelihood and status, every threat's texts appear once,
//! and every in-page link has its target.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tmc_output::escape::html::html_text;
use tmc_output::escape::markdown::markdown_text;

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

/// Examples written to show how to model a system: every check of this
/// file runs on them, but they have no golden files, whose findings (and
/// severity colours) would move with every change of tmc's library.
/// tests/cli.rs checks that they compile without a warning.
const NO_GOLDEN: [&str; 2] = ["examples/llm-agent.tm", "examples/saas.tm"];

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
        if !NO_GOLDEN.contains(&model.as_str()) {
            insta::assert_snapshot!(snapshot_name(&model, "report_md"), md);
        }
    }
}

#[test]
fn html_golden_file() {
    let html = stdout_of(&["report", "examples/webapp.tm", "--format", "html"]);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    for external in ["<script src", "<link", "src=\"http", "@import", "url(http"] {
        assert!(!html.contains(external), "the HTML loads {external}");
    }
    // One inline script, which fetches nothing.
    assert_eq!(html.matches("<script").count(), 1);
    for fetching in [
        "fetch(",
        "XMLHttpRequest",
        "import(",
        "new Image",
        "WebSocket",
    ] {
        assert!(!html.contains(fetching), "the script uses {fetching}");
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

/// A model with a recorded response, an override with its own texts and
/// severity, and an assumption.
const OVERRIDES: &str = r#"model "Marks" {
  description = "One server with recorded responses and an assumption."
  assumptions = [{ name = "Banners are stripped by the proxy" exclude = ["DS03"] }]
}
Actor user "User"
Server web "Web" {
  overrides = [
    { threat_id = "AA01" response = "Mitigated by the SSO proxy" cvss = "5.3" },
    {
      threat_id = "INP05"
      response = "Accepted until the Q3 rewrite"
      severity = Medium
      description = "SQL injection into the legacy search"
      details = """
        The legacy search builds its query by concatenation.

        Only staff reach it, through the VPN.
        """
      mitigations = "Search runs under a read-only `db_reader` account."
      example = "A staff member types `' OR 1=1 --` and sees <every> row."
      references = "https://tickets.example.com/SEC-42"
    },
  ]
}
flow user -> web "Request" { protocol = "HTTPS" dstPort = 443 }
Datastore db "DB" { type = SQL }
flow web -> db "Query"
"#;

#[test]
fn excluded_and_overridden_findings_are_marked() {
    let dir = temp_dir("marks");
    let model = dir.join("marks.tm");
    std::fs::write(&model, OVERRIDES).unwrap();
    let path = model.to_str().unwrap();
    let md = stdout_of(&["report", path]);
    assert!(
        md.contains("| S | High | High | mitigated | `AA01@web` |"),
        "{md}"
    );
    assert!(
        md.contains("- `AA01@web` (Requests from untrusted parties accepted without authentication; STRIDE S): **Response:** Mitigated by the SSO proxy · **CVSS:** 5.3\n"),
        "{md}"
    );
    assert!(
        md.contains("- [DS03](#ds03): Footprinting of an internet-facing server (Medium; STRIDE I), excluded by the assumption \"Banners are stripped by the proxy\""),
        "{md}"
    );
    assert!(md.contains("| HTTPS | 443 |"), "{md}");
    let html = stdout_of(&["report", path, "--format", "html"]);
    assert!(html.contains("status-overridden") && html.contains("finding excluded"));
    assert!(html.contains(
        "<strong>Response:</strong> Mitigated by the SSO proxy · <strong>CVSS:</strong> 5.3"
    ));
    std::fs::remove_dir_all(&dir).ok();
}

/// The cells of the first Markdown table row with a cell `first` in the
/// section that starts with `heading`, trimmed.
fn row(md: &str, heading: &str, first: &str) -> Vec<String> {
    let section = md
        .split(heading)
        .nth(1)
        .unwrap_or_else(|| panic!("{heading}"));
    let section = section.split("\n## ").next().unwrap_or_default();
    let line = section
        .lines()
        .find(|l| l.starts_with('|') && l.split('|').any(|c| c.trim() == first))
        .unwrap_or_else(|| panic!("no row {first} under {heading}:\n{section}"));
    let cells: Vec<String> = line.split('|').map(|c| c.trim().to_string()).collect();
    cells[1..cells.len() - 1].to_vec()
}

/// The ids of the Top risks table, in order.
fn top_risks(md: &str) -> Vec<String> {
    let section = md.split("### Top risks").nth(1).expect("Top risks");
    let section = section.split("\n### ").next().unwrap_or_default();
    section
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split('`').next())
        .map(str::to_string)
        .collect()
}

/// The review tables on a model whose answers are worked out by hand
/// (tests/fixtures/report/tables.tm): a flow over TLS 1.3 crossing two
/// boundaries, a cleartext one carrying RESTRICTED data into a nested
/// boundary, a cleartext one crossing nothing, and a triaged finding that
/// counts nowhere as open.
#[test]
fn review_tables_answer_by_hand() {
    let model = "tests/fixtures/report/tables.tm";
    let md = stdout_of(&["report", model]);
    let cells = |name: &str| row(&md, "## Dataflows", name)[5..].join(" | ");
    // Data class, protocol, port, TLS, encrypted, authenticated, crosses.
    assert_eq!(
        cells("Log in"),
        "PUBLIC | HTTPS | 443 | TLSv13 | yes | source | Internet, Corporate network"
    );
    assert_eq!(
        cells("Store card"),
        "RESTRICTED | HTTP | 8080 |  | **NO** | no | Card zone"
    );
    assert_eq!(cells("Daily report"), " | HTTP | 8081 |  | no | source | ");
    assert!(
        md.contains("2 of 3 flows are not encrypted in transit; 1 of them crosses a trust boundary in clear text, marked **NO**: Store card.\n"),
        "{md}"
    );

    // Trust, elements, in, out, in clear text, Very High..Very Low, open.
    let boundary = |name: &str| row(&md, "## Trust boundaries", name)[1..].join(" | ");
    assert_eq!(
        boundary("Internet"),
        "INTERNET | 1 | 0 | 1 |  |  |  |  |  |  | 0"
    );
    // The web server's 7 open findings (INP05 is triaged), the vault's
    // PTH01, and the three findings of the two flows inside; not the
    // login's, which crosses.
    assert_eq!(
        boundary("Corporate network"),
        "INTERNAL | 3 | 1 | 0 |  |  | 1 | 7 | 3 |  | 11"
    );
    assert_eq!(
        boundary("↳ Card zone"),
        "RESTRICTED | 1 | 1 | 0 | 1 |  |  | 1 |  |  | 1"
    );

    // S T R I D E, open, worst: INP05 (High) is triaged, INP39 is High too.
    let stride = row(&md, "## STRIDE per element", "Web server");
    assert_eq!(stride[8..], ["7", "High"]);
    let stride = row(&md, "## STRIDE per element", "Store card");
    assert_eq!(stride[8..], ["1", "Low"]);

    let top = top_risks(&md);
    assert_eq!(top.len(), 10, "{md}");
    assert_eq!(top[0], "INP39@web");
    assert!(!top.contains(&"INP05@web".to_string()), "triaged: {top:?}");
    // Medium with High likelihood before Medium with Medium.
    assert_eq!(top[1..3], ["DO01@web", "DS03@web"]);

    let html = stdout_of(&["report", model, "--format", "html"]);
    let cleartext_rows = html.matches(" class=\"cleartext\">").count();
    assert_eq!(cleartext_rows, 1, "only Store card");
    assert!(html.contains(" class=\"cleartext\"><td class=\"num\"></td><td>Store card</td>"));
    let top_html = html
        .split("<section id=\"top-risks\">")
        .nth(1)
        .and_then(|s| s.split("</section>").next())
        .expect("a Top risks section");
    assert_eq!(top_html.matches("<tr><td class=\"num\">").count(), 10);
    assert!(!top_html.contains("INP05@web"));
    assert!(html.contains(
        "<td style=\"padding-left: calc(10px + 1 * 20px)\">Card zone</td><td>RESTRICTED</td>"
    ));
}

/// An override's own description, details, mitigations, example and
/// references replace the threat's for its finding: they are shown with
/// the finding, and the threat's own texts still once in the catalogue.
#[test]
fn an_overrides_own_texts_are_shown_with_its_finding() {
    let dir = temp_dir("own-texts");
    let model = dir.join("own.tm");
    std::fs::write(&model, OVERRIDES).unwrap();
    let path = model.to_str().unwrap();
    let md = stdout_of(&["report", path]);
    assert_eq!(raw_html(&md), Vec::<&str>::new(), "raw HTML");
    let row = "| [INP05](#inp05) | SQL injection | T I E \
               | Medium (impact Very High) | High | accepted | `INP05@web` |";
    assert!(md.contains(row), "{md}");
    let own = "- `INP05@web` (SQL injection; STRIDE T I E): \
               **Response:** Accepted until the Q3 rewrite\n\
               \n  **Description.** SQL injection into the legacy search\n\
               \n  **Details.** The legacy search builds its query by concatenation.\n\
               \n  Only staff reach it, through the VPN.\n\
               \n  **Mitigations.** Search runs under a read-only `db_reader` account.\n\
               \n  **Example.** A staff member types `' OR 1=1 --` and sees \\<every\\> row.\n\
               \n  **References:** [CAPEC-66](https://capec.mitre.org/data/definitions/66.html), ";
    assert!(md.contains(own), "{md}");
    assert!(
        md.contains(", [https://tickets.example.com/SEC-42](https://tickets.example.com/SEC-42)\n"),
        "{md}"
    );
    // The catalogue keeps the threat's own texts and not the override's.
    let entry = &md[md.find("\n### INP05\n").expect("INP05 in the catalogue")..];
    let entry = &entry[..entry[1..].find("\n### ").unwrap()];
    assert!(entry.contains("**SQL injection** · **Severity:** Very High · **Likelihood:** High · **STRIDE:** Tampering, InformationDisclosure, ElevationOfPrivilege · 1 finding\n"), "{entry}");
    assert!(
        !entry.contains("legacy search") && !entry.contains("SEC-42"),
        "{entry}"
    );
    assert_eq!(md.matches("legacy search builds").count(), 1);

    let html = stdout_of(&["report", path, "--format", "html"]);
    for shown in [
        "<strong>Response:</strong> Accepted until the Q3 rewrite</div>",
        "<p class=\"label\">Description</p>\n      <p>SQL injection into the legacy search</p>",
        "<p>The legacy search builds its query by concatenation.</p><p>Only staff reach it, through the VPN.</p>",
        "<p>Search runs under a read-only <code>db_reader</code> account.</p>",
        "<p>A staff member types <code>&#39; OR 1=1 --</code> and sees &lt;every&gt; row.</p>",
        ">https:&#x2f;&#x2f;tickets.example.com&#x2f;SEC-42</a></p>",
        "<span class=\"pill sev-medium\">Medium</span><span class=\"default muted\">impact Very High</span>",
    ] {
        assert!(html.contains(shown), "not in the HTML: {shown}");
    }
    assert_eq!(html.matches("legacy search builds").count(), 1);
    links_have_targets(&md, &html, "own.tm");
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

/// In both formats, on every model: each finding is listed once with its
/// severity (and the impact beside it when the two differ),
/// likelihood and status; the details, mitigations and example of each
/// threat with findings appear exactly once; every `#` link has a target.
#[test]
fn every_finding_listed_every_threat_text_once_every_link_resolves() {
    for model in models() {
        let c = tmc_compiler::compile(&[root().join(&model)], &Default::default());
        let findings = c.findings.as_ref().expect("the model compiles");
        let library = &c.library;
        let objects = &c.model.as_ref().unwrap().objects;
        let md = stdout_of(&["report", &model]);
        let html = stdout_of(&["report", &model, "--format", "html"]);
        let html_plain = unescape(&html);
        for f in findings {
            let t = &library.threats[f.threat];
            let target = &objects[f.target.index()];
            let id = format!("{}@{}", t.id, target.id);
            let severity = f.severity.label();
            let likelihood = f.likelihood.as_ref().map_or("not rated", |l| l.label());
            let anchor = t.id.to_lowercase();
            let stride = tmc_compiler::category::stride_letters(t);
            if let Some(assumption) = &f.excluded_by {
                let mut categories = String::new();
                if !stride.is_empty() {
                    categories.push_str(&format!("; STRIDE {stride}"));
                }
                if !t.linddun.is_empty() {
                    categories.push_str(&format!("; LINDDUN {}", t.linddun.join(", ")));
                }
                let line = format!(
                    "- [{}](#{anchor}): {} ({severity}{categories}), excluded by the assumption \"{assumption}\"\n",
                    t.id,
                    markdown_text(&t.title)
                );
                // The line names no element: as many as there are such findings.
                let same = findings
                    .iter()
                    .filter(|o| {
                        o.threat == f.threat
                            && o.excluded_by == f.excluded_by
                            && o.severity == f.severity
                    })
                    .count();
                assert_eq!(md.matches(&line).count(), same, "{model}: {line}");
                let card = format!("<article class=\"finding excluded\" id=\"{id}\" ");
                assert_eq!(html_plain.matches(&card).count(), 1, "{model}: {card}");
                continue;
            }
            let standing = tmc_compiler::gate::standing(f);
            let status = standing.label();
            let pill = match (standing.is_expired(), standing.is_open()) {
                (true, _) => "expired",
                (false, true) => "open",
                (false, false) => "closed",
            };
            let default = match f.impact.label() {
                impact if impact == severity => String::new(),
                impact => format!(" (impact {impact})"),
            };
            let linddun = t.linddun.join(", ");
            let categories = match (stride.as_str(), linddun.as_str()) {
                (s, "") => s.to_string(),
                ("", l) => format!("LINDDUN {l}"),
                (s, l) => format!("{s}; LINDDUN {l}"),
            };
            let row = format!(
                "| [{}](#{anchor}) | {} | {categories} | {severity}{default} | {likelihood} | {status} | `{id}` |\n",
                t.id,
                markdown_text(&t.title).replace('|', "\\|")
            );
            assert_eq!(md.matches(&row).count(), 1, "{model}: {row}");
            let start = html_plain
                .find(&format!("<tr id=\"{id}\">"))
                .unwrap_or_else(|| panic!("{model}: no row {id}"));
            let tr = &html_plain[start..start + html_plain[start..].find("</tr>").unwrap()];
            for cell in [
                format!("<a href=\"#threat-{anchor}\">{}</a>", t.id),
                format!(">{severity}</span>"),
                format!("<td>{likelihood}</td>"),
                format!(
                    "<td class=\"cats\">{stride}{}</td>",
                    match (stride.is_empty(), linddun.is_empty()) {
                        (_, true) => String::new(),
                        (true, false) => format!("LINDDUN {linddun}"),
                        (false, false) => format!("<br>LINDDUN {linddun}"),
                    }
                ),
                format!("<span class=\"pill status-{pill}\">{status}</span>"),
                format!("<code>{id}</code>"),
            ] {
                assert!(tr.contains(&cell), "{model}: {cell} not in {tr}");
            }
        }
        let found: BTreeSet<usize> = findings.iter().map(|f| f.threat.index()).collect();
        for t in found.iter().map(|i| &library.threats[*i]) {
            let heading = format!("\n### {}\n", t.id);
            assert_eq!(md.matches(&heading).count(), 1, "{model}: {heading}");
            assert_eq!(
                html.matches(&format!(" id=\"threat-{}\"", t.id.to_lowercase()))
                    .count(),
                1
            );
            for text in [&t.details, &t.mitigations, &t.example] {
                if text.is_empty() {
                    continue;
                }
                assert_eq!(
                    md.matches(&markdown_text(text)).count(),
                    1,
                    "{model}: {} {text}",
                    t.id
                );
                assert_eq!(
                    html.matches(&html_text(text)).count(),
                    1,
                    "{model}: {} {text}",
                    t.id
                );
            }
        }
        // No threat without findings in the catalogue.
        assert_eq!(
            md.split("\n## Threats\n")
                .nth(1)
                .unwrap()
                .matches("\n### ")
                .count(),
            found.len(),
            "{model}"
        );
        links_have_targets(&md, &html, &model);
    }
}

/// Every `](#x)` in the Markdown is the anchor of a heading, as both
/// GitHub and pandoc make anchors; every `href="#x"` in the HTML is an `id`,
/// and no `id` is used twice.
fn links_have_targets(md: &str, html: &str, what: &str) {
    let headings: Vec<String> = md
        .lines()
        .filter(|l| l.starts_with('#'))
        .map(|l| heading_text(l.trim_start_matches('#')))
        .collect();
    for slug in [github_slug, pandoc_slug] {
        let anchors = numbered(headings.iter().map(|h| slug(h)));
        let mut links = 0;
        for (at, _) in md.match_indices("](#") {
            let target = &md[at + 3..at + 3 + md[at + 3..].find(')').unwrap()];
            assert!(anchors.contains(target), "{what}: no heading for #{target}");
            links += 1;
        }
        assert!(links >= 9, "{what}: the contents' links at least");
    }
    let mut ids = HashSet::new();
    for (at, _) in html.match_indices(" id=\"") {
        let id = &html[at + 5..at + 5 + html[at + 5..].find('"').unwrap()];
        assert!(ids.insert(unescape(id)), "{what}: id {id} twice");
    }
    for (at, _) in html.match_indices("href=\"#") {
        let target = &html[at + 7..at + 7 + html[at + 7..].find('"').unwrap()];
        assert!(
            ids.contains(&unescape(target)),
            "{what}: no id for #{target}"
        );
    }
}

/// A heading's text as rendered: backslash escapes and code-span
/// backticks gone (the report's headings hold no other markup).
fn heading_text(source: &str) -> String {
    let mut out = String::new();
    let mut chars = source.trim().chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek().is_some_and(|n| n.is_ascii_punctuation()) => {
                out.push(chars.next().unwrap());
            }
            '`' => {}
            _ => out.push(c),
        }
    }
    out
}

/// GitHub's (and GitLab's) anchor for a heading: lower case, punctuation
/// other than `-` and `_` dropped, spaces as `-`.
fn github_slug(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ' '))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// pandoc's `auto_identifiers`: also keeps `.`, and drops everything
/// before the first letter.
fn pandoc_slug(text: &str) -> String {
    let kept: String = text
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ' '))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect::<String>()
        .to_lowercase();
    let slug = kept.trim_start_matches(|c: char| !c.is_alphabetic());
    if slug.is_empty() {
        "section".into()
    } else {
        slug.into()
    }
}

/// Anchors as both number a repeated one: `x`, `x-1`, `x-2`.
fn numbered(slugs: impl Iterator<Item = String>) -> HashSet<String> {
    let mut used = HashSet::new();
    for base in slugs {
        let mut slug = base.clone();
        let mut n = 0;
        while used.contains(&slug) {
            n += 1;
            slug = format!("{base}-{n}");
        }
        used.insert(slug);
    }
    used
}

/// HTML text with minijinja's escapes undone.
fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&#x2f;", "/")
        .replace("&amp;", "&")
}

/// The line above the Dataflows table names at most 20 of the flows that
/// cross a boundary in clear text, and says how many more there are (a
/// large model's would be thousands of names long).
#[test]
fn the_cleartext_line_names_twenty_flows_and_counts_the_rest() {
    let mut model = String::from(
        "model \"Many\" { description = \"d\" }\nboundary outside \"Outside\" {\n  Actor user \"User\"\n}\nboundary inside \"Inside\" {\n  Server web \"Web\"\n}\n",
    );
    for i in 0..25 {
        model.push_str(&format!("flow f{i}: user -> web \"Call {i}\"\n"));
    }
    let dir = temp_dir("cleartext-line");
    let path = dir.join("many.tm");
    std::fs::write(&path, model).unwrap();
    let path = path.to_str().unwrap();
    let md = stdout_of(&["report", path]);
    let names: Vec<String> = (0..20).map(|i| format!("Call {i}")).collect();
    let line = format!(
        "25 of 25 flows are not encrypted in transit; 25 of them cross a trust boundary in clear text, marked **NO**: {} and 5 more.",
        names.join(", ")
    );
    assert!(md.contains(&line), "{md}");
    let html = stdout_of(&["report", path, "--format", "html"]);
    assert!(
        html.contains(&format!("(highlighted): {} and 5 more.", names.join(", "))),
        "{html}"
    );
}

/// The rows of the pipe table under `heading` (up to the next `## `), as
/// cells, header and rule left out.
fn table(md: &str, heading: &str) -> Vec<Vec<String>> {
    let section = md
        .split(heading)
        .nth(1)
        .unwrap_or_else(|| panic!("{heading}"));
    let section = section.split("\n## ").next().unwrap_or_default();
    section
        .lines()
        .filter(|l| l.starts_with('|'))
        .skip(2)
        .map(|l| {
            let cells: Vec<String> = l.split('|').map(|c| c.trim().to_string()).collect();
            cells[1..cells.len() - 1].to_vec()
        })
        .collect()
}

fn number(cell: &str) -> usize {
    if cell.is_empty() {
        return 0;
    }
    cell.parse()
        .unwrap_or_else(|_| panic!("not a number: {cell}"))
}

/// `--summary` on every model: the summary tables count exactly what the
/// full report lists (findings per threat, open and excluded; elements per
/// kind; the flows crossing a boundary in clear text), its Summary section
/// is the full report's, it lists no element, flow or finding one by one,
/// and every link in both formats has its target.
#[test]
fn a_summary_counts_what_the_full_report_lists() {
    for model in models() {
        let c = tmc_compiler::compile(&[root().join(&model)], &Default::default());
        let findings = c.findings.as_ref().expect("the model compiles");
        let m = c.model.as_ref().unwrap();
        let full = stdout_of(&["report", &model]);
        let md = stdout_of(&["report", &model, "--summary"]);
        let html = stdout_of(&["report", &model, "--summary", "--format", "html"]);
        links_have_targets(&md, &html, &model);
        assert!(md.contains("**This report is a summary.**"), "{model}");
        for gone in ["## Findings\n", "## Elements\n", "## Data-flow diagram\n"] {
            assert!(!md.contains(gone), "{model}: {gone}");
        }
        let section = |s: &str| {
            let from = s.find("## Summary").unwrap();
            s[from..s.find("## Contents").unwrap()].to_string()
        };
        assert_eq!(section(&md), section(&full), "{model}");

        // Findings by threat: each threat's counts.
        let rows = table(&md, "## Findings by threat");
        let mut seen = BTreeSet::new();
        for r in &rows {
            let id = r[0].trim_start_matches('[').split(']').next().unwrap();
            let of: Vec<_> = findings
                .iter()
                .filter(|f| c.library.threats[f.threat].id.replace('_', "\\_") == id)
                .collect();
            let reported = of.iter().filter(|f| !f.is_excluded()).count();
            let open = of
                .iter()
                .filter(|f| !f.is_excluded() && tmc_compiler::gate::standing(f).is_open())
                .count();
            let counts = [number(&r[4]), number(&r[5]), number(&r[6])];
            assert_eq!(
                counts,
                [reported, open, of.len() - reported],
                "{model}: {id}"
            );
            assert!(seen.insert(id.to_string()), "{model}: {id} twice");
        }
        let threats: BTreeSet<&str> = findings
            .iter()
            .map(|f| c.library.threats[f.threat].id.as_str())
            .collect();
        assert_eq!(seen.len(), threats.len(), "{model}");

        // Elements by kind.
        let kinds = table(&md, "## Elements by kind");
        let total: usize = kinds.iter().map(|r| number(&r[1])).sum();
        assert_eq!(total, m.elements().count(), "{model}");

        // The flows it lists are the full report's flows marked NO.
        let names = |s: &str, pick: &dyn Fn(&Vec<String>) -> bool| -> Vec<String> {
            if !s.contains("| # | Name |") {
                return Vec::new();
            }
            table(s, "## Dataflows")
                .into_iter()
                .filter(|r| pick(r))
                .map(|r| r[1].clone())
                .collect()
        };
        let crossing = names(&full, &|r| r[9] == "**NO**");
        let listed = names(&md, &|_| true);
        assert_eq!(listed, crossing.into_iter().take(100).collect::<Vec<_>>());

        // Each boundary drawn is one of the model's, with its own subgraph.
        let diagrams = md.split("## Boundary diagrams").nth(1).unwrap();
        let diagrams = diagrams.split("\n## ").next().unwrap();
        let drawn = diagrams.matches("\n### ").count();
        assert!(drawn <= 6, "{model}");
        assert_eq!(diagrams.matches("```mermaid").count(), drawn, "{model}");
        for b in m.boundaries() {
            let o = m.object(b);
            if diagrams.contains(&format!("\n### {}\n", markdown_text(&o.name))) {
                assert!(
                    diagrams.contains(&format!("subgraph b_{}[", o.id)),
                    "{model}"
                );
            }
        }
        assert_eq!(
            html.matches("<img src=\"data:image&#x2f;svg+xml").count(),
            drawn,
            "{model}"
        );
    }
}

/// A summary of a model without boundaries says it has none to draw, and
/// where to get the whole diagram.
#[test]
fn a_summary_without_boundaries_says_so() {
    let dir = temp_dir("summary-no-boundaries");
    let model = dir.join("m.tm");
    std::fs::write(
        &model,
        "model \"M\" { description = \"d\" }\nActor a \"A\"\nServer s \"S\"\nflow a -> s \"Login\"\n",
    )
    .unwrap();
    let md = stdout_of(&["report", model.to_str().unwrap(), "--summary"]);
    assert!(
        md.contains("\nThe model declares no trust boundaries; `tmc dfd` draws the whole model.\n"),
        "{md}"
    );
}

/// `--summary` and `--full` cannot be asked for together; `--full` on a
/// small model is its report as it is anyway.
#[test]
fn summary_and_full_are_exclusive() {
    let o = tmc(&["report", "examples/webapp.tm", "--summary", "--full"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot be used with"));
    assert_eq!(
        stdout_of(&["report", "examples/webapp.tm", "--full"]),
        stdout_of(&["report", "examples/webapp.tm"])
    );
}
