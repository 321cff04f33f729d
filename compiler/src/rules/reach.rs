//! The graph questions of the condition language, answered over the flow
//! graph of `paths` (request flows only), built on the first question and
//! kept for the rest of the run.
//!
//! `reaches(a, b)` looks up `b` in the set of elements `a` reaches, found
//! by one search from `a` the first time `a` is asked about and kept:
//! O(V + E) per distinct element asked from, O(1) per question after it,
//! V bits kept per element asked from. When the checker sees `b` is a
//! fixed element (a model identifier) and `a` is not, as in
//! `reaches(target, vault)`, it asks the other way: the set of elements
//! that reach `b`, one search for every target. Both sets fill in on
//! every core at once (`OnceLock`): a set is computed once.
//!
//! `path(a, b)` is found by a search back from `b` that gives every
//! element's hops to `b`, then a walk from `a` that takes, at each
//! element, the first flow (in id order) to an element nearest to `b`:
//! the shortest path, and the same one whichever way it is asked. When
//! `b` is a fixed element asked of many `a`s, its hops are kept (V
//! numbers), so each further path costs its length; otherwise the search
//! stops once it has found `a`, and is made again for each pair, but when
//! `a` is fixed the set of elements it reaches (as for `reaches`) answers
//! first, so a `b` it does not reach costs O(1). The paths found are kept
//! for the run (the items of a list value borrow them), each pair once.

use std::sync::OnceLock;

use elsa::sync::FrozenMap;

use super::ir::Fixed;
use crate::graph::Graph;
use crate::model::{Model, ObjectId, Value};

/// The flow graph and the reach sets and paths found so far.
#[derive(Default)]
pub(crate) struct Reach {
    graph: OnceLock<Graph>,
    /// Per node: the nodes it reaches (`forward`), or that reach it.
    forward: OnceLock<Vec<OnceLock<Vec<u64>>>>,
    backward: OnceLock<Vec<OnceLock<Vec<u64>>>>,
    /// Per node asked as a fixed end of `path`: every node's hops to it.
    hops_to: OnceLock<Vec<OnceLock<Vec<u32>>>>,
    /// The flows of `path(a, b)` by (a, b) node, as references.
    paths: FrozenMap<(u32, u32), Box<[Value]>>,
}

impl Reach {
    /// The flow graph of request flows, built on first use (the path
    /// threats' routes use it too, `paths::found`).
    pub(crate) fn graph(&self, model: &Model) -> &Graph {
        self.graph.get_or_init(|| Graph::new(model, false))
    }

    /// Whether a path of one request flow or more leads from `a` to `b`
    /// (`a` reaches itself only round a cycle); false when either is no
    /// element that flows connect (a flow, a boundary). `backward`: search
    /// back from `b` rather than forward from `a`.
    pub(crate) fn reaches(&self, model: &Model, a: ObjectId, b: ObjectId, backward: bool) -> bool {
        let graph = self.graph(model);
        let (Some(a), Some(b)) = (graph.node_of(a), graph.node_of(b)) else {
            return false;
        };
        let (sets, from, to) = match backward {
            false => (&self.forward, a, b),
            true => (&self.backward, b, a),
        };
        let sets = sets.get_or_init(|| (0..graph.len()).map(|_| OnceLock::new()).collect());
        let set = sets[from as usize].get_or_init(|| graph.reach_set(from, backward));
        set[to as usize / 64] & (1u64 << (to % 64)) != 0
    }

    /// The flows of the shortest path of request flows from `a` to `b`,
    /// in order, as references (see the module's doc); empty when there
    /// is none or either is no element. A `fixed` end's searches are
    /// kept for the run.
    pub(crate) fn path(&self, model: &Model, a: ObjectId, b: ObjectId, fixed: Fixed) -> &[Value] {
        if fixed.from && !fixed.to && !self.reaches(model, a, b, false) {
            return &[];
        }
        let graph = self.graph(model);
        let (Some(a), Some(b)) = (graph.node_of(a), graph.node_of(b)) else {
            return &[];
        };
        if let Some(found) = self.paths.get(&(a, b)) {
            return found;
        }
        let flows = if fixed.to {
            let all = self
                .hops_to
                .get_or_init(|| (0..graph.len()).map(|_| OnceLock::new()).collect());
            graph.route(a, b, all[b as usize].get_or_init(|| graph.hops_to(b, None)))
        } else {
            graph.route(a, b, &graph.hops_to(b, Some(a)))
        };
        let refs: Box<[Value]> = flows.into_iter().map(Value::Ref).collect();
        self.paths.insert((a, b), refs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compile_clean;
    use crate::model::Role;

    /// `reaches` both ways and `path` with every choice of fixed ends, on
    /// a model of a chain, a diamond, a cycle and a part apart.
    #[test]
    fn reaches_and_path_agree_whichever_ends_are_fixed() {
        let (_, m) = compile_clean(
            "model \"M\" { description = \"d\" }\n\
             Actor u \"U\"\nServer a \"A\"\nServer b \"B\"\nServer c \"C\"\nDatastore d \"D\"\n\
             Server x \"X\"\nServer y \"Y\"\nServer lone \"L\"\n\
             flow u -> a\nflow a -> b\nflow a -> c\nflow b -> d\nflow c -> d\n\
             flow x -> y\nflow y -> x\n\
             flow back: d -> u { isResponse = true }\n",
        );
        let id = |name: &str| {
            m.objects
                .iter()
                .position(|o| o.id.as_str() == name)
                .map(|i| ObjectId(i as u32))
                .unwrap()
        };
        let yes = [
            ("u", "a"),
            ("u", "d"),
            ("a", "d"),
            ("b", "d"),
            ("x", "y"),
            ("x", "x"),
            ("y", "y"),
        ];
        let no = [
            ("a", "u"),
            ("d", "u"),
            ("d", "a"),
            ("b", "c"),
            ("u", "u"),
            ("a", "a"),
            ("u", "x"),
            ("lone", "lone"),
            ("u", "lone"),
        ];
        let reach = Reach::default();
        for backward in [false, true] {
            for (a, b) in yes {
                assert!(reach.reaches(&m, id(a), id(b), backward), "{a} reaches {b}");
            }
            for (a, b) in no {
                assert!(
                    !reach.reaches(&m, id(a), id(b), backward),
                    "{a} does not reach {b}"
                );
            }
        }
        // A flow is no node: it reaches nothing and nothing reaches it.
        assert!(!reach.reaches(&m, id("back"), id("u"), false));
        // The same paths whichever ends are fixed, and one exactly where
        // there is a way; each path a chain of flows from a to b.
        let names = ["u", "a", "b", "c", "d", "x", "y", "lone"];
        for (a, b) in names
            .iter()
            .flat_map(|a| names.iter().map(move |b| (*a, *b)))
        {
            let ways: Vec<Vec<Value>> =
                [(false, false), (true, false), (false, true), (true, true)]
                    .into_iter()
                    .map(|(from, to)| {
                        let fresh = Reach::default();
                        fresh.path(&m, id(a), id(b), Fixed { from, to }).to_vec()
                    })
                    .collect();
            assert!(
                ways.windows(2).all(|w| w[0] == w[1]),
                "{a} -> {b}: {ways:?}"
            );
            let reaches = reach.reaches(&m, id(a), id(b), false);
            assert_eq!(!ways[0].is_empty(), reaches, "{a} -> {b}");
        }
        // The elements a path passes through, by id.
        let chain = |a: &str, b: &str| -> Vec<String> {
            let mut ids = Vec::new();
            for f in reach.path(&m, id(a), id(b), Fixed::default()) {
                let Value::Ref(f) = f else {
                    panic!("a path holds flows")
                };
                let Role::Flow { source, sink } = m.object(*f).role else {
                    panic!("a path holds flows")
                };
                if ids.is_empty() {
                    ids.push(m.object(source).id.to_string());
                }
                ids.push(m.object(sink).id.to_string());
            }
            ids
        };
        assert_eq!(
            chain("u", "d"),
            ["u", "a", "b", "d"],
            "the first branch by id"
        );
        assert_eq!(chain("x", "x"), ["x", "y", "x"], "round the cycle");
        assert!(chain("d", "u").is_empty(), "the response is no way back");
    }
}
