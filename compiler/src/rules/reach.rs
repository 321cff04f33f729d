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

use std::sync::OnceLock;

use crate::graph::Graph;
use crate::model::{Model, ObjectId};

/// The flow graph and the reach sets found so far.
#[derive(Default)]
pub(crate) struct Reach {
    graph: OnceLock<Graph>,
    /// Per node: the nodes it reaches (`forward`), or that reach it.
    forward: OnceLock<Vec<OnceLock<Vec<u64>>>>,
    backward: OnceLock<Vec<OnceLock<Vec<u64>>>>,
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compile_clean;

    /// `reaches` both ways on a model of a chain, a diamond, a cycle and
    /// a part apart.
    #[test]
    fn reaches_agrees_both_ways() {
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
    }
}
