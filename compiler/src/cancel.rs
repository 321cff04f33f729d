//! Stopping a compilation whose result nobody wants any more: the
//! language server cancels the compile of a root when a newer edit of it
//! arrives. The compiler looks at the token between phases and, at a
//! coarse grain, in its longest loops; a cancelled compilation returns
//! early, marked `cancelled`, and its partial result is not to be used.
//! The command line never cancels.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// A flag shared by whoever may cancel and the compilation; clones share
/// it. The default is a fresh token that nobody has cancelled.
#[derive(Clone, Debug, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    /// Asks the compilations holding this token (or a clone) to stop.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    pub(crate) fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use std::io;
    use std::path::{Path, PathBuf};

    use super::Cancel;
    use crate::{compile_clean, compile_with, findings, Compilation, FileSystem, OneFile, Options};

    const MODEL: &str = "model \"M\" { description = \"d\" }\nServer s \"S\"\nActor u \"U\"\nflow u -> s \"f\" { protocol = \"HTTP\" }\n";

    fn compile(options: &Options, fs: &dyn FileSystem) -> Compilation {
        compile_with(&[PathBuf::from("m.tm")], options, fs)
    }

    fn phases(c: &Compilation) -> Vec<&'static str> {
        c.timings.iter().map(|(phase, _)| *phase).collect()
    }

    #[test]
    fn clones_share_the_flag() {
        let token = Cancel::default();
        let held = token.clone();
        assert!(!held.is_cancelled());
        token.cancel();
        assert!(held.is_cancelled());
        assert!(!Cancel::default().is_cancelled(), "a new token is not");
    }

    #[test]
    fn a_cancelled_compile_stops_after_reading() {
        let options = Options::default();
        let whole = compile(&options, &OneFile(MODEL));
        assert!(!whole.cancelled);
        assert!(whole.findings.is_some_and(|f| !f.is_empty()));
        options.cancel.cancel();
        let c = compile(&options, &OneFile(MODEL));
        assert!(c.cancelled);
        assert!(c.model.is_none() && c.findings.is_none());
        assert_eq!(phases(&c), ["read and parse"]);
    }

    /// A file system that cancels the compilation reading from it.
    struct Cancelling<'a>(&'a Cancel);

    impl FileSystem for Cancelling<'_> {
        fn read(&self, _: &Path) -> io::Result<String> {
            self.0.cancel();
            Ok(MODEL.to_string())
        }
    }

    #[test]
    fn a_compile_cancelled_while_it_runs_stops_at_the_next_phase() {
        let options = Options::default();
        let c = compile(&options, &Cancelling(&options.cancel));
        assert!(c.cancelled);
        assert!(c.model.is_none() && c.findings.is_none());
        assert_eq!(phases(&c), ["read and parse"]);
    }

    #[test]
    fn cancelled_rule_evaluation_stops_between_objects() {
        let (c, model) = compile_clean(MODEL);
        let run = |cancel: &Cancel| {
            findings::analyze(&model, &c.library, None, &[], cancel, &mut Vec::new()).findings
        };
        assert!(!run(&Cancel::default()).is_empty());
        let cancelled = Cancel::default();
        cancelled.cancel();
        assert!(run(&cancelled).is_empty());
    }
}
