//! The JSON outputs against their JSON Schema, docs/tmc.schema.json: `tmc
//! json` and `tmc threats --format json` on every model of examples/ and
//! tests/parity/ that compiles (examples/webapp.tm must) and on a model
//! written here, and `tmc list-threats --format json`; that
//! each output is deterministic and canonical (sorted keys, same bytes on
//! every run); and that the schema rejects broken documents, so it is not
//! vacuous.
//!
//! Validation uses the `jsonschema` crate (draft 2020-12), a dev-dependency
//! with default features off: no HTTP or file resolvers, which the schema
//! does not need since it refers only to its own `$defs`.

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

/// Runs `tmc` twice and returns stdout, or `None` if it exits non-zero.
/// Both runs must print the same bytes.
fn run_twice(args: &[&str]) -> Option<String> {
    let first = tmc(args);
    if first.status.code() != Some(0) {
        return None;
    }
    let second = tmc(args);
    assert_eq!(second.status.code(), Some(0), "tmc {args:?}");
    assert!(
        first.stdout == second.stdout,
        "tmc {args:?} printed different bytes on two runs"
    );
    Some(text(&first.stdout))
}

fn schema() -> Value {
    let path = root().join("docs/tmc.schema.json");
    let raw = std::fs::read_to_string(&path).expect("docs/tmc.schema.json is readable");
    serde_json::from_str(&raw).expect("docs/tmc.schema.json is JSON")
}

/// The schema with `$defs/NAME` as its root (same definitions).
fn def_schema(schema: &Value, name: &str) -> Value {
    json!({
        "$schema": schema["$schema"],
        "$defs": schema["$defs"],
        "$ref": format!("#/$defs/{name}"),
    })
}

fn validator(schema: &Value) -> Validator {
    jsonschema::draft202012::new(schema).expect("the schema compiles")
}

fn errors(validator: &Validator, doc: &Value) -> Vec<String> {
    validator
        .iter_errors(doc)
        .map(|e| format!("at `{}`: {e}", e.instance_path()))
        .collect()
}

fn assert_valid(validator: &Validator, doc: &Value, what: &str) {
    let errors = errors(validator, doc);
    assert!(
        errors.is_empty(),
        "{what} does not match the schema:\n{}",
        errors.join("\n")
    );
}

/// Parses `out` and checks it is the canonical rendering: pretty-printed,
/// keys sorted, one trailing newline.
fn parse_canonical(out: &str, what: &str) -> Value {
    let doc: Value = serde_json::from_str(out).unwrap_or_else(|e| panic!("{what}: not JSON: {e}"));
    assert_keys_sorted(&doc, what);
    let again = serde_json::to_string_pretty(&doc).expect("JSON serializes") + "\n";
    assert!(again == out, "{what} is not in canonical form");
    doc
}

fn assert_keys_sorted(v: &Value, what: &str) {
    match v {
        Value::Object(map) => {
            let keys: Vec<&String> = map.keys().collect();
            assert!(
                keys.windows(2).all(|w| w[0] < w[1]),
                "{what}: keys not sorted: {keys:?}"
            );
            map.values().for_each(|v| assert_keys_sorted(v, what));
        }
        Value::Array(items) => items.iter().for_each(|v| assert_keys_sorted(v, what)),
        _ => {}
    }
}

/// What the schema cannot say: finding ids are `THREAT@target` and name a
/// declared element, boundary or flow.
fn assert_findings_consistent(doc: &Value, what: &str) {
    let ids: Vec<&str> = ["boundaries", "elements", "flows"]
        .iter()
        .flat_map(|k| doc[k].as_array().expect("array"))
        .map(|o| o["id"].as_str().expect("id"))
        .collect();
    for key in ["findings", "excluded_findings"] {
        for f in doc[key].as_array().expect("array") {
            let target = f["target"].as_str().expect("target");
            let expected = format!("{}@{target}", f["threat_id"].as_str().expect("threat_id"));
            assert_eq!(f["id"], expected.as_str(), "{what}: finding id");
            assert!(ids.contains(&target), "{what}: {target} is not declared");
        }
    }
    assert_threats_are_those_found(doc, &["findings", "excluded_findings"], what);
}

/// `threats` lists exactly the threats the findings under `keys` refer
/// to, each once, in library order (a subsequence of `tmc list-threats`).
fn assert_threats_are_those_found(doc: &Value, keys: &[&str], what: &str) {
    let mut found: Vec<&str> = keys
        .iter()
        .flat_map(|k| doc[k].as_array().expect("array"))
        .map(|f| f["threat_id"].as_str().expect("threat_id"))
        .collect();
    found.sort();
    found.dedup();
    let listed: Vec<&str> = doc["threats"]
        .as_array()
        .expect("threats array")
        .iter()
        .map(|t| t["id"].as_str().expect("id"))
        .collect();
    let mut sorted = listed.clone();
    sorted.sort();
    assert_eq!(sorted, found, "{what}: `threats` is the threats found");
    // The library the document's threats come from, listed in its order.
    let mut list = vec!["list-threats", "--format", "json"];
    if let Some(builtin) = doc["library"]["builtin"].as_str() {
        list.extend(["--library", builtin]);
    }
    // A model's `threatsFile` replaces the built-in library.
    if let Some(file) = doc["library"]["threats_file"].as_str() {
        list.extend(["--no-builtin-threats", "--threats", file]);
    }
    let library = run_twice(&list).expect("list-threats runs");
    let library: Value = serde_json::from_str(&library).expect("JSON");
    let order: Vec<&str> = library["threats"]
        .as_array()
        .expect("array")
        .iter()
        .map(|t| t["id"].as_str().expect("id"))
        .filter(|id| listed.contains(id))
        .collect();
    assert_eq!(listed, order, "{what}: `threats` is in library order");
}

/// Runs `tmc json` and `tmc threats --format json` on `model` (relative to
/// the workspace root, or absolute) and checks both. `None` if the model
/// does not compile.
fn check_model(model: &str) -> Option<Value> {
    let schema = schema();
    let out = run_twice(&["json", model])?;
    let doc = parse_canonical(&out, model);
    assert_valid(&validator(&schema), &doc, &format!("`tmc json {model}`"));
    assert_findings_consistent(&doc, model);

    let threats = run_twice(&["threats", "--format", "json", model]).expect("threats runs");
    let list = parse_canonical(&threats, model);
    let what = format!("`tmc threats --format json {model}`");
    assert_valid(
        &validator(&def_schema(&schema, "threatsOutput")),
        &list,
        &what,
    );
    assert_eq!(
        list["findings"], doc["findings"],
        "{what} has the findings of `tmc json`"
    );
    assert_eq!(list["format"], doc["format"]);
    assert_threats_are_those_found(&list, &["findings"], &what);
    Some(doc)
}

/// examples/*.tm, tests/parity/*.tm and the path threats' models (their
/// routes, a data lineage among them), relative to the workspace root.
fn models() -> Vec<String> {
    let mut found = vec![
        "tests/fixtures/paths/shop.tm".to_string(),
        "tests/fixtures/paths/lineage.tm".to_string(),
    ];
    for dir in ["examples", "tests/parity"] {
        let Ok(entries) = std::fs::read_dir(root().join(dir)) else {
            continue;
        };
        for entry in entries {
            let name = entry.expect("directory entry").file_name();
            let name = name.to_string_lossy();
            if name.ends_with(".tm") {
                found.push(format!("{dir}/{name}"));
            }
        }
    }
    found.sort();
    found
}

#[test]
fn the_schema_is_valid_draft_2020_12() {
    let schema = schema();
    if let Err(e) = jsonschema::draft202012::meta::validate(&schema) {
        panic!("docs/tmc.schema.json is not a valid 2020-12 schema: {e}");
    }
    for name in ["threatsOutput", "listThreatsOutput"] {
        validator(&def_schema(&schema, name));
    }
}

#[test]
fn json_of_every_example_matches_the_schema() {
    let models = models();
    assert!(models.iter().any(|m| m == "examples/webapp.tm"));
    let mut checked = 0;
    for model in &models {
        match check_model(model) {
            Some(_) => checked += 1,
            None if model == "examples/webapp.tm" => panic!("{model} does not compile"),
            None => eprintln!("skipped {model}: it does not compile cleanly"),
        }
    }
    assert!(checked > 0);
}

#[test]
fn json_with_overrides_assumptions_and_nesting_matches_the_schema() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("json_schema");
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("rich.tm");
    std::fs::write(&path, RICH).expect("model written");
    let model = path.to_str().expect("UTF-8 path");
    let doc = check_model(model).expect("the model compiles");

    let excluded: Vec<&str> = doc["excluded_findings"]
        .as_array()
        .expect("array")
        .iter()
        .map(|f| f["id"].as_str().expect("id"))
        .collect();
    assert!(excluded.contains(&"INP05@api"), "{excluded:?}");
    assert!(excluded.contains(&"AC01@store"), "{excluded:?}");
    let overridden = doc["findings"]
        .as_array()
        .expect("array")
        .iter()
        .find(|f| f["id"] == "INP03@api")
        .expect("INP03@api is found");
    assert_eq!(overridden["response"], "Mitigated by the WAF");
    assert_eq!(overridden["cvss"], "5.0");
    assert_eq!(overridden["severity"], "Very High");
    assert_eq!(overridden["override"]["details"], "Local details.");
    assert_eq!(overridden["override"]["mitigations"], Value::Null);
    let plain = doc["findings"]
        .as_array()
        .expect("array")
        .iter()
        .find(|f| f["id"] != "INP03@api")
        .expect("another finding");
    assert_eq!(plain["override"], Value::Null);
    let flows: Vec<&str> = doc["flows"]
        .as_array()
        .expect("array")
        .iter()
        .map(|f| f["id"].as_str().expect("id"))
        .collect();
    assert_eq!(flows, ["user->api", "user->api#2", "reply", "api->store"]);
}

/// Exercises what examples/webapp.tm does not: model and element
/// assumptions, an override, nested boundaries, unlabelled and repeated
/// flows, non-ASCII names.
const RICH: &str = r#"/// Header doc.
model "Rich" {
  description = "Assumptions, overrides and nesting."
  library = pytm
  assumptions = [
    { name = "Isolated admin network" exclude = ["AC01"] },
  ]
}

/// Outer zone.
boundary outer "Outer" {
  boundary inner "Inner" {
    Server api "API" {
      usesEnvironmentVariables = true
      overrides = [
        {
          threat_id = "INP03"
          response = "Mitigated by the WAF"
          cvss = "5.0"
          severity = VeryHigh
          likelihood = Low
          details = "Local details."
        },
      ]
      assumptions = [{ name = "No SSI" exclude = ["INP05", "INP08"] }]
    }
  }
}

Actor user "Üser"
Datastore store in outer { isSQL = true }
Data creds "Creds" { credentialsLife = LONG classification = SECRET }

flow user -> api { protocol = "HTTPS" data = [creds] tlsVersion = TLSv12 }
flow user -> api { protocol = "HTTP" }
flow reply: api -> user "Reply" { isResponse = true }
flow api -> store
"#;

#[test]
fn list_threats_matches_the_schema() {
    let schema = schema();
    let out = run_twice(&["list-threats", "--format", "json"]).expect("list-threats runs");
    let doc = parse_canonical(&out, "list-threats");
    assert_valid(
        &validator(&def_schema(&schema, "listThreatsOutput")),
        &doc,
        "`tmc list-threats --format json`",
    );
    assert!(!doc["threats"].as_array().expect("array").is_empty());
}

#[test]
fn the_schema_rejects_broken_documents() {
    let schema = schema();
    let out = run_twice(&["json", "examples/webapp.tm"]).expect("webapp compiles");
    let good: Value = serde_json::from_str(&out).expect("JSON");
    let json_validator = validator(&schema);
    assert_valid(&json_validator, &good, "webapp");
    assert!(
        !good["findings"].as_array().expect("array").is_empty(),
        "webapp has findings to break"
    );

    type Break = fn(&mut Value);
    let breaks: [(&str, Break); 12] = [
        ("a finding without threat_id", |d| {
            d["findings"][0]
                .as_object_mut()
                .unwrap()
                .remove("threat_id");
        }),
        ("a finding with an unknown key", |d| {
            d["findings"][0]["extra"] = json!(1);
        }),
        ("an open finding with excluded_by", |d| {
            d["findings"][0]["excluded_by"] = json!({ "index": 0, "object": null });
        }),
        ("a severity that is no level", |d| {
            d["findings"][0]["severity"] = json!("VeryHigh");
        }),
        ("a finding that repeats its threat's mitigations", |d| {
            d["findings"][0]["mitigations"] = json!("Use HTTPS.");
        }),
        ("a finding that repeats its target's name", |d| {
            d["findings"][0]["target_name"] = json!("Web Server");
        }),
        ("a document without threats", |d| {
            d.as_object_mut().unwrap().remove("threats");
        }),
        ("an unknown top-level key", |d| {
            d["version"] = json!(1);
        }),
        ("another format", |d| {
            d["format"] = json!(1);
        }),
        ("a 0 line", |d| {
            d["elements"][0]["location"]["line"] = json!(0);
        }),
        ("a null attribute", |d| {
            d["elements"][0]["attributes"]["OS"] = Value::Null;
        }),
        ("a flow without sink", |d| {
            d["flows"][0]["attributes"]
                .as_object_mut()
                .unwrap()
                .remove("sink");
        }),
    ];
    for (what, break_it) in breaks {
        let mut doc = good.clone();
        break_it(&mut doc);
        assert!(!json_validator.is_valid(&doc), "the schema accepts {what}");
    }

    let library = run_twice(&["list-threats", "--format", "json"]).expect("list-threats runs");
    let mut doc: Value = serde_json::from_str(&library).expect("JSON");
    doc["threats"][0].as_object_mut().unwrap().remove("title");
    let library_validator = validator(&def_schema(&schema, "listThreatsOutput"));
    assert!(
        !library_validator.is_valid(&doc),
        "the schema accepts a threat without title"
    );
}

#[test]
fn json_of_the_triaged_fixture_matches_the_schema() {
    let doc = check_model("tests/fixtures/triage/shop.tm").expect("the fixture compiles");
    let findings = doc["findings"].as_array().expect("findings");
    let triaged: Vec<&Value> = findings.iter().filter(|f| !f["triage"].is_null()).collect();
    assert!(triaged.len() >= 5, "{doc:#}");
    assert!(triaged.iter().all(|f| f["status"] == f["triage"]["status"]));
}
