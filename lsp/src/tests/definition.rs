//! Go to definition: where the object (or threat) under the cursor is
//! declared.

use insta::assert_snapshot;

use super::{shop_at, Project};

fn definition(project: Project) -> String {
    let project = project.compiled();
    let (engine, path, at) = project.at();
    let answer = match engine.definition(path, at) {
        Some(location) => project.show(&location),
        None => "no definition".to_string(),
    };
    format!("{}=== answer\n{answer}\n", project.sources())
}

fn shop(needle: &str, nth: usize, shift: usize) -> String {
    definition(Project::new(&shop_at(needle, nth, shift)))
}

#[test]
fn on_a_flow_end() {
    assert_snapshot!(shop("db \"Store\"", 0, 1));
}

#[test]
fn on_a_declaration_is_the_declaration() {
    assert_snapshot!(shop("web \"Web\"", 0, 0));
}

#[test]
fn on_a_data_item_in_a_list() {
    assert_snapshot!(shop("orders]", 1, 3));
}

#[test]
fn on_a_boundary() {
    assert_snapshot!(shop("dmz {", 0, 0));
}

#[test]
fn on_a_keyword() {
    assert_snapshot!(shop("flow web", 0, 0));
}

#[test]
fn in_a_comment_naming_an_element() {
    assert_snapshot!(shop("user here", 0, 2));
}

#[test]
fn at_the_end_of_the_file() {
    let text = format!("{}|", super::SHOP);
    assert_snapshot!(definition(Project::new(&text)));
}

#[test]
fn on_an_element_of_an_imported_file() {
    let main = "model \"M\" { description = \"d\" }\nimport \"parts.tm\"\nActor a \"A\"\nflow a -> sto|re \"Save\" { protocol = \"SQL\" }\n";
    let parts = "// The store.\nDatastore store \"Store\" { type = SQL }\n";
    assert_snapshot!(definition(Project::new(main).file("parts.tm", parts)));
}

#[test]
fn on_a_threat_of_the_models_own_rules_file() {
    let main = "model \"M\" {\n  description = \"d\"\n  threatsFile = \"rules.tm\"\n}\nServer s \"S\" {\n  overrides = [{ threat_id = \"R|1\" response = \"hardened\" }]\n}\n";
    let rules = "threat R1 \"Soft server\" {\n  targets = [Server]\n  severity = High\n  details = \"d\"\n  when = not target.controls.isHardened\n}\n";
    assert_snapshot!(definition(Project::new(main).file("rules.tm", rules)));
}

#[test]
fn on_a_threat_of_the_built_in_library() {
    // It has no file an editor could open.
    let main = "model \"M\" { description = \"d\" }\nServer s \"S\" {\n  overrides = [{ threat_id = \"INP0|5\" response = \"bound parameters\" }]\n}\n";
    assert_snapshot!(definition(Project::new(main)));
}

#[test]
fn on_an_unknown_name_in_a_file_that_does_not_compile() {
    let text = "model \"M\" { description = \"d\" }\nActor a \"A\"\nflow a -> nowh|ere \"x\"\n";
    assert_snapshot!(definition(Project::new(text)));
}

#[test]
fn while_the_file_does_not_parse_the_last_good_compilation_answers() {
    let good = "model \"M\" { description = \"d\" }\nActor a \"A\"\nServer s \"S\"\n";
    let broken = "model \"M\" { description = \"d\" }\nActor a \"A\"\nServer s \"S\"\nflow a -> |s \"x\" {\n";
    let project = Project::new(good).compiled().edit("main.tm", broken);
    assert_snapshot!(definition(project));
}
