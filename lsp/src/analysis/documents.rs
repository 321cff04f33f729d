//! The files the editor has open, with their unsaved text and version, and
//! the file system the compiler reads through: open buffers first, then the
//! disk, through the compiler's `RealFs` (regular files only, opened
//! without blocking, so an imported FIFO is a diagnostic, not a server that
//! hangs).

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};

use tmc_compiler::{FileSystem, RealFs};

use super::lines::LineIndex;
use super::Range;

/// One change to a document's text, as the editor sends it: `range`
/// replaced by `text`, or the whole text when there is no range.
#[derive(Clone, Debug, PartialEq)]
pub struct Edit {
    pub range: Option<Range>,
    pub text: String,
}

/// A snapshot is cheap enough to take per compilation (a model of a
/// thousand elements is about 100 KB of text).
#[derive(Clone, Default)]
pub struct Documents {
    open: HashMap<PathBuf, String>,
    /// The editor's version of each open document.
    versions: HashMap<PathBuf, i32>,
}

impl Documents {
    /// Records the text of `path` at `version`, unless the document is
    /// already at a later version (a change handled out of order); returns
    /// whether the text was taken.
    pub fn open(&mut self, path: PathBuf, text: String, version: i32) -> bool {
        if self.versions.get(&path).is_some_and(|v| *v > version) {
            return false;
        }
        self.versions.insert(path.clone(), version);
        self.open.insert(path, text);
        true
    }

    /// Applies `edits` in order to the text of the open document `path`,
    /// which is then at `version`; returns whether they were taken. They
    /// are not when the document is not open or is at `version` or later
    /// already: applied to another text than the editor's, they would
    /// make the two differ from then on. A range past the end of a line
    /// or of the text is clamped to it (positions count UTF-16 units).
    pub fn edit(&mut self, path: &Path, edits: Vec<Edit>, version: i32) -> bool {
        if self.versions.get(path).is_none_or(|v| *v >= version) {
            return false;
        }
        let Some(text) = self.open.get_mut(path) else {
            return false;
        };
        for edit in edits {
            match edit.range {
                None => *text = edit.text,
                Some(range) => {
                    let (start, end) = {
                        let index = LineIndex::new(text);
                        (index.offset(range.start), index.offset(range.end))
                    };
                    text.replace_range(start..end.max(start), &edit.text);
                }
            }
        }
        self.versions.insert(path.to_path_buf(), version);
        true
    }

    /// The editor's version of an open document.
    pub fn version(&self, path: &Path) -> Option<i32> {
        self.versions.get(path).copied()
    }

    pub fn close(&mut self, path: &Path) {
        self.open.remove(path);
        self.versions.remove(path);
    }

    pub fn text(&self, path: &Path) -> Option<&str> {
        self.open.get(path).map(String::as_str)
    }

    pub fn paths(&self) -> impl Iterator<Item = &PathBuf> {
        self.open.keys()
    }
}

impl FileSystem for Documents {
    fn read(&self, path: &Path) -> io::Result<String> {
        match self.open.get(path) {
            Some(text) => Ok(text.clone()),
            None => RealFs.read(path),
        }
    }

    fn identity(&self, path: &Path) -> PathBuf {
        if self.open.contains_key(path) {
            return path.to_path_buf();
        }
        RealFs.identity(path)
    }

    fn real_path(&self, path: &Path) -> Option<PathBuf> {
        RealFs.real_path(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Position;

    fn at(line: u32, character: u32) -> Position {
        Position::new(line, character)
    }

    fn edit(from: Position, to: Position, text: &str) -> Edit {
        Edit {
            range: Some(Range::new(from, to)),
            text: text.into(),
        }
    }

    fn open(text: &str) -> (Documents, PathBuf) {
        let mut docs = Documents::default();
        let path = PathBuf::from("/m.tm");
        docs.open(path.clone(), text.into(), 1);
        (docs, path)
    }

    #[test]
    fn ranges_are_replaced_in_order_counting_utf16_units() {
        let (mut docs, path) = open("Actor a \"😀 user\"\nServer s\n");
        let edits = vec![
            // After the emoji (two UTF-16 units) and its space.
            edit(at(0, 12), at(0, 16), "admin"),
            // Then, on the text as changed: a new line between the two.
            edit(at(1, 0), at(1, 0), "Actor b\n"),
            // And a deletion across the line break.
            edit(at(0, 18), at(1, 0), "\n\n"),
        ];
        assert!(docs.edit(&path, edits, 2));
        assert_eq!(
            docs.text(&path),
            Some("Actor a \"😀 admin\"\n\nActor b\nServer s\n")
        );
        assert_eq!(docs.version(&path), Some(2));
    }

    #[test]
    fn a_change_without_range_is_the_whole_text_and_ranges_past_the_end_are_clamped() {
        let (mut docs, path) = open("Actor a\n");
        let whole = Edit {
            range: None,
            text: "Server s".into(),
        };
        assert!(docs.edit(&path, vec![whole], 2));
        assert!(docs.edit(&path, vec![edit(at(0, 99), at(7, 0), " { }")], 3));
        assert_eq!(docs.text(&path), Some("Server s { }"));
    }

    #[test]
    fn a_change_that_is_not_newer_or_to_a_closed_document_is_refused() {
        let (mut docs, path) = open("Actor a\n");
        assert!(docs.edit(&path, vec![edit(at(0, 0), at(0, 0), "// x\n")], 5));
        assert!(!docs.edit(&path, vec![edit(at(0, 0), at(0, 0), "// y\n")], 5));
        assert!(!docs.edit(&path, vec![edit(at(0, 0), at(0, 0), "// z\n")], 4));
        assert_eq!(docs.text(&path), Some("// x\nActor a\n"));
        assert!(!docs.edit(Path::new("/other.tm"), Vec::new(), 9));
    }
}
