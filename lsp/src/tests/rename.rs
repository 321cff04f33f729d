//! Rename: edits renaming the object under the cursor in every file, or
//! why not.

use insta::assert_snapshot;

use crate::analysis::{Range, TextEdit};

use super::{name, offset, shop_at, Project};

fn rename(project: Project, new_name: &str) -> String {
    let project = project.compiled();
    let (engine, path, at) = project.at();
    let answer = match engine.rename(path, at, new_name) {
        Ok(Some(edits)) => edits
            .iter()
            .map(|(file, edits)| {
                let text = apply(project.text(file), edits);
                format!("--- {} ({} edits)\n{text}", name(file), edits.len())
            })
            .collect::<Vec<_>>()
            .join("\n"),
        Ok(None) => "nothing to rename".to_string(),
        Err(e) => format!("refused: {e:?}"),
    };
    format!(
        "{}=== rename to `{new_name}`\n{answer}\n",
        project.sources()
    )
}

/// `text` with the edits made (they do not overlap).
fn apply(text: &str, edits: &[TextEdit]) -> String {
    let mut edits: Vec<&TextEdit> = edits.iter().collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.range.start));
    let mut out = text.to_string();
    for e in edits {
        let Range { start, end } = e.range;
        out.replace_range(offset(text, start)..offset(text, end), &e.new_text);
    }
    out
}

fn shop(needle: &str, nth: usize, shift: usize, new_name: &str) -> String {
    rename(Project::new(&shop_at(needle, nth, shift)), new_name)
}

#[test]
fn an_element_everywhere_it_is_named() {
    assert_snapshot!(shop("web \"Web\"", 0, 1, "frontend"));
}

#[test]
fn a_data_item_from_a_use() {
    assert_snapshot!(shop("orders]", 1, 2, "purchases"));
}

#[test]
fn across_an_imported_file() {
    let main = "model \"M\" { description = \"d\" }\nimport \"parts.tm\"\nActor a \"A\"\nflow a -> st|ore \"Save\" { protocol = \"SQL\" }\n";
    let parts = "Datastore store \"Store\" { type = SQL }\n";
    assert_snapshot!(rename(Project::new(main).file("parts.tm", parts), "vault"));
}

#[test]
fn to_a_name_already_declared() {
    assert_snapshot!(shop("web \"Web\"", 0, 1, "db"));
}

#[test]
fn to_something_not_an_identifier() {
    assert_snapshot!(shop("web \"Web\"", 0, 1, "web-2"));
}

#[test]
fn a_flow_without_a_label() {
    assert_snapshot!(shop("-> web", 0, 0, "ordering"));
}

#[test]
fn on_a_keyword() {
    assert_snapshot!(shop("Datastore", 0, 2, "x"));
}

#[test]
fn while_a_declaration_does_not_parse() {
    // The broken flow is left out of the model, with its reference to
    // `a`: refused until it parses again.
    let good = "model \"M\" { description = \"d\" }\nActor a \"A\"\n";
    let broken = "model \"M\" { description = \"d\" }\nActor |a \"A\"\nflow a -> \n";
    let project = Project::new(good).compiled().edit("main.tm", broken);
    assert_snapshot!(rename(project, "b"));
}

#[test]
fn with_a_type_error_elsewhere() {
    // Every declaration parsed: the rename is sound.
    let text = "model \"M\" { description = \"d\" }\nActor |a \"A\" { OSS = 1 }\nServer s \"S\"\nflow a -> s \"x\"\n";
    assert_snapshot!(rename(Project::new(text), "b"));
}
