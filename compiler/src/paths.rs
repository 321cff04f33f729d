//! `tmc paths`: the routes along the model's flows from one set of
//! elements to another, for the reviewer's first question, "can someone
//! out there reach this, and through what?".
//!
//! The graph: every element is a node and every request flow a directed
//! edge from its source to its sink. Responses (`isResponse`, which
//! `responseTo` implies) are left out unless `Limits::responses` is set: a
//! reply travels back over a connection its receiver opened, so it gives
//! no one a way in. Boundaries are not nodes; a hop records the
//! boundaries it leaves and enters and the trust zones of its ends.
//!
//! An end of the search (`select`) is an element id, a boundary id (every
//! element inside it, nested boundaries included) or a trust level: on
//! the `from` side, every element whose `zone` is at that level or less
//! trusted (where an attacker may stand); on the `to` side, at that level
//! or more trusted (what they try to reach). Ids are looked up first, so
//! an element called `DMZ` wins over the level.
//!
//! A path starts at a `from` element, takes at least one hop, ends at the
//! first `to` element it meets, visits no element twice and passes through
//! no other `from` or `to` element: the route from the last place an
//! attacker stands to the first target reached. Paths come fewest hops
//! first, then hop by hop by the id of the element reached, then of the
//! flow taken (the start first, by id). They are found by iterative
//! deepening: a reverse breadth-first search from the targets gives each
//! element its fewest hops to a target (O(V + E)), then a depth-first
//! search for each length from the shortest to `max_hops` follows only
//! flows that can still end in time. Enumerating simple paths is
//! exponential in the worst case, so it stops at `max_paths` paths or
//! `WORK` flows looked at, and says which (`Cut`).

use std::collections::VecDeque;
use std::fmt::Write;

use serde_json::json;

use crate::model::known::{
    self, CLASSIFICATION, CONTROLS, CONTROLS_AUTHENTICATES_SOURCE, CONTROLS_IS_ENCRYPTED, DATA,
    DST_PORT, ENCRYPTED_IN_TRANSIT, IS_RESPONSE, PROTOCOL, TRUST_LEVEL, ZONE,
};
use crate::model::{Model, ObjectId, Role, Value};
use crate::rules::eval::Evaluator;
use crate::rules::reach::Reach;
use crate::rules::Predicate;
use crate::schema::Schema;
use crate::{suggest, Compilation};

/// The most flows the enumeration looks at before it gives up (`Cut::Work`).
pub const WORK: usize = 5_000_000;

/// How far the search goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The most hops (flows) of a path.
    pub max_hops: usize,
    /// The most paths listed.
    pub max_paths: usize,
    /// Whether response flows are edges too.
    pub responses: bool,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_hops: 8,
            max_paths: 100,
            responses: false,
        }
    }
}

/// Which side of the search a selector is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    From,
    To,
}

impl Side {
    /// The command-line flag that sets it.
    pub fn flag(self) -> &'static str {
        match self {
            Side::From => "--from",
            Side::To => "--to",
        }
    }
}

/// What a selector named.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selector {
    Element(String),
    Boundary(String),
    /// A trust level (the member of `TrustLevel`) and its rank.
    Trust(String, usize),
}

/// One end of the search: what was asked for and the elements it means,
/// sorted by id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct End {
    pub selector: Selector,
    pub elements: Vec<ObjectId>,
}

/// A selector that names no element, boundary or trust level.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadSelector {
    pub side: Side,
    pub text: String,
    /// What it names instead, when it names a flow or data item (its kind).
    pub names: Option<String>,
    /// A did-you-mean.
    pub hint: Option<String>,
    /// The trust levels, least trusted first, for the note.
    pub levels: Vec<String>,
}

/// Why no search was made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unknown {
    Selector(BadSelector),
    /// The model did not compile (its errors are reported already).
    NoModel,
}

impl Unknown {
    /// The error message.
    pub fn message(&self) -> String {
        match self {
            Unknown::Selector(b) => match &b.names {
                Some(kind) => format!(
                    "{} `{}` names a {kind}, not an element, boundary or trust level",
                    b.side.flag(),
                    b.text
                ),
                None => format!(
                    "{} `{}`: the model has no element or boundary with that id, and it is no trust level",
                    b.side.flag(),
                    b.text
                ),
            },
            Unknown::NoModel => "the model has errors: there is no flow graph to search".into(),
        }
    }

    /// Notes after the message: a did-you-mean, what a selector may be.
    pub fn notes(&self) -> Vec<String> {
        match self {
            Unknown::Selector(b) => b
                .hint
                .iter()
                .cloned()
                .chain([format!(
                    "{} takes an element id, a boundary id (every element inside it) or a trust level ({})",
                    b.side.flag(),
                    b.levels.join(", ")
                )])
                .collect(),
            Unknown::NoModel => Vec::new(),
        }
    }
}

/// The flow graph as the search walks it: nodes and flows numbered in
/// order of their ids, so that walking them in number order is walking
/// them in id order.
#[derive(Clone, Debug)]
pub struct Graph {
    /// Each node's element.
    nodes: Vec<ObjectId>,
    /// Each flow's object.
    flows: Vec<ObjectId>,
    /// The node of each object (by `ObjectId::index`), `NONE` for objects
    /// that are not elements.
    node_of: Vec<u32>,
    /// Each node's flows out: (sink node, flow), sorted.
    out: Vec<Vec<(u32, u32)>>,
    /// Each node's sources, one per flow in.
    into: Vec<Vec<u32>>,
}

/// No node.
pub(crate) const NONE: u32 = u32::MAX;

impl Graph {
    /// The flow graph of a model (request flows only unless `responses`).
    pub fn new(model: &Model, responses: bool) -> Graph {
        let by_id = |ids: &mut Vec<ObjectId>| {
            ids.sort_by(|a, b| model.object(*a).id.cmp(&model.object(*b).id));
        };
        let mut nodes: Vec<ObjectId> = model.elements().collect();
        by_id(&mut nodes);
        let mut flows: Vec<ObjectId> = model
            .flows()
            .filter(|&f| responses || !known::flag(&model.object(f).attrs, IS_RESPONSE))
            .collect();
        by_id(&mut flows);
        let mut node_of = vec![NONE; model.objects.len()];
        for (n, e) in nodes.iter().enumerate() {
            node_of[e.index()] = n as u32;
        }
        let mut edges = Vec::with_capacity(flows.len());
        for (i, f) in flows.iter().enumerate() {
            if let Role::Flow { source, sink } = model.object(*f).role {
                let (a, b) = (node_of[source.index()], node_of[sink.index()]);
                if a != NONE && b != NONE {
                    edges.push((a, b, i as u32));
                }
            }
        }
        let mut graph = Graph::from_edges(nodes.len(), &edges);
        graph.nodes = nodes;
        graph.flows = flows;
        graph.node_of = node_of;
        graph
    }

    /// A graph of `n` nodes and the edges (source, sink, flow), numbered
    /// as given; the nodes and flows stand for objects of the same number.
    pub(crate) fn from_edges(n: usize, edges: &[(u32, u32, u32)]) -> Graph {
        let mut out = vec![Vec::new(); n];
        let mut into = vec![Vec::new(); n];
        for &(a, b, f) in edges {
            out[a as usize].push((b, f));
            into[b as usize].push(a);
        }
        for list in &mut out {
            list.sort_unstable();
        }
        let flows = edges.iter().map(|e| e.2).max().map_or(0, |m| m + 1);
        Graph {
            nodes: (0..n as u32).map(ObjectId).collect(),
            flows: (0..flows).map(ObjectId).collect(),
            node_of: (0..n as u32).collect(),
            out,
            into,
        }
    }

    fn node(&self, element: ObjectId) -> Option<u32> {
        let n = *self.node_of.get(element.index())?;
        (n != NONE).then_some(n)
    }

    /// The number of nodes (elements).
    pub(crate) fn len(&self) -> usize {
        self.nodes.len()
    }

    /// The element of node `n`.
    pub(crate) fn element(&self, n: u32) -> ObjectId {
        self.nodes[n as usize]
    }

    /// The flows out of node `n`: (sink node, flow object), by sink then
    /// flow.
    pub(crate) fn out_flows(&self, n: u32) -> impl Iterator<Item = (u32, ObjectId)> + '_ {
        self.out[n as usize]
            .iter()
            .map(|&(w, f)| (w, self.flows[f as usize]))
    }

    /// The sources of the flows into node `n`, one per flow.
    pub(crate) fn sources_into(&self, n: u32) -> &[u32] {
        &self.into[n as usize]
    }

    /// The node of an element, if it is one.
    pub(crate) fn node_of(&self, element: ObjectId) -> Option<u32> {
        self.node(element)
    }

    /// The nodes reachable from node `from` in one hop or more (itself only
    /// when a cycle leads back to it), or with `backward` the nodes that
    /// reach it, as a bit set of `len()` bits: a depth-first search, O(V +
    /// E).
    pub(crate) fn reach_set(&self, from: u32, backward: bool) -> Vec<u64> {
        let mut seen = vec![0u64; self.nodes.len().div_ceil(64)];
        let mut stack = vec![from];
        let mut visit = |w: u32, stack: &mut Vec<u32>| {
            let (word, bit) = (w as usize / 64, 1u64 << (w % 64));
            if seen[word] & bit == 0 {
                seen[word] |= bit;
                stack.push(w);
            }
        };
        while let Some(v) = stack.pop() {
            if backward {
                for &u in &self.into[v as usize] {
                    visit(u, &mut stack);
                }
            } else {
                for &(w, _) in &self.out[v as usize] {
                    visit(w, &mut stack);
                }
            }
        }
        seen
    }

    /// For each node, its two nearest distinct sources among `sources`
    /// (going forward along the flows) and the hops from each, `(hops,
    /// source node)`, `(usize::MAX, u32::MAX)` where there are fewer: a
    /// breadth-first search from every source at once that lets each node
    /// keep two labels, O(V + E). A source is its own nearest, at 0 hops;
    /// its second label is then the nearest *other* source that reaches it.
    pub(crate) fn nearest_sources(&self, sources: &[u32]) -> Vec<[(usize, u32); 2]> {
        let mut nearest = vec![[(usize::MAX, NONE); 2]; self.nodes.len()];
        let mut queue = VecDeque::new();
        for &s in sources {
            if nearest[s as usize][0].1 == NONE {
                nearest[s as usize][0] = (0, s);
                queue.push_back((s, s, 0usize));
            }
        }
        while let Some((v, source, hops)) = queue.pop_front() {
            for &(w, _) in &self.out[v as usize] {
                let labels = &mut nearest[w as usize];
                if labels.iter().any(|l| l.1 == source) {
                    continue;
                }
                if let Some(free) = labels.iter_mut().find(|l| l.1 == NONE) {
                    *free = (hops + 1, source);
                    queue.push_back((w, source, hops + 1));
                }
            }
        }
        nearest
    }

    /// Every element reachable from `from` along the flows, each with its
    /// fewest hops (0 for the starts), nearest first, then by id: a
    /// breadth-first search, O(V + E).
    pub fn reachable(&self, from: &[ObjectId]) -> Vec<(ObjectId, usize)> {
        let mut hops = vec![usize::MAX; self.nodes.len()];
        let mut queue = VecDeque::new();
        let mut starts: Vec<u32> = from.iter().filter_map(|&e| self.node(e)).collect();
        starts.sort_unstable();
        for s in starts {
            if hops[s as usize] == usize::MAX {
                hops[s as usize] = 0;
                queue.push_back(s);
            }
        }
        let mut order = Vec::new();
        while let Some(v) = queue.pop_front() {
            order.push(v);
            for &(w, _) in &self.out[v as usize] {
                if hops[w as usize] == usize::MAX {
                    hops[w as usize] = hops[v as usize] + 1;
                    queue.push_back(w);
                }
            }
        }
        order.sort_by_key(|&v| (hops[v as usize], v));
        order
            .into_iter()
            .map(|v| (self.nodes[v as usize], hops[v as usize]))
            .collect()
    }

    /// The simple paths from `from` to `to` (see the module's doc), at
    /// most `limits.max_hops` long and `limits.max_paths` of them.
    pub fn simple_paths(&self, from: &[ObjectId], to: &[ObjectId], limits: Limits) -> Search {
        self.search(from, to, limits, WORK)
    }

    /// `simple_paths`, stopping after `work` flows looked at.
    fn search(&self, from: &[ObjectId], to: &[ObjectId], limits: Limits, work: usize) -> Search {
        let n = self.nodes.len();
        let mut role = vec![0u8; n];
        let mut starts: Vec<u32> = from.iter().filter_map(|&e| self.node(e)).collect();
        starts.sort_unstable();
        starts.dedup();
        for &s in &starts {
            role[s as usize] |= START;
        }
        for t in to.iter().filter_map(|&e| self.node(e)) {
            role[t as usize] |= TARGET;
        }
        let nearest = self.nearest_targets(&role);
        let left: Vec<usize> = nearest.iter().map(|n| n[0].0).collect();
        let shortest = starts
            .iter()
            .flat_map(|&s| self.out[s as usize].iter().map(move |&(w, _)| (s, w)))
            .filter_map(|(s, w)| first_hop(&role, &nearest, s, w))
            .min();
        let mut walk = Walk {
            graph: self,
            role: &role,
            left: &left,
            on_path: vec![false; n],
            nodes: Vec::new(),
            flows: Vec::new(),
            found: Vec::new(),
            max_paths: limits.max_paths,
            work: 0,
            work_limit: work,
            cut: None,
        };
        if let Some(shortest) = shortest {
            for length in shortest..=limits.max_hops {
                for &s in &starts {
                    walk.from(s, length);
                }
                if walk.cut.is_some() {
                    break;
                }
            }
        }
        Search {
            paths: walk.found,
            cut: walk.cut,
            shortest,
        }
    }

    /// For each node, its two nearest targets (distinct) and its hops to
    /// each, through nodes that may be inside a path (neither start nor
    /// target): a breadth-first search back from the targets that lets
    /// each node keep two labels, O(V + E). The nearest gives the bound
    /// the search prunes with; the second, the exact shortest path from a
    /// start that is itself a target (and may not end where it began).
    fn nearest_targets(&self, role: &[u8]) -> Vec<[(usize, u32); 2]> {
        let mut nearest = vec![[(usize::MAX, NONE); 2]; self.nodes.len()];
        let mut queue = VecDeque::new();
        for (v, r) in role.iter().enumerate() {
            if r & TARGET != 0 {
                nearest[v][0] = (0, v as u32);
                queue.push_back((v as u32, v as u32, 0usize));
            }
        }
        while let Some((v, target, hops)) = queue.pop_front() {
            for &u in &self.into[v as usize] {
                let labels = &mut nearest[u as usize];
                if role[u as usize] != 0 || labels.iter().any(|l| l.1 == target) {
                    continue;
                }
                if let Some(free) = labels.iter_mut().find(|l| l.1 == NONE) {
                    *free = (hops + 1, target);
                    queue.push_back((u, target, hops + 1));
                }
            }
        }
        nearest
    }
}

/// The fewest hops of a path from start `s` whose first hop reaches `w`:
/// 1 when `w` is a target other than `s`, else one more than `w`'s
/// nearest target other than `s`.
fn first_hop(role: &[u8], nearest: &[[(usize, u32); 2]], s: u32, w: u32) -> Option<usize> {
    if w == s {
        return None;
    }
    if role[w as usize] & TARGET != 0 {
        return Some(1);
    }
    let labels = &nearest[w as usize];
    let to_other = labels.iter().find(|l| l.1 != NONE && l.1 != s)?;
    (role[w as usize] == 0).then_some(to_other.0 + 1)
}

const START: u8 = 1;
const TARGET: u8 = 2;

/// The fewest hops of a path whose next hop reaches node `w`, counting
/// that hop; `None` when `w` cannot be inside or end a path.
fn step_to(role: &[u8], left: &[usize], w: u32) -> Option<usize> {
    let w = w as usize;
    if role[w] & TARGET != 0 {
        Some(1)
    } else if role[w] == 0 && left[w] != usize::MAX {
        Some(left[w] + 1)
    } else {
        None
    }
}

/// The depth-first search for paths of one length.
struct Walk<'a> {
    graph: &'a Graph,
    role: &'a [u8],
    left: &'a [usize],
    on_path: Vec<bool>,
    nodes: Vec<u32>,
    flows: Vec<u32>,
    found: Vec<Path>,
    max_paths: usize,
    work: usize,
    work_limit: usize,
    cut: Option<Cut>,
}

impl Walk<'_> {
    /// The paths of exactly `length` hops from `start`, in order.
    fn from(&mut self, start: u32, length: usize) {
        if self.cut.is_some() {
            return;
        }
        self.on_path[start as usize] = true;
        self.nodes.push(start);
        self.go(start, length);
        self.nodes.pop();
        self.on_path[start as usize] = false;
    }

    fn go(&mut self, at: u32, length: usize) {
        let graph = self.graph;
        for &(w, f) in &graph.out[at as usize] {
            if self.cut.is_some() {
                return;
            }
            self.work += 1;
            if self.work > self.work_limit {
                self.cut = Some(Cut::Work);
                return;
            }
            if self.on_path[w as usize] {
                continue;
            }
            let done = self.flows.len() + 1;
            if self.role[w as usize] & TARGET != 0 {
                if done == length {
                    self.flows.push(f);
                    self.nodes.push(w);
                    self.emit();
                    self.nodes.pop();
                    self.flows.pop();
                }
                continue;
            }
            let Some(fewest) = step_to(self.role, self.left, w) else {
                continue;
            };
            if done - 1 + fewest <= length {
                self.on_path[w as usize] = true;
                self.flows.push(f);
                self.nodes.push(w);
                self.go(w, length);
                self.nodes.pop();
                self.flows.pop();
                self.on_path[w as usize] = false;
            }
        }
    }

    fn emit(&mut self) {
        if self.found.len() == self.max_paths {
            self.cut = Some(Cut::Paths);
            return;
        }
        let graph = self.graph;
        self.found.push(Path {
            elements: self
                .nodes
                .iter()
                .map(|&v| graph.nodes[v as usize])
                .collect(),
            flows: self
                .flows
                .iter()
                .map(|&f| graph.flows[f as usize])
                .collect(),
        });
    }
}

/// The paths found, in order, and whether the search stopped short.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Search {
    pub paths: Vec<Path>,
    pub cut: Option<Cut>,
    /// The fewest hops of any path, `max_hops` or not; `None` when no
    /// `to` element can be reached from a `from` element.
    pub shortest: Option<usize>,
}

/// Why the search stopped before it had every path within `max_hops`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cut {
    /// There are more than `max_paths` paths.
    Paths,
    /// It looked at `WORK` flows.
    Work,
}

/// One path: its elements in order and the flows between them (one
/// fewer).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Path {
    pub elements: Vec<ObjectId>,
    pub flows: Vec<ObjectId>,
}

/// What a side's selector means in a model; ids first, then trust levels
/// (any case).
pub fn select(model: &Model, schema: &Schema, side: Side, text: &str) -> Result<End, BadSelector> {
    if let Some(id) = model.lookup(text) {
        let o = model.object(id);
        return match o.role {
            Role::Element => Ok(End {
                selector: Selector::Element(o.id.clone()),
                elements: vec![id],
            }),
            Role::Boundary => Ok(End {
                selector: Selector::Boundary(o.id.clone()),
                elements: sorted(model, inside(model, id)),
            }),
            _ => Err(BadSelector {
                side,
                text: text.to_string(),
                names: Some(o.kind.clone()),
                hint: None,
                levels: level_names(schema),
            }),
        };
    }
    let levels = schema.enumeration(TRUST_LEVEL.name());
    let members = levels.map_or(&[][..], |e| &e.members[..]);
    if let Some((rank, m)) =
        (members.iter().enumerate()).find(|(_, m)| m.name.eq_ignore_ascii_case(text))
    {
        let keep = |zone: usize| match side {
            Side::From => zone <= rank,
            Side::To => zone >= rank,
        };
        let elements = model
            .elements()
            .filter(|&e| zone(model, e).is_some_and(keep))
            .collect();
        return Ok(End {
            selector: Selector::Trust(m.name.clone(), rank),
            elements: sorted(model, elements),
        });
    }
    let ids = model
        .objects
        .iter()
        .filter(|o| matches!(o.role, Role::Element | Role::Boundary))
        .map(|o| o.id.as_str());
    let names = members.iter().map(|m| m.name.as_str());
    Err(BadSelector {
        side,
        text: text.to_string(),
        names: None,
        hint: suggest::did_you_mean(text, ids.chain(names)),
        levels: level_names(schema),
    })
}

/// The members of `TrustLevel`, least trusted first.
fn level_names(schema: &Schema) -> Vec<String> {
    let levels = schema.enumeration(TRUST_LEVEL.name());
    levels.map_or(Vec::new(), |e| {
        e.members.iter().map(|m| m.name.clone()).collect()
    })
}

/// The elements inside a boundary, nested boundaries included.
fn inside(model: &Model, boundary: ObjectId) -> Vec<ObjectId> {
    let mut found = Vec::new();
    let mut todo = vec![boundary];
    while let Some(b) = todo.pop() {
        for child in model.children(b) {
            match model.object(child).role {
                Role::Element => found.push(child),
                Role::Boundary => todo.push(child),
                _ => {}
            }
        }
    }
    found
}

fn sorted(model: &Model, mut ids: Vec<ObjectId>) -> Vec<ObjectId> {
    ids.sort_by(|a, b| model.object(*a).id.cmp(&model.object(*b).id));
    ids
}

/// The rank of an object's derived `zone`.
fn zone(model: &Model, id: ObjectId) -> Option<usize> {
    match known::get(&model.object(id).attrs, ZONE) {
        Some(Value::Enum { rank, .. }) => Some(*rank),
        _ => None,
    }
}

/// The member name of an enum value.
fn member(value: Option<&Value>) -> Option<String> {
    value.and_then(Value::as_member).map(|m| m.to_string())
}

/// The answer of `tmc paths`, ready to print.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    pub from: End,
    pub to: End,
    pub limits: Limits,
    pub paths: Vec<Shown>,
    pub cut: Option<Cut>,
    pub shortest: Option<usize>,
    /// The ids of the `from` and `to` elements (the same order as `End`).
    pub from_ids: Vec<String>,
    pub to_ids: Vec<String>,
}

/// One path as shown: its element ids, its hops, its weakest hop.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shown {
    pub elements: Vec<String>,
    pub hops: Vec<Hop>,
    pub weakest: Option<Weakest>,
}

/// One flow of a path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hop {
    pub flow: String,
    pub source: String,
    pub sink: String,
    /// Its `protocol`, when not empty.
    pub protocol: Option<String>,
    /// Its `dstPort`, when set.
    pub port: Option<i64>,
    /// The fields of its `controls` that are true, by name.
    pub controls: Vec<String>,
    /// Whether it is encrypted in transit, as the standard library's
    /// `encryptedInTransit` judges it (`controls.isEncrypted`, which it
    /// takes from its sink unless written; a TLS version of 1.2 or later
    /// on it or required by its sink; a VPN).
    pub encrypted: bool,
    /// Its own or its sink's `controls.authenticatesSource`.
    pub authenticated: bool,
    /// The data it carries, each with its classification.
    pub data: Vec<Carried>,
    /// The trust zones of its source and sink.
    pub zones: (Option<String>, Option<String>),
    /// The boundaries it leaves, innermost first, and enters, outermost
    /// first.
    pub leaves: Vec<String>,
    pub enters: Vec<String>,
}

/// A data item a hop carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Carried {
    pub id: String,
    pub classification: Option<String>,
}

/// A path's weakest hop: the first that lacks the most of encryption and
/// authentication (both missing beats one missing).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Weakest {
    /// Its position, 0 for the first hop.
    pub hop: usize,
    pub unencrypted: bool,
    pub unauthenticated: bool,
}

impl Weakest {
    /// "not encrypted, not authenticated" and the like.
    pub fn label(&self) -> String {
        let mut parts = Vec::new();
        if self.unencrypted {
            parts.push("not encrypted");
        }
        if self.unauthenticated {
            parts.push("not authenticated");
        }
        parts.join(", ")
    }
}

/// The paths of a compilation's model from the `from` selector to the
/// `to` one.
pub fn paths(c: &Compilation, from: &str, to: &str, limits: Limits) -> Result<Report, Unknown> {
    let Some(model) = c.model.as_ref().filter(|_| !c.has_errors()) else {
        return Err(Unknown::NoModel);
    };
    let from = select(model, &c.schema, Side::From, from).map_err(Unknown::Selector)?;
    let to = select(model, &c.schema, Side::To, to).map_err(Unknown::Selector)?;
    let graph = Graph::new(model, limits.responses);
    let search = graph.simple_paths(&from.elements, &to.elements, limits);
    let ids = |end: &End| {
        end.elements
            .iter()
            .map(|&e| model.object(e).id.clone())
            .collect()
    };
    Ok(Report {
        from_ids: ids(&from),
        to_ids: ids(&to),
        from,
        to,
        limits,
        paths: {
            let encrypted = Encryption::new(c, model);
            search
                .paths
                .iter()
                .map(|p| shown(model, &encrypted, p))
                .collect()
        },
        cut: search.cut,
        shortest: search.shortest,
    })
}

/// Whether a flow is encrypted in transit, as the rules judge it: the
/// standard library's `encryptedInTransit` (its `controls.isEncrypted`, a
/// TLS version of 1.2 or later on it or required by its sink, a VPN), so
/// that a hop `tmc paths` calls unencrypted is one the threats call so too.
struct Encryption<'a> {
    eval: Evaluator<'a>,
    predicate: Option<&'a Predicate>,
}

impl<'a> Encryption<'a> {
    fn new(c: &'a Compilation, model: &'a Model) -> Encryption<'a> {
        static NO_REACH: std::sync::OnceLock<Reach> = std::sync::OnceLock::new();
        Encryption {
            eval: Evaluator {
                model,
                predicates: &c.library.predicates,
                reach: NO_REACH.get_or_init(Reach::default),
            },
            predicate: (c.library.predicates.iter()).find(|p| p.name == ENCRYPTED_IN_TRANSIT),
        }
    }

    /// Whether `flow` is encrypted; without the predicate (a library
    /// that lacks it cannot be loaded: the stdlib declares it), its
    /// `controls.isEncrypted`.
    fn of(&self, model: &Model, flow: ObjectId) -> bool {
        match self.predicate {
            Some(p) => self.eval.holds(&mut Vec::new(), &p.body, p.slots, flow),
            None => known::flag(&model.object(flow).attrs, CONTROLS_IS_ENCRYPTED),
        }
    }
}

fn shown(model: &Model, encrypted: &Encryption, path: &Path) -> Shown {
    let hops: Vec<Hop> = path
        .flows
        .iter()
        .map(|&f| hop(model, f, encrypted.of(model, f)))
        .collect();
    let gap = |h: &Hop| (!h.encrypted) as u8 + (!h.authenticated) as u8;
    let worst = hops.iter().map(gap).max().unwrap_or(0);
    let weakest = (worst > 0)
        .then(|| hops.iter().position(|h| gap(h) == worst))
        .flatten()
        .map(|i| Weakest {
            hop: i,
            unencrypted: !hops[i].encrypted,
            unauthenticated: !hops[i].authenticated,
        });
    Shown {
        elements: path
            .elements
            .iter()
            .map(|&e| model.object(e).id.clone())
            .collect(),
        hops,
        weakest,
    }
}

fn hop(model: &Model, f: ObjectId, encrypted: bool) -> Hop {
    let o = model.object(f);
    let Role::Flow { source, sink } = o.role else {
        unreachable!("paths hold flows");
    };
    let attrs = &o.attrs;
    let controls = match known::get(attrs, CONTROLS) {
        Some(Value::Record(fields)) => fields
            .iter()
            .filter(|(_, v)| matches!(v, Value::Bool(true)))
            .map(|(k, _)| k.to_string())
            .collect(),
        _ => Vec::new(),
    };
    let data = Value::items(known::get(attrs, DATA))
        .iter()
        .filter_map(Value::as_object)
        .map(|d| Carried {
            id: model.object(d).id.clone(),
            classification: member(known::get(&model.object(d).attrs, CLASSIFICATION)),
        })
        .collect();
    let (leaves, enters) = crossings(model, source, sink);
    let zone_of = |e: ObjectId| member(known::get(&model.object(e).attrs, ZONE));
    Hop {
        flow: o.id.clone(),
        source: model.object(source).id.clone(),
        sink: model.object(sink).id.clone(),
        protocol: known::get(attrs, PROTOCOL)
            .and_then(Value::as_str)
            .filter(|p| !p.is_empty())
            .map(str::to_string),
        port: known::get(attrs, DST_PORT)
            .and_then(Value::as_int)
            .filter(|&p| p >= 0),
        controls,
        encrypted,
        authenticated: known::flag(attrs, CONTROLS_AUTHENTICATES_SOURCE)
            || known::flag(&model.object(sink).attrs, CONTROLS_AUTHENTICATES_SOURCE),
        data,
        zones: (zone_of(source), zone_of(sink)),
        leaves,
        enters,
    }
}

/// The boundaries around `a` and not `b` (innermost first), and around
/// `b` and not `a` (outermost first).
fn crossings(model: &Model, a: ObjectId, b: ObjectId) -> (Vec<String>, Vec<String>) {
    let around = |e: ObjectId| {
        let mut chain = Vec::new();
        let mut at = model.object(e).boundary;
        while let Some(x) = at.filter(|_| chain.len() <= model.objects.len()) {
            chain.push(x);
            at = model.object(x).boundary;
        }
        chain
    };
    let (ca, cb) = (around(a), around(b));
    let id = |x: &ObjectId| model.object(*x).id.clone();
    let leaves = ca.iter().filter(|x| !cb.contains(x)).map(id).collect();
    let enters = cb
        .iter()
        .rev()
        .filter(|x| !ca.contains(x))
        .map(id)
        .collect();
    (leaves, enters)
}

/// How a selector reads in the text: `db`, `boundary pci`, `INTERNET or
/// less trusted`.
fn described(end: &End, side: Side) -> String {
    match &end.selector {
        Selector::Element(id) => format!("`{id}`"),
        Selector::Boundary(id) => format!("boundary `{id}`"),
        Selector::Trust(level, _) => match side {
            Side::From => format!("trust level {level} or less trusted"),
            Side::To => format!("trust level {level} or more trusted"),
        },
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The text `tmc paths` prints.
pub fn render(r: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "paths from {} ({}) to {} ({}), at most {}{}",
        described(&r.from, Side::From),
        plural(r.from.elements.len(), "element", "elements"),
        described(&r.to, Side::To),
        plural(r.to.elements.len(), "element", "elements"),
        plural(r.limits.max_hops, "hop", "hops"),
        if r.limits.responses {
            ", responses included"
        } else {
            ", request flows only"
        },
    );
    if r.paths.is_empty() {
        let why = match r.shortest {
            Some(n) if n > r.limits.max_hops => format!(
                "no path within {}: the shortest has {n} (raise --max-hops)",
                plural(r.limits.max_hops, "hop", "hops")
            ),
            _ => "no path: nothing in the `to` set can be reached from the `from` set".into(),
        };
        let _ = writeln!(out, "\n{why}");
    }
    for (i, p) in r.paths.iter().enumerate() {
        render_path(&mut out, i + 1, p);
    }
    match r.cut {
        Some(Cut::Paths) => {
            let _ = writeln!(
                out,
                "\nstopped after {}: there are more (raise --max-paths or lower --max-hops)",
                plural(r.limits.max_paths, "path", "paths")
            );
        }
        Some(Cut::Work) => {
            let _ = writeln!(
                out,
                "\nstopped after looking at {WORK} flows: there may be more (lower --max-hops)"
            );
        }
        None if !r.paths.is_empty() => {
            let _ = writeln!(out, "\n{}", plural(r.paths.len(), "path", "paths"));
        }
        None => {}
    }
    out
}

fn render_path(out: &mut String, n: usize, p: &Shown) {
    let _ = writeln!(
        out,
        "\n{n}. {} ({})",
        p.elements.join(" -> "),
        plural(p.hops.len(), "hop", "hops")
    );
    for (i, h) in p.hops.iter().enumerate() {
        let weakest = p.weakest.as_ref().filter(|w| w.hop == i);
        let mark = weakest.map_or(String::new(), |w| format!("  <- weakest: {}", w.label()));
        let _ = writeln!(
            out,
            "   {}. {}: {} -> {}{mark}",
            i + 1,
            h.flow,
            h.source,
            h.sink
        );
        let protocol = h.protocol.as_deref().unwrap_or("no protocol");
        let port = h.port.map_or(String::new(), |p| format!(" port {p}"));
        let yes_no = |b: bool, what: &str| format!("{}{what}", if b { "" } else { "not " });
        let _ = writeln!(
            out,
            "      {protocol}{port}, {}, {}",
            yes_no(h.encrypted, "encrypted"),
            yes_no(h.authenticated, "authenticated")
        );
        if !h.controls.is_empty() {
            let _ = writeln!(out, "      controls: {}", h.controls.join(", "));
        }
        if !h.data.is_empty() {
            let data: Vec<String> = (h.data.iter())
                .map(|d| match &d.classification {
                    Some(c) => format!("{} ({c})", d.id),
                    None => d.id.clone(),
                })
                .collect();
            let _ = writeln!(out, "      data: {}", data.join(", "));
        }
        if let Some(line) = crossing_line(h) {
            let _ = writeln!(out, "      crosses: {line}");
        }
    }
}

/// "leaves a, enters b; INTERNET -> DMZ", or nothing when the hop stays
/// in one boundary.
fn crossing_line(h: &Hop) -> Option<String> {
    let mut parts = Vec::new();
    if !h.leaves.is_empty() {
        parts.push(format!("leaves {}", h.leaves.join(", ")));
    }
    if !h.enters.is_empty() {
        parts.push(format!("enters {}", h.enters.join(", ")));
    }
    if parts.is_empty() {
        return None;
    }
    let mut line = parts.join(", ");
    if let (Some(a), Some(b)) = &h.zones {
        let _ = write!(line, "; {a} -> {b}");
    }
    Some(line)
}

/// The JSON `tmc paths --format json` prints (docs/tmc-paths.md).
pub fn to_json(r: &Report) -> serde_json::Value {
    let end = |e: &End, ids: &[String]| {
        let (kind, name) = match &e.selector {
            Selector::Element(id) => ("element", id.clone()),
            Selector::Boundary(id) => ("boundary", id.clone()),
            Selector::Trust(level, _) => ("trust", level.clone()),
        };
        json!({"selector": kind, "name": name, "elements": ids})
    };
    json!({
        "from": end(&r.from, &r.from_ids),
        "to": end(&r.to, &r.to_ids),
        "maxHops": r.limits.max_hops,
        "maxPaths": r.limits.max_paths,
        "responses": r.limits.responses,
        "shortest": r.shortest,
        "cut": r.cut.map(|c| match c {
            Cut::Paths => "max-paths",
            Cut::Work => "work",
        }),
        "paths": r.paths.iter().map(path_json).collect::<Vec<_>>(),
    })
}

fn path_json(p: &Shown) -> serde_json::Value {
    json!({
        "elements": p.elements,
        "hops": p.hops.iter().map(hop_json).collect::<Vec<_>>(),
        "weakest": p.weakest.as_ref().map(|w| json!({
            "hop": w.hop,
            "flow": p.hops[w.hop].flow,
            "unencrypted": w.unencrypted,
            "unauthenticated": w.unauthenticated,
        })),
    })
}

fn hop_json(h: &Hop) -> serde_json::Value {
    json!({
        "flow": h.flow,
        "source": h.source,
        "sink": h.sink,
        "protocol": h.protocol,
        "port": h.port,
        "encrypted": h.encrypted,
        "authenticated": h.authenticated,
        "controls": h.controls,
        "data": h.data.iter().map(|d| json!({"id": d.id, "classification": d.classification})).collect::<Vec<_>>(),
        "sourceZone": h.zones.0,
        "sinkZone": h.zones.1,
        "leaves": h.leaves,
        "enters": h.enters,
    })
}

#[cfg(test)]
mod tests;
