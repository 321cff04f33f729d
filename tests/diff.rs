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
        text.contains("- changed `INP05@web` SQL injection on \"Web Server\" (Low)"),
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
