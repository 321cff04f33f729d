//! Cycles and order in the graphs that declarations make: records holding
//! records, kinds, predicates calling predicates. Users write these graphs,
//! so nothing here recurses: petgraph's `kosaraju_scc` walks with a stack
//! of its own, and the cycle search below is a breadth-first search. Both
//! are linear in nodes and edges.

use std::collections::VecDeque;

use petgraph::algo::kosaraju_scc;
use petgraph::graph::{DiGraph, NodeIndex};

/// A directed graph on the nodes `0..n`.
pub(crate) struct Graph {
    successors: Vec<Vec<usize>>,
}

impl Graph {
    /// A graph of `n` nodes with the edges `from -> to`.
    pub(crate) fn new(n: usize, edges: impl IntoIterator<Item = (usize, usize)>) -> Graph {
        let mut successors = vec![Vec::new(); n];
        for (from, to) in edges {
            successors[from].push(to);
        }
        Graph { successors }
    }

    /// The strongly connected components, each sorted, in reverse
    /// topological order: every component comes after those it has an
    /// edge to (leaves first), so working through them in this order sees
    /// what a node depends on before the node.
    pub(crate) fn components(&self) -> Vec<Vec<usize>> {
        let mut g: DiGraph<(), ()> = DiGraph::with_capacity(self.successors.len(), 0);
        for _ in 0..self.successors.len() {
            g.add_node(());
        }
        for (from, tos) in self.successors.iter().enumerate() {
            for &to in tos {
                g.add_edge(NodeIndex::new(from), NodeIndex::new(to), ());
            }
        }
        kosaraju_scc(&g)
            .into_iter()
            .map(|c| {
                let mut c: Vec<usize> = c.into_iter().map(NodeIndex::index).collect();
                c.sort_unstable();
                c
            })
            .collect()
    }

    /// Whether `component` (of `components`) holds a cycle: more than one
    /// node, or one with an edge to itself.
    pub(crate) fn is_cycle(&self, component: &[usize]) -> bool {
        match component {
            [one] => self.successors[*one].contains(one),
            more => more.len() > 1,
        }
    }

    /// A shortest cycle through `start` that stays inside `component`
    /// (which holds `start` and is a cycle): the nodes in order, `start`
    /// first, the edge back to it implied.
    pub(crate) fn cycle_through(&self, start: usize, component: &[usize]) -> Vec<usize> {
        const UNSEEN: usize = usize::MAX;
        let mut before = vec![UNSEEN; self.successors.len()];
        let mut queue = VecDeque::from([start]);
        while let Some(at) = queue.pop_front() {
            for &next in &self.successors[at] {
                if next == start {
                    let mut path = vec![at];
                    while *path.last().expect("starts with one") != start {
                        path.push(before[*path.last().expect("starts with one")]);
                    }
                    path.reverse();
                    return path;
                }
                if before[next] == UNSEEN && component.binary_search(&next).is_ok() {
                    before[next] = at;
                    queue.push_back(next);
                }
            }
        }
        vec![start]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_come_leaves_first_and_cycles_are_found() {
        // 0 -> 1 -> 2 -> 1, 2 -> 3, 4 -> 4
        let g = Graph::new(5, [(0, 1), (1, 2), (2, 1), (2, 3), (4, 4)]);
        let order = g.components();
        let at = |n: usize| order.iter().position(|c| c.contains(&n)).unwrap();
        assert!(at(3) < at(1) && at(1) < at(0));
        assert_eq!(order[at(1)], vec![1, 2]);
        let mut cycles: Vec<Vec<usize>> = order.iter().filter(|c| g.is_cycle(c)).cloned().collect();
        cycles.sort();
        assert_eq!(cycles, [vec![1, 2], vec![4]]);
        assert_eq!(g.cycle_through(2, &[1, 2]), vec![2, 1]);
        assert_eq!(g.cycle_through(4, &[4]), vec![4]);
    }

    #[test]
    fn a_chain_of_a_million_nodes_does_not_recurse() {
        let n = 1_000_000;
        let g = Graph::new(n, (0..n).map(|i| (i, (i + 1) % n)));
        let order = g.components();
        assert_eq!(order.len(), 1);
        assert_eq!(g.cycle_through(0, &order[0]).len(), n);
        let chain = Graph::new(n, (1..n).map(|i| (i - 1, i)));
        assert_eq!(chain.components().len(), n);
    }
}
