//! Blast radius: for each node of the request-flow graph, how many *other*
//! elements it can reach along the flows, directly or through others (the
//! count behind `blastRadius`; the worst data it reaches is
//! `reachesData`).
//!
//! Counting every node's reach exactly is a transitive closure. It is done
//! on the graph's strongly connected components (Kosaraju's two
//! depth-first passes, iterative, which number the components so that
//! every flow goes from a component to a later one or stays inside): a
//! component reaches what its successors reach and the successors
//! themselves, and, when it has a cycle, its own members. Those sets are
//! bit rows, made from the last component to the first, over a block of
//! the nodes at a time, so memory stays bounded (`ROW_BYTES` per core):
//! O((V + E) · V / 64) word operations in all, the blocks shared among
//! the cores. At 10,000 elements that is one or two blocks, a few
//! milliseconds; at 100,000, about eighty blocks (docs/performance.md).

use crate::graph::Graph;

/// The most memory each core gives the rows of one block.
const ROW_BYTES: usize = 8 << 20;

/// How many other nodes each node reaches, by node.
pub(crate) fn blast_radius(graph: &Graph) -> Vec<u32> {
    let n = graph.len();
    if n == 0 {
        return Vec::new();
    }
    let parts = Components::of(graph);
    let c = parts.count();
    // Words per row: enough for every node, or what the budget allows.
    let words = n.div_ceil(64).min((ROW_BYTES / 8 / c).max(1));
    let blocks = n.div_ceil(words * 64);
    let per_block = tmc_perf::split::runs(blocks, 2, |range| {
        let mut rows = vec![0u64; c * words];
        let mut counts = vec![0u32; c];
        for block in range {
            parts.count_block(block * words * 64, words, &mut rows, &mut counts);
        }
        counts
    });
    let mut reached = vec![0u32; c];
    for counts in per_block {
        for (total, add) in reached.iter_mut().zip(counts) {
            *total += add;
        }
    }
    (0..n)
        .map(|v| {
            let comp = parts.of[v] as usize;
            // A node on a cycle reaches itself, which does not count.
            reached[comp] - u32::from(parts.cyclic[comp])
        })
        .collect()
}

/// The strongly connected components of a graph, numbered so that every
/// edge goes from a component to itself or to a later one.
struct Components {
    /// Each node's component.
    of: Vec<u32>,
    /// Each component's nodes, in node order.
    members: Vec<Vec<u32>>,
    /// Each component's successor components, each once.
    next: Vec<Vec<u32>>,
    /// Whether a component has a cycle (more than one node, or a flow from
    /// its node to itself), so that its nodes reach each other.
    cyclic: Vec<bool>,
}

impl Components {
    fn of(graph: &Graph) -> Components {
        let order = finish_order(graph);
        let of = assign(graph, &order);
        let count = of.iter().map(|&c| c as usize + 1).max().unwrap_or(0);
        let mut members = vec![Vec::new(); count];
        for (v, &c) in of.iter().enumerate() {
            members[c as usize].push(v as u32);
        }
        let mut next = vec![Vec::new(); count];
        let mut cyclic: Vec<bool> = members.iter().map(|m| m.len() > 1).collect();
        for (v, &c) in of.iter().enumerate() {
            for &(w, _) in &graph.out[v] {
                let d = of[w as usize];
                if d == c {
                    cyclic[c as usize] = true;
                } else {
                    debug_assert!(d > c, "components out of order");
                    next[c as usize].push(d);
                }
            }
        }
        for n in &mut next {
            n.sort_unstable();
            n.dedup();
        }
        Components {
            of,
            members,
            next,
            cyclic,
        }
    }

    fn count(&self) -> usize {
        self.members.len()
    }

    /// Adds to each component's count the nodes it reaches among the
    /// `words * 64` nodes from `first`. `rows` (one row of `words` per
    /// component) is overwritten.
    fn count_block(&self, first: usize, words: usize, rows: &mut [u64], counts: &mut [u32]) {
        let last = first + words * 64;
        for c in (0..self.count()).rev() {
            let (head, later) = rows.split_at_mut((c + 1) * words);
            let row = &mut head[c * words..];
            row.fill(0);
            for &s in &self.next[c] {
                let from = (s as usize - c - 1) * words;
                for (word, add) in row.iter_mut().zip(&later[from..from + words]) {
                    *word |= add;
                }
            }
            let mut reached: u32 = row.iter().map(|w| w.count_ones()).sum();
            // The row passed on holds the component's own nodes too.
            for &m in &self.members[c] {
                let m = m as usize;
                if (first..last).contains(&m) {
                    let at = m - first;
                    row[at / 64] |= 1 << (at % 64);
                    reached += u32::from(self.cyclic[c]);
                }
            }
            counts[c] += reached;
        }
    }
}

/// The nodes in the order a depth-first search along the flows finishes
/// them (Kosaraju's first pass), iteratively.
fn finish_order(graph: &Graph) -> Vec<u32> {
    let n = graph.len();
    let mut seen = vec![false; n];
    let mut order = Vec::with_capacity(n);
    // Each entry: a node and how many of its flows were followed.
    let mut stack: Vec<(u32, usize)> = Vec::new();
    for start in 0..n as u32 {
        if seen[start as usize] {
            continue;
        }
        seen[start as usize] = true;
        stack.push((start, 0));
        while let Some((v, i)) = stack.last_mut() {
            let out = &graph.out[*v as usize];
            if let Some(&(w, _)) = out.get(*i) {
                *i += 1;
                if !seen[w as usize] {
                    seen[w as usize] = true;
                    stack.push((w, 0));
                }
            } else {
                order.push(*v);
                stack.pop();
            }
        }
    }
    order
}

/// Each node's component: searches back along the flows from the nodes
/// in reverse finishing order (Kosaraju's second pass). The components
/// come out in topological order, sources first.
fn assign(graph: &Graph, order: &[u32]) -> Vec<u32> {
    const UNSET: u32 = u32::MAX;
    let mut of = vec![UNSET; graph.len()];
    let mut next = 0;
    let mut stack = Vec::new();
    for &start in order.iter().rev() {
        if of[start as usize] != UNSET {
            continue;
        }
        of[start as usize] = next;
        stack.push(start);
        while let Some(v) = stack.pop() {
            for &u in graph.sources_into(v) {
                if of[u as usize] == UNSET {
                    of[u as usize] = next;
                    stack.push(u);
                }
            }
        }
        next += 1;
    }
    of
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What each node reaches, counted by a search from each.
    fn naive(g: &Graph) -> Vec<u32> {
        (0..g.len() as u32)
            .map(|v| {
                let set = g.reach_set(v, false);
                let own = set[v as usize / 64] >> (v % 64) & 1;
                set.iter().map(|w| w.count_ones()).sum::<u32>() - own as u32
            })
            .collect()
    }

    #[test]
    fn chains_diamonds_cycles_and_loose_parts() {
        // 0 -> 1 -> 2; 3 -> {4, 5} -> 6; 7 <-> 8 -> 9; 10 alone; 11 -> 11.
        let g = Graph::from_pairs(
            12,
            &[
                (0, 1),
                (1, 2),
                (3, 4),
                (3, 5),
                (4, 6),
                (5, 6),
                (7, 8),
                (8, 7),
                (8, 9),
                (11, 11),
            ],
        );
        assert_eq!(blast_radius(&g), vec![2, 1, 0, 3, 1, 1, 0, 2, 2, 0, 0, 0]);
    }

    #[test]
    fn counts_agree_with_a_search_from_each_node_on_random_graphs() {
        for (round, (g, edges)) in Graph::random(0x9E37_79B9_7F4A_7C15, 200, 150).enumerate() {
            assert_eq!(blast_radius(&g), naive(&g), "round {round}: {edges:?}");
        }
    }

    #[test]
    fn blocks_smaller_than_the_graph_give_the_same_counts() {
        // 300 nodes in a chain with a cycle at its end, counted 64 nodes
        // (one word) at a time.
        let mut edges: Vec<(u32, u32)> = (0..299).map(|v| (v, v + 1)).collect();
        edges.push((299, 290));
        let g = Graph::from_pairs(300, &edges);
        let parts = Components::of(&g);
        let mut rows = vec![0u64; parts.count()];
        let mut counts = vec![0u32; parts.count()];
        for block in 0..300usize.div_ceil(64) {
            parts.count_block(block * 64, 1, &mut rows, &mut counts);
        }
        let whole = blast_radius(&g);
        for (v, &count) in whole.iter().enumerate() {
            let c = parts.of[v] as usize;
            assert_eq!(counts[c] - u32::from(parts.cyclic[c]), count, "node {v}");
        }
        assert_eq!(whole[0], 299);
        assert_eq!(whole[295], 9);
    }
}
