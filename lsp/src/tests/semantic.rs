//! Semantic tokens: what each name of a file is (kinds, records, enums and
//! their members, attributes, objects declared and referred to, threats,
//! predicates, parameters), with the names of the last good compilation
//! over the text as it is now.

use std::path::Path;

use insta::assert_snapshot;

use crate::analysis::{Position, Range, SemanticToken, MODIFIERS};

use super::{Project, SHOP};

/// Each token of `name` as `line:column length type [modifiers] "text"`
/// (from 1, as editors show them), after the sources.
fn tokens(project: &Project, name: &str, range: Option<Range>) -> String {
    let path = Path::new(super::FOLDER).join(name);
    let all = project
        .at_path(&path)
        .semantic_tokens(&path, range)
        .expect("an open, compiled file");
    format!(
        "{}=== {name}\n{}",
        project.sources(),
        show(project.text(&path), &all)
    )
}

fn show(text: &str, all: &[SemanticToken]) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::new();
    for t in all {
        let line = lines[t.start.line as usize];
        let start = t.start.character as usize;
        let word = &line[start..start + t.length as usize];
        let mods: Vec<&str> = (0..MODIFIERS.len())
            .filter(|bit| t.modifiers & (1 << bit) != 0)
            .map(|bit| MODIFIERS[bit])
            .collect();
        out += &format!(
            "{}:{} {} {} [{}] {word:?}\n",
            t.start.line + 1,
            start + 1,
            t.length,
            t.kind.name(),
            mods.join(" ")
        );
    }
    out
}

#[test]
fn a_model_names_kinds_objects_attributes_and_members() {
    let project = Project::new(SHOP).compiled();
    assert_snapshot!(tokens(&project, "main.tm", None));
}

/// A rules file with a predicate of its own, a threat that calls it, the
/// stdlib's predicates and `count`, and a deprecated threat refining it.
const RULES: &str = r#"/// The flow carries some data classified above `level`.
predicate carriesAbove(f: Dataflow, level: Classification) =
    any d in f.data: d.classification > level

threat R1 "Secrets over the wire" {
  targets  = [Dataflow]
  severity = High
  when = carriesAbove(target, Classification.RESTRICTED)
    and not encryptedInTransit(target) and count(target.data) > 0
  details = "d"
}

threat R2 "Old secrets rule" refines R1 {
  targets    = [Dataflow]
  severity   = Low
  deprecated = "R1 covers it"
  when       = count(target.data) > 3
}
"#;

/// A model whose rules come from `RULES`.
const RULED: &str =
    "model \"M\" {\n  description = \"d\"\n  threatsFile = \"rules.tm\"\n}\nServer s \"S\"\n";

#[test]
fn a_rules_file_names_predicates_parameters_and_threats() {
    let project = Project::new(RULED).file("rules.tm", RULES).compiled();
    assert_snapshot!(tokens(&project, "rules.tm", None));
}

/// A model that declares a kind of its own, with a field of an enum of
/// its own, and an element of that kind.
const OWN_KINDS: &str = r#"model "M" { description = "d" }

enum Tier { GOLD SILVER }

kind Queue : Asset {
  tier:    Tier = SILVER
  backing: Datastore?
  inScope = false
}

Datastore db "DB"
Queue jobs "Jobs" { tier = GOLD backing = db }
"#;

#[test]
fn kinds_enums_and_fields_a_model_declares() {
    let project = Project::new(OWN_KINDS).compiled();
    assert_snapshot!(tokens(&project, "main.tm", None));
}

#[test]
fn a_range_gives_only_its_lines() {
    let project = Project::new(SHOP).compiled();
    let range = Range::new(Position::new(8, 0), Position::new(9, 0));
    let shown = tokens(&project, "main.tm", Some(range));
    let listed: Vec<&str> = shown
        .split("=== main.tm\n")
        .nth(1)
        .unwrap()
        .lines()
        .collect();
    assert!(!listed.is_empty());
    assert!(
        listed
            .iter()
            .all(|l| l.starts_with("9:") || l.starts_with("10:")),
        "{listed:?}"
    );
}

#[test]
fn an_edit_not_compiled_yet_is_read_with_the_last_names() {
    let edited = SHOP.replace(
        "Datastore db \"Orders\"",
        "Datastore store \"Orders\" in dmz",
    );
    let project = Project::new(SHOP).compiled().edit("main.tm", &edited);
    let shown = tokens(&project, "main.tm", None);
    assert!(
        shown.contains("13:11 5 variable [declaration] \"store\""),
        "{shown}"
    );
    assert!(shown.contains("13:29 3 variable [] \"dmz\""), "{shown}");
}
