//! What each element can be reached from and what it can reach, along the
//! request flows (the graph of `paths`): four derived attributes of every
//! element (actors and assets; unset on flows and boundaries):
//!
//! - `reachableFrom`: the least trusted `zone` of any *other* element with
//!   a path of request flows to it; unset when nothing reaches it;
//! - `reachableFromHops`: the fewest hops from an element of that zone;
//! - `reachesData`: the most sensitive `classification` of the data on any
//!   request flow it can send along, directly or through the elements it
//!   reaches, and of the data held by the elements those flows go to;
//!   unset when it reaches no data;
//! - `blastRadius`: how many other elements it reaches (`blast`).
//!
//! `reachableFrom` is a breadth-first search from all the elements of one
//! trust level at once, least trusted level first, in which each element
//! keeps its two nearest distinct sources (so an element is not reached
//! from itself): O(levels · (V + E)). `reachesData` walks back from the
//! elements whose own flows carry data, most sensitive first, and stops at
//! elements already given a level, which have passed theirs on already:
//! each element and flow is looked at once, O(V + E), cycles included.

use crate::graph::{Graph, NONE};
use crate::model::known::{
    BLAST_RADIUS, CLASSIFICATION, CLASSIFICATION_ENUM, DATA, REACHABLE_FROM, REACHABLE_FROM_HOPS,
    REACHES_DATA, TRUST_LEVEL, ZONE,
};
use crate::model::{Model, Name, Value};
use crate::schema::Schema;

/// What an element is reached from: the trust level's rank and the hops.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Reached {
    pub level: usize,
    pub hops: usize,
}

pub(super) fn reach(schema: &Schema, model: &mut Model) {
    let (Some(levels), Some(classes)) = (
        schema.enumeration(TRUST_LEVEL.name()),
        schema.enumeration(CLASSIFICATION_ENUM.name()),
    ) else {
        return;
    };
    let graph = Graph::new(model, false);
    let n = graph.len() as u32;
    let names = Names {
        zone: Name::new(ZONE.name()),
        data: Name::new(DATA.name()),
        classification: Name::new(CLASSIFICATION.name()),
    };
    let zone: Vec<Option<usize>> = (0..n)
        .map(|v| rank(model.object(graph.element(v)).attrs.get_name(names.zone)))
        .collect();
    let reached = reached_from(&graph, &zone, levels.members.len());
    let local: Vec<Option<usize>> = (0..n).map(|v| sends(model, &names, &graph, v)).collect();
    let data = reaches_data(&graph, &local);
    let radius = super::blast::blast_radius(&graph);
    // What each object gets, by object index; values made once per member
    // and copied, written on every core at once.
    let mut per_object: Vec<(Option<Reached>, Option<usize>, Option<u32>)> =
        vec![(None, None, None); model.objects.len()];
    for v in 0..n {
        let i = v as usize;
        per_object[graph.element(v).index()] = (reached[i], data[i], Some(radius[i]));
    }
    let (level_values, class_values) = (members(levels), members(classes));
    let (from, hops, reaches, blast) = (
        Name::new(REACHABLE_FROM.name()),
        Name::new(REACHABLE_FROM_HOPS.name()),
        Name::new(REACHES_DATA.name()),
        Name::new(BLAST_RADIUS.name()),
    );
    tmc_perf::split::each_mut(&mut model.objects, tmc_perf::MODEL_ITEMS, |i, o| {
        let (reached, data, radius) = per_object[i];
        let adding = 2 * usize::from(reached.is_some())
            + usize::from(data.is_some())
            + usize::from(radius.is_some());
        o.attrs.reserve(adding);
        if let Some(r) = radius {
            o.attrs.insert_name(blast, Value::Int(i64::from(r)));
        }
        if let Some(r) = reached {
            o.attrs.insert_name(from, level_values[r.level].clone());
            o.attrs.insert_name(hops, Value::Int(r.hops as i64));
        }
        if let Some(c) = data {
            o.attrs.insert_name(reaches, class_values[c].clone());
        }
    });
}

/// The interned names read on every element.
struct Names {
    zone: Name,
    data: Name,
    classification: Name,
}

/// One value per member of an enum, by rank.
fn members(e: &crate::schema::Enum) -> Vec<Value> {
    let ty = Name::new(&e.name);
    (e.members.iter().enumerate())
        .map(|(rank, m)| Value::Enum {
            ty,
            member: Name::new(&m.name),
            rank,
        })
        .collect()
}

/// The rank of an enum value.
fn rank(value: Option<&Value>) -> Option<usize> {
    match value {
        Some(Value::Enum { rank, .. }) => Some(*rank),
        _ => None,
    }
}

/// The most sensitive classification among the data items of a list.
fn most_sensitive(model: &Model, names: &Names, data: Option<&Value>) -> Option<usize> {
    let Some(Value::List(items)) = data else {
        return None;
    };
    items
        .iter()
        .filter_map(|i| match i {
            Value::Ref(d) => rank(model.object(*d).attrs.get_name(names.classification)),
            _ => None,
        })
        .max()
}

/// The most sensitive data node `v` sends on its own request flows or
/// that the elements at their other ends hold.
fn sends(model: &Model, names: &Names, graph: &Graph, v: u32) -> Option<usize> {
    graph
        .out_flows(v)
        .flat_map(|(w, f)| {
            let held = model.object(graph.element(w)).attrs.get_name(names.data);
            [
                most_sensitive(model, names, model.object(f).attrs.get_name(names.data)),
                most_sensitive(model, names, held),
            ]
        })
        .flatten()
        .max()
}

/// Each node's `Reached`, from each node's zone rank and the number of
/// levels (see the module's doc).
pub(crate) fn reached_from(
    graph: &Graph,
    zone: &[Option<usize>],
    levels: usize,
) -> Vec<Option<Reached>> {
    let n = graph.len();
    let mut reached: Vec<Option<Reached>> = vec![None; n];
    let mut left = n;
    for level in 0..levels {
        if left == 0 {
            break;
        }
        let sources: Vec<u32> = (0..n as u32)
            .filter(|&v| zone[v as usize] == Some(level))
            .collect();
        if sources.is_empty() {
            continue;
        }
        let nearest = graph.nearest_sources(&sources);
        for (v, labels) in nearest.iter().enumerate() {
            if reached[v].is_some() {
                continue;
            }
            if let Some(l) = labels.iter().find(|l| l.1 != NONE && l.1 != v as u32) {
                reached[v] = Some(Reached { level, hops: l.0 });
                left -= 1;
            }
        }
    }
    reached
}

/// Each node's most sensitive data reached, from what each node sends
/// itself (see the module's doc).
pub(crate) fn reaches_data(graph: &Graph, local: &[Option<usize>]) -> Vec<Option<usize>> {
    let mut order: Vec<(usize, u32)> = (local.iter().enumerate())
        .filter_map(|(v, c)| c.map(|c| (c, v as u32)))
        .collect();
    order.sort_unstable_by(|a, b| b.cmp(a));
    let mut best: Vec<Option<usize>> = vec![None; local.len()];
    let mut stack = Vec::new();
    for (class, start) in order {
        if best[start as usize].is_some() {
            continue;
        }
        best[start as usize] = Some(class);
        stack.push(start);
        while let Some(v) = stack.pop() {
            for &u in graph.sources_into(v) {
                if best[u as usize].is_none() {
                    best[u as usize] = Some(class);
                    stack.push(u);
                }
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(level: usize, hops: usize) -> Option<Reached> {
        Some(Reached { level, hops })
    }

    #[test]
    fn a_chain_is_reached_from_its_start() {
        // 0 (level 0) -> 1 (2) -> 2 (2) -> 3 (4)
        let g = Graph::from_pairs(4, &[(0, 1), (1, 2), (2, 3)]);
        let zone = [Some(0), Some(2), Some(2), Some(4)];
        let r = reached_from(&g, &zone, 5);
        assert_eq!(r, vec![None, at(0, 1), at(0, 2), at(0, 3)]);
    }

    #[test]
    fn a_diamond_takes_the_shorter_side_and_the_least_trusted_level() {
        // 0 -> 1 -> 3, 0 -> 2 -> 4 -> 3; 5 (level 1) -> 3 directly.
        let g = Graph::from_pairs(6, &[(0, 1), (1, 3), (0, 2), (2, 4), (4, 3), (5, 3)]);
        let zone = [Some(0), Some(3), Some(3), Some(3), Some(3), Some(1)];
        let r = reached_from(&g, &zone, 5);
        assert_eq!(r, vec![None, at(0, 1), at(0, 1), at(0, 2), at(0, 2), None]);
    }

    #[test]
    fn an_element_is_not_reached_from_itself() {
        // 0 (level 0) <-> 1 (level 3): each reaches the other; 2 (level 0)
        // -> 0 -> 1, so 0 is reached from 2, 1 from 0 (one hop).
        let g = Graph::from_pairs(3, &[(0, 1), (1, 0)]);
        let zone = [Some(0), Some(3), Some(0)];
        let r = reached_from(&g, &zone, 5);
        assert_eq!(r, vec![at(3, 1), at(0, 1), None]);
        let g = Graph::from_pairs(3, &[(0, 1), (1, 0), (2, 0)]);
        let r = reached_from(&g, &zone, 5);
        assert_eq!(r, vec![at(0, 1), at(0, 1), None]);
    }

    #[test]
    fn a_cycle_alone_reaches_itself() {
        // 0 -> 1 -> 2 -> 0, all level 2: each is reached from the others.
        let g = Graph::from_pairs(3, &[(0, 1), (1, 2), (2, 0)]);
        let zone = [Some(2); 3];
        assert_eq!(reached_from(&g, &zone, 5), vec![at(2, 1); 3]);
    }

    #[test]
    fn disconnected_parts_are_not_reached() {
        let g = Graph::from_pairs(4, &[(0, 1)]);
        let zone = [Some(0), Some(4), Some(0), Some(4)];
        assert_eq!(reached_from(&g, &zone, 5), vec![None, at(0, 1), None, None]);
    }

    #[test]
    fn data_reached_flows_back_along_chains_and_cycles() {
        // 0 -> 1 -> 2 -> 3; 1 sends class 2 itself, 2 class 4.
        let g = Graph::from_pairs(4, &[(0, 1), (1, 2), (2, 3)]);
        let local = [None, Some(2), Some(4), None];
        assert_eq!(
            reaches_data(&g, &local),
            vec![Some(4), Some(4), Some(4), None]
        );
        // A cycle 0 -> 1 -> 2 -> 0 with 3 hanging off 2, which sends class 5
        // to it; 4 reaches the cycle; 5 is apart.
        let g = Graph::from_pairs(6, &[(0, 1), (1, 2), (2, 0), (2, 3), (4, 0)]);
        let local = [Some(1), None, Some(5), None, None, Some(0)];
        assert_eq!(
            reaches_data(&g, &local),
            vec![Some(5), Some(5), Some(5), None, Some(5), Some(0)]
        );
        // A diamond: the more sensitive side wins.
        let g = Graph::from_pairs(4, &[(0, 1), (0, 2), (1, 3), (2, 3)]);
        let local = [None, Some(1), Some(3), None];
        assert_eq!(
            reaches_data(&g, &local),
            vec![Some(3), Some(1), Some(3), None]
        );
    }

    /// Hops of the shortest path of one flow or more from `s` to each node
    /// (`usize::MAX`: none), by a plain breadth-first search.
    fn hops_from(n: usize, edges: &[(u32, u32)], s: u32) -> Vec<usize> {
        let mut hops = vec![usize::MAX; n];
        let mut frontier = vec![s];
        let mut d = 0;
        while !frontier.is_empty() {
            d += 1;
            let mut next = Vec::new();
            for &v in &frontier {
                for &(a, b) in edges {
                    if a == v && hops[b as usize] == usize::MAX {
                        hops[b as usize] = d;
                        next.push(b);
                    }
                }
            }
            frontier = next;
        }
        hops
    }

    #[test]
    fn the_derived_values_agree_with_a_naive_search_on_random_graphs() {
        let mut state: u64 = 0x5eed_2025;
        let mut below = |n: u64| {
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            ((z ^ (z >> 31)) % n) as usize
        };
        for round in 0..1000 {
            let n = 1 + below(10);
            let m = below(3 * n as u64 + 1);
            let edges: Vec<(u32, u32)> = (0..m)
                .map(|_| (below(n as u64) as u32, below(n as u64) as u32))
                .collect();
            let zone: Vec<Option<usize>> = (0..n).map(|_| Some(below(5))).collect();
            let local: Vec<Option<usize>> =
                (0..n).map(|_| [None, Some(below(6))][below(2)]).collect();
            let g = Graph::from_pairs(n, &edges);
            let hops: Vec<Vec<usize>> = (0..n as u32).map(|s| hops_from(n, &edges, s)).collect();
            let want: Vec<Option<Reached>> = (0..n)
                .map(|v| {
                    (0..n)
                        .filter(|&s| s != v && hops[s][v] != usize::MAX)
                        .map(|s| (zone[s].unwrap(), hops[s][v]))
                        .min()
                        .map(|(level, hops)| Reached { level, hops })
                })
                .collect();
            let context = format!("round {round}: edges {edges:?}, zone {zone:?}, local {local:?}");
            assert_eq!(reached_from(&g, &zone, 5), want, "{context}");
            let data: Vec<Option<usize>> = (0..n)
                .map(|v| {
                    (0..n)
                        .filter(|&u| u == v || hops[v][u] != usize::MAX)
                        .filter_map(|u| local[u])
                        .max()
                })
                .collect();
            assert_eq!(reaches_data(&g, &local), data, "{context}");
            for s in 0..n {
                for backward in [false, true] {
                    let set = g.reach_set(s as u32, backward);
                    for v in 0..n {
                        let (a, b) = if backward { (v, s) } else { (s, v) };
                        let got = set[v / 64] & (1 << (v % 64)) != 0;
                        assert_eq!(got, hops[a][b] != usize::MAX, "{context}: {a} -> {b}");
                    }
                }
            }
        }
    }
}
