//! `tmc test`: the built-in library's own tests (threats/tmc/tests/, embedded)
//! pass, and the command line's report of users' tests: failures with what
//! was expected and what happened (exit 1), tests that do not compile
//! (exit 2, with hints), a user's own rule file tested with `--threats`.

use std::process::Output;

#[path = "support/run.rs"]
mod run;
use run::{stderr, stdout, tmc};

const OWN_RULES: &str = "tests/fixtures/ruletest/own_rules.tm";

/// `tmc test` of one fixture with the own rules only.
fn own(file: &str) -> Output {
    tmc(&[
        "test",
        "--no-builtin-threats",
        "--threats",
        OWN_RULES,
        &format!("tests/fixtures/ruletest/{file}"),
    ])
}

#[test]
fn the_builtin_library_passes_its_own_tests() {
    let o = tmc(&["test"]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{out}{}", stderr(&o));
    assert_eq!(stderr(&o), "");
    let lines: Vec<&str> = out.lines().collect();
    let (summary, outcomes) = lines.split_last().expect("a summary line");
    assert!(outcomes.len() >= 10, "{out}");
    assert!(
        outcomes.iter().all(|l| l.starts_with("ok   <tmc>/tests/")),
        "{out}"
    );
    assert_eq!(*summary, format!("{} passed, 0 failed", outcomes.len()));
    // Every embedded test file is run.
    for (name, _) in tmc_compiler::ruletest::RULE_TESTS {
        assert!(
            out.contains(&format!("ok   {name}:")),
            "{name} not run:\n{out}"
        );
    }
}

#[test]
fn a_failing_expectation_says_what_was_expected_and_what_happened() {
    let o = own("failing.tm");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(stderr(&o), "");
    insta::assert_snapshot!("ruletest_failing", stdout(&o));
}

#[test]
fn an_unknown_threat_id_is_an_error_with_a_hint() {
    let o = own("unknown_threat.tm");
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stdout(&o),
        "0 passed, 0 failed; 1 test file did not compile\n"
    );
    insta::assert_snapshot!("ruletest_unknown_threat", stderr(&o));
}

#[test]
fn an_element_the_threat_never_targets_is_an_error_naming_its_targets() {
    let o = own("wrong_kind.tm");
    assert_eq!(o.status.code(), Some(2));
    insta::assert_snapshot!("ruletest_wrong_kind", stderr(&o));
}

#[test]
fn a_users_own_rule_file_is_tested_with_threats() {
    let o = own("own_rules_test.tm");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stderr(&o), "");
    assert_eq!(
        stdout(&o),
        "ok   tests/fixtures/ruletest/own_rules_test.tm:12 http \"fires on a plain HTTP server\"\n\
         ok   tests/fixtures/ruletest/own_rules_test.tm:16 https \"quiet on an HTTPS server\"\n\
         2 passed, 0 failed\n"
    );
    // Without the rule file, its ids are unknown: the test does not compile.
    let o = tmc(&["test", "tests/fixtures/ruletest/own_rules_test.tm"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("`OWN01` is expected but no threat has this id"));
}

#[test]
fn several_files_are_tested_one_by_one_and_the_worst_exit_code_wins() {
    let o = tmc(&[
        "test",
        "--no-builtin-threats",
        "--threats",
        OWN_RULES,
        "tests/fixtures/ruletest/own_rules_test.tm",
        "tests/fixtures/ruletest/failing.tm",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).ends_with("\n3 passed, 3 failed\n"),
        "{}",
        stdout(&o)
    );
    let o = tmc(&[
        "test",
        "--no-builtin-threats",
        "--threats",
        OWN_RULES,
        "tests/fixtures/ruletest/failing.tm",
        "tests/fixtures/ruletest/wrong_kind.tm",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stdout(&o).ends_with("\n1 passed, 3 failed; 1 test file did not compile\n"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn an_excluded_threat_does_not_fire_and_the_failure_says_why() {
    let o = tmc(&[
        "test",
        "--no-builtin-threats",
        "--threats",
        OWN_RULES,
        "--exclude",
        "OWN01",
        "tests/fixtures/ruletest/own_rules_test.tm",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains(
            "     but:      OWN01 did not fire on plain (Server): OWN01 is excluded from this run"
        ),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_test_without_expectations_is_a_warning() {
    let o = own("no_expect.tm");
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), "0 passed, 0 failed\n");
    assert!(
        stderr(&o).contains("warning[no-expectations]: this test has no `Expect`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn an_expectation_sits_in_no_boundary() {
    let o = own("in_boundary.tm");
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("error[expect-in-boundary]: expectations do not sit in boundaries"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn usage_errors_exit_2() {
    // The built-in tests need the built-in threats.
    let o = tmc(&["test", "--no-builtin-threats"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--no-builtin-threats"),
        "{}",
        stderr(&o)
    );
    let o = tmc(&["test", "no/such/test.tm"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unreadable-file"), "{}", stderr(&o));
}

#[test]
fn other_commands_ignore_expectations() {
    let o = tmc(&[
        "threats",
        "--no-builtin-threats",
        "--threats",
        OWN_RULES,
        "tests/fixtures/ruletest/own_rules_test.tm",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("OWN01"), "{out}");
    assert!(!out.contains("Expect") && !out.contains("https"), "{out}");
    let o = tmc(&["check", "tests/fixtures/ruletest/own_rules_test.tm"]);
    assert_eq!(
        stdout(&o),
        "ok: tests/fixtures/ruletest/own_rules_test.tm: 2 elements, 0 flows, 0 boundaries, 0 data items\n"
    );
}
