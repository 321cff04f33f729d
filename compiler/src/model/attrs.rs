//! `Attrs`: the attribute values of one object (or record value) by name,
//! iterated in name order.
//!
//! Most of an object's hundred-odd attributes are its kind's defaults, the
//! same for every object of the kind. So a map is two layers: a `shared`
//! map, built once per kind and shared by reference, and the object's
//! `own` entries (what the model wrote and what `derive` computed), which
//! win over the shared ones. Copying a kind's defaults for a new object is
//! then one reference count, and ten thousand servers hold one copy of the
//! server defaults between them.

use std::cmp::Ordering;
use std::collections::btree_map;
use std::collections::BTreeMap;
use std::fmt;
use std::iter::Peekable;
use std::sync::Arc;

use super::Value;

/// Attribute values by name.
#[derive(Clone, Default)]
pub struct Attrs {
    /// Values shared with other maps (a kind's defaults); read-only here.
    shared: Option<Arc<BTreeMap<String, Value>>>,
    /// Entries of this map alone, over `shared`. `None` marks a shared
    /// entry removed from this map.
    own: BTreeMap<String, Option<Value>>,
}

impl Attrs {
    pub fn new() -> Attrs {
        Attrs::default()
    }

    /// A map whose entries are shared by every clone of it: clones cost a
    /// reference count until they are written to.
    pub fn shared(values: BTreeMap<String, Value>) -> Attrs {
        Attrs {
            shared: Some(Arc::new(values)),
            own: BTreeMap::new(),
        }
    }

    pub fn get(&self, name: &str) -> Option<&Value> {
        match self.own.get(name) {
            Some(own) => own.as_ref(),
            None => self.shared.as_ref()?.get(name),
        }
    }

    /// The value of `name` to change in place; a shared value is first
    /// copied into this map.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut Value> {
        if !self.own.contains_key(name) {
            let shared = self.shared.as_ref()?.get(name)?.clone();
            self.own.insert(name.to_string(), Some(shared));
        }
        self.own.get_mut(name)?.as_mut()
    }

    pub fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Sets `name`.
    pub fn insert(&mut self, name: String, value: Value) {
        self.own.insert(name, Some(value));
    }

    /// Removes `name`, returning the value it had.
    pub fn remove(&mut self, name: &str) -> Option<Value> {
        let had = self.get(name).cloned()?;
        let in_shared = self.shared.as_ref().is_some_and(|s| s.contains_key(name));
        if in_shared {
            self.own.insert(name.to_string(), None);
        } else {
            self.own.remove(name);
        }
        Some(had)
    }

    /// Every entry, in name order.
    pub fn iter(&self) -> Iter<'_> {
        let shared = match &self.shared {
            Some(s) => s.iter(),
            None => EMPTY.iter(),
        };
        Iter {
            shared: shared.peekable(),
            own: self.own.iter().peekable(),
        }
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl Iterator<Item = &Value> {
        self.iter().map(|(_, v)| v)
    }

    pub fn len(&self) -> usize {
        self.iter().count()
    }

    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }
}

/// The shared layer of a map that has none.
static EMPTY: BTreeMap<String, Value> = BTreeMap::new();

/// The entries of an `Attrs` in name order: the two layers merged, own
/// entries winning, removed ones skipped.
pub struct Iter<'a> {
    shared: Peekable<btree_map::Iter<'a, String, Value>>,
    own: Peekable<btree_map::Iter<'a, String, Option<Value>>>,
}

impl<'a> Iterator for Iter<'a> {
    type Item = (&'a String, &'a Value);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let order = match (self.shared.peek(), self.own.peek()) {
                (None, None) => return None,
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (Some((s, _)), Some((o, _))) => s.cmp(o),
            };
            if order == Ordering::Equal {
                // Overridden (or removed) here: the own entry stands.
                self.shared.next();
            }
            let take_own = order != Ordering::Less;
            if !take_own {
                return self.shared.next();
            }
            if let Some((name, Some(value))) = self.own.next() {
                return Some((name, value));
            }
        }
    }
}

impl<'a> IntoIterator for &'a Attrs {
    type Item = (&'a String, &'a Value);
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl IntoIterator for Attrs {
    type Item = (String, Value);
    type IntoIter = std::vec::IntoIter<(String, Value)>;

    fn into_iter(self) -> Self::IntoIter {
        let entries: Vec<(String, Value)> =
            self.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        entries.into_iter()
    }
}

impl FromIterator<(String, Value)> for Attrs {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(entries: I) -> Attrs {
        let mut attrs = Attrs::new();
        attrs.extend(entries);
        attrs
    }
}

impl Extend<(String, Value)> for Attrs {
    fn extend<I: IntoIterator<Item = (String, Value)>>(&mut self, entries: I) {
        for (name, value) in entries {
            self.insert(name, value);
        }
    }
}

/// Maps are equal when they hold the same entries, however layered.
impl PartialEq for Attrs {
    fn eq(&self, other: &Attrs) -> bool {
        self.iter().eq(other.iter())
    }
}

impl fmt::Debug for Attrs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defaults() -> Attrs {
        Attrs::shared(BTreeMap::from([
            ("b".to_string(), Value::Int(2)),
            ("d".to_string(), Value::Int(4)),
        ]))
    }

    fn entries(attrs: &Attrs) -> Vec<(String, i64)> {
        attrs
            .iter()
            .map(|(k, v)| match v {
                Value::Int(n) => (k.clone(), *n),
                other => panic!("unexpected {other:?}"),
            })
            .collect()
    }

    #[test]
    fn own_entries_merge_with_shared_ones_in_name_order() {
        let mut attrs = defaults();
        attrs.insert("a".into(), Value::Int(1));
        attrs.insert("d".into(), Value::Int(40));
        attrs.insert("e".into(), Value::Int(5));
        assert_eq!(
            entries(&attrs),
            [("a", 1), ("b", 2), ("d", 40), ("e", 5)].map(|(k, n)| (k.to_string(), n))
        );
        assert_eq!(attrs.len(), 4);
        assert_eq!(attrs.get("d"), Some(&Value::Int(40)));
        assert_eq!(attrs.get("b"), Some(&Value::Int(2)));
        assert_eq!(attrs.get("c"), None);
    }

    #[test]
    fn writing_a_clone_leaves_the_shared_values_alone() {
        let base = defaults();
        let mut copy = base.clone();
        *copy.get_mut("b").unwrap() = Value::Int(20);
        assert_eq!(copy.get("b"), Some(&Value::Int(20)));
        assert_eq!(base.get("b"), Some(&Value::Int(2)));
        assert_ne!(copy, base);
    }

    #[test]
    fn removed_shared_entries_are_gone_from_this_map_only() {
        let base = defaults();
        let mut copy = base.clone();
        assert_eq!(copy.remove("b"), Some(Value::Int(2)));
        assert_eq!(copy.remove("b"), None);
        assert!(!copy.contains_key("b"));
        assert_eq!(entries(&copy), [("d".to_string(), 4)]);
        assert!(base.contains_key("b"));
        copy.insert("b".into(), Value::Int(7));
        assert_eq!(copy.get("b"), Some(&Value::Int(7)));
    }

    #[test]
    fn equality_ignores_layering() {
        let layered = defaults();
        let flat: Attrs = [
            ("b".to_string(), Value::Int(2)),
            ("d".to_string(), Value::Int(4)),
        ]
        .into_iter()
        .collect();
        assert_eq!(layered, flat);
        assert!(Attrs::new().is_empty());
    }
}
