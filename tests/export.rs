//! `tmc export otm` and `tmc export threat-dragon` end to end: the
//! documents they write for the example models, a model with every stdlib
//! kind and every triage status (tests/export/every_kind.tm) and a
//! generated one (bench/gen.py 200 --triages) are valid against the
//! published schemas (tests/schemas/: OTM 0.2, Threat Dragon v2), the same
//! bytes on every run, and survive the round trip tmc -> OTM -> tmc and
//! tmc -> Threat Dragon -> tmc: `tmc import` reads them back without a
//! warning into a model that compiles, with the same boundaries (trust,
//! nesting), elements (kind, placement, datastore type), flows (ends; with
//! OTM, data), data items (OTM: classification) and, for every finding on
//! an element or a flow, the same finding (threat and target) with the
//! same status: the written attributes come back, so the library's rules
//! find the same findings, and the importer triages them (no `OTM_<threat>`
//! or `TD_<threat>` threat for a library finding). docs/interop.md lists
//! what each trip loses (triages' texts and dates), which is not compared.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn tmc(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tmc"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("tmc runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `tmc ARGS` must exit 0; its stdout as JSON.
fn json_of(args: &[&str], cwd: &Path) -> Value {
    let out = tmc(args, cwd);
    assert_eq!(
        out.status.code(),
        Some(0),
        "tmc {args:?}: {}",
        text(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("the output is JSON")
}

/// A format `tmc export` writes and `tmc import` reads.
#[derive(Clone, Copy)]
struct Format {
    /// Its name on the command line.
    name: &'static str,
    /// The published schema, under tests/schemas/.
    schema: &'static str,
    /// What the importer puts before a threat's id.
    prefix: &'static str,
}

const OTM: Format = Format {
    name: "otm",
    schema: "otm-0.2.0.schema.json",
    prefix: "OTM_",
};

const THREAT_DRAGON: Format = Format {
    name: "threat-dragon",
    schema: "threat-dragon-v2.schema.json",
    prefix: "TD_",
};

fn validator(format: Format) -> jsonschema::Validator {
    let path = root().join("tests/schemas").join(format.schema);
    let raw = std::fs::read_to_string(path).expect("the schema is readable");
    let schema: Value = serde_json::from_str(&raw).expect("the schema is JSON");
    jsonschema::draft7::new(&schema).expect("the schema compiles")
}

fn assert_valid(validator: &jsonschema::Validator, doc: &Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(doc)
        .map(|e| format!("at `{}`: {e}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what} is not valid against its schema:\n{}",
        errors.join("\n")
    );
}

/// The models the tests export: the examples and the hand-written
/// fixture, as absolute paths.
fn models() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(root().join("examples"))
        .expect("examples/ is readable")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "tm"))
        .collect();
    out.sort();
    out.push(root().join("tests/export/every_kind.tm"));
    out
}

/// bench/gen.py's model of `n` elements with triages, written into `dir`;
/// none when python3 is missing (outside CI: the caller skips).
fn generated(n: usize, dir: &Path) -> Option<PathBuf> {
    if !support::tool("python3", "python3") {
        return None;
    }
    let path = dir.join(format!("gen{n}.tm"));
    let script = root().join("bench/gen.py");
    let run = Command::new("python3")
        .arg(&script)
        .arg(n.to_string())
        .arg("--triages")
        .arg("-o")
        .arg(&path)
        .output()
        .expect("python3 runs");
    assert!(run.status.success(), "{}", text(&run.stderr));
    Some(path)
}

/// Exports `model` to `dir/NAME.json`; the document and the bytes.
fn export(format: Format, model: &Path, dir: &Path, name: &str) -> (Value, Vec<u8>) {
    let out = dir.join(format!("{name}.json"));
    let run = tmc(
        &[
            "export",
            format.name,
            model.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        dir,
    );
    assert_eq!(
        run.status.code(),
        Some(0),
        "export {}: {}",
        model.display(),
        text(&run.stderr)
    );
    let bytes = std::fs::read(&out).expect("the document was written");
    let doc = serde_json::from_slice(&bytes).expect("the document is JSON");
    (doc, bytes)
}

#[test]
fn exports_are_valid_and_the_same_on_every_run() {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let mut all = models();
    all.extend(generated(200, tmp.path()));
    for format in [OTM, THREAT_DRAGON] {
        let validator = validator(format);
        for model in &all {
            valid_and_stable(format, &validator, model, tmp.path());
        }
    }
}

fn valid_and_stable(format: Format, validator: &jsonschema::Validator, model: &Path, dir: &Path) {
    let what = format!("tmc export {} {}", format.name, model.display());
    let (doc, first) = export(format, model, dir, "first");
    assert_valid(validator, &doc, &what);
    let (_, second) = export(format, model, dir, "second");
    assert!(first == second, "{what}: two exports differ");
}

#[test]
fn the_schemas_reject_what_they_should() {
    // Not vacuous: a component without its required `parent`, and a trust
    // zone whose rating is text, are not OTM; a cell without its `zIndex`
    // is not Threat Dragon.
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let fixture = root().join("tests/export/every_kind.tm");
    let (td, _) = export(THREAT_DRAGON, &fixture, tmp.path(), "td");
    let mut broken = td;
    broken["detail"]["diagrams"][0]["cells"][0]
        .as_object_mut()
        .expect("a cell")
        .remove("zIndex");
    assert!(!validator(THREAT_DRAGON).is_valid(&broken));
    let validator = validator(OTM);
    let (doc, _) = export(OTM, &fixture, tmp.path(), "m");
    let mut broken = doc.clone();
    broken["components"][0]
        .as_object_mut()
        .expect("a component")
        .remove("parent");
    assert!(!validator.is_valid(&broken));
    let mut broken = doc;
    broken["trustZones"][0]["risk"]["trustRating"] = Value::from("high");
    assert!(!validator.is_valid(&broken));
}

#[test]
fn a_model_with_errors_is_not_exported() {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(
        tmp.path().join("bad.tm"),
        "model \"M\" { description = \"d\" }\nflow a -> b\n",
    )
    .expect("written");
    for format in ["otm", "threat-dragon"] {
        let run = tmc(&["export", format, "bad.tm"], tmp.path());
        assert_eq!(run.status.code(), Some(1), "{}", text(&run.stderr));
        assert!(run.stdout.is_empty());
    }
}

/// `(key, value)` pairs of an object's attributes, for comparing.
fn attrs(o: &Value, keys: &[&str]) -> Vec<(String, Value)> {
    keys.iter()
        .map(|k| (k.to_string(), o["attributes"][*k].clone()))
        .collect()
}

/// An object as its id, name and some of its attributes.
type Compared = (Value, Value, Vec<(String, Value)>);

/// Each object of `list` as its id, name and the attributes `keys`.
fn objects(doc: &Value, list: &str, keys: &[&str]) -> Vec<Compared> {
    doc[list]
        .as_array()
        .expect("a list")
        .iter()
        .map(|o| (o["id"].clone(), o["name"].clone(), attrs(o, keys)))
        .collect()
}

/// Every finding on an element or a flow, `(threat, target) -> status`.
fn statuses(doc: &Value) -> BTreeMap<(String, String), String> {
    let on: std::collections::HashSet<&str> = ["elements", "flows"]
        .iter()
        .flat_map(|k| doc[*k].as_array().into_iter().flatten())
        .filter_map(|o| o["id"].as_str())
        .collect();
    ["findings", "excluded_findings"]
        .iter()
        .flat_map(|k| doc[*k].as_array().into_iter().flatten())
        .filter(|f| on.contains(f["target"].as_str().unwrap_or("")))
        .map(|f| {
            let key = (
                f["threat_id"].as_str().unwrap().to_string(),
                f["target"].as_str().unwrap().to_string(),
            );
            (key, f["status"].as_str().unwrap().to_string())
        })
        .collect()
}

/// tmc -> OTM -> tmc on `model`: the imported model compiles without a
/// warning, the import warns about nothing, and everything the mapping
/// keeps is the same.
fn round_trip(format: Format, model: &Path) {
    let what = format!("{} {}", format.name, model.display());
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let dir = tmp.path();
    let (a_doc, _) = export(format, model, dir, "a");
    let import = tmc(&["import", format.name, "a.json", "-o", "app.tm"], dir);
    let stderr = text(&import.stderr);
    assert_eq!(import.status.code(), Some(0), "{what}: {stderr}");
    assert!(
        !stderr.contains("warning"),
        "{what}: importing tmc's own export warns:\n{stderr}"
    );
    let check = tmc(&["check", "app.tm"], dir);
    let stderr = text(&check.stderr);
    assert_eq!(check.status.code(), Some(0), "{what}: {stderr}");
    assert!(!stderr.contains("warning"), "{what}: {stderr}");

    let a = json_of(&["json", model.to_str().unwrap()], dir);
    let b = json_of(&["json", "app.tm"], dir);
    assert_eq!(a["model"]["name"], b["model"]["name"], "{what}");
    for key in ["description", "outsideTrust"] {
        assert_eq!(
            a["model"]["attributes"][key], b["model"]["attributes"][key],
            "{what}: the model's {key}"
        );
    }
    // Data items cross too: in OTM's assets, in the Threat Dragon
    // summary's `tmc.data` (Threat Dragon has none).
    let keys: [(&str, &[&str]); 3] = [
        ("boundaries", &["zone", "description"]),
        ("elements", &["inBoundary", "zone", "description"]),
        ("data", &["classification", "description"]),
    ];
    for (list, keys) in keys {
        assert_eq!(
            objects(&a, list, keys),
            objects(&b, list, keys),
            "{what}: {list} differ"
        );
    }
    // Kinds, and the storage type of datastores.
    let kinds = |doc: &Value| -> Vec<(Value, Value, Value)> {
        doc["elements"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                let ty = match e["kind"].as_str() {
                    Some("Datastore") => e["attributes"]["type"].clone(),
                    _ => Value::Null,
                };
                (e["id"].clone(), e["kind"].clone(), ty)
            })
            .collect()
    };
    assert_eq!(kinds(&a), kinds(&b), "{what}: kinds differ");
    // The nesting of boundaries, which `tmc json` does not show: the
    // trust zones (boxes) of the export of the imported model are the same.
    let (b_doc, _) = export(format, &dir.join("app.tm"), dir, "b");
    assert_eq!(zones(format, &a_doc), zones(format, &b_doc), "{what}");

    // Flows, in order: ends, name, data; a labelled flow keeps its label,
    // an unlabelled one (`a->b`) is given one.
    let (a_flows, b_flows) = (
        a["flows"].as_array().unwrap(),
        b["flows"].as_array().unwrap(),
    );
    assert_eq!(a_flows.len(), b_flows.len(), "{what}: flows");
    let mut flow_of: BTreeMap<String, String> = BTreeMap::new();
    for (fa, fb) in a_flows.iter().zip(b_flows) {
        let id_a = fa["id"].as_str().unwrap();
        if !id_a.contains("->") {
            assert_eq!(fa["id"], fb["id"], "{what}");
        }
        flow_of.insert(fb["id"].as_str().unwrap().to_string(), id_a.to_string());
        assert_eq!(fa["name"], fb["name"], "{what}: the name of {id_a}");
        let keys = ["source", "sink", "data", "description"];
        for key in keys {
            assert_eq!(
                fa["attributes"][key], fb["attributes"][key],
                "{what}: the {key} of {id_a}"
            );
        }
    }

    // The same findings (threat and target), each with the same status:
    // the library's rules find them again on the written-back attributes,
    // and the triages the importer writes give them their statuses. None
    // comes back as a hand-written `OTM_<id>` (`TD_<id>`) threat.
    let before = statuses(&a);
    let after: BTreeMap<(String, String), String> = statuses(&b)
        .into_iter()
        .map(|((threat, target), status)| {
            let target = flow_of.get(&target).cloned().unwrap_or(target);
            ((threat, target), status)
        })
        .collect();
    assert!(!before.is_empty(), "{what}: no findings to compare");
    let imported = std::fs::read_to_string(dir.join("app.tm")).expect("the model");
    assert!(
        !imported.contains(&format!("threat {}", format.prefix)),
        "{what}: a library finding came back as a hand-written threat"
    );
    let differ: Vec<String> = before
        .iter()
        .filter(|(k, v)| after.get(*k) != Some(*v))
        .map(|((t, on), v)| {
            format!(
                "{t}@{on}: {v} before, {:?} after",
                after.get(&(t.clone(), on.clone()))
            )
        })
        .chain(
            after
                .keys()
                .filter(|k| !before.contains_key(*k))
                .map(|(t, on)| format!("{t}@{on}: new after the round trip")),
        )
        .collect();
    assert!(
        differ.is_empty(),
        "{what}: the findings differ:\n{}",
        differ.join("\n")
    );
}

/// The trust zones of an OTM document, the boxes of a Threat Dragon one
/// (their `data`, with what each holds in sorted order: the imported model
/// declares boundaries before elements, so the layout's order differs).
fn zones(format: Format, doc: &Value) -> Value {
    if format.name == "otm" {
        return doc["trustZones"].clone();
    }
    let cells = doc["detail"]["diagrams"][0]["cells"].as_array().unwrap();
    let boxes: Vec<Value> = cells
        .iter()
        .filter(|c| c["shape"] == "trust-boundary-box")
        .map(|c| {
            let mut data = c["data"].clone();
            if let Some(held) = data["containedElements"].as_array_mut() {
                held.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
            }
            serde_json::json!([c["id"], data])
        })
        .collect();
    Value::Array(boxes)
}

#[test]
fn the_example_models_survive_the_round_trips() {
    for format in [OTM, THREAT_DRAGON] {
        for model in models() {
            round_trip(format, &model);
        }
    }
}

#[test]
fn a_generated_model_with_triages_survives_the_round_trips() {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    if let Some(model) = generated(200, tmp.path()) {
        round_trip(OTM, &model);
        round_trip(THREAT_DRAGON, &model);
    }
}

#[test]
fn every_status_crosses() {
    // The fixture triages findings with each of the eight statuses; each
    // comes back (the round trip compares them one by one).
    let a = json_of(&["json", "tests/export/every_kind.tm"], &root());
    let seen: std::collections::BTreeSet<String> = statuses(&a).into_values().collect();
    assert_eq!(seen.len(), 8, "{seen:?}");
}

#[test]
fn a_model_on_the_pytm_library_keeps_it_and_its_findings() {
    // examples/webapp.tm with `library = pytm` and a triage: the library is
    // no field of either format, so it travels in `tmc.written` of the
    // project (OTM) or the summary (Threat Dragon).
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let source = std::fs::read_to_string(root().join("examples/webapp.tm")).expect("the example");
    let model = source.replacen(
        "model \"Web application\" {",
        "model \"Web application\" {\n  library = pytm",
        1,
    ) + "\nTriage web_accepted {\n  threat_id = \"*\"\n  on = [web]\n  status = ACCEPTED\n  justification = \"Accepted for the test.\"\n}\n";
    assert!(model.contains("library = pytm"));
    let path = tmp.path().join("pyweb.tm");
    std::fs::write(&path, model).unwrap();
    for format in [OTM, THREAT_DRAGON] {
        let (doc, _) = export(format, &path, tmp.path(), format.name);
        assert_valid(&validator(format), &doc, format.name);
        round_trip(format, &path);
    }
    let a = json_of(&["json", path.to_str().unwrap()], tmp.path());
    let accepted = statuses(&a).values().filter(|s| *s == "accepted").count();
    assert!(accepted > 0, "the triage decides some findings");
}
