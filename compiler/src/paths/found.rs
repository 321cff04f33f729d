//! The route a path threat's finding names. A threat whose `path` is set
//! (the stdlib's `ThreatPath`, `rules::PathAsk`) is about a route, not
//! one element: after the conditions run, each of its findings gets the
//! shortest route of request flows of the kind it asks for, from an
//! element of the target's `reachableFrom` zone (the least trusted zone
//! that reaches it) to the target, and the route's weakest hop. A finding
//! for which no such route exists is dropped: the threat is about the
//! route, so without one there is nothing to report.
//!
//! The routes are found by one breadth-first search per kind of route and
//! trust level, from every element of that level at once, over states
//! (element, whether the route has taken a hop of the kind asked for yet):
//! O(V + E) each, shared by every finding of that kind and level. Like a
//! path of `tmc paths`, a route passes through no other element of the
//! starting level (the attacker would stand there already). A target that
//! is itself in that level gets a search of its own. When the shortest walk
//! found visits an element twice (it took the weak hop around a loop), the
//! bounded enumeration of simple paths (`graph::search`) looks for the
//! shortest simple route instead, within `LIMITS` and `WORK`.
//!
//! A `DataLineage` route is another thing: on a flow that carries a data
//! item out of the zones the item allows, the chain of flows carrying it
//! (replies too) from where it enters the model to that flow, found by a
//! breadth-first search back over the flows that carry it: O(those flows)
//! per finding.

use std::collections::{HashMap, VecDeque};

use serde_json::json;

use super::{Encryption, Weakest};
use crate::graph::{Graph, Limits, NONE};
use crate::model::known::{
    self, ALLOWED_ZONES, CARRIED_BY, CONTROLS_AUTHENTICATES_SOURCE, DATA, REACHABLE_FROM, ZONE,
};
use crate::model::{Model, ObjectId, Role, Value};
use crate::rules::library::PathAsk;
use crate::rules::reach::Reach;
use crate::rules::Library;

/// The bounds of the fallback enumeration of simple paths.
pub const LIMITS: Limits = Limits {
    max_hops: 8,
    max_paths: 100,
    responses: false,
};

/// The most flows the fallback enumeration looks at, per finding.
pub const WORK: usize = 100_000;

/// The route a finding names: its elements in order, the flows between
/// them (one fewer) and its weakest hop.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundPath {
    /// The kind of route the threat asked for.
    pub ask: PathAsk,
    /// The trust level of its start (the target's `reachableFrom`; for a
    /// lineage, the zone where the data enters).
    pub from: String,
    /// For a `DataLineage`, the data item whose lineage it is.
    pub data: Option<ObjectId>,
    pub elements: Vec<ObjectId>,
    pub flows: Vec<ObjectId>,
    /// The hop the threat is about: for `Exposure` the first that lacks
    /// the most of encryption and authentication (none when every hop has
    /// both); otherwise the first of the kind asked for that lacks the most.
    pub weakest: Option<Weakest>,
}

impl FoundPath {
    /// `a -> b -> c`, by element id.
    pub fn chain(&self, model: &Model) -> String {
        let ids: Vec<&str> = (self.elements.iter())
            .map(|&e| model.object(e).id.as_str())
            .collect();
        ids.join(" -> ")
    }

    /// The id of the weakest hop's flow, when there is one.
    pub fn weakest_flow<'m>(&self, model: &'m Model) -> Option<&'m str> {
        let w = self.weakest.as_ref()?;
        Some(model.object(*self.flows.get(w.hop)?).id.as_str())
    }

    /// What the weakest hop is or lacks: "not encrypted, not
    /// authenticated"; for a lineage, "card leaves its allowed zones" and
    /// what the hop lacks.
    pub fn weakest_label(&self, model: &Model) -> Option<String> {
        let w = self.weakest.as_ref()?;
        let Some(data) = self.data else {
            return Some(w.label());
        };
        let leaves = format!("{} leaves its allowed zones", model.object(data).id);
        Some(match w.label() {
            lacks if lacks.is_empty() => leaves,
            lacks => format!("{leaves}, {lacks}"),
        })
    }

    /// `a -> b -> c (from INTERNET; weakest: flow x, not authenticated)`:
    /// the line outputs print.
    pub fn line(&self, model: &Model) -> String {
        let weakest = match (self.weakest_flow(model), self.weakest_label(model)) {
            (Some(flow), Some(label)) => format!("weakest: flow {flow}, {label}"),
            _ => "every hop encrypted and authenticated".into(),
        };
        format!("{} (from {}; {weakest})", self.chain(model), self.from)
    }

    /// The JSON of a finding's `path` (docs/rules.md, "Path threats").
    pub fn to_json(&self, model: &Model) -> serde_json::Value {
        let id = |o: &ObjectId| model.object(*o).id.clone();
        let mut path = json!({
            "kind": self.ask.member().name(),
            "from": self.from,
            "elements": self.elements.iter().map(id).collect::<Vec<_>>(),
            "flows": self.flows.iter().map(id).collect::<Vec<_>>(),
            "weakest": self.weakest.as_ref().map(|w| json!({
                "hop": w.hop,
                "flow": self.flows.get(w.hop).map(id),
                "unencrypted": w.unencrypted,
                "unauthenticated": w.unauthenticated,
            })),
        });
        if let Some(data) = self.data {
            path["data"] = json!(model.object(data).id);
        }
        path
    }
}

/// The route of each of `asked` (what a path threat asks for, on which
/// target), in order: `None` where there is none (see the module's doc).
/// Nothing is computed when nothing is asked.
pub(crate) fn routes(
    model: &Model,
    library: &Library,
    reach: &Reach,
    asked: &[(PathAsk, ObjectId)],
) -> Vec<Option<FoundPath>> {
    if asked.is_empty() {
        return Vec::new();
    }
    let graph = reach.graph(model);
    let encryption = Encryption::new(&library.predicates, model, reach);
    let hops = judged(model, graph, &encryption);
    let mut finder = Finder {
        model,
        graph,
        encryption: &encryption,
        hops: &hops,
        zones: zones(model, graph),
        searches: HashMap::new(),
        found: HashMap::new(),
    };
    asked
        .iter()
        .map(|&(ask, target)| finder.route(ask, target))
        .collect()
}

/// What a hop lacks, by flow number of the graph.
#[derive(Clone, Copy, Debug, Default)]
struct Judged {
    encrypted: bool,
    authenticated: bool,
    /// Its ends sit in different boundaries.
    crosses: bool,
}

impl Judged {
    /// Whether it is a hop of the kind `ask` is about; `first`: it is the
    /// route's first hop, from where the attacker stands, whose missing
    /// authentication the one-hop threats report (AA01): an
    /// `UnauthenticatedHop` is one past it.
    fn is(self, ask: PathAsk, first: bool) -> bool {
        match ask {
            PathAsk::Exposure => true,
            PathAsk::UnauthenticatedHop => !self.authenticated && !first,
            PathAsk::UnencryptedCrossing => !self.encrypted && self.crosses,
            PathAsk::DataLineage => false,
        }
    }

    /// How much it lacks: 0, 1 or 2 of encryption and authentication.
    fn gap(self) -> u8 {
        u8::from(!self.encrypted) + u8::from(!self.authenticated)
    }
}

/// Every flow of the graph judged.
fn judged(model: &Model, graph: &Graph, encryption: &Encryption) -> Vec<Judged> {
    (0..graph.flow_count())
        .map(|i| {
            let f = graph.flow(i as u32);
            let Role::Flow { source, sink } = model.object(f).role else {
                return Judged::default();
            };
            let authenticated =
                |o: ObjectId| known::flag(&model.object(o).attrs, CONTROLS_AUTHENTICATES_SOURCE);
            Judged {
                encrypted: encryption.of(model, f),
                authenticated: authenticated(f) || authenticated(sink),
                crosses: model.object(source).boundary != model.object(sink).boundary,
            }
        })
        .collect()
}

/// The rank of each node's `zone`.
fn zones(model: &Model, graph: &Graph) -> Vec<Option<usize>> {
    (0..graph.len() as u32)
        .map(|v| {
            rank(known::get(
                &model.object(graph.element(v)).attrs,
                known::ZONE,
            ))
        })
        .collect()
}

fn rank(value: Option<&Value>) -> Option<usize> {
    match value {
        Some(Value::Enum { rank, .. }) => Some(*rank),
        _ => None,
    }
}

/// The searches made so far and the routes found, for one run.
struct Finder<'a> {
    model: &'a Model,
    graph: &'a Graph,
    encryption: &'a Encryption<'a>,
    hops: &'a [Judged],
    zones: Vec<Option<usize>>,
    /// The breadth-first search of each kind of route from each level.
    searches: HashMap<(PathAsk, usize), Search>,
    /// The route of each kind to each target.
    found: HashMap<(PathAsk, ObjectId), Option<FoundPath>>,
}

/// One breadth-first search over (node, weak hop taken) states: each
/// state's parent state and the flow number taken into it, `NONE` for the
/// starts and the states not reached.
struct Search {
    parent: Vec<(u32, u32)>,
}

impl Finder<'_> {
    /// The route of kind `ask` to `target`, memoised.
    fn route(&mut self, ask: PathAsk, target: ObjectId) -> Option<FoundPath> {
        if let Some(found) = self.found.get(&(ask, target)) {
            return found.clone();
        }
        let found = match ask {
            PathAsk::DataLineage => self.lineage(target),
            _ => self.search(ask, target),
        };
        self.found.insert((ask, target), found.clone());
        found
    }

    fn search(&mut self, ask: PathAsk, target: ObjectId) -> Option<FoundPath> {
        let model = self.model;
        let t = self.graph.node_of(target)?;
        let level_value = known::get(&model.object(target).attrs, REACHABLE_FROM)?;
        let level = rank(Some(level_value))?;
        let from = level_value.as_member()?.to_string();
        let steps = if self.zones[t as usize] == Some(level) {
            // The target is in the level itself: its own search, without it
            // among the starts.
            let search = self.bfs(ask, level, Some(t));
            walk(&search, t)
        } else {
            let search = self
                .searches
                .entry((ask, level))
                .or_insert_with(|| bfs(self.graph, self.hops, &self.zones, ask, level, None));
            walk(search, t)
        }?;
        let (nodes, flows) = steps;
        let simple = {
            let mut seen = nodes.clone();
            seen.sort_unstable();
            seen.windows(2).all(|w| w[0] != w[1])
        };
        let (nodes, flows) = match simple {
            true => (nodes, flows),
            false => self.enumerated(ask, level, t)?,
        };
        let judged: Vec<Judged> = flows.iter().map(|&f| self.hops[f as usize]).collect();
        Some(FoundPath {
            ask,
            from,
            data: None,
            elements: nodes.iter().map(|&v| self.graph.element(v)).collect(),
            flows: flows.iter().map(|&f| self.graph.flow(f)).collect(),
            weakest: weakest(ask, &judged),
        })
    }

    /// The lineage of the first data item (by id) that flow `target`
    /// carries out of its allowed zones: the shortest chain of flows
    /// carrying it from an element no flow carries it to (its nearest
    /// such element back from the flow; the flow's source itself when the
    /// item only goes round a cycle) to the flow, whose hop is the weakest.
    fn lineage(&self, target: ObjectId) -> Option<FoundPath> {
        let model = self.model;
        let Role::Flow { source, sink } = model.object(target).role else {
            return None;
        };
        let zone = |e: ObjectId| known::get(&model.object(e).attrs, ZONE);
        let refs = |o: ObjectId, k| match known::get(&model.object(o).attrs, k) {
            Some(Value::List(items)) => items.iter().filter_map(Value::as_object).collect(),
            _ => Vec::new(),
        };
        let leaves = |d: &ObjectId| match known::get(&model.object(*d).attrs, ALLOWED_ZONES) {
            Some(Value::List(zones)) if !zones.is_empty() => {
                let allowed = |e| zone(e).is_some_and(|z| zones.contains(z));
                allowed(source) && !allowed(sink)
            }
            _ => false,
        };
        let data = refs(target, DATA)
            .into_iter()
            .filter(leaves)
            .min_by(|a, b| model.object(*a).id.cmp(&model.object(*b).id))?;
        // The flows carrying it into each element, by source id then flow
        // id, so that the search is the same on every run.
        let mut into: HashMap<ObjectId, Vec<(ObjectId, ObjectId)>> = HashMap::new();
        for f in refs(data, CARRIED_BY) {
            if let Role::Flow { source: s, sink: t } = model.object(f).role {
                if f != target {
                    into.entry(t).or_default().push((s, f));
                }
            }
        }
        let id = |o: &ObjectId| model.object(*o).id.as_str();
        for list in into.values_mut() {
            list.sort_by(|a, b| (id(&a.0), id(&a.1)).cmp(&(id(&b.0), id(&b.1))));
        }
        let mut parent: HashMap<ObjectId, (ObjectId, ObjectId)> = HashMap::new();
        let mut queue = VecDeque::from([source]);
        let mut origin = source;
        while let Some(v) = queue.pop_front() {
            let Some(list) = into.get(&v).filter(|l| !l.is_empty()) else {
                origin = v;
                break;
            };
            for &(s, f) in list {
                if s != source && !parent.contains_key(&s) {
                    parent.insert(s, (v, f));
                    queue.push_back(s);
                }
            }
        }
        let (mut elements, mut flows) = (vec![origin], Vec::new());
        let mut at = origin;
        while let Some(&(next, f)) = parent.get(&at) {
            flows.push(f);
            elements.push(next);
            at = next;
        }
        elements.push(sink);
        flows.push(target);
        let authenticated =
            |o: ObjectId| known::flag(&model.object(o).attrs, CONTROLS_AUTHENTICATES_SOURCE);
        Some(FoundPath {
            ask: PathAsk::DataLineage,
            from: zone(origin)?.as_member()?.to_string(),
            data: Some(data),
            elements,
            weakest: Some(Weakest {
                hop: flows.len() - 1,
                unencrypted: !self.encryption.of(model, target),
                unauthenticated: !(authenticated(target) || authenticated(sink)),
            }),
            flows,
        })
    }

    fn bfs(&self, ask: PathAsk, level: usize, without: Option<u32>) -> Search {
        bfs(self.graph, self.hops, &self.zones, ask, level, without)
    }

    /// The shortest simple route of kind `ask` to node `t` among the paths
    /// the bounded enumeration lists, shortest first.
    fn enumerated(&self, ask: PathAsk, level: usize, t: u32) -> Option<(Vec<u32>, Vec<u32>)> {
        let graph = self.graph;
        let starts: Vec<ObjectId> = (0..graph.len() as u32)
            .filter(|&v| v != t && self.zones[v as usize] == Some(level))
            .map(|v| graph.element(v))
            .collect();
        let found = graph.search(&starts, &[graph.element(t)], LIMITS, WORK);
        let number: HashMap<ObjectId, u32> = (0..graph.flow_count() as u32)
            .map(|f| (graph.flow(f), f))
            .collect();
        found.paths.iter().find_map(|p| {
            let flows: Vec<u32> = p
                .flows
                .iter()
                .filter_map(|f| number.get(f).copied())
                .collect();
            let any =
                (flows.iter().enumerate()).any(|(i, &f)| self.hops[f as usize].is(ask, i == 0));
            any.then(|| {
                let nodes = p
                    .elements
                    .iter()
                    .filter_map(|&e| graph.node_of(e))
                    .collect();
                (nodes, flows)
            })
        })
    }
}

/// The breadth-first search of routes of kind `ask` from every node of
/// `level` (but `without`), through no other node of that level.
fn bfs(
    graph: &Graph,
    hops: &[Judged],
    zones: &[Option<usize>],
    ask: PathAsk,
    level: usize,
    without: Option<u32>,
) -> Search {
    let n = graph.len();
    let start = |v: u32| zones[v as usize] == Some(level) && Some(v) != without;
    let mut parent = vec![(NONE, NONE); 2 * n];
    let mut seen = vec![false; 2 * n];
    let mut queue = VecDeque::new();
    // An exposure route needs no particular hop: it starts out satisfied.
    let first = u32::from(ask == PathAsk::Exposure);
    for v in (0..n as u32).filter(|&v| start(v)) {
        let s = 2 * v + first;
        seen[s as usize] = true;
        queue.push_back(s);
    }
    while let Some(s) = queue.pop_front() {
        let (v, taken) = (s / 2, s % 2);
        for &(w, f) in &graph.out[v as usize] {
            if start(w) {
                continue;
            }
            // Only the starts' hops are first hops: no route passes
            // through another start.
            let weak = hops[f as usize].is(ask, start(v));
            let next = 2 * w + (taken | u32::from(weak));
            if !seen[next as usize] {
                seen[next as usize] = true;
                parent[next as usize] = (s, f);
                queue.push_back(next);
            }
        }
    }
    Search { parent }
}

/// The nodes and flow numbers of the route a search found to node `t`,
/// start first; `None` when it found none.
fn walk(search: &Search, t: u32) -> Option<(Vec<u32>, Vec<u32>)> {
    let mut s = 2 * t + 1;
    let (mut nodes, mut flows) = (vec![t], Vec::new());
    while let Some(&(p, f)) = search.parent.get(s as usize).filter(|p| p.0 != NONE) {
        flows.push(f);
        nodes.push(p / 2);
        s = p;
        if flows.len() > search.parent.len() {
            return None;
        }
    }
    if flows.is_empty() {
        return None;
    }
    nodes.reverse();
    flows.reverse();
    Some((nodes, flows))
}

/// The hop a route of kind `ask` is about (see `FoundPath::weakest`).
fn weakest(ask: PathAsk, hops: &[Judged]) -> Option<Weakest> {
    let candidates = || hops.iter().enumerate().filter(|(i, h)| h.is(ask, *i == 0));
    let worst = candidates().map(|(_, h)| h.gap()).max()?;
    if worst == 0 {
        return None;
    }
    let (i, h) = candidates().find(|(_, h)| h.gap() == worst)?;
    Some(Weakest {
        hop: i,
        unencrypted: !h.encrypted,
        unauthenticated: !h.authenticated,
    })
}

#[cfg(test)]
mod tests;
