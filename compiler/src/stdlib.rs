//! The embedded `.tm` files: the standard library in `stdlib/` (every
//! element kind, record, enum and stdlib predicate), the built-in threat
//! libraries in `threats/tmc/` and `threats/pytm/` and the tests of tmc's
//! in `threats/tmc/tests/`, so `tmc` needs no files beside it; and their
//! parsed trees, kept between compilations.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use crate::diagnostic::Diagnostic;
use crate::source::FileId;
use crate::syntax::{self, ast::File};

/// (name shown in messages, text), in load order.
pub(crate) const FILES: &[(&str, &str)] = &[
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
    ("<stdlib>/triage.tm", include_str!("../../stdlib/triage.tm")),
];

/// A threat library built into `tmc`: tmc's own (the default) or pytm
/// 1.4's, kept unchanged for parity (`--library`, the model's `library`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Builtin {
    Tmc,
    Pytm,
}

impl Builtin {
    /// Every built-in library, the default first.
    pub(crate) const ALL: [Builtin; 2] = [Builtin::Tmc, Builtin::Pytm];

    /// Its name, as `--library` and the model's `library` write it.
    pub fn name(self) -> &'static str {
        match self {
            Builtin::Tmc => "tmc",
            Builtin::Pytm => "pytm",
        }
    }

    pub(crate) fn named(name: &str) -> Option<Builtin> {
        Builtin::ALL.into_iter().find(|b| b.name() == name)
    }

    /// Its files, (name shown in messages, text), in load order.
    pub(crate) fn files(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Builtin::Tmc => TMC_THREATS,
            Builtin::Pytm => PYTM_THREATS,
        }
    }
}

/// pytm 1.4's 114 threats, as rules.
pub(crate) const PYTM_THREATS: &[(&str, &str)] = &[
    (
        "<pytm>/input-1.tm",
        include_str!("../../threats/pytm/input-1.tm"),
    ),
    (
        "<pytm>/input-2.tm",
        include_str!("../../threats/pytm/input-2.tm"),
    ),
    (
        "<pytm>/access.tm",
        include_str!("../../threats/pytm/access.tm"),
    ),
    ("<pytm>/data.tm", include_str!("../../threats/pytm/data.tm")),
    (
        "<pytm>/platform.tm",
        include_str!("../../threats/pytm/platform.tm"),
    ),
    ("<pytm>/llm.tm", include_str!("../../threats/pytm/llm.tm")),
];

/// The order of pytm 1.4's threats file, one id per line
/// (threats/pytm/order.txt).
const PYTM_ORDER: &str = include_str!("../../threats/pytm/order.txt");

/// Where pytm 1.4's threats file lists the threat `id` (0 for the first),
/// the order pytm checks threats in; None for a threat it does not have.
pub fn pytm_rank(id: &str) -> Option<usize> {
    pytm_order().position(|listed| listed == id)
}

fn pytm_order() -> impl Iterator<Item = &'static str> {
    PYTM_ORDER
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// tmc's own library, the default: threats that read the whole model
/// (trust levels, controls, data), many of them refining a pytm threat.
pub(crate) const TMC_THREATS: &[(&str, &str)] = &[
    ("<tmc>/input.tm", include_str!("../../threats/tmc/input.tm")),
    (
        "<tmc>/access.tm",
        include_str!("../../threats/tmc/access.tm"),
    ),
    ("<tmc>/data.tm", include_str!("../../threats/tmc/data.tm")),
    (
        "<tmc>/boundary.tm",
        include_str!("../../threats/tmc/boundary.tm"),
    ),
    (
        "<tmc>/platform.tm",
        include_str!("../../threats/tmc/platform.tm"),
    ),
    ("<tmc>/llm.tm", include_str!("../../threats/tmc/llm.tm")),
    (
        "<tmc>/network.tm",
        include_str!("../../threats/tmc/network.tm"),
    ),
    (
        "<tmc>/config.tm",
        include_str!("../../threats/tmc/config.tm"),
    ),
    (
        "<tmc>/identity.tm",
        include_str!("../../threats/tmc/identity.tm"),
    ),
    (
        "<tmc>/operations.tm",
        include_str!("../../threats/tmc/operations.tm"),
    ),
    (
        "<tmc>/supply.tm",
        include_str!("../../threats/tmc/supply.tm"),
    ),
    (
        "<tmc>/secrets.tm",
        include_str!("../../threats/tmc/secrets.tm"),
    ),
    (
        "<tmc>/people.tm",
        include_str!("../../threats/tmc/people.tm"),
    ),
    (
        "<tmc>/hygiene.tm",
        include_str!("../../threats/tmc/hygiene.tm"),
    ),
    (
        "<tmc>/client.tm",
        include_str!("../../threats/tmc/client.tm"),
    ),
    ("<tmc>/paths.tm", include_str!("../../threats/tmc/paths.tm")),
    (
        "<tmc>/privacy.tm",
        include_str!("../../threats/tmc/privacy.tm"),
    ),
    ("<tmc>/ai.tm", include_str!("../../threats/tmc/ai.tm")),
];

/// The tests of tmc's library, (name shown in messages,
/// text): models with `Expect` declarations, run by `tmc test` when it is
/// given no files. Each is compiled as a model of its own.
pub const RULE_TESTS: &[(&str, &str)] = &[
    (
        "<tmc>/tests/sniffing.tm",
        include_str!("../../threats/tmc/tests/sniffing.tm"),
    ),
    (
        "<tmc>/tests/sessions.tm",
        include_str!("../../threats/tmc/tests/sessions.tm"),
    ),
    (
        "<tmc>/tests/data-leak.tm",
        include_str!("../../threats/tmc/tests/data-leak.tm"),
    ),
    (
        "<tmc>/tests/data-zones.tm",
        include_str!("../../threats/tmc/tests/data-zones.tm"),
    ),
    (
        "<tmc>/tests/credentials.tm",
        include_str!("../../threats/tmc/tests/credentials.tm"),
    ),
    (
        "<tmc>/tests/privilege.tm",
        include_str!("../../threats/tmc/tests/privilege.tm"),
    ),
    (
        "<tmc>/tests/injection.tm",
        include_str!("../../threats/tmc/tests/injection.tm"),
    ),
    (
        "<tmc>/tests/web.tm",
        include_str!("../../threats/tmc/tests/web.tm"),
    ),
    (
        "<tmc>/tests/platform.tm",
        include_str!("../../threats/tmc/tests/platform.tm"),
    ),
    (
        "<tmc>/tests/llm.tm",
        include_str!("../../threats/tmc/tests/llm.tm"),
    ),
    (
        "<tmc>/tests/storage.tm",
        include_str!("../../threats/tmc/tests/storage.tm"),
    ),
    (
        "<tmc>/tests/exposure.tm",
        include_str!("../../threats/tmc/tests/exposure.tm"),
    ),
    (
        "<tmc>/tests/cloud.tm",
        include_str!("../../threats/tmc/tests/cloud.tm"),
    ),
    (
        "<tmc>/tests/infra-network.tm",
        include_str!("../../threats/tmc/tests/infra-network.tm"),
    ),
    (
        "<tmc>/tests/infra-config.tm",
        include_str!("../../threats/tmc/tests/infra-config.tm"),
    ),
    (
        "<tmc>/tests/infra-identity.tm",
        include_str!("../../threats/tmc/tests/infra-identity.tm"),
    ),
    (
        "<tmc>/tests/infra-operations.tm",
        include_str!("../../threats/tmc/tests/infra-operations.tm"),
    ),
    (
        "<tmc>/tests/supply.tm",
        include_str!("../../threats/tmc/tests/supply.tm"),
    ),
    (
        "<tmc>/tests/containers.tm",
        include_str!("../../threats/tmc/tests/containers.tm"),
    ),
    (
        "<tmc>/tests/secrets.tm",
        include_str!("../../threats/tmc/tests/secrets.tm"),
    ),
    (
        "<tmc>/tests/paths.tm",
        include_str!("../../threats/tmc/tests/paths.tm"),
    ),
    (
        "<tmc>/tests/deserialization.tm",
        include_str!("../../threats/tmc/tests/deserialization.tm"),
    ),
    (
        "<tmc>/tests/people.tm",
        include_str!("../../threats/tmc/tests/people.tm"),
    ),
    (
        "<tmc>/tests/hygiene.tm",
        include_str!("../../threats/tmc/tests/hygiene.tm"),
    ),
    (
        "<tmc>/tests/client.tm",
        include_str!("../../threats/tmc/tests/client.tm"),
    ),
    (
        "<tmc>/tests/privacy-stores.tm",
        include_str!("../../threats/tmc/tests/privacy-stores.tm"),
    ),
    (
        "<tmc>/tests/privacy-sharing.tm",
        include_str!("../../threats/tmc/tests/privacy-sharing.tm"),
    ),
    (
        "<tmc>/tests/ai-agents.tm",
        include_str!("../../threats/tmc/tests/ai-agents.tm"),
    ),
    (
        "<tmc>/tests/ai-models.tm",
        include_str!("../../threats/tmc/tests/ai-models.tm"),
    ),
];

/// Every embedded file: the stdlib's, then each built-in library's.
pub fn embedded() -> impl Iterator<Item = &'static (&'static str, &'static str)> {
    FILES
        .iter()
        .chain(Builtin::ALL.into_iter().flat_map(Builtin::files))
}

/// The syntax tree of the embedded file `name` (of `FILES` or a built-in library)
/// loaded as `file`. Trees are kept for the life of the process and shared,
/// since a long-lived front end (the language server) compiles the same
/// library on every edit: a tree whose spans point at the same `FileId` is
/// reused as it is, instead of parsing 660 KB again (or copying the tree,
/// which took 4 ms a compile). The stdlib always gets the same ids; the
/// threat files do as long as the model loads the same number of files
/// before them.
pub(crate) fn parse(
    file: FileId,
    name: &'static str,
    text: &'static str,
) -> Result<Arc<File>, Diagnostic> {
    static TREES: Mutex<BTreeMap<&str, (FileId, Arc<File>)>> = Mutex::new(BTreeMap::new());
    let cached = TREES.lock().ok().and_then(|trees| match trees.get(name) {
        Some((id, tree)) if *id == file => Some(tree.clone()),
        _ => None,
    });
    if let Some(tree) = cached {
        return Ok(tree);
    }
    let tree = Arc::new(syntax::parse(file, text)?);
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
        let fresh = syntax::parse(FileId(0), text).expect("the stdlib parses");
        let first = parse(FileId(0), name, text).expect("parses");
        assert_eq!(*first, fresh);
        // The same tree again, shared rather than copied.
        let again = parse(FileId(0), name, text).expect("cached");
        assert!(Arc::ptr_eq(&first, &again));
        // Another id: parsed again, spans in the new file.
        let moved = parse(FileId(7), name, text).expect("parses");
        assert_eq!(*moved, syntax::parse(FileId(7), text).expect("parses"));
        assert_ne!(*moved, fresh);
    }

    /// threats/pytm/order.txt lists every threat of pytm's library, once.
    #[test]
    fn pytms_order_lists_each_of_its_threats_once() {
        let mut options = crate::Options::default();
        options.threats.library = Some(Builtin::Pytm);
        let c = crate::compile_with(
            &[std::path::PathBuf::from("m.tm")],
            &options,
            &crate::OneFile("model \"M\" { description = \"d\" }\n"),
        );
        let mut library: Vec<&str> = c.library.threats.iter().map(|t| t.id.as_str()).collect();
        library.sort_unstable();
        let mut listed: Vec<&str> = pytm_order().collect();
        listed.sort_unstable();
        assert_eq!(listed, library);
        assert_eq!(pytm_rank("INP01"), Some(0));
        assert_eq!(pytm_rank("LLM09"), Some(113));
        assert_eq!(pytm_rank("NOPE"), None);
    }
}
