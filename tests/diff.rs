//! `tmc diff OLD NEW`: objects matched by identifier, attribute-level
//! changes, findings by `THREAT@element`, Markdown-friendly text and JSON
//! (docs/diff.md), exit codes as diff(1): 0 same, 1 different, 2 trouble.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn webapp() -> String {
    std::fs::read_to_string(root().join("examples/webapp.tm")).unwrap()
}

/// Writes `old.tm` and `new.tm` in a fresh folder and runs `tmc diff`.
fn diff(old: &str, new: &str, extra: &[&str]) -> (Output, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("old.tm"), old).unwrap();
    std::fs::write(dir.path().join("new.tm"), new).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_tmc"))
        .args(["diff", "old.tm", "new.tm"])
        .args(extra)
        .current_dir(dir.path())
        .output()
        .expect("tmc runs");
    (out, dir)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The webapp example changed in every section.
fn changed_webapp() -> String {
    let text = webapp();
    assert!(text.contains("isHardened = true"));
    text.replacen("isHardened = true", "isHardened = false", 1)
        + "\nDatastore cache \"Cache\" in web_db\nflow web -> cache \"Caches pages\" { protocol = \"RESP\" }\n"
}

#[test]
fn same_model_exits_0() {
    let (out, _dir) = diff(&webapp(), &webapp(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(
        stdout(&out),
        "## tmc diff: `old.tm` -> `new.tm`\n\nNo differences.\n"
    );
}

#[test]
fn differences_are_listed_and_exit_1() {
    let (out, _dir) = diff(&webapp(), &changed_webapp(), &[]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("- added `cache` (Datastore \"Cache\")"),
        "{text}"
    );
    assert!(
        text.contains("  - `controls.isHardened`: true -> false"),
        "{text}"
    );
    assert!(
        text.contains("- added `web->cache` (Dataflow \"Caches pages\")"),
        "{text}"
    );
    assert!(text.contains("- new `"), "{text}");
    insta::assert_snapshot!("diff_webapp_text", text);
}

#[test]
fn removed_objects_and_findings_show_in_reverse() {
    let (out, _dir) = diff(&changed_webapp(), &webapp(), &[]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("- removed `cache` (Datastore \"Cache\")"),
        "{text}"
    );
    assert!(text.contains("- gone `"), "{text}");
    assert!(
        text.contains("  - `controls.isHardened`: false -> true"),
        "{text}"
    );
}

#[test]
fn json_format_is_documented_shape() {
    let (out, _dir) = diff(&webapp(), &changed_webapp(), &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(doc["format"], 1);
    assert_eq!(doc["same"], false);
    assert_eq!(doc["elements"]["added"][0]["id"], "cache");
    let web = &doc["elements"]["changed"][0];
    assert_eq!(web["id"], "web");
    assert_eq!(web["changes"][0]["attribute"], "controls.isHardened");
    assert_eq!(web["changes"][0]["old"], true);
    assert_eq!(web["changes"][0]["new"], false);
    let added = doc["findings"]["added"].as_array().unwrap();
    assert!(added.iter().any(|f| f["target"] == "cache"));
    for f in added {
        let id = f["id"].as_str().unwrap();
        assert_eq!(
            id,
            format!(
                "{}@{}",
                f["threat_id"].as_str().unwrap(),
                f["target"].as_str().unwrap()
            )
        );
    }
}

#[test]
fn changed_findings_show_severity_and_response() {
    let old = webapp();
    let new = old.replacen(
        "Server web \"Web Server\" {",
        "Server web \"Web Server\" {\n  overrides = [{ threat_id = \"INP05\" response = \"Queries are parameterised\" severity = Low }]",
        1,
    );
    assert_ne!(old, new);
    let (out, _dir) = diff(&old, &new, &[]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("- changed `INP05@web` SQL injection on \"Web Server\" (Low, mitigated)"),
        "{text}"
    );
    // A response answers the finding: its status changes too.
    assert!(
        text.contains("- `INP05@web`: open -> mitigated\n"),
        "{text}"
    );
    assert!(text.contains("  - `severity`: High -> Low"), "{text}");
    assert!(
        text.contains("  - `response`: (unset) -> \"Queries are parameterised\""),
        "{text}"
    );
    assert!(text.contains("`overrides`: [] -> [{"), "{text}");
}

#[test]
fn a_model_that_does_not_compile_exits_2() {
    let (out, _dir) = diff(
        &webapp(),
        "model \"x\" { description = \"d\" }\nSever web\n",
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot compare"));
}

#[test]
fn output_is_deterministic() {
    let (a, _d1) = diff(&webapp(), &changed_webapp(), &["--format", "json"]);
    let (b, _d2) = diff(&webapp(), &changed_webapp(), &["--format", "json"]);
    assert_eq!(a.stdout, b.stdout);
}

fn shop() -> String {
    std::fs::read_to_string(root().join("tests/fixtures/triage/shop.tm")).unwrap()
}

/// `tmc --today DAY diff old.tm new.tm` on two variants of the shop.
fn diff_on(day: &str, old: &str, new: &str, extra: &[&str]) -> (Output, tempfile::TempDir) {
    let mut args = vec!["--today", day];
    args.extend(extra);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("old.tm"), old).unwrap();
    std::fs::write(dir.path().join("new.tm"), new).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_tmc"))
        .args(["diff", "old.tm", "new.tm"])
        .args(args)
        .current_dir(dir.path())
        .output()
        .expect("tmc runs");
    (out, dir)
}

/// The shop with a changed triage, a new one and the web server renamed.
fn shop_v2() -> String {
    let text = shop();
    let text = text.replacen(
        "status = IN_PROGRESS",
        "status = ACCEPTED\n  justification = \"Nothing there an attacker wants.\"\n  reviewBy = \"2027-06-30\"",
        1,
    );
    assert_ne!(text, shop());
    text + "\nTriage clickjacking {\n  threat_id = \"INP20\"\n  on = [web]\n  status = MITIGATED\n  justification = \"frame-ancestors 'none' on every page.\"\n  owner = \"web-team\"\n  ticket = \"https://tickets.shop.example/WEB-12\"\n}\n"
}

/// `web` renamed `storefront`, with `renamedFrom`; nothing else changed.
fn renamed(text: &str) -> String {
    let out = text.replacen(
        "Server web \"Web server\" in dmz {",
        "Server storefront \"Web server\" in dmz {\n  renamedFrom = [\"web\"]",
        1,
    );
    assert_ne!(out, text);
    // Old references keep resolving; the triages are written with the new name.
    out.replace("on = [web]", "on = [storefront]")
}

#[test]
fn status_changes_have_their_own_section() {
    let (out, _dir) = diff_on("2026-12-05", &shop(), &shop_v2(), &[]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("### Status changes"), "{text}");
    // Re-triaged: in progress -> accepted, on every datastore finding but
    // PRV04 (decided by a more specific triage).
    assert!(
        text.contains("- `TB01@orders`: in-progress -> accepted (owner platform, ticket https://tickets.shop.example/PLAT-7, until 2027-06-30)"),
        "{text}"
    );
    assert!(!text.contains("`PRV04@orders`"), "{text}");
    // Newly triaged.
    assert!(
        text.contains("- `INP20@web`: open -> mitigated (owner web-team, ticket https://tickets.shop.example/WEB-12)"),
        "{text}"
    );
    // Status changes are not listed as gone and new findings.
    assert!(!text.contains("- gone "), "{text}");
    assert!(!text.contains("- new "), "{text}");
    insta::assert_snapshot!("diff_shop_status_text", text);
}

#[test]
fn status_changes_in_json() {
    let (out, _dir) = diff_on("2026-12-05", &shop(), &shop_v2(), &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let status = doc["findings"]["status"].as_array().unwrap();
    let inp20 = status
        .iter()
        .find(|f| f["id"] == "INP20@web")
        .expect("INP20");
    assert_eq!(inp20["old_status"], "open");
    assert_eq!(inp20["status"], "mitigated");
    assert_eq!(inp20["owner"], "web-team");
    assert_eq!(inp20["ticket"], "https://tickets.shop.example/WEB-12");
    assert_eq!(
        inp20["justification"],
        "frame-ancestors 'none' on every page."
    );
    let tb01 = status
        .iter()
        .find(|f| f["id"] == "TB01@orders")
        .expect("TB01");
    assert_eq!(tb01["old_status"], "in-progress");
    assert_eq!(tb01["review_by"], "2027-06-30");
    assert_eq!(tb01["expired"], false);
    assert!(doc["findings"]["added"].as_array().unwrap().is_empty());
    assert!(doc["findings"]["removed"].as_array().unwrap().is_empty());
}

#[test]
fn today_reaches_both_sides() {
    // Same text: whatever the day, both sides agree (INP05's acceptance
    // expired on both on 2026-12-05, on neither on 2026-11-01).
    for day in ["2026-11-01", "2026-12-05"] {
        let (out, _dir) = diff_on(day, &shop(), &shop(), &[]);
        assert_eq!(out.status.code(), Some(0), "{day}: {}", stdout(&out));
    }
}

#[test]
fn an_expiry_is_a_status_change() {
    // INP39's review moved before the day: its acceptance has expired.
    let new = shop().replacen("reviewBy = \"2027-03-31\"", "reviewBy = \"2026-12-01\"", 1);
    assert_ne!(new, shop());
    let (out, _dir) = diff_on("2026-12-05", &shop(), &new, &[]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("- `INP39@web`: accepted -> accepted, expired 2026-12-01 (owner web-team)\n"),
        "{text}"
    );
    // The same text a day before the review: still accepted, only the
    // review date changed.
    let (out, _dir) = diff_on("2026-11-30", &shop(), &new, &["--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert!(doc["findings"]["status"].as_array().unwrap().is_empty());
    let changed = &doc["findings"]["changed"][0];
    assert_eq!(changed["id"], "INP39@web");
    assert_eq!(changed["changes"][0]["attribute"], "reviewBy");
    assert_eq!(changed["changes"][0]["old"], "2027-03-31");
    assert_eq!(changed["changes"][0]["new"], "2026-12-01");
}

#[test]
fn a_rename_is_only_a_rename() {
    let (out, _dir) = diff_on("2026-12-05", &shop(), &renamed(&shop()), &[]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert_eq!(
        text,
        "## tmc diff: `old.tm` -> `new.tm`\n\nelements: 1 renamed\n\n### Elements\n\n- renamed `web` -> `storefront` (Server \"Web server\")\n"
    );
    let (out, _dir) = diff_on(
        "2026-12-05",
        &shop(),
        &renamed(&shop()),
        &["--format", "json"],
    );
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let r = &doc["elements"]["renamed"][0];
    assert_eq!(r["from"], "web");
    assert_eq!(r["id"], "storefront");
    assert!(r["changes"].as_array().unwrap().is_empty());
    assert!(doc["elements"]["added"].as_array().unwrap().is_empty());
    assert!(doc["elements"]["removed"].as_array().unwrap().is_empty());
    assert!(doc["flows"]["changed"].as_array().unwrap().is_empty());
}

#[test]
fn findings_are_matched_across_a_rename() {
    // Renamed and re-triaged: the status changes carry the new ids.
    let (out, _dir) = diff_on("2026-12-05", &shop(), &renamed(&shop_v2()), &[]);
    let text = stdout(&out);
    assert!(text.contains("- renamed `web` -> `storefront`"), "{text}");
    assert!(
        text.contains("- `INP20@storefront`: open -> mitigated"),
        "{text}"
    );
    assert!(!text.contains("- gone "), "{text}");
    assert!(!text.contains("- new "), "{text}");
}
