//! The files the editor has open, with their unsaved text and version, and
//! the file system the compiler reads through: open buffers first, then the
//! disk, through the compiler's `RealFs` (regular files only, opened
//! without blocking, so an imported FIFO is a diagnostic, not a server that
//! hangs).

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};

use tmc_compiler::{FileSystem, RealFs};

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
