//! Hash maps for the keys the compiler looks up by the million on a large
//! model: identifiers, kind and attribute names, object ids. They hash with
//! foldhash, which on keys this short costs a fraction of the standard
//! library's SipHash, and, like SipHash, is seeded afresh in each process:
//! keys that collide cannot be prepared in a model to make lookups slow
//! (identifiers come from the user's files). Iteration order is no more
//! stable than a standard map's, so no output iterates these maps.

use std::collections::{HashMap, HashSet};

/// A `HashMap` hashed with foldhash.
pub(crate) type Map<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// A `HashSet` hashed with foldhash.
pub(crate) type Set<K> = HashSet<K, foldhash::fast::RandomState>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_map_finds_what_it_holds() {
        let mut m: Map<String, usize> = Map::default();
        for i in 0..1000 {
            m.insert(format!("e{i}"), i);
        }
        assert!((0..1000).all(|i| m.get(&format!("e{i}")) == Some(&i)));
        assert_eq!(m.get("e1000"), None);
    }
}
