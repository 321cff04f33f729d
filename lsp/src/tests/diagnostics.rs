//! Diagnostics: the compiler's errors and warnings in each file, and the
//! findings of the threat library on the elements.

use std::path::Path;

use insta::assert_snapshot;

use crate::analysis::Diagnostic;

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
