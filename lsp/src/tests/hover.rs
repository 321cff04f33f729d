//! Hover: the doc of whatever the word under the cursor names.

use insta::assert_snapshot;

use super::{shop_at, Project, SHOP};

fn hover(project: Project) -> String {
    let project = project.compiled();
    let (engine, path, at) = project.at();
    let answer = match engine.hover(path, at) {
        Some(h) => format!(
            "hover on {}\n{}\n\n{}",
            super::show_range(h.range),
            super::mark(project.text(path), h.range),
            h.markdown
        ),
        None => "no hover".to_string(),
    };
    format!("{}=== answer\n{answer}\n", project.sources())
}

fn shop(needle: &str, nth: usize, shift: usize) -> String {
    hover(Project::new(&shop_at(needle, nth, shift)).findings(false))
}

#[test]
fn on_a_kind() {
    assert_snapshot!(shop("Server web", 0, 3));
}

#[test]
fn on_an_attribute_name() {
    assert_snapshot!(shop("protocol", 0, 4));
}

#[test]
fn on_a_field_of_a_record_block() {
    assert_snapshot!(shop("isHardened", 0, 2));
}

#[test]
fn on_an_enum_member() {
    assert_snapshot!(shop("SENSITIVE", 0, 0));
}

#[test]
fn on_a_reference_to_an_element() {
    assert_snapshot!(shop("user -> web", 0, 2));
}

#[test]
fn on_a_boundary_after_in() {
    assert_snapshot!(shop("dmz {", 0, 3));
}

#[test]
fn on_a_data_item_in_a_list() {
    assert_snapshot!(shop("orders]", 0, 1));
}

#[test]
fn on_a_keyword() {
    assert_snapshot!(shop("flow user", 0, 2));
}

#[test]
fn in_a_comment_naming_an_element() {
    // The word is read wherever it stands: a comment that names an
    // element shows the element.
    assert_snapshot!(shop("web answers", 0, 1));
}

#[test]
fn in_a_string() {
    assert_snapshot!(shop("online", 0, 2));
}

#[test]
fn on_blank_space_and_at_the_end_of_the_file() {
    let end = format!("{SHOP}|");
    assert_snapshot!(hover(Project::new(&end).findings(false)));
}

#[test]
fn on_an_unknown_name_in_a_file_that_does_not_compile() {
    let text = "model \"M\" { description = \"d\" }\nActor a \"A\"\nflow a -> nowh|ere \"x\"\n";
    assert_snapshot!(hover(Project::new(text)));
}

#[test]
fn on_a_kind_in_a_file_that_does_not_parse() {
    // No compilation ever had a model: the schema still answers.
    let text = "model \"M\" { description = \"d\" }\nDatast|ore db \"D\" {\n  type = \n";
    assert_snapshot!(hover(Project::new(text)));
}

#[test]
fn on_an_element_declared_in_an_imported_file() {
    let main = "model \"M\" { description = \"d\" }\nimport \"parts.tm\"\nActor a \"A\"\nflow a -> st|ore \"Save\" { protocol = \"SQL\" }\n";
    let parts = "/// Where orders are kept.\nDatastore store \"Store\" { type = SQL }\n";
    let project = Project::new(main).file("parts.tm", parts).findings(false);
    assert_snapshot!(hover(project));
}

#[test]
fn on_a_threat_id() {
    let text = "model \"M\" { description = \"d\" }\nServer s \"S\" {\n  overrides = [{ threat_id = \"INP|05\" response = \"parameterised queries\" }]\n}\n";
    assert_snapshot!(hover(Project::new(text).findings(false)));
}

#[test]
fn on_a_predicate_in_a_rules_file() {
    let main =
        "model \"M\" {\n  description = \"d\"\n  threatsFile = \"rules.tm\"\n}\nServer s \"S\"\n";
    let rules = "/// A server nobody hardened.\npredicate soft(e: Element) = e is Server and not e.controls.isHardened\n\nthreat R1 \"Soft server\" {\n  targets = [Server]\n  severity = High\n  details = \"d\"\n  when = so|ft(target)\n}\n";
    let project = Project::new(main).file("rules.tm", rules).findings(false);
    assert_snapshot!(hover(project));
}

#[test]
fn on_a_declaration_with_findings_explains_them() {
    let text = "model \"M\" { description = \"d\" }\nActor a \"A\"\nServer s \"S\"\nflow hel|lo: a -> s \"Hello\" { protocol = \"HTTP\" }\n";
    assert_snapshot!(hover(Project::new(text)));
}

#[test]
fn columns_count_utf16_units() {
    // The emoji is two UTF-16 units, the ü one: the cursor is on `orders`.
    let text = SHOP.replace(
        "data = [orders]\n}\nflow",
        "note = \"für 😀\" data = [ord|ers]\n}\nflow",
    );
    assert_snapshot!(hover(Project::new(&text).findings(false)));
}

#[test]
fn on_the_target_of_a_path_threat_names_the_route() {
    let text = "model \"M\" { description = \"d\" }\nboundary inside \"Inside\" { trust = INTERNAL }\n\
        Actor user \"U\"\nServer web \"W\" in inside { controls.authenticatesSource = true }\n\
        Server api \"A\" in inside\nDatastore db \"D\" in inside\nData card \"Card\" { classification = SECRET }\n\
        flow user -> web\nflow web -> api\nflow api -> d|b { data = [card] }\n";
    assert_snapshot!(hover(Project::new(text)));
}
