//! Hash maps for the keys the compiler looks up by the million on a large
//! model: identifiers, kind and attribute names, object ids. They hash with
//! FNV-1a, which on keys this short costs a fraction of the standard
//! library's SipHash. SipHash resists keys chosen to collide; these keys
//! come from the model being compiled, and its author gains nothing from
//! slowing their own build.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A `HashMap` hashed with FNV-1a.
pub type Map<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// The FNV-1a hash (64 bits).
#[derive(Clone, Copy)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_1a_of_known_inputs() {
        // Reference values of FNV-1a (64 bits).
        let hash = |bytes: &[u8]| {
            let mut h = Fnv::default();
            h.write(bytes);
            h.finish()
        };
        assert_eq!(hash(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(hash(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(hash(b"foobar"), 0x8594_4171_f739_67e8);
    }

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
