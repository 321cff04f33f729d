//! `tmc import otm` end to end, on Open Threat Model documents written by
//! hand after the OTM 0.2 specification (tests/import_otm/): a small web
//! shop in JSON (internet zone, DMZ, an internal zone nested in it; a user,
//! a web server, an application, a database; flows, one bidirectional; one
//! threat whose mitigation is implemented) and a payroll service in YAML
//! (unknown types, a component inside a component, unattached threats and
//! mitigations). Each imported model must be formatted, pass `tmc check`
//! with no warning, and give the triage statuses the OTM states say. Bad
//! documents must fail with exit 1, the file, the line and column, the path
//! of the value and a hint. `tmc import pytm` must equal `tmc import-pytm`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/import_otm")
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

/// Imports `fixture` into a temporary folder; returns the model's text,
/// the importer's stderr and the folder (kept alive by the caller).
fn import(fixture: &str) -> (String, String, tempfile::TempDir) {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let out = tmp.path().join("app.tm");
    let input = dir().join(fixture);
    let run = tmc(
        &[
            "import",
            "otm",
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        tmp.path(),
    );
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    let model = std::fs::read_to_string(&out).expect("the model was written");
    (model, text(&run.stderr), tmp)
}

/// `tmc check` passes with no warning, and `tmc fmt --check` finds nothing
/// to change.
fn assert_compiles(tmp: &Path) {
    let check = tmc(&["check", "app.tm"], tmp);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));
    assert!(
        !text(&check.stderr).contains("warning"),
        "{}",
        text(&check.stderr)
    );
    let fmt = tmc(&["fmt", "--check", "app.tm"], tmp);
    assert_eq!(fmt.status.code(), Some(0), "{}", text(&fmt.stderr));
}

/// The status `tmc threats` gives the finding `id` (`THREAT@element`).
fn status_of(tmp: &Path, id: &str) -> String {
    let threats = tmc(&["threats", "app.tm"], tmp);
    let out = text(&threats.stdout);
    let line = out
        .lines()
        .find(|l| l.starts_with(&format!("{id} ")))
        .unwrap_or_else(|| panic!("no finding {id} in:\n{out}"));
    [
        "mitigated",
        "accepted",
        "open",
        "in-progress",
        "not-applicable",
    ]
    .into_iter()
    .find(|s| line.split_whitespace().any(|w| w == *s))
    .unwrap_or_else(|| panic!("no status in {line}"))
    .to_string()
}

#[test]
fn the_web_shop_in_json_imports_and_compiles() {
    let (model, stderr, tmp) = import("webapp.otm.json");
    assert_compiles(tmp.path());
    for line in [
        "boundary internet \"Internet\" {\n  trust = INTERNET",
        "boundary dmz \"DMZ\" {\n  trust = DMZ",
        "boundary internal_network \"Internal network\" in dmz {\n  trust = INTERNAL",
        "Actor customer \"Customer\" in internet",
        "Server web_server \"Web server\" in dmz",
        "Process order_service \"Order service\" in internal_network",
        "Datastore orders_db \"Orders DB\" in internal_network {\n  type = SQL",
        "Data payment_card \"Payment card\"",
        "classification = TOP_SECRET",
        "flow buys_a_ticket: customer -> web_server \"Buys a ticket\"",
        "flow buys_a_ticket_back: web_server -> customer \"Buys a ticket (reply)\" {\n  responseTo = buys_a_ticket",
        "flow saves_the_order: order_service -> orders_db",
        "threat OTM_sql_injection_in_the_order_search \"SQL injection in the order search\" {\n  on = [order_service]\n  severity = VeryHigh\n  likelihood = High",
        "cwe = [89]",
        "stride = [Tampering, InformationDisclosure]",
        "status = MITIGATED",
        "Mitigations: Bound query parameters (implemented).",
        "// OTM id: c-web",
        "// import: OTM type \"internet\"",
        "// import: tags = [\"nginx\"]",
        "// import: stored assets: order",
        "// import: integrity rating 70",
    ] {
        assert!(model.contains(line), "missing {line:?} in:\n{model}");
    }
    assert_eq!(
        status_of(
            tmp.path(),
            "OTM_sql_injection_in_the_order_search@order_service"
        ),
        "mitigated"
    );
    let summary = stderr.lines().last().unwrap_or("");
    assert!(
        summary.starts_with("imported ")
            && summary.ends_with(
                "webapp.otm.json: 3 boundaries, 4 elements, 4 flows, 2 data items, 1 threat, \
                 1 triage; 9 notes kept as `// import:` comments"
            ),
        "{stderr}"
    );
    for warning in [
        "tags: no tmc counterpart",
        "the project's owner and contact: no tmc counterpart",
        "($.components[3].assets.stored)",
        "trust zone types: no tmc counterpart, kept as `// import:` comments ($.trustZones[0].type)",
    ] {
        assert!(stderr.contains(warning), "missing {warning:?} in:\n{stderr}");
    }
}

#[test]
fn the_payroll_in_yaml_imports_and_keeps_what_has_no_counterpart() {
    let (model, stderr, tmp) = import("payroll.otm.yaml");
    assert_compiles(tmp.path());
    for line in [
        "boundary restricted_zone \"Restricted zone\" in corporate_network {\n  trust = RESTRICTED",
        "Actor hr_clerk \"HR clerk\"",
        "ClientApp hr_portal \"HR portal\"",
        "Lambda payroll_api \"Payroll API\"",
        "Datastore salary_ledger \"Salary ledger\" in restricted_zone {\n  type = NOSQL",
        "Process cheque_printer \"Cheque printer\" in corporate_network",
        "// import: OTM type \"cheque-printer\" has no close tmc kind; written as a Process",
        "// import: inside `payroll_api` in OTM",
        "// import: threat \"unused\" is attached to no component or dataflow; left out:",
        "// import: mitigation \"A spare printer\" (spare) is named by no threat attachment",
        "// import: category \"Insider\"",
        "// import: representations = ",
        "on = [sends_the_change]",
    ] {
        assert!(model.contains(line), "missing {line:?} in:\n{model}");
    }
    assert_eq!(
        status_of(tmp.path(), "OTM_ledger_rows_edited_directly@salary_ledger"),
        "open"
    );
    assert_eq!(
        status_of(tmp.path(), "OTM_replayed_change_request@sends_the_change"),
        "accepted"
    );
    assert!(
        stderr.contains("2 boundaries, 5 elements, 3 flows, 1 data item, 2 threats, 2 triages"),
        "{stderr}"
    );
    for warning in [
        "component types with no close tmc kind (written as Process)",
        "components inside components",
        "threats attached to no component or dataflow",
        "mitigations named by no threat attachment",
        "representations (diagram positions, code references)",
    ] {
        assert!(
            stderr.contains(warning),
            "missing {warning:?} in:\n{stderr}"
        );
    }
}

/// Runs `tmc import otm` on `doc` (written to `name`); returns stderr after
/// checking the exit status is 1 and nothing went to stdout.
fn refused(name: &str, doc: &str) -> String {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(tmp.path().join(name), doc).unwrap();
    let run = tmc(&["import", "otm", name], tmp.path());
    assert_eq!(run.status.code(), Some(1), "{}", text(&run.stderr));
    assert!(run.stdout.is_empty());
    text(&run.stderr)
}

const HEAD: &str =
    "{\n  \"otmVersion\": \"0.2.0\",\n  \"project\": {\"name\": \"P\", \"id\": \"p\"},\n";

#[test]
fn bad_documents_name_the_place_and_give_a_hint() {
    let cases: &[(&str, String, &[&str])] = &[
        (
            "broken.json",
            format!("{HEAD}  \"trustZones\": [\n    {{\"id\": \"z\",,}}\n  ]\n}}"),
            &["error: broken.json:5:16: not JSON or YAML: key must be a string\n", "= hint: expected an Open Threat Model document"],
        ),
        (
            "wrong_type.json",
            format!("{HEAD}  \"trustZones\": [],\n  \"components\": [\n    {{\"id\": \"c\", \"name\": 5, \"type\": \"web\", \"parent\": {{\"trustZone\": \"z\"}}}}\n  ]\n}}"),
            &["error: wrong_type.json:6:25: $.components[0].name: expected a string, found a number"],
        ),
        (
            "missing_id.json",
            format!("{HEAD}  \"trustZones\": [\n    {{\"id\": \"a\", \"name\": \"A\", \"risk\": {{\"trustRating\": 10}}}},\n    {{\"name\": \"B\", \"risk\": {{\"trustRating\": 50}}}}\n  ]\n}}"),
            &["error: missing_id.json:6:5: $.trustZones[1]: missing `id`", "= hint: every trust zone needs a string `id`"],
        ),
        (
            "dangling.json",
            format!("{HEAD}  \"trustZones\": [{{\"id\": \"z\", \"name\": \"Z\", \"risk\": {{\"trustRating\": 10}}}}],\n  \"components\": [{{\"id\": \"a\", \"name\": \"A\", \"type\": \"web\", \"parent\": {{\"trustZone\": \"z\"}}}}],\n  \"dataflows\": [\n    {{\"id\": \"f\", \"name\": \"F\", \"source\": \"a\",\n     \"destination\": \"b\"}}\n  ]\n}}"),
            &["error: dangling.json:8:21: $.dataflows[0].destination: no component has the id \"b\"", "= hint: the components declared: \"a\""],
        ),
        (
            "cycle.json",
            format!("{HEAD}  \"trustZones\": [\n    {{\"id\": \"a\", \"name\": \"A\", \"risk\": {{\"trustRating\": 10}}, \"parent\": {{\"trustZone\": \"b\"}}}},\n    {{\"id\": \"b\", \"name\": \"B\", \"risk\": {{\"trustRating\": 10}}, \"parent\": {{\"trustZone\": \"a\"}}}}\n  ]\n}}"),
            &["error: cycle.json:5:83: $.trustZones[0].parent.trustZone: trust zones are parents of each other: \"a\" -> \"b\" -> \"a\"", "= hint: trust zones form a tree"],
        ),
        (
            "unknown_threat.yaml",
            "otmVersion: 0.2.0\nproject: {name: P, id: p}\ntrustZones: []\ncomponents:\n  - id: a\n    name: A\n    type: web\n    threats:\n      - threat: t9\n        state: exposed\n".to_string(),
            &["error: unknown_threat.yaml:9:17: $.components[0].threats[0].threat: no threat has the id \"t9\"", "= hint: the document declares no threats"],
        ),
        (
            "yaml_type.yaml",
            "otmVersion: 0.2.0\nproject: {name: P, id: p}\ntrustZones:\n  - id: z\n    name: Z\n    risk: {trustRating: high}\n".to_string(),
            &["error: yaml_type.yaml:6:25: $.trustZones[0].risk.trustRating: expected a number from 0 to 100, found a string"],
        ),
        (
            "no_project.json",
            "{\"otmVersion\": \"0.2.0\"}".to_string(),
            &["$.project: missing or not an object", "= hint: an OTM document needs a `project`"],
        ),
    ];
    for (name, doc, expected) in cases {
        let stderr = refused(name, doc);
        for e in *expected {
            assert!(stderr.contains(e), "{name}: missing {e:?} in:\n{stderr}");
        }
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn import_pytm_is_the_same_as_import_pytm_command() {
    let pytm = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/import_pytm");
    let new = tmc(&["import", "pytm", "webapp.json"], &pytm);
    let old = tmc(&["import-pytm", "webapp.json"], &pytm);
    assert_eq!(new.status.code(), Some(0), "{}", text(&new.stderr));
    assert_eq!(new.stdout, old.stdout);
    assert_eq!(new.stderr, old.stderr);
    assert!(text(&new.stdout).contains("model "));
}
