//! Small files that took minutes or wrote gigabytes (issue #19, item 3):
//! the same flow repeated, a very long identifier with a misspelt
//! reference, thousands of misspelt references, and long names, titles
//! and assumption names that every finding repeated. Time bounds are ten
//! times or more what a debug build takes here; output sizes are checked
//! against the input's.

use std::time::Duration;

use serde_json::Value;

use super::{scratch, tmc, write, HEADER, PYTM_HEADER};

/// `flow a -> b` `n` times between two servers.
fn repeated_flows(n: usize) -> String {
    format!(
        "{HEADER}Server a \"A\"\nServer b \"B\"\n{}",
        "flow a -> b\n".repeat(n)
    )
}

#[test]
fn the_same_flow_20000_times_is_linear() {
    let dir = scratch();
    write(dir.path(), "m.tm", repeated_flows(20_000));
    let run = tmc(dir.path(), &["check", "m.tm"]);
    run.exits(0);
    assert!(run.stdout.contains("20000 flows"), "{}", run.stdout);
    // 2.3 s in a debug build; it was quadratic (20,000: over 10 s in release).
    assert!(run.took < Duration::from_secs(60), "{:?}", run.took);
    let run = tmc(dir.path(), &["json", "m.tm"]);
    run.exits(0);
    let doc: Value = serde_json::from_str(&run.stdout).expect("JSON");
    let flows = doc["flows"].as_array().expect("flows");
    assert_eq!(flows[1]["id"], "a->b#2");
    assert_eq!(flows[19_999]["id"], "a->b#20000");
}

#[test]
fn an_identifier_of_100000_characters_is_refused_at_once() {
    let dir = scratch();
    let long = "w".repeat(100_000);
    write(
        dir.path(),
        "m.tm",
        format!("{HEADER}Server {long} \"W\"\nActor u \"U\"\nflow u -> {long}x\n"),
    );
    let run = tmc(dir.path(), &["check", "m.tm"]);
    run.exits(1).says(&[
        "error[identifier-too-long]",
        "m.tm:2:264",
        "longer than 256",
    ]);
    // 15.8 s in did-you-mean before.
    assert!(run.took < Duration::from_secs(20), "{:?}", run.took);
}

#[test]
fn misspelt_references_to_long_identifiers_are_quick() {
    // 2,000 identifiers at the limit, each referred to misspelt.
    let dir = scratch();
    let id = |i: usize| format!("{}{i:05}", "e".repeat(250));
    let mut text = HEADER.to_string();
    for i in 0..2_000 {
        text += &format!("Server {} \"S\"\n", id(i));
    }
    for i in 0..2_000 {
        text += &format!("flow {}x -> {}\n", id(i), id(i));
    }
    write(dir.path(), "m.tm", &text);
    let run = tmc(dir.path(), &["check", "m.tm"]);
    run.exits(1).says(&["error[undefined-reference]"]);
    assert_eq!(
        run.stderr.matches("error[undefined-reference]").count(),
        2_000
    );
    assert!(run.took < Duration::from_secs(60), "{:?}", run.took);
}

#[test]
fn thousands_of_misspelt_references_share_one_budget_for_hints() {
    let dir = scratch();
    let mut text = HEADER.to_string();
    for i in 0..10_000 {
        text += &format!("Server s{i:05} \"S\"\n");
    }
    for i in 0..10_000 {
        text += &format!("flow t{i:05} -> s{i:05}\n");
    }
    for i in 0..5_000 {
        text += &format!("Server x{i:05} \"X\" {{ data = [s{i:05}x] }}\n");
    }
    write(dir.path(), "m.tm", &text);
    let run = tmc(dir.path(), &["check", "m.tm"]);
    run.exits(1);
    assert_eq!(
        run.stderr.matches("error[undefined-reference]").count(),
        15_000
    );
    // The first get a hint; the search stops before it costs minutes.
    assert!(
        run.stderr.contains("did you mean `s00000`?"),
        "{}",
        run.head()
    );
    // 5,000 took 307 s in a debug build before.
    assert!(run.took < Duration::from_secs(60), "{:?}", run.took);
    // The hints are the same whatever the number of threads.
    let again = tmc(dir.path(), &["check", "m.tm"]);
    assert_eq!(again.stderr, run.stderr);
}

/// A model of `n` servers, each with a flow in.
fn servers(n: usize) -> String {
    let mut text = format!("{HEADER}Actor u \"U\"\n");
    for i in 0..n {
        text += &format!("Server s{i} \"S\"\nflow u -> s{i}\n");
    }
    text
}

#[test]
fn a_long_name_is_written_once_not_once_per_finding() {
    let dir = scratch();
    // 10 MB (the 50 MB takes half a minute to parse in a debug
    // build); a server has some 50 findings.
    let name = "N".repeat(10_000_000);
    write(
        dir.path(),
        "m.tm",
        format!("{PYTM_HEADER}Server s \"{name}\"\nActor u \"U\"\nflow u -> s \"f\"\n"),
    );
    let input = 10_000_000;
    let run = tmc(dir.path(), &["json", "m.tm"]);
    run.exits(0);
    assert!(
        run.stdout.len() < input + 2_000_000,
        "{} bytes",
        run.stdout.len()
    );
    let doc: Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert!(doc["findings"].as_array().unwrap().len() > 20);
    let run = tmc(dir.path(), &["threats", "--format", "json", "m.tm"]);
    run.exits(0);
    assert!(
        run.stdout.len() < input + 1_000_000,
        "{} bytes",
        run.stdout.len()
    );
    let doc: Value = serde_json::from_str(&run.stdout).expect("JSON");
    let targets = doc["targets"].as_array().unwrap();
    assert_eq!(targets.iter().filter(|t| t["id"] == "s").count(), 1);
    assert_eq!(targets[0]["name"].as_str().map(str::len), Some(input));
    // SARIF messages repeat a shortened name.
    let run = tmc(dir.path(), &["threats", "--format", "sarif", "m.tm"]);
    run.exits(0);
    assert!(run.stdout.len() < 2_000_000, "{} bytes", run.stdout.len());
    assert!(run.stdout.contains(&format!("{}…", "N".repeat(100))));
}

#[test]
fn a_long_threat_title_and_assumption_name_are_not_repeated_per_finding() {
    let dir = scratch();
    let title = "T".repeat(1_000_000);
    let assumption = "A".repeat(1_000_000);
    write(
        dir.path(),
        "rules.tm",
        format!("threat LONG \"{title}\" {{ targets = [Server] severity = High when = true }}\nthreat GONE \"g\" {{ targets = [Server] severity = Low when = true }}\n"),
    );
    // The model's assumption rules GONE out on every server.
    let model = servers(200).replacen(
        "description = \"d\"",
        &format!("description = \"d\" assumptions = [{{ name = \"{assumption}\" exclude = [\"GONE\"] }}]"),
        1,
    );
    write(dir.path(), "m.tm", &model);
    let input = 2_000_000;
    for args in [
        &[
            "json",
            "--no-builtin-threats",
            "--threats",
            "rules.tm",
            "m.tm",
        ][..],
        &[
            "threats",
            "--format",
            "json",
            "--no-builtin-threats",
            "--threats",
            "rules.tm",
            "m.tm",
        ],
        &[
            "threats",
            "--format",
            "sarif",
            "--no-builtin-threats",
            "--threats",
            "rules.tm",
            "m.tm",
        ],
    ] {
        let run = tmc(dir.path(), args);
        run.exits(0);
        // 200 findings of each: repeating either text would be 200 MB.
        assert!(
            run.stdout.len() < input + 2_000_000,
            "{args:?}: {} bytes",
            run.stdout.len()
        );
    }
    let run = tmc(
        dir.path(),
        &[
            "json",
            "--no-builtin-threats",
            "--threats",
            "rules.tm",
            "m.tm",
        ],
    );
    let doc: Value = serde_json::from_str(&run.stdout).expect("JSON");
    let excluded = doc["excluded_findings"].as_array().unwrap();
    assert_eq!(excluded.len(), 200);
    assert_eq!(
        excluded[0]["excluded_by"],
        serde_json::json!({ "index": 0, "object": null })
    );
}
