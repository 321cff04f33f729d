//! The `tmc` binary as a user runs it: exit codes, stdout, stderr, and the
//! golden files for describe output and rendered diagnostics.

use std::process::Output;

#[path = "support/run.rs"]
mod run;
use run::{stderr, stdout, tmc};

#[test]
fn check_the_bundled_example() {
    let o = tmc(&["check", "examples/webapp.tm"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "ok: examples/webapp.tm: 4 elements, 5 flows, 2 boundaries, 2 data items\n"
    );
    assert_eq!(stderr(&o), "");
    // The other examples: clean, with no warning (no unused override or unknown threat id).
    for model in ["examples/saas.tm", "examples/llm-agent.tm"] {
        let o = tmc(&["check", model]);
        assert_eq!(
            (o.status.code(), stderr(&o)),
            (Some(0), String::new()),
            "{model}"
        );
    }
}

#[test]
fn check_reports_every_mistake_at_once() {
    let o = tmc(&["check", "tests/fixtures/many_mistakes.tm"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o), "");
    insta::assert_snapshot!("many_mistakes", stderr(&o));
}

#[test]
fn check_json_output() {
    let o = tmc(&[
        "check",
        "--format",
        "json",
        "tests/fixtures/many_mistakes.tm",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("valid JSON");
    assert_eq!(v["ok"], false);
    let first = &v["diagnostics"][0];
    assert_eq!(first["severity"], "error");
    assert_eq!(first["location"]["file"], "tests/fixtures/many_mistakes.tm");
    assert!(first["location"]["line"].as_u64().unwrap() > 0);
    insta::assert_snapshot!("many_mistakes_json", stdout(&o));
}

#[test]
fn check_json_output_ok() {
    let o = tmc(&["check", "--format", "json", "examples/webapp.tm"]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("valid JSON");
    assert_eq!(v["ok"], true);
    assert_eq!(v["summary"]["flows"], 5);
    assert_eq!(v["diagnostics"], serde_json::json!([]));
}

#[test]
fn syntax_error_is_located() {
    let o = tmc(&["check", "tests/fixtures/syntax_error.tm"]);
    assert_eq!(o.status.code(), Some(1));
    insta::assert_snapshot!("syntax_error", stderr(&o));
}

/// Syntax errors in two files are all reported in one run, each slip with
/// its hint, the missing `}` at the brace it leaves open; what the broken
/// declarations declare is not reported again as unknown, and the rest of
/// the model is still checked (the undefined `missing`).
#[test]
fn every_syntax_error_of_every_file_is_reported() {
    let o = tmc(&["check", "tests/fixtures/recovery/main.tm"]);
    assert_eq!(o.status.code(), Some(1));
    insta::assert_snapshot!("recovery", stderr(&o));
}

#[test]
fn missing_file_is_a_usage_error() {
    let o = tmc(&["check", "no/such/file.tm"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("cannot read `no/such/file.tm`: no such file"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn invalid_utf8_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.tm");
    std::fs::write(&file, b"model \"\xff\" {}").unwrap();
    let o = tmc(&["check", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not valid UTF-8"), "{}", stderr(&o));
}

#[test]
fn usage_errors_exit_2() {
    let o = tmc(&["check"]);
    assert_eq!(o.status.code(), Some(2));
    let o = tmc(&["frobnicate"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn describe_every_kind_matches_its_golden_file() {
    for kind in [
        "Element",
        "Asset",
        "Actor",
        "Server",
        "Process",
        "SetOfProcesses",
        "Lambda",
        "Datastore",
        "ExternalEntity",
        "LLM",
        "Agent",
        "Dataflow",
        "Boundary",
        "Data",
        "Model",
        "Expect",
        "Controls",
        "Classification",
        "TLSVersion",
    ] {
        let o = tmc(&["describe", kind]);
        assert_eq!(o.status.code(), Some(0), "describe {kind}: {}", stderr(&o));
        insta::assert_snapshot!(format!("describe_{kind}"), stdout(&o));
    }
}

#[test]
fn describe_json() {
    let o = tmc(&["describe", "Lambda", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["parents"], serde_json::json!(["Asset", "Element"]));
    let on_aws = v["attributes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "onAWS")
        .unwrap();
    assert_eq!(on_aws["default"], "true");
    assert_eq!(on_aws["declared_in"], "Lambda");
}

#[test]
fn describe_unknown_suggests() {
    let o = tmc(&["describe", "Sever"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("did you mean `Server`?"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn list_elements_lists_every_kind() {
    let o = tmc(&["list-elements"]);
    assert_eq!(o.status.code(), Some(0));
    insta::assert_snapshot!("list_elements", stdout(&o));
}

#[test]
fn threats_of_the_bundled_example() {
    let o = tmc(&["threats", "examples/webapp.tm"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stderr(&o), "");
    insta::assert_snapshot!("threats_webapp", stdout(&o));
}

#[test]
fn threats_exclude_drops_threat_ids() {
    let all = stdout(&tmc(&["threats", "examples/webapp.tm"]));
    let o = tmc(&["threats", "examples/webapp.tm", "--exclude", "DE03,AC05"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let some = stdout(&o);
    assert!(all.contains("DE03@web_to_db") && all.contains("AC05@user_to_web"));
    assert!(!some.contains("DE03@") && !some.contains("AC05@"));
    assert!(some.contains("AA01@web"));
    assert!(
        some.ends_with("9 findings: 3 High, 5 Medium, 1 Low; 9 open\n"),
        "{some}"
    );
}

#[test]
fn threats_json_is_the_findings_and_their_threats() {
    let o = tmc(&["threats", "examples/webapp.tm", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("valid JSON");
    let findings = v["findings"].as_array().expect("an array");
    assert_eq!(findings.len(), 15);
    let first = &findings[0];
    assert_eq!(first["id"], "INP05@web");
    // The target's name is written once, in `targets`.
    let target = v["targets"]
        .as_array()
        .expect("an array")
        .iter()
        .find(|t| t["id"] == first["target"])
        .expect("the target is listed");
    assert_eq!(target["name"], "Web Server");
    assert_eq!(target["kind"], "Server");
    let threat = v["threats"]
        .as_array()
        .expect("an array")
        .iter()
        .find(|t| t["id"] == "INP05")
        .expect("INP05 is listed once with its texts");
    assert_eq!(threat["location"]["file"], "<tmc>/input.tm");
    assert!(!threat["mitigations"].as_str().unwrap().is_empty());
}

#[test]
fn json_writes_the_model_and_findings_to_a_file() {
    let dir = std::env::temp_dir().join(format!("tmc-json-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("out.json");
    let o = tmc(&["json", "examples/webapp.tm", "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "");
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).expect("valid JSON");
    assert_eq!(v["model"]["name"], "Web application");
    assert_eq!(v["elements"].as_array().unwrap().len(), 4);
    assert_eq!(v["flows"].as_array().unwrap().len(), 5);
    assert_eq!(v["findings"].as_array().unwrap().len(), 15);
    // Flows take the sink's unwritten attributes; inputs are derived.
    let web = v["elements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "web")
        .unwrap();
    assert_eq!(
        web["attributes"]["inputs"],
        serde_json::json!(["user_to_web", "db_to_web"])
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn json_to_an_unwritable_path_is_a_usage_error() {
    let o = tmc(&[
        "json",
        "examples/webapp.tm",
        "-o",
        "/nonexistent-dir/out.json",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("cannot write `/nonexistent-dir/out.json`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn findings_to_an_unwritable_path_are_a_usage_error() {
    for args in [
        &["threats", "--format", "sarif"][..],
        &["threats", "--format", "json"],
        &["threats"],
        &["check", "--format", "sarif"],
    ] {
        let target = "/nonexistent-dir/out";
        let o = tmc(&[args, &["examples/webapp.tm", "-o", target]].concat());
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("cannot write `/nonexistent-dir/out`"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
}

#[cfg(unix)]
#[test]
fn output_to_a_device_writes_to_it() {
    // `-o /dev/null` must not replace the device with a regular file (the
    // outputs written as they are made go through a temporary file and a
    // rename when the target is a regular file).
    for args in [
        &["json"][..],
        &["threats", "--format", "sarif"],
        &["report"],
    ] {
        let o = tmc(&[args, &["examples/webapp.tm", "-o", "/dev/null"]].concat());
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        let null = std::fs::metadata("/dev/null").unwrap();
        assert!(!null.is_file(), "{args:?} replaced /dev/null");
    }
}

#[test]
fn sarif_written_to_a_file_matches_stdout() {
    let dir = std::env::temp_dir().join(format!("tmc-cli-sarif-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("out.sarif");
    let to_file = tmc(&[
        "threats",
        "--format",
        "sarif",
        "examples/webapp.tm",
        "-o",
        path.to_str().unwrap(),
    ]);
    assert_eq!(to_file.status.code(), Some(0), "{}", stderr(&to_file));
    let printed = tmc(&["threats", "--format", "sarif", "examples/webapp.tm"]);
    let written = std::fs::read_to_string(&path).unwrap();
    assert_eq!(written, stdout(&printed));
    let log: serde_json::Value = serde_json::from_str(&written).unwrap();
    assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), 15);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn timings_name_every_phase_and_the_conditions_tested() {
    let o = tmc(&["--timings", "check", "examples/webapp.tm"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    for phase in [
        "read and parse",
        "schema",
        "resolve and check",
        "compile rules",
        "evaluate rules",
        "triage",
        "total",
    ] {
        assert!(err.contains(&format!("timing: {phase} ")), "{phase}: {err}");
    }
    // webapp: 4 elements, 5 flows and 2 boundaries, each tested against the threats of
    // its kind; the count is fixed by the model and the library.
    let tested = err
        .lines()
        .find_map(|l| l.strip_prefix("timing: conditions tested"))
        .map(|n| n.trim().parse::<usize>().unwrap());
    assert_eq!(tested, Some(206), "{err}");
}

#[test]
fn list_threats_lists_the_library() {
    let o = tmc(&["list-threats"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    insta::assert_snapshot!("list_threats", stdout(&o));
}

#[test]
fn a_broken_rule_file_is_a_compile_error_not_a_crash() {
    let dir = std::env::temp_dir().join(format!("tmc-rules-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let rules = dir.join("mine.tm");
    std::fs::write(
        &rules,
        "threat MY01 \"Mine\" {\n  targets = [Server]\n  severity = High\n  when = target.controls.isHardend\n}\n",
    )
    .unwrap();
    let o = tmc(&[
        "threats",
        "examples/webapp.tm",
        "--threats",
        rules.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("error[unknown-attribute]: `isHardend` is not a field of Controls"),
        "{err}"
    );
    assert!(err.contains("mine.tm:4:"), "{err}");
    assert!(err.contains("did you mean `isHardened`?"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

// --- --format from the -o file's extension ----------------------------------

/// Runs `tmc ARGS -o SCRATCH/NAME`, which must succeed and print nothing
/// on stdout, and returns what it wrote to the file.
fn written_to(name: &str, args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    let mut all = args.to_vec();
    all.extend(["-o", path.to_str().unwrap()]);
    let o = tmc(&all);
    assert_eq!(o.status.code(), Some(0), "tmc {all:?}: {}", stderr(&o));
    assert_eq!(stdout(&o), "", "tmc {all:?}");
    std::fs::read_to_string(&path).unwrap()
}

/// What `tmc ARGS` prints on stdout; it must succeed.
fn printed(args: &[&str]) -> String {
    let o = tmc(args);
    assert_eq!(o.status.code(), Some(0), "tmc {args:?}: {}", stderr(&o));
    stdout(&o)
}

#[test]
fn report_to_an_html_file_is_html() {
    let html = written_to("report.html", &["report", "examples/webapp.tm"]);
    assert!(html.starts_with("<!DOCTYPE html>\n<html"), "{html:.200}");
    assert_eq!(
        html,
        printed(&["report", "examples/webapp.tm", "--format", "html"])
    );
    let upper = written_to("REPORT.HTM", &["report", "examples/webapp.tm"]);
    assert_eq!(upper, html);
}

#[test]
fn an_explicit_format_wins_over_the_extension() {
    let md = written_to(
        "report.html",
        &["report", "examples/webapp.tm", "--format", "markdown"],
    );
    assert!(md.starts_with("# Threat model: "), "{md:.200}");
    assert!(!md.contains("<!DOCTYPE"));
    assert_eq!(md, printed(&["report", "examples/webapp.tm"]));
    let dot = written_to("dfd.svg", &["dfd", "examples/webapp.tm", "--format", "dot"]);
    assert!(dot.starts_with("digraph tm {"), "{dot:.200}");
}

#[test]
fn diagrams_take_their_format_from_the_extension() {
    let svg = written_to("dfd.svg", &["dfd", "examples/webapp.tm"]);
    assert!(svg.starts_with("<?xml"), "{svg:.200}");
    assert!(svg.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.trim_end().ends_with("</svg>"));
    assert_eq!(
        svg,
        printed(&["dfd", "examples/webapp.tm", "--format", "svg"])
    );
    let dfd = written_to("dfd.mmd", &["dfd", "examples/webapp.tm"]);
    assert!(dfd.starts_with("flowchart LR\n"), "{dfd:.200}");
    let seq = written_to("seq.mmd", &["seq", "examples/webapp.tm"]);
    assert!(seq.starts_with("sequenceDiagram\n"), "{seq:.200}");
    let puml = written_to("seq.puml", &["seq", "examples/webapp.tm"]);
    assert!(puml.starts_with("@startuml\n"), "{puml:.200}");
}

#[test]
fn an_unknown_extension_keeps_the_default_format() {
    let dot = written_to("dfd.txt", &["dfd", "examples/webapp.tm"]);
    assert!(dot.starts_with("digraph tm {"), "{dot:.200}");
    let md = written_to("report", &["report", "examples/webapp.tm"]);
    assert!(md.starts_with("# Threat model: "), "{md:.200}");
    let table = written_to("findings.txt", &["threats", "examples/webapp.tm"]);
    assert!(table.starts_with("FINDING "), "{table:.200}");
}

#[test]
fn threats_to_a_sarif_or_json_file() {
    for name in ["findings.sarif", "findings.sarif.json", "FINDINGS.SARIF"] {
        for command in ["threats", "check"] {
            let text = written_to(name, &[command, "examples/webapp.tm"]);
            let log: serde_json::Value = serde_json::from_str(&text).expect("SARIF is JSON");
            assert_eq!(log["version"], "2.1.0", "{command} {name}");
            assert!(log["runs"][0]["results"]
                .as_array()
                .is_some_and(|r| !r.is_empty()));
        }
    }
    let text = written_to("findings.json", &["threats", "examples/webapp.tm"]);
    let doc: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    assert!(doc["findings"].as_array().is_some_and(|f| !f.is_empty()));
    assert!(doc.get("runs").is_none(), "findings JSON, not SARIF");
    assert_eq!(
        text,
        printed(&["threats", "examples/webapp.tm", "--format", "json"])
    );
}

/// `tmc explain THREAT ELEMENT` over tests/fixtures/explain (its own rules,
/// without the built-in library): the command, exit code and both streams.
fn explain(args: &[&str]) -> (Output, String) {
    let mut all = vec!["explain"];
    all.extend_from_slice(args);
    all.extend_from_slice(&[
        "tests/fixtures/explain/shop.tm",
        "--no-builtin-threats",
        "--threats",
        "tests/fixtures/explain/rules.tm",
    ]);
    let o = tmc(&all);
    let transcript = format!(
        "$ tmc explain {}\nexit {:?}\n{}{}",
        args.join(" "),
        o.status.code(),
        stdout(&o),
        stderr(&o)
    );
    (o, transcript)
}

#[test]
fn explain_says_why_a_threat_fired_or_not() {
    let mut transcript = String::new();
    // Fired: a quantifier over the inputs, through a predicate.
    let (o, t) = explain(&["SHOP01", "web"]);
    assert_eq!(o.status.code(), Some(0), "{t}");
    assert!(
        stdout(&o).contains("verdict: fired and reported, severity High"),
        "{t}"
    );
    assert!(
        stdout(&o).contains("f = customer->web: plain(f)  -> true"),
        "{t}"
    );
    transcript += &t;
    // Fired, with an override.
    let (o, t) = explain(&["SHOP02", "web"]);
    assert!(
        stdout(&o).contains("an override on `web` applies: severity Low (the threat's: Medium), response \"Accepted: patched monthly\""),
        "{t}"
    );
    transcript += &t;
    // The condition is false, and which part decided it.
    let (o, t) = explain(&["SHOP04", "store"]);
    assert_eq!(o.status.code(), Some(0), "{t}");
    assert!(
        stdout(&o).contains("verdict: not reported: the condition is false\n  decided by:\n    plain(target)  -> false"),
        "{t}"
    );
    transcript += &t;
    // The threat does not target the element's kind.
    let (o, t) = explain(&["SHOP04", "web"]);
    assert!(
        stdout(&o).contains("verdict: not reported: SHOP04 targets Dataflow; `web` is a Server"),
        "{t}"
    );
    transcript += &t;
    // Out of scope: the condition holds, but the element is not analysed.
    let (o, t) = explain(&["SHOP02", "legacy"]);
    assert!(
        stdout(&o).contains("`legacy` is out of scope (inScope = false) (its condition holds)"),
        "{t}"
    );
    transcript += &t;
    // Ruled out by the model's assumption.
    let (o, t) = explain(&["SHOP03", "web"]);
    assert!(
        stdout(&o).contains("ruled out by the assumption \"Traffic passes the WAF\" of the model"),
        "{t}"
    );
    transcript += &t;
    // Excluded on the command line.
    let (o, t) = explain(&["SHOP01", "web", "--exclude", "SHOP01"]);
    assert!(
        stdout(&o).contains("SHOP01 is excluded by --exclude (its condition holds)"),
        "{t}"
    );
    transcript += &t;
    // Unknown ids: a usage error with a hint.
    let (o, t) = explain(&["SHOP1", "web"]);
    assert_eq!(o.status.code(), Some(2), "{t}");
    assert_eq!(stdout(&o), "");
    assert!(
        stderr(&o).contains("error: no threat has the id `SHOP1`\n  = did you mean `SHOP01`?"),
        "{t}"
    );
    transcript += &t;
    let (o, t) = explain(&["SHOP01", "wbe"]);
    assert_eq!(o.status.code(), Some(2), "{t}");
    assert!(stderr(&o).contains("  = did you mean `web`?"), "{t}");
    transcript += &t;
    insta::assert_snapshot!("explain", transcript);
}

#[test]
fn explain_json() {
    let (o, t) = explain(&["SHOP04", "customer->web", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{t}");
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("valid JSON");
    assert_eq!(v["threat"], "SHOP04");
    assert_eq!(v["element"], "customer->web");
    assert_eq!(v["holds"], true);
    assert_eq!(v["verdict"]["reason"], "reported");
    assert_eq!(v["verdict"]["reported"], true);
    assert_eq!(v["verdict"]["severity"], "Medium");
    assert_eq!(v["trace"]["what"], "and");
    let call = &v["trace"]["steps"][0];
    assert_eq!(call["text"], "plain(target)");
    assert_eq!(call["value"], "true");
    let body = &call["steps"][1];
    assert_eq!(body["item"], "f = customer->web");
    assert_eq!(
        body["text"],
        "f.protocol == \"HTTP\" or f.protocol == \"FTP\""
    );
    assert_eq!(
        v["deciding"],
        serde_json::json!([
            {"text": "plain(target)", "value": "true"},
            {"text": "not target.controls.isEncrypted", "value": "true"},
        ])
    );
}

#[test]
fn explain_on_a_broken_model_prints_its_errors() {
    let o = tmc(&["explain", "INP01", "web", "tests/fixtures/many_mistakes.tm"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o), "");
    assert!(stderr(&o).contains("error"), "{}", stderr(&o));
}

#[test]
fn list_threats_says_which_library_and_shows_categories() {
    let o = tmc(&["list-threats"]);
    let out = stdout(&o);
    assert!(
        out.starts_with("library: tmc (built-in default)\n\n"),
        "{out}"
    );
    assert!(out.contains("  STRIDE  LINDDUN  "), "{out}");
    let o = tmc(&["list-threats", "--library", "pytm"]);
    let out = stdout(&o);
    assert!(
        out.starts_with("library: pytm (--library pytm)\n\n"),
        "{out}"
    );
    // pytm's threats have no categories: an empty STRIDE column, no LINDDUN.
    let header = out.lines().nth(2).expect("a header");
    assert!(
        header.starts_with("ID     SEVERITY   STRIDE  TARGETS"),
        "{header}"
    );
    assert!(!out.contains("LINDDUN"), "{out}");
    let o = tmc(&[
        "list-threats",
        "--no-builtin-threats",
        "--threats",
        "tests/fixtures/ci/rules.tm",
    ]);
    assert!(
        stdout(&o).starts_with(
            "library: none (--no-builtin-threats) + --threats tests/fixtures/ci/rules.tm\n"
        ),
        "{}",
        stdout(&o)
    );
    // The JSON form says the same, and each threat its categories.
    let o = tmc(&["list-threats", "--format", "json", "--category", "I"]);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(
        doc["library"],
        serde_json::json!({"builtin": "tmc", "chosen_by": "default", "rule_files": [], "threats_file": null})
    );
    let threats = doc["threats"].as_array().expect("threats");
    assert!(!threats.is_empty());
    for t in threats {
        assert!(
            t["stride"]
                .as_array()
                .unwrap()
                .contains(&"InformationDisclosure".into()),
            "{t}"
        );
        assert_eq!(t["library"], "tmc", "{t}");
    }
    let o = tmc(&["list-threats", "--format", "json", "--library", "pytm"]);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(doc["library"]["chosen_by"], "option");
    assert_eq!(doc["threats"][0]["stride"], serde_json::json!([]));
}

#[test]
fn a_hand_written_threat_is_a_finding_in_every_output() {
    let model = "tests/fixtures/hand/shop.tm";
    let text = stdout(&tmc(&["threats", model]));
    for id in ["BIZ01@checkout", "BIZ01@redeem"] {
        let line = text
            .lines()
            .find(|l| l.starts_with(id))
            .unwrap_or_else(|| panic!("{id} in:\n{text}"));
        // Rated as written (High, Low), not moved by the DMZ exposure.
        assert!(line.contains("High      Low"), "{line}");
    }
    let json: serde_json::Value = serde_json::from_str(&stdout(&tmc(&["json", model]))).unwrap();
    let ours: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["threat_id"] == "BIZ01")
        .map(|f| f["target"].as_str().unwrap())
        .collect();
    assert_eq!(ours, ["checkout", "redeem"]);
    let sarif = stdout(&tmc(&["threats", "--format", "sarif", model]));
    assert!(sarif.contains("\"ruleId\": \"BIZ01\""), "{sarif}");
    let why = stdout(&tmc(&["explain", "BIZ01", "buyer", model]));
    assert!(why.contains("BIZ01 targets Dataflow, Server"), "{why}");
}
