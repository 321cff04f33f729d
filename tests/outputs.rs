//! Diagram outputs of every example model: golden files for DOT, Mermaid
//! and PlantUML, byte-identical reruns, and the real tools accepting them
//! (Graphviz `dot` without warnings, `plantuml -checkonly`). On CI
//! (CI=true) the tools must be installed; elsewhere a missing tool skips
//! only its own check, with a `skipped:` line (tests/support/tool.rs).

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

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

fn stdout_of(args: &[&str]) -> String {
    let o = tmc(args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "tmc {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).expect("UTF-8")
}

/// Every model under examples/ and tests/parity/, as paths relative to the
/// repository root, sorted.
fn models() -> Vec<String> {
    let mut out = Vec::new();
    for dir in ["examples", "tests/parity"] {
        let Ok(entries) = std::fs::read_dir(root().join(dir)) else {
            continue;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.ends_with(".tm") {
                out.push(format!("{dir}/{name}"));
            }
        }
    }
    out.sort();
    out
}

/// Examples written to show how to model a system: every check of this
/// file runs on them, but they have no golden files, whose findings (and
/// severity colours) would move with every change of tmc's library.
/// tests/cli.rs checks that they compile without a warning.
const NO_GOLDEN: [&str; 2] = ["examples/llm-agent.tm", "examples/saas.tm"];

fn snapshot_name(model: &str, what: &str) -> String {
    let stem = model.trim_end_matches(".tm").replace('/', "_");
    format!("{what}__{stem}")
}

#[test]
fn dfd_golden_files() {
    for model in models() {
        let dot = stdout_of(&["dfd", &model]);
        if !NO_GOLDEN.contains(&model.as_str()) {
            insta::assert_snapshot!(snapshot_name(&model, "dfd_dot"), dot);
        }
        let mermaid = stdout_of(&["dfd", &model, "--format", "mermaid"]);
        if !NO_GOLDEN.contains(&model.as_str()) {
            insta::assert_snapshot!(snapshot_name(&model, "dfd_mermaid"), mermaid);
        }
        let svg = stdout_of(&["dfd", &model, "--format", "svg", "--colormap"]);
        assert!(
            svg.starts_with("<svg ") || svg.starts_with("<?xml"),
            "{model}"
        );
        if !NO_GOLDEN.contains(&model.as_str()) {
            insta::assert_snapshot!(snapshot_name(&model, "dfd_svg"), svg);
        }
    }
}

#[test]
fn seq_golden_files() {
    for model in models() {
        let puml = stdout_of(&["seq", &model]);
        if !NO_GOLDEN.contains(&model.as_str()) {
            insta::assert_snapshot!(snapshot_name(&model, "seq_plantuml"), puml);
        }
        let mermaid = stdout_of(&["seq", &model, "--format", "mermaid"]);
        if !NO_GOLDEN.contains(&model.as_str()) {
            insta::assert_snapshot!(snapshot_name(&model, "seq_mermaid"), mermaid);
        }
    }
}

#[test]
fn outputs_are_byte_identical_between_runs() {
    for model in models() {
        for args in [
            vec!["dfd", model.as_str(), "--colormap"],
            vec!["dfd", model.as_str(), "--format", "mermaid"],
            vec!["dfd", model.as_str(), "--format", "svg"],
            vec!["seq", model.as_str()],
            vec!["threats", model.as_str()],
        ] {
            assert_eq!(stdout_of(&args), stdout_of(&args), "{args:?}");
        }
    }
}

#[test]
fn graphviz_renders_the_dot_without_warnings() {
    if !support::tool("dot", "graphviz") {
        return;
    }
    for model in models() {
        for extra in [vec![], vec!["--colormap"]] {
            let mut args = vec!["dfd", model.as_str()];
            args.extend(extra);
            let text = stdout_of(&args);
            let svg = support::dot_svg(&text, &model);
            assert!(svg.contains("<svg"), "{model}");
        }
    }
}

#[test]
fn plantuml_accepts_the_sequence_diagrams() {
    if !support::tool("plantuml", "plantuml") {
        return;
    }
    let dir = std::env::temp_dir().join(format!("tmc-puml-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for model in models() {
        let file = dir.join(format!("{}.puml", snapshot_name(&model, "seq")));
        std::fs::write(&file, stdout_of(&["seq", &model])).unwrap();
        let o = Command::new("plantuml")
            .arg("-checkonly")
            .arg(&file)
            .output()
            .expect("plantuml runs");
        assert!(
            o.status.success(),
            "{model}: plantuml rejects the diagram: {}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn levels_and_colormap() {
    let dir = std::env::temp_dir().join(format!("tmc-levels-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let model = dir.join("levels.tm");
    std::fs::write(
        &model,
        r#"model "Levels" { description = "d" }
boundary outer "Outer" {
  boundary inner "Inner"
}
Actor user "User"
Server web "Web" in inner
Process detail "Detail" in outer { levels = [1] }
flow user -> web "Top"
flow web -> detail "Deep"
"#,
    )
    .unwrap();
    let path = model.to_str().unwrap();
    let top = stdout_of(&["dfd", path]);
    assert!(top.contains("web [") && !top.contains("detail ["), "{top}");
    assert!(top.contains("subgraph cluster_outer") && top.contains("subgraph cluster_inner"));
    assert!(
        !top.contains("Deep"),
        "a flow to an undrawn element is not drawn"
    );
    let one = stdout_of(&["dfd", path, "--levels", "1"]);
    assert!(one.contains("detail [") && !one.contains("web ["), "{one}");
    let both = stdout_of(&["dfd", path, "--levels", "0", "1"]);
    // As in pytm, a flow between levels keeps its own levels (default 0).
    assert!(
        both.contains("detail [") && both.contains("web [") && both.contains("Deep"),
        "{both}"
    );
    let colored = stdout_of(&["dfd", path, "--colormap"]);
    assert!(colored.contains("fillcolor = \"#"), "{colored}");
    std::fs::remove_dir_all(&dir).ok();
}

/// A model whose SVG is past the layered layout's budget (30 elements in a
/// chain, 400 flows across it: 23,000 items), drawn as the overview: a
/// grid per boundary, one line per pair of elements with their count
/// (docs/diagrams.md).
#[test]
fn svg_overview_golden_file() {
    let dir = std::env::temp_dir().join(format!("tmc-overview-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut text = String::from(
        "model \"Overview\" {\n  description = \"A small model past the SVG layout's budget\"\n}\n\
         boundary dc \"Data centre\"\nboundary core \"Core zone\" in dc\n\
         boundary empty \"Nothing here yet\" in dc\nActor user \"User\"\n",
    );
    for i in 0..30 {
        let kind = if i % 7 == 6 { "Datastore" } else { "Server" };
        let within = match i {
            10..=19 => " in core",
            20.. => " in dc",
            _ => "",
        };
        text.push_str(&format!("{kind} s{i} \"Service {i}\"{within}\n"));
    }
    text.push_str("flow user -> s0 \"Sign in\"\n");
    for i in 0..29 {
        text.push_str(&format!("flow s{i} -> s{} \"Step {i}\"\n", i + 1));
    }
    for f in 0..400 {
        text.push_str(&format!(
            "flow s{} -> s{} \"Far {f}\"\n",
            f % 4,
            26 + f / 4 % 4
        ));
    }
    text.push_str(
        "flow s5 -> s5 \"Retry\"\nflow reply: s29 -> s0 \"Reply\" { isResponse = true }\n",
    );
    let model = dir.join("overview.tm");
    std::fs::write(&model, text).unwrap();
    let svg = stdout_of(&[
        "dfd",
        model.to_str().unwrap(),
        "--format",
        "svg",
        "--colormap",
    ]);
    // One line per pair of elements: 30 along the chain, 16 of far flows
    // (the reply shares s0-s29 with 25 of them: 26), one loop.
    assert_eq!(svg.matches("<path id=\"tmc-flow-").count(), 47, "{svg}");
    assert!(svg.contains(">×26</text>") && svg.contains(">×25</text>"));
    insta::assert_snapshot!("dfd_svg_overview", svg);
    std::fs::remove_dir_all(&dir).ok();
}
