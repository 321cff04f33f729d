//! The files the editor has open, with their unsaved text, and the file
//! system the compiler reads through: open buffers first, then the disk.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};

use tmc_compiler::{FileSystem, RealFs};

#[derive(Default)]
pub struct Documents {
    open: HashMap<PathBuf, String>,
}

impl Documents {
    pub fn open(&mut self, path: PathBuf, text: String) {
        self.open.insert(path, text);
    }

    pub fn close(&mut self, path: &Path) {
        self.open.remove(path);
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
}
