//! Errors that only follow from a syntax error. A declaration that did not
//! parse is skipped (`syntax::recover`), so every use of a name it declares
//! would be reported as unknown, and a model whose `model` declaration is
//! broken as having none. Those diagnostics say nothing the syntax error
//! does not: they are dropped.

use std::collections::HashSet;

use crate::diagnostic::Diagnostic;
use crate::source::Sources;
use crate::syntax::ast;

/// What the skipped declarations of a compilation declared.
#[derive(Default)]
pub(crate) struct Broken {
    names: HashSet<String>,
    model: bool,
    /// How many declarations (or rests of files) were skipped.
    pub count: usize,
}

/// The codes of "this name is not declared" errors.
const UNKNOWN: [&str; 6] = [
    "undefined-reference",
    "unknown-kind",
    "unknown-name",
    "unknown-predicate",
    "unknown-type",
    "unknown-threat",
];

impl Broken {
    /// The skipped declarations of `trees`.
    pub(crate) fn of<'a>(trees: impl Iterator<Item = &'a ast::File>) -> Broken {
        let mut broken = Broken::default();
        for decl in trees.flat_map(|t| &t.broken) {
            broken.count += 1;
            broken.model |= decl.model;
            broken
                .names
                .extend(decl.names.iter().map(|n| n.name.to_string()));
        }
        broken
    }

    /// Drops from `diagnostics` the errors that only follow from the
    /// skipped declarations: a use of a name one of them declares, or a
    /// missing `model` when it is the one skipped.
    pub(crate) fn drop_cascades(&self, sources: &Sources, diagnostics: &mut Vec<Diagnostic>) {
        if self.names.is_empty() && !self.model {
            return;
        }
        diagnostics.retain(|d| !self.explains(sources, d));
    }

    fn explains(&self, sources: &Sources, d: &Diagnostic) -> bool {
        if d.code == "missing-model" {
            return self.model;
        }
        UNKNOWN.contains(&d.code)
            && d.span()
                .is_some_and(|span| self.names.contains(sources.slice(span)))
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use crate::{compile_with, OneFile, Options};

    /// The codes and labelled texts of `text`'s diagnostics.
    fn diagnostics(text: &str) -> Vec<(&'static str, String)> {
        let c = compile_with(
            &[PathBuf::from("m.tm")],
            &Options::default(),
            &OneFile(text),
        );
        c.diagnostics
            .iter()
            .map(|d| {
                (
                    d.code,
                    d.span()
                        .map_or(String::new(), |s| c.sources.slice(s).into()),
                )
            })
            .collect()
    }

    #[test]
    fn uses_of_names_a_broken_declaration_declares_are_not_reported() {
        let text = "model \"m\" { description = \"d\" }\nServer web {\n  OS \"Linux\"\n}\nDatastore db\nData d \"D\" {\n  classification = SECRT\n  x = \n}\nflow web -> db \"q\" { data = [d] }\nflow web -> nowhere \"r\"\n";
        assert_eq!(
            diagnostics(text),
            vec![
                ("syntax", "\"Linux\"".to_string()),
                ("syntax", "}".to_string()),
                ("undefined-reference", "nowhere".to_string()),
            ]
        );
    }

    #[test]
    fn the_compilation_counts_the_skipped_declarations() {
        let count = |text: &str| {
            compile_with(
                &[PathBuf::from("m.tm")],
                &Options::default(),
                &OneFile(text),
            )
            .skipped
        };
        let header = "model \"m\" { description = \"d\" }\n";
        assert_eq!(count(&format!("{header}Server a\n")), 0);
        assert_eq!(
            count(&format!("{header}Server a {{ OS \"L\" }}\n# x\nServer b\n")),
            2
        );
        // An error the parser sees in a declaration it keeps skips nothing.
        assert_eq!(
            count(&format!(
                "{header}Server a {{ port = 99999999999999999999 }}\n"
            )),
            0
        );
    }

    #[test]
    fn a_broken_model_declaration_is_not_also_missing() {
        let codes: Vec<_> =
            diagnostics("model \"m\" {\n  description = = \"x\"\n}\nServer web \"W\"\n")
                .into_iter()
                .map(|(code, _)| code)
                .collect();
        assert_eq!(codes, ["syntax"]);
    }
}
