//! `tmc paths` end to end on tests/fixtures/paths/shop.tm: the text and
//! JSON of the routes from the internet to the card vault (snapshots), the
//! same run twice giving the same bytes, the bounds, a search with no
//! path, and the usage errors of selectors that name nothing.

#[path = "support/run.rs"]
mod run;

use run::{stderr, stdout, tmc};

const SHOP: &str = "tests/fixtures/paths/shop.tm";

/// `tmc --color never paths shop.tm ARGS...`.
fn paths(args: &[&str]) -> std::process::Output {
    let mut all = vec!["--color", "never", "paths", SHOP];
    all.extend_from_slice(args);
    tmc(&all)
}

/// The run succeeded; its stdout.
fn ok(args: &[&str]) -> String {
    let o = paths(args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stderr(&o), "");
    stdout(&o)
}

#[test]
fn from_the_internet_to_the_vault_as_text() {
    let text = ok(&["--from", "INTERNET", "--to", "RESTRICTED"]);
    insta::assert_snapshot!("paths_internet_to_restricted_text", text);
}

#[test]
fn from_the_internet_to_the_vault_as_json_the_same_every_run() {
    let args = [
        "--from",
        "INTERNET",
        "--to",
        "RESTRICTED",
        "--format",
        "json",
    ];
    let json = ok(&args);
    assert_eq!(json, ok(&args), "byte for byte the same");
    let value: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(value["paths"].as_array().map(Vec::len), Some(3));
    assert_eq!(value["paths"][1]["weakest"]["flow"], "place");
    insta::assert_snapshot!("paths_internet_to_restricted_json", json);
}

#[test]
fn an_element_to_a_boundary_and_text_as_an_alias_of_human() {
    let text = ok(&["--from", "shopper", "--to", "inside", "--format", "text"]);
    assert!(text.starts_with("paths from `shopper` (1 element) to boundary `inside` (3 elements)"));
    // The route stops at the first element of the boundary it reaches.
    assert!(
        text.contains("1. shopper -> web -> orders (2 hops)"),
        "{text}"
    );
    assert!(
        text.contains("2. shopper -> cache -> web -> orders (3 hops)"),
        "{text}"
    );
    assert!(text.ends_with("\n2 paths\n"), "{text}");
}

#[test]
fn the_bounds_cut_and_say_so() {
    let text = ok(&["--from", "INTERNET", "--to", "cards", "--max-paths", "1"]);
    assert!(
        text.contains("1. partner -> orders -> cards (2 hops)"),
        "{text}"
    );
    assert!(!text.contains("\n2. "), "{text}");
    assert!(
        text.ends_with(
            "stopped after 1 path: there are more (raise --max-paths or lower --max-hops)\n"
        ),
        "{text}"
    );
    let text = ok(&["--from", "shopper", "--to", "cards", "--max-hops", "2"]);
    assert!(
        text.contains("no path within 2 hops: the shortest has 3 (raise --max-hops)"),
        "{text}"
    );
}

#[test]
fn no_path_is_an_answer_not_an_error() {
    let text = ok(&["--from", "cards", "--to", "shopper"]);
    assert!(
        text.contains("no path: nothing in the `to` set can be reached"),
        "{text}"
    );
    // Responses are followed only when asked for.
    let text = ok(&["--from", "web", "--to", "shopper", "--responses"]);
    assert!(text.contains("1. web -> shopper (1 hop)"), "{text}");
    assert!(text.contains("responses included"), "{text}");
}

#[test]
fn a_selector_that_names_nothing_is_a_usage_error_with_a_hint() {
    let o = paths(&["--from", "shoper", "--to", "cards"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stdout(&o), "");
    insta::assert_snapshot!("paths_unknown_selector", stderr(&o));
    let o = paths(&["--from", "shopper", "--to", "store"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with(
            "error: --to `store` names a Dataflow, not an element, boundary or trust level\n"
        ),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_model_with_errors_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.tm");
    std::fs::write(&file, "model \"M\" { description = \"d\" }\nflow a -> b\n").unwrap();
    let o = tmc(&[
        "--color",
        "never",
        "paths",
        file.to_str().unwrap(),
        "--from",
        "a",
        "--to",
        "b",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(stdout(&o), "");
}

/// `tmc json shop.tm`: each element's `reachableFrom`, `reachableFromHops`
/// and `reachesData` (issue #25's derived attributes), by element id.
#[test]
fn the_derived_reach_attributes_in_the_json_output() {
    let o = tmc(&["--color", "never", "json", SHOP]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let value: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    let got: Vec<String> = value["elements"]
        .as_array()
        .expect("elements")
        .iter()
        .map(|e| {
            let a = &e["attributes"];
            format!(
                "{} {} {} {}",
                e["id"], a["reachableFrom"], a["reachableFromHops"], a["reachesData"]
            )
        })
        .collect();
    // The shopper and the partner are reached by nothing (the page back to
    // the shopper is a response); the vault is two hops from the internet
    // and sends nothing; the audit log reaches the vault through `replay`.
    assert_eq!(
        got,
        [
            r#""shopper" null null "SENSITIVE""#,
            r#""partner" null null "SENSITIVE""#,
            r#""web" "INTERNET" 1 "SENSITIVE""#,
            r#""cache" "INTERNET" 1 "SENSITIVE""#,
            r#""orders" "INTERNET" 1 "SENSITIVE""#,
            r#""cards" "INTERNET" 2 null"#,
            r#""audit" "INTERNET" 2 "SENSITIVE""#,
        ]
    );
}

const REACH_TEST: &str = "tests/fixtures/paths/reach_test.tm";

/// `tmc test` of a rule test whose own threats read `reachableFrom`,
/// `reachableFromHops`, `reachesData`, `reaches` and `path` (quantified
/// over and counted): every expectation, both ways, holds.
#[test]
fn a_rule_test_of_reaches_and_reachable_from_passes() {
    let o = tmc(&["test", "--no-builtin-threats", REACH_TEST]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{out}{}", stderr(&o));
    assert!(out.ends_with("18 passed, 0 failed\n"), "{out}");
}

/// `tmc explain` shows what `reaches` answered and the derived values a
/// condition read.
#[test]
fn explain_shows_reaches_and_the_derived_values() {
    let explain = |threat: &str, on: &str| {
        let o = tmc(&[
            "--color",
            "never",
            "explain",
            "--no-builtin-threats",
            threat,
            on,
            REACH_TEST,
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        stdout(&o)
    };
    let api = explain("RCH03", "api");
    assert!(
        api.contains("target.reachableFrom <= DMZ  -> true   (target.reachableFrom = INTERNET)"),
        "{api}"
    );
    assert!(
        api.contains("target.reachesData >= SECRET  -> true   (target.reachesData = SECRET)"),
        "{api}"
    );
    let island = explain("RCH02", "island");
    assert!(
        island.contains("reaches(target, vault)  -> false"),
        "{island}"
    );
    assert!(island.contains("verdict: not reported"), "{island}");
    // The path's flows, in order, and the hop that decided.
    let web = explain("RCH05", "web");
    assert!(
        web.contains("(path(target, vault) = [web->api, api->vault])"),
        "{web}"
    );
    assert!(
        web.contains("f = api->vault: not f.controls.isEncrypted  -> true"),
        "{web}"
    );
}

/// `tmc --color never threats shop.tm ARGS...`: exit 0 (no gate), stdout.
fn threats(args: &[&str]) -> String {
    let mut all = vec!["--color", "never", "threats", SHOP];
    all.extend_from_slice(args);
    let o = tmc(&all);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    stdout(&o)
}

const CARDS_ROUTE: &str = "shopper -> web -> orders -> cards (from INTERNET; weakest: flow place, not encrypted, not authenticated)";

/// The library's path threat PTH01 fires on the card vault, and its
/// finding names the route in the table, under its row; no other finding
/// of the shop has a route.
#[test]
fn a_path_threat_names_its_route_in_the_threats_table() {
    let text = threats(&[]);
    let lines: Vec<&str> = text.lines().collect();
    let row = lines
        .iter()
        .position(|l| l.starts_with("PTH01@cards "))
        .unwrap_or_else(|| panic!("PTH01 fires on the vault:\n{text}"));
    assert_eq!(lines[row + 1], format!("    path: {CARDS_ROUTE}"));
    assert_eq!(text.matches("    path: ").count(), 1, "{text}");
}

/// A path threat's finding is rated from where its route starts: the
/// vault is sent to only from inside (its one-hop `exposure` is INTERNAL,
/// which would lower the likelihood two levels), but the route starts on
/// the internet, so PTH01 keeps its Medium likelihood and is High.
#[test]
fn a_path_threats_finding_is_rated_from_where_its_route_starts() {
    let doc: serde_json::Value =
        serde_json::from_str(&threats(&["--format", "json"])).expect("JSON");
    let findings = doc["findings"].as_array().expect("findings");
    let pth = findings
        .iter()
        .find(|f| f["id"] == "PTH01@cards")
        .expect("PTH01 on the vault");
    assert_eq!(
        (&pth["impact"], &pth["likelihood"], &pth["severity"]),
        (
            &serde_json::json!("High"),
            &serde_json::json!("Medium"),
            &serde_json::json!("High")
        ),
        "{pth:#}"
    );
    // A one-hop threat on the same vault is rated by its exposure:
    // INTERNAL, two levels below its declared likelihood (kept on the
    // scale).
    let one_hop = findings
        .iter()
        .find(|f| f["target"] == "cards" && f.get("path").is_none() && f["likelihood"].is_string())
        .expect("a one-hop finding on the vault with a likelihood");
    assert_ne!(one_hop["likelihood"], "Medium", "{one_hop:#}");
    let listed = tmc(&["list-threats", "--format", "json"]);
    let library: serde_json::Value = serde_json::from_str(&stdout(&listed)).expect("JSON");
    let declared = library["threats"]
        .as_array()
        .expect("threats")
        .iter()
        .find(|t| t["id"] == one_hop["threat_id"])
        .and_then(|t| t["likelihood"].as_str())
        .expect("the threat's declared likelihood");
    const SCALE: [&str; 5] = ["Very Low", "Low", "Medium", "High", "Very High"];
    let rank = |l: &str| SCALE.iter().position(|s| *s == l).expect("a likelihood");
    let lowered = SCALE[rank(declared).saturating_sub(2)];
    assert_eq!(
        one_hop["likelihood"], lowered,
        "{one_hop:#}, declared {declared}"
    );
}

/// The JSON finding carries `path` (elements, flows, the weakest hop);
/// the other findings have no `path` key.
#[test]
fn a_path_threats_finding_carries_its_route_in_json() {
    let doc: serde_json::Value =
        serde_json::from_str(&threats(&["--format", "json"])).expect("JSON");
    let findings = doc["findings"].as_array().expect("findings");
    let with: Vec<&serde_json::Value> = findings
        .iter()
        .filter(|f| f.get("path").is_some())
        .collect();
    assert_eq!(with.len(), 1, "{doc:#}");
    assert_eq!(with[0]["id"], "PTH01@cards");
    assert_eq!(
        with[0]["path"],
        serde_json::json!({
            "kind": "UnauthenticatedHop",
            "from": "INTERNET",
            "elements": ["shopper", "web", "orders", "cards"],
            "flows": ["browse", "place", "store"],
            "weakest": {"hop": 1, "flow": "place", "unencrypted": true, "unauthenticated": true},
        })
    );
}

/// SARIF: the result has one code flow whose thread flow steps through the
/// route's elements and flows, each located at its declaration.
#[test]
fn a_path_threats_result_has_a_code_flow_in_sarif() {
    let log: serde_json::Value =
        serde_json::from_str(&threats(&["--format", "sarif"])).expect("SARIF");
    let results = log["runs"][0]["results"].as_array().expect("results");
    let with: Vec<&serde_json::Value> = results
        .iter()
        .filter(|r| r.get("codeFlows").is_some())
        .collect();
    assert_eq!(with.len(), 1);
    assert_eq!(with[0]["ruleId"], "PTH01");
    let flow = &with[0]["codeFlows"][0];
    assert_eq!(flow["message"]["text"], CARDS_ROUTE);
    let steps = flow["threadFlows"][0]["locations"]
        .as_array()
        .expect("locations");
    let said: Vec<&str> = steps
        .iter()
        .map(|s| {
            s["location"]["message"]["text"]
                .as_str()
                .expect("a message")
        })
        .collect();
    assert_eq!(
        said,
        [
            "shopper (start, in the INTERNET zone)",
            "browse: shopper -> web",
            "web",
            "place: web -> orders (weakest: not encrypted, not authenticated)",
            "orders",
            "store: orders -> cards",
            "cards (target)",
        ]
    );
    for s in steps {
        let region = &s["location"]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().unwrap() > 0, "{s:#}");
    }
}

/// `tmc explain` prints the route of a reported path finding, and says
/// when the condition holds but no route of the kind exists.
#[test]
fn explain_names_the_route_or_its_absence() {
    let o = tmc(&["--color", "never", "explain", "PTH01", "cards", SHOP]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains(&format!("  path: {CARDS_ROUTE}\n")),
        "{}",
        stdout(&o)
    );
    let o = tmc(&[
        "--color",
        "never",
        "explain",
        "PTH01",
        "ledger",
        "threats/tmc/tests/paths.tm",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("verdict: not reported: no route of the kind PTH01 names (UnauthenticatedHop) reaches `ledger` from its reachableFrom zone (its condition holds)"),
        "{}",
        stdout(&o)
    );
}

/// The report lists the path threats' routes in an "Attack paths" section
/// (and its contents), which a model without path findings leaves out.
#[test]
fn the_report_has_an_attack_paths_section_when_a_path_threat_fires() {
    let report = |model: &str| {
        let o = tmc(&["--color", "never", "report", model]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        stdout(&o)
    };
    let shop = report(SHOP);
    assert!(
        shop.contains("9. [Attack paths](#attack-paths)\n10. [Findings](#findings)\n"),
        "{shop}"
    );
    assert!(
        shop.contains("| `PTH01@cards` Restricted data reached from the internet through an unauthenticated hop | High | shopper → web → orders → cards (from INTERNET, 3 hops) | place: not encrypted, not authenticated |\n"),
        "{shop}"
    );
    let webapp = report("examples/webapp.tm");
    assert!(!webapp.contains("Attack paths"), "{webapp}");
    assert!(webapp.contains("9. [Findings](#findings)\n"), "{webapp}");
}

const LINEAGE: &str = "tests/fixtures/paths/lineage.tm";

/// DS09 names the lineage of the payroll records it reports: the chain of
/// flows carrying them, the reply from the store included, from the clerk
/// who enters them to the hop where they leave their allowed zones, in
/// the table, the JSON and SARIF.
#[test]
fn a_data_lineage_names_its_chain_from_where_the_data_enters() {
    let route = "clerk -> payroll -> ledger -> reporting -> dashboard (from RESTRICTED; weakest: flow publish, salary leaves its allowed zones, not authenticated)";
    let o = tmc(&["--color", "never", "threats", LINEAGE]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    let row = lines
        .iter()
        .position(|l| l.starts_with("DS09@publish "))
        .unwrap_or_else(|| panic!("DS09 fires on the hop that leaves the zones:\n{text}"));
    assert_eq!(lines[row + 1], format!("    path: {route}"));
    assert_eq!(text.matches("DS09@").count(), 1, "only the exit: {text}");

    let o = tmc(&["threats", LINEAGE, "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    let found = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["id"] == "DS09@publish")
        .expect("DS09");
    assert_eq!(
        found["path"],
        serde_json::json!({
            "kind": "DataLineage",
            "data": "salary",
            "from": "RESTRICTED",
            "elements": ["clerk", "payroll", "ledger", "reporting", "dashboard"],
            "flows": ["enter", "keep", "rows", "publish"],
            "weakest": {"hop": 3, "flow": "publish", "unencrypted": false, "unauthenticated": true},
        })
    );

    let o = tmc(&["threats", LINEAGE, "--format", "sarif"]);
    let log: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("SARIF");
    let result = log["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .find(|r| r["ruleId"] == "DS09")
        .expect("DS09's result");
    assert_eq!(result["codeFlows"][0]["message"]["text"], route);
}
