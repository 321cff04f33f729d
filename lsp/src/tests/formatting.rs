//! Formatting: the edits that give a document the canonical layout of
//! `tmc fmt`.

use insta::assert_snapshot;

use super::Project;

fn format(source: &str) -> String {
    let project = Project::new(source).compiled();
    let path = &project.files[0].0;
    let answer = match project.engine.format(path) {
        None => "left alone (it does not parse)".to_string(),
        Some(edits) if edits.is_empty() => "no edits (already formatted)".to_string(),
        Some(edits) => edits
            .iter()
            .map(|e| format!("replace {}:\n{}", super::show_range(e.range), e.new_text))
            .collect(),
    };
    format!("{}=== answer\n{answer}\n", project.sources())
}

#[test]
fn a_messy_file() {
    assert_snapshot!(format(
        "model   \"M\"{description=\"d\"}\n\n\n\nServer web \"W\"{controls{isHardened=true}\n OS=\"Linux\"}\nActor u \"U\"\nflow u->web \"Req\"{protocol=\"HTTPS\" dstPort=443}\n"
    ));
}

#[test]
fn comments_stay() {
    assert_snapshot!(format(
        "// The model.\nmodel \"M\" { description = \"d\" } // trailing\n/// A user.\nActor   u \"U\"   // who\n"
    ));
}

#[test]
fn a_formatted_file() {
    assert_snapshot!(format(
        "model \"M\" {\n  description = \"d\"\n}\n\nActor u \"U\"\n"
    ));
}

#[test]
fn a_file_that_does_not_parse() {
    assert_snapshot!(format(
        "model \"M\" {\n  description = \"d\"\n\nActor u \"U\"\n"
    ));
}

#[test]
fn an_empty_file() {
    assert_snapshot!(format(""));
}

#[test]
fn text_beyond_ascii() {
    // The range to replace ends after the last character, counted in
    // UTF-16 units.
    assert_snapshot!(format(
        "model \"Ünïcode 😀\" { description = \"d\" }\nActor  u \"Üser 😀\""
    ));
}
