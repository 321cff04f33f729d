//! The flow graph of a checked model, as the path questions walk it:
//! every element a node, every request flow (and, when asked, every
//! response) a directed edge from its source to its sink. Breadth-first
//! reachability, and simple paths between two sets of elements, found by
//! iterative deepening with a bound on hops, on paths and on work. It
//! reads the model only: `paths` (the `tmc paths` query), the derived
//! reach attributes (`derive/reach.rs`) and the rules' `reaches`
//! (`rules/reach.rs`) build on it.

use std::collections::VecDeque;

use crate::model::known::{self, IS_RESPONSE};
use crate::model::{Model, ObjectId, Role};

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
    pub(crate) out: Vec<Vec<(u32, u32)>>,
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

    /// A graph of `n` nodes and the edges `(source, sink)`, each its own
    /// flow numbered in order (the derivations' tests).
    #[cfg(test)]
    pub(crate) fn from_pairs(n: usize, edges: &[(u32, u32)]) -> Graph {
        let edges: Vec<(u32, u32, u32)> = (edges.iter().enumerate())
            .map(|(i, &(a, b))| (a, b, i as u32))
            .collect();
        Graph::from_edges(n, &edges)
    }

    /// `rounds` random graphs of 1 to `max_nodes` nodes and up to three
    /// flows per node, each with its edges, the same on every machine
    /// (xorshift from `seed`): the derivations' and searches' tests check
    /// them against a plain search.
    #[cfg(test)]
    pub(crate) fn random(
        seed: u64,
        rounds: usize,
        max_nodes: u64,
    ) -> impl Iterator<Item = (Graph, Vec<(u32, u32)>)> {
        let mut state = seed;
        let mut next = move |below: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % below) as u32
        };
        (0..rounds).map(move |_| {
            let n = 1 + next(max_nodes) as usize;
            let count = next(3 * n as u64) as usize;
            let edges: Vec<(u32, u32)> = (0..count)
                .map(|_| (next(n as u64), next(n as u64)))
                .collect();
            (Graph::from_pairs(n, &edges), edges)
        })
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

    /// The number of flows (edges).
    pub(crate) fn flow_count(&self) -> usize {
        self.flows.len()
    }

    /// The object of flow number `f`.
    pub(crate) fn flow(&self, f: u32) -> ObjectId {
        self.flows[f as usize]
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

    /// For each node, how many hops it is from node `to` along the flows
    /// (`u32::MAX` where it does not reach it; 0 for `to`): a breadth-first
    /// search back from `to`, O(V + E). With `stop`, the search ends once
    /// every node as near as `stop` is found; farther ones stay at
    /// `u32::MAX`, which is all `route` needs.
    pub(crate) fn hops_to(&self, to: u32, stop: Option<u32>) -> Vec<u32> {
        let mut hops = vec![u32::MAX; self.nodes.len()];
        hops[to as usize] = 0;
        let mut queue = VecDeque::from([to]);
        while let Some(v) = queue.pop_front() {
            let d = hops[v as usize];
            if stop.is_some_and(|s| s != to && hops[s as usize] <= d) {
                break;
            }
            for &u in &self.into[v as usize] {
                if hops[u as usize] == u32::MAX {
                    hops[u as usize] = d + 1;
                    queue.push_back(u);
                }
            }
        }
        hops
    }

    /// The flows of the shortest path from node `from` to node `to`, given
    /// `hops_to(to)`: at each step, the first flow (by sink, then flow id)
    /// to a node nearest to `to`. A path from a node to itself goes round
    /// its shortest cycle. Empty when `from` does not reach `to`.
    pub(crate) fn route(&self, from: u32, to: u32, hops: &[u32]) -> Vec<ObjectId> {
        let mut flows = Vec::new();
        let mut at = from;
        loop {
            let next = self.out[at as usize]
                .iter()
                .filter(|&&(w, _)| hops[w as usize] != u32::MAX)
                .min_by_key(|&&(w, _)| hops[w as usize]);
            let Some(&(w, f)) = next else {
                return Vec::new();
            };
            flows.push(self.flows[f as usize]);
            if w == to {
                return flows;
            }
            at = w;
        }
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
    pub(crate) fn search(
        &self,
        from: &[ObjectId],
        to: &[ObjectId],
        limits: Limits,
        work: usize,
    ) -> Search {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The flows of `route` as numbers, with the stopped search and the
    /// full one (which must agree).
    fn route(g: &Graph, a: u32, b: u32) -> Vec<u32> {
        let full = g.route(a, b, &g.hops_to(b, None));
        assert_eq!(g.route(a, b, &g.hops_to(b, Some(a))), full, "{a} -> {b}");
        full.iter().map(|f| f.0).collect()
    }

    /// Chains, a diamond (the first branch in id order is taken), a
    /// cycle (a node's path to itself goes round it), a self-loop, and a
    /// part apart.
    #[test]
    fn shortest_paths_by_hand() {
        // 0 -> 1 -> 3, 0 -> 2 -> 3 (flows 0..3), 3 -> 4 (4), 4 -> 0 (5),
        // 5 -> 5 (6), 6 -> 7 (7), 0 -> 4 (8).
        let g = Graph::from_pairs(
            8,
            &[
                (0, 1),
                (0, 2),
                (1, 3),
                (2, 3),
                (3, 4),
                (4, 0),
                (5, 5),
                (6, 7),
                (0, 4),
            ],
        );
        assert_eq!(route(&g, 0, 3), vec![0, 2], "via 1, the first branch");
        assert_eq!(route(&g, 2, 3), vec![3]);
        assert_eq!(route(&g, 0, 4), vec![8], "the direct flow");
        assert_eq!(route(&g, 1, 0), vec![2, 4, 5]);
        assert_eq!(route(&g, 0, 0), vec![8, 5], "round the shortest cycle");
        assert_eq!(route(&g, 3, 3), vec![4, 5, 0, 2]);
        assert_eq!(route(&g, 5, 5), vec![6], "a self-loop");
        assert_eq!(route(&g, 6, 7), vec![7]);
        assert!(route(&g, 7, 6).is_empty(), "against the flow");
        assert!(route(&g, 6, 6).is_empty(), "no cycle");
        assert!(route(&g, 0, 6).is_empty(), "a part apart");
    }

    /// On random graphs, every path is a chain of flows from `a` to `b` as
    /// short as a breadth-first search from `a` says, and there is one
    /// exactly when `a` reaches `b`.
    #[test]
    fn paths_agree_with_a_search_on_random_graphs() {
        for (round, (g, edges)) in Graph::random(0x2545_F491_4F6C_DD1D, 150, 40).enumerate() {
            let n = g.len();
            for a in 0..n as u32 {
                let reached = g.reach_set(a, false);
                let shortest = bfs(&g, a);
                for b in 0..n as u32 {
                    let flows = route(&g, a, b);
                    let reaches = reached[b as usize / 64] & (1 << (b % 64)) != 0;
                    assert_eq!(!flows.is_empty(), reaches, "round {round}: {a} -> {b}");
                    if !reaches {
                        continue;
                    }
                    assert_eq!(
                        flows.len(),
                        shortest[b as usize],
                        "round {round}: {a} -> {b}"
                    );
                    let mut at = a;
                    for f in &flows {
                        assert_eq!(edges[*f as usize].0, at, "round {round}: a chain");
                        at = edges[*f as usize].1;
                    }
                    assert_eq!(at, b, "round {round}: ends at {b}");
                }
            }
        }
    }

    /// The fewest hops (one or more) from `a` to each node, by a plain
    /// search: 0 where it does not reach.
    fn bfs(g: &Graph, a: u32) -> Vec<usize> {
        let mut hops = vec![0; g.len()];
        let mut queue: VecDeque<(u32, usize)> =
            g.out[a as usize].iter().map(|&(w, _)| (w, 1)).collect();
        while let Some((v, d)) = queue.pop_front() {
            if hops[v as usize] != 0 {
                continue;
            }
            hops[v as usize] = d;
            queue.extend(g.out[v as usize].iter().map(|&(w, _)| (w, d + 1)));
        }
        hops
    }
}
