//! What the diagrams show, decided once for every format: which elements,
//! boundaries and flows are drawn (levels, `ignoreUnused`, merged
//! responses), with what shape, label and colour, and which paths stand
//! out (`Highlight`, `Mark`). The DOT, SVG, Mermaid and PlantUML renderers
//! only spell these structures out.

use std::collections::{BTreeMap, BTreeSet};

use tmc_compiler::findings::{self, Finding};
use tmc_compiler::model::known::{
    self, Known, COLORMAP, IS_RESPONSE, LEVELS, MERGE_RESPONSES, NOTE, ORDER, RESPONSE, RESPONSE_TO,
};
use tmc_compiler::model::{Model, ObjectId, Role, Value};
use tmc_compiler::schema::Schema;

/// A data-flow diagram.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dfd {
    pub title: String,
    /// Boundaries drawn, parents before children.
    pub clusters: Vec<Cluster>,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    /// Paths drawn over the diagram (`tmc dfd --from --to`), set by
    /// `highlight`; `None` draws the plain diagram.
    pub highlight: Option<Highlight>,
}

/// The paths to stand out on a data-flow diagram: plain ids, built by the
/// caller (the CLI, from `tmc_compiler::paths`). Everything else is dimmed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Highlight {
    /// The elements on the paths, starts and ends included.
    pub elements: BTreeSet<String>,
    /// The flows on the paths.
    pub flows: BTreeSet<String>,
    /// Where the paths start, and where they end.
    pub starts: BTreeSet<String>,
    pub ends: BTreeSet<String>,
    /// The weakest hop of each path: flow id -> what it lacks
    /// ("not encrypted, not authenticated").
    pub weakest: BTreeMap<String, String>,
}

/// The colours of a highlighted diagram, the same in every format: a
/// path's lines, its weakest hop, and what is dimmed (lines and text).
/// The blue and the orange differ in lightness as well as hue, and the
/// weakest hop is also dotted and labelled.
pub const PATH_COLOR: &str = "#1f5fbf";
pub const WEAKEST_COLOR: &str = "#c45000";
pub const DIM_COLOR: &str = "#c8c8c8";
pub const DIM_TEXT: &str = "#9a9a9a";

/// How a highlighted diagram draws one element or flow. Each renderer
/// spells a mark in its own language, never by colour alone: the line's
/// width and style change too, and the labels say `(start)`, `(end)` and
/// `[weakest: ...]` (see `highlight`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// No highlight: the plain diagram.
    Plain,
    /// Not on any path: grey.
    Dimmed,
    /// On a path: a thicker line.
    On,
    /// An element where a path starts or ends: a thicker border still.
    End,
    /// The weakest hop of a path: thick and dotted.
    Weakest,
}

impl Dfd {
    /// How the element `id` is drawn.
    pub fn node_mark(&self, id: &str) -> Mark {
        let Some(h) = &self.highlight else {
            return Mark::Plain;
        };
        if h.starts.contains(id) || h.ends.contains(id) {
            Mark::End
        } else if h.elements.contains(id) {
            Mark::On
        } else {
            Mark::Dimmed
        }
    }

    /// How the flow `e` is drawn (with the response merged into it).
    pub fn edge_mark(&self, e: &Edge) -> Mark {
        let Some(h) = &self.highlight else {
            return Mark::Plain;
        };
        let ids = || std::iter::once(&e.id).chain(&e.merged);
        if ids().any(|id| h.weakest.contains_key(id)) {
            Mark::Weakest
        } else if ids().any(|id| h.flows.contains(id)) {
            Mark::On
        } else {
            Mark::Dimmed
        }
    }
}

/// `dfd` with the paths of `h` standing out: the labels of their starts
/// and ends get `(start)`, `(end)` or `(start, end)`, the label of each
/// weakest hop `[weakest: ...]`, and the renderers draw each element and
/// flow by its `Mark`. Ids `dfd` does not draw are ignored.
pub fn highlight(mut dfd: Dfd, h: Highlight) -> Dfd {
    for n in &mut dfd.nodes {
        let tag = match (h.starts.contains(&n.id), h.ends.contains(&n.id)) {
            (true, true) => " (start, end)",
            (true, false) => " (start)",
            (false, true) => " (end)",
            (false, false) => "",
        };
        n.label.push_str(tag);
    }
    for e in &mut dfd.edges {
        let lacks: Vec<&str> = std::iter::once(&e.id)
            .chain(&e.merged)
            .filter_map(|id| h.weakest.get(id))
            .map(String::as_str)
            .collect();
        if !lacks.is_empty() {
            e.label = format!("{} [weakest: {}]", e.label, lacks.join("; "));
        }
    }
    dfd.highlight = Some(h);
    dfd
}

/// The part of `dfd` inside the boundary `id`: that cluster and the
/// clusters inside it, their nodes, the flows between those nodes, and the
/// flows between them and nodes outside it, with those outside nodes drawn
/// at the top level (outside the boundary's box). `None` when `dfd` does
/// not draw the boundary. One pass over the clusters, nodes and edges.
pub fn part(dfd: &Dfd, id: &str) -> Option<Dfd> {
    let root = dfd.clusters.iter().position(|c| c.id == id)?;
    // Parents come before their children, so one pass finds every cluster
    // inside the root, and gives each its index in the part.
    let mut index: Vec<Option<usize>> = vec![None; dfd.clusters.len()];
    let mut clusters = Vec::new();
    for (i, c) in dfd.clusters.iter().enumerate() {
        let parent = c.parent.and_then(|p| index[p]);
        if i == root || parent.is_some() {
            index[i] = Some(clusters.len());
            clusters.push(Cluster {
                parent: if i == root { None } else { parent },
                ..c.clone()
            });
        }
    }
    let inside: BTreeMap<&str, &Node> = dfd
        .nodes
        .iter()
        .filter(|n| n.cluster.and_then(|c| index[c]).is_some())
        .map(|n| (n.id.as_str(), n))
        .collect();
    let edges: Vec<Edge> = dfd
        .edges
        .iter()
        .filter(|e| inside.contains_key(e.from.as_str()) || inside.contains_key(e.to.as_str()))
        .cloned()
        .collect();
    let outside: BTreeSet<&str> = edges
        .iter()
        .flat_map(|e| [e.from.as_str(), e.to.as_str()])
        .filter(|n| !inside.contains_key(n))
        .collect();
    let nodes = dfd
        .nodes
        .iter()
        .filter_map(|n| match inside.get(n.id.as_str()) {
            Some(_) => Some(Node {
                cluster: n.cluster.and_then(|c| index[c]),
                ..n.clone()
            }),
            None if outside.contains(n.id.as_str()) => Some(Node {
                cluster: None,
                ..n.clone()
            }),
            None => None,
        })
        .collect();
    Some(Dfd {
        title: format!("{}: {}", dfd.title, dfd.clusters[root].label),
        clusters,
        nodes,
        edges,
        highlight: None,
    })
}

/// What each cluster of a `Dfd` holds directly, for the writers that nest
/// clusters: found in one pass, where asking each cluster to scan every
/// cluster and node was quadratic (2,000 boundaries and 100,000 elements
/// at N = 100,000).
pub struct Contents {
    /// By cluster index + 1 (0: the top level): the clusters inside it.
    clusters: Vec<Vec<usize>>,
    /// The same for the nodes.
    nodes: Vec<Vec<usize>>,
}

impl Contents {
    pub fn of(dfd: &Dfd) -> Contents {
        let slot = |cluster: Option<usize>| cluster.map_or(0, |c| c + 1);
        let mut contents = Contents {
            clusters: vec![Vec::new(); dfd.clusters.len() + 1],
            nodes: vec![Vec::new(); dfd.clusters.len() + 1],
        };
        for (i, c) in dfd.clusters.iter().enumerate() {
            contents.clusters[slot(c.parent)].push(i);
        }
        for (i, n) in dfd.nodes.iter().enumerate() {
            contents.nodes[slot(n.cluster)].push(i);
        }
        contents
    }

    /// The clusters directly in `cluster` (None: the top level), in order.
    pub fn clusters_in(&self, cluster: Option<usize>) -> &[usize] {
        self.clusters
            .get(cluster.map_or(0, |c| c + 1))
            .map_or(&[], Vec::as_slice)
    }

    /// The nodes directly in `cluster` (None: the top level), in order.
    pub fn nodes_in(&self, cluster: Option<usize>) -> &[usize] {
        self.nodes
            .get(cluster.map_or(0, |c| c + 1))
            .map_or(&[], Vec::as_slice)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Cluster {
    /// The model identifier: safe in every diagram language.
    pub id: String,
    pub label: String,
    /// Index in `Dfd::clusters` of the enclosing cluster.
    pub parent: Option<usize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Actors and external entities: a box.
    Entity,
    /// Processes, servers, lambdas, LLMs: a circle (a rounded box in Mermaid).
    Process,
    /// Datastores: the open-ended store.
    Store,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub id: String,
    pub label: String,
    pub kind: String,
    pub shape: Shape,
    /// Index in `Dfd::clusters` of the boundary it sits in.
    pub cluster: Option<usize>,
    /// With a colour map: the worst severity of its findings, as the
    /// severity's rank (0 = VeryLow) and label; `None` for no findings.
    pub severity: Option<(usize, &'static str)>,
    /// Whether a colour map is drawn at all.
    pub colored: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Edge {
    pub id: String,
    pub from: String,
    pub to: String,
    /// `(order) name`, or `request / response` when merged.
    pub label: String,
    /// A request drawn together with its response (`mergeResponses`).
    pub both_ways: bool,
    /// Then the response's id: a highlight naming it marks this line.
    pub merged: Option<String>,
    pub is_response: bool,
}

/// Which elements to draw: those on one of these levels (elements default
/// to level 0).
#[derive(Clone, Debug)]
pub struct DfdOptions {
    pub levels: BTreeSet<i64>,
    pub colormap: bool,
}

impl Default for DfdOptions {
    fn default() -> DfdOptions {
        DfdOptions {
            levels: BTreeSet::from([0]),
            colormap: false,
        }
    }
}

fn flag(model: &Model, id: ObjectId, known: Known) -> bool {
    known::flag(&model.object(id).attrs, known)
}

fn header_flag(model: &Model, known: Known) -> bool {
    known::flag(&model.header.attrs, known)
}

fn reference(model: &Model, id: ObjectId, known: Known) -> Option<ObjectId> {
    known::reference(&model.object(id).attrs, known)
}

fn levels(model: &Model, id: ObjectId) -> BTreeSet<i64> {
    match model.object(id).attrs.get(LEVELS.name()) {
        None => BTreeSet::from([0]),
        levels => Value::items(levels)
            .iter()
            .filter_map(Value::as_int)
            .collect(),
    }
}

/// The flow's order prefix: `(3) `, or nothing.
pub fn order_prefix(model: &Model, flow: ObjectId) -> String {
    match model.object(flow).attrs.get(ORDER.name()) {
        Some(Value::Int(n)) if *n >= 0 => format!("({n}) "),
        _ => String::new(),
    }
}

fn shape(schema: &Schema, kind: &str) -> Shape {
    if schema.is_a(kind, "Datastore") {
        Shape::Store
    } else if schema.is_a(kind, "Actor") || schema.is_a(kind, "ExternalEntity") {
        Shape::Entity
    } else {
        Shape::Process
    }
}

/// The data-flow diagram of `model`.
pub fn dfd(schema: &Schema, model: &Model, findings: &[Finding], options: &DfdOptions) -> Dfd {
    let in_use = model.in_use();
    let colormap = options.colormap || header_flag(model, COLORMAP);
    let on_level = |id: ObjectId| !levels(model, id).is_disjoint(&options.levels);
    let drawn: Vec<bool> = model
        .objects
        .iter()
        .enumerate()
        .map(|(i, o)| o.role == Role::Element && in_use[i] && on_level(ObjectId(i as u32)))
        .collect();
    // A boundary is drawn when something drawn sits in it, at any depth,
    // or when it is on the level and holds nothing at all.
    let mut boundary_drawn = vec![false; model.objects.len()];
    for (i, o) in model.objects.iter().enumerate() {
        if drawn[i] {
            let mut at = o.boundary;
            while let Some(b) = at {
                boundary_drawn[b.index()] = true;
                at = model.object(b).boundary;
            }
        }
    }
    for b in model.boundaries() {
        let empty = model.children(b).next().is_none();
        if empty && in_use[b.index()] && on_level(b) {
            boundary_drawn[b.index()] = true;
        }
    }
    let mut clusters: Vec<Cluster> = Vec::new();
    let mut cluster_of = vec![None; model.objects.len()];
    // Parents first: walk the boundary tree from its roots.
    let mut stack: Vec<ObjectId> = model
        .boundaries()
        .filter(|&b| model.object(b).boundary.is_none())
        .collect();
    stack.reverse();
    while let Some(b) = stack.pop() {
        if !boundary_drawn[b.index()] {
            continue;
        }
        let o = model.object(b);
        cluster_of[b.index()] = Some(clusters.len());
        clusters.push(Cluster {
            id: o.id.clone(),
            label: o.name.clone(),
            parent: o.boundary.and_then(|p| cluster_of[p.index()]),
        });
        let mut children: Vec<ObjectId> = model
            .children(b)
            .filter(|&c| model.object(c).role == Role::Boundary)
            .collect();
        children.reverse();
        stack.extend(children);
    }
    let own = findings::by_target(findings, model.objects.len());
    let nodes = model
        .elements()
        .filter(|e| drawn[e.index()])
        .map(|e| {
            let o = model.object(e);
            Node {
                id: o.id.clone(),
                label: o.name.clone(),
                kind: o.kind.clone(),
                shape: shape(schema, &o.kind),
                cluster: o.boundary.and_then(|b| cluster_of[b.index()]),
                severity: findings::worst(&own[e.index()]).map(|l| (l.rank, l.label())),
                colored: colormap,
            }
        })
        .collect();
    let merge = header_flag(model, MERGE_RESPONSES);
    let mut edges = Vec::new();
    for f in model.flows() {
        let Role::Flow { source, sink } = model.object(f).role else {
            continue;
        };
        let flow_levels = {
            let own = levels(model, source)
                .intersection(&levels(model, sink))
                .copied()
                .collect::<BTreeSet<_>>();
            if own.is_empty() {
                levels(model, f)
            } else {
                own
            }
        };
        if !drawn[source.index()]
            || !drawn[sink.index()]
            || flow_levels.is_disjoint(&options.levels)
        {
            continue;
        }
        let is_response = flag(model, f, IS_RESPONSE);
        let response = reference(model, f, RESPONSE);
        if merge && is_response && reference(model, f, RESPONSE_TO).is_some() {
            continue; // drawn with its request
        }
        let o = model.object(f);
        let mut label = format!("{}{}", order_prefix(model, f), o.name);
        let both_ways = merge && response.is_some();
        if let (true, Some(r)) = (both_ways, response) {
            label = format!(
                "{label} / {}{}",
                order_prefix(model, r),
                model.object(r).name
            );
        }
        edges.push(Edge {
            id: o.id.clone(),
            from: model.object(source).id.clone(),
            to: model.object(sink).id.clone(),
            label,
            both_ways,
            merged: both_ways
                .then(|| response.map(|r| model.object(r).id.clone()))
                .flatten(),
            is_response,
        });
    }
    Dfd {
        title: model.header.name.clone(),
        clusters,
        nodes,
        edges,
        highlight: None,
    }
}

/// A sequence diagram.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Seq {
    pub title: String,
    pub participants: Vec<Participant>,
    pub messages: Vec<Message>,
}

/// How a participant is drawn, from its kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lifeline {
    /// Actors: a stick figure.
    Actor,
    /// External entities: the system's edge.
    External,
    /// Datastores.
    Database,
    /// Processes, lambdas, LLMs and agents: code that acts.
    Process,
    /// Servers and anything else.
    Service,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Participant {
    pub id: String,
    pub label: String,
    pub kind: String,
    pub role: Lifeline,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    pub from: String,
    pub to: String,
    pub label: String,
    pub is_response: bool,
    /// The flow's `note`, shown beside the message.
    pub note: String,
}

/// The sequence diagram of `model`: every element in use as a participant,
/// the flows as messages, sorted by `order` (stable, so flows without one
/// keep their declaration order).
pub fn seq(schema: &Schema, model: &Model) -> Seq {
    let in_use = model.in_use();
    let participants = model
        .elements()
        .filter(|e| in_use[e.index()])
        .map(|e| {
            let o = model.object(e);
            let role = if schema.is_a(&o.kind, "Actor") {
                Lifeline::Actor
            } else if schema.is_a(&o.kind, "ExternalEntity") {
                Lifeline::External
            } else if schema.is_a(&o.kind, "Datastore") {
                Lifeline::Database
            } else if schema.is_a(&o.kind, "Server") {
                Lifeline::Service
            } else {
                Lifeline::Process
            };
            Participant {
                id: o.id.clone(),
                label: o.name.clone(),
                kind: o.kind.clone(),
                role,
            }
        })
        .collect();
    let mut flows: Vec<ObjectId> = model.flows().collect();
    let order = |f: &ObjectId| match model.object(*f).attrs.get(ORDER.name()) {
        Some(Value::Int(n)) if *n >= 0 => *n,
        _ => i64::MAX,
    };
    flows.sort_by_key(order);
    let messages = flows
        .into_iter()
        .filter_map(|f| {
            let Role::Flow { source, sink } = model.object(f).role else {
                return None;
            };
            let o = model.object(f);
            Some(Message {
                from: model.object(source).id.clone(),
                to: model.object(sink).id.clone(),
                label: format!("{}{}", order_prefix(model, f), o.name),
                is_response: flag(model, f, IS_RESPONSE),
                note: match o.attrs.get(NOTE.name()) {
                    Some(Value::Str(s)) => s.clone(),
                    _ => String::new(),
                },
            })
        })
        .collect();
    Seq {
        title: model.header.name.clone(),
        participants,
        messages,
    }
}

/// Fill colour for an element whose worst finding has this severity rank
/// (0 = VeryLow .. 4 = VeryHigh); light enough for black text.
pub fn severity_color(rank: Option<usize>) -> &'static str {
    match rank {
        None => "#ffffff",
        Some(0) => "#d9f0d3",
        Some(1) => "#fff3b0",
        Some(2) => "#ffd59e",
        Some(3) => "#f7b48f",
        Some(_) => "#ee8b7f",
    }
}

/// Splits a label into lines of at most `width` characters at spaces
/// (a longer word keeps its own line).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    /// a -> b -> c, and d off the path.
    fn chain() -> Dfd {
        let node = |id: &str| Node {
            id: id.into(),
            label: id.to_uppercase(),
            kind: "Server".into(),
            shape: Shape::Process,
            cluster: None,
            severity: None,
            colored: false,
        };
        let edge = |id: &str, from: &str, to: &str| Edge {
            id: id.into(),
            from: from.into(),
            to: to.into(),
            label: id.into(),
            both_ways: false,
            merged: None,
            is_response: false,
        };
        Dfd {
            title: "Chain".into(),
            nodes: ["a", "b", "c", "d"].map(node).to_vec(),
            edges: vec![
                edge("ab", "a", "b"),
                edge("bc", "b", "c"),
                edge("cd", "c", "d"),
            ],
            ..Default::default()
        }
    }

    /// `chain` with boundaries: outer { a, inner { b } }, other { c }; d
    /// at the top level; and a flow d -> a.
    fn bounded() -> Dfd {
        let mut dfd = chain();
        let cluster = |id: &str, parent| Cluster {
            id: id.into(),
            label: id.to_uppercase(),
            parent,
        };
        dfd.clusters = vec![
            cluster("outer", None),
            cluster("inner", Some(0)),
            cluster("other", None),
        ];
        for (n, c) in dfd.nodes.iter_mut().zip([Some(0), Some(1), Some(2), None]) {
            n.cluster = c;
        }
        let mut da = dfd.edges[0].clone();
        (da.id, da.from, da.to) = ("da".into(), "d".into(), "a".into());
        dfd.edges.push(da);
        dfd
    }

    fn ids<T>(items: &[T], id: impl Fn(&T) -> String) -> Vec<String> {
        items.iter().map(id).collect()
    }

    #[test]
    fn a_part_is_a_boundary_with_what_is_inside_and_its_neighbours() {
        let dfd = bounded();
        let part = super::part(&dfd, "outer").expect("outer is drawn");
        assert_eq!(part.title, "Chain: OUTER");
        let clusters: Vec<(String, Option<usize>)> = part
            .clusters
            .iter()
            .map(|c| (c.id.clone(), c.parent))
            .collect();
        assert_eq!(
            clusters,
            [("outer".to_string(), None), ("inner".to_string(), Some(0))]
        );
        let nodes: Vec<(String, Option<usize>)> = part
            .nodes
            .iter()
            .map(|n| (n.id.clone(), n.cluster))
            .collect();
        // c and d are outside: drawn at the top level, for their flows.
        assert_eq!(
            nodes,
            [
                ("a".to_string(), Some(0)),
                ("b".to_string(), Some(1)),
                ("c".to_string(), None),
                ("d".to_string(), None)
            ]
        );
        assert_eq!(ids(&part.edges, |e| e.id.clone()), ["ab", "bc", "da"]);

        let part = super::part(&dfd, "inner").expect("inner is drawn");
        assert_eq!(ids(&part.clusters, |c| c.id.clone()), ["inner"]);
        assert_eq!(part.clusters[0].parent, None);
        assert_eq!(ids(&part.nodes, |n| n.id.clone()), ["a", "b", "c"]);
        assert_eq!(ids(&part.edges, |e| e.id.clone()), ["ab", "bc"]);
        assert!(super::part(&dfd, "nowhere").is_none());
    }

    fn set(ids: &[&str]) -> BTreeSet<String> {
        ids.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_plain_diagram_marks_nothing() {
        let dfd = chain();
        assert_eq!(dfd.node_mark("a"), Mark::Plain);
        assert_eq!(dfd.edge_mark(&dfd.edges[0]), Mark::Plain);
    }

    #[test]
    fn a_highlight_marks_the_path_and_dims_the_rest() {
        let h = Highlight {
            elements: set(&["a", "b", "c"]),
            flows: set(&["ab", "bc"]),
            starts: set(&["a"]),
            ends: set(&["c"]),
            weakest: BTreeMap::from([("bc".to_string(), "not encrypted".to_string())]),
        };
        let dfd = highlight(chain(), h);
        let marks: Vec<Mark> = ["a", "b", "c", "d"].map(|n| dfd.node_mark(n)).to_vec();
        assert_eq!(marks, [Mark::End, Mark::On, Mark::End, Mark::Dimmed]);
        let marks: Vec<Mark> = dfd.edges.iter().map(|e| dfd.edge_mark(e)).collect();
        assert_eq!(marks, [Mark::On, Mark::Weakest, Mark::Dimmed]);
        let labels: Vec<&str> = dfd.nodes.iter().map(|n| n.label.as_str()).collect();
        assert_eq!(labels, ["A (start)", "B", "C (end)", "D"]);
        assert_eq!(dfd.edges[1].label, "bc [weakest: not encrypted]");
        assert_eq!(dfd.edges[0].label, "ab");
    }

    #[test]
    fn a_response_on_a_path_marks_the_line_it_is_merged_into() {
        let mut dfd = chain();
        dfd.edges[2].both_ways = true;
        dfd.edges[2].merged = Some("dc".into());
        let h = Highlight {
            flows: set(&["dc"]),
            weakest: BTreeMap::from([("dc".to_string(), "not authenticated".to_string())]),
            ..Default::default()
        };
        let dfd = highlight(dfd, h);
        assert_eq!(dfd.edge_mark(&dfd.edges[2]), Mark::Weakest);
        assert_eq!(dfd.edges[2].label, "cd [weakest: not authenticated]");
        assert_eq!(dfd.edge_mark(&dfd.edges[0]), Mark::Dimmed);
    }

    #[test]
    fn an_element_both_start_and_end_says_both() {
        let h = Highlight {
            starts: set(&["b"]),
            ends: set(&["b", "zz"]),
            ..Default::default()
        };
        let dfd = highlight(chain(), h);
        assert_eq!(dfd.nodes[1].label, "B (start, end)");
        // An id the diagram does not draw changes nothing.
        assert_eq!(dfd.nodes.len(), 4);
    }

    #[test]
    fn wrap_breaks_at_spaces() {
        assert_eq!(
            wrap("User enters comments", 18),
            vec!["User enters", "comments"]
        );
        assert_eq!(wrap("cleanDBevery6hours", 8), vec!["cleanDBevery6hours"]);
        assert_eq!(wrap("", 8), vec![""]);
    }
}
