//! `--format sarif` and `--fail-on` of `tmc check` and `tmc threats`: the
//! SARIF log of examples/webapp.tm and of a small model
//! (tests/fixtures/ci/) validates against the SARIF 2.1.0 schema; results
//! point at their element's declaration; the log of the small model is a
//! golden file; and `--fail-on` exits 3 exactly while a finding at or above
//! the threshold is open, i.e. not excluded, not ruled out by an assumption
//! and not answered by an override's `response`.
//!
//! tests/fixtures/sarif-schema-2.1.0.json is the SARIF 2.1.0 schema as
//! Microsoft's SARIF SDK ships it (npm `@microsoft/sarif-multitool-linux`
//! 5.7.0, file `sarif-2.1.0.json`, MIT licence): the OASIS 2.1.0 schema
//! in JSON Schema draft 2020-12 form.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use jsonschema::Validator;
use serde_json::{json, Value};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn tmc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tmc"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("tmc runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("output is UTF-8")
}

const APP: &str = "tests/fixtures/ci/app.tm";
const RULES: &str = "tests/fixtures/ci/rules.tm";

/// Arguments that check APP against the small rule file only.
fn small(command: &str, more: &[&str]) -> Vec<String> {
    let mut args = vec![command, APP, "--no-builtin-threats", "--threats", RULES];
    args.extend_from_slice(more);
    args.into_iter().map(String::from).collect()
}

fn run(args: &[String]) -> Output {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    tmc(&args)
}

fn validator() -> Validator {
    let path = root().join("tests/fixtures/sarif-schema-2.1.0.json");
    let raw = std::fs::read_to_string(&path).expect("the SARIF schema fixture is readable");
    let schema: Value = serde_json::from_str(&raw).expect("the SARIF schema is JSON");
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

fn assert_valid(doc: &Value, what: &str) {
    let validator = validator();
    let errors: Vec<String> = validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} is not valid SARIF:\n{}",
        errors.join("\n")
    );
}

/// The SARIF `tmc` prints for `args` (which must exit `code`), checked to
/// be the same bytes on a second run.
fn sarif(args: &[&str], code: i32) -> Value {
    let first = tmc(args);
    assert_eq!(
        first.status.code(),
        Some(code),
        "tmc {args:?}: {}",
        text(&first.stderr)
    );
    let second = tmc(args);
    assert!(
        first.stdout == second.stdout,
        "tmc {args:?} is not deterministic"
    );
    serde_json::from_slice(&first.stdout).expect("the SARIF output is JSON")
}

#[test]
fn webapp_sarif_is_valid_and_the_same_from_check_and_threats() {
    let checked = sarif(&["check", "examples/webapp.tm", "--format", "sarif"], 0);
    let threats = sarif(&["threats", "examples/webapp.tm", "--format", "sarif"], 0);
    assert_eq!(checked, threats);
    assert_valid(&checked, "the SARIF of examples/webapp.tm");
    let run = &checked["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "tmc");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let listed = tmc(&["list-threats", "--format", "json"]);
    let library: Value = serde_json::from_slice(&listed.stdout).expect("list-threats JSON");
    let rules = driver["rules"].as_array().expect("rules");
    assert_eq!(
        rules.len(),
        library["threats"].as_array().expect("threats").len()
    );
    let results = run["results"].as_array().expect("results");
    assert!(!results.is_empty());
    for r in results {
        let index = r["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(
            rules[index]["id"], r["ruleId"],
            "ruleIndex points at the rule"
        );
        let score: f64 = rules[index]["properties"]["security-severity"]
            .as_str()
            .expect("security-severity is a string")
            .parse()
            .expect("security-severity is a number");
        assert!((0.0..=10.0).contains(&score));
    }
}

/// The schema is not vacuous: it rejects broken logs.
#[test]
fn the_schema_rejects_broken_logs() {
    let args = small("threats", &["--format", "sarif"]);
    let doc = sarif(&args.iter().map(String::as_str).collect::<Vec<_>>(), 0);
    let validator = validator();
    assert!(validator.is_valid(&doc));
    type Breakage = (&'static str, fn(&mut Value));
    let breakages: [Breakage; 4] = [
        ("a wrong version", |d| d["version"] = "2.2".into()),
        ("a result without a message", |d| {
            d["runs"][0]["results"][0]
                .as_object_mut()
                .expect("result")
                .remove("message");
        }),
        ("an unknown level", |d| {
            d["runs"][0]["results"][0]["level"] = "fatal".into()
        }),
        ("a line 0", |d| {
            d["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
                0.into();
        }),
    ];
    for (what, breakage) in breakages {
        let mut broken = doc.clone();
        breakage(&mut broken);
        assert!(!validator.is_valid(&broken), "the schema accepts {what}");
    }
}

#[test]
fn sarif_with_suppressions_is_valid() {
    for model in ["tests/parity/bank.tm", APP] {
        let mut args = vec!["threats", model, "--format", "sarif"];
        if model == APP {
            args.extend(["--no-builtin-threats", "--threats", RULES]);
        }
        let doc = sarif(&args, 0);
        assert_valid(&doc, model);
        let suppressed = doc["runs"][0]["results"]
            .as_array()
            .expect("results")
            .iter()
            .filter(|r| r.get("suppressions").is_some())
            .count();
        assert!(suppressed > 0, "{model} has suppressed results");
    }
}

/// Every result's region starts at the declaration of the element it
/// names, in the file its URI names (relative to the current directory).
#[test]
fn results_point_at_the_declarations() {
    for model in ["examples/webapp.tm", APP] {
        let mut args = vec!["threats", model, "--format", "sarif"];
        if model == APP {
            args.extend(["--no-builtin-threats", "--threats", RULES]);
        }
        let doc = sarif(&args, 0);
        for r in doc["runs"][0]["results"].as_array().expect("results") {
            let location = &r["locations"][0];
            let physical = &location["physicalLocation"];
            let uri = physical["artifactLocation"]["uri"].as_str().expect("uri");
            assert_eq!(uri, model, "URIs are relative to the current directory");
            let source = std::fs::read_to_string(root().join(uri)).expect("the file is there");
            let lines: Vec<&str> = source.lines().collect();
            let region = &physical["region"];
            let line = region["startLine"].as_u64().expect("startLine") as usize;
            let column = region["startColumn"].as_u64().expect("startColumn") as usize;
            let end_line = region["endLine"].as_u64().expect("endLine") as usize;
            assert!(end_line >= line);
            let declared: String = lines[line - 1].chars().skip(column - 1).collect();
            let id = location["logicalLocations"][0]["name"]
                .as_str()
                .expect("name");
            let kind = location["logicalLocations"][0]["kind"]
                .as_str()
                .expect("kind");
            let expected = if kind == "Dataflow" {
                format!("flow {id}:")
            } else {
                format!("{kind} {id} ")
            };
            assert!(
                declared.starts_with(&expected),
                "{} on line {line} of {uri}: `{declared}` does not declare `{id}`",
                r["ruleId"]
            );
            let last = lines[end_line - 1];
            let end = region["endColumn"].as_u64().expect("endColumn") as usize;
            assert_eq!(
                last.chars().count() + 1,
                end,
                "the region ends with the declaration"
            );
        }
    }
}

#[test]
fn small_model_sarif_golden() {
    let out = run(&small("threats", &["--format", "sarif"]));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let log = text(&out.stdout).replace(env!("CARGO_PKG_VERSION"), "[version]");
    insta::assert_snapshot!("sarif_small_model", log);
}

#[test]
fn sarif_can_be_written_to_a_file() {
    let dir = std::env::temp_dir().join(format!("tmc-sarif-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("out.sarif");
    let out = run(&small(
        "check",
        &[
            "--format",
            "sarif",
            "-o",
            file.to_str().expect("UTF-8 path"),
        ],
    ));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty(), "nothing on stdout with -o");
    let doc: Value =
        serde_json::from_str(&std::fs::read_to_string(&file).expect("written")).expect("JSON");
    assert_valid(&doc, "the SARIF written with -o");
    std::fs::remove_dir_all(&dir).expect("clean up");
}

// --- --fail-on -------------------------------------------------------------

/// Runs APP (or a variant of it, written to a temp file) with `--fail-on`
/// and returns (exit code, stderr).
fn gate(command: &str, model: Option<&str>, more: &[&str]) -> (i32, String) {
    let scratch = tempfile::tempdir().expect("a scratch folder");
    let path = match model {
        None => root().join(APP),
        Some(source) => {
            let path = scratch.path().join("model.tm");
            std::fs::write(&path, source).expect("write model");
            path
        }
    };
    let rules = root().join(RULES);
    let mut args = vec![
        command,
        path.to_str().expect("UTF-8 path"),
        "--no-builtin-threats",
        "--threats",
        rules.to_str().expect("UTF-8 path"),
    ];
    args.extend_from_slice(more);
    let out = tmc(&args);
    (out.status.code().expect("exit code"), text(&out.stderr))
}

const OPEN_HIGH: &str = r#"model "G" { description = "d" }
Server api "API"
"#;

#[test]
fn fail_on_exits_3_and_names_the_open_findings() {
    for command in ["check", "threats"] {
        let (code, stderr) = gate(command, None, &["--fail-on", "high"]);
        assert_eq!(code, 3, "{command}: {stderr}");
        assert!(
            stderr.contains("1 open finding at or above High"),
            "{command}: {stderr}"
        );
        assert!(stderr.contains("T_HIGH@api"), "{stderr}");
        // Handled (override response) and excluded (assumption) ones are not listed.
        assert!(!stderr.contains("T_HIGH@admin") && !stderr.contains("T_HIGH@batch"));

        let (code, stderr) = gate(command, None, &["--fail-on", "medium"]);
        assert_eq!(code, 3);
        assert!(stderr.contains("2 open findings"), "{stderr}");
        assert!(
            stderr.contains("T_HIGH@api, T_MEDIUM@api_to_db"),
            "{stderr}"
        );

        let (code, stderr) = gate(command, None, &["--fail-on", "very-high"]);
        assert_eq!(code, 0, "nothing is Very High: {stderr}");
        let (code, _) = gate(command, None, &[]);
        assert_eq!(code, 0, "no gate without --fail-on");
    }
}

#[test]
fn fail_on_names_match_without_case() {
    for name in ["HIGH", "High", "high"] {
        assert_eq!(gate("check", None, &["--fail-on", name]).0, 3, "{name}");
    }
    for name in ["VERY-HIGH", "VeryHigh", "very_high"] {
        assert_eq!(gate("check", None, &["--fail-on", name]).0, 0, "{name}");
    }
}

#[test]
fn a_bad_fail_on_name_is_a_usage_error_listing_the_levels() {
    let (code, stderr) = gate("threats", None, &["--fail-on", "severe"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("invalid value 'severe'"), "{stderr}");
    assert!(
        stderr.contains("very-low, low, medium, high, very-high"),
        "{stderr}"
    );
}

#[test]
fn overriding_or_excluding_the_offending_finding_passes_the_gate() {
    assert_eq!(gate("check", Some(OPEN_HIGH), &["--fail-on", "high"]).0, 3);
    // An override with a response closes it.
    let answered = r#"model "G" { description = "d" }
Server api "API" {
  overrides = [{ threat_id = "T_HIGH" response = "Mitigated: mTLS at the gateway." }]
}
"#;
    assert_eq!(
        gate("check", Some(answered), &["--fail-on", "high"]),
        (0, String::new())
    );
    // An assumption rules it out.
    let assumed = r#"model "G" { description = "d" }
Server api "API" {
  assumptions = [{ name = "Only reachable from localhost" exclude = ["T_HIGH"] }]
}
"#;
    assert_eq!(gate("threats", Some(assumed), &["--fail-on", "high"]).0, 0);
    // --exclude and the model's own `exclude` drop it.
    assert_eq!(
        gate(
            "check",
            Some(OPEN_HIGH),
            &["--fail-on", "high", "--exclude", "T_HIGH"]
        )
        .0,
        0
    );
    let model_excludes = r#"model "G" { description = "d" exclude = ["T_HIGH"] }
Server api "API"
"#;
    assert_eq!(
        gate("check", Some(model_excludes), &["--fail-on", "high"]).0,
        0
    );
    // An override that only lowers the severity leaves the finding open, at its new severity.
    let lowered = r#"model "G" { description = "d" }
Server api "API" {
  overrides = [{ threat_id = "T_HIGH" severity = Low }]
}
"#;
    assert_eq!(gate("check", Some(lowered), &["--fail-on", "high"]).0, 0);
    assert_eq!(gate("check", Some(lowered), &["--fail-on", "low"]).0, 3);
}

#[test]
fn a_model_with_errors_exits_1_whatever_the_gate() {
    let broken = "model \"G\" { description = \"d\" }\nServer api \"API\" { nosuch = 1 }\n";
    assert_eq!(gate("check", Some(broken), &["--fail-on", "very-low"]).0, 1);
    let (code, _) = gate(
        "threats",
        Some(broken),
        &["--fail-on", "high", "--format", "sarif"],
    );
    assert_eq!(code, 1);
}

// --- --category --------------------------------------------------------------

const WEBAPP: &str = "examples/webapp.tm";

/// The threats of `tmc list-threats --format json` (with `more`), by id.
fn library_json(more: &[&str]) -> Value {
    let mut args = vec!["list-threats", "--format", "json"];
    args.extend_from_slice(more);
    let out = tmc(&args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("list-threats JSON")
}

fn stride_of(threats: &Value, id: &str) -> Vec<String> {
    let t = threats["threats"]
        .as_array()
        .expect("threats")
        .iter()
        .find(|t| t["id"] == id)
        .unwrap_or_else(|| panic!("no threat {id}"));
    t["stride"]
        .as_array()
        .expect("stride")
        .iter()
        .map(|s| s.as_str().expect("a name").to_string())
        .collect()
}

#[test]
fn category_keeps_only_findings_of_threats_with_one_of_the_categories() {
    let library = library_json(&[]);
    let all = sarif(&["threats", WEBAPP, "--format", "json"], 0);
    let all_findings = all["findings"].as_array().expect("findings").len();
    // Letters, names in any case, repeated and comma-separated: the same.
    let kept = sarif(
        &["threats", WEBAPP, "--format", "json", "--category", "r,d"],
        0,
    );
    let same = sarif(
        &[
            "threats",
            WEBAPP,
            "--format",
            "json",
            "--category",
            "REPUDIATION",
            "--category",
            "denialOfService",
        ],
        0,
    );
    assert_eq!(kept, same);
    let findings = kept["findings"].as_array().expect("findings");
    assert!(!findings.is_empty() && findings.len() < all_findings);
    for f in findings {
        let stride = stride_of(&library, f["threat_id"].as_str().expect("threat_id"));
        assert!(
            stride
                .iter()
                .any(|s| s == "Repudiation" || s == "DenialOfService"),
            "{f}: {stride:?}"
        );
    }
    let expected = all["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| {
            let stride = stride_of(&library, f["threat_id"].as_str().expect("threat_id"));
            stride
                .iter()
                .any(|s| s == "Repudiation" || s == "DenialOfService")
        })
        .count();
    assert_eq!(findings.len(), expected);
    // pytm's library gives its threats no category: nothing is kept.
    let out = tmc(&["threats", WEBAPP, "--library", "pytm", "--category", "S"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        text(&out.stdout).contains("\n0 findings\n"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn an_unknown_category_is_a_usage_error_listing_the_categories() {
    for command in ["threats", "check", "json", "report", "list-threats"] {
        let out = match command {
            "list-threats" => tmc(&[command, "--category", "Spoof"]),
            _ => tmc(&[command, WEBAPP, "--category", "S,Spoof"]),
        };
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{command}: {stderr}");
        assert!(
            stderr.contains("unknown threat category `Spoof`"),
            "{stderr}"
        );
        for name in [
            "Spoofing",
            "ElevationOfPrivilege",
            "Linking",
            "NonCompliance",
        ] {
            assert!(stderr.contains(name), "{command}: {name} in {stderr}");
        }
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn fail_on_counts_only_the_categories_asked_for() {
    let all = sarif(&["threats", WEBAPP, "--format", "json"], 0);
    let library = library_json(&[]);
    let spoofing: Vec<String> = all["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| {
            stride_of(&library, f["threat_id"].as_str().expect("threat_id"))
                .iter()
                .any(|s| s == "Spoofing")
        })
        .map(|f| f["id"].as_str().expect("id").to_string())
        .collect();
    assert!(!spoofing.is_empty());
    for command in ["check", "threats"] {
        let out = tmc(&[command, WEBAPP, "--fail-on", "very-low", "--category", "S"]);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(3), "{stderr}");
        assert!(
            stderr.contains(&format!(
                "{} open findings of Spoofing at or above VeryLow",
                spoofing.len()
            )),
            "{stderr}"
        );
        assert!(stderr.contains(&spoofing.join(", ")), "{stderr}");
    }
    // No threat of pytm's library has a category: the gate has nothing to stop.
    let out = tmc(&[
        "check",
        WEBAPP,
        "--library",
        "pytm",
        "--fail-on",
        "very-low",
        "--category",
        "S",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn rules_are_tagged_with_their_categories() {
    let log = sarif(&["threats", WEBAPP, "--format", "sarif"], 0);
    assert_valid(&log, "the webapp's SARIF");
    let library = library_json(&[]);
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    assert!(!rules.is_empty());
    let mut linddun = 0;
    for rule in rules {
        let id = rule["id"].as_str().expect("id");
        let tags: Vec<&str> = rule["properties"]["tags"]
            .as_array()
            .expect("tags")
            .iter()
            .map(|t| t.as_str().expect("a tag"))
            .collect();
        assert!(tags.len() <= 20, "{id}: {tags:?}");
        assert_eq!(&tags[..2], ["security", "threat-model"]);
        let stride = stride_of(&library, id);
        // A privacy threat may have LINDDUN categories only.
        assert!(
            !stride.is_empty() || tags.iter().any(|t| t.starts_with("LINDDUN:")),
            "{id}: tmc's threats all have a STRIDE or LINDDUN category"
        );
        for s in stride {
            assert!(
                tags.contains(&format!("STRIDE:{s}").as_str()),
                "{id}: {tags:?}"
            );
        }
        linddun += tags.iter().filter(|t| t.starts_with("LINDDUN:")).count();
    }
    assert!(
        linddun > 0,
        "the webapp has a finding of a LINDDUN threat (Data Leak)"
    );
}

/// The result of the finding `id` in a SARIF log.
fn result<'a>(doc: &'a Value, id: &str) -> &'a Value {
    doc["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .find(|r| r["properties"]["findingId"] == id)
        .unwrap_or_else(|| panic!("no result for {id}"))
}

/// The triaged fixture judged on 2026-12-05: an expired acceptance is
/// under review, a current one accepted with its reason, and findings
/// that are open, being investigated or being fixed are not suppressed.
#[test]
fn triaged_findings_are_suppressed_as_their_triage_says() {
    let shop = "tests/fixtures/triage/shop.tm";
    let doc = sarif(
        &[
            "--today",
            "2026-12-05",
            "threats",
            shop,
            "--format",
            "sarif",
        ],
        0,
    );
    assert_valid(&doc, shop);

    let expired = result(&doc, "INP05@web");
    assert_eq!(
        expired["suppressions"],
        json!([{
            "justification": "accepted: All queries go through the ORM's bound parameters.",
            "kind": "inSource",
            "status": "underReview",
        }])
    );
    let props = &expired["properties"];
    assert_eq!(props["status"], "accepted");
    assert_eq!(props["expired"], true);
    assert_eq!(props["owner"], "appsec@shop.example");
    assert_eq!(props["ticket"], "https://tickets.shop.example/SEC-101");
    assert_eq!(props["reviewBy"], "2026-11-30");
    assert_eq!(props["triage"], "sqli_accepted");

    let accepted = result(&doc, "INP39@web");
    assert_eq!(
        accepted["suppressions"],
        json!([{
            "justification": "accepted: Templates escape by default; the CSP blocks inline scripts.",
            "kind": "inSource",
            "status": "accepted",
        }])
    );
    assert_eq!(accepted["properties"]["expired"], false);
    assert_eq!(accepted["properties"]["triage"], "xss_accepted");
    assert!(accepted["properties"].get("ticket").is_none());

    let open = result(&doc, "NET10@dmz");
    assert!(open.get("suppressions").is_none(), "{open:#}");
    assert_eq!(open["properties"]["status"], "open");
    for key in ["expired", "owner", "ticket", "reviewBy", "triage"] {
        assert!(open["properties"].get(key).is_none(), "{key}: {open:#}");
    }

    let working = result(&doc, "TB01@orders");
    assert!(working.get("suppressions").is_none(), "{working:#}");
    assert_eq!(working["properties"]["status"], "in-progress");
    assert_eq!(working["properties"]["owner"], "platform");
    assert_eq!(working["properties"]["triage"], "store_hardening");

    // Needs-investigation is not shown by the fixture: a triage of one
    // finding with that status, on a copy of it.
    let dir = std::env::temp_dir().join(format!("tmc-sarif-needs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let model = dir.join("shop.tm");
    let text = std::fs::read_to_string(root().join(shop)).unwrap()
        + "\nTriage look {\n  threat_id = \"NET10\"\n  on = [dmz]\n  status = NEEDS_INVESTIGATION\n}\n";
    std::fs::write(&model, text).unwrap();
    let doc = sarif(
        &[
            "--today",
            "2026-12-05",
            "threats",
            model.to_str().unwrap(),
            "--format",
            "sarif",
        ],
        0,
    );
    std::fs::remove_dir_all(&dir).ok();
    assert_valid(&doc, "the copy with a needs-investigation triage");
    let looked = result(&doc, "NET10@dmz");
    assert!(looked.get("suppressions").is_none(), "{looked:#}");
    assert_eq!(looked["properties"]["status"], "needs-investigation");
    assert_eq!(looked["properties"]["triage"], "look");
}
