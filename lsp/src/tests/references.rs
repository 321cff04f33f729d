//! Find references: every place the object under the cursor is named.

use insta::assert_snapshot;

use super::{shop_at, Project};

fn references(project: Project, with_declaration: bool) -> String {
    let project = project.compiled();
    let (engine, path, at) = project.at();
    let answer = match engine.references(path, at, with_declaration) {
        Some(found) if found.is_empty() => "no references".to_string(),
        Some(found) => found
            .iter()
            .map(|l| project.show(l))
            .collect::<Vec<_>>()
            .join("\n"),
        None => "nothing to find references of".to_string(),
    };
    let with = if with_declaration { "with" } else { "without" };
    format!(
        "{}=== answer ({with} the declaration)\n{answer}\n",
        project.sources()
    )
}

fn shop(needle: &str, nth: usize, shift: usize, with_declaration: bool) -> String {
    references(Project::new(&shop_at(needle, nth, shift)), with_declaration)
}

#[test]
fn of_an_element_from_its_declaration() {
    assert_snapshot!(shop("web \"Web\"", 0, 1, true));
}

#[test]
fn of_an_element_without_the_declaration() {
    assert_snapshot!(shop("web \"Web\"", 0, 1, false));
}

#[test]
fn of_a_data_item_from_a_use() {
    assert_snapshot!(shop("orders]", 0, 6, true));
}

#[test]
fn of_a_boundary() {
    assert_snapshot!(shop("dmz \"DMZ\"", 0, 1, true));
}

#[test]
fn of_an_element_nothing_refers_to() {
    let text = "model \"M\" { description = \"d\" }\nActor lo|ne \"Alone\"\n";
    assert_snapshot!(references(Project::new(text), false));
}

#[test]
fn on_a_keyword() {
    assert_snapshot!(shop("boundary", 0, 3, true));
}

#[test]
fn in_a_string() {
    assert_snapshot!(shop("\"Order\"", 0, 3, true));
}

#[test]
fn across_an_imported_file() {
    let main = "model \"M\" { description = \"d\" }\nimport \"parts.tm\"\nActor a \"A\"\nflow a -> store \"Save\" { protocol = \"SQL\" }\nflow st|ore -> a \"Load\" { protocol = \"SQL\" }\n";
    let parts = "Datastore store \"Store\" { type = SQL }\n";
    assert_snapshot!(references(Project::new(main).file("parts.tm", parts), true));
}

#[test]
fn in_a_file_that_never_compiled() {
    let text = "model \"M\" { description = \"d\" \nActor a| \"A\"\n";
    assert_snapshot!(references(Project::new(text), true));
}
