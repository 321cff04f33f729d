//! `tmc import threagile` end to end, on a Threagile model written by hand
//! after Threagile's documented format (tests/import_threagile/clinic.yaml:
//! a clinic's booking service with nested trust boundaries, five technical
//! assets of each type, links with authentication, data sent and received,
//! and risks tracked with every status). The imported model must be
//! formatted, pass `tmc check` with no warning, keep what has no
//! counterpart as comments with warnings, and give the tracked risks their
//! statuses. Bad models must fail with exit 1, the file, the line and
//! column, the YAML path of the value and a hint.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/import_threagile")
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
        "needs-investigation",
        "false-positive",
    ]
    .into_iter()
    .find(|s| line.split_whitespace().any(|w| w == *s))
    .unwrap_or_else(|| panic!("no status in {line}"))
    .to_string()
}

#[test]
fn the_clinic_imports_and_compiles() {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let input = dir().join("clinic.yaml");
    let run = tmc(
        &[
            "import",
            "threagile",
            input.to_str().unwrap(),
            "-o",
            "app.tm",
        ],
        tmp.path(),
    );
    let stderr = text(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    let model = std::fs::read_to_string(tmp.path().join("app.tm")).expect("the model");

    let check = tmc(&["check", "app.tm"], tmp.path());
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));
    assert!(
        !text(&check.stderr).contains("warning"),
        "{}",
        text(&check.stderr)
    );
    let fmt = tmc(&["fmt", "--check", "app.tm"], tmp.path());
    assert_eq!(fmt.status.code(), Some(0), "{}", text(&fmt.stderr));

    for line in [
        "model \"Clinic bookings\" {\n  description = \"Patients book visits in the browser;",
        "// Threagile type: network-cloud-provider\nboundary clinic_cloud \"Clinic cloud\" {\n  trust = INTERNAL",
        "boundary app_tier \"App tier\" in clinic_cloud {\n  trust = INTERNAL",
        "boundary app_container \"App container\" in app_tier\n",
        "Data patient_record \"Patient record\" {\n  description = \"Name, phone number and reason for the visit\"\n  classification = TOP_SECRET",
        "Data staff_password \"Staff password\" {\n  classification = SECRET",
        "classification = PUBLIC",
        "Actor patient_browser \"Patient browser\" {\n  data = [visit_slots]",
        "Actor admin_laptop \"Admin laptop\"",
        "Server booking_app \"Booking app\" in app_container {",
        "Datastore bookings_db \"Bookings DB\" in clinic_cloud {\n  controls.isEncryptedAtRest = true\n  data = [patient_record, visit_slots]",
        "ExternalEntity sms_provider \"SMS provider\" {\n  inScope = false",
        "flow store_bookings: booking_app -> bookings_db \"Store bookings\" {\n  description = \"Reads and writes appointments\"\n  protocol = \"JDBC-ENCRYPTED\"\n  controls.isEncrypted = true\n  controls.authenticatesSource = true\n  controls.authorizesSource = true\n  data = [patient_record]",
        "flow store_bookings_reply: bookings_db -> booking_app \"Store bookings (reply)\" {\n  responseTo = store_bookings\n  data = [visit_slots]",
        "controls.usesMFA = true\n  data = [visit_slots, staff_password]",
        "usesSessionTokens = true",
        "threat TG_sql_nosql_injection \"sql nosql injection\" {\n  on = [booking_app]",
        "Triage triage_TG_unencrypted_asset_booking_app {\n  threat_id = \"TG_unencrypted_asset\"\n  on = [booking_app]\n  status = ACCEPTED\n  justification = \"The app keeps no data at rest; the database is encrypted.\"\n  ticket = \"CLINIC-12\"\n  owner = \"Dana\"\n  decided = \"2026-10-30\"",
        "// import: business_criticality: important",
        "// import: machine: container",
        "// import: integrity: critical",
        "// import: authentication: token",
        "// import: risk \"server-side-request-forgery@print-server\" (false-positive) names no technical asset of the model",
    ] {
        assert!(model.contains(line), "missing {line:?} in:\n{model}");
    }
    for (finding, status) in [
        ("TG_unencrypted_asset@booking_app", "accepted"),
        ("TG_missing_vault@booking_app", "in-progress"),
        ("TG_sql_nosql_injection@booking_app", "mitigated"),
        ("TG_cross_site_scripting@booking_app", "needs-investigation"),
        ("TG_missing_waf@booking_app", "open"),
    ] {
        assert_eq!(status_of(tmp.path(), finding), status, "{finding}");
    }
    let summary = stderr.lines().last().unwrap_or("");
    assert!(
        summary.ends_with(
            "clinic.yaml: 3 boundaries, 5 elements, 6 flows, 3 data items, 5 threats, \
             4 triages; 34 notes kept as `// import:` comments"
        ),
        "{stderr}"
    );
    for warning in [
        "Threagile `business_criticality`: no tmc counterpart, kept as `// import:` comments ($.business_criticality)",
        "Threagile `machine`: no tmc counterpart",
        "($.technical_assets.Booking app.machine,",
        "tracked risks on no technical asset: no tmc counterpart, kept as `// import:` comments ($.risk_tracking.server-side-request-forgery@print-server)",
    ] {
        assert!(stderr.contains(warning), "missing {warning:?} in:\n{stderr}");
    }
}

/// Runs `tmc import threagile` on `doc` (written to `name`); returns stderr
/// after checking the exit status is 1 and nothing went to stdout.
fn refused(name: &str, doc: &str) -> String {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(tmp.path().join(name), doc).unwrap();
    let run = tmc(&["import", "threagile", name], tmp.path());
    assert_eq!(run.status.code(), Some(1), "{}", text(&run.stderr));
    assert!(run.stdout.is_empty());
    text(&run.stderr)
}

const HEAD: &str = "title: T\n";

#[test]
fn bad_models_name_the_place_and_give_a_hint() {
    let cases: &[(&str, String, &[&str])] = &[
        (
            "syntax.yaml",
            format!("{HEAD}technical_assets:\n  A: [x\n"),
            &["error: syntax.yaml:", "not JSON or YAML", "= hint: expected a Threagile model (YAML)"],
        ),
        (
            "no_title.yaml",
            "technical_assets: {}\n".to_string(),
            &["$.title: missing", "= hint: a Threagile model has a `title`"],
        ),
        (
            "wrong_type.yaml",
            format!("{HEAD}technical_assets:\n  - id: a\n"),
            &["error: wrong_type.yaml:3:3: $.technical_assets: expected a mapping of titles to entries, found a list"],
        ),
        (
            "wrong_flag.yaml",
            format!("{HEAD}technical_assets:\n  A:\n    id: a\n    internet: maybe\n"),
            &["error: wrong_flag.yaml:5:15: $.technical_assets.A.internet: expected true or false, found a string"],
        ),
        (
            "missing_id.yaml",
            format!("{HEAD}data_assets:\n  Card:\n    confidentiality: public\n"),
            &["$.data_assets.Card.id: missing", "= hint: every data asset needs an `id`"],
        ),
        (
            "twice.yaml",
            format!("{HEAD}technical_assets:\n  A:\n    id: a\n  B:\n    id: a\n"),
            &["error: twice.yaml:6:9: $.technical_assets.B.id: id \"a\" is used twice", "= hint: the ids of technical assets must be unique"],
        ),
        (
            "dangling.yaml",
            format!("{HEAD}technical_assets:\n  A:\n    id: a\n    communication_links:\n      Calls:\n        target: b\n"),
            &["error: dangling.yaml:7:17: $.technical_assets.A.communication_links.Calls.target: no technical asset has the id \"b\"", "= hint: the technical assets declared: \"a\""],
        ),
        (
            "unknown_data.yaml",
            format!("{HEAD}technical_assets:\n  A:\n    id: a\n    data_assets_stored: [card]\n"),
            &["$.technical_assets.A.data_assets_stored[0]: no data asset has the id \"card\"", "= hint: the document declares no data assets"],
        ),
        (
            "cycle.yaml",
            format!("{HEAD}trust_boundaries:\n  Outer:\n    id: outer\n    trust_boundaries_nested: [inner]\n  Inner:\n    id: inner\n    trust_boundaries_nested: [outer]\n"),
            &["trust_boundaries_nested[0]: trust boundary \"", "ends up nested in itself", "= hint: trust_boundaries_nested must not form a cycle"],
        ),
        (
            "two_boundaries.yaml",
            format!("{HEAD}technical_assets:\n  A:\n    id: a\ntrust_boundaries:\n  One:\n    id: one\n    technical_assets_inside: [a]\n  Two:\n    id: two\n    technical_assets_inside: [a]\n"),
            &["$.trust_boundaries.Two.technical_assets_inside[0]: technical asset \"a\" is already inside another trust boundary ($.trust_boundaries.One.technical_assets_inside[0])"],
        ),
        (
            "bad_status.yaml",
            format!("{HEAD}technical_assets:\n  A:\n    id: a\nrisk_tracking:\n  some-risk@a:\n    status: done\n"),
            &["error: bad_status.yaml:7:13: $.risk_tracking.some-risk@a.status: \"done\" is not one of the values Threagile allows here", "= hint: use one of: unchecked, in-discussion, accepted, in-progress, mitigated, false-positive"],
        ),
        (
            "bad_boundary_type.yaml",
            format!("{HEAD}trust_boundaries:\n  B:\n    id: b\n    type: castle-wall\n"),
            &["$.trust_boundaries.B.type: \"castle-wall\" is not one of the values", "network-on-prem"],
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
