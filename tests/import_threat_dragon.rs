//! `tmc import threat-dragon` end to end, on a Threat Dragon v2 model
//! written by hand after its published schema (tests/import_threat_dragon/
//! shop.td.json, itself checked against tests/schemas/threat-dragon-v2
//! .schema.json): two diagrams, a box listing what it contains and a box
//! inside it found by geometry, actors, processes and stores with flags,
//! flows (one bidirectional), a trust boundary curve and a text block, and
//! threats of every Threat Dragon status and severity, one of them on two
//! cells and one on a cell rather than in its `data`. The imported model must be formatted, pass `tmc check` with no
//! warning, put each element in the right boundary and give each finding
//! the status Threat Dragon's says. Bad models must fail with exit 1, the
//! file, the line and column, the path of the value and a hint.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn fixture() -> PathBuf {
    root().join("tests/import_threat_dragon/shop.td.json")
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

/// Imports `input` into `dir/app.tm`; the model and the importer's stderr.
fn import(input: &Path, dir: &Path) -> (String, String) {
    let run = tmc(
        &[
            "import",
            "threat-dragon",
            input.to_str().unwrap(),
            "-o",
            "app.tm",
        ],
        dir,
    );
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    let model = std::fs::read_to_string(dir.join("app.tm")).expect("the model was written");
    (model, text(&run.stderr))
}

#[test]
fn the_fixture_is_a_valid_threat_dragon_model() {
    let raw = std::fs::read_to_string(root().join("tests/schemas/threat-dragon-v2.schema.json"))
        .expect("the schema is readable");
    let schema: Value = serde_json::from_str(&raw).expect("the schema is JSON");
    let validator = jsonschema::draft7::new(&schema).expect("the schema compiles");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(fixture()).unwrap())
        .expect("the fixture is JSON");
    let errors: Vec<String> = validator
        .iter_errors(&doc)
        .map(|e| format!("at `{}`: {e}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    // Not vacuous: a cell without its `shape` is refused.
    let mut broken = doc;
    broken["detail"]["diagrams"][0]["cells"][0]
        .as_object_mut()
        .unwrap()
        .remove("shape");
    assert!(!validator.is_valid(&broken));
}

#[test]
fn the_shop_imports_into_a_model_that_compiles() {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let (model, stderr) = import(&fixture(), tmp.path());
    assert!(
        stderr.ends_with(
            "2 boundaries, 8 elements, 7 flows, 0 data items, 8 threats, 9 triages; 34 notes kept as `// import:` comments\n"
        ),
        "{stderr}"
    );
    for warned in [
        "$.detail.diagrams[0].cells[5].data.threats[1].severity: \"TBD\"",
        "trust boundary curves",
        "text blocks",
        "flags of cells",
        "carry no trust level",
    ] {
        assert!(stderr.contains(warned), "no `{warned}` in:\n{stderr}");
    }
    let check = tmc(&["check", "app.tm"], tmp.path());
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));
    assert!(
        !text(&check.stderr).contains("warning"),
        "{}",
        text(&check.stderr)
    );
    let fmt = tmc(&["fmt", "--check", "app.tm"], tmp.path());
    assert_eq!(fmt.status.code(), Some(0), "{}", text(&fmt.stderr));

    for placed in [
        // Listed in the outer box's containedElements.
        "Server storefront \"Storefront\" in shop_network",
        "Datastore orders_database \"Orders database\" in shop_network {",
        // Inside the inner box by geometry, which the outer box lists too.
        "boundary payment_zone \"Payment zone\" in shop_network",
        "Process payment_adapter \"Payment adapter\" in payment_zone",
        // Outside every box.
        "Actor customer \"Customer\"\n",
        // The second diagram's cells come across too.
        "Datastore audit_log \"Audit log\" {",
        "flow order_calls_back: order_api -> storefront",
        "// import: trust boundary curve \"Internet edge\"",
        "on = [storefront, order_api]",
    ] {
        assert!(model.contains(placed), "no `{placed}` in:\n{model}");
    }

    let threats = tmc(&["threats", "app.tm"], tmp.path());
    let out = text(&threats.stdout);
    for (id, status) in [
        ("TD_stored_cross_site_scripting@storefront", "open"),
        ("TD_request_flooding@storefront", "transferred"),
        ("TD_request_flooding@order_api", "open"),
        ("TD_forged_session_token@order_api", "mitigated"),
        ("TD_query_injection@orders_database", "not-applicable"),
        ("TD_audit_trail_rewritten@orders_database", "accepted"),
        (
            "TD_purchases_linked_across_sessions@payment_adapter",
            "not-applicable",
        ),
        ("TD_card_number_sniffed@browse_and_buy", "mitigated"),
        // A threat on the cell itself, as the v2 schema allows.
        ("TD_log_entries_forged@audit_log", "mitigated"),
    ] {
        let json = tmc(&["json", "app.tm"], tmp.path());
        let doc: Value = serde_json::from_slice(&json.stdout).expect("JSON");
        let found = doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["id"] == id)
            .unwrap_or_else(|| panic!("no finding {id} in:\n{out}"));
        assert_eq!(found["status"], status, "{id}");
    }
}

/// The fixture with `edit` applied, imported: exit 1, and stderr.
fn refused(edit: impl FnOnce(&mut Value)) -> String {
    let mut doc: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture()).unwrap()).unwrap();
    edit(&mut doc);
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let path = tmp.path().join("bad.td.json");
    std::fs::write(&path, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    let run = tmc(&["import", "threat-dragon", "bad.td.json"], tmp.path());
    let stderr = text(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(run.stdout.is_empty());
    assert!(stderr.starts_with("error: bad.td.json:"), "{stderr}");
    assert!(stderr.contains("\n  = hint: "), "{stderr}");
    stderr
}

fn cell(doc: &mut Value, diagram: usize, cell: usize) -> &mut Value {
    &mut doc["detail"]["diagrams"][diagram]["cells"][cell]
}

/// A change that breaks the fixture, and what the error must say.
type Case = (Box<dyn FnOnce(&mut Value)>, &'static str);

#[test]
fn bad_models_are_refused_with_the_place() {
    let cases: Vec<Case> = vec![
        (
            Box::new(|d| d["detail"]["diagrams"][0]["cells"] = Value::from("none")),
            "$.detail.diagrams[0].cells: expected a list, found a string",
        ),
        (
            Box::new(|d| {
                cell(d, 0, 3).as_object_mut().unwrap().remove("id");
            }),
            "$.detail.diagrams[0].cells[3]: missing `id`",
        ),
        (
            Box::new(|d| cell(d, 0, 7)["source"]["cell"] = Value::from("c-nowhere")),
            "$.detail.diagrams[0].cells[7].source.cell: no cell has the id \"c-nowhere\"",
        ),
        (
            Box::new(|d| cell(d, 0, 8)["target"]["cell"] = Value::from("b-pay")),
            "$.detail.diagrams[0].cells[8].target.cell: \"b-pay\" is not an actor, process or store",
        ),
        (
            Box::new(|d| cell(d, 0, 8)["target"] = serde_json::json!({"x": 10, "y": 10})),
            "$.detail.diagrams[0].cells[8].target: not attached to a cell",
        ),
        (
            Box::new(|d| cell(d, 0, 1)["data"]["containedElements"] = serde_json::json!(["b-shop"])),
            "trust boundary boxes contain each other: \"b-shop\" -> \"b-pay\" -> \"b-shop\"",
        ),
        (
            Box::new(|d| cell(d, 1, 0)["id"] = Value::from("c-web")),
            "$.detail.diagrams[1].cells[0].id: id \"c-web\" is used twice",
        ),
        (
            Box::new(|d| cell(d, 0, 3)["data"]["isWebApplication"] = Value::from("yes")),
            "$.detail.diagrams[0].cells[3].data.isWebApplication: expected true or false, found a string",
        ),
        (
            Box::new(|d| cell(d, 0, 3)["data"]["threats"][0]["title"] = Value::from(3)),
            "$.detail.diagrams[0].cells[3].data.threats[0].title: expected a string, found a number",
        ),
        (
            Box::new(|d| {
                d.as_object_mut().unwrap().remove("summary");
            }),
            "$.summary: missing",
        ),
    ];
    for (edit, expected) in cases {
        let stderr = refused(edit);
        assert!(
            stderr.contains(expected),
            "expected `{expected}` in:\n{stderr}"
        );
    }
}

#[test]
fn a_file_that_is_not_json_is_refused() {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(
        tmp.path().join("bad.td.json"),
        "{\"version\": \"2.3.0\",\n  oops }\n",
    )
    .unwrap();
    let run = tmc(&["import", "threat-dragon", "bad.td.json"], tmp.path());
    let stderr = text(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(stderr.starts_with("error: bad.td.json:2:"), "{stderr}");
    assert!(
        stderr.contains("expected a Threat Dragon v2 model (JSON)"),
        "{stderr}"
    );
}
