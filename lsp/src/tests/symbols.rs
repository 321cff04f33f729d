//! Symbols: the outline of a document, and the objects of every compiled
//! model matching a search.

use insta::assert_snapshot;

use crate::analysis::Symbol;

use super::{Project, SHOP};

fn show(project: &Project, symbols: &[Symbol]) -> String {
    if symbols.is_empty() {
        return "no symbols".to_string();
    }
    let lines: Vec<String> = symbols
        .iter()
        .map(|s| {
            let container = s.container.as_deref().unwrap_or("-");
            format!(
                "{} {:?} in {container} at {}",
                s.name,
                s.kind,
                project.show(&s.location)
            )
        })
        .collect();
    lines.join("\n")
}

fn outline(project: Project, file: &str) -> String {
    let project = project.compiled();
    let path = std::path::Path::new(super::FOLDER).join(file);
    let answer = match project.engine.document_symbols(&path) {
        Some(symbols) => show(&project, &symbols),
        None => "no outline (nothing compiled)".to_string(),
    };
    format!("{}=== outline of {file}\n{answer}\n", project.sources())
}

#[test]
fn the_outline_of_a_model() {
    assert_snapshot!(outline(Project::new(SHOP), "main.tm"));
}

#[test]
fn the_outline_of_an_imported_file() {
    let main = "model \"M\" { description = \"d\" }\nimport \"parts.tm\"\nActor a \"A\"\nflow a -> store \"Save\"\n";
    let parts = "boundary vault \"Vault\"\nDatastore store \"Store\" in vault { type = SQL }\n";
    assert_snapshot!(outline(
        Project::new(main).file("parts.tm", parts),
        "parts.tm"
    ));
}

#[test]
fn while_a_declaration_does_not_parse_the_outline_has_the_others() {
    // The parser goes on after the broken declaration: the outline is
    // that compilation's, without it.
    let good = "model \"M\" { description = \"d\" }\nActor a \"A\"\nServer s \"S\"\n";
    let broken = "model \"M\" { description = \"d\" }\nActor a \"A\"\nServer s \"S\" {\n";
    let project = Project::new(good).compiled().edit("main.tm", broken);
    assert_snapshot!(outline(project, "main.tm"));
}

#[test]
fn no_outline_before_anything_compiled() {
    let text = "model \"M\" {\nActor a \"A\"\n";
    assert_snapshot!(outline(Project::new(text), "main.tm"));
}

#[test]
fn a_workspace_search_matches_ids_and_names_in_any_case() {
    let project = Project::new(SHOP).compiled();
    let answer = show(&project, &project.engine.workspace_symbols("ORD"));
    assert_snapshot!(format!(
        "{}=== symbols matching ORD\n{answer}\n",
        project.sources()
    ));
}
