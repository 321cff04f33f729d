//! Schema and rule declarations that used to recurse without end or
//! without bound (issue #19, item 2): records that hold themselves, long
//! and doubling chains of records, kinds and predicates. Each is an error
//! at its place, in every command, in a model, a `--threats` file and a
//! `threatsFile`, and in the language server, which used to die as soon as
//! `record R { r: R }` was typed.

use std::path::Path;
use std::time::Duration;

use serde_json::{json, Value};

use super::{scratch, tmc, write, HEADER, MODEL};

use crate::lsp_wire;

/// A record holding itself, and two holding each other.
const SELF: &str = "record R { r: R }\n";
const PAIR: &str = "record A { b: B }\nrecord B { a: A }\n";

/// Every command that compiles a model, on `m.tm`.
fn every_command(dir: &Path, code: &str, at: &str) {
    let runs: [&[&str]; 10] = [
        &["check", "m.tm"],
        &["threats", "m.tm"],
        &["json", "m.tm"],
        &["sqldump", "m.tm", "out.sqlite"],
        &["stale", "m.tm", "--days", "1"],
        &["report", "m.tm"],
        &["dfd", "m.tm"],
        &["check", "--format", "json", "m.tm"],
        &["check", "--format", "sarif", "m.tm"],
        &["diff", "m.tm", "m.tm"],
    ];
    for args in runs {
        let run = tmc(dir, args);
        // `diff` says "trouble" with 2; the others "problems in the model".
        run.exits(if args[0] == "diff" { 2 } else { 1 });
        if args.contains(&"json") && args.contains(&"--format") {
            assert!(run.stdout.contains(code), "{args:?}: {}", run.stdout);
        } else {
            run.says(&[&format!("error[{code}]"), at]);
        }
    }
}

#[test]
fn records_that_hold_themselves_are_errors_in_every_command() {
    for (text, at, chain) in [
        (SELF, "m.tm:2:12", "the chain is R.r -> R"),
        (PAIR, "m.tm:2:12", "the chain is A.b -> B.a -> A"),
    ] {
        let dir = scratch();
        write(
            dir.path(),
            "m.tm",
            format!("{HEADER}{text}Server s \"S\"\n"),
        );
        every_command(dir.path(), "record-cycle", at);
        tmc(dir.path(), &["check", "m.tm"]).says(&[chain, "make the field optional"]);
    }
}

#[test]
fn records_that_hold_themselves_in_rule_files_are_errors() {
    let dir = scratch();
    write(dir.path(), "rules.tm", PAIR);
    write(dir.path(), "m.tm", MODEL);
    tmc(dir.path(), &["list-threats", "--threats", "rules.tm"])
        .exits(1)
        .says(&["error[record-cycle]", "rules.tm:1:12"]);
    tmc(dir.path(), &["threats", "--threats", "rules.tm", "m.tm"])
        .exits(1)
        .says(&["error[record-cycle]", "rules.tm:1:12"]);
    let model = MODEL.replacen(
        "description = \"d\"",
        "description = \"d\" threatsFile = \"rules.tm\"",
        1,
    );
    write(dir.path(), "own.tm", model);
    tmc(dir.path(), &["check", "own.tm"])
        .exits(1)
        .says(&["error[record-cycle]", "rules.tm:1:12"]);
}

#[test]
fn records_that_refer_to_themselves_through_optionals_and_lists_are_fine() {
    let dir = scratch();
    let schema = "record Node { next: Node? children: [Node] = [] label: string = \"\" }\nkind Tree : Asset { root: Node? }\n";
    write(
        dir.path(),
        "m.tm",
        format!("{HEADER}{schema}Tree t \"T\" {{ root = {{ next = {{ label = \"b\" }} children = [{{}}] }} }}\n"),
    );
    let run = tmc(dir.path(), &["json", "m.tm"]);
    run.exits(0);
    let doc: Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(
        doc["elements"][0]["attributes"]["root"]["next"]["label"],
        json!("b")
    );
}

/// `n` declarations made by `line(i)` for `i` in `0..n`.
fn lines(n: usize, line: impl Fn(usize) -> String) -> String {
    (0..n).map(line).collect()
}

#[test]
fn long_and_doubling_chains_are_one_error_each_and_quick() {
    let cases = [
        (
            "a chain of 20,000 records",
            lines(20_000, |i| format!("record R{i} {{ next: R{} }}\n", i + 1))
                + "record R20000 { x: int = 1 }\n",
            "record-too-deep",
        ),
        (
            "records each holding the next twice, 60 deep",
            lines(60, |i| format!("record R{i} {{ a: R{0} b: R{0} }}\n", i + 1))
                + "record R60 { x: int = 1 }\n",
            "record-too-large",
        ),
        (
            "a kind holding 2,000 values",
            format!(
                "record Big {{ {} }}\nkind Wide : Asset {{ one: Big two: Big }}\n",
                lines(1_000, |i| format!("f{i}: int = 0 "))
            ),
            "kind-too-large",
        ),
        (
            "a chain of 20,000 kinds",
            "kind K0 : Asset {}\n".to_string()
                + &lines(20_000, |i| format!("kind K{} : K{i} {{}}\n", i + 1)),
            "inheritance-too-deep",
        ),
        (
            "three kinds inheriting in a circle",
            "kind A : B {}\nkind B : C {}\nkind C : A {}\n".to_string(),
            "inheritance-cycle",
        ),
        (
            "three predicates calling in a circle",
            "predicate a(e: Element) = b(e)\npredicate b(e: Element) = c(e)\npredicate c(e: Element) = a(e)\n".to_string(),
            "predicate-cycle",
        ),
        (
            "a chain of 20,000 predicates",
            lines(20_000, |i| format!("predicate p{i}(e: Element) = p{}(e)\n", i + 1))
                + "predicate p20000(e: Element) = e.inScope\n",
            "condition-too-deep",
        ),
        (
            "predicates each calling the next twice, 60 deep",
            lines(60, |i| format!("predicate p{i}(e: Element) = p{0}(e) or p{0}(e)\n", i + 1))
                + "predicate p60(e: Element) = e.inScope\n",
            "condition-too-large",
        ),
    ];
    for (what, text, code) in cases {
        let dir = scratch();
        write(dir.path(), "rules.tm", &text);
        write(dir.path(), "m.tm", MODEL);
        let run = tmc(dir.path(), &["check", "--threats", "rules.tm", "m.tm"]);
        run.exits(1).says(&[&format!("error[{code}]"), "rules.tm:"]);
        let errors = run.stderr.matches("error[").count();
        assert_eq!(errors, 1, "{what}: one error, not {errors}\n{}", run.head());
        // Generous: a debug build takes a few seconds under load.
        assert!(run.took < Duration::from_secs(60), "{what}: {:?}", run.took);
    }
}

#[test]
fn an_enum_of_100000_members_is_looked_up_and_listed_quickly() {
    let dir = scratch();
    let members = lines(100_000, |i| format!("M{i} "));
    let wrong = lines(2_000, |i| format!("Server s{i} \"S\" {{ level = N{i} }}\n"));
    write(
        dir.path(),
        "m.tm",
        format!(
            "{HEADER}enum Level {{ {members} }}\nkind Leveled : Server {{ level: Level = M0 }}\n{}",
            wrong.replace("Server s", "Leveled s")
        ),
    );
    let run = tmc(dir.path(), &["check", "m.tm"]);
    run.exits(1).says(&[
        "error[unknown-enum-member]",
        "`Level` is one of: M0, M1,",
        "and 99970 more",
    ]);
    assert!(run.took < Duration::from_secs(60), "{:?}", run.took);
}

/// What the language server publishes for `text` opened as `m.tm`.
fn published(text: &str) -> Vec<Value> {
    let dir = scratch();
    let root = dir.path().canonicalize().unwrap();
    let path = root.join("m.tm");
    std::fs::write(&path, text).unwrap();
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_tmc"));
    command.arg("lsp").stderr(std::process::Stdio::null());
    let lsp_wire::Connection {
        mut child,
        mut stdin,
        messages,
    } = lsp_wire::spawn(command);
    let mut send = |message: Value| lsp_wire::write_message(&mut stdin, &message).unwrap();
    let uri = format!("file://{}", path.display());
    send(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"processId": null, "rootUri": format!("file://{}", root.display()), "capabilities": {}}}));
    let next = || {
        messages
            .recv_timeout(Duration::from_secs(60))
            .expect("the server answers (it did not die)")
    };
    // Notifications before the answer to `initialize` are not read.
    while next()["id"] != 1 {}
    send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    send(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen",
        "params": {"textDocument": {"uri": uri, "languageId": "tm", "version": 1, "text": text}}}));
    let diagnostics = loop {
        let m = next();
        if m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri {
            break m["params"]["diagnostics"].as_array().unwrap().clone();
        }
    };
    send(json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}));
    send(json!({"jsonrpc": "2.0", "method": "exit"}));
    let status = child.wait().unwrap();
    assert!(status.success(), "the server exits cleanly: {status:?}");
    diagnostics
}

#[test]
fn the_language_server_reports_records_that_hold_themselves_and_lives_on() {
    for text in [SELF, PAIR] {
        let diagnostics = published(&format!("{HEADER}{text}Server s \"S\"\n"));
        assert!(
            diagnostics.iter().any(|d| d["code"] == "record-cycle"),
            "{diagnostics:?}"
        );
    }
}
