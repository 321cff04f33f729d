//! `Name`: a name from the schema, interned: attribute names, and the
//! enum and member names of enum values. Each distinct name is stored once
//! for the life of the process and numbered, so that attribute maps
//! (`Attrs`) compare and find names by number instead of comparing
//! strings; a `Name` is one pointer to its entry. Names come from the
//! schema (the stdlib's and the user's kinds, records and enums), so there
//! are a few hundred of them; a language server keeps the names a user
//! declared while typing, which is a few bytes per name ever declared.

use std::cell::RefCell;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::{OnceLock, RwLock};

use crate::hash::Map;

/// An interned attribute name: a pointer to its number and its text.
#[derive(Clone, Copy)]
pub struct Name(&'static Entry);

struct Entry {
    id: u32,
    text: &'static str,
}

/// Every name interned so far, by text.
fn names() -> &'static RwLock<Map<&'static str, &'static Entry>> {
    static NAMES: OnceLock<RwLock<Map<&'static str, &'static Entry>>> = OnceLock::new();
    NAMES.get_or_init(Default::default)
}

impl Name {
    /// The name `text`, interned on first use.
    pub(crate) fn new(text: &str) -> Name {
        if let Some(name) = Name::find(text) {
            return name;
        }
        // A poisoned lock still holds a consistent map: every insertion is
        // one `insert` call.
        let mut names = names().write().unwrap_or_else(|e| e.into_inner());
        if let Some(&entry) = names.get(text) {
            return Name(entry);
        }
        let id = u32::try_from(names.len()).expect("fewer than 2^32 attribute names");
        let text: &'static str = Box::leak(text.into());
        let entry: &'static Entry = Box::leak(Box::new(Entry { id, text }));
        names.insert(text, entry);
        Name(entry)
    }

    /// The name `text` if it was ever interned: a name never interned is
    /// in no attribute map. Each thread keeps the names it found in a map
    /// of its own, so the threads checking a large model do not all take
    /// the shared lock for every attribute they look up (names are never
    /// removed, so a name once found stays right).
    pub(crate) fn find(text: &str) -> Option<Name> {
        thread_local! {
            static FOUND: RefCell<Map<&'static str, Name>> = RefCell::default();
        }
        FOUND.with_borrow_mut(|found| {
            if let Some(&name) = found.get(text) {
                return Some(name);
            }
            let names = names().read().unwrap_or_else(|e| e.into_inner());
            let name = names.get(text).map(|&entry| Name(entry))?;
            found.insert(name.as_str(), name);
            Some(name)
        })
    }

    /// The name's number: names interned earlier have smaller numbers.
    pub fn id(self) -> usize {
        self.0.id as usize
    }

    pub fn as_str(self) -> &'static str {
        self.0.text
    }
}

impl PartialEq for Name {
    fn eq(&self, other: &Name) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}

impl Eq for Name {}

impl Hash for Name {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.id.hash(state);
    }
}

/// Names order by their text, so that maps list attributes alphabetically.
impl Ord for Name {
    fn cmp(&self, other: &Name) -> Ordering {
        if self == other {
            return Ordering::Equal;
        }
        self.as_str().cmp(other.as_str())
    }
}

impl PartialOrd for Name {
    fn partial_cmp(&self, other: &Name) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::ops::Deref for Name {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_text_one_name() {
        let a = Name::new("isHardened-test");
        let b = Name::new(&String::from("isHardened-test"));
        assert_eq!(a, b);
        assert_eq!(a.id(), b.id());
        assert_eq!(a.as_str(), "isHardened-test");
        assert_eq!(Name::find("isHardened-test"), Some(a));
        assert_eq!(Name::find("never-interned-anywhere"), None);
    }

    #[test]
    fn a_name_interned_after_a_failed_find_is_found() {
        assert_eq!(Name::find("later-find-test"), None);
        let made = std::thread::spawn(|| Name::new("later-find-test"))
            .join()
            .unwrap();
        assert_eq!(Name::find("later-find-test"), Some(made));
        // Now from this thread's own map.
        assert_eq!(Name::find("later-find-test"), Some(made));
    }

    #[test]
    fn names_order_by_text_not_by_number() {
        let z = Name::new("zz-order-test");
        let a = Name::new("aa-order-test");
        assert!(a.id() > z.id());
        assert!(a < z);
    }
}
