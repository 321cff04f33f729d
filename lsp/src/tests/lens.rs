//! Code lens: above each declaration with findings, the count of the open
//! ones and the worst severity, the closed ones counted apart.

use std::path::Path;

use insta::assert_snapshot;

use super::{mark, show_range, Project, SHOP};

fn lenses(project: &Project) -> String {
    let path = Path::new(super::FOLDER).join("main.tm");
    let mut out = format!("{}=== code lenses\n", project.sources());
    for l in project.at_path(&path).code_lenses(&path) {
        out += &format!(
            "{} {}\n{}\n",
            show_range(l.range),
            l.title,
            mark(project.text(&path), l.range)
        );
    }
    out
}

#[test]
fn each_declaration_with_findings_gets_a_count_and_its_worst() {
    assert_snapshot!(lenses(&Project::new(SHOP).compiled()));
}

#[test]
fn closed_findings_are_counted_apart() {
    let triaged = format!(
        "{SHOP}\nTriage all_db {{\n  threat_id = \"*\"\n  on = [db]\n  status = MITIGATED\n  justification = \"Reviewed.\"\n}}\n"
    );
    let project = Project::new(&triaged).today("2026-12-05").compiled();
    let shown = lenses(&project);
    assert!(shown.contains("no open findings · "), "{shown}");
    assert_snapshot!(shown);
}

#[test]
fn no_lens_while_findings_are_hidden() {
    let project = Project::new(SHOP).findings(false).compiled();
    let path = Path::new(super::FOLDER).join("main.tm");
    assert_eq!(project.at_path(&path).code_lenses(&path), vec![]);
}
