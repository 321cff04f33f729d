//! Mermaid, for diagrams in GitHub Markdown: the data-flow diagram as a
//! `flowchart` (boundaries as subgraphs) and the sequence diagram as a
//! `sequenceDiagram`. Identifiers get a prefix so that model identifiers
//! such as `end` cannot collide with Mermaid keywords; the model's text is
//! escaped (`escape::mermaid`), so it cannot leave its label.

use std::fmt::Write;

use crate::escape::mermaid::text;
use tmc_diagram::ir::{
    severity_color, Contents, Dfd, Lifeline, Mark, Seq, Shape, DIM_COLOR, DIM_TEXT, PATH_COLOR,
    WEAKEST_COLOR,
};

pub fn dfd(dfd: &Dfd) -> String {
    let mut out = String::from("flowchart LR\n");
    body(dfd, &Contents::of(dfd), None, 1, &mut out);
    for e in &dfd.edges {
        let arrow = match (e.both_ways, e.is_response) {
            (true, _) => "<-->",
            (false, true) => "-.->",
            (false, false) => "-->",
        };
        let _ = writeln!(
            out,
            "    n_{} {arrow}|\"{}\"| n_{}",
            e.from,
            text(&e.label),
            e.to
        );
    }
    for c in &dfd.clusters {
        let _ = writeln!(
            out,
            "    style b_{} fill:none,stroke:#c0392b,stroke-dasharray:5 5,color:#c0392b",
            c.id
        );
    }
    for n in dfd.nodes.iter().filter(|n| n.colored) {
        let color = severity_color(n.severity.as_ref().map(|(rank, _)| *rank));
        let _ = writeln!(out, "    style n_{} fill:{color},color:#000000", n.id);
    }
    if dfd.highlight.is_some() {
        highlight(dfd, &mut out);
    }
    out
}

/// The marks of a highlighted diagram: a class per kind of element
/// (`classDef`), and a `linkStyle` per kind of flow, by the flows' order.
fn highlight(dfd: &Dfd, out: &mut String) {
    let _ = writeln!(
        out,
        "    classDef tmcEnd stroke:{PATH_COLOR},stroke-width:4px"
    );
    let _ = writeln!(
        out,
        "    classDef tmcOn stroke:{PATH_COLOR},stroke-width:2.5px"
    );
    let _ = writeln!(
        out,
        "    classDef tmcDim stroke:{DIM_COLOR},color:{DIM_TEXT}"
    );
    for (class, mark) in [
        ("tmcEnd", Mark::End),
        ("tmcOn", Mark::On),
        ("tmcDim", Mark::Dimmed),
    ] {
        let ids: Vec<String> = dfd
            .nodes
            .iter()
            .filter(|n| dfd.node_mark(&n.id) == mark)
            .map(|n| format!("n_{}", n.id))
            .collect();
        if !ids.is_empty() {
            let _ = writeln!(out, "    class {} {class}", ids.join(","));
        }
    }
    let styles = [
        (
            Mark::Weakest,
            format!("stroke:{WEAKEST_COLOR},stroke-width:3.5px,stroke-dasharray:2 4"),
        ),
        (Mark::On, format!("stroke:{PATH_COLOR},stroke-width:2.5px")),
        (Mark::Dimmed, format!("stroke:{DIM_COLOR}")),
    ];
    for (mark, style) in styles {
        let links: Vec<String> = dfd
            .edges
            .iter()
            .enumerate()
            .filter(|(_, e)| dfd.edge_mark(e) == mark)
            .map(|(i, _)| i.to_string())
            .collect();
        if !links.is_empty() {
            let _ = writeln!(out, "    linkStyle {} {style}", links.join(","));
        }
    }
}

fn body(dfd: &Dfd, contents: &Contents, cluster: Option<usize>, depth: usize, out: &mut String) {
    let indent = "    ".repeat(depth);
    for &i in contents.clusters_in(cluster) {
        let c = &dfd.clusters[i];
        let _ = writeln!(out, "{indent}subgraph b_{}[\"{}\"]", c.id, text(&c.label));
        body(dfd, contents, Some(i), depth + 1, out);
        let _ = writeln!(out, "{indent}end");
    }
    for n in contents.nodes_in(cluster).iter().map(|&n| &dfd.nodes[n]) {
        let label = text(&n.label);
        let node = match n.shape {
            Shape::Entity => format!("[\"{label}\"]"),
            Shape::Process => format!("((\"{label}\"))"),
            Shape::Store => format!("[(\"{label}\")]"),
        };
        let _ = writeln!(out, "{indent}n_{}{node}", n.id);
    }
}

pub fn seq(seq: &Seq) -> String {
    let mut out = String::from("sequenceDiagram\n");
    let _ = writeln!(out, "    title {}", text(&seq.title));
    for p in &seq.participants {
        let keyword = match p.role {
            Lifeline::Actor => "actor",
            _ => "participant",
        };
        let _ = writeln!(out, "    {keyword} p_{} as {}", p.id, text(&p.label));
    }
    for m in &seq.messages {
        let arrow = if m.is_response { "-->>" } else { "->>" };
        let _ = writeln!(out, "    p_{}{arrow}p_{}: {}", m.from, m.to, text(&m.label));
        if !m.note.is_empty() {
            let _ = writeln!(out, "    Note left of p_{}: {}", m.from, text(&m.note));
        }
    }
    out
}
