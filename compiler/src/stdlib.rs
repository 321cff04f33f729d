//! The embedded `.tm` files: the standard library in `stdlib/` (every
//! element kind, record, enum and stdlib predicate), the built-in threat
//! library in `threats/` and its tests in `threats/tests/`, so `tmc` needs
//! no files beside it; and their parsed trees, kept between compilations.

use std::collections::BTreeMap;
use std::sync::Mutex;

use crate::diagnostic::Diagnostic;
use crate::source::FileId;
use crate::syntax::{self, ast::File};

/// (name shown in messages, text), in load order.
pub const FILES: &[(&str, &str)] = &[
    ("<stdlib>/enums.tm", include_str!("../../stdlib/enums.tm")),
    (
        "<stdlib>/records.tm",
        include_str!("../../stdlib/records.tm"),
    ),
    (
        "<stdlib>/elements.tm",
        include_str!("../../stdlib/elements.tm"),
    ),
    ("<stdlib>/model.tm", include_str!("../../stdlib/model.tm")),
    ("<stdlib>/rules.tm", include_str!("../../stdlib/rules.tm")),
    ("<stdlib>/tests.tm", include_str!("../../stdlib/tests.tm")),
];

/// The built-in threat library, (name shown in messages, text).
pub const THREATS: &[(&str, &str)] = &[
    (
        "<threats>/input-1.tm",
        include_str!("../../threats/input-1.tm"),
    ),
    (
        "<threats>/input-2.tm",
        include_str!("../../threats/input-2.tm"),
    ),
    (
        "<threats>/access.tm",
        include_str!("../../threats/access.tm"),
    ),
    ("<threats>/data.tm", include_str!("../../threats/data.tm")),
    (
        "<threats>/platform.tm",
        include_str!("../../threats/platform.tm"),
    ),
    ("<threats>/llm.tm", include_str!("../../threats/llm.tm")),
];

/// The tests of the built-in threat library, (name shown in messages,
/// text): models with `Expect` declarations, run by `tmc test` when it is
/// given no files. Each is compiled as a model of its own.
pub const RULE_TESTS: &[(&str, &str)] = &[
    (
        "<threats>/tests/sniffing.tm",
        include_str!("../../threats/tests/sniffing.tm"),
    ),
    (
        "<threats>/tests/sessions.tm",
        include_str!("../../threats/tests/sessions.tm"),
    ),
    (
        "<threats>/tests/data-leak.tm",
        include_str!("../../threats/tests/data-leak.tm"),
    ),
    (
        "<threats>/tests/credentials.tm",
        include_str!("../../threats/tests/credentials.tm"),
    ),
    (
        "<threats>/tests/privilege.tm",
        include_str!("../../threats/tests/privilege.tm"),
    ),
];

/// The syntax tree of the embedded file `name` (of `FILES` or `THREATS`)
/// loaded as `file`. Trees are kept for the life of the process, since a
/// long-lived front end (the language server) compiles the same library
/// on every edit: a tree whose spans point at the same `FileId` is reused,
/// which copies it instead of parsing 250 KB again. The stdlib always gets
/// the same ids; the threat files do as long as the model loads the same
/// number of files before them.
pub fn parse(file: FileId, name: &'static str, text: &'static str) -> Result<File, Diagnostic> {
    static TREES: Mutex<BTreeMap<&str, (FileId, File)>> = Mutex::new(BTreeMap::new());
    let cached = TREES.lock().ok().and_then(|trees| match trees.get(name) {
        Some((id, tree)) if *id == file => Some(tree.clone()),
        _ => None,
    });
    if let Some(tree) = cached {
        return Ok(tree);
    }
    let tree = syntax::parse(file, text)?;
    if let Ok(mut trees) = TREES.lock() {
        trees.insert(name, (file, tree.clone()));
    }
    Ok(tree)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cached_tree_is_the_tree_parsed_for_the_same_file_id() {
        let (name, text) = FILES[0];
        let fresh = syntax::parse(0, text).expect("the stdlib parses");
        assert_eq!(parse(0, name, text).expect("parses"), fresh);
        assert_eq!(parse(0, name, text).expect("cached"), fresh);
        // Another id: parsed again, spans in the new file.
        let moved = parse(7, name, text).expect("parses");
        assert_eq!(moved, syntax::parse(7, text).expect("parses"));
        assert_ne!(moved, fresh);
    }
}
