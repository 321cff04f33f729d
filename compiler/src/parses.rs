//! The parses one compilation leaves for the next. The language server
//! compiles the same files again on every edit; with the syntax tree of a
//! file's previous text at hand, its new text is reparsed where it changed
//! (`syntax::reparse`) rather than parsed whole. The command line, which
//! compiles once, keeps none (`Options::parses` is `None`).

use std::sync::{Arc, Mutex};

use crate::diagnostic::Diagnostic;
use crate::source::FileId;
use crate::syntax::{self, ast, Earlier};

/// How many files' parses are kept: the files of the few models being
/// edited. A syntax tree takes about ten times its text's size.
const KEPT: usize = 16;

/// The parses kept, most recent last; shared by the compilations that
/// clone it.
#[derive(Clone, Default)]
pub struct Parses(Arc<Mutex<Vec<(String, Earlier)>>>);

impl std::fmt::Debug for Parses {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Parses({} files)", self.kept().len())
    }
}

impl Parses {
    fn kept(&self) -> std::sync::MutexGuard<'_, Vec<(String, Earlier)>> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Parses `text`, the file named `name`, as `file`, from its kept
    /// parse when there is one; keeps the result for next time when it
    /// is clean.
    pub(crate) fn parse(
        &self,
        name: &str,
        file: FileId,
        text: &str,
    ) -> (Option<Arc<ast::File>>, Vec<Diagnostic>) {
        let earlier = {
            let mut kept = self.kept();
            let at = kept.iter().position(|(n, _)| n == name);
            at.map(|at| kept.remove(at).1)
        };
        let (tree, errors) = match earlier {
            Some(earlier) => syntax::reparse(file, text, earlier),
            None => syntax::parse_recovering(file, text),
        };
        // Only a clean parse is kept: copied only then.
        if let Some(tree) = tree.as_ref().filter(|_| errors.is_empty()) {
            if let Some(earlier) = Earlier::keep(text.to_string(), copy_of(tree), &errors) {
                let mut kept = self.kept();
                if kept.len() == KEPT {
                    kept.remove(0);
                }
                kept.push((name.to_string(), earlier));
            }
        }
        (tree.map(Arc::new), errors)
    }
}

/// A copy of `tree`, made on every core: the compilation takes the
/// declarations out of the tree it is given, and the copy stays for the
/// next reparse (about 20 ms on one core for 20,000 declarations).
fn copy_of(tree: &ast::File) -> ast::File {
    let runs = tmc_perf::split::runs(tree.items.len(), tmc_perf::MODEL_ITEMS, |range| {
        tree.items[range].to_vec()
    });
    let mut runs = runs.into_iter();
    let mut items = runs.next().unwrap_or_default();
    for mut run in runs {
        items.append(&mut run);
    }
    ast::File {
        items,
        broken: tree.broken.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_parse_gives_what_a_whole_parse_gives() {
        let parses = Parses::default();
        let text = "Actor a\nServer s { port = 1 }\nActor b\n";
        let (first, _) = parses.parse("m.tm", FileId(1), text);
        let edited = text.replace("port = 1", "port = 2");
        let (again, errors) = parses.parse("m.tm", FileId(2), &edited);
        let (whole, _) = syntax::parse_recovering(FileId(2), &edited);
        assert_eq!(again.as_deref(), whole.as_ref());
        assert!(errors.is_empty());
        assert_ne!(first, again);
        assert_eq!(parses.kept().len(), 1);
    }

    #[test]
    fn a_parse_with_errors_is_not_kept_and_the_oldest_go_first() {
        let parses = Parses::default();
        parses.parse("bad.tm", FileId(0), "Server s { port = }");
        assert!(parses.kept().is_empty());
        for n in 0..=KEPT {
            parses.parse(&format!("{n}.tm"), FileId(0), "Actor a");
        }
        let kept = parses.kept();
        assert_eq!(kept.len(), KEPT);
        assert_eq!(kept[0].0, "1.tm");
    }
}
