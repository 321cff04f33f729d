//! What the server last published, so that it publishes only what changed:
//! per file, a hash of the diagnostics last sent; per root, the files it
//! published for (to clear those a later compilation no longer reads).
//! A large model has tens of thousands of diagnostics in one file, which
//! the server serialises and the editor parses on every publish: an edit
//! that leaves a file's diagnostics as they were costs neither.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::BuildHasher;
use std::path::{Path, PathBuf};

use crate::analysis::Diagnostic;

/// The fingerprint of a file's diagnostics (64 bits of foldhash's quality
/// hash with a fixed seed: two different lists sharing one is too unlikely
/// to plan for). SipHash took about 10 ms over the 14 MB of diagnostics of
/// a 10,000-element model.
pub type Fingerprint = u64;

/// The fingerprint of `diagnostics`, in their order.
pub fn fingerprint(diagnostics: &[Diagnostic]) -> Fingerprint {
    foldhash::quality::FixedState::default().hash_one(diagnostics)
}

/// The diagnostics last published, by fingerprint.
#[derive(Default)]
pub struct Published {
    /// The files each root published diagnostics for.
    by_root: HashMap<PathBuf, BTreeSet<PathBuf>>,
    /// The fingerprint of what was last sent for each file.
    sent: HashMap<PathBuf, Fingerprint>,
}

impl Published {
    /// Of a compilation of `root` giving `now` (each file's fingerprint
    /// and its diagnostics, in any form), what to send: the diagnostics of
    /// the files whose diagnostics differ from those last sent, and `None`
    /// (an empty list) for each file the root published for before and no
    /// longer reads (unless it is clear already). Records the result as
    /// sent.
    pub fn plan<T>(
        &mut self,
        root: &Path,
        now: BTreeMap<PathBuf, (Fingerprint, T)>,
    ) -> Vec<(PathBuf, Option<T>)> {
        let before = self.by_root.remove(root).unwrap_or_default();
        let files: BTreeSet<PathBuf> = now.keys().cloned().collect();
        let clear = fingerprint(&[]);
        let mut out = Vec::new();
        for (file, (print, diagnostics)) in now {
            if self.sent.insert(file.clone(), print) != Some(print) {
                out.push((file, Some(diagnostics)));
            }
        }
        for gone in before.difference(&files) {
            if self.sent.insert(gone.clone(), clear) != Some(clear) {
                out.push((gone.clone(), None));
            }
        }
        self.by_root.insert(root.to_path_buf(), files);
        out
    }

    /// Forgets what was sent for `file` (closed: the editor drops its
    /// diagnostics or gets new ones, which must then be sent).
    pub fn forget(&mut self, file: &Path) {
        self.sent.remove(file);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Range, Severity};

    fn diagnostic(message: &str) -> Diagnostic {
        Diagnostic {
            range: Range::default(),
            severity: Severity::Warning,
            code: "X".into(),
            source: "tmc",
            message: message.into(),
            related: Vec::new(),
            link: None,
        }
    }

    /// `files` as a compilation gives them: (name, messages).
    fn now(files: &[(&str, &[&str])]) -> BTreeMap<PathBuf, (Fingerprint, Vec<Diagnostic>)> {
        files
            .iter()
            .map(|(name, messages)| {
                let all: Vec<Diagnostic> = messages.iter().map(|m| diagnostic(m)).collect();
                (PathBuf::from(name), (fingerprint(&all), all))
            })
            .collect()
    }

    fn names(sent: &[(PathBuf, Option<Vec<Diagnostic>>)]) -> Vec<String> {
        sent.iter()
            .map(|(p, d)| format!("{} ({})", p.display(), d.as_ref().map_or(0, Vec::len)))
            .collect()
    }

    #[test]
    fn only_files_whose_diagnostics_changed_are_sent() {
        let mut p = Published::default();
        let root = Path::new("/m/main.tm");
        let first = p.plan(
            root,
            now(&[("/m/main.tm", &["a", "b"]), ("/m/part.tm", &[])]),
        );
        assert_eq!(names(&first), ["/m/main.tm (2)", "/m/part.tm (0)"]);
        // The same again: nothing to send.
        let same = p.plan(
            root,
            now(&[("/m/main.tm", &["a", "b"]), ("/m/part.tm", &[])]),
        );
        assert!(same.is_empty());
        // One file changes (a message, or only the order).
        let changed = p.plan(
            root,
            now(&[("/m/main.tm", &["b", "a"]), ("/m/part.tm", &[])]),
        );
        assert_eq!(names(&changed), ["/m/main.tm (2)"]);
    }

    #[test]
    fn a_file_no_longer_read_is_cleared_once() {
        let mut p = Published::default();
        let root = Path::new("/m/main.tm");
        p.plan(root, now(&[("/m/main.tm", &[]), ("/m/part.tm", &["x"])]));
        let dropped = p.plan(root, now(&[("/m/main.tm", &[])]));
        assert_eq!(names(&dropped), ["/m/part.tm (0)"]);
        p.plan(root, now(&[("/m/main.tm", &["y"]), ("/m/part.tm", &[])]));
        // Dropped again while it is clear already: nothing to clear.
        let again = p.plan(root, now(&[("/m/main.tm", &["y"])]));
        assert!(again.is_empty());
    }

    #[test]
    fn a_forgotten_file_is_sent_again() {
        let mut p = Published::default();
        let root = Path::new("/m/main.tm");
        p.plan(root, now(&[("/m/main.tm", &["a"])]));
        p.forget(Path::new("/m/main.tm"));
        let again = p.plan(root, now(&[("/m/main.tm", &["a"])]));
        assert_eq!(names(&again), ["/m/main.tm (1)"]);
    }
}
