//! Inlay hints: the protocol and port a flow takes from the end it talks
//! to, and the zone an element sits in, where the model did not write
//! them; none on a text changed since it compiled.

use std::path::Path;

use insta::assert_snapshot;

use crate::analysis::{Position, Range};

use super::{Project, SHOP};

const ALL: Range = Range {
    start: Position {
        line: 0,
        character: 0,
    },
    end: Position {
        line: u32::MAX,
        character: 0,
    },
};

fn hints(project: &Project, range: Range) -> String {
    let path = Path::new(super::FOLDER).join("main.tm");
    let text = project.text(&path);
    let lines: Vec<&str> = text.lines().collect();
    let mut out = format!("{}=== inlay hints\n", project.sources());
    for h in project.at_path(&path).inlay_hints(&path, range) {
        let line = lines[h.position.line as usize];
        let (before, after) = line.split_at(h.position.character as usize);
        out += &format!("{before}«{}»{after}\n    {}\n", h.label, h.tooltip);
    }
    out
}

/// `SHOP` with a server that has a port and a flow to it that writes
/// neither protocol nor port.
fn model() -> String {
    format!(
        "{SHOP}\nServer api \"API\" in dmz {{\n  protocol = \"HTTPS\"\n  port = 8443\n}}\nflow web -> api \"Call\"\nflow api -> web \"Answer\" {{ isResponse = true }}\n"
    )
}

#[test]
fn what_a_flow_takes_from_its_ends_and_an_elements_zone() {
    assert_snapshot!(hints(&Project::new(&model()).compiled(), ALL));
}

#[test]
fn the_defaults_the_models_own_kind_gives() {
    // `onAWS` is inherited, given a new default by the model's kind;
    // `nodes` is a field of its own, not a changed default. `b` writes
    // `onAWS` itself: no hint but its zone.
    let text = format!(
        "{SHOP}\nkind Cluster : Server {{\n  nodes: int = 3\n  onAWS = true\n}}\nCluster a \"A\" in dmz {{ }}\nCluster b \"B\" in dmz {{ onAWS = false }}\n"
    );
    let shown = hints(&Project::new(&text).compiled(), ALL);
    assert_snapshot!(shown);
}

#[test]
fn only_the_hints_in_the_range_asked_for() {
    let project = Project::new(&model()).compiled();
    let text = model();
    let call = text[..text.find("flow web -> api").expect("the flow")]
        .lines()
        .count() as u32;
    let lines = Range::new(Position::new(call, 0), Position::new(call + 1, 0));
    let shown = hints(&project, lines);
    assert!(!shown.contains("«zone"), "{shown}");
    assert!(shown.contains("«: HTTPS, port 8443»"), "{shown}");
}

#[test]
fn no_hints_on_a_text_changed_since_it_compiled() {
    let project = Project::new(&model())
        .compiled()
        .edit("main.tm", &model().replace("Call", "Calls"));
    let path = Path::new(super::FOLDER).join("main.tm");
    assert_eq!(project.at_path(&path).inlay_hints(&path, ALL), vec![]);
}
