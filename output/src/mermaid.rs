//! Mermaid, for diagrams in GitHub Markdown: the data-flow diagram as a
//! `flowchart` (boundaries as subgraphs) and the sequence diagram as a
//! `sequenceDiagram`. Identifiers get a prefix so that model identifiers
//! such as `end` cannot collide with Mermaid keywords; the model's text is
//! escaped (`escape::mermaid`), so it cannot leave its label.

use std::fmt::Write;

use crate::escape::mermaid::text;
use tmc_diagram::ir::{severity_color, Contents, Dfd, Lifeline, Seq, Shape};

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
    out
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
