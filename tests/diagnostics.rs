//! Every kind of model error: its code, its message and the text its
//! primary label points at. Models are compiled from memory through the
//! compiler's `FileSystem` seam, exactly as the CLI compiles files.

#[path = "support/mod.rs"]
mod support;

use support::{errors, rendered, HEADER};
use tmc_compiler::{Compilation, Options};

fn compile_files(files: &[(&str, &str)]) -> Compilation {
    support::compile_files_with(files, &Options::default())
}

fn compile_one(text: &str) -> Compilation {
    compile_files(&[("m.tm", text)])
}

/// Asserts exactly one error, and returns its notes.
fn single_error(text: &str, code: &str, message: &str, under: &str) -> Vec<String> {
    let c = compile_one(text);
    let errs = errors(&c);
    assert_eq!(
        errs,
        vec![(code.to_string(), message.to_string(), under.to_string())],
        "\n{}",
        rendered(&c)
    );
    c.diagnostics[0].notes.clone()
}

#[test]
fn a_clean_model_has_no_diagnostics() {
    let c = compile_one(&format!(
        "{HEADER}Actor u \"U\"\nServer s \"S\"\nflow u -> s \"x\""
    ));
    assert!(c.diagnostics.is_empty(), "{:?}", c.diagnostics);
    let model = c.model.expect("model");
    assert_eq!(model.summary().elements, 2);
    assert_eq!(model.summary().flows, 1);
}

#[test]
fn syntax_error_names_expected_tokens() {
    single_error(
        &format!("{HEADER}Server web \"W\" {{\n  OS \"Linux\"\n}}"),
        "syntax",
        "syntax error: expected `=` or `{`, found `\"`",
        "\"Linux\"",
    );
}

#[test]
fn unknown_kind_suggests_the_closest() {
    let notes = single_error(
        &format!("{HEADER}Sever web \"W\""),
        "unknown-kind",
        "`Sever` is not a known kind",
        "Sever",
    );
    assert_eq!(notes, vec!["did you mean `Server`?"]);
}

#[test]
fn unknown_attribute_suggests_the_closest() {
    let notes = single_error(
        &format!("{HEADER}Server web {{ isHardend = true }}"),
        "unknown-attribute",
        "unknown attribute `isHardend` on Server",
        "isHardend",
    );
    assert_eq!(
        notes,
        vec!["did you mean `controls.isHardened`? (`isHardened` belongs in `controls { }`)"]
    );
}

#[test]
fn a_control_at_the_top_level_points_into_controls() {
    let notes = single_error(
        &format!("{HEADER}Server web {{ sanitizesInput = true }}"),
        "unknown-attribute",
        "unknown attribute `sanitizesInput` on Server",
        "sanitizesInput",
    );
    assert!(
        notes[0].contains("controls { sanitizesInput = ... }"),
        "{notes:?}"
    );
}

#[test]
fn unknown_control_in_a_controls_block() {
    let notes = single_error(
        &format!("{HEADER}Server web {{ controls {{ sanitizesInputs = true }} }}"),
        "unknown-attribute",
        "unknown attribute `sanitizesInputs` on Controls",
        "sanitizesInputs",
    );
    assert_eq!(notes, vec!["did you mean `sanitizesInput`?"]);
}

#[test]
fn wrong_value_type() {
    let notes = single_error(
        &format!("{HEADER}Server web {{ inScope = \"yes\" }}"),
        "type-mismatch",
        "expected bool, found string",
        "\"yes\"",
    );
    assert!(notes.is_empty());
    single_error(
        &format!("{HEADER}Server web {{ port = \"80\" }}"),
        "type-mismatch",
        "expected int, found string",
        "\"80\"",
    );
}

#[test]
fn unknown_enum_member_lists_the_allowed() {
    let notes = single_error(
        &format!("{HEADER}Data d {{ classification = SECRETT }}"),
        "unknown-enum-member",
        "`SECRETT` is not a member of `Classification`",
        "SECRETT",
    );
    assert_eq!(notes[0], "did you mean `SECRET`?");
    assert_eq!(
        notes[1],
        "`Classification` is one of: UNKNOWN, PUBLIC, RESTRICTED, SENSITIVE, SECRET, TOP_SECRET"
    );
}

#[test]
fn duplicate_identifier_shows_both_places() {
    let c = compile_one(&format!("{HEADER}Actor u\nServer u"));
    let errs = errors(&c);
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].1, "`u` is declared twice");
    let d = &c.diagnostics[0];
    let places: Vec<(&str, bool)> = d
        .labels
        .iter()
        .map(|l| (c.sources.slice(l.span), l.primary))
        .collect();
    assert_eq!(places, vec![("u", true), ("u", false)]);
    assert!(d.labels[0].span.start > d.labels[1].span.start);
}

#[test]
fn duplicate_attribute_shows_both_places() {
    let c = compile_one(&format!("{HEADER}Server s {{ OS = \"a\"\n OS = \"b\" }}"));
    assert_eq!(
        errors(&c),
        vec![(
            "duplicate-attribute".into(),
            "`OS` is set twice".into(),
            "OS = \"b\"".into()
        )]
    );
    assert_eq!(c.diagnostics[0].labels.len(), 2);
}

#[test]
fn undefined_reference_suggests_the_closest() {
    let notes = single_error(
        &format!("{HEADER}Data comments\nActor u\nServer s\nflow u -> s {{ data = [coments] }}"),
        "undefined-reference",
        "`coments` is not defined; expected a Data",
        "coments",
    );
    assert_eq!(notes, vec!["did you mean `comments`?"]);
}

#[test]
fn undefined_boundary() {
    let notes = single_error(
        &format!("{HEADER}boundary internet\nActor u in internt"),
        "undefined-reference",
        "`internt` is not defined; expected a Boundary",
        "internt",
    );
    assert_eq!(notes, vec!["did you mean `internet`?"]);
}

#[test]
fn undefined_flow_end() {
    let notes = single_error(
        &format!("{HEADER}Actor user\nServer web\nflow usr -> web"),
        "undefined-reference",
        "flow source `usr` is not defined",
        "usr",
    );
    assert_eq!(notes, vec!["did you mean `user`?"]);
}

#[test]
fn reference_of_the_wrong_kind() {
    single_error(
        &format!("{HEADER}Actor u\nServer web in u"),
        "wrong-reference",
        "expected a reference to a Boundary, found `u`, which is a Actor",
        "u",
    );
}

#[test]
fn flow_to_a_boundary_or_data_item() {
    single_error(
        &format!("{HEADER}boundary b\nActor u\nflow u -> b"),
        "invalid-flow-end",
        "a flow cannot start or end at `b`, which is a boundary",
        "b",
    );
    single_error(
        &format!("{HEADER}Data d\nActor u\nflow d -> u"),
        "invalid-flow-end",
        "a flow cannot start or end at `d`, which is a data item",
        "d",
    );
}

#[test]
fn boundary_cycle() {
    let c = compile_one(&format!(
        "{HEADER}boundary a in c\nboundary b in a\nboundary c in b"
    ));
    let errs = errors(&c);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(errs[0].0, "boundary-cycle");
    assert_eq!(errs[0].1, "boundaries inside each other: a in c in b in a");
    assert_eq!(c.diagnostics[0].labels.len(), 3);
}

#[test]
fn missing_required_attribute() {
    single_error(
        "model \"M\" { isOrdered = true }",
        "missing-attribute",
        "missing required attribute `description` on Model",
        "\"M\"",
    );
}

#[test]
fn missing_required_field_in_a_record() {
    single_error(
        &format!("{HEADER}Server s {{ assumptions = [{{ description = \"x\" }}] }}"),
        "missing-attribute",
        "missing required attribute `name` on Assumption",
        "{ description = \"x\" }",
    );
}

#[test]
fn derived_attribute_cannot_be_set() {
    single_error(
        &format!("{HEADER}Server s {{ inputs = [] }}"),
        "derived-attribute",
        "`inputs` of Server is computed by tmc and cannot be set",
        "inputs",
    );
}

#[test]
fn missing_model_header() {
    let c = compile_one("Actor u");
    assert_eq!(errors(&c)[0].1, "no `model` declaration");
}

#[test]
fn missing_import_file() {
    single_error(
        &format!("{HEADER}import \"shared/infra.tm\""),
        "import-not-found",
        "cannot import `shared/infra.tm`: no such file",
        "\"shared/infra.tm\"",
    );
}

#[test]
fn import_cycle() {
    let c = compile_files(&[
        ("a.tm", &format!("{HEADER}import \"b.tm\"")),
        ("b.tm", "import \"a.tm\""),
    ]);
    assert_eq!(
        errors(&c),
        vec![(
            "import-cycle".into(),
            "import cycle: a.tm -> b.tm -> a.tm".into(),
            "\"a.tm\"".into()
        )]
    );
}

#[test]
fn imports_share_one_namespace() {
    let c = compile_files(&[
        (
            "app.tm",
            &format!("{HEADER}import \"infra/db.tm\"\nActor u\nflow u -> db"),
        ),
        ("infra/db.tm", "import \"common.tm\"\nDatastore db in net"),
        ("infra/common.tm", "boundary net \"Network\""),
    ]);
    assert!(c.diagnostics.is_empty(), "{:?}", c.diagnostics);
    let model = c.model.unwrap();
    let db = model.lookup("db").unwrap();
    assert_eq!(model.object(db).boundary, model.lookup("net"));
}

#[test]
fn diamond_imports_load_a_file_once() {
    let c = compile_files(&[
        (
            "app.tm",
            &format!("{HEADER}import \"a.tm\"\nimport \"b.tm\""),
        ),
        ("a.tm", "import \"c.tm\""),
        ("b.tm", "import \"c.tm\""),
        ("c.tm", "Actor u"),
    ]);
    assert!(c.diagnostics.is_empty(), "{:?}", c.diagnostics);
}

#[test]
fn conflicting_boundary_placement() {
    single_error(
        &format!("{HEADER}boundary a\nboundary b {{ Actor u in a }}"),
        "conflicting-boundary",
        "`u` is written inside `b` but says `in a`",
        "a",
    );
}

#[test]
fn a_record_is_not_a_kind() {
    single_error(
        &format!("{HEADER}Controls c"),
        "unknown-kind",
        "`Controls` is a record, not an element kind",
        "Controls",
    );
}

#[test]
fn flows_are_declared_with_flow() {
    single_error(
        &format!("{HEADER}Dataflow f"),
        "unknown-kind",
        "a Dataflow is declared with `flow`",
        "Dataflow",
    );
}

#[test]
fn every_error_is_reported_not_only_the_first() {
    let c = compile_one(&format!(
        "{HEADER}Sever a\nServer b {{ isHardend = true }}\nData d {{ classification = HIGH }}\nflow b -> nowhere"
    ));
    let codes: Vec<String> = errors(&c).into_iter().map(|e| e.0).collect();
    assert_eq!(
        codes,
        vec![
            "unknown-kind",
            "unknown-attribute",
            "unknown-enum-member",
            "undefined-reference"
        ]
    );
}

#[test]
fn unknown_attribute_suggests_an_own_attribute_first() {
    let notes = single_error(
        &format!("{HEADER}Server web {{ sourceFile = [\"a\"] }}"),
        "unknown-attribute",
        "unknown attribute `sourceFile` on Server",
        "sourceFile",
    );
    assert_eq!(notes, vec!["did you mean `sourceFiles`?"]);
}

#[test]
fn data_written_inside_a_boundary_block() {
    single_error(
        &format!("{HEADER}boundary b \"B\" {{\n  Data d \"D\"\n}}"),
        "data-in-boundary",
        "data items do not sit in boundaries",
        "d",
    );
}

#[test]
fn a_record_cannot_override_a_default() {
    single_error(
        &format!("{HEADER}record R {{\n  x: bool = false\n  y = true\n}}"),
        "syntax",
        "a record cannot override a default",
        "y = true",
    );
}

#[test]
fn every_resolved_reference_is_recorded_for_navigation() {
    let text = format!(
        "{HEADER}boundary b \"B\"\nActor u \"U\" in b\nServer s \"S\"\nData d \"D\"\nflow u -> s \"x\" {{ data = [d] }}"
    );
    let c = compile_one(&text);
    assert!(!c.has_errors(), "{}", rendered(&c));
    let model = c.model.expect("model");
    let uses: Vec<(String, String)> = model
        .uses
        .iter()
        .map(|(span, id)| {
            (
                c.sources.slice(*span).to_string(),
                model.object(*id).id.clone(),
            )
        })
        .collect();
    let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    assert_eq!(
        uses,
        pairs(&[("b", "b"), ("u", "u"), ("s", "s"), ("d", "d")])
    );
}
