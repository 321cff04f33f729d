//! `tmc dfd --from X --to Y [--path K]` end to end on
//! tests/fixtures/paths/shop.tm: the highlighted paths in DOT, Mermaid and
//! SVG (snapshots), the same bytes every run, Graphviz accepting the
//! highlighted DOT, no path (the plain diagram and a note), the usage
//! errors shared with `tmc paths`, and the plain diagram unchanged without
//! `--from`/`--to`.

mod support;

#[path = "support/run.rs"]
mod run;

use run::{stderr, stdout, tmc};

const SHOP: &str = "tests/fixtures/paths/shop.tm";
const TO_THE_VAULT: [&str; 4] = ["--from", "INTERNET", "--to", "RESTRICTED"];

/// `tmc --color never dfd shop.tm ARGS...`.
fn dfd(args: &[&str]) -> std::process::Output {
    let mut all = vec!["--color", "never", "dfd", SHOP];
    all.extend_from_slice(args);
    tmc(&all)
}

/// The run succeeded with nothing on stderr; its stdout.
fn ok(args: &[&str]) -> String {
    let o = dfd(args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stderr(&o), "");
    stdout(&o)
}

/// `TO_THE_VAULT` and then `more`.
fn to_the_vault(more: &[&'static str]) -> Vec<&'static str> {
    TO_THE_VAULT.iter().chain(more).copied().collect()
}

#[test]
fn every_path_to_the_vault_in_dot() {
    let dot = ok(&to_the_vault(&[]));
    // The three paths' starts and end, each path's weakest hop, and what
    // no path takes.
    assert!(
        dot.contains("shopper [label = \"Shopper (start)\""),
        "{dot}"
    );
    assert!(dot.contains("\"Payment partner\\n(start)\""), "{dot}");
    assert!(dot.contains("\"Card vault (end)\""), "{dot}");
    assert_eq!(dot.matches("[weakest: ").count(), 3, "{dot}");
    assert!(dot.contains("audit [label = \"Audit log\", shape = cylinder, color = \"#c8c8c8\""));
    insta::assert_snapshot!("dfd_paths_dot", dot);
}

#[test]
fn one_path_in_mermaid() {
    let mermaid = ok(&to_the_vault(&["--format", "mermaid", "--path", "2"]));
    // Path 2 is shopper -> web -> orders -> cards, weakest at `place`.
    assert!(
        mermaid.contains("n_shopper[\"Shopper (start)\"]"),
        "{mermaid}"
    );
    assert!(
        mermaid.contains("n_partner[\"Payment partner\"]"),
        "{mermaid}"
    );
    assert!(mermaid.contains("class n_partner,n_cache,n_audit tmcDim"));
    assert_eq!(mermaid.matches("[weakest").count(), 1, "{mermaid}");
    insta::assert_snapshot!("dfd_paths_mermaid_path_2", mermaid);
}

#[test]
fn one_path_in_svg() {
    let svg = ok(&to_the_vault(&["--format", "svg", "--path", "1"]));
    // Path 1 is partner -> orders -> cards, weakest at `settle`.
    assert!(svg.contains("<g id=\"tmc-element-partner\" data-tmc-mark=\"end\">"));
    assert!(svg.contains("<g id=\"tmc-element-shopper\" data-tmc-mark=\"dimmed\">"));
    assert_eq!(svg.matches("data-tmc-mark=\"weakest\"").count(), 1);
    insta::assert_snapshot!("dfd_paths_svg_path_1", svg);
}

#[test]
fn a_response_on_a_path_marks_the_request_it_is_drawn_with() {
    // shop.tm with `mergeResponses`: `page` (web -> shopper) is drawn on
    // the line of its request `browse`.
    let shop = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join(SHOP),
    )
    .expect("the fixture");
    let merged = shop.replacen(
        "model \"Card shop\" {",
        "model \"Card shop\" {\n  mergeResponses = true",
        1,
    );
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("shop.tm");
    std::fs::write(&file, merged).expect("written");
    let args = [
        "dfd",
        file.to_str().expect("UTF-8"),
        "--from",
        "web",
        "--to",
        "shopper",
    ];
    let o = tmc(&[&args[..], &["--responses"]].concat());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains(
        "shopper -> web [label = \"Browse and pay / Pages [weakest: not authenticated]\", dir = both, color = \"#c45000\""
    ), "{}", stdout(&o));
    // Requests only: no way back to the shopper.
    let o = tmc(&args);
    assert_eq!(o.status.code(), Some(0));
    assert!(stderr(&o).starts_with("note: no path from `web` to `shopper`"));
}

#[test]
fn the_same_bytes_every_run_in_every_format() {
    for format in ["dot", "mermaid", "svg"] {
        let args = to_the_vault(&["--format", format]);
        assert_eq!(ok(&args), ok(&args), "{format}");
    }
}

#[test]
fn no_path_draws_the_plain_diagram_with_a_note() {
    let plain = ok(&[]);
    let o = dfd(&["--from", "cards", "--to", "shopper"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), plain);
    assert_eq!(
        stderr(&o),
        "note: no path from `cards` to `shopper` within 8 hops; the diagram is drawn without a highlight\n"
    );
    let o = dfd(&to_the_vault(&["--max-hops", "1"]));
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), plain);
    assert!(
        stderr(&o).contains("within 1 hop (the shortest takes 2 hops: raise --max-hops)"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_bad_selector_is_the_usage_error_of_tmc_paths() {
    let args = ["--from", "INTERNT", "--to", "cards"];
    let o = dfd(&args);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stdout(&o), "");
    let mut paths = vec!["--color", "never", "paths", SHOP];
    paths.extend_from_slice(&args);
    let p = tmc(&paths);
    assert_eq!(p.status.code(), Some(2));
    assert_eq!(stderr(&o), stderr(&p));
    assert!(stderr(&o).contains("did you mean `INTERNET`?"));
}

#[test]
fn a_path_number_past_the_last_is_a_usage_error() {
    for k in ["0", "4"] {
        let o = dfd(&to_the_vault(&["--path", k]));
        assert_eq!(o.status.code(), Some(2), "--path {k}");
        assert_eq!(stdout(&o), "");
        assert_eq!(
            stderr(&o),
            format!("error: there is no path {k}: 3 paths found from `INTERNET` to `RESTRICTED`\n  = hint: `tmc paths` lists them, numbered from 1\n")
        );
    }
    // --path, like the bounds, needs --from and --to.
    assert_eq!(dfd(&["--path", "1"]).status.code(), Some(2));
    assert_eq!(dfd(&["--to", "cards"]).status.code(), Some(2));
}

#[test]
fn without_from_and_to_the_diagram_is_the_golden_one() {
    // tests/outputs.rs draws the golden SVG with a colour map.
    for (format, extra, golden) in [
        ("dot", None, "outputs__dfd_dot__examples_webapp.snap"),
        (
            "mermaid",
            None,
            "outputs__dfd_mermaid__examples_webapp.snap",
        ),
        (
            "svg",
            Some("--colormap"),
            "outputs__dfd_svg__examples_webapp.snap",
        ),
    ] {
        let mut args = vec!["dfd", "examples/webapp.tm", "--format", format];
        args.extend(extra);
        let o = tmc(&args);
        assert_eq!(o.status.code(), Some(0));
        let snap = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../tests/snapshots")
                .join(golden),
        )
        .expect("the golden file");
        // The snapshot is insta's header, `---`, then the text.
        let (_, body) = snap.split_once("\n---\n").expect("a header");
        assert_eq!(stdout(&o), body, "{format}");
    }
}

#[test]
fn graphviz_renders_the_highlighted_dot_without_warnings() {
    if !support::tool("dot", "graphviz") {
        return;
    }
    for more in [vec![], vec!["--path", "1"], vec!["--colormap"]] {
        let text = ok(&to_the_vault(&more));
        let svg = support::dot_svg(&text, &format!("{more:?}"));
        assert!(svg.contains("<svg") && svg.contains("weakest"), "{more:?}");
    }
}
