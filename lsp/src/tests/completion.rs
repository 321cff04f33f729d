//! Completion: what may be written at the cursor, read from the text
//! before it (`analysis/context.rs`) with the names of the last good
//! compilation.

use insta::assert_snapshot;

use super::{shop_at, Project, SHOP};

fn complete(project: Project) -> String {
    let project = project.compiled();
    let (engine, path, at) = project.at();
    let answer = match engine.complete(path, at) {
        Some(items) if items.is_empty() => "nothing to complete".to_string(),
        Some(items) => items
            .iter()
            .map(|i| {
                let detail = i.detail.as_deref().unwrap_or("");
                let doc = if i.doc.is_some() { " +doc" } else { "" };
                let snippet = match &i.snippet {
                    Some(s) => format!(" inserts `{s}`"),
                    None => String::new(),
                };
                format!("{} ({:?}) {detail}{doc}{snippet}", i.label, i.kind)
                    .trim_end()
                    .to_string()
            })
            .collect::<Vec<_>>()
            .join("\n"),
        None => "no answer (not an open, compiled document)".to_string(),
    };
    format!("{}=== completions\n{answer}\n", project.sources())
}

/// `SHOP` with a line `typed` inserted before the line of the `nth`
/// `needle`, and the cursor after it.
fn typing(needle: &str, nth: usize, typed: &str) -> String {
    let (at, _) = SHOP.match_indices(needle).nth(nth).expect("the needle");
    let mut s = SHOP.to_string();
    s.insert_str(at, &format!("{typed}|\n"));
    s
}

#[test]
fn at_the_top_level() {
    assert_snapshot!(complete(Project::new(&typing("flow web", 0, "Ser"))));
}

#[test]
fn an_attribute_name_in_an_element() {
    assert_snapshot!(complete(Project::new(&typing("  OS = ", 0, "  is"))));
}

#[test]
fn a_field_in_a_record_block() {
    assert_snapshot!(complete(Project::new(&shop_at("isHardened", 0, 0))));
}

#[test]
fn the_value_of_an_enum_attribute() {
    assert_snapshot!(complete(Project::new(&shop_at("SQL }", 0, 0))));
}

#[test]
fn the_value_of_a_bool() {
    assert_snapshot!(complete(Project::new(&shop_at("true }", 0, 0))));
}

#[test]
fn data_items_in_a_flows_list() {
    assert_snapshot!(complete(Project::new(&shop_at("orders]", 0, 0))));
}

#[test]
fn a_flow_end_after_the_arrow() {
    assert_snapshot!(complete(Project::new(&shop_at("web \"Order\"", 0, 0))));
}

#[test]
fn a_boundary_after_in() {
    assert_snapshot!(complete(Project::new(&shop_at("dmz {", 0, 0))));
}

#[test]
fn while_the_file_does_not_parse_names_come_from_the_last_good_compilation() {
    let broken = format!("{SHOP}flow db -> |");
    let project = Project::new(SHOP).compiled().edit("main.tm", &broken);
    assert_snapshot!(complete(project));
}

const SERVER: &str = "model \"M\" { description = \"d\" }\nServer s \"S\" {\n}\n";

#[test]
fn a_threat_id_in_an_override() {
    let typing = SERVER.replace("{\n}", "{\n  overrides = [{ threat_id = \"INP0| }]\n}");
    let project = Project::new(SERVER).compiled().edit("main.tm", &typing);
    assert_snapshot!(complete(project));
}

#[test]
fn a_threat_id_in_a_file_that_never_compiled() {
    // The library comes with every compilation, one of a text with a
    // syntax error too.
    let typing = SERVER.replace("{\n}", "{\n  overrides = [{ threat_id = \"INP0| }]\n}");
    assert_snapshot!(complete(Project::new(&typing)));
}

#[test]
fn a_condition_path_in_a_rules_file() {
    let main =
        "model \"M\" {\n  description = \"d\"\n  threatsFile = \"rules.tm\"\n}\nServer s \"S\"\n";
    let rules = "threat R1 \"Soft server\" {\n  targets = [Server]\n  severity = High\n  details = \"d\"\n  when = target.controls.|\n}\n";
    assert_snapshot!(complete(Project::new(main).file("rules.tm", rules)));
}

#[test]
fn in_a_comment() {
    assert_snapshot!(complete(Project::new(&shop_at("answers", 0, 0))));
}

#[test]
fn in_a_string() {
    assert_snapshot!(complete(Project::new(&shop_at("online", 0, 0))));
}

#[test]
fn at_the_end_of_the_file() {
    assert_snapshot!(complete(Project::new(&format!("{SHOP}|"))));
}

#[test]
fn a_dotted_attribute_written_anew_inserts_name_equals() {
    assert_snapshot!(complete(Project::new(&typing(
        "  OS = ",
        0,
        "  controls.san"
    ))));
}

#[test]
fn a_member_of_a_threat_written_anew() {
    let main =
        "model \"M\" {\n  description = \"d\"\n  threatsFile = \"rules.tm\"\n}\nServer s \"S\"\n";
    let rules = "threat R1 \"Soft server\" {\n  targets = [Server]\n  wh|\n}\n";
    assert_snapshot!(complete(Project::new(main).file("rules.tm", rules)));
}
