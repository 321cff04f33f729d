//! `tmc triage MODEL THREAT@ELEMENT --status ...` end to end, on copies of
//! tests/fixtures/triage/shop.tm in temporary folders, always judged on
//! 2026-12-05 (when the acceptance of INP05@web has expired): the entry it
//! appends or rewrites (and nothing else in the file), every refusal,
//! models in two files, renamed elements and `--dry-run`. Also the risk
//! tracking of a model across two versions (statuses survive a reorder, a
//! reformat, triages moved to another file and a rename) and `--fail-on`
//! failing on an expired acceptance.

use std::path::Path;
use std::process::{Command, Output};

const FIXTURE: &str = include_str!("fixtures/triage/shop.tm");
const TODAY: &str = "2026-12-05";

/// `tmc --today 2026-12-05 ARGS...`, run in `dir`.
fn tmc(dir: &Path, args: &[&str]) -> Output {
    tmc_on(dir, TODAY, args)
}

/// `tmc --today DAY ARGS...`, run in `dir`.
fn tmc_on(dir: &Path, day: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tmc"))
        .args(["--today", day, "--color", "never"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("tmc runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

/// A temporary folder holding `files` (path, text).
fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        std::fs::write(dir.path().join(path), text).unwrap();
    }
    dir
}

fn read(dir: &Path, path: &str) -> String {
    std::fs::read_to_string(dir.join(path)).unwrap()
}

/// `tmc triage shop.tm ARGS...` on a fresh copy of the fixture: the run
/// and the folder.
fn triage_shop(args: &[&str]) -> (Output, tempfile::TempDir) {
    let dir = folder(&[("shop.tm", FIXTURE)]);
    let mut all = vec!["triage", "shop.tm"];
    all.extend_from_slice(args);
    (tmc(dir.path(), &all), dir)
}

/// Every finding's id and status, and its SARIF suppression's status,
/// from `tmc threats --format sarif`.
fn statuses(dir: &Path, model: &str) -> Vec<(String, String, String)> {
    let o = tmc(dir, &["threats", "--format", "sarif", model]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let log: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let mut all: Vec<_> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let p = &r["properties"];
            let suppressed = r["suppressions"][0]["status"].as_str().unwrap_or("");
            (
                p["findingId"].as_str().unwrap().to_string(),
                p["status"].as_str().unwrap().to_string(),
                suppressed.to_string(),
            )
        })
        .collect();
    all.sort();
    all
}

/// The status of one finding, from `tmc threats --format sarif`.
fn status_of(dir: &Path, model: &str, id: &str) -> String {
    let all = statuses(dir, model);
    let found = all.iter().find(|(f, _, _)| f == id);
    found.unwrap_or_else(|| panic!("no {id}")).1.clone()
}

#[test]
fn a_new_entry_is_appended_formatted_and_the_rest_of_the_file_is_untouched() {
    let (o, dir) = triage_shop(&[
        "INP20@web",
        "--status",
        "accepted",
        "--why",
        "Pages send frame-ancestors 'none'.",
        "--owner",
        "web-team",
        "--ticket",
        "https://tickets.shop.example/SEC-120",
        "--until",
        "2027-06-30",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "INP20@web: accepted (triage `triage_INP20_web`, shop.tm:119)\n"
    );
    let written = read(dir.path(), "shop.tm");
    let added = written.strip_prefix(FIXTURE).expect("the old text is kept");
    assert_eq!(
        added,
        r#"
Triage triage_INP20_web {
  threat_id = "INP20"
  on = [web]
  status = ACCEPTED
  justification = "Pages send frame-ancestors 'none'."
  owner = "web-team"
  ticket = "https://tickets.shop.example/SEC-120"
  decided = "2026-12-05"
  reviewBy = "2027-06-30"
}
"#
    );
    let fmt = tmc(dir.path(), &["fmt", "--check", "shop.tm"]);
    assert_eq!((fmt.status.code(), stdout(&fmt)), (Some(0), String::new()));
    assert_eq!(status_of(dir.path(), "shop.tm", "INP20@web"), "accepted");
}

#[test]
fn every_spelling_of_a_status_is_read_and_decided_defaults_to_today() {
    for (spelling, member, name) in [
        ("ACCEPTED", "ACCEPTED", "accepted"),
        ("in_progress", "IN_PROGRESS", "in-progress"),
        ("In-Progress", "IN_PROGRESS", "in-progress"),
        ("False-Positive", "FALSE_POSITIVE", "false-positive"),
        (
            "needs-investigation",
            "NEEDS_INVESTIGATION",
            "needs-investigation",
        ),
    ] {
        let (o, dir) = triage_shop(&["SC05@web", "--status", spelling, "--why", "Checked."]);
        assert_eq!(o.status.code(), Some(0), "{spelling}: {}", stderr(&o));
        assert!(
            stdout(&o).starts_with(&format!("SC05@web: {name} (")),
            "{spelling}"
        );
        let written = read(dir.path(), "shop.tm");
        assert!(
            written.contains(&format!("  status = {member}\n")),
            "{written}"
        );
        assert!(
            written.contains("  decided = \"2026-12-05\"\n"),
            "{written}"
        );
        assert_eq!(status_of(dir.path(), "shop.tm", "SC05@web"), name);
    }
}

#[test]
fn triaging_a_decided_finding_again_rewrites_its_own_entry_in_place() {
    // INP05@web is decided by `sqli_accepted`, whose acceptance expired.
    let (o, dir) = triage_shop(&[
        "INP05@web",
        "--status",
        "accepted",
        "--justification",
        "Reviewed again: every query is bound.",
        "--review-by",
        "2027-05-31",
        "--decided",
        "2026-12-01",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "INP05@web: accepted (triage `sqli_accepted`, shop.tm:62)\n"
    );
    let written = read(dir.path(), "shop.tm");
    let start = FIXTURE.find("Triage sqli_accepted {").unwrap();
    let end = start + FIXTURE[start..].find("\n}\n").unwrap() + 2;
    assert_eq!(&written[..start], &FIXTURE[..start]);
    assert!(written.ends_with(&FIXTURE[end..]));
    assert_eq!(
        &written[start..written.len() - (FIXTURE.len() - end)],
        r#"Triage sqli_accepted {
  threat_id = "INP05"
  on = [web]
  status = ACCEPTED
  justification = "Reviewed again: every query is bound."
  owner = "appsec@shop.example"
  ticket = "https://tickets.shop.example/SEC-101"
  decided = "2026-12-01"
  reviewBy = "2027-05-31"
}"#
    );
    let all = statuses(dir.path(), "shop.tm");
    let inp05 = all.iter().find(|(id, _, _)| id == "INP05@web").unwrap();
    assert_eq!(
        (inp05.1.as_str(), inp05.2.as_str()),
        ("accepted", "accepted")
    );

    // A finding triaged by this command, triaged again: one entry still.
    let dir = folder(&[("shop.tm", FIXTURE)]);
    for status in ["in-progress", "mitigated"] {
        let o = tmc(
            dir.path(),
            &[
                "triage",
                "shop.tm",
                "INP20@web",
                "--status",
                status,
                "--why",
                "CSP",
            ],
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    let written = read(dir.path(), "shop.tm");
    assert_eq!(written.matches("Triage triage_INP20_web {").count(), 1);
    assert!(written
        .strip_prefix(FIXTURE)
        .unwrap()
        .contains("status = MITIGATED"));
    assert!(!written.contains("IN_PROGRESS\n  justification = \"CSP\""));
}

/// Runs `tmc triage` on the fixture with `args`, expecting a refusal with
/// `code` whose stderr has each of `said`, and the model untouched.
fn refused(args: &[&str], code: i32, said: &[&str]) {
    refused_on(FIXTURE, args, code, said);
}

/// `tmc triage shop.tm ARGS` on `model` as shop.tm: exits `code`, says
/// each of `said` on stderr, prints nothing and leaves the file as it was.
fn refused_on(model: &str, args: &[&str], code: i32, said: &[&str]) {
    let dir = folder(&[("shop.tm", model)]);
    let mut all = vec!["triage", "shop.tm"];
    all.extend_from_slice(args);
    let o = tmc(dir.path(), &all);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(code), "{args:?}: {err}");
    for words in said {
        assert!(err.contains(words), "{args:?}: no {words:?} in\n{err}");
    }
    assert_eq!(stdout(&o), "", "{args:?}");
    assert_eq!(read(dir.path(), "shop.tm"), model, "{args:?}");
}

/// Asks to mark INP20@web mitigated.
const MITIGATE_INP20: &[&str] = &["INP20@web", "--status", "mitigated", "--why", "CSP"];

#[test]
fn a_request_that_is_not_whole_is_refused_before_the_model_is_read() {
    refused(
        &["INP05web", "--status", "open"],
        2,
        &["error: `INP05web` is not a finding id", "THREAT@ELEMENT"],
    );
    refused(&["@web", "--status", "open"], 2, &["is not a finding id"]);
    for status in [
        "accepted",
        "transferred",
        "false-positive",
        "not-applicable",
    ] {
        refused(
            &["INP20@web", "--status", status, "--why", "  "],
            2,
            &[&format!(
                "error: `--status {status}` needs a reason: add --why"
            )],
        );
        refused(&["INP20@web", "--status", status], 2, &["needs a reason"]);
    }
    refused(
        &["INP20@web", "--status", "done"],
        2,
        &[
            "`done` is not a status",
            "needs-investigation",
            "not-applicable",
        ],
    );
    refused(
        &["INP20@web", "--status", "open", "--until", "2027-02-30"],
        2,
        &["not a day of the calendar"],
    );
    refused(
        &["INP20@web", "--status", "open", "--until", "2026-12-01"],
        2,
        &["--until 2026-12-01 has passed already (today is 2026-12-05)"],
    );
    refused(
        &[
            "INP20@web",
            "--status",
            "open",
            "--until",
            "2027-01-01",
            "--decided",
            "2027-02-01",
        ],
        2,
        &["--until 2027-01-01 is before the decision, 2027-02-01"],
    );
}

#[test]
fn ids_that_name_nothing_are_refused_with_a_hint() {
    refused(
        &["INP05@wbe", "--status", "open"],
        2,
        &[
            "error: the model has no element, boundary or flow `wbe`",
            "did you mean `web`?",
        ],
    );
    refused(
        &["INP55@web", "--status", "open"],
        2,
        &[
            "error: no threat has the id `INP55`",
            "did you mean `INP05`?",
            "tmc list-threats",
        ],
    );
}

#[test]
fn a_finding_that_does_not_exist_is_refused_with_the_ones_that_do() {
    refused(
        &["INP05@orders", "--status", "open"],
        2,
        &[
            "error: INP05@orders is not a finding of this model: INP05 is not reported on `orders`",
            "`orders` has these findings: CFG02@orders, DR01@orders, LOG05@orders, PRV04@orders, PRV09@orders, TB01@orders",
            "`tmc explain INP05 orders shop.tm` shows why INP05 does not fire there",
        ],
    );
    refused(
        &["INP05@order", "--status", "open"],
        2,
        &["INP05@order is not a finding", "`order` has no findings"],
    );
}

#[test]
fn a_finding_ruled_out_by_an_assumption_is_refused() {
    let model = FIXTURE.replace(
        "  port = 443\n",
        "  port = 443\n  assumptions = [{ name = \"Framed by nobody\" exclude = [\"INP20\"] }]\n",
    );
    refused_on(
        &model,
        MITIGATE_INP20,
        2,
        &["error: INP20@web is ruled out by the assumption `Framed by nobody`: a triage would not change it"],
    );
}

#[test]
fn an_unlabelled_flow_is_refused_with_how_to_label_it() {
    let model = FIXTURE.replace(
        "Triage sqli_accepted",
        "flow customer -> orders \"Peek\" {\n  protocol = \"HTTP\"\n}\n\nTriage sqli_accepted",
    );
    let dir = folder(&[("shop.tm", &model)]);
    let o = tmc(dir.path(), &["threats", "shop.tm"]);
    let finding = stdout(&o)
        .lines()
        .find_map(|l| {
            l.split_whitespace()
                .next()
                .filter(|id| id.ends_with("@customer->orders"))
        })
        .expect("a finding on the unlabelled flow")
        .to_string();
    refused_on(
        &model,
        &[&finding, "--status", "open"],
        2,
        &[
            "error: a triage names a flow by its label, and the flow `customer->orders` has none",
            "label it where it is declared (shop.tm:62): `flow <label>: customer -> orders`",
        ],
    );
}

#[test]
fn a_model_with_errors_is_refused_with_its_errors() {
    let model = FIXTURE.replace("port = 443", "port = \"443\"");
    refused_on(
        &model,
        &["INP20@web", "--status", "open"],
        1,
        &["shop.tm:27", "1 error found"],
    );
}

#[test]
fn an_entry_that_would_not_take_is_not_written() {
    // `both` decides INP20@web exactly as specifically as a new entry
    // would: the two would conflict.
    let model = format!(
        "{FIXTURE}\nTriage both {{\n  threat_id = \"INP20\"\n  on = [web, orders]\n  status = IN_PROGRESS\n}}\n"
    );
    refused_on(
        &model,
        MITIGATE_INP20,
        1,
        &[
            "error[conflicting-triage]",
            "error: the model would not compile with the entry for INP20@web: nothing was written",
        ],
    );

    // A triage restricted to kinds is more specific than the new entry.
    let model = format!(
        "{FIXTURE}\nTriage servers {{\n  threat_id = \"INP20\"\n  on = [web]\n  kinds = [\"Server\"]\n  status = IN_PROGRESS\n}}\n"
    );
    refused_on(
        &model,
        MITIGATE_INP20,
        1,
        &["error: the entry would not decide INP20@web: the triage `servers` is more specific and still wins"],
    );
}

const MAIN: &str = r#"model "Two files" {
  description = "The API is declared in parts.tm."
}

import "parts.tm"

Actor user "User"

flow calls: user -> api "Calls" {
  protocol = "HTTPS"
}
"#;

const PARTS: &str = r#"// The API lives here.
Server api "API" {
  protocol = "HTTPS"
}
"#;

#[test]
fn the_entry_goes_into_the_file_that_declares_the_element() {
    let dir = folder(&[("main.tm", MAIN), ("parts.tm", PARTS)]);
    let o = tmc(
        dir.path(),
        &[
            "triage",
            "main.tm",
            "DO01@api",
            "--status",
            "transferred",
            "--why",
            "The CDN absorbs floods.",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "DO01@api: transferred (triage `triage_DO01_api`, parts.tm:6)\n"
    );
    assert_eq!(read(dir.path(), "main.tm"), MAIN);
    let parts = read(dir.path(), "parts.tm");
    assert!(parts.starts_with(PARTS), "{parts}");
    assert!(parts.ends_with("  on = [api]\n  status = TRANSFERRED\n  justification = \"The CDN absorbs floods.\"\n  decided = \"2026-12-05\"\n}\n"), "{parts}");
    let fmt = tmc(dir.path(), &["fmt", "--check", "parts.tm"]);
    assert_eq!(fmt.status.code(), Some(0), "{}", stdout(&fmt));
    assert_eq!(status_of(dir.path(), "main.tm", "DO01@api"), "transferred");

    // A finding on a flow of main.tm goes into main.tm.
    let o = tmc(
        dir.path(),
        &["triage", "main.tm", "DE03@calls", "--status", "in-progress"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(read(dir.path(), "main.tm").starts_with(MAIN));
    assert!(read(dir.path(), "main.tm").contains("Triage triage_DE03_calls {"));
}

/// The fixture with `web` renamed to `storefront`.
fn renamed() -> String {
    FIXTURE
        .replace(
            "Server web \"Web server\" in dmz {\n",
            "Server storefront \"Web server\" in dmz {\n  renamedFrom = [\"web\"]\n",
        )
        .replace("customer -> web", "customer -> storefront")
        .replace("save: web ->", "save: storefront ->")
}

#[test]
fn an_element_is_found_by_its_former_identifier() {
    let model = renamed();
    let dir = folder(&[("shop.tm", &model)]);
    let o = tmc(
        dir.path(),
        &[
            "triage",
            "shop.tm",
            "INP20@web",
            "--status",
            "mitigated",
            "--why",
            "CSP",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("note: `web` was renamed to `storefront` (its `renamedFrom`): the finding is INP20@storefront"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        stdout(&o),
        "INP20@storefront: mitigated (triage `triage_INP20_storefront`, shop.tm:120)\n"
    );
    let written = read(dir.path(), "shop.tm");
    assert!(written
        .strip_prefix(model.as_str())
        .unwrap()
        .contains("  on = [storefront]\n"));

    // The triage that still says `on = [web]` is the one rewritten.
    let o = tmc(
        dir.path(),
        &[
            "triage",
            "shop.tm",
            "INP05@web",
            "--status",
            "mitigated",
            "--why",
            "Bound queries.",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "INP05@storefront: mitigated (triage `sqli_accepted`, shop.tm:63)\n"
    );
    assert_eq!(
        read(dir.path(), "shop.tm")
            .matches("threat_id = \"INP05\"")
            .count(),
        1
    );
}

#[test]
fn dry_run_prints_the_entry_and_writes_nothing() {
    let (o, dir) = triage_shop(&["INP20@web", "--status", "open", "--dry-run"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "would add to the end of shop.tm:\nTriage triage_INP20_web {\n  threat_id = \"INP20\"\n  on = [web]\n  status = OPEN\n  decided = \"2026-12-05\"\n}\n"
    );
    assert_eq!(read(dir.path(), "shop.tm"), FIXTURE);

    let (o, dir) = triage_shop(&["PRV04@orders", "--status", "in-progress", "--dry-run"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("would replace lines 94-100 of shop.tm:\nTriage retention_done {\n"),
        "{}",
        stdout(&o)
    );
    assert_eq!(read(dir.path(), "shop.tm"), FIXTURE);
}

/// Version 2 of the fixture: the declarations in another order, spaced
/// otherwise, `web` renamed to `storefront`, the triages (unchanged, still
/// `on = [web]`) in a file of their own.
const V2: &str = r#"// Version 2 of the shop: the same model, its declarations in another
// order and spaced otherwise, `web` renamed to `storefront`, and the
// triages moved to a file of their own.
import "triages.tm"

flow save  :  storefront -> orders "Save the order" {
  dstPort = 5432
  data = [ order ]
  protocol = "PostgreSQL"
}

Datastore orders "Orders database" in core {
  data = [order]
  type = SQL
  description = "Orders and customer addresses."
}

Server storefront "Web server" in dmz {
  renamedFrom = ["web"]
  port = 443
  protocol = "HTTPS"
  overrides = [{
    response = "Accepted: the banner shows no product or version."
    threat_id = "DS03"
  }]
  description = "Serves the shop's pages and API."
}

model "Shop" {
  description = "An online shop: customers browse and pay; orders are kept in a database."
}

flow browse: customer -> storefront "Browse and pay" {
  controls.isEncrypted = true
  data = [order]
  dstPort = 443
  protocol = "HTTPS"
}

boundary core "Core network" { trust = INTERNAL }
boundary dmz "DMZ" { trust = DMZ }
boundary internet "Internet" { trust = INTERNET }

Actor customer "Customer" in internet { description = "Someone buying from the shop." }

Data order "Order" {
  isPII = true
  classification = SENSITIVE
  description = "What was bought, by whom, delivered where."
}
"#;

#[test]
fn triage_survives_a_reorder_a_reformat_a_move_and_a_rename() {
    let start = FIXTURE.find("// Accepted until").unwrap();
    let triages = format!(
        "// The shop's triages, apart from the model.\n\n\n{}",
        FIXTURE[start..].replace("\n\n", "\n\n\n")
    );
    let dir = folder(&[
        ("v1.tm", FIXTURE),
        ("shop.tm", V2),
        ("triages.tm", &triages),
    ]);
    let v1 = statuses(dir.path(), "v1.tm");
    let v2 = statuses(dir.path(), "shop.tm");
    assert_eq!(v1.len(), 19);
    let renamed: Vec<_> = v1
        .iter()
        .map(|(id, s, sup)| (id.replace("@web", "@storefront"), s.clone(), sup.clone()))
        .collect();
    assert_eq!(renamed, v2);
    // Each kind of decision is there to survive: the expired acceptance
    // (under review), a transfer through the boundary, a triage of every
    // finding of a kind, and the override's response.
    for (id, status, suppressed) in [
        ("INP05@storefront", "accepted", "underReview"),
        ("INP39@storefront", "accepted", "accepted"),
        ("DO01@storefront", "transferred", "accepted"),
        ("TB01@orders", "in-progress", ""),
        ("PRV04@orders", "mitigated", "accepted"),
        ("DE03@save", "false-positive", "accepted"),
        ("DS03@storefront", "accepted", "accepted"),
        ("AA01@storefront", "open", ""),
    ] {
        let want = (id.to_string(), status.to_string(), suppressed.to_string());
        assert!(v2.contains(&want), "{want:?} not in {v2:?}");
    }
    // And `tmc triage` on version 2 rewrites the entry in triages.tm.
    let o = tmc(
        dir.path(),
        &[
            "triage",
            "shop.tm",
            "INP05@web",
            "--status",
            "accepted",
            "--why",
            "Bound queries.",
            "--until",
            "2027-06-01",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "INP05@storefront: accepted (triage `sqli_accepted`, triages.tm:5)\n"
    );
    assert_eq!(read(dir.path(), "shop.tm"), V2);
    let now = read(dir.path(), "triages.tm");
    assert!(
        now.contains("Triage sqli_accepted {\n  threat_id = \"INP05\"\n  on = [storefront]\n"),
        "{now}"
    );
    assert_eq!(
        now.len() - now.find("// Accepted well").unwrap(),
        triages.len() - triages.find("// Accepted well").unwrap()
    );
}

#[test]
fn an_expired_acceptance_makes_fail_on_exit_3() {
    let dir = folder(&[("shop.tm", FIXTURE)]);
    for command in ["threats", "check"] {
        let o = tmc(dir.path(), &[command, "--fail-on", "high", "shop.tm"]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(3), "{command}: {err}");
        assert!(err.contains("warning[expired-triage]"), "{err}");
        let gate = err.lines().find(|l| l.contains("--fail-on high")).unwrap();
        assert!(gate.contains("INP05@web"), "{gate}");
        // Accepted and not expired: not named.
        assert!(!gate.contains("INP39@web"), "{gate}");

        // Before its review date the acceptance holds.
        let o = tmc_on(
            dir.path(),
            "2026-11-01",
            &[command, "--fail-on", "high", "shop.tm"],
        );
        let err = stderr(&o);
        assert!(!err.contains("expired-triage"), "{err}");
        let gate = err.lines().find(|l| l.contains("--fail-on high")).unwrap();
        assert!(!gate.contains("INP05@web"), "{gate}");
    }
    // With INP05 accepted again until 2027, INP05 is not named either.
    let o = tmc(
        dir.path(),
        &[
            "triage",
            "shop.tm",
            "INP05@web",
            "--status",
            "accepted",
            "--why",
            "Reviewed.",
            "--until",
            "2027-06-01",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = tmc(
        dir.path(),
        &["threats", "--fail-on", "very-high", "shop.tm"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}
