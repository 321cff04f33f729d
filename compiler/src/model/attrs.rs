//! `Attrs`: the attribute values of one object (or record value) by name,
//! iterated in name order.
//!
//! Most of an object's hundred-odd attributes are its kind's defaults, the
//! same for every object of the kind. So a map is two layers: a `shared`
//! map, built once per kind and shared by reference, and the object's
//! `own` entries (what the model wrote and what `derive` computed), which
//! win over the shared ones. Copying a kind's defaults for a new object is
//! then one reference count, and ten thousand servers hold one copy of the
//! server defaults between them. Names are interned (`Name`), so lookups
//! and the merge of the two layers compare numbers, not strings.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use super::{Name, Value};

/// Attribute values by name.
#[derive(Clone, Default)]
pub struct Attrs {
    /// Values shared with other maps (a kind's defaults); read-only here.
    shared: Option<Arc<Shared>>,
    /// Entries of this map alone, over `shared`, in name order. There are
    /// few (what the model wrote, what derivation computed), so they are
    /// searched one by one, by number.
    own: Vec<Own>,
    /// One bit per own name (its number modulo 64): a name whose bit is
    /// clear has no own entry, so most lookups of a default never touch
    /// `own` (on a large model, reading it is a cache miss).
    mask: u64,
}

/// The bit of `name` in `Attrs::mask`.
fn bit(name: Name) -> u64 {
    1 << (name.id() % 64)
}

#[derive(Clone)]
struct Own {
    name: Name,
    /// Where the entry stands among the shared ones: the index of the
    /// shared entry it replaces, or of the first shared entry after it.
    at: usize,
    replaces: bool,
    /// `None`: a shared entry removed from this map.
    value: Option<Value>,
}

/// The shared layer: entries in name order, and where each name is, by
/// the name's number.
struct Shared {
    entries: Vec<(Name, Value)>,
    /// By name number: the entry's index + 1, or 0 for a name not here.
    slots: Vec<u32>,
}

impl Shared {
    fn new(entries: BTreeMap<String, Value>) -> Shared {
        let entries: Vec<(Name, Value)> = entries
            .into_iter()
            .map(|(name, value)| (Name::new(&name), value))
            .collect();
        let size = entries.iter().map(|(n, _)| n.id() + 1).max().unwrap_or(0);
        let mut slots = vec![0; size];
        for (i, (name, _)) in entries.iter().enumerate() {
            slots[name.id()] = i as u32 + 1;
        }
        Shared { entries, slots }
    }

    fn index(&self, name: Name) -> Option<usize> {
        match self.slots.get(name.id()) {
            Some(&slot) if slot > 0 => Some(slot as usize - 1),
            _ => None,
        }
    }

    fn get(&self, name: Name) -> Option<&Value> {
        self.index(name).map(|i| &self.entries[i].1)
    }

    /// Where an own entry `name` stands among these: `(index, replaces)`.
    fn place(&self, name: Name) -> (usize, bool) {
        match self.index(name) {
            Some(i) => (i, true),
            None => (self.entries.partition_point(|(n, _)| *n < name), false),
        }
    }
}

impl Attrs {
    pub(crate) fn new() -> Attrs {
        Attrs::default()
    }

    /// A map whose entries are shared by every clone of it: clones cost a
    /// reference count until they are written to.
    pub(crate) fn shared(values: BTreeMap<String, Value>) -> Attrs {
        Attrs {
            shared: Some(Arc::new(Shared::new(values))),
            own: Vec::new(),
            mask: 0,
        }
    }

    fn own_index(&self, name: Name) -> Option<usize> {
        if self.mask & bit(name) == 0 {
            return None;
        }
        self.own.iter().position(|o| o.name == name)
    }

    fn shared_get(&self, name: Name) -> Option<&Value> {
        self.shared.as_ref()?.get(name)
    }

    /// Adds an own entry for a name this map has no own entry for, in name
    /// order; returns its index.
    fn add_own(&mut self, name: Name, value: Option<Value>) -> usize {
        let (at, replaces) = match &self.shared {
            Some(shared) => shared.place(name),
            None => (0, false),
        };
        self.mask |= bit(name);
        let i = self.own.partition_point(|o| o.name < name);
        self.own.insert(
            i,
            Own {
                name,
                at,
                replaces,
                value,
            },
        );
        i
    }

    pub fn get(&self, name: &str) -> Option<&Value> {
        self.get_name(Name::find(name)?)
    }

    /// `get` by interned name: what rule conditions use.
    pub(crate) fn get_name(&self, name: Name) -> Option<&Value> {
        match self.own_index(name) {
            Some(i) => self.own[i].value.as_ref(),
            None => self.shared_get(name),
        }
    }

    /// The value of `name` to change in place; a shared value is first
    /// copied into this map.
    pub(crate) fn get_mut(&mut self, name: &str) -> Option<&mut Value> {
        let name = Name::find(name)?;
        let i = match self.own_index(name) {
            Some(i) => i,
            None => {
                let shared = self.shared_get(name)?.clone();
                self.add_own(name, Some(shared))
            }
        };
        self.own[i].value.as_mut()
    }

    /// Sets `name`.
    pub(crate) fn insert(&mut self, name: impl AsRef<str>, value: Value) {
        self.insert_name(Name::new(name.as_ref()), value);
    }

    /// Room for `more` entries of this map's own, without the doubling a
    /// growing vector does: for a pass that adds a few to every object.
    pub(crate) fn reserve(&mut self, more: usize) {
        self.own.reserve_exact(more);
    }

    /// `insert` by interned name.
    pub(crate) fn insert_name(&mut self, name: Name, value: Value) {
        match self.own_index(name) {
            Some(i) => self.own[i].value = Some(value),
            None => {
                self.add_own(name, Some(value));
            }
        }
    }

    /// Removes `name`, returning the value it had.
    pub(crate) fn remove(&mut self, name: &str) -> Option<Value> {
        let name = Name::find(name)?;
        match self.own_index(name) {
            Some(i) if self.own[i].replaces => self.own[i].value.take(),
            Some(i) => self.own.remove(i).value,
            None => {
                let had = self.shared_get(name)?.clone();
                self.add_own(name, None);
                Some(had)
            }
        }
    }

    /// Every entry, in name order.
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            shared: self.shared.as_deref().map_or(&[], |s| &s.entries),
            own: &self.own,
            next_shared: 0,
            next_own: 0,
        }
    }

    /// The layer of entries this map shares with others (a kind's or a
    /// record's defaults), if it has one: equal for every map cloned from
    /// the same one, for as long as they live.
    pub fn layer(&self) -> Option<Layer<'_>> {
        self.shared.as_deref().map(|s| Layer(&s.entries))
    }

    /// The entries in name order, as `iter` gives them, but with each
    /// unbroken run of shared entries given as one `Segment::Shared`: a
    /// writer that has laid out the shared layer once (`layer`) copies a
    /// run whole instead of entry by entry.
    pub fn segments(&self) -> Segments<'_> {
        Segments {
            shared: self.shared.as_deref().map_or(0, |s| s.entries.len()),
            own: &self.own,
            next_shared: 0,
            next_own: 0,
        }
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.iter().map(|(k, _)| k)
    }

    pub fn len(&self) -> usize {
        self.iter().count()
    }

    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }
}

/// The entries of an `Attrs` in name order: the two layers merged by
/// position (no name comparisons), own entries winning, removed ones
/// skipped.
pub struct Iter<'a> {
    shared: &'a [(Name, Value)],
    own: &'a [Own],
    next_shared: usize,
    next_own: usize,
}

impl<'a> Iterator for Iter<'a> {
    type Item = (&'a str, &'a Value);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let own = self.own.get(self.next_own);
            let shared = self.shared.get(self.next_shared);
            match (own, shared) {
                (None, None) => return None,
                (Some(o), Some((name, value))) if o.at > self.next_shared => {
                    self.next_shared += 1;
                    return Some((name.as_str(), value));
                }
                (None, Some((name, value))) => {
                    self.next_shared += 1;
                    return Some((name.as_str(), value));
                }
                (Some(o), _) => {
                    if o.replaces {
                        self.next_shared += 1;
                    }
                    self.next_own += 1;
                    if let Some(value) = &o.value {
                        return Some((o.name.as_str(), value));
                    }
                }
            }
        }
    }
}

/// The shared layer of an `Attrs`: its entries in name order. Two maps
/// have the same layer (`==`, and the same hash) when they share it.
#[derive(Clone, Copy)]
pub struct Layer<'a>(&'a [(Name, Value)]);

impl<'a> Layer<'a> {
    pub fn entries(self) -> &'a [(Name, Value)] {
        self.0
    }
}

impl PartialEq for Layer<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}

impl Eq for Layer<'_> {}

impl std::hash::Hash for Layer<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        std::ptr::hash(self.0, state)
    }
}

/// A stretch of an `Attrs`'s entries in name order (`Attrs::segments`).
#[derive(Debug, PartialEq)]
pub enum Segment<'a> {
    /// Entries `range` of the shared layer, none of them overridden.
    Shared(std::ops::Range<usize>),
    /// One entry of the map's own.
    Own(&'a str, &'a Value),
}

/// The segments of an `Attrs`: `Iter`'s merge, shared runs kept whole.
pub struct Segments<'a> {
    /// How many shared entries there are.
    shared: usize,
    own: &'a [Own],
    next_shared: usize,
    next_own: usize,
}

impl<'a> Iterator for Segments<'a> {
    type Item = Segment<'a>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let own = self.own.get(self.next_own);
            // The shared entries before the next own one (all that are
            // left, after the last).
            let until = own.map_or(self.shared, |o| o.at.min(self.shared));
            if until > self.next_shared {
                let run = self.next_shared..until;
                self.next_shared = until;
                return Some(Segment::Shared(run));
            }
            let o = own?;
            if o.replaces {
                self.next_shared += 1;
            }
            self.next_own += 1;
            if let Some(value) = &o.value {
                return Some(Segment::Own(o.name.as_str(), value));
            }
        }
    }
}

impl<'a> IntoIterator for &'a Attrs {
    type Item = (&'a str, &'a Value);
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl IntoIterator for Attrs {
    type Item = (String, Value);
    type IntoIter = std::vec::IntoIter<(String, Value)>;

    fn into_iter(self) -> Self::IntoIter {
        let entries: Vec<(String, Value)> = self
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
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
                Value::Int(n) => (k.to_string(), *n),
                other => panic!("unexpected {other:?}"),
            })
            .collect()
    }

    #[test]
    fn own_entries_merge_with_shared_ones_in_name_order() {
        let mut attrs = defaults();
        attrs.insert("a", Value::Int(1));
        attrs.insert("d", Value::Int(40));
        attrs.insert("e", Value::Int(5));
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
        assert!(copy.get("b").is_none());
        assert_eq!(entries(&copy), [("d".to_string(), 4)]);
        assert!(base.get("b").is_some());
        copy.insert("b", Value::Int(7));
        assert_eq!(copy.get("b"), Some(&Value::Int(7)));
    }

    #[test]
    fn names_sharing_a_mask_bit_are_told_apart() {
        // More names than bits: several share each bit.
        let names: Vec<String> = (0..150).map(|i| format!("mask-test-{i}")).collect();
        let mut attrs = defaults();
        for (i, name) in names.iter().enumerate().step_by(2) {
            attrs.insert(name, Value::Int(i as i64));
        }
        for (i, name) in names.iter().enumerate() {
            let expected = (i % 2 == 0).then_some(Value::Int(i as i64));
            assert_eq!(attrs.get(name), expected.as_ref(), "{name}");
        }
        assert_eq!(attrs.get("b"), Some(&Value::Int(2)));
        assert_eq!(attrs.remove("mask-test-0"), Some(Value::Int(0)));
        assert_eq!(attrs.get("mask-test-0"), None);
        assert_eq!(attrs.get("mask-test-2"), Some(&Value::Int(2)));
    }

    /// `attrs`'s entries through `segments`, shared runs looked up in
    /// its layer.
    fn through_segments(attrs: &Attrs) -> Vec<(String, Value)> {
        let shared = attrs.layer().map_or(&[][..], |l| l.entries());
        let mut out = Vec::new();
        for segment in attrs.segments() {
            match segment {
                Segment::Shared(run) => {
                    assert!(!run.is_empty());
                    out.extend(shared[run].iter().map(|(n, v)| (n.to_string(), v.clone())));
                }
                Segment::Own(name, value) => out.push((name.to_string(), value.clone())),
            }
        }
        out
    }

    #[test]
    fn segments_give_the_entries_iter_gives() {
        let base = Attrs::shared(BTreeMap::from_iter(
            ["b", "d", "f", "h"].map(|k| (k.to_string(), Value::Str(k.to_string()))),
        ));
        // Every mix of own entries before, between, over and after the
        // shared ones, set or removed.
        let changes = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
        for mask in 0..3u32.pow(changes.len() as u32) {
            let mut attrs = base.clone();
            let mut m = mask;
            for name in changes {
                match m % 3 {
                    1 => attrs.insert(name, Value::Int(1)),
                    2 => {
                        attrs.remove(name);
                    }
                    _ => {}
                }
                m /= 3;
            }
            let expected: Vec<(String, Value)> = attrs
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect();
            assert_eq!(through_segments(&attrs), expected, "changes {mask}");
            assert!(attrs.layer() == base.layer());
        }
        let plain: Attrs = [("x".to_string(), Value::Int(1))].into_iter().collect();
        assert!(plain.layer().is_none());
        assert_eq!(through_segments(&plain), [("x".to_string(), Value::Int(1))]);
        assert!(defaults().layer() != base.layer());
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
