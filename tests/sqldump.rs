//! `tmc sqldump`: the database holds as many elements, flows, boundaries,
//! data items and findings as `tmc json` reports and every threat of the
//! library; findings join to the elements they are on; an existing file is
//! replaced; a model with errors exits 1 and writes nothing (no database,
//! no temporary file); a model file is never taken for the database.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use rusqlite::Connection;
use serde_json::Value;

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

/// A fresh directory of this test's own.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tmc-sqldump-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

fn dump(model: &str, out: &Path) -> Output {
    tmc(&["sqldump", model, path_str(out)])
}

fn count(db: &Connection, table: &str) -> usize {
    db.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| {
        r.get::<_, i64>(0)
    })
    .expect("count") as usize
}

fn len(v: &Value) -> usize {
    v.as_array().expect("array").len()
}

#[test]
fn counts_match_tmc_json() {
    let dir = scratch("counts");
    for model in ["examples/webapp.tm", "tests/parity/bank.tm"] {
        let out = dir.join("model.sqlite");
        let dumped = dump(model, &out);
        assert_eq!(
            dumped.status.code(),
            Some(0),
            "{model}: {}",
            text(&dumped.stderr)
        );
        assert!(dumped.stdout.is_empty());
        let json: Value =
            serde_json::from_slice(&tmc(&["json", model]).stdout).expect("tmc json output");
        let db = Connection::open(&out).expect("the database opens");
        assert_eq!(count(&db, "elements"), len(&json["elements"]), "{model}");
        assert_eq!(count(&db, "flows"), len(&json["flows"]), "{model}");
        assert_eq!(
            count(&db, "boundaries"),
            len(&json["boundaries"]),
            "{model}"
        );
        assert_eq!(count(&db, "data"), len(&json["data"]), "{model}");
        assert_eq!(
            count(&db, "findings"),
            len(&json["findings"]) + len(&json["excluded_findings"]),
            "{model}"
        );
        let excluded: i64 = db
            .query_row(
                "SELECT count(*) FROM findings WHERE excluded_by IS NOT NULL",
                [],
                |r| r.get(0),
            )
            .expect("query");
        assert_eq!(
            excluded as usize,
            len(&json["excluded_findings"]),
            "{model}"
        );
        // The threats of the library the model runs.
        let mut list = vec!["list-threats", "--format", "json"];
        if let Some(builtin) = json["library"]["builtin"].as_str() {
            list.extend(["--library", builtin]);
        }
        let threats: Value = serde_json::from_slice(&tmc(&list).stdout).expect("list-threats JSON");
        assert_eq!(count(&db, "threats"), len(&threats["threats"]));
        let carried: usize = json["flows"]
            .as_array()
            .expect("flows")
            .iter()
            .map(|f| len(&f["attributes"]["data"]))
            .sum();
        assert_eq!(count(&db, "flow_data"), carried, "{model}");
        let version: i64 = db
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .expect("user_version");
        assert_eq!(version, 5);
    }
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[test]
fn findings_join_elements_threats_and_boundaries() {
    let dir = scratch("join");
    let out = dir.join("app.sqlite");
    let dumped = tmc(&[
        "sqldump",
        "tests/fixtures/ci/app.tm",
        path_str(&out),
        "--no-builtin-threats",
        "--threats",
        "tests/fixtures/ci/rules.tm",
    ]);
    assert_eq!(dumped.status.code(), Some(0), "{}", text(&dumped.stderr));
    let db = Connection::open(&out).expect("opens");
    let mut query = db
        .prepare(
            "SELECT f.id, e.name, e.boundary, b.name, t.title, f.status, f.response, e.line
             FROM findings f
             JOIN elements e ON e.id = f.element
             JOIN threats t ON t.id = f.threat
             LEFT JOIN boundaries b ON b.id = e.boundary
             WHERE t.severity = 'High'
             ORDER BY f.id",
        )
        .expect("the query compiles");
    type Row = (
        String,
        String,
        String,
        String,
        String,
        String,
        Option<String>,
        i64,
    );
    let rows: Vec<Row> = query
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
            ))
        })
        .expect("runs")
        .collect::<Result<_, _>>()
        .expect("rows");
    let accepted = Some("Accepted: reachable only over the VPN.".to_string());
    let title = "Unauthenticated access";
    let row = |id: &str, name: &str, status: &str, response: Option<String>, line| -> Row {
        let (dc, centre) = ("dc".to_string(), "Data centre".to_string());
        (
            id.into(),
            name.into(),
            dc,
            centre,
            title.into(),
            status.into(),
            response,
            line,
        )
    };
    assert_eq!(
        rows,
        vec![
            row("T_HIGH@admin", "Admin console", "accepted", accepted, 10),
            row("T_HIGH@api", "API", "open", None, 8),
            row("T_HIGH@batch", "Batch runner", "not-applicable", None, 19),
        ]
    );
    // Flows join to their ends and their data; attributes are JSON text.
    let (source, sink, data, classification): (String, String, String, String) = db
        .query_row(
            "SELECT s.name, k.name, d.id, d.classification
             FROM flows f JOIN elements s ON s.id = f.source JOIN elements k ON k.id = f.sink
             JOIN flow_data fd ON fd.flow = f.id JOIN data d ON d.id = fd.data",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .expect("one flow with one data item");
    assert_eq!((source.as_str(), sink.as_str()), ("API", "Orders"));
    assert_eq!(
        (data.as_str(), classification.as_str()),
        ("orders", "SENSITIVE")
    );
    let port: String = db
        .query_row(
            "SELECT value FROM attributes WHERE object = 'api_to_db' AND name = 'dstPort'",
            [],
            |r| r.get(0),
        )
        .expect("the attribute is there");
    assert_eq!(port, "5432");
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[test]
fn finding_texts_are_the_overrides_else_the_threats_stored_once() {
    let dir = tempfile::tempdir().expect("a scratch folder");
    let model = dir.path().join("app.tm");
    std::fs::write(
        &model,
        r#"model "Texts" { description = "d" }
Server api "API"
Server admin "Admin" {
  overrides = [
    {
      threat_id = "T_HIGH"
      response = "Accepted."
      details = "Only reachable over the VPN."
      mitigations = "Keep the VPN."
      references = "https://example.org/vpn"
    },
  ]
}
"#,
    )
    .expect("write model");
    let out = dir.path().join("app.sqlite");
    let rules = root().join("tests/fixtures/ci/rules.tm");
    let dumped = tmc(&[
        "sqldump",
        path_str(&model),
        path_str(&out),
        "--no-builtin-threats",
        "--threats",
        path_str(&rules),
    ]);
    assert_eq!(dumped.status.code(), Some(0), "{}", text(&dumped.stderr));
    let db = Connection::open(&out).expect("opens");
    type Texts = (String, String, String, String, String, String);
    let texts = |id: &str| -> Texts {
        db.query_row(
            "SELECT description, details, mitigation, example, refs, status FROM findings WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
        )
        .expect("the finding is there")
    };
    // The threat's texts where nothing overrides them ...
    assert_eq!(
        texts("T_HIGH@api"),
        (
            "Unauthenticated access".into(),
            "Anyone who reaches the server can call it.".into(),
            "Authenticate every caller.".into(),
            String::new(),
            r#"["https://capec.mitre.org/data/definitions/114.html"]"#.into(),
            "open".into(),
        )
    );
    // ... the override's where it gives its own.
    assert_eq!(
        texts("T_HIGH@admin"),
        (
            "Unauthenticated access".into(),
            "Only reachable over the VPN.".into(),
            "Keep the VPN.".into(),
            String::new(),
            r#"["https://example.org/vpn"]"#.into(),
            "accepted".into(),
        )
    );
    // Each finding's row holds only the texts of its own.
    let stored: i64 = db
        .query_row(
            "SELECT count(*) FROM finding_rows WHERE details IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .expect("counts");
    assert_eq!(stored, 1);
}

#[test]
fn an_existing_file_is_replaced() {
    let dir = scratch("replace");
    let out = dir.join("model.sqlite");
    std::fs::write(&out, "not a database").expect("write");
    let dumped = dump("examples/webapp.tm", &out);
    assert_eq!(dumped.status.code(), Some(0), "{}", text(&dumped.stderr));
    let db = Connection::open(&out).expect("opens");
    assert_eq!(count(&db, "elements"), 4);
    drop(db);
    // An older database is replaced, not added to.
    let again = dump("examples/webapp.tm", &out);
    assert_eq!(again.status.code(), Some(0));
    let db = Connection::open(&out).expect("opens");
    assert_eq!(count(&db, "elements"), 4);
    let names: Vec<String> = std::fs::read_dir(&dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        vec!["model.sqlite".to_string()],
        "no temporary file is left"
    );
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[test]
fn a_model_with_errors_exits_1_and_writes_nothing() {
    let dir = scratch("errors");
    let model = dir.join("broken.tm");
    std::fs::write(
        &model,
        "model \"B\" { description = \"d\" }\nServer web \"Web\" { nosuch = 1 }\n",
    )
    .expect("write");
    let out = dir.join("broken.sqlite");
    let dumped = dump(path_str(&model), &out);
    assert_eq!(dumped.status.code(), Some(1), "{}", text(&dumped.stderr));
    assert!(
        text(&dumped.stderr).contains("broken.tm:2:"),
        "{}",
        text(&dumped.stderr)
    );
    let names: Vec<String> = std::fs::read_dir(&dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        vec!["broken.tm".to_string()],
        "no database, no temporary file"
    );
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[test]
fn an_unwritable_target_is_a_usage_error_and_leaves_no_temporary_file() {
    let dir = scratch("unwritable");
    // A directory cannot be replaced by a file.
    let target = dir.join("taken");
    std::fs::create_dir(&target).expect("mkdir");
    let dumped = dump("examples/webapp.tm", &target);
    assert_eq!(dumped.status.code(), Some(2), "{}", text(&dumped.stderr));
    assert!(
        text(&dumped.stderr).contains("cannot write"),
        "{}",
        text(&dumped.stderr)
    );
    assert_eq!(
        std::fs::read_dir(&dir).expect("list").count(),
        1,
        "only `taken` is there"
    );
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[cfg(unix)]
#[test]
fn a_device_is_refused_not_replaced() {
    let dumped = dump("examples/webapp.tm", Path::new("/dev/null"));
    assert_eq!(dumped.status.code(), Some(2), "{}", text(&dumped.stderr));
    assert!(
        text(&dumped.stderr).contains("not a regular file"),
        "{}",
        text(&dumped.stderr)
    );
    let null = std::fs::metadata("/dev/null").expect("/dev/null");
    assert!(!null.is_file(), "/dev/null was replaced by a file");
}

#[cfg(unix)]
#[test]
fn through_a_symbolic_link_the_linked_file_is_replaced() {
    let dir = scratch("link");
    let real = dir.join("real.sqlite");
    std::fs::write(&real, "not a database yet").expect("write");
    let link = dir.join("link.sqlite");
    std::os::unix::fs::symlink(&real, &link).expect("symlink");
    let dumped = dump("examples/webapp.tm", &link);
    assert_eq!(dumped.status.code(), Some(0), "{}", text(&dumped.stderr));
    let kind = std::fs::symlink_metadata(&link).expect("link").file_type();
    assert!(kind.is_symlink(), "the link is kept");
    let db = Connection::open(&real).expect("open");
    assert_eq!(count(&db, "elements"), 4);
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[test]
fn a_model_file_is_never_taken_for_the_database() {
    let dir = scratch("guard");
    let second = dir.join("other.tm");
    std::fs::write(&second, "// a model\n").expect("write");
    let dumped = dump("examples/webapp.tm", &second);
    assert_eq!(dumped.status.code(), Some(2));
    assert!(
        text(&dumped.stderr).contains("refusing to overwrite"),
        "{}",
        text(&dumped.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(&second).expect("read"),
        "// a model\n"
    );
    std::fs::remove_dir_all(&dir).expect("clean up");
}

/// Dumps the model `text` (one file in a scratch folder) and opens the
/// database, after checking that `tmc check` and `tmc sqldump` agree.
fn dumped_alike(name: &str, text: &str) -> (tempfile::TempDir, Connection) {
    let dir = tempfile::tempdir().expect("a scratch folder");
    let model = dir.path().join(format!("{name}.tm"));
    std::fs::write(&model, text).expect("write the model");
    let checked = tmc(&["check", path_str(&model)]);
    assert_eq!(
        checked.status.code(),
        Some(0),
        "{}",
        self::text(&checked.stderr)
    );
    let out = dir.path().join(format!("{name}.sqlite"));
    let dumped = dump(path_str(&model), &out);
    assert_eq!(
        dumped.status.code(),
        Some(0),
        "check is ok, so sqldump is: {}",
        self::text(&dumped.stderr)
    );
    let db = Connection::open(&out).expect("the database opens");
    (dir, db)
}

/// The rows `PRAGMA foreign_key_check` reports (none: every reference is
/// to a row that is there).
fn dangling(db: &Connection) -> Vec<String> {
    let mut check = db.prepare("PRAGMA foreign_key_check").expect("pragma");
    check
        .query_map([], |r| {
            Ok(format!(
                "{}#{}",
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?
            ))
        })
        .expect("runs")
        .collect::<Result<_, _>>()
        .expect("rows")
}

fn parent(db: &Connection, table: &str, column: &str, id: &str) -> Option<String> {
    db.query_row(
        &format!("SELECT {column} FROM {table} WHERE id = ?1"),
        [id],
        |r| r.get(0),
    )
    .expect("the row is there")
}

#[test]
fn an_element_in_a_boundary_declared_after_it_is_dumped() {
    let (_dir, db) = dumped_alike(
        "later",
        "model \"M\" { description = \"d\" }\nServer s \"S\" in z\nboundary z \"Z\"\n",
    );
    assert_eq!(
        parent(&db, "elements", "boundary", "s").as_deref(),
        Some("z")
    );
    assert_eq!(dangling(&db), Vec::<String>::new());
}

#[test]
fn a_boundary_in_a_parent_declared_after_it_is_dumped() {
    let (_dir, db) = dumped_alike(
        "parent",
        "model \"M\" { description = \"d\" }\nboundary inner \"I\" in outer\nboundary outer \"O\"\n",
    );
    assert_eq!(
        parent(&db, "boundaries", "parent", "inner").as_deref(),
        Some("outer")
    );
    assert_eq!(dangling(&db), Vec::<String>::new());
}

/// Every reference points forward: a chain of boundaries declared from
/// the innermost out, elements before their boundaries, a flow before its
/// ends and the data it carries.
#[test]
fn every_reference_to_an_object_declared_later_is_dumped() {
    let n = 40;
    let mut text = String::from("model \"M\" { description = \"d\" }\n");
    text.push_str("flow f: a -> b \"F\" { data = [d] }\n");
    text.push_str("Server a \"A\" in b0\nActor b \"B\" in b39\n");
    for i in (1..n).rev() {
        text.push_str(&format!("boundary b{i} \"B{i}\" in b{}\n", i - 1));
    }
    text.push_str("boundary b0 \"B0\"\nData d \"D\"\n");
    let (_dir, db) = dumped_alike("chain", &text);
    assert_eq!(count(&db, "boundaries"), n);
    for i in 1..n {
        let expected = format!("b{}", i - 1);
        assert_eq!(
            parent(&db, "boundaries", "parent", &format!("b{i}")),
            Some(expected)
        );
    }
    assert_eq!(
        parent(&db, "elements", "boundary", "b").as_deref(),
        Some("b39")
    );
    let carried: String = db
        .query_row("SELECT data FROM flow_data WHERE flow = 'f'", [], |r| {
            r.get(0)
        })
        .expect("the flow carries one data item");
    assert_eq!(carried, "d");
    assert!(count(&db, "findings") > 0, "the findings are there too");
    assert_eq!(dangling(&db), Vec::<String>::new());
}

#[test]
fn an_assumption_is_stored_once_and_findings_refer_to_it() {
    // A long name that rules a threat out on many servers: stored once in
    // `assumptions`, shown whole by the view for each finding it rules out.
    let name = "isolated ".repeat(20_000);
    let servers: String = (0..50).map(|i| format!("Server s{i} \"S{i}\"\n")).collect();
    let model = format!(
        "model \"M\" {{\n  description = \"d\"\n  library = pytm\n  assumptions = [{{ name = \"{name}\" exclude = [\"INP03\"] }}]\n}}\n\
         {servers}Server t \"T\" {{\n  assumptions = [{{ name = \"local\" exclude = [\"INP03\"] description = \"why\" }}]\n}}\n"
    );
    let (dir, db) = dumped_alike("assumed", &model);
    assert!(dangling(&db).is_empty());
    let rows: Vec<(Option<String>, i64, String, String, String)> = db
        .prepare(
            "SELECT object, position, name, description, excludes FROM assumptions ORDER BY id",
        )
        .expect("prepare")
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(
        rows,
        vec![
            (None, 0, name.clone(), String::new(), "[\"INP03\"]".into()),
            (
                Some("t".into()),
                0,
                "local".into(),
                "why".into(),
                "[\"INP03\"]".into()
            ),
        ]
    );
    let by = |id: &str| -> Option<String> {
        db.query_row(
            "SELECT excluded_by FROM findings WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .expect("the finding is there")
    };
    assert_eq!(by("INP03@s0").as_deref(), Some(name.as_str()));
    assert_eq!(by("INP03@s49").as_deref(), Some(name.as_str()));
    assert_eq!(
        by("INP03@t").as_deref(),
        Some("local"),
        "the element's own comes first"
    );
    // Against the same model with a short name: the long one is in the
    // model's attributes and in `assumptions`, not in each finding.
    let (short_dir, _) = dumped_alike("short", &model.replace(&name, "short"));
    let size = |dir: &tempfile::TempDir, name: &str| {
        std::fs::metadata(dir.path().join(format!("{name}.sqlite")))
            .expect("the database")
            .len()
    };
    let grown = size(&dir, "assumed") - size(&short_dir, "short");
    assert!(
        grown < 3 * name.len() as u64,
        "{grown} bytes more for a {}-byte name: stored twice, not once per finding",
        name.len()
    );
}

/// Each threat's categories are rows of `threat_categories`, as
/// `tmc list-threats --format json` lists them; `library` says which
/// library ran and what chose it.
#[test]
fn categories_and_the_library_in_use_are_stored() {
    let dir = scratch("categories");
    for (more, builtin, chosen) in [
        (&[][..], "tmc", "default"),
        (&["--library", "pytm"][..], "pytm", "option"),
    ] {
        let out = dir.join("model.sqlite");
        let mut args = vec!["sqldump", "examples/webapp.tm", path_str(&out)];
        args.extend_from_slice(more);
        let o = tmc(&args);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
        let db = Connection::open(&out).expect("the database opens");
        let mut listed = vec!["list-threats", "--format", "json"];
        listed.extend_from_slice(more);
        let threats: Value =
            serde_json::from_slice(&tmc(&listed).stdout).expect("list-threats JSON");
        let mut expected = Vec::new();
        for t in threats["threats"].as_array().expect("threats") {
            for (scheme, key) in [("STRIDE", "stride"), ("LINDDUN", "linddun")] {
                for (i, c) in t[key].as_array().expect("categories").iter().enumerate() {
                    expected.push((
                        t["id"].as_str().unwrap().to_string(),
                        scheme.to_string(),
                        c.as_str().unwrap().to_string(),
                        i as i64,
                    ));
                }
            }
        }
        expected.sort();
        let mut stmt = db
            .prepare(
                "SELECT threat, scheme, category, position FROM threat_categories ORDER BY 1, 2, 3",
            )
            .expect("query");
        let stored: Vec<(String, String, String, i64)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .expect("rows")
            .map(|r| r.expect("a row"))
            .collect();
        drop(stmt);
        assert_eq!(stored, expected, "{more:?}");
        assert_eq!(stored.is_empty(), builtin == "pytm");
        let row: (Option<String>, Option<String>, Option<String>, String) = db
            .query_row("SELECT * FROM library", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .expect("one row");
        assert_eq!(
            row,
            (Some(builtin.into()), Some(chosen.into()), None, "[]".into())
        );
        let library: Option<String> = db
            .query_row("SELECT library FROM threats WHERE id = 'INP02'", [], |r| {
                r.get(0)
            })
            .expect("INP02, in both libraries");
        assert_eq!(library.as_deref(), Some(builtin));
        drop(db);
        std::fs::remove_file(&out).expect("clean up");
    }
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[test]
fn ratings_are_those_of_tmc_json() {
    // Impact, likelihood and the combined severity of every finding, as
    // `tmc json` gives them (tmc's library rates them by the model).
    let dir = scratch("ratings");
    let out = dir.join("saas.sqlite");
    let dumped = tmc(&["sqldump", "examples/saas.tm", path_str(&out)]);
    assert_eq!(dumped.status.code(), Some(0), "{}", text(&dumped.stderr));
    let json: Value =
        serde_json::from_slice(&tmc(&["json", "examples/saas.tm"]).stdout).expect("JSON");
    let db = Connection::open(&out).expect("opens");
    let mut rated = std::collections::BTreeMap::new();
    for key in ["findings", "excluded_findings"] {
        for f in json[key].as_array().expect("findings") {
            let id = f["id"].as_str().expect("id").to_string();
            let rating = (
                f["severity"].as_str().map(str::to_string),
                f["impact"].as_str().map(str::to_string),
                f["likelihood"].as_str().map(str::to_string),
            );
            rated.insert(id, rating);
        }
    }
    let mut stmt = db
        .prepare("SELECT id, severity, impact, likelihood FROM findings ORDER BY id")
        .expect("the query compiles");
    let stored: std::collections::BTreeMap<String, _> = stmt
        .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?))))
        .expect("rows")
        .map(|r| r.expect("a row"))
        .collect();
    assert!(stored.len() > 20);
    assert_eq!(stored, rated);
    let distinct: i64 = db
        .query_row(
            "SELECT count(*) FROM findings WHERE impact <> severity",
            [],
            |r| r.get(0),
        )
        .expect("query");
    assert!(distinct > 0, "some ratings combine impact and likelihood");
    drop(stmt);
    drop(db);
    std::fs::remove_dir_all(&dir).ok();
}

/// The triaged fixture, judged on 2026-12-05 (the acceptance of INP05@web
/// has expired): every `Triage` is a row of `triages`, and each finding
/// names the triage that decides it, with its owner, ticket and dates,
/// and whether it counts as open.
#[test]
fn the_risk_register_is_a_query_away() {
    let dir = scratch("triage");
    let out = dir.join("shop.sqlite");
    let o = tmc(&[
        "--today",
        "2026-12-05",
        "sqldump",
        "tests/fixtures/triage/shop.tm",
        path_str(&out),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let db = Connection::open(&out).unwrap();

    type Triage = (
        String,
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        i64,
    );
    let triages: Vec<Triage> = db
        .prepare(
            "SELECT id, threat, status, justification, owner, ticket, decided, review_by, line
             FROM triages ORDER BY line",
        )
        .unwrap()
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let ids: Vec<&str> = triages.iter().map(|t| t.0.as_str()).collect();
    assert_eq!(
        ids,
        [
            "sqli_accepted",
            "xss_accepted",
            "store_hardening",
            "retention_done",
            "save_local",
            "flood_transferred"
        ]
    );
    let some = |s: &str| Some(s.to_string());
    assert_eq!(
        triages[0],
        (
            "sqli_accepted".into(),
            "INP05".into(),
            "accepted".into(),
            some("All queries go through the ORM's bound parameters."),
            some("appsec@shop.example"),
            some("https://tickets.shop.example/SEC-101"),
            some("2026-06-01"),
            some("2026-11-30"),
            62
        )
    );
    assert_eq!(triages[2].1, "*");
    assert_eq!(triages[2].2, "in-progress");
    assert_eq!(triages[2].3, None);

    type Row = (
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        i64,
        i64,
    );
    let row = |id: &str| -> Row {
        db.query_row(
            "SELECT status, coalesce(triage, '-'), owner, ticket, review_by, expired, open
             FROM findings WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ))
            },
        )
        .unwrap()
    };
    assert_eq!(
        row("INP05@web"),
        (
            "accepted".into(),
            "sqli_accepted".into(),
            some("appsec@shop.example"),
            some("https://tickets.shop.example/SEC-101"),
            some("2026-11-30"),
            1,
            1
        )
    );
    assert_eq!(
        row("INP39@web"),
        (
            "accepted".into(),
            "xss_accepted".into(),
            some("web-team"),
            None,
            some("2027-03-31"),
            0,
            0
        )
    );
    assert_eq!(
        row("TB01@orders"),
        (
            "in-progress".into(),
            "store_hardening".into(),
            some("platform"),
            some("https://tickets.shop.example/PLAT-7"),
            None,
            0,
            1
        )
    );
    assert_eq!(
        row("NET10@dmz"),
        ("open".into(), "-".into(), None, None, None, 0, 1)
    );
    // An override's response closes without a triage.
    assert_eq!(row("DS03@web").1, "-");
    assert_eq!(row("DS03@web").6, 0);

    // Open findings (the expired one among them), and findings per triage.
    let open: i64 = db
        .query_row("SELECT count(*) FROM findings WHERE open", [], |r| r.get(0))
        .unwrap();
    assert_eq!(open, 14);
    let decided: Vec<(String, i64)> = db
        .prepare(
            "SELECT t.id, count(f.id) FROM triages t LEFT JOIN findings f ON f.triage = t.id
             GROUP BY t.id ORDER BY t.line",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let n: Vec<i64> = decided.iter().map(|d| d.1).collect();
    assert_eq!(n, [1, 1, 5, 1, 1, 1]);
    std::fs::remove_dir_all(&dir).ok();
}

/// The `attributes` view holds every attribute of every element, flow,
/// boundary and data item with the value `tmc json` gives it, the same
/// JSON text, no more and no fewer, though most of them are stored once per
/// kind (layout 4) and most records as the fields that differ from their
/// kind's default (layout 5, put back together by `json_patch`).
#[test]
fn the_attributes_view_has_every_attribute_of_tmc_json() {
    let dir = tempfile::tempdir().expect("a scratch folder");
    for model in [
        "examples/webapp.tm",
        "examples/saas.tm",
        "examples/llm-agent.tm",
        "tests/parity/bank.tm",
        "tests/fixtures/paths/lineage.tm",
        "tests/fixtures/sqldump/records.tm",
    ] {
        let out = dir.path().join("model.sqlite");
        let _ = std::fs::remove_file(&out);
        let o = dump(model, &out);
        assert!(o.status.success(), "{model}: {}", text(&o.stderr));
        let json = tmc(&["json", model]);
        let doc: Value = serde_json::from_slice(&json.stdout).expect("JSON");
        let mut want = Vec::new();
        for list in ["elements", "flows", "boundaries", "data"] {
            for object in doc[list].as_array().expect(list) {
                let id = object["id"].as_str().expect("an id");
                for (name, value) in object["attributes"].as_object().expect("attributes") {
                    want.push((id.to_string(), name.clone(), value.clone()));
                }
            }
        }
        want.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        let db = Connection::open(&out).expect("opens");
        let version: i64 = db
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .expect("a version");
        assert_eq!(version, 5);
        let mut query = db
            .prepare("SELECT object, name, value FROM attributes ORDER BY object, name")
            .expect("the view");
        let got: Vec<(String, String, String)> = query
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .expect("rows")
            .map(|r| r.expect("a row"))
            .collect();
        assert_eq!(got.len(), want.len(), "{model}");
        for (g, w) in got.iter().zip(&want) {
            let value = serde_json::to_string(&w.2).expect("JSON");
            assert_eq!((&g.0, &g.1, &g.2), (&w.0, &w.1, &value), "{model}");
        }
        // Only what differs from the kind's defaults is stored per object:
        // a third or less of the attributes on these models.
        assert!(count(&db, "attribute_rows") * 5 < got.len() * 2, "{model}");
    }
}

/// A record that differs from its kind's default only in some fields
/// stores those fields (`patch` 1); one whose differing field is itself a
/// record is stored whole (layout 5).
#[test]
fn records_store_what_differs_from_the_default() {
    let dir = tempfile::tempdir().expect("a scratch folder");
    let out = dir.path().join("records.sqlite");
    let o = dump("tests/fixtures/sqldump/records.tm", &out);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let db = Connection::open(&out).expect("opens");
    let rows = |sql: &str| -> Vec<(String, String, i64)> {
        let mut query = db.prepare(sql).expect("a query");
        query
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .expect("rows")
            .map(|r| r.expect("a row"))
            .collect()
    };
    let stored = rows(
        "SELECT object, value, patch FROM attribute_rows
         WHERE name IN ('policy', 'controls') ORDER BY object, name",
    );
    let row = |o: &str, v: &str, p: i64| (o.to_string(), v.to_string(), p);
    assert_eq!(
        stored,
        [
            row(
                "reviewed",
                r#"{"approvers":["audit","legal"],"reviewed":true}"#,
                1
            ),
            row(
                "same",
                r#"{"authenticationScheme":"mTLS \"strict\" é","isEncrypted":true,"isHardened":true}"#,
                1
            ),
            row("same", "{}", 1),
            row(
                "short",
                r#"{"approvers":[],"retention":{"days":7,"legalHold":false},"reviewed":false}"#,
                0
            ),
            row("web", r#"{"isHardened":true}"#, 1),
        ]
    );
    // Five elements, a flow and a boundary are too few for a layer of
    // their own per zone: their derived enums are rows of their own.
    let derived = rows(
        "SELECT object, name, written FROM attribute_rows WHERE name = 'zone' ORDER BY object",
    );
    assert_eq!(derived.len(), 7, "{derived:?}");
    let layers: i64 = db
        .query_row("SELECT count(DISTINCT layer) FROM object_layers", [], |r| {
            r.get(0)
        })
        .expect("a count");
    assert!(layers <= 4, "a layer per kind: {layers}");
}

/// A model that declares its flows before their elements and its elements
/// before their boundaries has the same rows as one declared the other
/// way round, each table's in declaration order: tables go in in the
/// order they refer to each other, so that no reference waits for its row.
#[test]
fn declaration_order_changes_the_order_of_rows_only() {
    let forward = r#"model "Order" { description = "Declared top down." }
boundary corp "Corp"
boundary dmz "DMZ" in corp
Data card "Card" { classification = SECRET }
Server web "Web" in dmz
Datastore db "DB" in corp
flow save: web -> db "Save" { data = [card] }
flow web -> db "Read"
"#;
    let reversed = r#"model "Order" { description = "Declared bottom up." }
flow web -> db "Read"
flow save: web -> db "Save" { data = [card] }
Datastore db "DB" in corp
Server web "Web" in dmz
Data card "Card" { classification = SECRET }
boundary dmz "DMZ" in corp
boundary corp "Corp"
"#;
    let (_f, a) = dumped_alike("forward", forward);
    let (_r, b) = dumped_alike("reversed", reversed);
    let rows = |db: &Connection, sql: &str| -> Vec<String> {
        let mut query = db.prepare(sql).expect("a query");
        query
            .query_map([], |r| r.get::<_, String>(0))
            .expect("rows")
            .map(|r| r.expect("a row"))
            .collect()
    };
    for (table, id) in [
        ("boundaries", "id || ' in ' || coalesce(parent, '-')"),
        ("elements", "id || ' in ' || coalesce(boundary, '-')"),
        ("flows", "id || ': ' || source || ' -> ' || sink"),
        ("flow_data", "flow || ' ' || data"),
        // All but the lists of flows, which follow declaration order.
        (
            "attributes WHERE name NOT IN ('inputs', 'outputs')",
            "object || '.' || name || ' = ' || value",
        ),
    ] {
        // In declaration order (the table's own), then sorted: the same.
        let (mut x, mut y) = (
            rows(&a, &format!("SELECT {id} FROM {table}")),
            rows(&b, &format!("SELECT {id} FROM {table}")),
        );
        if matches!(table, "boundaries" | "elements" | "flows") {
            let reversed: Vec<String> = y.iter().rev().cloned().collect();
            assert_eq!(x, reversed, "{table} in declaration order");
        }
        x.sort();
        y.sort();
        assert!(x == y, "{table}: {x:?}\n{y:?}");
        assert!(!x.is_empty(), "{table}");
    }
    assert_eq!(dangling(&b), Vec::<String>::new());
}

/// Derived enum values (`zone`, `exposure`) that many objects of a kind
/// share are entries of one layer for them all, not a row per object; a
/// few objects keep them in rows (a layer costs as many rows as a kind
/// has attributes).
#[test]
fn derived_enums_many_objects_share_go_into_their_layer() {
    let mut text = String::from(
        "model \"Many\" { description = \"Forty servers in one zone.\" }\nboundary corp \"Corp\"\n",
    );
    for i in 0..40 {
        text += &format!("Server s{i} \"Server {i}\" in corp\n");
    }
    text += "Datastore db \"DB\" in corp\n";
    let (_dir, db) = dumped_alike("many", &text);
    let count = |sql: &str| -> i64 { db.query_row(sql, [], |r| r.get(0)).expect("a count") };
    assert_eq!(
        count("SELECT count(*) FROM attribute_rows WHERE name IN ('zone', 'exposure') AND object LIKE 's%'"),
        0
    );
    assert_eq!(
        count("SELECT count(DISTINCT layer) FROM object_layers WHERE object LIKE 's%'"),
        1
    );
    // The lone datastore keeps its own.
    assert_eq!(
        count("SELECT count(*) FROM attribute_rows WHERE name IN ('zone', 'exposure') AND object = 'db'"),
        2
    );
    assert_eq!(
        count("SELECT count(*) FROM attributes WHERE name = 'zone' AND value = '\"INTERNAL\"'"),
        42
    );
}
