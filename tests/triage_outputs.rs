//! Risk tracking in the outputs, on the triaged fixture
//! (tests/fixtures/triage/shop.tm) judged on 2026-12-05, when the
//! acceptance of INP05@web has expired: the status column and filters of
//! `tmc threats`, and the triage in JSON and the report.

#[path = "support/run.rs"]
mod run;
use run::{stderr, stdout, tmc};

const SHOP: &str = "tests/fixtures/triage/shop.tm";

/// `tmc --today 2026-12-05 <args> SHOP`, expected to succeed; its stdout.
fn shop(args: &[&str]) -> String {
    let mut all = vec!["--today", "2026-12-05"];
    all.extend_from_slice(args);
    all.push(SHOP);
    let o = tmc(&all);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    stdout(&o)
}

/// The (finding id, status) of each row of a `tmc threats` table.
fn rows(table: &str) -> Vec<(String, String)> {
    let header = table.lines().next().unwrap_or_default();
    let status_at = header.find("STATUS").expect("a STATUS column");
    let target_at = header.find("TARGET").expect("a TARGET column");
    table
        .lines()
        .skip(1)
        .take_while(|line| !line.is_empty())
        .map(|line| {
            let id = line.split_whitespace().next().unwrap_or_default();
            let status = line[status_at..target_at].trim();
            (id.to_string(), status.to_string())
        })
        .collect()
}

fn status_of<'a>(rows: &'a [(String, String)], id: &str) -> Option<&'a str> {
    rows.iter().find(|(i, _)| i == id).map(|(_, s)| s.as_str())
}

#[test]
fn the_threats_table_has_a_status_column_and_counts_by_status() {
    let out = shop(&["threats"]);
    let rows = rows(&out);
    assert_eq!(rows.len(), 19, "{out}");
    // The order of the findings is the one without triage: INP05 second.
    assert_eq!(rows[1].0, "INP05@web");
    for (id, status) in [
        ("INP05@web", "accepted, expired 2026-11-30"),
        ("INP39@web", "accepted"),
        ("DS03@web", "accepted"),
        ("DO01@web", "transferred"),
        ("TB01@orders", "in-progress"),
        ("PRV04@orders", "mitigated"),
        ("DE03@save", "false-positive"),
        ("NET10@dmz", "open"),
    ] {
        assert_eq!(status_of(&rows, id), Some(status), "{id}\n{out}");
    }
    assert!(
        out.ends_with(
            "\n19 findings: 1 Very High, 7 High, 9 Medium, 2 Low; 8 open, 5 in-progress, \
             1 mitigated, 3 accepted (1 expired), 1 transferred, 1 false-positive\n"
        ),
        "{out}"
    );
}

#[test]
fn status_keeps_the_findings_of_the_statuses_named() {
    let out = shop(&[
        "threats",
        "--status",
        "in-progress",
        "--status",
        "MITIGATED",
    ]);
    assert_eq!(
        rows_ids(&out),
        [
            "DR01@orders",
            "TB01@orders",
            "CFG02@orders",
            "LOG05@orders",
            "PRV04@orders",
            "PRV09@orders"
        ],
        "{out}"
    );
    assert!(out.contains("; 5 in-progress, 1 mitigated\n"), "{out}");

    let out = shop(&["threats", "--status", "false-positive,transferred"]);
    let ids: Vec<String> = rows_ids(&out);
    assert_eq!(ids, ["DO01@web", "DE03@save"], "{out}");

    let out = shop(&["threats", "--status", "open"]);
    let open = rows(&out);
    assert_eq!(open.len(), 8, "{out}");
    assert!(open.iter().all(|(_, s)| s == "open"), "{out}");
}

fn rows_ids(table: &str) -> Vec<String> {
    rows(table).into_iter().map(|(id, _)| id).collect()
}

#[test]
fn status_expired_keeps_the_acceptances_past_their_review() {
    let out = shop(&["threats", "--status", "expired"]);
    assert_eq!(rows_ids(&out), ["INP05@web"], "{out}");
    // Accepted ones include the expired one.
    let out = shop(&["threats", "--status", "accepted"]);
    assert_eq!(
        rows_ids(&out),
        ["INP05@web", "INP39@web", "DS03@web"],
        "{out}"
    );
}

#[test]
fn status_filters_json_and_sarif_too() {
    let out = shop(&["threats", "--format", "json", "--status", "expired"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let ids: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["INP05@web"]);
    let out = shop(&["threats", "--format", "sarif", "--status", "mitigated"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v["runs"][0]["results"].as_array().unwrap().len(),
        1,
        "{out}"
    );
}

#[test]
fn expiring_lists_the_decisions_due_for_review() {
    let out = shop(&["threats", "--expiring", "120"]);
    assert_eq!(rows_ids(&out), ["INP05@web", "INP39@web"], "{out}");
    assert!(
        out.ends_with(
            "2 findings due for review by 2027-04-04 (within 120 days of 2026-12-05), \
             1 already expired\n"
        ),
        "{out}"
    );
    let out = shop(&["threats", "--expiring", "0"]);
    assert_eq!(rows_ids(&out), ["INP05@web"], "{out}");
    assert!(
        out.ends_with(
            "1 finding due for review by 2026-12-05 (within 0 days of 2026-12-05), \
             1 already expired\n"
        ),
        "{out}"
    );
}

#[test]
fn filters_leave_the_gate_alone() {
    // Only accepted findings are printed, but the open ones still fail
    // the gate.
    let o = tmc(&[
        "--today",
        "2026-12-05",
        "threats",
        SHOP,
        "--status",
        "mitigated",
        "--fail-on",
        "high",
    ]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(stderr(&o).contains("INP05@web"), "{}", stderr(&o));
}

#[test]
fn an_unknown_status_is_a_usage_error_listing_the_statuses() {
    for command in ["threats", "check"] {
        let o = tmc(&["--today", "2026-12-05", command, SHOP, "--status", "done"]);
        assert_eq!(o.status.code(), Some(2), "{command}");
        let err = stderr(&o);
        assert!(err.contains("`done` is not a status"), "{err}");
        assert!(
            err.contains(
                "open, needs-investigation, in-progress, mitigated, accepted, transferred, \
                 false-positive, not-applicable, or expired"
            ),
            "{err}"
        );
        assert_eq!(stdout(&o), "");
    }
}

#[test]
fn check_status_picks_what_its_sarif_lists() {
    let out = shop(&["check", "--format", "sarif", "--status", "open"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v["runs"][0]["results"].as_array().unwrap().len(),
        8,
        "{out}"
    );
}

/// The findings of `tmc json` on the fixture, by id.
fn json_findings() -> Vec<serde_json::Value> {
    let v: serde_json::Value = serde_json::from_str(&shop(&["json"])).unwrap();
    v["findings"].as_array().unwrap().clone()
}

fn json_finding<'a>(findings: &'a [serde_json::Value], id: &str) -> &'a serde_json::Value {
    findings
        .iter()
        .find(|f| f["id"] == id)
        .unwrap_or_else(|| panic!("no finding {id}"))
}

#[test]
fn json_findings_carry_their_status_and_triage() {
    let findings = json_findings();
    let expired = json_finding(&findings, "INP05@web");
    assert_eq!(expired["status"], "accepted");
    assert_eq!(expired["open"], true);
    assert_eq!(
        expired["triage"],
        serde_json::json!({
            "decided": "2026-06-01",
            "expired": true,
            "id": "sqli_accepted",
            "justification": "All queries go through the ORM's bound parameters.",
            "owner": "appsec@shop.example",
            "reviewBy": "2026-11-30",
            "status": "accepted",
            "ticket": "https://tickets.shop.example/SEC-101",
        })
    );
    let accepted = json_finding(&findings, "INP39@web");
    assert_eq!(accepted["open"], false);
    assert_eq!(accepted["triage"]["expired"], false);
    assert_eq!(accepted["triage"]["ticket"], serde_json::Value::Null);

    // The kind-wide triage gives its owner and ticket, no dates.
    let working = json_finding(&findings, "TB01@orders");
    assert_eq!(working["status"], "in-progress");
    assert_eq!(working["open"], true);
    assert_eq!(working["triage"]["id"], "store_hardening");
    assert_eq!(working["triage"]["owner"], "platform");
    assert_eq!(working["triage"]["decided"], serde_json::Value::Null);
    assert_eq!(working["triage"]["justification"], serde_json::Value::Null);

    // An override's response gives a status but no triage.
    let answered = json_finding(&findings, "DS03@web");
    assert_eq!(answered["status"], "accepted");
    assert_eq!(answered["open"], false);
    assert_eq!(answered["triage"], serde_json::Value::Null);

    let untouched = json_finding(&findings, "NET10@dmz");
    assert_eq!(untouched["status"], "open");
    assert_eq!(untouched["open"], true);
    assert_eq!(untouched["triage"], serde_json::Value::Null);
}

/// The rows of the Markdown report's risk register, as
/// (finding, status, owner, ticket, review by).
fn register_rows(md: &str) -> Vec<Vec<String>> {
    let start = md.find("### Risk register").expect("a risk register");
    md[start..]
        .lines()
        .skip_while(|l| !l.starts_with("| Finding |"))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            l.trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().to_string())
                .collect()
        })
        .collect()
}

#[test]
fn the_report_has_a_risk_register_open_ones_first() {
    let md = shop(&["report"]);
    let rows = register_rows(&md);
    let ids: Vec<&str> = rows.iter().map(|r| r[0].trim_matches('`')).collect();
    // Open first (the expired acceptance, then the ones being worked
    // on), then the closed ones; highest severity first within each.
    assert_eq!(
        ids,
        [
            "INP05@web",
            "TB01@orders",
            "CFG02@orders",
            "LOG05@orders",
            "PRV09@orders",
            "DR01@orders",
            "INP39@web",
            "DO01@web",
            "DS03@web",
            "DE03@save",
            "PRV04@orders"
        ],
        "{md}"
    );
    let expired = &rows[0];
    assert_eq!(expired[1], "SQL injection");
    assert_eq!(expired[2], "Web server");
    assert_eq!(expired[3], "Very High");
    assert_eq!(expired[4], "**accepted, expired 2026-11-30**");
    assert_eq!(expired[5], "appsec@shop.example");
    assert_eq!(
        expired[6],
        "[https://tickets.shop.example/SEC-101](https://tickets.shop.example/SEC-101)"
    );
    assert_eq!(expired[7], "2026-11-30");
    assert_eq!(
        expired[8],
        "All queries go through the ORM's bound parameters."
    );
    let accepted = &rows[6];
    assert_eq!(accepted[4], "accepted");
    assert_eq!(accepted[5], "web-team");
    assert_eq!(accepted[7], "2027-03-31");
    let statuses: Vec<&str> = rows.iter().map(|r| r[4].as_str()).collect();
    assert_eq!(
        &statuses[1..],
        [
            "in-progress",
            "in-progress",
            "in-progress",
            "in-progress",
            "in-progress",
            "accepted",
            "transferred",
            "accepted",
            "false-positive",
            "mitigated"
        ]
    );

    // The summary counts by status and calls the expired one out.
    assert!(
        md.contains("| accepted (1 expired, open again) | 3 |\n"),
        "{md}"
    );
    assert!(md.contains("| in-progress | 5 |\n"), "{md}");
    assert!(md.contains("| Findings open | 14 (1 expired) |\n"), "{md}");
    // In its element's table the expired finding comes before the open
    // ones of lower severity, and the closed ones last.
    let web = &md[md.find("### Web server (Server)").unwrap()..];
    let order: Vec<usize> = [
        "`INP05@web`",
        "`AA01@web`",
        "`AA04@web`",
        "`INP39@web`",
        "`DS03@web`",
    ]
    .iter()
    .map(|id| web.find(id).unwrap())
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{web}");
}

#[test]
fn the_html_register_links_tickets_and_marks_the_expired_one() {
    let html = shop(&["report", "--format", "html"]);
    let start = html
        .find("<section id=\"register\">")
        .expect("a register section");
    let register = &html[start..start + html[start..].find("</section>").unwrap()];
    assert!(
        register.contains(
            "<td><a href=\"https:&#x2f;&#x2f;tickets.shop.example&#x2f;SEC-101\">https:&#x2f;&#x2f;tickets.shop.example&#x2f;SEC-101</a></td>"
        ),
        "{register}"
    );
    assert!(
        register
            .contains("<span class=\"pill status-expired\">accepted, expired 2026-11-30</span>"),
        "{register}"
    );
    assert!(register.contains("<tr class=\"open\"><td class=\"fid\"><a href=\"#INP05@web\">"));
    assert!(register.contains("<span class=\"pill status-closed\">accepted</span>"));
    assert!(html.contains("<a href=\"#register\">Risk register</a>"));
}

#[test]
fn register_texts_are_escaped_and_odd_tickets_are_no_links() {
    let dir = std::env::temp_dir().join(format!("tmc-register-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let model = dir.join("shop.tm");
    let text = std::fs::read_to_string(format!("{}/../{SHOP}", env!("CARGO_MANIFEST_DIR")))
        .unwrap()
        + "\nTriage odd {\n  threat_id = \"NET10\"\n  on = [dmz]\n  status = FALSE_POSITIVE\n  \
           justification = \"Not <b>here</b> | [x](javascript:alert(1))\"\n  \
           owner = \"<script>alert(1)</script>\"\n  ticket = \"javascript:alert(1)\"\n}\n";
    std::fs::write(&model, text).unwrap();
    let path = model.to_str().unwrap();
    let run = |more: &[&str]| {
        let mut args = vec!["--today", "2026-12-05", "report", path];
        args.extend_from_slice(more);
        let o = tmc(&args);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        stdout(&o)
    };
    let md = run(&[]);
    let row = register_rows(&md)
        .into_iter()
        .find(|r| r[0] == "`NET10@dmz`")
        .expect("the new triage's row");
    assert!(!md.contains("<script>") && !md.contains("<b>here"), "{md}");
    assert_eq!(row[5], r"\<script\>alert(1)\</script\>");
    assert_eq!(row[6], "javascript:alert(1)", "no link");
    assert_eq!(row[8], r"Not \<b\>here\</b\> \| \[x\](javascript:alert(1))");
    assert_eq!(
        row.len(),
        9,
        "a `|` in a text does not add a column: {row:?}"
    );
    let html = run(&["--format", "html"]);
    assert!(!html.contains("<script>alert") && !html.contains("<b>here"));
    assert!(
        !html.contains("href=\"javascript:"),
        "no link to the odd ticket"
    );
    assert!(html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn explain_says_where_a_reported_finding_stands() {
    let text = shop(&["explain", "INP05", "web"]);
    assert!(
        text.contains("  status: accepted, expired 2026-11-30 (the triage `sqli_accepted`)\n"),
        "{text}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&shop(&["explain", "--format", "json", "INP39", "web"])).unwrap();
    assert_eq!(json["verdict"]["status"], "accepted");
    assert_eq!(json["verdict"]["triage"], "xss_accepted");
    let open: serde_json::Value =
        serde_json::from_str(&shop(&["explain", "--format", "json", "INP20", "web"])).unwrap();
    assert_eq!(open["verdict"]["status"], "open");
    assert_eq!(open["verdict"]["triage"], serde_json::Value::Null);
}
