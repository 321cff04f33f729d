//! Diagnostics: the compiler's errors and warnings in each file, and the
//! findings of the threat library on the elements.

use std::path::Path;

use insta::assert_snapshot;

use crate::analysis::{Diagnostic, Severity, MORE_FINDINGS};

use super::{mark, show_range, Project};

fn diagnostics(project: Project, file: &str) -> String {
    let project = project.compiled();
    let path = Path::new(super::FOLDER).join(file);
    let found = project.engine.diagnostics(&path);
    let answer = match found.is_empty() {
        true => "no diagnostics".to_string(),
        false => found
            .iter()
            .map(|d| show(&project, &path, d))
            .collect::<Vec<_>>()
            .join("\n"),
    };
    format!("{}=== diagnostics of {file}\n{answer}\n", project.sources())
}

fn show(project: &Project, path: &Path, d: &Diagnostic) -> String {
    let mut out = format!(
        "{:?} {} ({}) at {}\n{}\n  {}\n",
        d.severity,
        d.code,
        d.source,
        show_range(d.range),
        mark(project.text(path), d.range),
        d.message.replace('\n', "\n  ")
    );
    for r in &d.related {
        out.push_str(&format!(
            "  related: {} {}\n",
            project.show(&r.location),
            r.message
        ));
    }
    if let Some(link) = &d.link {
        out.push_str(&format!("  link: {link}\n"));
    }
    out
}

#[test]
fn a_clean_file_without_findings() {
    let text = "model \"M\" { description = \"d\" }\nActor u \"U\"\n";
    assert_snapshot!(diagnostics(Project::new(text).findings(false), "main.tm"));
}

#[test]
fn an_unknown_attribute_and_a_wrong_type() {
    let text = "model \"M\" { description = \"d\" }\nServer s \"S\" {\n  OSS = \"Linux\"\n  isHardened = 3\n}\n";
    assert_snapshot!(diagnostics(Project::new(text).findings(false), "main.tm"));
}

#[test]
fn an_unknown_flow_end() {
    let text = "model \"M\" { description = \"d\" }\nActor user \"U\"\nflow usr -> user \"x\"\n";
    assert_snapshot!(diagnostics(Project::new(text).findings(false), "main.tm"));
}

#[test]
fn a_brace_left_open() {
    let text = "model \"M\" { description = \"d\" }\nServer s \"S\" {\n  OS = \"Linux\"\n\nActor u \"U\"\n";
    assert_snapshot!(diagnostics(Project::new(text).findings(false), "main.tm"));
}

#[test]
fn a_declared_twice_name_points_at_the_first() {
    let text = "model \"M\" { description = \"d\" }\nActor u \"U\"\nServer u \"S\"\n";
    assert_snapshot!(diagnostics(Project::new(text).findings(false), "main.tm"));
}

#[test]
fn an_error_in_an_imported_file_is_that_files() {
    let main = "model \"M\" { description = \"d\" }\nimport \"parts.tm\"\n";
    let parts = "Datastore store \"Store\" { type = GRAPHDB }\n";
    let project = Project::new(main).file("parts.tm", parts).findings(false);
    assert_snapshot!(diagnostics(project, "parts.tm"));
}

#[test]
fn findings_on_the_elements() {
    let text = "model \"M\" { description = \"d\" }\nActor u \"U\"\nServer s \"S\"\nflow u -> s \"Hello\" { protocol = \"HTTP\" }\n";
    assert_snapshot!(diagnostics(Project::new(text), "main.tm"));
}

/// A small model whose server has more findings than three.
const FLOW: &str = "model \"M\" { description = \"d\" }\nActor u \"U\"\nServer s \"S\"\nflow u -> s \"Hello\" { protocol = \"HTTP\" }\n";

/// The findings' diagnostics of `main.tm` (summaries included).
fn findings_of(project: Project) -> Vec<Diagnostic> {
    let project = project.compiled();
    let path = Path::new(super::FOLDER).join("main.tm");
    let all = project.engine.diagnostics(&path);
    all.into_iter()
        .filter(|d| d.source == "tmc threats")
        .collect()
}

/// The findings' diagnostics on the server's identifier (line 2).
fn on_the_server(all: &[Diagnostic]) -> Vec<&Diagnostic> {
    all.iter().filter(|d| d.range.start.line == 2).collect()
}

#[test]
fn an_element_shows_its_worst_findings_and_sums_up_the_rest() {
    let all = findings_of(Project::new(FLOW).per_element(100));
    let every = on_the_server(&all);
    assert!(every.len() > 3, "the server has more than three findings");
    assert!(every.iter().all(|d| d.code != MORE_FINDINGS));

    let bounded = findings_of(Project::new(FLOW));
    let shown = on_the_server(&bounded);
    // Three of its own (the default), then the summary.
    assert_eq!(shown.len(), 4, "{shown:#?}");
    let (summary, own) = shown.split_last().unwrap();
    assert_eq!(summary.code, MORE_FINDINGS);
    let more = every.len() - 3;
    assert!(
        summary
            .message
            .starts_with(&format!("and {more} more findings on S (")),
        "{}",
        summary.message
    );
    assert!(summary
        .message
        .ends_with("hover the element for all of them"));
    // The ones shown are the worst: none of the rest is more severe.
    let rank = |s: Severity| s as u8;
    let worst_shown = own.iter().map(|d| rank(d.severity)).max().unwrap();
    let hidden: Vec<_> = every
        .iter()
        .filter(|d| !own.iter().any(|o| o.code == d.code))
        .collect();
    assert_eq!(hidden.len(), more);
    assert!(hidden.iter().all(|d| rank(d.severity) >= worst_shown));
    // The summary is as severe as the worst it sums up.
    let worst_hidden = hidden.iter().map(|d| rank(d.severity)).min().unwrap();
    assert_eq!(rank(summary.severity), worst_hidden);
    // Elements with three or fewer are shown whole, with no summary.
    let elsewhere = |all: &[Diagnostic]| all.iter().filter(|d| d.range.start.line != 2).count();
    assert_eq!(elsewhere(&bounded), elsewhere(&all));
}

#[test]
fn the_number_of_findings_per_element_is_a_setting() {
    let none = findings_of(Project::new(FLOW).per_element(0));
    let only = on_the_server(&none);
    assert_eq!(only.len(), 1, "only the summary: {only:#?}");
    assert_eq!(only[0].code, MORE_FINDINGS);
    let one = findings_of(Project::new(FLOW).per_element(1));
    assert_eq!(on_the_server(&one).len(), 2);
    assert_eq!(on_the_server(&one)[1].code, MORE_FINDINGS);
}

#[test]
fn findings_summed_up() {
    assert_snapshot!(diagnostics(Project::new(FLOW).per_element(2), "main.tm"));
}

#[test]
fn an_edit_gives_the_diagnostics_a_first_compile_gives() {
    // The engine reparses an edited file where it changed: the result is
    // the one a fresh engine gets from the whole text.
    let edits = [
        ("\"Store\"", "\"Store orders\""),
        ("flow web -> db", "// moved\nflow web -> db"),
        (
            "protocol = \"SQL\"",
            "protocol = \"SQL\" isEncrypted = true",
        ),
        ("flow web -> db", "flow web -> nowhere"),
        ("data = [orders] }", "data = [orders]"),
    ];
    for (from, to) in edits {
        assert!(super::SHOP.contains(from), "{from}");
        let edited = super::SHOP.replacen(from, to, 1);
        let after_edit = Project::new(super::SHOP)
            .compiled()
            .edit("main.tm", &edited)
            .compiled();
        let fresh = Project::new(&edited).compiled();
        assert_eq!(
            diagnostics(after_edit, "main.tm"),
            diagnostics(fresh, "main.tm"),
            "{from} -> {to}"
        );
    }
}
