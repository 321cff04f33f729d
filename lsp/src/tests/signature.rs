//! Signature help: in a call of a predicate (the rule file's own or the
//! stdlib's) or of `count`, `reaches` or `path`, its signature, the parameter at the cursor and
//! the predicate's doc.

use insta::assert_snapshot;

use super::Project;

const MODEL: &str =
    "model \"M\" {\n  description = \"d\"\n  threatsFile = \"rules.tm\"\n}\nServer s \"S\"\n";

/// The rules with `when = ` followed by `call`, the cursor in it.
fn rules(call: &str) -> String {
    format!(
        "/// The flow carries some data classified above `level`.\npredicate carriesAbove(f: Dataflow, level: Classification) =\n    any d in f.data: d.classification > level\n\nthreat R1 \"Secrets\" {{\n  targets = [Dataflow]\n  severity = High\n  details = \"d\"\n  when = {call}\n}}\n"
    )
}

fn help(call: &str) -> String {
    // Compiled as written but for the cursor's call, then edited: the
    // call is being typed.
    let written = rules("carriesAbove(target, RESTRICTED)");
    let project = Project::new(MODEL)
        .file("rules.tm", &written)
        .compiled()
        .edit("rules.tm", &rules(call));
    let (engine, path, at) = project.at();
    let mut out = format!("{}=== signature help\n", project.sources());
    match engine.signature_help(path, at) {
        None => out += "none\n",
        Some(s) => {
            out += &format!("{}\n", s.label);
            for (i, &(start, end)) in s.params.iter().enumerate() {
                let mark = if i as u32 == s.active { "> " } else { "  " };
                let label: String = s
                    .label
                    .chars()
                    .skip(start as usize)
                    .take((end - start) as usize)
                    .collect();
                out += &format!("{mark}{label}\n");
            }
            out += &format!("active {}\n{}\n", s.active, s.doc);
        }
    }
    out
}

#[test]
fn a_predicate_of_the_rules_file_at_its_second_parameter() {
    assert_snapshot!(help("carriesAbove(target, |"));
}

#[test]
fn a_stdlib_predicate_at_its_first_parameter() {
    assert_snapshot!(help("inside(|"));
}

#[test]
fn count_takes_a_list() {
    assert_snapshot!(help("count(target.|) > 0"));
}

#[test]
fn reaches_takes_two_elements() {
    let out = help("reaches(target.source, |");
    assert!(
        out.contains("=== signature help\nreaches(a: Element, b: Element)\n  a: Element\n> b: Element\nactive 1\n"),
        "{out}"
    );
}

#[test]
fn path_takes_two_elements_and_says_what_it_gives() {
    let out = help("count(path(|");
    assert!(
        out.contains("=== signature help\npath(a: Element, b: Element)\n> a: Element\n  b: Element\nactive 0\n"),
        "{out}"
    );
    assert!(out.contains("The flows of the shortest path"), "{out}");
}

#[test]
fn none_outside_a_call_or_in_a_string() {
    assert!(help("carriesAbove(target, RESTRICTED) and |").ends_with("none\n"));
    assert!(help("inside(\"a, |").ends_with("none\n"));
}
