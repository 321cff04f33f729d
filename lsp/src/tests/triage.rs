//! Triage: where a finding stands, in its diagnostic and the hovers; what
//! a `Triage` decides; the quick fixes that record a decision for a
//! finding, applied and compiled again. The day is fixed (2026-12-05), on
//! which the acceptance of INP05 has expired.

use std::path::Path;

use insta::assert_snapshot;

use crate::analysis::{Range, Severity, TextEdit};

use super::{mark, name, offset, show_range, Project};

/// A small shop whose findings are partly triaged.
const MODEL: &str = r#"model "Shop" {
  description = "An online shop."
}

boundary internet "Internet" { trust = INTERNET }
boundary dmz "DMZ" { trust = DMZ }

Actor customer "Customer" in internet
Server web "Web server" in dmz {
  protocol = "HTTPS"
  port = 443
}
Datastore orders "Orders" in dmz { type = SQL }

flow browse: customer -> web "Browse" { protocol = "HTTPS" dstPort = 443 }
flow save: web -> orders "Save" { protocol = "PostgreSQL" dstPort = 5432 }

// Expired on 2026-12-05.
Triage sqli_accepted {
  threat_id = "INP05"
  on = [web]
  status = ACCEPTED
  justification = "All queries go through the ORM's bound parameters."
  owner = "appsec"
  ticket = "SEC-101"
  decided = "2026-06-01"
  reviewBy = "2026-11-30"
}

Triage store_work {
  threat_id = "*"
  kinds = ["Datastore"]
  status = IN_PROGRESS
  owner = "platform"
}
"#;

const DAY: &str = "2026-12-05";

/// `MODEL` with the cursor before the `nth` `needle`, `shift` bytes in.
fn model_at(needle: &str, nth: usize, shift: usize) -> String {
    let (at, _) = MODEL.match_indices(needle).nth(nth).expect("the needle");
    let mut s = MODEL.to_string();
    s.insert(at + shift, '|');
    s
}

fn hover(project: Project) -> String {
    let project = project.today(DAY).compiled();
    let (engine, path, at) = project.at();
    let answer = match engine.hover(path, at) {
        Some(h) => format!(
            "hover on {}\n{}\n\n{}",
            show_range(h.range),
            mark(project.text(path), h.range),
            h.markdown
        ),
        None => "no hover".to_string(),
    };
    format!("{}=== answer\n{answer}\n", project.sources())
}

#[test]
fn hover_on_an_element_shows_the_status_of_its_findings() {
    assert_snapshot!(hover(
        Project::new(&model_at("web \"Web", 0, 1)).findings(false)
    ));
}

#[test]
fn hover_on_an_expired_triage() {
    assert_snapshot!(hover(
        Project::new(&model_at("sqli_accepted", 0, 2)).findings(false)
    ));
}

#[test]
fn hover_on_a_triage_deciding_several_findings() {
    assert_snapshot!(hover(
        Project::new(&model_at("store_work", 0, 2)).findings(false)
    ));
}

#[test]
fn hover_on_a_triage_that_decides_nothing() {
    let text = format!(
        "{MODEL}\nTriage unused {{\n  threat_id = \"INP05\"\n  on = [customer]\n  status = MITIGATED\n}}\n"
    )
    .replacen("Triage unused", "Triage un|used", 1);
    let answer = hover(Project::new(&text).findings(false));
    assert!(
        answer.ends_with("Status: mitigated\n\nDecides no finding.\n"),
        "{answer}"
    );
}

#[test]
fn hover_on_a_finding_diagnostic_shows_where_it_stands() {
    // With findings shown, the hover on the identifier explains each; a
    // triaged one has its status first.
    let answer = hover(Project::new(&model_at("web \"Web", 0, 1)));
    assert!(
        answer.contains("\n`INP05@web`: Status: accepted, expired 2026-11-30 (owner appsec, ticket SEC-101, decided 2026-06-01, review by 2026-11-30): All queries go through the ORM's bound parameters.\n"),
        "{answer}"
    );
}

#[test]
fn the_diagnostic_of_a_triaged_finding_shows_its_status() {
    let project = Project::new(MODEL).today(DAY).compiled();
    let path = Path::new(super::FOLDER).join("main.tm");
    let found = project.engine.diagnostics(&path);
    let shown: Vec<String> = found
        .iter()
        .filter(|d| d.source == "tmc threats" && (d.code == "INP05" || d.code == "TB01"))
        .map(|d| {
            format!(
                "{} at {}\n  {}",
                d.code,
                show_range(d.range),
                d.message.replace('\n', "\n  ")
            )
        })
        .collect();
    assert_eq!(shown.len(), 2, "{found:#?}");
    assert_snapshot!(shown.join("\n"));
}

#[test]
fn a_closed_finding_is_a_hint_until_its_review_date_passes() {
    let severity = |day: &str| {
        // Every finding a diagnostic of its own, closed ones included.
        let project = Project::new(MODEL).today(day).per_element(100).compiled();
        let path = Path::new(super::FOLDER).join("main.tm");
        let found = project.engine.diagnostics(&path);
        let inp05 = found.iter().find(|d| d.code == "INP05").expect("INP05");
        inp05.severity
    };
    // Accepted until 2026-11-30: decided before it, open again after.
    assert_eq!(severity("2026-11-01"), Severity::Hint);
    assert_eq!(severity(DAY), Severity::Warning);
}

/// The quick fixes offered with the cursor on `needle`, and the edit of
/// the one titled `apply`, applied.
fn actions(project: Project, apply: &str) -> (String, String) {
    let project = project.today(DAY).compiled();
    let (engine, path, at) = project.at();
    let found = engine.code_actions(path, Range::new(at, at));
    let mut out = format!("{}=== code actions\n", project.sources());
    for a in &found {
        out += &format!("{} [{}]\n", a.title, a.code);
    }
    let chosen = found.iter().find(|a| a.title == apply);
    let chosen = chosen.unwrap_or_else(|| panic!("{apply} in\n{out}"));
    let mut edited = String::new();
    for (file, edits) in &chosen.edits {
        out += &format!("=== edit of {}\n", name(file));
        for e in edits {
            out += &format!("at {}\n{}\n", show_range(e.range), e.new_text);
        }
        assert_eq!(edits.len(), 1);
        edited = applied(project.text(file), &edits[0]);
    }
    (out, edited)
}

fn applied(text: &str, e: &TextEdit) -> String {
    let (start, end) = (offset(text, e.range.start), offset(text, e.range.end));
    format!("{}{}{}", &text[..start], e.new_text, &text[end..])
}

/// The diagnostic of finding `code` on the element named `target` after
/// compiling `text`, and the codes of the compiler's diagnostics.
fn after(text: &str, code: &str, target: &str) -> (String, Vec<String>) {
    let project = Project::new(text).today(DAY).per_element(100).compiled();
    let path = Path::new(super::FOLDER).join("main.tm");
    let found = project.engine.diagnostics(&path);
    let finding = found
        .iter()
        .find(|d| {
            let about = d.message.lines().next().unwrap_or("");
            d.source == "tmc threats" && d.code == code && about.ends_with(&format!(": {target}"))
        })
        .map(|d| d.message.clone())
        .unwrap_or_default();
    let warnings = found
        .iter()
        .filter(|d| d.source == "tmc")
        .map(|d| d.code.clone())
        .collect();
    (finding, warnings)
}

#[test]
fn quick_fixes_on_a_finding_insert_a_triage() {
    // On the flow `browse`: its findings are untriaged.
    let (shown, edited) = actions(
        Project::new(&model_at("browse:", 0, 2)),
        "Triage DE03@browse: accept",
    );
    assert_snapshot!(shown);
    // Compiled again, the finding is accepted, and the placeholder
    // justification is reported until someone writes why.
    let (finding, warnings) = after(&edited, "DE03", "Browse");
    assert!(
        finding.contains("\nStatus: accepted (decided 2026-12-05): TODO: why this holds"),
        "{finding}"
    );
    assert!(
        warnings.contains(&"placeholder-justification".to_string()),
        "{warnings:?}"
    );
}

#[test]
fn a_quick_fix_rewrites_the_triage_naming_the_finding() {
    let (shown, edited) = actions(
        Project::new(&model_at("web \"Web", 0, 1)),
        "Triage INP05@web: mark mitigated",
    );
    let edit = shown.split("=== edit of").nth(1).expect("an edit");
    assert_snapshot!(edit);
    let (finding, warnings) = after(&edited, "INP05", "Web server");
    // Its owner and ticket carry over; the justification is not required.
    assert!(
        finding.ends_with("\nStatus: mitigated (owner appsec, ticket SEC-101, decided 2026-12-05)"),
        "{finding}"
    );
    // The expired acceptance is gone with its warning.
    assert!(
        !warnings.contains(&"expired-triage".to_string()),
        "{warnings:?}"
    );
    assert_eq!(edited.matches("Triage sqli_accepted").count(), 1);
}

#[test]
fn no_quick_fix_off_the_findings_or_on_a_changed_text() {
    let project = Project::new(&model_at("description", 0, 2))
        .today(DAY)
        .compiled();
    let (engine, path, at) = project.at();
    assert!(engine.code_actions(path, Range::new(at, at)).is_empty());
    // Edited since the compile: the spans would be wrong, so nothing.
    let project = Project::new(&model_at("browse:", 0, 2))
        .today(DAY)
        .compiled()
        .edit("main.tm", &format!("// new line\n{MODEL}"));
    let (engine, path, at) = project.at();
    assert!(engine.code_actions(path, Range::new(at, at)).is_empty());
}

#[test]
fn a_quick_fix_edits_the_file_that_holds_the_decision() {
    let main = "model \"M\" { description = \"d\" }\nimport \"parts.tm\"\nActor a \"A\"\nflow a -> store \"Save\" { protocol = \"SQL\" }\n";
    let parts = "Datastore st|ore \"Store\" { type = SQL }\n";
    let project = Project::new(main)
        .file("parts.tm", parts)
        .today(DAY)
        .compiled();
    let (engine, path, at) = project.at();
    let found = engine.code_actions(path, Range::new(at, at));
    let first = found.first().expect("findings on the store");
    // Nothing decides it yet: the triage goes at the end of the file that
    // declares the element.
    let files: Vec<String> = first.edits.keys().map(|p| name(p)).collect();
    assert_eq!(files, ["parts.tm"]);
    // A triage naming it in main.tm is rewritten there.
    let threat = first.code.clone();
    let decided = format!(
        "{main}Triage t {{\n  threat_id = \"{threat}\"\n  on = [store]\n  status = IN_PROGRESS\n}}\n"
    );
    let project = project.edit("main.tm", &decided).compiled();
    let (engine, path, at) = project.at();
    let found = engine.code_actions(path, Range::new(at, at));
    let fix = found
        .iter()
        .find(|a| a.title == format!("Triage {threat}@store: mark mitigated"))
        .expect("the fix");
    let (file, edits) = fix.edits.iter().next().expect("an edit");
    assert_eq!(name(file), "main.tm");
    let edited = applied(&decided, &edits[0]);
    assert!(
        edited.ends_with(&format!("Triage t {{\n  threat_id = \"{threat}\"\n  on = [store]\n  status = MITIGATED\n  decided = \"2026-12-05\"\n}}\n")),
        "{edited}"
    );
}
