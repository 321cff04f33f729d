//! Remedies for a finding: set a control its threat's mitigation names,
//! or add an assumption that rules it out; applied, the element's
//! declaration is written as `tmc fmt` writes it, and compiled again the
//! finding is gone.

use std::path::Path;

use insta::assert_snapshot;

use crate::analysis::{Range, TextEdit};

use super::{offset, show_range, Project, SHOP};

/// `source` with the cursor before the `nth` `needle`, `shift` bytes in.
fn at(source: &str, needle: &str, nth: usize, shift: usize) -> String {
    let (at, _) = source.match_indices(needle).nth(nth).expect("the needle");
    let mut s = source.to_string();
    s.insert(at + shift, '|');
    s
}

fn applied(text: &str, e: &TextEdit) -> String {
    let (start, end) = (offset(text, e.range.start), offset(text, e.range.end));
    format!("{}{}{}", &text[..start], e.new_text, &text[end..])
}

/// The remedies offered at the cursor (triage choices left out), and the
/// text after applying the one titled `apply`.
fn remedies(source: &str, apply: &str) -> (String, String) {
    let project = Project::new(source).compiled();
    let (engine, path, at) = project.at();
    let found = engine.code_actions(path, Range::new(at, at));
    let mut out = format!("{}=== code actions\n", project.sources());
    for a in found.iter().filter(|a| !a.title.starts_with("Triage ")) {
        out += &format!("{} [{}]\n", a.title, a.code);
    }
    let chosen = found.iter().find(|a| a.title == apply);
    let chosen = chosen.unwrap_or_else(|| panic!("{apply} in\n{out}"));
    let (file, edits) = chosen.edits.iter().next().expect("an edit");
    assert_eq!(edits.len(), 1);
    out += &format!(
        "=== {apply}: edit at {}\n{}\n",
        show_range(edits[0].range),
        edits[0].new_text
    );
    (out, applied(project.text(file), &edits[0]))
}

/// The codes of the open findings on `element`, and of the compiler's
/// diagnostics, after compiling `text`.
fn after(text: &str, element: &str) -> (Vec<String>, Vec<String>) {
    let project = Project::new(text).compiled();
    let found = project
        .engine
        .diagnostics(&Path::new(super::FOLDER).join("main.tm"));
    let on = |d: &&crate::analysis::Diagnostic| {
        d.message
            .lines()
            .next()
            .unwrap_or("")
            .ends_with(&format!(": {element}"))
    };
    let findings = found
        .iter()
        .filter(|d| d.source == "tmc threats")
        .filter(on)
        .map(|d| d.code.clone())
        .collect();
    let errors = found
        .iter()
        .filter(|d| d.source == "tmc")
        .map(|d| d.code.clone())
        .collect();
    (findings, errors)
}

/// Applies `apply` to `source` (cursor on `web`), checks INP05 was open
/// on `web` before and is not after, and gives what was shown.
fn rules_out_inp05(source: &str, apply: &str) -> String {
    let inp05 = "INP05".to_string();
    let (before, _) = after(&source.replace('|', ""), "Web");
    assert!(before.contains(&inp05), "{before:?}");
    let (shown, edited) = remedies(&at(source, "web \"Web\"", 0, 1), apply);
    let (findings, errors) = after(&edited, "Web");
    assert!(errors.is_empty(), "{errors:?}\n{edited}");
    assert!(!findings.contains(&inp05), "{findings:?}\n{edited}");
    shown
}

const SET: &str = "Set `controls.usesParameterizedInput = true` on `web`";
const ASSUME: &str = "Add an assumption that rules out INP05 on `web`";

#[test]
fn setting_a_control_the_mitigation_names_adds_it_to_the_controls_block() {
    assert_snapshot!(rules_out_inp05(SHOP, SET));
}

#[test]
fn a_control_written_false_is_turned_true() {
    let source = SHOP.replace(
        "isHardened = true",
        "isHardened = true usesParameterizedInput = false",
    );
    assert_snapshot!(rules_out_inp05(&source, SET));
}

#[test]
fn an_element_without_a_body_gets_one() {
    let source = SHOP.replace(
        "Server web \"Web\" in dmz {\n  OS = \"Linux\"\n  controls { isHardened = true }\n}",
        "Server web \"Web\" in dmz",
    );
    assert_snapshot!(rules_out_inp05(&source, SET));
    let (_, edited) = remedies(&at(&source, "web \"Web\"", 0, 1), SET);
    assert!(edited.contains("\n}\nDatastore db"), "{edited}");
}

#[test]
fn an_assumption_is_added_to_the_element() {
    assert_snapshot!(rules_out_inp05(SHOP, ASSUME));
}

#[test]
fn an_assumption_joins_those_written() {
    let source = SHOP.replace(
        "  OS = \"Linux\"\n",
        "  OS = \"Linux\"\n  assumptions = [\n    { name = \"No frames\" exclude = [\"INP20\"] }\n  ]\n",
    );
    assert_snapshot!(rules_out_inp05(&source, ASSUME));
}

#[test]
fn no_remedy_once_the_text_changed() {
    let project = Project::new(&at(SHOP, "web \"Web\"", 0, 1)).compiled();
    let project = project.edit(
        "main.tm",
        &at(&SHOP.replace("Orders", "Sales"), "web \"Web\"", 0, 1),
    );
    let (engine, path, at) = project.at();
    let found = engine.code_actions(path, Range::new(at, at));
    assert!(
        found.iter().all(|a| a.title.starts_with("Triage ")),
        "{found:?}"
    );
}

#[test]
fn a_flow_gets_an_assumption_too() {
    let source = at(SHOP, "user -> web", 0, 0);
    let project = Project::new(&source).compiled();
    let (engine, path, at) = project.at();
    let found = engine.code_actions(path, Range::new(at, at));
    let assume = found
        .iter()
        .find(|a| {
            a.title.starts_with("Add an assumption that rules out ")
                && a.title.ends_with("on `user->web`")
        })
        .unwrap_or_else(|| panic!("{found:#?}"));
    let threat = assume.code.clone();
    let (_, edits) = assume.edits.iter().next().expect("an edit");
    let edited = applied(project.text(path), &edits[0]);
    let (findings, errors) = after(&edited, "Order");
    assert!(errors.is_empty(), "{errors:?}\n{edited}");
    assert!(
        !findings.contains(&threat),
        "{threat} in {findings:?}\n{edited}"
    );
}
