//! Threat rules end to end: every error the rule checker reports (code,
//! message, the text it points at), and what checked rules find on small
//! models: narrowing, quantifiers, predicates, excludes, assumptions,
//! overrides, deprecated threats and replacing the built-in library.

#[path = "support/mod.rs"]
mod support;

use support::{compile_files_with, errors, rendered, HEADER};
use tmc_compiler::{Compilation, Options, ThreatSources};

/// Only the rules written in the test (and the stdlib's predicates).
fn own_rules() -> Options {
    Options {
        threats: ThreatSources::none(),
        exclude: Vec::new(),
        allow_outside_imports: false,
        ..Options::default()
    }
}

const MODEL: &str = r#"
boundary internet "Internet"
boundary dmz "DMZ"
Actor user "User" in internet
Server web "Web" in dmz { protocol = "HTTPS" port = 443 }
Process worker "Worker" in dmz { usesEnvironmentVariables = true }
Datastore db "DB" in dmz { controls.isEncryptedAtRest = true }
Data xml "Order XML" { format = "XML" classification = SENSITIVE }
Data token "Token" { isCredentials = true credentialsLife = HARDCODED }
flow login: user -> web "Login" { data = [token] tlsVersion = TLSv11 }
flow order: web -> worker "Order" { data = [xml] }
flow store: worker -> db "Store" { data = [xml] }
"#;

fn compile(rules: &str) -> Compilation {
    compile_with_options(rules, &own_rules())
}

fn compile_with_options(rules: &str, options: &Options) -> Compilation {
    let text = format!("{HEADER}{MODEL}{rules}");
    compile_files_with(&[("m.tm", &text)], options)
}

/// A threat `T` on `targets` with condition `when`.
fn rule(targets: &str, when: &str) -> String {
    format!(
        "threat T \"Test\" {{\n  targets = [{targets}]\n  severity = High\n  when = {when}\n}}\n"
    )
}

/// Asserts exactly one error, and returns its notes.
fn single_error(rules: &str, code: &str, message: &str, under: &str) -> Vec<String> {
    let c = compile(rules);
    assert_eq!(
        errors(&c),
        vec![(code.to_string(), message.to_string(), under.to_string())],
        "\n{}",
        rendered(&c)
    );
    c.diagnostics
        .iter()
        .find(|d| d.is_error())
        .map(|d| d.notes.clone())
        .unwrap_or_default()
}

/// The ids of the findings (`THREAT@element`), in order.
fn found(c: &Compilation) -> Vec<String> {
    assert!(!c.has_errors(), "{}", rendered(c));
    c.findings
        .as_ref()
        .expect("findings")
        .iter()
        .filter(|f| !f.is_excluded())
        .map(|f| f.id(&c.library, c.model.as_ref().expect("a model")))
        .collect()
}

fn findings_of(rules: &str) -> Vec<String> {
    found(&compile(rules))
}

// ------------------------------------------------------------ rule errors

#[test]
fn unknown_name() {
    let notes = single_error(
        &rule("Server", "targte.inScope"),
        "unknown-name",
        "`targte` is not defined",
        "targte",
    );
    assert_eq!(notes[0], "did you mean `target`?");
}

#[test]
fn unknown_attribute_with_suggestion() {
    let notes = single_error(
        &rule("Server", "target.usesCach"),
        "unknown-attribute",
        "unknown attribute `usesCach` on Server",
        "usesCach",
    );
    assert_eq!(notes, vec!["did you mean `usesCache`?"]);
}

#[test]
fn a_control_read_without_controls() {
    let notes = single_error(
        &rule("Server", "target.sanitizesInput"),
        "unknown-attribute",
        "unknown attribute `sanitizesInput` on Server",
        "sanitizesInput",
    );
    assert!(notes.iter().any(|n| n.contains("`controls`")), "{notes:?}");
}

#[test]
fn an_attribute_missing_on_one_target_kind_asks_for_narrowing() {
    let notes = single_error(
        &rule("Server, Dataflow", "target.tlsVersion == TLSv12"),
        "unknown-attribute",
        "unknown attribute `tlsVersion` on Server",
        "tlsVersion",
    );
    assert_eq!(
        notes,
        vec![
            "it is an attribute of Dataflow only; narrow first, e.g. `target is Dataflow and ...`"
        ]
    );
}

#[test]
fn unknown_field_of_a_record() {
    let notes = single_error(
        &rule("Server", "target.controls.sanitisesInput"),
        "unknown-attribute",
        "`sanitisesInput` is not a field of Controls",
        "sanitisesInput",
    );
    assert_eq!(notes, vec!["did you mean `sanitizesInput`?"]);
}

#[test]
fn reading_through_an_optional() {
    single_error(
        &rule("Server", "target.inBoundary.inScope"),
        "optional-access",
        "cannot read `inScope` of a value that may be none (Boundary?)",
        "inScope",
    );
}

#[test]
fn a_condition_must_be_a_bool() {
    let notes = single_error(
        &rule("Server", "target.protocol"),
        "type-mismatch",
        "expected bool, found string",
        "target.protocol",
    );
    assert_eq!(
        notes,
        vec!["compare it with `==`, `!=`, `<`, ... to get a bool"]
    );
}

#[test]
fn comparing_different_types() {
    let notes = single_error(
        &rule("Server", "target.port == \"443\""),
        "type-mismatch",
        "cannot compare int with string",
        "target.port == \"443\"",
    );
    assert!(notes.is_empty(), "{notes:?}");
}

#[test]
fn an_enum_compared_with_a_string() {
    let notes = single_error(
        &rule("Dataflow", "target.tlsVersion == \"TLSv12\""),
        "type-mismatch",
        "cannot compare TLSVersion with string",
        "target.tlsVersion == \"TLSv12\"",
    );
    assert_eq!(notes, vec!["enum members are written bare, without quotes"]);
}

#[test]
fn ordering_an_unordered_enum() {
    let notes = single_error(
        &rule(
            "Dataflow",
            "any d in target.data: d.credentialsLife > SHORT",
        ),
        "unordered-comparison",
        "`>` needs ordered operands; Lifetime has no order",
        "d.credentialsLife > SHORT",
    );
    assert!(notes[0].contains("not an `ordered enum`"), "{notes:?}");
}

#[test]
fn ordering_strings() {
    single_error(
        &rule("Server", "target.protocol < \"HTTP\""),
        "unordered-comparison",
        "`<` needs ordered operands; string has no order",
        "target.protocol < \"HTTP\"",
    );
}

#[test]
fn unknown_enum_member() {
    let notes = single_error(
        &rule("Dataflow", "target.tlsVersion < TLS12"),
        "unknown-enum-member",
        "`TLS12` is not a member of `TLSVersion`",
        "TLS12",
    );
    assert_eq!(notes[0], "did you mean `TLSv12`?");
}

#[test]
fn a_kind_test_that_can_never_hold() {
    single_error(
        &rule("Server", "target is Dataflow"),
        "impossible-kind-test",
        "Server can never be a Dataflow",
        "Dataflow",
    );
}

#[test]
fn a_kind_test_with_an_unknown_kind() {
    let notes = single_error(
        &rule("Server", "target is Sever"),
        "unknown-kind",
        "`Sever` is not a known kind",
        "Sever",
    );
    assert_eq!(notes, vec!["did you mean `Server`?"]);
}

#[test]
fn an_unknown_target_kind() {
    let c = compile("threat T \"Test\" { targets = [Sever] severity = High when = true }");
    assert_eq!(errors(&c)[0].0, "unknown-kind", "{}", rendered(&c));
}

#[test]
fn a_target_that_is_not_an_element() {
    single_error(
        "threat T \"Test\" { targets = [Data] severity = High when = true }",
        "invalid-target",
        "`Data` cannot be a threat target",
        "[Data]",
    );
}

#[test]
fn unknown_predicate() {
    let notes = single_error(
        &rule("Dataflow", "hasDataLeak(target)"),
        "unknown-predicate",
        "`hasDataLeak` is not a predicate",
        "hasDataLeak",
    );
    assert_eq!(notes[0], "did you mean `hasDataLeaks`?");
}

#[test]
fn wrong_number_of_arguments() {
    single_error(
        &rule("Dataflow", "hasDataLeaks(target, target)"),
        "wrong-arity",
        "`hasDataLeaks` takes 1 argument, found 2",
        "hasDataLeaks(target, target)",
    );
}

#[test]
fn reaches_takes_two_elements() {
    single_error(
        &rule("Server", "reaches(target)"),
        "wrong-arity",
        "`reaches` takes 2 arguments, found 1",
        "reaches(target)",
    );
    single_error(
        &rule("Server", "reaches(target, target.inBoundary)"),
        "type-mismatch",
        "expected Element, found Boundary?",
        "target.inBoundary",
    );
    single_error(
        &rule("Server", "any d in target.data: reaches(target, d)"),
        "type-mismatch",
        "expected Element, found Data",
        "d",
    );
}

#[test]
fn path_takes_two_elements_and_is_a_list_of_flows() {
    single_error(
        &rule("Server", "count(path(target, target, target)) > 0"),
        "wrong-arity",
        "`path` takes 2 arguments, found 3",
        "path(target, target, target)",
    );
    single_error(
        &rule("Server", "any d in target.data: count(path(d, target)) > 0"),
        "type-mismatch",
        "expected Element, found Data",
        "d",
    );
    single_error(
        &rule("Server", "path(target, target)"),
        "type-mismatch",
        "expected bool, found [Dataflow]",
        "path(target, target)",
    );
    single_error(
        &rule("Server", "any f in path(target, target): f.tlsVersion"),
        "type-mismatch",
        "expected bool, found TLSVersion",
        "f.tlsVersion",
    );
}

#[test]
fn reaches_and_path_are_no_names_for_predicates() {
    for name in ["reaches", "path"] {
        let c = compile(&format!("predicate {name}(e: Element) = true"));
        assert_eq!(
            errors(&c),
            vec![(
                "duplicate-definition".to_string(),
                format!("`{name}` is built into the condition language"),
                name.to_string()
            )],
            "{}",
            rendered(&c)
        );
    }
}

#[test]
fn an_argument_of_the_wrong_kind() {
    single_error(
        &rule("Server", "hasDataLeaks(target)"),
        "type-mismatch",
        "expected Dataflow, found Server",
        "target",
    );
}

#[test]
fn a_list_outside_in() {
    single_error(
        &rule("Server", "[true]"),
        "misplaced-list",
        "a list is only allowed after `in`",
        "[true]",
    );
}

#[test]
fn a_quantifier_over_something_else_than_a_list() {
    single_error(
        &rule("Server", "any x in target.protocol: true"),
        "type-mismatch",
        "`any` ranges over a list, found string",
        "target.protocol",
    );
}

#[test]
fn results_of_the_rules_cannot_be_read_by_rules() {
    single_error(
        &rule("Server", "count(target.findings) > 0"),
        "uncomputed-attribute",
        "`findings` is not known while rules run",
        "findings",
    );
}

#[test]
fn recursive_predicates() {
    let c = compile("predicate loop(e: Element) = loop(e)\n");
    let errs = errors(&c);
    assert_eq!(errs.len(), 1, "{}", rendered(&c));
    assert_eq!(errs[0].0, "predicate-cycle");
    assert_eq!(errs[0].1, "predicate `loop` calls itself");
}

#[test]
fn a_threat_without_condition_or_title() {
    let c = compile("threat T { targets = [Server] severity = High }");
    let mut codes: Vec<String> = errors(&c).into_iter().map(|e| e.0).collect();
    codes.sort();
    assert_eq!(
        codes,
        vec!["missing-condition", "missing-title"],
        "{}",
        rendered(&c)
    );
}

#[test]
fn a_threat_field_is_checked_like_any_attribute() {
    let c = compile("threat T \"Test\" { targets = [Server] severity = Hgh when = true }");
    let errs = errors(&c);
    assert_eq!(errs[0].0, "unknown-enum-member", "{}", rendered(&c));
    assert!(c.diagnostics[0]
        .notes
        .iter()
        .any(|n| n == "did you mean `High`?"));
}

#[test]
fn duplicate_threat_ids() {
    let c = compile(&format!(
        "{}{}",
        rule("Server", "true"),
        rule("Process", "true")
    ));
    let errs = errors(&c);
    assert_eq!(errs.len(), 1, "{}", rendered(&c));
    assert_eq!(errs[0].1, "threat `T` is declared twice");
}

#[test]
fn two_when_clauses() {
    single_error(
        "threat T \"Test\" { targets = [Server] severity = High when = true when = false }",
        "duplicate-attribute",
        "`when` is set twice",
        "false",
    );
}

// ------------------------------------------------------------ evaluation

#[test]
fn a_rule_applies_to_its_targets_and_their_subkinds() {
    assert_eq!(
        findings_of(&rule("Asset", "true")),
        vec!["T@web", "T@worker", "T@db"]
    );
}

#[test]
fn is_narrows_the_right_side_of_and() {
    let f = findings_of(&rule(
        "Server, Dataflow",
        "target is Dataflow and target.tlsVersion == TLSv11",
    ));
    assert_eq!(f, vec!["T@login"]);
}

#[test]
fn a_negated_kind_test_narrows_the_right_side_of_or() {
    let f = findings_of(&rule(
        "Server, Dataflow",
        "not (target is Dataflow) or target.tlsVersion == NONE",
    ));
    assert_eq!(f, vec!["T@web", "T@order", "T@store"]);
}

#[test]
fn quantifiers_and_membership() {
    let any = findings_of(&rule(
        "Dataflow",
        "any d in target.data: d.format == \"XML\"",
    ));
    assert_eq!(any, vec!["T@order", "T@store"]);
    let members = findings_of(&rule(
        "Dataflow",
        "any d in target.data: d.credentialsLife in [LONG, HARDCODED]",
    ));
    assert_eq!(members, vec!["T@login"]);
    let all = findings_of(&rule("Dataflow", "all d in target.data: d.isCredentials"));
    assert_eq!(all, vec!["T@login"]);
    let count = findings_of(&rule(
        "Process",
        "count(target.inputs) == 1 and (count d in target.outputs: true) == 1",
    ));
    assert_eq!(count, vec!["T@worker"]);
}

#[test]
fn an_optional_is_quantified_as_none_or_one_item() {
    let set = findings_of(&rule(
        "Element",
        "any b in target.inBoundary: b == dmz and b.inScope",
    ));
    assert_eq!(set, vec!["T@web", "T@worker", "T@db"]);
    // The two boundaries sit in none: `any` is false, `all` true.
    let unset = findings_of(&rule("Boundary", "any b in target.inBoundary: true"));
    assert_eq!(unset, Vec::<String>::new());
    let all = findings_of(&rule("Boundary", "all b in target.inBoundary: false"));
    assert_eq!(all, vec!["T@internet", "T@dmz"]);
    let count = findings_of(&rule(
        "Actor",
        "(count b in target.inBoundary: b == internet) == 1",
    ));
    assert_eq!(count, vec!["T@user"]);
}

#[test]
fn ordered_enums_compare_by_position() {
    let f = findings_of(&rule(
        "Dataflow",
        "any d in target.data: d.classification >= SENSITIVE",
    ));
    assert_eq!(f, vec!["T@order", "T@store"]);
}

#[test]
fn paths_through_flow_ends_and_model_objects() {
    let f = findings_of(&rule(
        "Dataflow",
        "target.sink.inBoundary == dmz and crosses(target, internet)",
    ));
    assert_eq!(f, vec!["T@login"]);
}

#[test]
fn flows_inherit_what_they_do_not_say_from_their_ends() {
    // `login` says no protocol: it takes its sink's.
    let f = findings_of(&rule(
        "Dataflow",
        "target.protocol == \"HTTPS\" and target.dstPort == 443",
    ));
    assert_eq!(f, vec!["T@login"]);
    // Stored data takes encryption at rest from the datastore it goes to.
    let f = findings_of(&rule(
        "Dataflow",
        "any d in target.data: d.isDestEncryptedAtRest",
    ));
    assert_eq!(f, Vec::<String>::new(), "xml is not marked isStored");
}

#[test]
fn user_predicates_and_model_identifiers() {
    let rules = format!(
        "predicate fromOutside(f: Dataflow) = f.source.inBoundary == internet\n{}",
        rule("Dataflow", "fromOutside(target)")
    );
    assert_eq!(findings_of(&rules), vec!["T@login"]);
}

#[test]
fn out_of_scope_elements_get_no_findings() {
    let text = format!(
        "{HEADER}Server a \"A\" {{ inScope = false }}\nServer b \"B\"\n{}",
        rule("Server", "true")
    );
    let c = compile_files_with(&[("m.tm", &text)], &own_rules());
    assert_eq!(found(&c), vec!["T@b"]);
}

#[test]
fn excluded_threats_are_dropped() {
    let mut options = own_rules();
    options.exclude = vec!["T".into()];
    let c = compile_with_options(&rule("Server", "true"), &options);
    assert_eq!(found(&c), Vec::<String>::new());
    let text = format!(
        "model \"M\" {{ description = \"d\" exclude = [\"T\"] }}\nServer s \"S\"\n{}",
        rule("Server", "true")
    );
    let c = compile_files_with(&[("m.tm", &text)], &own_rules());
    assert_eq!(found(&c), Vec::<String>::new());
}

#[test]
fn assumptions_exclude_but_keep_the_finding() {
    let text = format!(
        "{HEADER}Server s \"S\" {{ assumptions = [{{ name = \"Behind a WAF\" exclude = [\"T\"] }}] }}\nServer t \"T\"\n{}",
        rule("Server", "true")
    );
    let c = compile_files_with(&[("m.tm", &text)], &own_rules());
    assert_eq!(found(&c), vec!["T@t"]);
    let all = c.findings.as_ref().unwrap();
    let excluded: Vec<_> = all.iter().filter(|f| f.is_excluded()).collect();
    assert_eq!(excluded.len(), 1);
    assert_eq!(excluded[0].id(&c.library, c.model.as_ref().unwrap()), "T@s");
    assert_eq!(excluded[0].excluded_by.as_deref(), Some("Behind a WAF"));
}

#[test]
fn overrides_change_severity_and_record_a_response() {
    let text = format!(
        "{HEADER}Server s \"S\" {{ overrides = [{{ threat_id = \"T\" severity = Low response = \"Mitigated by WAF\" }}] }}\n{}",
        rule("Server", "true")
    );
    let c = compile_files_with(&[("m.tm", &text)], &own_rules());
    let f = &c.findings.as_ref().unwrap()[0];
    assert_eq!(f.severity.label(), "Low");
    assert_eq!(f.overridden.as_ref().unwrap().response, "Mitigated by WAF");
}

#[test]
fn an_override_that_matches_nothing_is_a_warning() {
    let text = format!(
        "{HEADER}Server s \"S\" {{ overrides = [{{ threat_id = \"T\" response = \"x\" }}] }}\n{}",
        rule("Server", "false")
    );
    let c = compile_files_with(&[("m.tm", &text)], &own_rules());
    let codes: Vec<&str> = c.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, vec!["unused-override"], "{}", rendered(&c));
    assert!(!c.has_errors());
}

#[test]
fn unknown_threat_ids_are_warnings_with_suggestions() {
    let mut options = own_rules();
    options.exclude = vec!["TT".into()];
    let c = compile_with_options(&rule("Server", "true"), &options);
    let d = c
        .diagnostics
        .iter()
        .find(|d| d.code == "unknown-threat")
        .expect("warning");
    assert_eq!(d.message, "`TT` is excluded but no threat has this id");
    assert_eq!(d.notes[0], "did you mean `T`?");
}

#[test]
fn deprecated_threats_are_never_reported() {
    let rules = "threat T \"Test\" { targets = [Server] severity = High deprecated = \"superseded\" when = true }";
    assert_eq!(findings_of(rules), Vec::<String>::new());
}

#[test]
fn rule_files_add_to_or_replace_the_builtin_library() {
    // An actor calls the server, so the built-in SC05 (checks left to the
    // client) applies to it.
    let model = format!("{HEADER}Server s \"S\"\nActor u \"U\"\nflow f: u -> s \"F\"\n");
    let mine = rule("Server", "true");
    let builtin_and_mine = Options {
        threats: ThreatSources {
            builtin: true,
            library: None,
            files: vec!["mine.tm".into()],
        },
        exclude: Vec::new(),
        allow_outside_imports: false,
        ..Options::default()
    };
    let c = compile_files_with(&[("m.tm", &model), ("mine.tm", &mine)], &builtin_and_mine);
    let ids = found(&c);
    assert!(
        ids.contains(&"T@s".to_string()) && ids.contains(&"SC05@s".to_string()),
        "{ids:?}"
    );
    // `threatsFile` in the header replaces the built-in library.
    let replacing =
        "model \"M\" { description = \"d\" threatsFile = \"mine.tm\" }\nServer s \"S\"\n";
    let c = compile_files_with(
        &[("m.tm", replacing), ("mine.tm", &mine)],
        &Options::default(),
    );
    assert_eq!(found(&c), vec!["T@s"]);
}

#[test]
fn a_missing_threats_file_is_an_error_at_its_name() {
    let text = "model \"M\" { description = \"d\" threatsFile = \"nope.tm\" }\n";
    let c = compile_files_with(&[("m.tm", text)], &Options::default());
    let errs = errors(&c);
    assert_eq!(errs[0].0, "unreadable-file", "{}", rendered(&c));
    assert_eq!(errs[0].2, "\"nope.tm\"");
}

#[test]
fn the_builtin_libraries_compile_clean() {
    let c = tmc_compiler::compile(&[], &Options::default());
    assert!(c.diagnostics.is_empty(), "{}", rendered(&c));
    // tmc's library: pytm's threats merged and dropped where tmc's are
    // sharper, and threats of its own; none deprecated.
    assert_eq!(c.library.threats.len(), 163);
    assert!(c.library.threats.iter().all(|t| t.deprecated.is_none()));
    let mut pytm = Options::default();
    pytm.threats.library = Some(tmc_compiler::Builtin::Pytm);
    let c = tmc_compiler::compile(&[], &pytm);
    assert!(c.diagnostics.is_empty(), "{}", rendered(&c));
    // pytm's library: all of pytm 1.4's threats.
    assert_eq!(c.library.threats.len(), 114);
    let deprecated: Vec<&str> = c
        .library
        .threats
        .iter()
        .filter(|t| t.deprecated.is_some())
        .map(|t| t.id.as_str())
        .collect();
    assert_eq!(deprecated, vec!["AC22"]);
}

#[test]
fn finding_ids_are_stable_across_runs() {
    let rules = rule("Asset", "true");
    assert_eq!(findings_of(&rules), findings_of(&rules));
}

#[test]
fn ignore_unused_leaves_out_elements_in_no_flow() {
    let text = format!(
        "model \"M\" {{ description = \"d\" ignoreUnused = true }}\nboundary b \"B\"\nboundary empty \"E\"\nServer a \"A\" in b\nServer lonely \"L\"\nActor u \"U\"\nflow u -> a \"x\"\n{}",
        rule("Server, Boundary", "true")
    );
    let c = compile_files_with(&[("m.tm", &text)], &own_rules());
    assert_eq!(found(&c), vec!["T@b", "T@a"]);
}

#[test]
fn a_threat_with_no_targets() {
    single_error(
        "threat T \"Test\" { targets = [] severity = High when = target.inScope }",
        "invalid-target",
        "threat `T` targets no kind",
        "[]",
    );
}

#[test]
fn an_enum_member_wins_over_a_model_identifier_of_the_same_name() {
    let rules = format!(
        "Server LONG \"Named like a Lifetime\"\n{}",
        rule(
            "Dataflow",
            "any d in target.data: d.credentialsLife in [LONG, HARDCODED]"
        )
    );
    assert_eq!(findings_of(&rules), vec!["T@login"]);
}

#[test]
fn a_rule_file_cannot_declare_model_objects() {
    let model = format!("{HEADER}Server s \"S\"\n");
    let options = Options {
        threats: ThreatSources {
            builtin: false,
            library: None,
            files: vec!["mine.tm".into()],
        },
        exclude: Vec::new(),
        allow_outside_imports: false,
        ..Options::default()
    };
    let c = compile_files_with(
        &[("m.tm", &model), ("mine.tm", "Server sneaky \"S\"\n")],
        &options,
    );
    let errs = errors(&c);
    assert_eq!(errs.len(), 1, "{}", rendered(&c));
    assert_eq!(errs[0].0, "model-in-rule-file");
}

#[test]
fn two_overrides_of_one_threat_on_one_element() {
    let text = format!(
        "{HEADER}Server s \"S\" {{ overrides = [{{ threat_id = \"T\" }}, {{ threat_id = \"T\" }}] }}\n{}",
        rule("Server", "true")
    );
    let c = compile_files_with(&[("m.tm", &text)], &own_rules());
    let errs = errors(&c);
    assert_eq!(errs.len(), 1, "{}", rendered(&c));
    assert_eq!(errs[0].1, "T is overridden twice on `s`");
}
