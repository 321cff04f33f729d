//! Graphviz DOT for the data-flow diagram: boundaries as nested dashed
//! clusters, a shape per kind of element, flows as labelled edges. The text
//! renders with `dot -Tsvg` without warnings (a test runs real Graphviz
//! where it is installed). The model's text goes only into quoted strings,
//! escaped (`escape::dot`).

use std::fmt::Write;

use crate::escape::dot::quote;
use tmc_diagram::ir::{
    severity_color, wrap, Contents, Dfd, Mark, Node, Shape, DIM_COLOR, DIM_TEXT, PATH_COLOR,
    WEAKEST_COLOR,
};

/// Characters per line in node labels.
const WRAP: usize = 18;

pub fn render(dfd: &Dfd) -> String {
    let mut out = String::new();
    out.push_str("digraph tm {\n");
    let _ = writeln!(
        out,
        "    graph [fontname = \"Helvetica\", fontsize = 16, label = {}, labelloc = t, rankdir = LR, nodesep = 0.6, ranksep = 1.0, pad = 0.3]",
        quote(&dfd.title)
    );
    out.push_str("    node [fontname = \"Helvetica\", fontsize = 11, style = filled, fillcolor = \"#ffffff\", color = \"#333333\", margin = 0.1]\n");
    out.push_str("    edge [fontname = \"Helvetica\", fontsize = 10, color = \"#555555\", arrowsize = 0.7]\n");
    cluster_body(dfd, &Contents::of(dfd), None, 1, &mut out);
    for e in &dfd.edges {
        let mut attrs = vec![format!("label = {}", quote(&e.label))];
        if e.both_ways {
            attrs.push("dir = both".into());
        }
        match (dfd.edge_mark(e), e.is_response) {
            (Mark::Weakest, _) => attrs.push(format!(
                "color = \"{WEAKEST_COLOR}\", fontcolor = \"{WEAKEST_COLOR}\", penwidth = 3.5, style = dotted"
            )),
            (mark, response) => {
                if response {
                    attrs.push("style = dashed".into());
                }
                match mark {
                    Mark::On | Mark::End => {
                        attrs.push(format!("color = \"{PATH_COLOR}\", penwidth = 2.5"))
                    }
                    Mark::Dimmed => {
                        attrs.push(format!("color = \"{DIM_COLOR}\", fontcolor = \"{DIM_TEXT}\""))
                    }
                    Mark::Plain | Mark::Weakest => {}
                }
            }
        }
        let _ = writeln!(out, "    {} -> {} [{}]", e.from, e.to, attrs.join(", "));
    }
    out.push_str("}\n");
    out
}

/// The nodes and sub-clusters directly in `cluster` (None: the top level).
fn cluster_body(
    dfd: &Dfd,
    contents: &Contents,
    cluster: Option<usize>,
    depth: usize,
    out: &mut String,
) {
    let indent = "    ".repeat(depth);
    for &i in contents.clusters_in(cluster) {
        let c = &dfd.clusters[i];
        let _ = writeln!(out, "{indent}subgraph cluster_{} {{", c.id);
        let _ = writeln!(
            out,
            "{indent}    graph [label = {}, style = dashed, color = \"#c0392b\", fontcolor = \"#c0392b\", fontsize = 12]",
            quote(&c.label)
        );
        cluster_body(dfd, contents, Some(i), depth + 1, out);
        let _ = writeln!(out, "{indent}}}");
    }
    for n in contents.nodes_in(cluster).iter().map(|&n| &dfd.nodes[n]) {
        let mut attrs = node_attrs(n);
        match dfd.node_mark(&n.id) {
            Mark::End => attrs.push(format!("color = \"{PATH_COLOR}\", penwidth = 3.5")),
            Mark::On => attrs.push(format!("color = \"{PATH_COLOR}\", penwidth = 2")),
            Mark::Dimmed => attrs.push(format!(
                "color = \"{DIM_COLOR}\", fontcolor = \"{DIM_TEXT}\""
            )),
            Mark::Plain | Mark::Weakest => {}
        }
        let _ = writeln!(out, "{indent}{} [{}]", n.id, attrs.join(", "));
    }
}

fn node_attrs(n: &Node) -> Vec<String> {
    let label = wrap(&n.label, WRAP).join("\n");
    let mut attrs = vec![format!("label = {}", quote(&label))];
    attrs.push(
        match n.shape {
            Shape::Entity => "shape = box",
            Shape::Process => "shape = box, style = \"rounded,filled\"",
            Shape::Store => "shape = cylinder",
        }
        .to_string(),
    );
    if n.colored {
        let color = severity_color(n.severity.as_ref().map(|(rank, _)| *rank));
        attrs.push(format!("fillcolor = \"{color}\""));
        if let Some((_, label)) = &n.severity {
            attrs.push(format!(
                "tooltip = {}",
                quote(&format!("worst finding: {label}"))
            ));
        }
    }
    attrs
}
