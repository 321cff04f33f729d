//! The identifiers an importer gives the objects it writes: each one
//! unique in the model, made from a name, or kept from an earlier
//! `tmc export` when the document recorded it; and what a valid
//! identifier is.

use std::collections::{HashMap, HashSet};

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

/// A readable identifier from a display name: `Web Server` -> `web_server`.
pub(crate) fn identifier(name: &str, fallback: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let mut id = heck::ToSnakeCase::to_snake_case(ascii.as_str());
    if id.is_empty() {
        id = fallback.to_string();
    }
    if id.starts_with(|c: char| c.is_ascii_digit()) {
        id = format!("{fallback}_{id}");
    }
    // Within the limit, with room for a number making it unique.
    id.truncate(tmc_syntax::syntax::limits::MAX_IDENTIFIER - 16);
    // An identifier made from a name avoids the words the grammar reserves.
    if tmc_syntax::syntax::is_keyword(&id) {
        id.push('_');
    }
    id
}

/// Whether `id` can be a tmc identifier as it is: letters, digits and
/// `_`, not starting with a digit, no keyword, within the length limit.
pub(crate) fn is_identifier(id: &str) -> bool {
    let mut chars = id.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && id.len() <= tmc_syntax::syntax::limits::MAX_IDENTIFIER
        && !tmc_syntax::syntax::is_keyword(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_snake_case_and_valid() {
        assert_eq!(identifier("Web Server", "element"), "web_server");
        assert_eq!(
            identifier("(λ)Periodically cleans DB", "flow"),
            "periodically_cleans_db"
        );
        assert_eq!(identifier("SQL Database", "element"), "sql_database");
        assert_eq!(identifier("λ", "data"), "data");
        assert_eq!(identifier("3rd party", "element"), "element_3rd_party");
        assert_eq!(identifier("Model", "element"), "model_");
        let long = identifier(&"Long name ".repeat(1000), "element");
        assert!(
            long.len() < tmc_syntax::syntax::limits::MAX_IDENTIFIER - 10,
            "{long}"
        );
    }

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
