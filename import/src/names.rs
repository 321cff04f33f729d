//! The identifiers an importer gives the objects it writes: each one
//! unique in the model, made from a name, or kept from an earlier
//! `tmc export` when the document recorded it.

use std::collections::{HashMap, HashSet};

use crate::pytm::{identifier, is_identifier};

/// The identifiers given so far.
#[derive(Default)]
pub(crate) struct Names {
    used: HashSet<String>,
    /// Identifiers objects keep from an earlier export: no other object is
    /// given one of them.
    reserved: HashSet<String>,
    /// The next number to try for each base.
    next: HashMap<String, usize>,
}

impl Names {
    /// Keeps `id` for the object that recorded it.
    pub(crate) fn reserve(&mut self, id: &str) {
        self.reserved.insert(id.to_string());
    }

    /// `kept` when it is an identifier no object has yet; else a unique one
    /// made from `name`, or from the document's `id` when the name gives
    /// none (`fallback` when neither does).
    pub(crate) fn ident(
        &mut self,
        name: &str,
        id: &str,
        fallback: &str,
        kept: Option<&str>,
    ) -> String {
        if let Some(k) = kept.filter(|k| is_identifier(k)) {
            if self.used.insert(k.to_string()) {
                return k.to_string();
            }
        }
        let mut base = identifier(name, "");
        if base.is_empty() {
            base = identifier(id, fallback);
        }
        self.fresh(base)
    }

    /// `base`, or `base_2`, `base_3`, ... when taken; repeats of a base
    /// count on from the last number given, so many equal names stay
    /// linear.
    pub(crate) fn fresh(&mut self, base: String) -> String {
        let mut id = base.clone();
        let n = self.next.entry(base.clone()).or_insert(2);
        while self.reserved.contains(&id) || !self.used.insert(id.clone()) {
            id = format!("{base}_{n}");
            *n += 1;
        }
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_kept_made_and_numbered_past_the_reserved() {
        let mut names = Names::default();
        names.reserve("web");
        assert_eq!(names.ident("Web", "x1", "element", Some("web")), "web");
        assert_eq!(names.ident("Web", "x2", "element", None), "web_2");
        assert_eq!(names.ident("Web", "x3", "element", Some("web")), "web_3");
        // No name: made from the document's id.
        assert_eq!(names.ident("", "42", "element", None), "element_42");
        assert_eq!(names.fresh("element_42".into()), "element_42_2");
        // The kept id only counts once given: another object asks for it.
        let mut names = Names::default();
        names.reserve("db");
        assert_eq!(names.fresh("db".into()), "db_2");
    }
}
